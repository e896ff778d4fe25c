/**
 * Plans as `bulkhead check` and `checkPlan` take them: `terraform show -json` output, a binary
 * plan file (shown with terraform or tofu), a cdktf.out folder or a stack's cdk.tf.json. Every
 * file's size is checked before it is read.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BulkheadError, inputError } from "./errors";
import { resolvePath } from "./files";
import { isSynthOutput, synthPlans } from "./synth-output";
import { findTerraform, isBinaryPlan, showJson } from "./terraform";

/**
 * Plans up to this size are read by default: the 100 000-instance bench plan (399 MiB) is checked
 * with a peak RSS of 1.8–2.1 GiB (its parts evaluated in parallel workers). The bound keeps a stray
 * file from taking a runner's memory; larger plans are read with --max-size.
 */
export const DEFAULT_MAX_BYTES = 512 * 2 ** 20;

export interface ReadOptions {
  /** Where relative paths are read from and terraform runs. @default process.cwd() */
  cwd?: string;
  /** The environment terraform runs in (PATH finds it). @default process.env */
  env?: NodeJS.ProcessEnv;
  /** terraform or tofu, a path or a name on PATH. @default terraform, else tofu, on PATH */
  terraformBin?: string;
  /** Refuse a larger file before reading it. @default 256 MiB */
  maxBytes?: number;
}

/** One plan to check: its name in reports and the JSON bytes of `terraform show -json`. */
export interface PlanSource {
  name: string;
  bytes: Uint8Array;
}

/** A path as `bulkhead check` reads it: a synth output gives one plan per stack. */
export async function readPlanPath(path: string, options: ReadOptions = {}): Promise<PlanSource[]> {
  const cwd = options.cwd ?? process.cwd();
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const file = resolvePath(path, cwd);
  if (isSynthOutput(file)) return synthPlans(file, path, maxBytes);
  return [{ name: path, bytes: await planJson(readWhole(file, path, maxBytes), path, options, path) }];
}

/**
 * Bytes of a plan: JSON as it is, a binary plan through terraform show -json (of `file` when
 * the bytes are that file's, else of a temporary copy).
 */
export async function planJson(
  bytes: Uint8Array,
  name: string,
  options: ReadOptions = {},
  file?: string,
): Promise<Uint8Array> {
  if (!isBinaryPlan(bytes)) return bytes;
  const cwd = options.cwd ?? process.cwd();
  const io = { cwd, env: options.env ?? process.env, stderr: () => undefined };
  const bin = findTerraform(options.terraformBin, io, `${name} is a binary plan file: reading it`);
  if (file !== undefined) return showJson(bin, file, io);
  const dir = mkdtempSync(join(tmpdir(), "bulkhead-"));
  try {
    writeFileSync(join(dir, "plan.tfplan"), bytes);
    return await showJson(bin, join(dir, "plan.tfplan"), io, name);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const mib = (bytes: number): string =>
  bytes < 2 ** 20 ? `${Math.ceil(bytes / 2 ** 10)} KiB` : `${(bytes / 2 ** 20).toFixed(0)} MiB`;

export function tooLarge(name: string, size: number, maxBytes: number): BulkheadError {
  return inputError(`${name} is ${mib(size)}, over the --max-size of ${mib(maxBytes)}`);
}

/** A file read whole after checking its size: a file over maxBytes is never read. */
function readWhole(file: string, name: string, maxBytes: number): Buffer {
  try {
    const size = statSync(file).size;
    if (size > maxBytes) throw tooLarge(name, size, maxBytes);
    return readFileSync(file);
  } catch (e) {
    if (e instanceof BulkheadError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (code ?? (e as Error).message);
    throw inputError(`cannot read ${name}: ${why}`);
  }
}
