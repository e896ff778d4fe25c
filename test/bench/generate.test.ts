import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generate } from "../../bench/generate";
import { Engine } from "../../src/engine/check";

// The fixture library's consistency checks (planned_values = after, prior_state = before, joins by
// value, configuration blocks and references, AWS-managed ARNs that exist).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { checkPlan } = require("../fixtures/plans/lib/check") as {
  checkPlan: (plan: unknown, expected: unknown) => string[];
};

/**
 * The benchmark's plan generator (bench/generate.js): the 100-instance plan holds exactly the
 * planted BH001/BH002 violations. Timings are never asserted here; `npm run bench` measures.
 */
describe("bench plan generator", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "bulkhead-bench-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes exactly 100 instances, deterministically, in a consistent plan", () => {
    const a = generate(100, join(dir, "a"));
    const b = generate(100, join(dir, "b"));
    expect(readFileSync(a.file)).toEqual(readFileSync(b.file));
    const plan = JSON.parse(readFileSync(a.file, "utf8"));
    expect(plan.format_version).toBe("1.2");
    const readAtPlan = a.expected.composition.actions["read-at-plan"] ?? 0;
    expect(plan.resource_changes.length + readAtPlan).toBe(100);
    const labelled = a.expected.expected.map((f) => ({ ...f, verdict: "violation", status: "new" }));
    expect(checkPlan(plan, { description: "bench", semantics: "bench", findings: labelled })).toEqual([]);
  });

  it("plants BH001 and BH002 violations that the engine finds exactly", () => {
    const g = generate(100, join(dir, "c"));
    expect(g.expected.findings.BH001).toBeGreaterThanOrEqual(4);
    expect(g.expected.findings.BH002).toBeGreaterThanOrEqual(2);
    const report = Engine.loadSync().check(readFileSync(g.file), { name: g.file });
    for (const rule of ["BH001", "BH002"]) {
      const found = report.findings.filter((f) => f.ruleId === rule).map((f) => f.address);
      const planted = g.expected.expected.filter((f) => f.ruleId === rule).map((f) => f.address);
      expect(found.sort()).toEqual(planted.sort());
      expect(found).toHaveLength(g.expected.findings[rule as "BH001" | "BH002"]);
    }
  });
});
