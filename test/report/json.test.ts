import Ajv from "ajv";
import type { Report } from "../../src/engine/types";
import { formatJson } from "../../src/report/json";
import schema from "../../schemas/report.schema.json";
import { REPORTS, RULES } from "./reports";

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
    expect(Object.keys(JSON.parse(output))).toEqual(["schemaVersion", "tool", "source", "findings", "summary"]);
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
        findings: [{ ...finding, evidence: [{ grants: "root" }] }],
      },
      { ...REPORTS.empty, extra: true },
    ];
    for (const report of broken) {
      expect(validate(JSON.parse(JSON.stringify(report)))).toBe(false);
    }
  });
});
