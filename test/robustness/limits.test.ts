import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanCwd, ensureBuilt, expectCleanError, expectReport, realPlansDir, runCli, type CliRun } from "./helpers";

/**
 * Inputs found by the fuzzer and the evasion work that break the engine today, each pinned by a
 * test: it.failing for the behaviour the contract demands (it starts failing the day the bug is
 * fixed: then make it a plain `it`), plain `it` for what must hold even now (a time bound, one
 * line on stderr). Diagnosis in docs/robustness.md.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Plan } = require("../fixtures/plans/lib/plan-builder");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { jsonencode } = require("../fixtures/plans/lib/dsl");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const A = require("../fixtures/plans/lib/aws");

let planCount = 0;

/** One role whose inline policy lists these action patterns plus iam:Put*Policy and ec2:Delete*shot. */
function planWithPatterns(patterns: string[]): string {
  const p = new Plan();
  p.create("aws_iam_role", "wide", A.role("wide"));
  p.create("aws_iam_role_policy", "wide", {
    role: A.roleName("wide", "wide"),
    name: "wide",
    policy: jsonencode(A.doc(A.allow([...patterns, "iam:Put*Policy", "ec2:Delete*shot"]))),
  });
  const file = join(cleanCwd(), `patterns-${(planCount += 1)}.json`);
  writeFileSync(file, JSON.stringify(p.build()));
  return file;
}

const range = (n: number, f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i));

const isViolation = (r: CliRun): boolean =>
  r.code === 1 &&
  JSON.parse(r.stdout.toString("utf8")).findings.some(
    (f: { ruleId: string; address: string; verdict: string }) =>
      f.ruleId === "BH001" && f.address === "aws_iam_role.wide" && f.verdict === "violation",
  );

beforeAll(() => ensureBuilt(), 120_000);

describe("many distinct wildcard patterns in one plan (OPA wasm regex cache)", () => {
  // ~100 distinct glob patterns in one evaluation overflow the 100-entry regex cache of OPA's
  // wasm runtime (wasm/src/regex.cc: on a cache hit with a full cache, reuse() can delete the
  // RE2 object it is about to re-insert): the evaluation hangs, traps or fails an RE2 assertion.
  let hang: CliRun;
  beforeAll(() => {
    hang = runCli(["check", planWithPatterns(range(100, (i) => `a*${i}`)), "-f", "json", "--timeout", "3"], {
      timeoutMs: 30_000,
    });
  }, 40_000);

  it("--timeout bounds the evaluation: the process ends, with a verdict or one line on stderr", () => {
    expect(hang.timedOut).toBe(false);
    expect(hang.ms).toBeLessThan(15_000);
    if (hang.code === 2) expectCleanError(hang);
    else expectReport(hang);
  });

  it("100 patterns a*0 … a*99: caught (exit 1, BH001 violation) within the bound", () => {
    expect(isViolation(hang)).toBe(true);
  });

  it("120 patterns *Get*0 … *Get*119: caught, not an internal error", () => {
    const r = runCli(["check", planWithPatterns(range(120, (i) => `*Get*${i}`)), "-f", "json", "--timeout", "10"]);
    expect(isViolation(r)).toBe(true);
  });

  it("90 patterns: caught (below the cache size)", () => {
    const r = runCli(["check", planWithPatterns(range(90, (i) => `a*${i}`)), "-f", "json", "--timeout", "10"]);
    expect(isViolation(r)).toBe(true);
  });
});

describe("input the validator and the wasm read differently", () => {
  // validatePlan decodes with TextDecoder (which drops a UTF-8 byte order mark) and accepts the
  // plan; the wasm gets the raw bytes, fails to parse them, and evaluates an empty input: exit 0,
  // "resources": 0, on a plan that violates BH001 (fail-open).
  it("a UTF-8 byte order mark before the plan: refused, or read as the plan", () => {
    const plan = readFileSync(join(realPlansDir, "regula__admin_policy_infra.json"));
    const file = join(cleanCwd(), "bom.json");
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), plan]));
    const r = runCli(["check", file, "-f", "json"]);
    if (r.code !== 2) {
      const report = expectReport(r);
      expect(report.summary.blocked).toBe(true);
    } else expectCleanError(r);
  });
});

describe("error messages that echo the input", () => {
  // Found by npm run fuzz (seed 20261126, iteration 13387): a format_version of 6 million
  // whitespace characters hung the check. The refusal message quotes format_version, and the
  // BulkheadError constructor collapses line breaks with message.replace(/\s*\n\s*/g, " "),
  // which backtracks quadratically over a long run of whitespace without a newline (100 000
  // spaces: 6.6 s; 200 000: ≈ 26 s).
  it("a format_version of 200 000 spaces is refused within 4 s, in one short line", () => {
    const file = join(cleanCwd(), "long-version.json");
    writeFileSync(file, JSON.stringify({ format_version: " ".repeat(200_000), resource_changes: [] }));
    const r = runCli(["check", file, "-f", "json"], { timeoutMs: 4_000 });
    expectCleanError(r);
    expect(r.stderr.length).toBeLessThan(1_000);
  });
});

describe("pathologically long action patterns", () => {
  // glob.match over an action pattern of 100 000 "?" takes 7–13 s per plan, 200 000 more than a
  // minute (quadratic). Real actions are under 100 characters and IAM policies a few KB: the
  // engine could ignore (as matching nothing) patterns over a few hundred characters.
  it("a 100 000-character ? pattern is evaluated within 4 s", () => {
    const file = planWithPatterns([`iam:${"?".repeat(100_000)}`]);
    const r = runCli(["check", file, "-f", "json"], { timeoutMs: 4_000 });
    expect(r.timedOut).toBe(false);
    expect(isViolation(r)).toBe(true);
  });
});
