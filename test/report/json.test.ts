import Ajv from "ajv";
import type { Report } from "../../src/engine/types";
import { formatJson, formatJsonSet } from "../../src/report/json";
import schema from "../../schemas/report.schema.json";
import { REPORTS, RULES, SETS } from "./reports";

const options = { color: false, rules: RULES };
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

/** The same value with every object's keys in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reversedKeys(v)]),
  );
}

describe("json format", () => {
  test.each(Object.entries(REPORTS))("%s: is the report, validated by the schema", (_name, report) => {
    const output = formatJson(report, options);
    expect(output.endsWith("}\n")).toBe(true);
    const parsed: unknown = JSON.parse(output);
    expect(parsed).toEqual(report);
    expect(validate(parsed)).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
  });

  test("keys come in the contract's order, whatever order the engine built", () => {
    const scrambled = reversedKeys(REPORTS.unknown) as Report;
    const output = formatJson(scrambled, options);
    expect(output).toBe(formatJson(REPORTS.unknown, options));
    expect(Object.keys(JSON.parse(output))).toEqual([
      "schemaVersion",
      "tool",
      "source",
      "findings",
      "waivers",
      "summary",
    ]);
    expect(output).toBe(JSON.stringify(REPORTS.unknown, null, 2) + "\n");
  });

  test("drops what the contract does not name", () => {
    const extra = { ...REPORTS.empty, debug: { wasmMs: 12 } } as Report;
    expect(formatJson(extra, options)).toBe(formatJson(REPORTS.empty, options));
  });

  test("the schema rejects reports that break the contract", () => {
    const finding = REPORTS.blocked.findings[1];
    const broken: unknown[] = [
      { ...REPORTS.empty, schemaVersion: 2 },
      {
        ...REPORTS.empty,
        summary: { ...REPORTS.empty.summary, unverifiableDocuments: -1 },
      },
      { ...REPORTS.blocked, findings: [{ ...finding, verdict: "maybe" }] },
      { ...REPORTS.blocked, findings: [{ ...finding, waiver: undefined }] },
      { ...REPORTS.blocked, findings: [{ ...finding, blocking: true }] },
      {
        ...REPORTS.blocked,
        findings: [{ ...finding, evidence: [{ grants: "Root Access" }] }],
      },
      { ...REPORTS.empty, extra: true },
      { ...REPORTS.empty, waivers: undefined },
      { ...REPORTS.empty, summary: { ...REPORTS.empty.summary, staleWaivers: undefined } },
    ];
    for (const report of broken) {
      expect(validate(JSON.parse(JSON.stringify(report)))).toBe(false);
    }
  });

  test("the schema holds waivers and exemptions to their meaning", () => {
    const [exempt, waived, refused] = REPORTS.waivers.findings;
    const [refusedUse, staleUse] = REPORTS.waivers.waivers;
    const withFinding = (f: object): unknown => ({ ...REPORTS.waivers, findings: [f] });
    const withWaiver = (w: object): unknown => ({ ...REPORTS.waivers, waivers: [w] });
    const broken: unknown[] = [
      withFinding({ ...exempt, blocking: true }),
      withFinding({ ...exempt, exemption: { reason: exempt.exemption?.reason } }),
      withFinding({ ...waived, waiver: { ...waived.waiver, refused: true } }),
      withFinding({ ...refused, waived: true, blocking: false }),
      withFinding({ ...refused, enforcement: "soft-mandatory" }),
      withFinding({ ...waived, waiver: { ...waived.waiver, reason: "ok" } }),
      withFinding({ ...waived, waiver: { ...waived.waiver, expires: "31.12.2026" } }),
      withWaiver({ ...staleUse, findings: 1 }),
      withWaiver({ ...refusedUse, findings: 0 }),
      withWaiver({ ...refusedUse, status: "ignored" }),
      withWaiver({ ...refusedUse, principal: undefined }),
    ];
    expect(validate(JSON.parse(formatJson(REPORTS.waivers, options)))).toBe(true);
    for (const report of broken) {
      expect(validate(JSON.parse(JSON.stringify(report)))).toBe(false);
    }
  });
});

describe("json format over several plans", () => {
  test.each(Object.entries(SETS))("%s: one Report per plan, validated by the schema", (_name, set) => {
    const parsed: unknown = JSON.parse(formatJsonSet(set, options));
    expect(parsed).toEqual(set);
    expect(validate(parsed)).toBe(true);
    expect(Object.keys(parsed as object)).toEqual(["schemaVersion", "tool", "reports", "waivers", "summary"]);
  });

  test("each report of a set is itself a valid single-plan report", () => {
    for (const report of SETS.plans.reports) expect(validate(JSON.parse(formatJson(report, options)))).toBe(true);
  });

  test("the set summary and waivers are judged over every plan", () => {
    const { summary, waivers } = SETS.plans;
    expect(summary).toEqual({
      blocked: true,
      plans: 2,
      blockedPlans: 1,
      findings: 4,
      blocking: 1,
      waived: 2,
      exempted: 1,
      staleWaivers: 1,
    });
    expect(waivers.map((w) => [w.status, w.findings])).toEqual([
      ["refused", 1],
      ["applied", 1],
      ["applied", 1],
      ["stale", 0],
    ]);
  });

  test("the schema rejects a set of one plan and a set with extra keys", () => {
    const broken: unknown[] = [
      { ...SETS.plans, reports: [SETS.plans.reports[0]] },
      { ...SETS.plans, extra: 1 },
      { ...SETS.plans, summary: { ...SETS.plans.summary, plans: -1 } },
    ];
    for (const set of broken) expect(validate(JSON.parse(JSON.stringify(set)))).toBe(false);
  });
});
