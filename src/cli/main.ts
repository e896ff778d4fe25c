import { mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, isAbsolute, join, relative } from "node:path";
import { BulkheadError, internalError, inputError, usageError } from "../engine/errors";
import { Engine, reportSet, version } from "../engine/check";
import { formatNames, isFormatName, render } from "../report";
import type { OrgConfig } from "../engine/config";
import type { Report, RuleInfo } from "../engine/types";
import { parseArgs, USAGE, type CheckArgs, type RulesArgs } from "./args";
import { checkBounded } from "../engine/isolated";
import { packageRoot } from "../engine/paths";

const DEFAULT_TIMEOUT_MS = 300_000;

const mib = (bytes: number): string =>
  bytes < 2 ** 20 ? `${Math.ceil(bytes / 2 ** 10)} KiB` : `${(bytes / 2 ** 20).toFixed(0)} MiB`;
import { loadConfig, loadWaivers, resolvePath } from "./files";
import { isSynthOutput, synthPlans } from "./synth";
import { findTerraform, isBinaryPlan, plan, showJson } from "./terraform";

/** What the CLI may touch of the process: injected so tests run it in-process. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Buffer;
  env: NodeJS.ProcessEnv;
  stdoutIsTTY: boolean;
  /** Where relative paths, bulkhead.config.yaml, bulkhead.waivers.yaml and terraform run. @default process.cwd() */
  cwd?: string;
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
        return await rules(args, io);
      case "check":
      case "plan":
        return await check(args, io);
    }
  } catch (e) {
    const error = e instanceof BulkheadError ? e : internalError(e instanceof Error ? e.message : String(e));
    io.stderr(`bulkhead: ${error.message}\n`);
    return 2;
  }
}

async function rules(args: RulesArgs, io: Io): Promise<number> {
  const engine = await Engine.load();
  const list = engine.rules();
  const config = loadConfig(
    args.config,
    cwdOf(io),
    list.map((r) => r.id),
  );
  io.stdout(rulesTable(list, config, cwdOf(io)));
  return 0;
}

async function check(args: CheckArgs, io: Io): Promise<number> {
  const outputs = args.outputs.map(({ format, file }) => {
    if (!isFormatName(format)) throw usageError(`unknown --format ${format} (${formatNames()})`);
    return { format, file };
  });
  const cwd = cwdOf(io);
  const engine = await Engine.load();
  const ruleIds = engine.rules().map((r) => r.id);
  const config = loadConfig(args.config, cwd, ruleIds);
  const waivers = loadWaivers(args.waivers, cwd, ruleIds);
  const plans = args.command === "plan" ? [await planHere(args, io)] : await readPlans(args, io);
  const reports: Report[] = [];
  for (const p of plans) {
    const options = {
      name: p.name,
      unknown: args.unknown,
      failOn: args.failOn,
      newOnly: args.newOnly,
      config,
      waivers,
    };
    // Bounded in time; large plans in a worker thread, their wasm memory freed after.
    reports.push(await checkBounded(engine, p.bytes, options, args.timeoutMs ?? DEFAULT_TIMEOUT_MS));
  }
  const result = reports.length === 1 ? reports[0] : reportSet(reports);
  const color = args.color ?? (io.stdoutIsTTY && !io.env.NO_COLOR);
  const rendered = outputs.map((o) => ({
    file: o.file,
    text: render(result, o.format, { color: o.file === undefined && color, rules: engine.rules() }),
  }));
  // Files first, all whole or none; stdout last, so a failed write leaves no half report.
  writeAllWhole(
    rendered.flatMap((o) =>
      o.file === undefined ? [] : [{ file: o.file, path: resolvePath(o.file, cwd), text: o.text }],
    ),
  );
  for (const o of rendered) if (o.file === undefined) io.stdout(o.text);
  return reports.some((r: Report) => r.summary.blocked) ? 1 : 0;
}

interface PlanInput {
  name: string;
  bytes: Buffer;
}

/** Every plan read before any is checked: JSON as it is, binary plans through terraform show -json. */
async function readPlans(args: CheckArgs, io: Io): Promise<PlanInput[]> {
  const cwd = cwdOf(io);
  const out: PlanInput[] = [];
  for (const path of args.plans) {
    const name = path === "-" ? "stdin" : path;
    if (path !== "-" && isSynthOutput(resolvePath(path, cwd))) {
      out.push(...synthPlans(resolvePath(path, cwd), path));
      continue;
    }
    let bytes = readInput(path, io, args.maxBytes);
    if (isBinaryPlan(bytes)) {
      const bin = findTerraform(args.terraformBin, { ...io, cwd }, `${name} is a binary plan file: reading it`);
      if (path === "-") {
        bytes = await withTempDir(async (dir) => {
          const file = join(dir, "stdin.tfplan");
          writeFileSync(file, bytes);
          return showJson(bin, file, { ...io, cwd });
        });
      } else {
        bytes = await showJson(bin, path, { ...io, cwd });
      }
    }
    out.push({ name, bytes });
  }
  return out;
}

/** `bulkhead plan`: terraform plan -out, then show -json, in the current directory. */
async function planHere(args: CheckArgs, io: Io): Promise<PlanInput> {
  const cwd = cwdOf(io);
  const pio = { ...io, cwd };
  const bin = findTerraform(args.terraformBin, pio, "bulkhead plan");
  const show = async (file: string): Promise<PlanInput> => {
    await plan(bin, file, args.planArgs, pio);
    return { name: args.out ?? `${basename(bin).replace(/\.exe$/i, "")} plan`, bytes: await showJson(bin, file, pio) };
  };
  if (args.out !== undefined) return show(resolvePath(args.out, cwd));
  return withTempDir((dir) => show(join(dir, "tfplan")));
}

async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "bulkhead-"));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function cwdOf(io: Io): string {
  return io.cwd ?? process.cwd();
}

/** Reads a plan whole, after checking its size: a file over --max-size is never read. */
function readInput(path: string, io: Io, maxBytes: number): Buffer {
  const tooLarge = (size: number): BulkheadError =>
    inputError(`${path === "-" ? "stdin" : path} is ${mib(size)}, over the --max-size of ${mib(maxBytes)}`);
  try {
    if (path === "-") {
      const bytes = io.readStdin();
      if (bytes.byteLength > maxBytes) throw tooLarge(bytes.byteLength);
      return bytes;
    }
    const file = resolvePath(path, cwdOf(io));
    const size = statSync(file).size;
    if (size > maxBytes) throw tooLarge(size);
    return readFileSync(file);
  } catch (e) {
    if (e instanceof BulkheadError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (code ?? (e as Error).message);
    throw inputError(`cannot read ${path}: ${why}`);
  }
}

/**
 * Writes each text to a temporary file beside its target, then renames them all over their
 * targets: when any write fails, the temporary files are removed and no target is touched.
 */
function writeAllWhole(outputs: { file: string; path: string; text: string }[]): void {
  const written: string[] = [];
  const tmpOf = (path: string): string => join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    for (const o of outputs) {
      writeFileSync(tmpOf(o.path), o.text);
      written.push(tmpOf(o.path));
    }
  } catch (e) {
    for (const tmp of written) rmSync(tmp, { force: true });
    const failed = outputs[written.length];
    rmSync(tmpOf(failed.path), { force: true });
    throw usageError(
      `cannot write --output ${failed.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  for (const o of outputs) {
    try {
      renameSync(tmpOf(o.path), o.path);
    } catch (e) {
      for (const tmp of outputs.map((x) => tmpOf(x.path))) rmSync(tmp, { force: true });
      throw usageError(`cannot write --output ${o.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
}

/**
 * The rule page shipped in the package (docs/rules/<id>.md): relative to the working directory
 * when it is below it (`docs/rules/BH001.md` in a clone, `node_modules/bulkhead/docs/…` in a
 * project that installed bulkhead), else absolute.
 */
function rulePage(id: string, cwd: string): string {
  const page = join(packageRoot, "docs", "rules", `${id}.md`);
  const rel = relative(cwd, page);
  return rel.startsWith("..") || isAbsolute(rel) ? page : rel;
}

function rulesTable(rules: RuleInfo[], config: OrgConfig, cwd: string): string {
  const rows = rules.map((r) => {
    const level = config.enforcement?.[r.id];
    const shown =
      level === undefined || level === r.enforcement ? r.enforcement : `${level} (config; rule: ${r.enforcement})`;
    return [r.id, shown, r.severity, r.title, rulePage(r.id, cwd)];
  });
  const header = ["ID", "LEVEL", "SEVERITY", "TITLE", "DOCS"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return `${[header, ...rows].map(line).join("\n")}\n`;
}
