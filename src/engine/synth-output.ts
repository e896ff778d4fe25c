import { existsSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { inputError } from "./errors";
import { planFromSynth } from "./synth";

/** A CDKTF synth output: a cdktf.out folder (manifest.json) or one stack's cdk.tf.json. */
export function isSynthOutput(path: string): boolean {
  return path.endsWith("cdk.tf.json") || (isDirectory(path) && existsSync(join(path, "manifest.json")));
}

/**
 * The stacks of a synth output as plans the policies read, named by their cdk.tf.json path:
 * every resource created, `${...}` tokens as references (the model of the synth-time guard).
 * Each file is refused over `maxBytes` before it is read, and every reason to refuse is one line.
 */
export function synthPlans(path: string, shownAs: string, maxBytes: number): { name: string; bytes: Buffer }[] {
  const files = isDirectory(path) ? stackFiles(path, shownAs, maxBytes) : [path];
  return files.map((file) => {
    const name = isDirectory(path) ? join(shownAs, relative(path, file)) : shownAs;
    const stack = readJson(file, name, maxBytes, "a CDKTF synthesized stack (cdk.tf.json)");
    return { name, bytes: Buffer.from(JSON.stringify(planFromSynth(stack, name).plan)) };
  });
}

/** A JSON file read whole after its size is checked: empty, not UTF-8 JSON or too large is one line. */
function readJson(file: string, name: string, maxBytes: number, what: string): unknown {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > maxBytes) throw inputError(`${name} is ${mib(size)}, over the --max-size of ${mib(maxBytes)}`);
    text = new TextDecoder("utf-8", { fatal: true }).decode(readFileSync(file));
  } catch (e) {
    if (e instanceof Error && e.name === "BulkheadError") throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === undefined) throw inputError(`${name} is not UTF-8 text: expected ${what}`);
    throw inputError(`cannot read ${name}: ${code === "ENOENT" ? "no such file" : code}`);
  }
  if (text.trim() === "") throw inputError(`${name} is empty: expected ${what}`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw inputError(`${name} is not valid JSON (${(e as Error).message})`);
  }
}

const mib = (bytes: number): string =>
  bytes < 2 ** 20 ? `${Math.ceil(bytes / 2 ** 10)} KiB` : `${(bytes / 2 ** 20).toFixed(0)} MiB`;

function stackFiles(dir: string, shownAs: string, maxBytes: number): string[] {
  const name = join(shownAs, "manifest.json");
  const manifest = readJson(join(dir, "manifest.json"), name, maxBytes, "a CDKTF manifest") as {
    stacks?: unknown;
  };
  const stacks = manifest !== null && typeof manifest === "object" ? manifest.stacks : undefined;
  if (stacks === undefined || stacks === null || typeof stacks !== "object" || Array.isArray(stacks)) {
    throw inputError(`${name} is not a CDKTF manifest (no "stacks" map)`);
  }
  const list = Object.values(stacks as Record<string, { synthesizedStackPath?: unknown } | null>);
  if (list.length === 0) throw inputError(`${shownAs} holds no synthesized stack (manifest.json lists none)`);
  return list.map((s) => {
    if (typeof s?.synthesizedStackPath !== "string") throw inputError(`${name}: a stack has no synthesizedStackPath`);
    return join(dir, s.synthesizedStackPath);
  });
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
