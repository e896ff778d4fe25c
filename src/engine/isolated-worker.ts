import { parentPort, workerData } from "node:worker_threads";
import type { PolicyBundle } from "./bundle";
import { Engine, type CheckOptions } from "./check";
import { BulkheadError } from "./errors";
import type { WorkerAnswer } from "./isolated";
import { collectGarbage } from "./memory";

/** The worker side of checkIsolated: one plan, one answer. */
const data = workerData as { bundle: PolicyBundle; bytes?: Uint8Array; options: CheckOptions };
const { bundle, options } = data;

/** The plan's bytes, no longer referenced from here once handed over. */
function takeBytes(): Uint8Array {
  const bytes = data.bytes ?? new Uint8Array();
  data.bytes = undefined;
  return bytes;
}

function run(): WorkerAnswer {
  const engine = Engine.loadSync(bundle);
  const settings = engine.settings(options);
  const plan = engine.prepare(takeBytes(), options);
  // The plan's bytes and parse are garbage now: freed before the wasm memory grows.
  collectGarbage();
  return { report: engine.evaluate(plan, options, settings) };
}

let answer: WorkerAnswer;
try {
  answer = run();
} catch (e) {
  answer = {
    error:
      e instanceof BulkheadError
        ? { kind: e.kind, message: e.message }
        : { kind: "internal", message: e instanceof Error ? e.message : String(e) },
  };
}
parentPort?.postMessage(answer);
