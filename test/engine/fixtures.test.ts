import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Finding } from "../../src/engine/types";
import { readPlan, root, sharedEngine, summaryLines } from "../helpers/engine";

/**
 * Labelled fixtures (test/fixtures/plans/<rule>/<case>.json, in the exact terraform show -json
 * format) with the findings their rule demands next to each (<case>.expected.json).
 */
interface Expected {
  description: string;
  semantics: string;
  findings: {
    ruleId: string;
    address: string;
    verdict: string;
    status: string;
    /** BH006: the shortest paths, each step "<edge> <principal>" ([] when the source has it). */
    paths?: { admin: string[]; backup: string[] };
  }[];
}

const dir = join(root, "test/fixtures/plans");
/** bh001/ and bh002/ list every BH001 and BH002 finding (semantics.md labels both together). */
const LABELLED_RULES = new Set(["BH001", "BH002"]);
const SUITES = ["bh001", "bh002", "bh003", "bh004", "bh005", "bh006"];
/** bh003/ and later list every finding of the rule the folder is named after, and only those. */
const labelledRules = (suite: string): Set<string> =>
  LABELLED_RULES.has(suite.toUpperCase()) ? LABELLED_RULES : new Set([suite.toUpperCase()]);
/** Minimum positive / negative cases per suite. */
const MINIMUM: Record<string, [number, number]> = {
  bh001: [10, 5],
  bh002: [10, 5],
  bh003: [8, 4],
  bh004: [6, 5],
  bh005: [5, 4],
  bh006: [25, 15],
};

/**
 * Cases the engine mislabels today, kept with the label the reference semantics demand and run
 * with it.failing (they start failing the suite the day the engine is fixed: then delete the
 * entry). Listed with their diagnosis in the fixtures' README, "Known disagreements".
 */
export const KNOWN_FAILURES: Record<string, string> = {};

/** A BH006 finding's path to `what` as "<edge> <principal>" steps (null when it has none). */
function pathOf(finding: Finding, what: "admin" | "backup"): string[] | null {
  const e = finding.evidence.find((x) => x.grants === "path" && x.reaches === what);
  return e ? (e.steps ?? []).map((s) => `${s.edge} ${s.to}`) : null;
}

const cases = SUITES.flatMap((suite) =>
  existsSync(join(dir, suite))
    ? readdirSync(join(dir, suite))
        .filter((f) => f.endsWith(".expected.json"))
        .sort()
        .map((f) => `${suite}/${f.replace(/\.expected\.json$/, "")}`)
    : [],
);

describe("labelled plan fixtures", () => {
  const engine = sharedEngine();

  it.each(SUITES)("has positive and negative cases for %s", (suite) => {
    const rule = suite.toUpperCase();
    const mine = cases
      .filter((c) => c.startsWith(`${suite}/`))
      .map((c) => load(c).findings.filter((f) => f.ruleId === rule).length);
    const [positive, negative] = MINIMUM[suite];
    expect(mine.filter((n) => n > 0).length).toBeGreaterThanOrEqual(positive);
    expect(mine.filter((n) => n === 0).length).toBeGreaterThanOrEqual(negative);
  });

  it("are exactly what their generator writes (node test/fixtures/plans/build.js)", () => {
    expect(() => execFileSync(process.execPath, [join(dir, "build.js"), "--check"], { stdio: "pipe" })).not.toThrow();
  });

  it("lists only existing cases as known failures", () => {
    expect(Object.keys(KNOWN_FAILURES).filter((n) => !cases.includes(n))).toEqual([]);
  });

  describe.each(cases)("%s", (name) => {
    const test = KNOWN_FAILURES[name] ? it.failing : it;
    test("gives exactly the labelled findings (and BH006 paths)", () => {
      const expected = load(name);
      const rules = labelledRules(name.split("/")[0]);
      const report = engine.check(readPlan(join(dir, `${name}.json`)), { name });
      const labelled = report.findings.filter((f) => rules.has(f.ruleId));
      expect(summaryLines(labelled)).toEqual(summaryLines(expected.findings.filter((f) => rules.has(f.ruleId))));
      for (const want of expected.findings.filter((f) => f.paths)) {
        const got = labelled.find((f) => f.ruleId === want.ruleId && f.address === want.address) as Finding;
        expect([want.address, pathOf(got, "admin"), pathOf(got, "backup")]).toEqual([
          want.address,
          want.paths?.admin,
          want.paths?.backup,
        ]);
      }
    });
  });
});

function load(name: string): Expected {
  return JSON.parse(readFileSync(join(dir, `${name}.expected.json`), "utf8")) as Expected;
}
