"use strict";
/**
 * The fuzz loop shared by test/robustness/fuzz.test.ts (a few hundred seeded iterations) and
 * scripts/fuzz.js (npm run fuzz: longer runs). Each input is evaluated in a worker thread with a
 * time bound; a hang kills the worker and counts as a failure.
 *
 * The oracle (judge) is what the CLI contract promises, applied to the engine's outcome:
 *  - a report (CLI exit 0/1): JSON round-trips, schemaVersion 1, summary.blocked a boolean, and
 *    the input is a valid plan (the engine's validatePlan accepts it) that none of the
 *    independent refusal checks (mutators.mustRefuse) rejects;
 *  - an error (CLI exit 2): a BulkheadError with a kind and a one-line message, no stack trace;
 *  - never a hang past the bound, never a crash of the worker;
 *  - a report of a plan with plain create/update/no-op resource_changes counts some resource
 *    (else the policy did not read the input the validator accepted: fail-open);
 *  - a rewrite that keeps the plan's meaning gives the original's findings, or is refused.
 */
const path = require("node:path");
const { Worker } = require("node:worker_threads");
const { Rand, loadCorpus, mutate, mustRefuse, plainChanges } = require("./mutators");

class Runner {
  constructor(timeoutMs) {
    this.timeoutMs = timeoutMs;
    this.nextId = 0;
    this.spawn();
  }
  spawn() {
    const w = new Worker(path.join(__dirname, "worker.js"));
    this.worker = w;
    this.pending = null;
    const current = () => (this.worker === w ? this.pending : null);
    w.unref();
    w.on("message", ({ id, answer }) => {
      const p = current();
      if (p && p.id === id) p.resolve(answer);
    });
    w.on("error", (e) => current() && current().resolve({ outcome: "crash", message: String(e) }));
    w.on("exit", (code) => current() && current().resolve({ outcome: "crash", message: `exit ${code}` }));
  }
  run(bytes) {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending = null;
        const w = this.worker;
        this.spawn();
        w.terminate();
        resolve({ outcome: "hang", ms: this.timeoutMs });
      }, this.timeoutMs);
      this.pending = {
        id,
        resolve: (answer) => {
          clearTimeout(timer);
          if (answer.outcome === "crash") this.spawn();
          else this.pending = null;
          resolve(answer);
        },
      };
      this.worker.postMessage({ id, bytes });
    });
  }
  close() {
    return this.worker.terminate();
  }
}

/** The oracle: a list of problems (empty when the outcome honours the contract). */
function judge(input, answer, baseline) {
  const problems = [];
  if (answer.outcome === "hang") return [`no answer within the time bound`];
  if (answer.outcome === "crash") return [`worker crashed: ${answer.message}`];
  const refuse = mustRefuse(input.bytes);
  if (answer.outcome === "report") {
    if (answer.schemaVersion !== 1) problems.push(`report schemaVersion ${answer.schemaVersion}`);
    if (typeof answer.blocked !== "boolean") problems.push("report without summary.blocked");
    if (!answer.validPlan) problems.push(`report for an input validatePlan refuses (${answer.validReason})`);
    if (refuse) problems.push(`report (exit ${answer.blocked ? 1 : 0}) for an input that is ${refuse}`);
    const changes = plainChanges(input.bytes);
    if (changes > 0 && answer.resources === 0) {
      problems.push(
        `report counts no resource although ${changes} resource_changes create, update or keep one (input not read?)`,
      );
    }
    if (input.same && baseline && baseline.outcome === "report") {
      const a = JSON.stringify(answer.lines);
      const b = JSON.stringify(baseline.lines);
      if (a !== b || answer.blocked !== baseline.blocked) {
        problems.push(
          `meaning-preserving ${input.op} changed the result: ${b} (blocked ${baseline.blocked}) → ${a} (blocked ${answer.blocked})`,
        );
      }
    }
  } else if (answer.outcome === "error") {
    if (answer.errorName !== "BulkheadError")
      problems.push(`threw ${answer.errorName}, not BulkheadError: ${answer.message}`);
    if (!["usage", "input", "internal"].includes(answer.kind)) problems.push(`error kind ${answer.kind}`);
    if (/\n/.test(answer.message) || answer.message.length === 0) problems.push("error message not one line");
    if (/\s+at .+:\d+:\d+/.test(answer.message)) problems.push("stack trace in the message");
  } else problems.push(`unknown outcome ${answer.outcome}`);
  return problems;
}

/**
 * Runs the fuzz loop. opts: {seed, iterations, timeBudgetMs, timeoutMs, hugeBytes, patternChars,
 * ops, corpus, onFailure, onProgress}. Returns {seed, iterations, elapsedMs, byOp, outcomes, slowestMs, failures}.
 */
async function fuzz(opts) {
  const o = { iterations: 300, timeBudgetMs: Infinity, timeoutMs: 20000, ...opts };
  const corpus = o.corpus || loadCorpus();
  const rand = new Rand(o.seed);
  const runner = new Runner(o.timeoutMs);
  const baselines = new Map();
  const stats = {
    seed: o.seed,
    iterations: 0,
    elapsedMs: 0,
    corpus: corpus.length,
    byOp: {},
    outcomes: {},
    slowestMs: 0,
    // plans validatePlan accepts that the engine still refuses (exit 2): allowed, worth knowing
    validButRefused: {},
    failures: [],
  };
  const start = Date.now();
  try {
    for (let i = 0; i < o.iterations && Date.now() - start < o.timeBudgetMs; i++) {
      const input = mutate(rand, corpus, { hugeBytes: o.hugeBytes, patternChars: o.patternChars, ops: o.ops });
      let baseline;
      if (input.same) {
        if (!baselines.has(input.source)) {
          const src = corpus.find((c) => c.name === input.source);
          baselines.set(input.source, await runner.run(src.bytes));
        }
        baseline = baselines.get(input.source);
      }
      const answer = await runner.run(input.bytes);
      stats.iterations++;
      stats.byOp[input.op] = (stats.byOp[input.op] || 0) + 1;
      const outcome =
        answer.outcome === "report"
          ? `exit ${answer.blocked ? 1 : 0}`
          : answer.outcome === "error"
            ? "exit 2"
            : answer.outcome;
      stats.outcomes[outcome] = (stats.outcomes[outcome] || 0) + 1;
      stats.slowestMs = Math.max(stats.slowestMs, answer.ms || 0);
      if (answer.outcome === "error" && answer.validPlan) {
        const key = `${answer.kind}: ${answer.message.replace(/\d+/g, "N").slice(0, 120)}`;
        stats.validButRefused[key] = (stats.validButRefused[key] || 0) + 1;
      }
      const problems = judge(input, answer, baseline);
      if (problems.length) {
        const failure = {
          iteration: i,
          source: input.source,
          op: input.op,
          at: input.at,
          bytes: input.bytes.length,
          problems,
          input,
        };
        stats.failures.push(failure);
        if (o.onFailure) o.onFailure(failure);
      }
      if (o.onProgress) o.onProgress(stats);
    }
  } finally {
    await runner.close();
  }
  stats.elapsedMs = Date.now() - start;
  return stats;
}

module.exports = { fuzz, judge, Runner };
