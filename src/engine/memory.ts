import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let collect: (() => void) | null | undefined;

/**
 * A full garbage collection, where the runtime allows one (the same switch jest's --logHeapUsage
 * uses). An evaluation worker runs it between reading a plan and evaluating it: the parsed plan,
 * several times the plan's size, is then freed before the wasm memory grows instead of adding to
 * the peak.
 */
export function collectGarbage(): void {
  if (collect === undefined) {
    try {
      setFlagsFromString("--expose-gc");
      collect = runInNewContext("gc") as () => void;
    } catch {
      collect = null;
    }
  }
  // The first pass frees the objects; the second returns the pages they held to the system.
  collect?.();
  collect?.();
}
