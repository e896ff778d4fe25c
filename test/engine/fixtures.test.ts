import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { readPlan, root, sharedEngine, summaryLines } from "../helpers/engine";

/**
 * Labelled fixtures (test/fixtures/plans/<rule>/<case>.json, in the exact terraform show -json
 * format) with the findings semantics.md demands next to each (<case>.expected.json).
 */
interface Expected {
  description: string;
  semantics: string;
  findings: { ruleId: string; address: string; verdict: string; status: string }[];
}

const dir = join(root, "test/fixtures/plans");
/** The fixtures list every finding of these rules (other rules are tested elsewhere). */
const LABELLED_RULES = new Set(["BH001", "BH002"]);
const cases = ["bh001", "bh002"].flatMap((rule) =>
  existsSync(join(dir, rule))
    ? readdirSync(join(dir, rule))
        .filter((f) => f.endsWith(".expected.json"))
        .sort()
        .map((f) => `${rule}/${f.replace(/\.expected\.json$/, "")}`)
    : [],
);

describe("labelled plan fixtures", () => {
  const engine = sharedEngine();

  it("has positive and negative cases for both rules", () => {
    for (const rule of ["bh001", "bh002"]) {
      const mine = cases.filter((c) => c.startsWith(`${rule}/`)).map((c) => load(c).findings.length);
      expect(mine.filter((n) => n > 0).length).toBeGreaterThanOrEqual(10);
      expect(mine.filter((n) => n === 0).length).toBeGreaterThanOrEqual(5);
    }
  });

  it("are exactly what their generator writes (node test/fixtures/plans/build.js)", () => {
    expect(() => execFileSync(process.execPath, [join(dir, "build.js"), "--check"], { stdio: "pipe" })).not.toThrow();
  });

  it.each(cases)("%s", (name) => {
    const expected = load(name);
    const report = engine.check(readPlan(join(dir, `${name}.json`)), { name });
    const labelled = report.findings.filter((f) => LABELLED_RULES.has(f.ruleId));
    expect(summaryLines(labelled)).toEqual(summaryLines(expected.findings));
  });
});

function load(name: string): Expected {
  return JSON.parse(readFileSync(join(dir, `${name}.expected.json`), "utf8")) as Expected;
}
