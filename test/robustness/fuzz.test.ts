import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanCwd, ensureBuilt, expectCleanError, expectReport, realPlansDir, runCli } from "./helpers";

/**
 * Time-bounded fuzzing of the input path (a longer run: npm run fuzz). Seeded mutations of every
 * real plan in test/fixtures/real and of the labelled fixtures (truncation, bit flips, type
 * swaps, deleted keys, huge strings, 10 000-deep nesting, NUL bytes, duplicate keys, bytes that
 * are not UTF-8, wrong format_version, broken policy documents, meaning-preserving rewrites) go
 * through the built engine in a worker thread with a time bound; the oracle is the CLI contract
 * (test/robustness/fuzz/harness.js). A sample also goes through the real CLI process.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { fuzz } = require("./fuzz/harness");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Rand, loadCorpus, mutate, mustRefuse, DEFAULT_OPS } = require("./fuzz/mutators");

const SEED = Number(process.env.BULKHEAD_FUZZ_SEED ?? 20260115);
const ITERATIONS = Number(process.env.BULKHEAD_FUZZ_ITERATIONS ?? 2000);
/** On a slow machine the time budget may stop the loop early; this many must run. */
const MIN_ITERATIONS = Math.min(ITERATIONS, 500);

interface Stats {
  seed: number;
  iterations: number;
  elapsedMs: number;
  corpus: number;
  byOp: Record<string, number>;
  outcomes: Record<string, number>;
  slowestMs: number;
  validButRefused: Record<string, number>;
  failures: { iteration: number; source: string; op: string; at?: string; problems: string[] }[];
}

beforeAll(() => ensureBuilt(), 120_000);

describe("fuzzing the input path", () => {
  it(`engine: up to ${ITERATIONS} seeded mutations (seed ${SEED}) honour the CLI contract`, async () => {
    const stats: Stats = await fuzz({ seed: SEED, iterations: ITERATIONS, timeBudgetMs: 40_000, timeoutMs: 15_000 });
    const summary = { ...stats, failures: stats.failures.length };
    console.log(`fuzz: ${JSON.stringify(summary)}`);
    expect(stats.failures.map((f) => `#${f.iteration} ${f.op} of ${f.source}: ${f.problems.join("; ")}`)).toEqual([]);
    expect(stats.iterations).toBeGreaterThanOrEqual(MIN_ITERATIONS);
    // every operator ran, and all three exit codes occurred
    for (const op of DEFAULT_OPS) expect(stats.byOp[op] ?? 0).toBeGreaterThan(0);
    for (const outcome of ["exit 0", "exit 1", "exit 2"]) expect(stats.outcomes[outcome] ?? 0).toBeGreaterThan(0);
  }, 60_000);

  it("CLI process: a sample of mutations, one per operator, exit 0/1 with a report or 2 with one line", () => {
    const corpus = loadCorpus();
    const rand = new Rand(SEED + 1);
    const dir = cleanCwd();
    for (const op of DEFAULT_OPS) {
      const input = mutate(rand, corpus, { ops: [op], hugeBytes: 2 ** 20 });
      const file = join(dir, `fuzz-${op}.json`);
      writeFileSync(file, input.bytes);
      const r = runCli(["check", file, "-f", "json"], { timeoutMs: 30_000 });
      if (r.code === 2) expectCleanError(r);
      else {
        expectReport(r);
        expect([op, mustRefuse(input.bytes)]).toEqual([op, null]);
      }
    }
  }, 60_000);

  it("CLI process: 10 000-deep nesting, a 20 MiB string, NUL and non-UTF-8 bytes", () => {
    const plan = JSON.parse(readFileSync(join(realPlansDir, "regula__admin_policy_infra.json"), "utf8"));
    const text = JSON.stringify(plan);
    const dir = cleanCwd();
    const cases: [string, Buffer, "report" | "error"][] = [
      ["deep-arrays", Buffer.from(text.replace("{", `{"deep":${"[".repeat(10_000)}${"]".repeat(10_000)},`)), "report"],
      ["huge-string", Buffer.from(text.replace("{", `{"huge":"${"A".repeat(20 * 2 ** 20)}",`)), "report"],
      ["raw-nul", Buffer.from(text.replace('"format_version"', '"format\u0000_version"')), "error"],
      [
        "not-utf8",
        Buffer.concat([Buffer.from(text.slice(0, 100)), Buffer.from([0xc3, 0x28]), Buffer.from(text.slice(100))]),
        "error",
      ],
      ["format-2", Buffer.from(text.replace(/"format_version":"[^"]*"/, '"format_version":"2.0"')), "error"],
    ];
    for (const [name, bytes, want] of cases) {
      const file = join(dir, `${name}.json`);
      writeFileSync(file, bytes);
      const r = runCli(["check", file, "-f", "json"], { timeoutMs: 30_000 });
      if (want === "error") expectCleanError(r);
      else if (r.code === 2)
        expectCleanError(r); // refusing is allowed; passing silently is not
      else expect(expectReport(r).summary.blocked).toBe(true);
    }
  }, 90_000);
});
