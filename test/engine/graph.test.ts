/**
 * finding.graph: the picture of each finding, built from its evidence (src/engine/graph.ts).
 * Exact pictures for each rule's shapes of evidence, the hand-made BH006 report (its evidence
 * follows the BH006 rule's announced shape), and invariants over every labelled fixture plan.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ADMIN, BACKUP, findingGraph, resourceKind } from "../../src/engine/graph";
import type { Finding, FindingGraph, Report } from "../../src/engine/types";
import { readPlan, root, sharedEngine } from "../helpers/engine";

const edges = (g: FindingGraph) =>
  g.edges.map((e) => `${e.from} -${e.kind}${e.certain === false ? "?" : ""}-> ${e.to}`);
const node = (g: FindingGraph, id: string) => g.nodes.find((n) => n.id === id);

function check(path: string): Report {
  return sharedEngine().check(readPlan(join(root, path)), { name: path });
}

function finding(path: string, ruleId: string, address: string): Finding {
  const f = check(path).findings.find((x) => x.ruleId === ruleId && x.address === address);
  if (f === undefined) throw new Error(`no ${ruleId} ${address} in ${path}`);
  return f;
}

describe("BH001: principal, memberships, attachments, policies, statements, capabilities", () => {
  test("through a group: user → membership → group → attachment → policy → statement → admin, backup", () => {
    const f = finding("examples/code-spaces.plan.json", "BH001", "aws_iam_user.ops_admin");
    const policy = "policy:arn:aws:iam::aws:policy/AdministratorAccess";
    const statement = "statement:arn:aws:iam::aws:policy/AdministratorAccess:#0";
    expect(f.graph).toEqual(findingGraph(f));
    expect(edges(f.graph!)).toEqual([
      "aws_iam_user.ops_admin -member-> aws_iam_user_group_membership.ops_admin",
      "aws_iam_user_group_membership.ops_admin -member-> aws_iam_group.operators",
      "aws_iam_group.operators -attached-> aws_iam_group_policy_attachment.operators_admin",
      `aws_iam_group_policy_attachment.operators_admin -attaches-> ${policy}`,
      `${policy} -contains-> ${statement}`,
      `${statement} -grants-> ${ADMIN}`,
      `${statement} -grants-> ${BACKUP}`,
    ]);
    expect(node(f.graph!, "aws_iam_user.ops_admin")).toEqual({
      id: "aws_iam_user.ops_admin",
      kind: "principal",
      label: "ops-admin",
      detail: "aws_iam_user.ops_admin",
    });
    expect(f.graph!.edges.filter((e) => e.kind === "grants").map((e) => e.label)).toEqual(["23 actions", "46 actions"]);
  });

  test("an inline policy hangs on the principal itself", () => {
    const f = finding("test/fixtures/plans/bh001/role-inline-policy-block.json", "BH001", "aws_iam_role.etl");
    expect(f.graph!.edges.filter((e) => e.from === "aws_iam_role.etl").map((e) => e.kind)).toEqual(["inline"]);
    expect(f.graph!.nodes.filter((n) => n.kind === "attachment")).toEqual([]);
  });

  test("unknown verdict: the unreadable policy may grant the capability that is not certain", () => {
    const f = finding(
      "test/fixtures/plans/bh001/policy-json-unknown-until-apply.json",
      "BH001",
      "aws_iam_role.reporting",
    );
    expect(f.verdict).toBe("unknown");
    const unknown = f.graph!.nodes.filter((n) => n.kind === "unknown");
    expect(unknown.map((n) => n.label)).toEqual(["aws_iam_role_policy.reports"]);
    expect(unknown[0].detail).toMatch(/unknown until apply/);
    expect(edges(f.graph!)).toContain(`policy:aws_iam_role_policy.reports -may-grant?-> ${ADMIN}`);
    expect(edges(f.graph!).some((e) => e.endsWith(`-grants-> ${BACKUP}`))).toBe(true);
  });
});

describe("BH002: before and after, side by side", () => {
  test("a force-MFA Deny weakened: both sides keep the chain, after ends in what is missing", () => {
    const f = finding("test/fixtures/plans/bh002/gate-boolifexists-to-bool.json", "BH002", "aws_iam_group.developers");
    const g = f.graph!;
    expect(new Set(g.nodes.map((n) => n.state))).toEqual(new Set(["before", "after"]));
    expect(node(g, "before:statement:aws_iam_policy.force_mfa:DenyAllExceptListedIfNoMFA")?.detail).toBe(
      "force-MFA Deny (BoolIfExists: every request)",
    );
    expect(node(g, "after:statement:aws_iam_policy.force_mfa:DenyAllExceptListedIfNoMFA")?.detail).toBe(
      "force-MFA Deny (Bool: console sessions only)",
    );
    expect(node(g, "before:requirement:requires MFA")?.kind).toBe("requirement");
    expect(node(g, "after:requirement:weaker or no MFA")?.kind).toBe("missing");
    for (const e of g.edges) expect(node(g, e.from)?.state).toBe(node(g, e.to)?.state);
  });

  test("a Deny no longer reaching the group: after, nothing but the missing requirement", () => {
    const f = finding("examples/code-spaces.plan.json", "BH002", "aws_iam_group.operators");
    expect(edges(f.graph!).filter((e) => e.startsWith("after:"))).toEqual([
      "after:aws_iam_group.operators -requires-> after:requirement:no MFA requirement",
    ]);
  });

  test("a new trust statement without MFA, and a switch turned off", () => {
    const trust = finding(
      "test/fixtures/plans/bh002/trust-policy-new-account-without-mfa.json",
      "BH002",
      "aws_iam_role.breakglass",
    );
    expect(edges(trust.graph!).sort()).toEqual(
      [
        "before:aws_iam_role.breakglass -requires-> before:requirement:every AWS principal needed MFA",
        "after:statement:aws_iam_role.breakglass:AuditAccount -requires-> after:requirement:lets in without MFA",
        "after:aws_iam_role.breakglass -contains-> after:statement:aws_iam_role.breakglass:AuditAccount",
      ].sort(),
    );
    const cognito = finding(
      "test/fixtures/plans/bh002/cognito-mfa-on-to-optional.json",
      "BH002",
      "aws_cognito_user_pool.customers",
    );
    expect(cognito.graph!.nodes.map((n) => n.label)).toContain("mfa_configuration: off");
    expect(cognito.graph!.nodes.map((n) => n.label)).toContain("MFA on");
  });
});

describe("BH003–BH005: the resource and what it lacks", () => {
  test("BH003: one missing node per gap, with the gap's detail", () => {
    const f = finding("examples/code-spaces.plan.json", "BH003", "aws_backup_vault.prod");
    expect(f.graph!.nodes.map((n) => `${n.kind} ${n.label}`).sort()).toEqual([
      "missing no deny delete policy",
      "missing no vault lock",
      "resource prod",
    ]);
    expect(f.graph!.nodes.filter((n) => n.kind === "missing").every((n) => (n.detail ?? "").length > 0)).toBe(true);
  });

  test("BH004: a person without a force-MFA Deny; a role open to people without MFA", () => {
    const user = finding("examples/code-spaces.plan.json", "BH004", "aws_iam_user.ops_admin");
    expect(edges(user.graph!)).toEqual(["aws_iam_user.ops_admin -missing-> missing:requirement"]);
    const role = finding(
      "test/fixtures/plans/bh002/trust-policy-data-document-condition-removed.json",
      "BH004",
      "aws_iam_role.admin_access",
    );
    expect(edges(role.graph!)).toEqual([
      "aws_iam_role.admin_access -contains-> statement:aws_iam_role.admin_access:Humans",
      "statement:aws_iam_role.admin_access:Humans -missing-> missing:mfa-condition",
    ]);
  });

  test("BH005: the user holds the key, which lacks an expiry", () => {
    const f = finding(
      "test/fixtures/plans/bh004/console-user-with-access-key.json",
      "BH005",
      "aws_iam_access_key.frank",
    );
    expect(edges(f.graph!)).toEqual([
      "aws_iam_user.frank -holds-> aws_iam_access_key.frank",
      "aws_iam_access_key.frank -missing-> missing:aws_iam_access_key.frank",
    ]);
  });
});

describe("BH006 (hand-made report; its evidence follows the shape the BH006 rule announced)", () => {
  const report = (
    JSON.parse(readFileSync(join(root, "test/report/bh006-hand-made.json"), "utf8")) as { report: Report }
  ).report;
  const g = findingGraph(report.findings[0]);

  test("the path from the credential through each step, labelled with its kind and via", () => {
    expect(edges(g).slice(0, 4)).toEqual([
      "federated:token.actions.githubusercontent.com -assume-> aws_iam_role.ci",
      "aws_iam_role.ci -assume-> aws_iam_role.deployer",
      "aws_iam_role.deployer -pass?-> aws_iam_role.ops_admin",
      "aws_iam_role.deployer -mint-> aws_iam_user.backup_operator",
    ]);
    expect(g.edges[1].label).toBe("assume: identity aws_iam_policy.ci AssumeDeployer; trust aws_iam_role.deployer #0");
    expect(node(g, "federated:token.actions.githubusercontent.com")?.kind).toBe("source");
  });

  test("each endpoint reaches its capability through its own policies", () => {
    const into = (to: string) => g.edges.filter((e) => e.to === to).map((e) => e.from);
    expect(into(ADMIN)).toEqual(["statement:arn:aws:iam::aws:policy/AdministratorAccess:#0"]);
    expect(into(BACKUP)).toEqual(["statement:aws_iam_policy.backup_cleanup:Cleanup"]);
    expect(edges(g)).toContain("aws_iam_role.ops_admin -attached-> aws_iam_role_policy_attachment.ops_admin");
    expect(edges(g)).toContain("aws_iam_user.backup_operator -member-> aws_iam_group_membership.backup_operators");
  });

  test("a step certain on one path is certain", () => {
    const twice = findingGraph({
      ...report.findings[0],
      evidence: [
        {
          grants: "path",
          reaches: "admin",
          principal: "b",
          steps: [{ edge: "assume", from: "a", to: "b", certain: false }],
        },
        {
          grants: "path",
          reaches: "backup",
          principal: "b",
          steps: [{ edge: "assume", from: "a", to: "b", certain: true }],
        },
      ] as unknown as Finding["evidence"],
    });
    expect(twice.edges.filter((e) => e.kind === "assume")).toEqual([
      { from: "a", to: "b", kind: "assume", label: "assume" },
    ]);
  });
});

test("another rule: the subject and one node per evidence entry", () => {
  const g = findingGraph({
    ruleId: "BH999",
    address: "aws_s3_bucket.x",
    principal: "x",
    verdict: "violation",
    evidence: [{ grants: "public-read", policy: "aws_s3_bucket_policy.x", statement: "Open" }],
  });
  expect(edges(g)).toEqual(["aws_s3_bucket.x -public-read-> evidence:0"]);
  expect(node(g, "evidence:0")?.label).toBe("aws_s3_bucket_policy.x statement Open");
});

test("resourceKind names the principal types and skips module paths", () => {
  expect(resourceKind("module.a.aws_iam_role.x")).toBe("role");
  expect(resourceKind("before:aws_iam_group.g")).toBe("group");
  expect(resourceKind('aws_s3_bucket.b["k"]')).toBe("s3 bucket");
  expect(resourceKind("federated:x")).toBe("resource");
});

test("every finding of every labelled fixture plan has a well-formed graph", () => {
  const dir = join(root, "test", "fixtures", "plans");
  const plans = readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".json") && !f.endsWith(".expected.json") && !f.startsWith("lib"))
    .sort();
  let findings = 0;
  for (const plan of plans) {
    let report: Report;
    try {
      report = check(join("test", "fixtures", "plans", plan));
    } catch {
      continue; // fixtures of bad input
    }
    for (const f of report.findings) {
      findings++;
      const g = f.graph!;
      const ids = g.nodes.map((n) => n.id);
      expect([plan, new Set(ids).size]).toEqual([plan, ids.length]);
      for (const e of g.edges) expect([plan, ids.includes(e.from), ids.includes(e.to)]).toEqual([plan, true, true]);
      expect([plan, g.edges.length > 0]).toEqual([plan, true]);
      const subject =
        f.ruleId === "BH002" ? `after:${f.address}` : f.ruleId === "BH005" ? f.evidence[0].via : f.address;
      expect([plan, ids]).toEqual([plan, expect.arrayContaining([subject])]);
      if (f.ruleId === "BH001") expect([plan, ids]).toEqual([plan, expect.arrayContaining([ADMIN, BACKUP])]);
    }
  }
  expect(findings).toBeGreaterThan(100);
});
