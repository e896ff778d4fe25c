import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { BulkheadError, internalError, inputError, usageError } from "../engine/errors";
import { Engine, version } from "../engine/check";
import { formatters, isFormatName } from "../report";
import type { Report, RuleInfo } from "../engine/types";
import { parseArgs, USAGE, type CheckArgs } from "./args";

/** What the CLI may touch of the process: injected so tests run it in-process. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Buffer;
  env: NodeJS.ProcessEnv;
  stdoutIsTTY: boolean;
}

const processIo: Io = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readStdin: () => readFileSync(0),
  env: process.env,
  stdoutIsTTY: Boolean(process.stdout.isTTY),
};

/** Runs the CLI; resolves to the exit code (0 nothing blocking, 1 blocked, 2 error). */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  try {
    const args = parseArgs(argv);
    switch (args.command) {
      case "help":
        io.stdout(`${USAGE}\n`);
        return 0;
      case "version":
        io.stdout(`bulkhead ${version}\n`);
        return 0;
      case "rules":
        io.stdout(rulesTable((await Engine.load()).rules()));
        return 0;
      case "check":
        return await check(args, io);
    }
  } catch (e) {
    const error = e instanceof BulkheadError ? e : internalError(e instanceof Error ? e.message : String(e));
    io.stderr(`bulkhead: ${error.message}\n`);
    return 2;
  }
}

async function check(args: CheckArgs, io: Io): Promise<number> {
  for (const o of args.outputs) {
    if (!isFormatName(o.format))
      throw usageError(`unknown --format ${o.format} (text, json, sarif, junit, github, markdown)`);
  }
  const [path] = args.plans;
  const bytes = readInput(path, io);
  const engine = await Engine.load();
  const report = engine.check(bytes, { name: path === "-" ? "stdin" : path, unknown: args.unknown });
  const color = args.color ?? (io.stdoutIsTTY && !io.env.NO_COLOR);
  const rendered = args.outputs.map((o) => ({
    ...o,
    text: render(report, o.format, { color: o.file === undefined && color, rules: engine.rules() }),
  }));
  // Files first, each whole or not at all; stdout last, so a failed write leaves no half report.
  for (const o of rendered) if (o.file !== undefined) writeWhole(o.file, o.text);
  for (const o of rendered) if (o.file === undefined) io.stdout(o.text);
  return report.summary.blocked ? 1 : 0;
}

function render(report: Report, format: string, options: { color: boolean; rules: RuleInfo[] }): string {
  if (!isFormatName(format)) throw usageError(`unknown --format ${format}`);
  return formatters[format](report, options);
}

function readInput(path: string, io: Io): Buffer {
  try {
    return path === "-" ? io.readStdin() : readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (code ?? (e as Error).message);
    throw inputError(`cannot read ${path}: ${why}`);
  }
}

/** Writes a temporary file beside the target, then renames it over: whole or not at all. */
function writeWhole(file: string, text: string): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw usageError(`cannot write --output ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function rulesTable(rules: RuleInfo[]): string {
  const rows = rules.map((r) => [r.id, r.enforcement, r.severity, r.title, `docs/rules/${r.id}.md`]);
  const header = ["ID", "LEVEL", "SEVERITY", "TITLE", "DOCS"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return `${[header, ...rows].map(line).join("\n")}\n`;
}
