/**
 * The HTML reports the browser test opens and the documentation's screenshots show: the bundled
 * example plan (BH001–BH004), a BH002 fixture whose force-MFA Deny was weakened, a BH006 example
 * of the rule (a CI role and its GitHub token reaching admin and deletion), two plans as one
 * report set, a finding whose picture has over 100 nodes, and a report full of markup in plan
 * strings. Every one is built the way `bulkhead check -f html` builds it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Engine, reportSet } from "../src/engine/check";
import { findingGraph } from "../src/engine/graph";
import type { Evidence, Finding, Report, ReportSet } from "../src/engine/types";
import { render } from "../src/report";

const root = join(__dirname, "..");

export interface Example {
  name: string;
  report: Report | ReportSet;
  html: string;
}

/** Every finding, whatever the example, in document order. */
export function findingsOf(r: Report | ReportSet): Finding[] {
  return "reports" in r ? r.reports.flatMap((p) => p.findings) : r.findings;
}

/** As the engine does: each finding carries the graph built from its evidence. */
function withGraphs(report: Report): Report {
  return { ...report, findings: report.findings.map((f) => ({ ...f, graph: findingGraph(f) })) };
}

/** A BH006 report of the rule itself: a CI role (and its GitHub token) reaching both powers. */
export function bh006Report(): Report {
  const file = join(
    root,
    "policies/rules/bh006_credential_reach/examples/bad/ci_role_assumes_iam_admin_and_snapshot_deleter.json",
  );
  return Engine.loadSync().check(readFileSync(file), { name: "ci-role.plan.json" });
}

/** One BH001 finding whose principal reaches 30 policies through 30 attachments and 6 groups: over 100 nodes. */
function largeReport(base: Report): Report {
  const evidence: Evidence[] = [];
  for (let i = 0; i < 30; i++) {
    const group = i % 4 === 0 ? undefined : `aws_iam_group.team_${i % 6}`;
    const attachment = `aws_iam_group_policy_attachment.team_${i}`;
    evidence.push({
      grants: i % 2 === 0 ? "admin" : "backup",
      policy: `aws_iam_policy.duty_${i}`,
      statement: `Duty${i}`,
      via:
        group === undefined
          ? `aws_iam_user_policy_attachment.direct_${i}`
          : `${attachment} (group ${group} via aws_iam_user_group_membership.platform_${i % 6})`,
      actions: i % 2 === 0 ? ["iam:PutUserPolicy"] : ["backup:DeleteRecoveryPoint", "ec2:DeleteSnapshot"],
    });
  }
  const f: Finding = {
    ...base.findings[0],
    address: "aws_iam_user.platform",
    principal: "platform",
    message: "platform can change IAM permissions and delete backups through 30 policies",
    evidence,
  };
  return withGraphs({ ...base, source: { ...base.source, path: "large.plan.json" }, findings: [f] });
}

/** Plan strings are attacker-controlled: addresses, names, messages, evidence full of markup. */
function hostileReport(base: Report): Report {
  const address = 'aws_iam_user.x["<script>alert(1)</script>"]';
  const f: Finding = {
    ...base.findings[0],
    address,
    principal: '"><img src=x onerror=alert(2)>',
    message: "</p><script>alert(3)</script><a href='javascript:alert(4)'>x</a> & \u0007bell",
    evidence: [
      {
        grants: "admin",
        policy: "<svg onload=alert(5)>",
        statement: "</text><script>alert(6)</script>",
        via: `aws_iam_policy_attachment.y (group aws_iam_group.<b>g</b> via <style>*{display:none}</style>)`,
        actions: ["iam:<i>Put</i>"],
      },
    ],
  };
  return withGraphs({
    ...base,
    source: { ...base.source, path: "<iframe src=//example.com>.json" },
    findings: [f],
    waivers: [
      {
        ruleId: "BH005",
        principal: "<script>alert(7)</script>",
        reason: "</td><script>alert(8)</script> reason",
        expires: "2027-01-01",
        approvedBy: "<b>lead</b>",
        status: "stale",
        findings: 0,
      },
    ],
  });
}

export function examples(): Example[] {
  const engine = Engine.loadSync();
  const rules = engine.rules();
  const check = (path: string): Report =>
    engine.check(readFileSync(join(root, path)), { name: path, now: new Date("2026-06-01T00:00:00Z") });
  const codeSpaces = check("examples/code-spaces.plan.json");
  const bh002 = check("test/fixtures/plans/bh002/gate-boolifexists-to-bool.json");
  const reports: [string, Report | ReportSet][] = [
    ["code-spaces", codeSpaces],
    ["bh002", bh002],
    ["bh006", bh006Report()],
    ["set", reportSet([codeSpaces, bh002])],
    ["large", largeReport(codeSpaces)],
    ["hostile", hostileReport(codeSpaces)],
  ];
  return reports.map(([name, report]) => ({ name, report, html: render(report, "html", { color: false, rules }) }));
}
