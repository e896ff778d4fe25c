import { parentPort, workerData } from "node:worker_threads";
import type { PolicyBundle } from "./bundle";
import { Engine, type CheckOptions } from "./check";
import { BulkheadError } from "./errors";
import type { WorkerAnswer } from "./isolated";

/** The worker side of checkIsolated: one plan, one answer. */
const { bundle, bytes, options } = workerData as { bundle: PolicyBundle; bytes: Uint8Array; options: CheckOptions };
let answer: WorkerAnswer;
try {
  answer = { report: Engine.loadSync(bundle).check(bytes, options) };
} catch (e) {
  answer = {
    error:
      e instanceof BulkheadError
        ? { kind: e.kind, message: e.message }
        : { kind: "internal", message: e instanceof Error ? e.message : String(e) },
  };
}
parentPort?.postMessage(answer);
