import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { Worker } from "node:worker_threads";
import type { CheckOptions, Engine, PreparedPlan } from "./check";
import type { RawReport } from "./policy";
import { mergeReports } from "./split";
import type { PolicyBundle } from "./bundle";
import { BulkheadError, inputError, internalError, type ErrorKind } from "./errors";
import type { Report } from "./types";

/** The compiled worker script (present when running from dist/, not from the TypeScript sources). */
const WORKER = join(__dirname, "isolated-worker.js");

export function canIsolate(): boolean {
  return existsSync(WORKER);
}

const YOUNG_GENERATION_MB = 4;

/**
 * Plans up to this size are checked in the calling thread: starting a worker (a new isolate that
 * loads the engine and instantiates the wasm again) cost more than the whole check of a small
 * plan (measured 100-110 ms of a 380 ms run on a 20 KB plan). Larger plans get a worker, where
 * the parsed plan is collected before the wasm memory grows and the memory is freed afterwards.
 */
export const IN_THREAD_BYTES = 8 * 2 ** 20;

/**
 * Checks a plan within `timeoutMs`: in this thread when it is small, else in a worker thread. In
 * this thread the bound is V8's script timeout, which stops running JavaScript and wasm alike
 * (a watchdog thread terminates the execution); the size alone bounds nothing (a crafted 128 KiB
 * plan evaluates for minutes).
 */
export async function checkBounded(
  engine: Engine,
  bytes: Uint8Array,
  options: CheckOptions,
  timeoutMs: number,
): Promise<Report> {
  if (bytes.byteLength > IN_THREAD_BYTES && canIsolate()) {
    return checkIsolated(engine, bytes, options, timeoutMs);
  }
  return withinTime(() => engine.check(bytes, options), timeoutMs, options.name);
}

/** Runs fn in this thread, stopped with a one-line error when it takes longer than timeoutMs. */
export function withinTime<T>(fn: () => T, timeoutMs: number, name?: string): T {
  try {
    return runInNewContext("run()", { run: fn }, { timeout: Math.max(1, Math.ceil(timeoutMs)) }) as T;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ERR_SCRIPT_EXECUTION_TIMEOUT") throw timedOut(name, timeoutMs);
    throw e;
  }
}

const timedOut = (name: string | undefined, timeoutMs: number): BulkheadError =>
  inputError(`evaluating ${name ?? "the plan"} took longer than ${timeoutMs / 1000} s (--timeout): stopped`);

/** What a worker is asked: check a plan, or evaluate parts of a split plan. */
export type WorkerTask =
  | { task: "check"; bundle: PolicyBundle; bytes?: Uint8Array; options: CheckOptions; parallel: boolean }
  | { task: "parts"; bundle: PolicyBundle; inputs: Uint8Array[]; options: CheckOptions };

/** What a worker posts back. */
export type WorkerAnswer =
  | { report: Report }
  | { split: { plan: PreparedPlan } }
  | { raws: RawReport[] }
  | { error: { kind: ErrorKind; message: string } };

/**
 * Checks a plan in a worker thread, bounded in time: a pathological plan is stopped after
 * `timeoutMs`, and the worker's wasm memory (which never shrinks) is freed with the worker. The
 * worker gets the bundle already read, checked and compiled by the caller. A plan split into
 * parts (src/engine/split.ts) comes back in parts, evaluated by a worker per core, and their
 * reports are merged here.
 */
export async function checkIsolated(
  engine: Engine,
  bytes: Uint8Array,
  options: CheckOptions,
  timeoutMs: number,
): Promise<Report> {
  const deadline = Date.now() + timeoutMs;
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
  const cores = availableParallelism();
  const answer = await runWorker(
    { task: "check", bundle: engine.bundle, bytes: own, options, parallel: cores > 1 },
    [own.buffer as ArrayBuffer],
    deadline,
    timeoutMs,
    options.name,
  );
  if ("report" in answer) return answer.report;
  if (!("split" in answer)) throw internalError("the evaluation worker gave no report");
  const plan = answer.split.plan;
  const inputs = plan.parts?.inputs ?? [];
  // Parts to workers, largest first onto the least loaded: one worker per core.
  const loads = Array.from({ length: Math.min(cores, inputs.length) }, () => ({ bytes: 0, parts: [] as number[] }));
  inputs
    .map((input, k) => [input.byteLength, k] as const)
    .sort((a, b) => b[0] - a[0])
    .forEach(([size, k]) => {
      const load = loads.reduce((best, l) => (l.bytes < best.bytes ? l : best));
      load.bytes += size;
      load.parts.push(k);
    });
  const answers = await Promise.all(
    loads.map((l) =>
      runWorker(
        { task: "parts", bundle: engine.bundle, inputs: l.parts.map((k) => inputs[k]), options },
        [],
        deadline,
        timeoutMs,
        options.name,
      ),
    ),
  );
  const raws: RawReport[] = new Array<RawReport>(inputs.length);
  answers.forEach((a, w) => {
    if (!("raws" in a)) throw internalError("the evaluation worker gave no report");
    a.raws.forEach((raw, j) => (raws[loads[w].parts[j]] = raw));
  });
  return engine.judge(plan, mergeReports(raws, plan.parts?.managed ?? []), engine.settings(options));
}

/** Runs one worker task until the deadline: its answer, or its error thrown. */
function runWorker(
  task: WorkerTask,
  transferList: ArrayBuffer[],
  deadline: number,
  timeoutMs: number,
  name: string | undefined,
): Promise<WorkerAnswer> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, {
      workerData: task,
      // A small young generation: the parsed plan is promoted at once instead of being copied
      // between semi-spaces that stay in the peak (measured 320 -> 294 MiB on a 39 MiB plan).
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
      transferList,
    });
    const timer = setTimeout(
      () => {
        void worker.terminate();
        reject(timedOut(name, timeoutMs));
      },
      Math.max(0, deadline - Date.now()),
    );
    const done = (): void => {
      clearTimeout(timer);
      void worker.terminate();
    };
    worker.once("message", (answer: WorkerAnswer) => {
      done();
      if ("error" in answer) reject(new BulkheadError(answer.error.kind, answer.error.message));
      else resolve(answer);
    });
    worker.once("error", (e) => {
      done();
      reject(internalError(`the evaluation worker failed: ${e.message}`));
    });
  });
}
