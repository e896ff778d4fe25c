import { usageError } from "../engine/errors";

/** One requested output: a format, written to stdout or to a file. */
export interface OutputRequest {
  format: string;
  file?: string;
}

export interface CheckArgs {
  command: "check";
  plans: string[];
  outputs: OutputRequest[];
  color?: boolean;
  unknown: "block" | "warn";
}

export type Args = CheckArgs | { command: "rules" } | { command: "help" } | { command: "version" };

export const USAGE = `Usage:
  bulkhead check [options] PLAN.json     check terraform/tofu show -json output ("-" reads stdin)
  bulkhead rules                         list the rules
  bulkhead --version | --help

Options of check:
  -f, --format NAME     text (default), json, sarif, junit, github, markdown; repeatable
  -o, --output FILE     write the preceding --format to FILE instead of stdout
      --no-color        no ANSI colours in text output (also: NO_COLOR=1)
      --unknown MODE    block (default) or warn: what a finding that holds only if values
                        unknown until apply are at their worst does

Exit codes: 0 nothing blocking, 1 blocked, 2 usage, input or internal error.`;

/** argv (without node and the script) → what to do. Throws a usage BulkheadError. */
export function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case "-h":
    case "--help":
    case "help":
      return { command: "help" };
    case "-V":
    case "--version":
      return { command: "version" };
    case "rules":
      if (rest.length > 0) throw usageError(`rules takes no arguments, got ${rest[0]}`);
      return { command: "rules" };
    case "check":
      return parseCheck(rest);
    default:
      throw usageError(`unknown command ${command} (try bulkhead --help)`);
  }
}

function parseCheck(argv: string[]): CheckArgs {
  const args: CheckArgs = { command: "check", plans: [], outputs: [], unknown: "block" };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw usageError(`${arg} needs a value`);
      return v;
    };
    if (arg === "-f" || arg === "--format") {
      args.outputs.push({ format: value() });
    } else if (arg === "-o" || arg === "--output") {
      const file = value();
      if (args.outputs.length === 0) args.outputs.push({ format: "text" });
      const last = args.outputs[args.outputs.length - 1];
      if (last.file !== undefined)
        throw usageError(`--output ${file}: the preceding --format already has --output ${last.file}`);
      last.file = file;
    } else if (arg === "--no-color") {
      args.color = false;
    } else if (arg === "--color") {
      args.color = true;
    } else if (arg === "--unknown") {
      const mode = value();
      if (mode !== "block" && mode !== "warn") throw usageError(`--unknown takes block or warn, got ${mode}`);
      args.unknown = mode;
    } else if (arg === "-" || !arg.startsWith("-")) {
      args.plans.push(arg);
    } else {
      throw usageError(`unknown option ${arg} (try bulkhead --help)`);
    }
  }
  if (args.plans.length === 0)
    throw usageError("check needs a plan file (terraform show -json output, or - for stdin)");
  if (args.plans.length > 1) throw usageError(`check takes one plan file, got ${args.plans.length}`);
  if (args.outputs.length === 0) args.outputs.push({ format: "text" });
  const toStdout = args.outputs.filter((o) => o.file === undefined);
  if (toStdout.length > 1) throw usageError("only one --format can go to stdout: give the others an --output FILE");
  return args;
}
