#!/usr/bin/env node
"use strict";
/**
 * Named plan shapes for the benchmarks, built with the fixture library (test/fixtures/plans/lib:
 * the plan builder, schemas, documents and ARNs the labelled fixtures and the evasion corpus use),
 * so every plan is internally consistent the same way (planned_values, prior_state, configuration
 * with references, unknown values).
 *
 *   node bench/shapes.js --shapes modules,groups --size 10000 --out .bench/plans
 *
 * Each shape repeats one unit (a few principals and what they hold) until the plan holds exactly
 * `size` resource instances (SQS queues fill the rest) and plants a known number of BH001/BH002
 * findings; `expected.findings` gives them by rule and address, and `expected.bh006` the number
 * of BH006 ("credential reach") findings a shape is designed to produce once that rule exists.
 *
 * Shapes:
 *   modules     one module call per unit (not for_each): a role with a customer policy attached by
 *               an ARN unknown until apply (joined by configuration reference) and ReadOnlyAccess,
 *               a group with an inline policy, a user in that group, a bucket and a queue
 *   foreach     the same unit as instances of one module call with for_each
 *   groups      many users, memberships (both kinds), group inline policies and attachments
 *   managed     roles and users with several AWS managed policies each
 *   statements  customer policies of 20 statements each
 *   unknown     ARNs and documents unknown until apply: new roles, policies and buckets joined by
 *               references, documents from data sources read only at apply
 *   bh006       role chains: roles whose trust policies name other roles' ARNs, roles allowed
 *               sts:AssumeRole on the next role, users with iam:PassRole (on the first role, which
 *               Lambda may assume) + lambda:CreateFunction
 */
const fs = require("node:fs");
const path = require("node:path");
const { Plan } = require("../test/fixtures/plans/lib/plan-builder");
const { UNKNOWN, ref, jsonencode, blocks } = require("../test/fixtures/plans/lib/dsl");
const {
  MANAGED,
  doc,
  allow,
  role,
  user,
  group,
  policy,
  roleArn,
  attachRole,
  attachGroup,
  arnOf,
} = require("../test/fixtures/plans/lib/aws");
const { ACCOUNT } = require("../test/fixtures/plans/lib/constants");

/** How often a unit is planted with a finding (every PLANT-th unit). */
const PLANT = 25;

/** The first role of a chain runs as a Lambda function: what iam:PassRole + lambda:CreateFunction reach. */
const TRUST_LAMBDA = doc({ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "lambda.amazonaws.com" } });

const ESCALATE_AND_DELETE = allow(["iam:PutRolePolicy", "ec2:DeleteSnapshot"]);
const READ_MANAGED = [
  MANAGED.readOnly,
  "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
  "arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess",
  "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
  "arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess",
  "arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess",
];

/** Counts what a shape plants. */
class Planted {
  constructor() {
    this.findings = { BH001: [], BH002: [] };
    this.bh006 = 0;
    this.chains = 0;
  }
  add(ruleId, address) {
    this.findings[ruleId].push(address);
  }
}

const bucketArn = (name) => `arn:aws:s3:::${name}`;

/** The unit of `modules` and `foreach`: 10 instances in module instance `mod`. */
function serviceUnit(p, planted, mod, i, bad) {
  const name = `svc-${i}`;
  const o = { mod: [mod] };
  const address = (local) => `module.${mod}.${local}`;
  p.create("aws_iam_role", "r", role(name), o);
  p.create(
    "aws_iam_policy",
    "p",
    policy(
      `${name}-access`,
      doc(
        allow(["s3:GetObject", "s3:PutObject"], `${bucketArn(`acme-${name}-data`)}/*`),
        ...(bad ? [ESCALATE_AND_DELETE] : []),
      ),
    ),
    o,
  );
  p.create("aws_iam_role_policy_attachment", "custom", attachRole("r", name, arnOf("p", UNKNOWN)), o);
  p.create("aws_iam_role_policy_attachment", "read", attachRole("r", name, MANAGED.readOnly), o);
  p.create("aws_iam_group", "g", group(`${name}-devs`), o);
  p.create(
    "aws_iam_group_policy",
    "g",
    {
      name: `${name}-devs`,
      group: ref("aws_iam_group.g.name", `${name}-devs`),
      policy: jsonencode(doc(allow("sqs:SendMessage", `arn:aws:sqs:eu-west-1:${ACCOUNT}:${name}-jobs`))),
    },
    o,
  );
  p.create("aws_iam_user", "u", user(`${name}-dev`), o);
  p.create(
    "aws_iam_user_group_membership",
    "u",
    { user: ref("aws_iam_user.u.name", `${name}-dev`), groups: [ref("aws_iam_group.g.name", `${name}-devs`)] },
    o,
  );
  p.create("aws_s3_bucket", "data", { bucket: `acme-${name}-data` }, o);
  p.create("aws_sqs_queue", "jobs", { name: `${name}-jobs` }, o);
  if (bad) planted.add("BH001", address("aws_iam_role.r"));
  return 10;
}

const SHAPES = {
  modules: {
    unit: 10,
    build(p, planted, units) {
      for (let i = 0; i < units; i++) {
        p.moduleCall([`svc_${i}`], { source: "./modules/service" });
        serviceUnit(p, planted, `svc_${i}`, i, i % PLANT === PLANT - 1);
      }
    },
  },
  foreach: {
    unit: 10,
    build(p, planted, units) {
      p.moduleCall(["svc"], { source: "./modules/service", forEach: ref("var.services", {}) });
      for (let i = 0; i < units; i++) serviceUnit(p, planted, `svc["s${i}"]`, i, i % PLANT === PLANT - 1);
    },
  },
  groups: {
    // a group, its inline policy and an attachment, 6 users each in it and in staff (both kinds)
    unit: 15,
    build(p, planted, units) {
      p.create("aws_iam_group", "staff", group("staff"));
      p.create("aws_iam_group_policy", "staff", {
        name: "staff",
        group: ref("aws_iam_group.staff.name", "staff"),
        policy: jsonencode(doc(allow(["iam:GetUser", "iam:ListMFADevices"]))),
      });
      for (let i = 0; i < units; i++) {
        const g = `team_${i}`;
        const bad = i % PLANT === PLANT - 1;
        p.create("aws_iam_group", g, group(`team-${i}`));
        p.create("aws_iam_group_policy", g, {
          name: `team-${i}`,
          group: ref(`aws_iam_group.${g}.name`, `team-${i}`),
          policy: jsonencode(doc(allow(["s3:GetObject", "s3:ListBucket"], bucketArn(`acme-team-${i}`)))),
        });
        p.create(
          "aws_iam_group_policy_attachment",
          g,
          attachGroup(g, `team-${i}`, bad ? MANAGED.admin : MANAGED.readOnly),
        );
        if (bad) planted.add("BH001", `aws_iam_group.${g}`);
        const members = [];
        for (let k = 0; k < 6; k++) {
          const u = `u_${i}_${k}`;
          members.push(u);
          p.create("aws_iam_user", u, user(`user-${i}-${k}`));
          if (bad) planted.add("BH001", `aws_iam_user.${u}`);
        }
        for (const u of members.slice(0, 5)) {
          p.create("aws_iam_user_group_membership", u, {
            user: ref(`aws_iam_user.${u}.name`, `user-${u.slice(2).replace("_", "-")}`),
            groups: [ref(`aws_iam_group.${g}.name`, `team-${i}`), ref("aws_iam_group.staff.name", "staff")],
          });
        }
        p.create("aws_iam_group_membership", g, {
          name: `team-${i}-extra`,
          group: ref(`aws_iam_group.${g}.name`, `team-${i}`),
          users: [ref(`aws_iam_user.${members[5]}.name`, `user-${i}-5`)],
        });
      }
    },
    fixed: 2,
  },
  managed: {
    // a role with 4 AWS managed policies, a user with 3
    unit: 9,
    build(p, planted, units) {
      for (let i = 0; i < units; i++) {
        const bad = i % PLANT === PLANT - 1;
        p.create("aws_iam_role", `r${i}`, role(`reader-${i}`));
        const arns = bad
          ? [MANAGED.iamFull, MANAGED.backupFull, MANAGED.readOnly, READ_MANAGED[1]]
          : READ_MANAGED.slice(i % 3, (i % 3) + 4);
        arns.forEach((arn, k) =>
          p.create("aws_iam_role_policy_attachment", `r${i}_${k}`, attachRole(`r${i}`, `reader-${i}`, arn)),
        );
        if (bad) planted.add("BH001", `aws_iam_role.r${i}`);
        p.create("aws_iam_user", `u${i}`, user(`analyst-${i}`));
        READ_MANAGED.slice((i + 1) % 4, ((i + 1) % 4) + 3).forEach((arn, k) =>
          p.create("aws_iam_user_policy_attachment", `u${i}_${k}`, {
            user: ref(`aws_iam_user.u${i}.name`, `analyst-${i}`),
            policy_arn: arn,
          }),
        );
      }
    },
  },
  statements: {
    // a customer policy of 20 statements, a role, the attachment, a bucket and a queue
    unit: 5,
    build(p, planted, units) {
      const services = ["s3", "sqs", "dynamodb", "logs", "kms", "sns", "ssm", "lambda"];
      for (let i = 0; i < units; i++) {
        const bad = i % PLANT === PLANT - 1;
        const statements = Array.from({ length: 20 }, (_, k) => {
          const svc = services[k % services.length];
          return allow(
            [`${svc}:Get*`, `${svc}:List*`, `${svc}:Describe*`],
            `arn:aws:${svc}:eu-west-1:${ACCOUNT}:app-${i}-${k}*`,
            { Sid: `S${k}` },
          );
        });
        if (bad) statements[17] = allow(["iam:*", "backup:DeleteRecoveryPoint"], "*", { Sid: "S17" });
        p.create("aws_iam_role", `r${i}`, role(`app-${i}`));
        p.create("aws_iam_policy", `p${i}`, policy(`app-${i}`, doc(...statements)));
        p.create("aws_iam_role_policy_attachment", `a${i}`, attachRole(`r${i}`, `app-${i}`, arnOf(`p${i}`, UNKNOWN)));
        p.create("aws_s3_bucket", `b${i}`, { bucket: `acme-app-${i}-0` });
        p.create("aws_sqs_queue", `q${i}`, { name: `app-${i}` });
        if (bad) planted.add("BH001", `aws_iam_role.r${i}`);
      }
    },
  },
  unknown: {
    // a new bucket, a document read at apply that names it, a new policy from it, a new role,
    // the attachment by unknown ARN, an inline role policy from a second deferred document
    unit: 7,
    build(p, planted, units) {
      for (let i = 0; i < units; i++) {
        const bad = i % PLANT === PLANT - 1;
        p.create("aws_s3_bucket", `b${i}`, { bucket: `acme-app-${i}` });
        const bucket = ref(`aws_s3_bucket.b${i}.arn`, UNKNOWN);
        p.dataDeferred("aws_iam_policy_document", `d${i}`, {
          statement: blocks({ actions: ["s3:GetObject", "s3:PutObject"], resources: [bucket] }),
        });
        p.create("aws_iam_policy", `p${i}`, {
          name: `app-${i}`,
          policy: ref(`data.aws_iam_policy_document.d${i}.json`, UNKNOWN),
        });
        p.create("aws_iam_role", `r${i}`, role(`app-${i}`));
        p.create("aws_iam_role_policy_attachment", `a${i}`, attachRole(`r${i}`, `app-${i}`, arnOf(`p${i}`, UNKNOWN)));
        p.dataDeferred("aws_iam_policy_document", `inline${i}`, {
          statement: blocks({
            actions: bad ? ["iam:PutRolePolicy", "ec2:DeleteSnapshot"] : ["sqs:SendMessage"],
            resources: [ref(`aws_s3_bucket.b${i}.arn`, UNKNOWN)],
          }),
        });
        p.create("aws_iam_role_policy", `r${i}`, {
          name: `app-${i}`,
          role: ref(`aws_iam_role.r${i}.name`, `app-${i}`),
          policy: ref(`data.aws_iam_policy_document.inline${i}.json`, UNKNOWN),
        });
        if (bad) planted.add("BH001", `aws_iam_role.r${i}`);
      }
    },
  },
  bh006: {
    // a chain of 4 roles (each trusts the one before by ARN and may assume the next), their
    // inline policies, a user allowed iam:PassRole on the first + lambda:CreateFunction
    unit: 10,
    build(p, planted, units) {
      for (let i = 0; i < units; i++) {
        const bad = i % PLANT === PLANT - 1;
        const names = [0, 1, 2, 3].map((k) => `chain-${i}-${k}`);
        names.forEach((name, k) => {
          const trust =
            k === 0
              ? TRUST_LAMBDA
              : doc({ Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: roleArn(names[k - 1]) } });
          p.create("aws_iam_role", `c${i}_${k}`, role(name, { assume_role_policy: jsonencode(trust) }));
          // A planted chain splits the duty the way BH001 wants (chain-2 deletes snapshots, chain-3
          // administers IAM), and the chain joins them again: BH006, not BH001.
          const grants =
            k < 3
              ? doc(
                  allow("sts:AssumeRole", roleArn(names[k + 1])),
                  allow(bad && k === 2 ? ["logs:PutLogEvents", "ec2:DeleteSnapshot"] : "logs:PutLogEvents"),
                )
              : doc(bad ? allow(["iam:*"]) : allow(["s3:GetObject"], bucketArn(`acme-chain-${i}/*`)));
          p.create("aws_iam_role_policy", `c${i}_${k}`, {
            name,
            role: ref(`aws_iam_role.c${i}_${k}.name`, name),
            policy: jsonencode(grants),
          });
        });
        p.create("aws_iam_user", `deployer${i}`, user(`deployer-${i}`));
        p.create("aws_iam_user_policy", `deployer${i}`, {
          name: `deployer-${i}`,
          user: ref(`aws_iam_user.deployer${i}.name`, `deployer-${i}`),
          policy: jsonencode(doc(allow("iam:PassRole", roleArn(names[0])), allow("lambda:CreateFunction"))),
        });
        if (bad) {
          // BH006: the deployer (a function it creates runs as chain-0), chain-0, -1 and -2 reach
          // chain-2's snapshot deletion and chain-3's IAM administration; chain-3 (iam:*) mints
          // the deployer's key and so reaches the deletion: five sources per planted chain.
          planted.bh006 += 5;
          planted.chains += 1;
        }
      }
    },
  },
};

const NAMES = Object.keys(SHAPES);

/** A plan of exactly `size` instances of the shape, and what it plants. */
function buildShape(name, size) {
  const shape = SHAPES[name];
  if (!shape) throw new Error(`unknown shape ${name} (${NAMES.join(", ")})`);
  const p = new Plan();
  const planted = new Planted();
  const units = Math.max(1, Math.floor((size - (shape.fixed ?? 0)) / shape.unit));
  shape.build(p, planted, units);
  for (let k = p.items.length; k < size; k++) p.create("aws_sqs_queue", `fill_${k}`, { name: `fill-${k}` });
  const plan = p.build();
  const instances = plan.resource_changes.length + countData(plan.prior_state?.values?.root_module, plan);
  return {
    plan,
    expected: {
      shape: name,
      instances,
      findings: {
        BH001: planted.findings.BH001.length,
        BH002: planted.findings.BH002.length,
        total: planted.findings.BH001.length + planted.findings.BH002.length,
      },
      expected: [
        ...planted.findings.BH001.map((address) => ({ ruleId: "BH001", address })),
        ...planted.findings.BH002.map((address) => ({ ruleId: "BH002", address })),
      ],
      bh006: planted.bh006,
      chains: planted.chains,
    },
  };
}

/** Data sources read while planning (they show only in prior_state). */
function countData(root, plan) {
  const changed = new Set(plan.resource_changes.map((rc) => rc.address));
  let n = 0;
  const walk = (m) => {
    if (!m) return;
    for (const r of m.resources ?? []) if (r.mode === "data" && !changed.has(r.address)) n++;
    (m.child_modules ?? []).forEach(walk);
  };
  walk(root);
  return n;
}

/** Writes DIR/shape-NAME-SIZE.json and .expected.json; returns their paths. */
function writeShape(name, size, dir) {
  fs.mkdirSync(dir, { recursive: true });
  const { plan, expected } = buildShape(name, size);
  const file = path.join(dir, `shape-${name}-${size}.json`);
  fs.writeFileSync(file, JSON.stringify(plan));
  fs.writeFileSync(file.replace(/\.json$/, ".expected.json"), `${JSON.stringify(expected, null, 2)}\n`);
  return { file, expected: file.replace(/\.json$/, ".expected.json") };
}

function main(argv) {
  const arg = (flag, fallback) => {
    const k = argv.indexOf(flag);
    return k >= 0 ? argv[k + 1] : fallback;
  };
  const names = arg("--shapes", NAMES.join(",")).split(",");
  const size = Number(arg("--size", "10000"));
  const dir = arg("--out", ".bench/plans");
  for (const name of names) {
    const t = Date.now();
    const { file } = writeShape(name, size, dir);
    process.stdout.write(
      `${file}: ${(fs.statSync(file).size / 2 ** 20).toFixed(1)} MiB (${((Date.now() - t) / 1000).toFixed(1)} s)\n`,
    );
  }
}

if (require.main === module) main(process.argv.slice(2));

module.exports = { SHAPES: NAMES, buildShape, writeShape, PLANT };
