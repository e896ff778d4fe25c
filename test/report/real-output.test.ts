/**
 * The schemas against real output: every real plan, every rule example and the bundled example
 * plan, checked by the engine (with waivers and an exemption, so those fields appear), then
 * formatted as JSON and SARIF and validated against report.schema.json and the SARIF 2.1.0 schema.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import reportSchema from "../../schemas/report.schema.json";
import sarifSchema from "../../schemas/sarif-2.1.0.json";
import { reportSet } from "../../src/engine/check";
import type { Report } from "../../src/engine/types";
import { formatJson, formatJsonSet } from "../../src/report/json";
import { formatSarif, formatSarifSet } from "../../src/report/sarif";
import { readPlan, realPlans, realPlansDir, root, sharedEngine } from "../helpers/engine";

const validateReport = new Ajv({ allErrors: true, strict: true }).compile(reportSchema);
const validateSarif = new Ajv({
  allErrors: true,
  strict: false,
  formats: {
    uri: (s: string) => URL.canParse(s),
    "uri-reference": (s: string) => /^(?:[^\s<>"{}|\\^`%]|%[0-9A-Fa-f]{2})*$/.test(s),
    "date-time": (s: string) => !Number.isNaN(Date.parse(s)),
  },
}).compile(sarifSchema);

function examplePlans(): string[] {
  const rulesDir = join(root, "policies", "rules");
  return readdirSync(rulesDir, { recursive: true, encoding: "utf8" })
    .filter((f) => /[\\/]examples[\\/](good|bad)[\\/][^\\/]+\.json$/.test(f))
    .map((f) => join(rulesDir, f))
    .sort();
}

const plans = [
  join(root, "examples", "code-spaces.plan.json"),
  ...realPlans().map((f) => join(realPlansDir, f)),
  ...examplePlans(),
];
const engine = sharedEngine();
const ruleIds = engine.rules().map((r) => r.id);
const options = { color: false, rules: engine.rules(), docsBaseUrl: "https://bulkhead.example/rules" };
const checkOptions = {
  waivers: ruleIds.map((ruleId) => ({
    ruleId,
    address: "aws_iam_*",
    reason: "Accepted while the account is split, ticket SEC-1",
    expires: "2099-12-31",
    approvedBy: "security",
  })),
  config: { exemptions: [{ principal: "ops*", reason: "Operations break-glass by design" }] },
};

const reports: Report[] = plans.map((p) =>
  engine.check(readPlan(p), { ...checkOptions, name: p.slice(root.length + 1) }),
);

test.each(reports.map((r) => [r.source.path, r] as const))("%s: JSON and SARIF validate", (_path, report) => {
  const json: unknown = JSON.parse(formatJson(report, options));
  expect(validateReport(json) ? [] : validateReport.errors).toEqual([]);
  const sarif: unknown = JSON.parse(formatSarif(report, options));
  expect(validateSarif(sarif) ? [] : validateSarif.errors).toEqual([]);
});

test("the real output exercises waivers, exemptions and several rules", () => {
  const findings = reports.flatMap((r) => r.findings);
  expect(findings.some((f) => f.waiver?.refused)).toBe(true);
  expect(findings.some((f) => f.exemption !== undefined)).toBe(true);
  expect(new Set(findings.map((f) => f.ruleId)).size).toBeGreaterThan(1);
});

test("all of them as one report set: JSON and SARIF validate", () => {
  const set = reportSet(reports);
  expect(validateReport(JSON.parse(formatJsonSet(set, options))) ? [] : validateReport.errors).toEqual([]);
  expect(validateSarif(JSON.parse(formatSarifSet(set, options))) ? [] : validateSarif.errors).toEqual([]);
});
