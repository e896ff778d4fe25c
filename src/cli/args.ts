import { usageError } from "../engine/errors";
import { SEVERITIES } from "../engine/config";
import type { Severity } from "../engine/types";

/** One requested output: a format, written to stdout or to a file. */
export interface OutputRequest {
  format: string;
  file?: string;
}

/** What `check` and `plan` share: outputs, what blocks, the config and waivers files, the binary. */
export interface CheckArgs {
  command: "check" | "plan";
  /** Plan files (`check`): JSON, a binary plan, or "-" for stdin. */
  plans: string[];
  outputs: OutputRequest[];
  color?: boolean;
  /** Unset: the config's, else "block". */
  unknown?: "block" | "warn";
  failOn?: Severity;
  newOnly?: boolean;
  /** The org config file; unset: bulkhead.config.yaml (.yml, .json) in the current directory if any. */
  config?: string;
  /** The waivers file; unset: bulkhead.waivers.yaml (.yml, .json) in the current directory if any. */
  waivers?: string;
  /** terraform or tofu; unset: whichever of the two is on PATH. */
  terraformBin?: string;
  /** `plan`: keep the binary plan there (else it goes to a temporary directory). */
  out?: string;
  /** `plan`: the arguments after `--`, given to `terraform plan`. */
  planArgs: string[];
  /** Largest plan read, in bytes (checked before reading it). */
  maxBytes: number;
  /** Time bound of one plan's evaluation, in ms; unset: the default (300 s). */
  timeoutMs?: number;
}

/**
 * Plans up to this size are read by default: the 100 000-instance bench plan (399 MiB) is checked
 * with a peak RSS of 1.8–2.1 GiB (4.5–5.3× the plan; its parts evaluated in parallel workers). The
 * bound keeps a stray file from taking a runner's memory; larger plans are read with --max-size.
 */
export const DEFAULT_MAX_BYTES = 512 * 2 ** 20;

/** "512MiB", "20M", "1g", "1048576" → bytes. */
export function parseSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?$/i.exec(text.trim());
  if (!m) return undefined;
  const factor = { "": 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30 }[m[2].toLowerCase() as "" | "k" | "m" | "g"];
  return Math.floor(Number(m[1]) * factor);
}

export interface RulesArgs {
  command: "rules";
  config?: string;
}

export type Args = CheckArgs | RulesArgs | { command: "help" } | { command: "version" };

export const USAGE = `Usage:
  bulkhead check [options] PLAN...       check plans: terraform/tofu show -json output, a binary
                                         plan file (shown with terraform/tofu), or - for stdin
  bulkhead plan [options] [-- ARGS]      run terraform (or tofu) plan here, then check the plan
  bulkhead rules [--config FILE]         list the rules, their enforcement level and docs
  bulkhead --version | --help

Options of check and plan:
  -f, --format NAME     text (default), json, sarif, junit, github, markdown, html;
                        repeatable
  -o, --output FILE     write the preceding --format to FILE instead of stdout
      --no-color        no ANSI colours in text output (also: NO_COLOR=1)
      --unknown MODE    block (default) or warn: what a finding that holds only if values
                        unknown until apply are at their worst does
      --fail-on LEVEL   only findings of this severity or higher block: critical, high,
                        medium, low (default)
      --new-only        only findings new in this plan block; existing ones are reported
      --config FILE     org config (default: bulkhead.config.yaml here, if there is one)
      --waivers FILE    waivers (default: bulkhead.waivers.yaml here, if there is one)
      --terraform-bin PATH  terraform or tofu binary (default: the one on PATH)
      --max-size SIZE   refuse larger plans before reading them (default 512MiB)
      --timeout SECONDS stop an evaluation that takes longer (default 300; each plan is
                        evaluated in a worker thread)
Options of plan:
      --out FILE        keep the binary plan in FILE (to apply exactly what was checked)
      -- ARGS           arguments for terraform plan (-var-file=…, -target=…)

Several plans give one document per format covering all of them (JSON: a report set).
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
      return parseRules(rest);
    case "check":
    case "plan":
      return parseCheck(command, rest);
    default:
      throw usageError(`unknown command ${command} (try bulkhead --help)`);
  }
}

function parseRules(argv: string[]): RulesArgs {
  const args: RulesArgs = { command: "rules" };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--config" && argv[i + 1] !== undefined) args.config = argv[++i];
    else if (argv[i] === "--config") throw usageError("--config needs a value");
    else throw usageError(`rules takes only --config FILE, got ${argv[i]}`);
  }
  return args;
}

function parseCheck(command: "check" | "plan", argv: string[]): CheckArgs {
  const args: CheckArgs = { command, plans: [], outputs: [], planArgs: [], maxBytes: DEFAULT_MAX_BYTES };
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
    } else if (arg === "--fail-on") {
      const level = value();
      if (!(SEVERITIES as readonly string[]).includes(level)) {
        throw usageError(`--fail-on takes ${SEVERITIES.join(", ")}, got ${level}`);
      }
      args.failOn = level as Severity;
    } else if (arg === "--new-only") {
      args.newOnly = true;
    } else if (arg === "--max-size") {
      const text = value();
      const size = parseSize(text);
      if (size === undefined || size <= 0)
        throw usageError(`--max-size takes a size such as 512MiB or 20M, got ${text}`);
      args.maxBytes = size;
    } else if (arg === "--timeout") {
      const text = value();
      const seconds = Number(text);
      if (!Number.isFinite(seconds) || seconds <= 0)
        throw usageError(`--timeout takes a number of seconds, got ${text}`);
      args.timeoutMs = seconds * 1000;
    } else if (arg === "--config") {
      args.config = value();
    } else if (arg === "--waivers") {
      args.waivers = value();
    } else if (arg === "--terraform-bin") {
      args.terraformBin = value();
    } else if (arg === "--out" && command === "plan") {
      args.out = value();
    } else if (arg === "--" && command === "plan") {
      args.planArgs = argv.slice(i + 1);
      break;
    } else if (command === "check" && (arg === "-" || !arg.startsWith("-"))) {
      args.plans.push(arg);
    } else if (command === "plan" && !arg.startsWith("-")) {
      throw usageError(`plan takes no plan file (it makes one), got ${arg}; use bulkhead check ${arg}`);
    } else {
      throw usageError(`unknown option ${arg} (try bulkhead --help)`);
    }
  }
  if (command === "check") {
    if (args.plans.length === 0) {
      throw usageError("check needs a plan file (terraform show -json output, a binary plan, or - for stdin)");
    }
    if (args.plans.filter((p) => p === "-").length > 1) throw usageError("stdin (-) can be read only once");
  }
  const out = args.planArgs.find((a) => /^--?out(=|$)/.test(a));
  if (out !== undefined)
    throw usageError(`bulkhead plan sets -out itself: use --out FILE to keep the plan (got ${out})`);
  if (args.outputs.length === 0) args.outputs.push({ format: "text" });
  const toStdout = args.outputs.filter((o) => o.file === undefined);
  if (toStdout.length > 1) throw usageError("only one --format can go to stdout: give the others an --output FILE");
  return args;
}
