import { join } from "node:path";
import { BulkheadError } from "../../src/engine/errors";
import { readPlan, realPlansDir, sharedEngine } from "../helpers/engine";

const engine = sharedEngine();

function refusal(text: string | Buffer): BulkheadError {
  try {
    engine.check(typeof text === "string" ? Buffer.from(text) : text, { name: "plan.json" });
  } catch (e) {
    if (e instanceof BulkheadError) return e;
    throw e;
  }
  throw new Error("the input was accepted");
}

describe("bad input is refused with one line naming the cause", () => {
  const valid = readPlan(join(realPlansDir, "regula__admin_policy_infra.json")).toString();
  it.each([
    ["an empty file", "", /plan\.json is empty/],
    ["not JSON", "resource_changes: []", /not valid JSON/],
    ["truncated JSON", valid.slice(0, valid.length / 2), /not valid JSON/],
    ["a JSON array", "[]", /holds an array, not a plan object/],
    ["a JSON string", '"plan"', /holds a string/],
    ["a state file", '{"format_version":"1.0","terraform_version":"1.5.0","values":{"root_module":{}}}', /is a state/],
    ["no format_version", '{"resource_changes":[]}', /no format_version/],
    ["format_version 2", '{"format_version":"2.0","resource_changes":[]}', /format_version "2\.0"/],
    [
      "resource_changes not a list",
      '{"format_version":"1.2","resource_changes":{}}',
      /resource_changes is an object, expected a list/,
    ],
    [
      "a change without actions",
      '{"format_version":"1.2","resource_changes":[{"address":"a.b","type":"a","name":"b","change":{}}]}',
      /change\.actions/,
    ],
    [
      "a change whose after is a string",
      '{"format_version":"1.2","resource_changes":[{"address":"a.b","type":"a","name":"b","change":{"actions":["create"],"after":"x"}}]}',
      /change\.after is a string/,
    ],
    ["planned_values a list", '{"format_version":"1.2","planned_values":[]}', /planned_values is an array/],
  ])("%s", (_, text, message) => {
    const error = refusal(text);
    expect(error.kind).toBe("input");
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain("\n");
  });

  it("refuses bytes that are not UTF-8", () => {
    const error = refusal(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    expect(error.message).toMatch(/not UTF-8/);
  });
});

describe("a policy string that is not valid JSON", () => {
  it("makes that policy unknown, not the input invalid", () => {
    const plan = {
      format_version: "1.2",
      resource_changes: [
        {
          address: "aws_iam_role.r",
          mode: "managed",
          type: "aws_iam_role",
          name: "r",
          change: {
            actions: ["create"],
            before: null,
            after: { name: "r", assume_role_policy: "{}" },
            after_unknown: {},
          },
        },
        {
          address: "aws_iam_role_policy.p",
          mode: "managed",
          type: "aws_iam_role_policy",
          name: "p",
          change: {
            actions: ["create"],
            before: null,
            after: { role: "r", name: "p", policy: "{not json" },
            after_unknown: {},
          },
        },
      ],
    };
    const report = engine.check(Buffer.from(JSON.stringify(plan)));
    expect(report.findings.map((f) => [f.ruleId, f.verdict, f.address])).toEqual([
      ["BH001", "unknown", "aws_iam_role.r"],
    ]);
    expect(report.findings[0].evidence).toContainEqual(
      expect.objectContaining({ grants: "unknown", reason: "policy is not valid JSON" }),
    );
    expect(report.summary.unverifiableDocuments).toBe(1);
  });
});
