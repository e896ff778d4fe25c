/**
 * Binary plan files and `bulkhead plan`: terraform or tofu (the one on PATH, or --terraform-bin)
 * makes the plan and shows it as JSON. The engine only ever sees JSON.
 */
import { spawn } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { basename, delimiter, join } from "node:path";
import { inputError, usageError } from "./errors";
import { resolvePath } from "./files";

/** What running terraform may use of the process: injected like the rest of the CLI's Io. */
export interface ProcessIo {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Where terraform's own output goes (stdout is for the report). */
  stderr: (text: string) => void;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];

/** Plan files (`terraform plan -out`) are zip archives: "PK\x03\x04". */
export function isBinaryPlan(bytes: Uint8Array): boolean {
  return bytes.byteLength >= ZIP.length && ZIP.every((b, i) => bytes[i] === b);
}

/**
 * The terraform or tofu to run: `explicit` (a path, or a name looked up on PATH), else
 * terraform, else tofu, from PATH. `why` says what it is needed for, in the error.
 */
export function findTerraform(explicit: string | undefined, io: ProcessIo, why: string): string {
  if (explicit !== undefined) {
    const found =
      explicit.includes("/") || explicit.includes("\\")
        ? executable(resolvePath(explicit, io.cwd))
        : onPath(explicit, io.env);
    if (found === undefined) throw usageError(`--terraform-bin ${explicit}: not an executable file`);
    return found;
  }
  const found = onPath("terraform", io.env) ?? onPath("tofu", io.env);
  if (found === undefined) {
    throw usageError(`${why} needs terraform or tofu, and neither is on PATH (or give --terraform-bin PATH)`);
  }
  return found;
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const suffixes = process.platform === "win32" ? (env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";") : [""];
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    for (const suffix of suffixes) {
      const found = executable(join(dir, name + suffix));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function executable(path: string): string | undefined {
  try {
    if (!statSync(path).isFile()) return undefined;
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    return undefined;
  }
}

/**
 * `terraform show -json -no-color FILE`: the plan as JSON bytes. `shownAs` names the plan in the
 * error (a temporary copy of stdin is "stdin").
 */
export async function showJson(bin: string, planFile: string, io: ProcessIo, shownAs = planFile): Promise<Buffer> {
  // -no-color: terraform colours its diagnostics even when stderr is not a terminal.
  const r = await run(bin, ["show", "-json", "-no-color", planFile], io, true);
  if (r.code !== 0) {
    throw inputError(`${basename(bin)} show -json ${shownAs} failed (exit ${r.code}): ${cause(r.stderr)}`);
  }
  return r.stdout;
}

/**
 * `terraform plan -out=FILE ARGS` in the current directory, its output streamed to stderr.
 * With -detailed-exitcode in ARGS, exit code 2 (changes present) is success.
 */
export async function plan(bin: string, outFile: string, args: string[], io: ProcessIo): Promise<void> {
  const r = await run(bin, ["plan", "-no-color", `-out=${outFile}`, ...args], io, false);
  const ok = r.code === 0 || (r.code === 2 && args.includes("-detailed-exitcode"));
  if (!ok) throw inputError(`${basename(bin)} plan failed (exit ${r.code}): ${cause(r.stderr)}`);
}

interface Ran {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** Runs bin; stdout captured (capture) or passed to io.stderr; stderr passed on and kept. */
function run(bin: string, args: string[], io: ProcessIo, capture: boolean): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd: io.cwd, env: io.env, stdio: ["inherit", "pipe", "pipe"] });
    const out: Buffer[] = [];
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (capture ? out.push(chunk) : io.stderr(chunk.toString("utf8"))));
    child.stderr.on("data", (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      err += text;
      if (!capture) io.stderr(text);
    });
    child.on("error", (e: NodeJS.ErrnoException) => reject(inputError(`cannot run ${bin}: ${e.code ?? e.message}`)));
    child.on("close", (code, signal) =>
      resolve({ code: code ?? (signal === null ? 1 : 128), stdout: Buffer.concat(out), stderr: err }),
    );
  });
}

/**
 * The line of terraform's diagnostics that says what went wrong ("Error: …"), without box
 * drawing or colour codes (a terraform that ignores -no-color, or a wrapper).
 */
export function cause(stderr: string): string {
  const lines = stderr
    .replace(/\u001b\[[0-9;]*[A-Za-z]/g, "")
    .split(/\r?\n/)
    .map((l) => l.replace(/^[\s│╷╵|]+/, "").trim())
    .filter((l) => l !== "");
  return lines.find((l) => l.startsWith("Error:")) ?? lines[lines.length - 1] ?? "no error message";
}
