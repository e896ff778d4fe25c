import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { prefilter } from "../../src/engine/prefilter";
import { CompiledPolicy } from "../../src/engine/policy";
import { projectPlans, root, sharedEngine } from "../helpers/engine";

/**
 * The pre-filter (resources no rule reads are dropped before the wasm) changes no finding and no
 * summary count, on every plan the project has: rule examples, labelled fixtures, the evasion
 * corpus, the bundled example and the real plans.
 */
const plans = projectPlans();

/**
 * Plans the pre-filter changes the report of today (run with it.failing: delete the entry when
 * fixed). The same plans are known failures of test/engine/fixtures.test.ts.
 */
const KNOWN_FAILURES: Record<string, string> = {};

describe("pre-filter", () => {
  const engine = sharedEngine();

  it("covers every plan of the project", () => {
    expect(plans.length).toBeGreaterThan(300);
  });

  describe.each(plans.map((p) => relative(root, p)))("%s", (name) => {
    const test = KNOWN_FAILURES[name] ? it.failing : it;
    test("same report with and without it", () => {
      const bytes = readFileSync(join(root, name));
      const filtered = engine.check(bytes, { name });
      const whole = engine.check(bytes, { name, prefilter: false });
      expect(filtered).toEqual(whole);
    });
  });

  it("lists only existing plans as known failures", () => {
    expect(Object.keys(KNOWN_FAILURES).filter((n) => !plans.includes(join(root, n)))).toEqual([]);
  });

  it("drops what no rule reads and keeps the module structure", () => {
    const relevance = CompiledPolicy.loadSync().relevance();
    const plan = {
      format_version: "1.2",
      resource_changes: [
        { address: "aws_instance.web", type: "aws_instance" },
        { address: "aws_iam_role.r", type: "aws_iam_role" },
        { address: "aws_s3_bucket.b", type: "aws_s3_bucket" },
      ],
      configuration: {
        root_module: {
          resources: [{ address: "aws_instance.web", type: "aws_instance" }],
          module_calls: {
            m: {
              source: "./m",
              module: { resources: [{ address: "aws_iam_policy.p", type: "aws_iam_policy" }], outputs: { arn: {} } },
            },
          },
        },
      },
    };
    const out = prefilter(plan, relevance) as typeof plan;
    expect(out.resource_changes.map((r) => r.address)).toEqual(["aws_iam_role.r", "aws_s3_bucket.b"]);
    expect(out.configuration.root_module.resources).toEqual([]);
    expect(out.configuration.root_module.module_calls.m.module).toEqual({
      resources: [{ address: "aws_iam_policy.p", type: "aws_iam_policy" }],
      outputs: { arn: {} },
      module_calls: {},
    });
  });
});
