#!/usr/bin/env node
"use strict";
/**
 * npm run fuzz -- [--seed N] [--iterations N] [--minutes M] [--timeout SECONDS] [--huge MIB]
 *                 [--pattern-chars N] [--ops a,b,c] [--out DIR]
 *
 * A longer run of the fuzzer of test/robustness/fuzz.test.ts: seeded mutations of every plan in
 * test/fixtures/real and of the labelled fixtures, each evaluated by the built engine (dist/,
 * run `npm run build` first) in a worker thread with a time bound, judged against the CLI
 * contract (test/robustness/fuzz/harness.js). Defaults: a random seed (printed), 10 minutes or
 * 100 000 iterations, 60 s per input, strings up to 32 MiB, action patterns up to 200 000
 * characters, every operator including the BOM prefix.
 *
 * Every failing input is written to --out (default .build/fuzz/) with the problems found; the
 * summary (iterations per operator, outcomes, slowest input) goes to stdout as JSON. Exit 1 when
 * anything failed, 2 on bad arguments or a missing build.
 */
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.join(__dirname, "..");
const USAGE = `Usage: npm run fuzz -- [--seed N] [--iterations N] [--minutes M] [--timeout SECONDS]
                        [--huge MIB] [--pattern-chars N] [--ops a,b,c] [--out DIR]
`;

function parse(argv) {
  const o = {
    seed: Math.floor(Math.random() * 2 ** 31),
    iterations: 100000,
    minutes: 10,
    timeout: 60,
    huge: 32,
    patternChars: 200000,
    ops: null,
    out: path.join(ROOT, ".build", "fuzz"),
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    const num = () => {
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} takes a number, got ${value}`);
      i++;
      return n;
    };
    if (flag === "--seed") o.seed = num();
    else if (flag === "--iterations") o.iterations = num();
    else if (flag === "--minutes") o.minutes = num();
    else if (flag === "--timeout") o.timeout = num();
    else if (flag === "--huge") o.huge = num();
    else if (flag === "--pattern-chars") o.patternChars = num();
    else if (flag === "--ops") {
      o.ops = String(value).split(",");
      i++;
    } else if (flag === "--out") {
      o.out = path.resolve(String(value));
      i++;
    } else if (flag === "--help" || flag === "-h") {
      process.stdout.write(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument ${flag}`);
  }
  return o;
}

async function main() {
  let o;
  try {
    o = parse(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`fuzz: ${e.message}\n`);
    return 2;
  }
  if (!fs.existsSync(path.join(ROOT, "dist", "src", "engine", "check.js"))) {
    process.stderr.write("fuzz: dist/ is missing: run npm run build first\n");
    return 2;
  }
  const { fuzz } = require("../test/robustness/fuzz/harness");
  const { OPS } = require("../test/robustness/fuzz/mutators");
  const ops = o.ops || Object.keys(OPS);
  const unknown = ops.filter((op) => !OPS[op]);
  if (unknown.length) {
    process.stderr.write(`fuzz: unknown operator ${unknown.join(", ")} (${Object.keys(OPS).join(", ")})\n`);
    return 2;
  }
  process.stderr.write(
    `fuzz: seed ${o.seed}, up to ${o.iterations} iterations or ${o.minutes} min, ${o.timeout} s per input\n`,
  );
  let last = Date.now();
  const stats = await fuzz({
    seed: o.seed,
    iterations: o.iterations,
    timeBudgetMs: o.minutes * 60000,
    timeoutMs: o.timeout * 1000,
    hugeBytes: o.huge * 2 ** 20,
    patternChars: o.patternChars,
    ops,
    onFailure(f) {
      fs.mkdirSync(o.out, { recursive: true });
      const base = path.join(o.out, `${o.seed}-${f.iteration}-${f.op}`);
      fs.writeFileSync(`${base}.json`, f.input.bytes);
      fs.writeFileSync(
        `${base}.problems.json`,
        `${JSON.stringify({ seed: o.seed, iteration: f.iteration, source: f.source, op: f.op, at: f.at, problems: f.problems }, null, 2)}\n`,
      );
      process.stderr.write(`fuzz: #${f.iteration} ${f.op} of ${f.source}: ${f.problems.join("; ")} (${base}.json)\n`);
    },
    onProgress(s) {
      if (Date.now() - last > 10000) {
        last = Date.now();
        process.stderr.write(`fuzz: ${s.iterations} iterations, ${s.failures.length} failures\n`);
      }
    },
  });
  process.stdout.write(`${JSON.stringify({ ...stats, failures: stats.failures.length }, null, 2)}\n`);
  return stats.failures.length ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`fuzz: ${e.stack || e}\n`);
    process.exitCode = 2;
  },
);
