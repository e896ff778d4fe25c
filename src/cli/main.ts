import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { BulkheadError, internalError, usageError } from "../engine/errors";
import { Engine, reportSet, version } from "../engine/check";
import { formatters, isFormatName, render } from "../report";
import { packageLinks } from "./links";
import type { OrgConfig } from "../engine/config";
import type { Report, RuleInfo } from "../engine/types";
import {
  checkSpec,
  commandHelp,
  mainHelp,
  parseCommand,
  planSpec,
  REACH_SPEC,
  RULES_SPEC,
  type CheckArgs,
  type ReachArgs,
  type CommandSpec,
  type RulesArgs,
} from "./args";
import { checkBounded } from "../engine/isolated";
import { loadConfig, loadWaivers, resolvePath } from "../engine/files";
import { planJson, readPlanPath, tooLarge, type PlanSource } from "../engine/sources";
import { findTerraform, plan, showJson } from "../engine/terraform";
import { packageRoot } from "../engine/paths";
import { reachFrom } from "../engine/reach";
import { reachText } from "../report/reach";

const DEFAULT_TIMEOUT_MS = 300_000;

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

/** A subcommand: how its arguments are parsed, and what runs with them. */
interface Command {
  spec: CommandSpec<unknown>;
  run: (args: unknown, io: Io) => Promise<number>;
}

const command = <A>(spec: CommandSpec<A>, run: (args: A, io: Io) => Promise<number>): Command =>
  ({ spec, run }) as Command;

/** The formats the formatter registry (src/report) has: the CLI lists none of its own. */
const FORMATS: readonly string[] = Object.keys(formatters);

/**
 * The subcommands, one entry each: the spec (name, synopsis, options, positionals; see args.ts)
 * and the function that runs the parsed arguments. A new subcommand, e.g.
 * `bulkhead reach PLAN --from NAME [-f text|json] [-o FILE]`, is one more entry here: a spec that
 * lists the shared option groups it takes (outputOptions(FORMATS), fileOptions(), ...) and its own
 * options (`--from`), with init/positional/finish, and its run function. Help (`bulkhead --help`,
 * `bulkhead reach --help`) and errors come from the spec.
 */
const COMMANDS: Command[] = [
  command(checkSpec(FORMATS), check),
  command(planSpec(FORMATS), check),
  command(RULES_SPEC, rules),
  command(REACH_SPEC, reach),
];

/** Runs the CLI; resolves to the exit code (0 nothing blocking, 1 blocked, 2 error). */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === "-h" || name === "--help" || name === "help") {
      const topic = name === "help" ? COMMANDS.find((c) => c.spec.name === rest[0]) : undefined;
      if (name === "help" && rest.length > 0 && topic === undefined) {
        throw usageError(`unknown command ${rest[0]} (try bulkhead --help)`);
      }
      io.stdout(`${topic === undefined ? mainHelp(COMMANDS.map((c) => c.spec)) : commandHelp(topic.spec)}\n`);
      return 0;
    }
    if (name === "-V" || name === "--version") {
      io.stdout(`bulkhead ${version}\n`);
      return 0;
    }
    const found = COMMANDS.find((c) => c.spec.name === name);
    if (found === undefined) throw usageError(`unknown command ${name} (try bulkhead --help)`);
    const parsed = parseCommand(found.spec, rest);
    if (parsed.help) {
      io.stdout(`${commandHelp(found.spec)}\n`);
      return 0;
    }
    return await found.run(parsed.args, io);
  } catch (e) {
    const error = e instanceof BulkheadError ? e : internalError(e instanceof Error ? e.message : String(e));
    io.stderr(`bulkhead: ${error.message}\n`);
    return 2;
  }
}

async function reach(args: ReachArgs, io: Io): Promise<number> {
  const cwd = cwdOf(io);
  const options = { cwd, env: io.env, terraformBin: args.terraformBin, maxBytes: args.maxBytes };
  const [path] = args.plans;
  const plans =
    path === "-"
      ? [{ name: "stdin", bytes: await planJson(io.readStdin(), "stdin", options) }]
      : await readPlanPath(path, options);
  if (plans.length !== 1) throw usageError(`reach follows one plan; ${path} holds ${plans.length} stacks`);
  const engine = await Engine.load();
  const result = reachFrom(engine.reachGraph(plans[0].bytes, { name: plans[0].name }), args.from!);
  const text = args.format === "json" ? `${JSON.stringify(result, null, 2)}\n` : reachText(result);
  if (args.output === undefined || args.output === "-") io.stdout(text);
  else writeAllWhole([{ file: args.output, path: resolvePath(args.output, cwd), text }]);
  return 0;
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
  const cwd = cwdOf(io);
  const outputs = args.outputs.map(({ format, file }) => {
    if (!isFormatName(format)) throw usageError(`unknown --format ${format} (${FORMATS.join(", ")})`);
    return { format, file };
  });
  refuseSameOutputTwice(outputs, cwd);
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
    text: render(result, o.format, {
      color: o.file === undefined && color,
      rules: engine.rules(),
      cwd,
      ...packageLinks(),
    }),
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

/** Two formats written to one file: refused before anything is read or written. */
function refuseSameOutputTwice(outputs: { file?: string }[], cwd: string): void {
  const seen = new Map<string, string>();
  for (const { file } of outputs) {
    if (file === undefined) continue;
    const path = resolve(resolvePath(file, cwd));
    const before = seen.get(path);
    if (before !== undefined)
      throw usageError(`--output ${file} is given twice (also as ${before}): one file per format`);
    seen.set(path, file);
  }
}

type PlanInput = PlanSource;

/** Every plan read before any is checked: JSON as it is, binary plans through terraform show -json. */
async function readPlans(args: CheckArgs, io: Io): Promise<PlanInput[]> {
  const options = { cwd: cwdOf(io), env: io.env, terraformBin: args.terraformBin, maxBytes: args.maxBytes };
  const out: PlanInput[] = [];
  for (const path of args.plans) {
    if (path === "-") {
      const bytes = io.readStdin();
      if (bytes.byteLength > args.maxBytes) throw tooLarge("stdin", bytes.byteLength, args.maxBytes);
      out.push({ name: "stdin", bytes: await planJson(bytes, "stdin", options) });
    } else {
      out.push(...(await readPlanPath(path, options)));
    }
  }
  return out;
}

/** `bulkhead plan`: terraform plan -out, then show -json, in the current directory. */
async function planHere(args: CheckArgs, io: Io): Promise<PlanInput> {
  const cwd = cwdOf(io);
  const pio = { ...io, cwd };
  const bin = findTerraform(args.terraformBin, pio, "bulkhead plan");
  const name = basename(bin).replace(/\.exe$/i, "");
  const show = async (file: string): Promise<PlanInput> => {
    await plan(bin, file, args.planArgs, pio);
    // terraform's own closing lines name the file it wrote; say what becomes of it here.
    io.stderr(
      args.out === undefined
        ? `bulkhead: the plan checked here is a temporary file, deleted on exit (${name}'s "apply" line above does not work): give --out FILE to keep it\n`
        : `bulkhead: the plan checked here is kept in ${args.out}: ${name} apply ${args.out} applies exactly it\n`,
    );
    return { name: args.out ?? `${name} plan`, bytes: await showJson(bin, file, pio, args.out ?? "the plan") };
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
 * project that installed bulkhead), else absolute. SARIF links the same page of the published
 * repository (./links.ts).
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
