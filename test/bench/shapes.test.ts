import { buildShape, SHAPES } from "../../bench/shapes";
import { Engine } from "../../src/engine/check";

// The fixture library's consistency checks (planned_values = after, prior_state = before, joins by
// value, configuration blocks and references, AWS-managed ARNs that exist).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { checkPlan } = require("../fixtures/plans/lib/check") as {
  checkPlan: (plan: unknown, expected: unknown) => string[];
};

/**
 * The benchmark's plan shapes (bench/shapes.js): each plan holds exactly the instances asked for
 * and bulkhead reports exactly the planted BH001/BH002 findings, by address. Timings are never
 * asserted here; `npm run bench` measures them at 10 000 and 50 000 instances.
 */
describe("bench plan shapes", () => {
  const engine = Engine.loadSync();

  it("has every shape issue 12 asks for", () => {
    expect(SHAPES).toEqual(["modules", "foreach", "groups", "managed", "statements", "unknown", "bh006"]);
  });

  it.each(SHAPES)("%s: 1 000 instances, consistent, exactly the planted findings", (shape) => {
    const { plan, expected } = buildShape(shape, 1000);
    expect(expected.instances).toBe(1000);
    expect(checkPlan(plan, { description: shape, semantics: "bench", findings: [] })).toEqual([]);
    expect(expected.findings.total + expected.bh006).toBeGreaterThan(0);
    const report = engine.check(Buffer.from(JSON.stringify(plan)), { name: shape });
    const got = report.findings
      .filter((f) => f.ruleId === "BH001" || f.ruleId === "BH002")
      .map((f) => `${f.ruleId} ${f.address}`)
      .sort();
    expect(got).toEqual(expected.expected.map((f) => `${f.ruleId} ${f.address}`).sort());
    // Deterministic: the same plan again.
    expect(JSON.stringify(buildShape(shape, 1000).plan)).toBe(JSON.stringify(plan));
  });

  it("designs the BH006 shape to produce five BH006 findings per planted chain", () => {
    const { expected } = buildShape("bh006", 1000);
    expect(expected.chains).toBeGreaterThan(0);
    expect(expected.bh006).toBe(5 * expected.chains);
  });

  it("bh006: BH006 reports the findings the shape is designed to produce", () => {
    const { plan, expected } = buildShape("bh006", 1000);
    const report = engine.check(Buffer.from(JSON.stringify(plan)), { name: "bh006" });
    expect(report.findings.filter((f) => f.ruleId === "BH006")).toHaveLength(expected.bh006);
  });
});
