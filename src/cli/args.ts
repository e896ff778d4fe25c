/**
 * The command line: each subcommand is a CommandSpec (its options, its positionals, what it
 * builds), parsed by Node's util.parseArgs with tokens. Tokens keep the order of the options,
 * which the `-f FORMAT -o FILE` pairs need, and `--name=value`, `-fjson` and `--` come with
 * util.parseArgs; every message is bulkhead's own. Help is generated from the same specs.
 *
 * Options shared by several subcommands are defined once below (OUTPUT_OPTIONS, GATE_OPTIONS,
 * ...) and listed by each command that takes them; main.ts holds the table of commands.
 */
import { parseArgs as parseTokens } from "node:util";
import { usageError } from "../engine/errors";
import { SEVERITIES } from "../engine/config";
import type { Severity } from "../engine/types";
import { DEFAULT_MAX_BYTES } from "../engine/sources";

/** One option of a subcommand. */
export interface OptionSpec<A> {
  /** The long name, without `--`. */
  name: string;
  /** One letter, without `-`. */
  short?: string;
  /** The value's placeholder in help ("FILE"); unset: a flag (also `--name=true|false`). */
  value?: string;
  /** One or more lines of help. */
  help: string;
  /** Applies the option to the arguments being built; throws a usage BulkheadError on a bad value. */
  apply: (args: A, value: string | boolean, rawName: string) => void;
}

/** A subcommand: what it is called, how its help reads, its options and positionals. */
export interface CommandSpec<A> {
  name: string;
  /** After `bulkhead`: "check [options] PLAN...". */
  synopsis: string;
  /** One line for the list of commands. */
  summary: string;
  /** Said under the options in the command's help. */
  notes?: string;
  options: OptionSpec<A>[];
  /** Fresh arguments, every default set. */
  init: () => A;
  /** A positional argument; `afterDashes`: it came after `--`. Unset: positionals are refused. */
  positional?: (args: A, value: string, afterDashes: boolean) => void;
  /** Checks across options once all are read. */
  finish?: (args: A) => void;
}

/** What `parseCommand` found: arguments to run with, or a request for the command's help. */
export type Parsed<A> = { help: true } | { help: false; args: A };

/** argv after the subcommand's name → its arguments. Throws a usage BulkheadError. */
export function parseCommand<A>(spec: CommandSpec<A>, argv: string[]): Parsed<A> {
  const options: Record<string, { type: "string" | "boolean"; short?: string }> = {
    help: { type: "boolean", short: "h" },
  };
  for (const o of spec.options) {
    options[o.name] = {
      type: o.value === undefined ? "boolean" : "string",
      ...(o.short === undefined ? {} : { short: o.short }),
    };
  }
  const { tokens } = parseTokens({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
  // --help anywhere before `--` wins over every other argument, valid or not.
  const dashes = tokens.findIndex((t) => t.kind === "option-terminator");
  if (tokens.some((t, i) => t.kind === "option" && t.name === "help" && (dashes < 0 || i < dashes))) {
    return { help: true };
  }
  const args = spec.init();
  let afterDashes = false;
  for (const token of tokens) {
    if (token.kind === "option-terminator") {
      afterDashes = true;
    } else if (token.kind === "positional") {
      if (spec.positional === undefined) {
        throw usageError(`${spec.name} takes no argument ${token.value} (try bulkhead ${spec.name} --help)`);
      }
      spec.positional(args, token.value, afterDashes);
    } else {
      const option = spec.options.find((o) => o.name === token.name);
      if (option === undefined) {
        // The whole argument: "-x.json", not the "-x" of a group of short options.
        throw usageError(`unknown option ${argv[token.index]} (try bulkhead ${spec.name} --help)`);
      }
      option.apply(args, optionValue(option, token.rawName, token.value, token.inlineValue), token.rawName);
    }
  }
  spec.finish?.(args);
  return { help: false, args };
}

function optionValue<A>(
  option: OptionSpec<A>,
  rawName: string,
  value: string | undefined,
  inline: boolean | undefined,
): string | boolean {
  if (option.value === undefined) {
    if (value === undefined) return true;
    if (value === "true" || value === "false") return value === "true";
    throw usageError(`${rawName} takes no value (or =true, =false), got ${value}`);
  }
  if (value === undefined) throw usageError(`${rawName} needs a value`);
  // `-o -f json`: a forgotten value, not a file named "-f" ("-" alone is stdin or stdout).
  if (!inline && value.length > 1 && value.startsWith("-")) {
    throw usageError(`${rawName} needs a value, got the option ${value} (write ${rawName}=${value} if you mean it)`);
  }
  return value;
}

/** The help of one command, from its spec. */
export function commandHelp<A>(spec: CommandSpec<A>): string {
  const rows = [
    ...spec.options.map((o) => ({
      left: `${o.short === undefined ? "    " : `-${o.short}, `}--${o.name}${o.value === undefined ? "" : ` ${o.value}`}`,
      help: o.help,
    })),
    { left: "-h, --help", help: "this help" },
  ];
  const width = Math.max(...rows.map((r) => r.left.length)) + 2;
  const lines = rows.flatMap((r) =>
    r.help.split("\n").map((h, i) => `  ${(i === 0 ? r.left : "").padEnd(width)}${h}`.trimEnd()),
  );
  return [
    `Usage: bulkhead ${spec.synopsis}`,
    "",
    spec.summary,
    "",
    "Options:",
    ...lines,
    ...(spec.notes === undefined ? [] : ["", spec.notes]),
    "",
    EXIT_CODES,
  ].join("\n");
}

/** The help of `bulkhead` itself: the commands. */
export function mainHelp(specs: { synopsis: string; summary: string }[]): string {
  const width = Math.max(...specs.map((s) => s.synopsis.length)) + 2;
  return [
    "Usage:",
    ...specs.map((s) =>
      s.summary
        .split("\n")
        .map((line, i) => `  ${(i === 0 ? `bulkhead ${s.synopsis}` : "").padEnd(width + 9)}${line}`)
        .join("\n"),
    ),
    "  bulkhead --version | --help",
    "",
    "bulkhead COMMAND --help shows the options of a command.",
    "",
    EXIT_CODES,
  ].join("\n");
}

export const EXIT_CODES = "Exit codes: 0 nothing blocking, 1 blocked, 2 usage, input or internal error.";

// ---------------------------------------------------------------------------------------------
// The options of check and plan (and of commands to come that check plans and write reports).

/** One requested output: a format, written to stdout or to a file. */
export interface OutputRequest {
  format: string;
  /** Unset: stdout (also `-o -`). */
  file?: string;
}

/** Arguments of a command that writes reports (`-f FORMAT [-o FILE]`...). */
export interface OutputArgs {
  outputs: OutputRequest[];
  color?: boolean;
}

/** What blocks. Unset: the config's, else the defaults. */
export interface GateArgs {
  unknown?: "block" | "warn";
  failOn?: Severity;
  newOnly?: boolean;
}

/** The org config and waivers files. */
export interface FilesArgs {
  /** Unset: bulkhead.config.yaml (.yml, .json) in the current directory if any. */
  config?: string;
  /** Unset: bulkhead.waivers.yaml (.yml, .json) in the current directory if any. */
  waivers?: string;
}

/** How plans are read. */
export interface InputArgs {
  /** terraform or tofu; unset: whichever of the two is on PATH. */
  terraformBin?: string;
  /** Largest plan read, in bytes (checked before reading it). */
  maxBytes: number;
  /** Time bound of one plan's evaluation, in ms; unset: the default (300 s). */
  timeoutMs?: number;
}

/** What `check` and `plan` share: outputs, what blocks, the config and waivers files, the binary. */
export interface CheckArgs extends OutputArgs, GateArgs, FilesArgs, InputArgs {
  command: "check" | "plan";
  /** Plan files (`check`): JSON, a binary plan, a synth output, or "-" for stdin. */
  plans: string[];
  /** `plan`: keep the binary plan there (else it goes to a temporary directory). */
  out?: string;
  /** `plan`: the arguments after `--`, given to `terraform plan`. */
  planArgs: string[];
}

export interface RulesArgs extends Pick<FilesArgs, "config"> {
  command: "rules";
}

/** `reach`: what one credential of a plan reaches. */
export interface ReachArgs extends InputArgs {
  command: "reach";
  plans: string[];
  /** The principal (name or address), "account:ID" or "federated:…" to start from. */
  from?: string;
  format: "text" | "json";
  /** Unset or "-": stdout. */
  output?: string;
}

/** "512MiB", "20M", "1g", "1048576" → bytes. */
export function parseSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?$/i.exec(text.trim());
  if (!m) return undefined;
  const factor = { "": 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30 }[m[2].toLowerCase() as "" | "k" | "m" | "g"];
  return Math.floor(Number(m[1]) * factor);
}

const str = (v: string | boolean): string => String(v);

/**
 * `-f FORMAT [-o FILE]`, repeatable, and colours. `formats` is the formatter registry's list
 * (src/report), so a format registered there is accepted and shown in help with no change here.
 */
export function outputOptions<A extends OutputArgs>(formats: readonly string[]): OptionSpec<A>[] {
  return [
    {
      name: "format",
      short: "f",
      value: "NAME",
      help: `${formats.map((f, i) => (i === 0 ? `${f} (default)` : f)).join(", ")};\nrepeatable, each with its own --output`,
      apply: (args, v) => {
        const format = str(v);
        if (!formats.includes(format)) throw usageError(`unknown --format ${format} (${formats.join(", ")})`);
        args.outputs.push({ format });
      },
    },
    {
      name: "output",
      short: "o",
      value: "FILE",
      help: "write the preceding --format to FILE (- is stdout);\nan --output before any --format is refused",
      apply: (args, v, raw) => {
        const file = str(v);
        const last = args.outputs[args.outputs.length - 1];
        if (last === undefined) {
          throw usageError(`${raw} ${file} comes after the --format it writes: -f FORMAT ${raw} ${file}`);
        }
        if (last.file !== undefined) {
          throw usageError(`${raw} ${file}: the preceding --format ${last.format} already has --output ${last.file}`);
        }
        // "-" (stdout) stays until finishOutputs, so a second --output for the same format is refused.
        last.file = file;
      },
    },
    {
      name: "no-color",
      help: "no ANSI colours in text output (also: NO_COLOR=1)",
      apply: (args, v) => {
        args.color = v === false;
      },
    },
    {
      name: "color",
      help: "ANSI colours in text output even when stdout is not a terminal",
      apply: (args, v) => {
        args.color = v === true;
      },
    },
  ];
}

/** After every option: one stdout at most, text to stdout when nothing is asked. */
export function finishOutputs(args: OutputArgs): void {
  for (const o of args.outputs) if (o.file === "-") delete o.file;
  if (args.outputs.length === 0) args.outputs.push({ format: "text" });
  if (args.outputs.filter((o) => o.file === undefined).length > 1) {
    throw usageError("only one --format can go to stdout: give the others an --output FILE");
  }
}

export function gateOptions<A extends GateArgs>(): OptionSpec<A>[] {
  return [
    {
      name: "unknown",
      value: "MODE",
      help: "block (default) or warn: what a finding that holds only if values\nunknown until apply are at their worst does",
      apply: (args, v) => {
        const mode = str(v);
        if (mode !== "block" && mode !== "warn") throw usageError(`--unknown takes block or warn, got ${mode}`);
        args.unknown = mode;
      },
    },
    {
      name: "fail-on",
      value: "LEVEL",
      help: `only findings of this severity or higher block:\n${SEVERITIES.join(", ")} (default)`,
      apply: (args, v) => {
        const level = str(v);
        if (!(SEVERITIES as readonly string[]).includes(level)) {
          throw usageError(`--fail-on takes ${SEVERITIES.join(", ")}, got ${level}`);
        }
        args.failOn = level as Severity;
      },
    },
    {
      name: "new-only",
      help: "only findings new in this plan block; existing ones are reported\n(--new-only=false or --no-new-only: every finding, whatever the config says)",
      apply: (args, v) => {
        args.newOnly = v === true;
      },
    },
    {
      name: "no-new-only",
      help: "every finding blocks, new or existing (overrides the config's newOnly)",
      apply: (args, v) => {
        args.newOnly = v === false;
      },
    },
  ];
}

export function configOption<A extends FilesArgs>(): OptionSpec<A> {
  return {
    name: "config",
    value: "FILE",
    help: "org config (default: bulkhead.config.yaml here, if there is one)",
    apply: (args, v) => {
      args.config = str(v);
    },
  };
}

export function fileOptions<A extends FilesArgs>(): OptionSpec<A>[] {
  return [
    configOption<A>(),
    {
      name: "waivers",
      value: "FILE",
      help: "waivers (default: bulkhead.waivers.yaml here, if there is one)",
      apply: (args, v) => {
        args.waivers = str(v);
      },
    },
  ];
}

export function inputOptions<A extends InputArgs>(): OptionSpec<A>[] {
  return [
    {
      name: "terraform-bin",
      value: "PATH",
      help: "terraform or tofu binary (default: the one on PATH)",
      apply: (args, v) => {
        args.terraformBin = str(v);
      },
    },
    {
      name: "max-size",
      value: "SIZE",
      help: "refuse larger plans before reading them (default 512MiB)",
      apply: (args, v) => {
        const size = parseSize(str(v));
        if (size === undefined || size <= 0) {
          throw usageError(`--max-size takes a size such as 512MiB or 20M, got ${str(v)}`);
        }
        args.maxBytes = size;
      },
    },
    {
      name: "timeout",
      value: "SECONDS",
      help: "stop an evaluation that takes longer (default 300; each plan is\nevaluated in a worker thread)",
      apply: (args, v) => {
        const seconds = Number(str(v));
        if (str(v).trim() === "" || !Number.isFinite(seconds) || seconds <= 0) {
          throw usageError(`--timeout takes a number of seconds, got ${str(v)}`);
        }
        args.timeoutMs = seconds * 1000;
      },
    },
  ];
}

const SEVERAL_PLANS = "Several plans give one document per format covering all of them (JSON: a report set).";

function checkOptions<A extends CheckArgs>(formats: readonly string[]): OptionSpec<A>[] {
  return [...outputOptions<A>(formats), ...gateOptions<A>(), ...fileOptions<A>(), ...inputOptions<A>()];
}

function initCheck(command: "check" | "plan"): CheckArgs {
  return { command, plans: [], outputs: [], planArgs: [], maxBytes: DEFAULT_MAX_BYTES };
}

export function checkSpec(formats: readonly string[]): CommandSpec<CheckArgs> {
  return {
    name: "check",
    synopsis: "check [options] PLAN...",
    summary:
      "check plans: terraform/tofu show -json output, a binary plan\nfile (shown with terraform/tofu), a cdktf.out folder or\ncdk.tf.json, or - for stdin",
    notes: `${SEVERAL_PLANS}\nA PLAN that starts with - goes after --: bulkhead check -- -odd-name.json`,
    options: checkOptions(formats),
    init: () => initCheck("check"),
    positional: (args, value) => {
      args.plans.push(value);
    },
    finish: (args) => {
      if (args.plans.length === 0) {
        throw usageError(
          "check needs a plan file (terraform show -json output, a binary plan, a synth output, or - for stdin)",
        );
      }
      if (args.plans.filter((p) => p === "-").length > 1) throw usageError("stdin (-) can be read only once");
      finishOutputs(args);
    },
  };
}

export function planSpec(formats: readonly string[]): CommandSpec<CheckArgs> {
  return {
    name: "plan",
    synopsis: "plan [options] [-- ARGS]",
    summary: "run terraform (or tofu) plan here, then check the plan",
    notes: "ARGS after -- go to terraform plan (-var-file=…, -target=…).",
    options: [
      ...checkOptions<CheckArgs>(formats),
      {
        name: "out",
        value: "FILE",
        help: "keep the binary plan in FILE (to apply exactly what was checked)",
        apply: (args, v) => {
          args.out = str(v);
        },
      },
    ],
    init: () => initCheck("plan"),
    positional: (args, value, afterDashes) => {
      if (!afterDashes) {
        throw usageError(`plan takes no plan file (it makes one), got ${value}; use bulkhead check ${value}`);
      }
      const out = /^--?out(=|$)/.test(value);
      if (out) throw usageError(`bulkhead plan sets -out itself: use --out FILE to keep the plan (got ${value})`);
      args.planArgs.push(value);
    },
    finish: finishOutputs,
  };
}

export const REACH_SPEC: CommandSpec<ReachArgs> = {
  name: "reach",
  synopsis: "reach [options] PLAN --from NAME|ADDRESS",
  summary:
    "what one credential of a plan reaches (assume, pass to compute,\nmint, join) and what each principal reached may do",
  notes: "The question a reviewer asks after a BH006 finding. Exit 0 whatever it reaches.",
  options: [
    {
      name: "from",
      value: "NAME",
      help: "the principal's name or address, account:ID or federated:PROVIDER",
      apply: (args, v) => {
        args.from = str(v);
      },
    },
    {
      name: "format",
      short: "f",
      value: "NAME",
      help: "text (default) or json",
      apply: (args, v) => {
        if (str(v) !== "text" && str(v) !== "json")
          throw usageError(`reach --format takes text or json, got ${str(v)}`);
        args.format = str(v) as "text" | "json";
      },
    },
    {
      name: "output",
      short: "o",
      value: "FILE",
      help: "write to FILE (written whole) instead of stdout",
      apply: (args, v) => {
        args.output = str(v);
      },
    },
    ...inputOptions<ReachArgs>(),
  ],
  init: () => ({ command: "reach", plans: [], format: "text", maxBytes: DEFAULT_MAX_BYTES }),
  positional: (args, value) => {
    args.plans.push(value);
  },
  finish: (args) => {
    if (args.plans.length !== 1) throw usageError("reach needs one plan file");
    if (args.from === undefined) throw usageError("reach needs --from NAME|ADDRESS (the credential to follow)");
  },
};

export const RULES_SPEC: CommandSpec<RulesArgs> = {
  name: "rules",
  synopsis: "rules [--config FILE]",
  summary: "list the rules, their enforcement level and docs",
  options: [configOption<RulesArgs>()],
  init: () => ({ command: "rules" }),
};
