import { existsSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { inputError } from "../engine/errors";
import { planFromSynth } from "../engine/synth";

/** A CDKTF synth output: a cdktf.out folder (manifest.json) or one stack's cdk.tf.json. */
export function isSynthOutput(path: string): boolean {
  return path.endsWith("cdk.tf.json") || (isDirectory(path) && existsSync(join(path, "manifest.json")));
}

/**
 * The stacks of a synth output as plans the policies read, named by their cdk.tf.json path:
 * every resource created, `${...}` tokens as references (the model of the synth-time guard).
 */
export function synthPlans(path: string, shownAs: string): { name: string; bytes: Buffer }[] {
  const files = isDirectory(path) ? stackFiles(path) : [path];
  return files.map((file) => {
    const name = isDirectory(path) ? join(shownAs, relative(path, file)) : shownAs;
    let stack: unknown;
    try {
      stack = JSON.parse(readFileSync(file, "utf8"));
    } catch (e) {
      throw inputError(`cannot read ${name}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    return { name, bytes: Buffer.from(JSON.stringify(planFromSynth(stack, name).plan)) };
  });
}

function stackFiles(dir: string): string[] {
  let manifest: { stacks?: Record<string, { synthesizedStackPath?: unknown }> };
  try {
    manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
  } catch (e) {
    throw inputError(`${join(dir, "manifest.json")} is not a CDKTF manifest: ${(e as Error).message}`);
  }
  const stacks = Object.values(manifest.stacks ?? {});
  if (stacks.length === 0) throw inputError(`${dir} holds no synthesized stack (manifest.json lists none)`);
  return stacks.map((s) => {
    if (typeof s.synthesizedStackPath !== "string")
      throw inputError(`${dir}/manifest.json: a stack has no synthesizedStackPath`);
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
