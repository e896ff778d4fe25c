import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { Engine, type CheckOptions } from "../engine/check";
import type { OrgConfig } from "../engine/config";
import { loadConfig, loadWaivers } from "../engine/files";
import { planFromSynth } from "../engine/synth";
import type { Finding, Waiver } from "../engine/types";

/**
 * What the guard needs of a construct, structurally: CDKTF (`cdktf` 0.21, `constructs` 10.4) and
 * CDK Terrain (`cdktn` 0.24, `constructs` 10.6–10.7) constructs both fit, and neither package is
 * needed to type-check against it.
 */
export interface GuardableConstruct {
  readonly node: {
    readonly path: string;
    addValidation(validation: { validate(): string[] }): void;
  };
}

/** What the guard needs of a stack: a `TerraformStack` of cdktf or cdktn. */
export interface GuardableStack extends GuardableConstruct {
  readonly node: GuardableConstruct["node"] & { findAll(): GuardableConstruct[] };
  /** The stack's cdk.tf.json as an object (after every aspect ran, on synth). */
  toTerraform(): unknown;
}

export interface GuardOptions {
  /**
   * What a finding that holds only if values unknown at synth are at their worst does.
   * @default "block"
   */
  unknown?: CheckOptions["unknown"];
  /**
   * The org config (the keys of bulkhead.config.yaml), so an exemption is written once for the
   * CLI and the guard.
   * @default bulkhead.config.yaml (.yml, .json) next to cdktf.json (the nearest above the working directory), if any
   */
  config?: OrgConfig;
  /**
   * The waivers (the entries of bulkhead.waivers.yaml's `waivers` list).
   * @default bulkhead.waivers.yaml (.yml, .json) next to cdktf.json, if any
   */
  waivers?: Waiver[];
}

/** The folder of the nearest cdktf.json at or above `from`: where cdktf runs the app. */
function projectDir(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "cdktf.json"))) return dir;
    if (dir === dirname(dir)) return undefined;
  }
}

let engine: Engine | undefined;

/**
 * The synth-time guard: the same policies as `bulkhead check`, on what the stack synthesizes.
 * `Bulkhead.guard(stack)` adds a validation to the stack; `app.synth()` then evaluates the
 * stack's cdk.tf.json (after every aspect ran) and fails with each blocking finding attached to
 * the construct that made the resource. Aspects added to the App never run in CDKTF 0.21, and
 * aspects see unresolved tokens: a validation on each TerraformStack sees the final JSON.
 */
export class Bulkhead {
  static guard(stack: GuardableStack, options: GuardOptions = {}): void {
    stack.node.addValidation({ validate: () => validateStack(stack, options) });
  }

  /** The findings of a stack as it would synthesize now (for tests and tooling). */
  static check(stack: GuardableStack, options: GuardOptions = {}) {
    const { plan, constructPaths } = planFromSynth(stack.toTerraform(), stack.node.path);
    const loaded = (engine ??= Engine.loadSync());
    const ruleIds = loaded.rules().map((r) => r.id);
    const dir = options.config === undefined || options.waivers === undefined ? projectDir(process.cwd()) : undefined;
    const report = loaded.check(Buffer.from(JSON.stringify(plan)), {
      name: `${stack.node.path}/cdk.tf.json`,
      unknown: options.unknown,
      config: options.config ?? (dir === undefined ? {} : loadConfig(undefined, dir, ruleIds)),
      waivers: options.waivers ?? (dir === undefined ? [] : loadWaivers(undefined, dir, ruleIds)),
    });
    return { report, constructPaths };
  }
}

function validateStack(stack: GuardableStack, options: GuardOptions): string[] {
  const { report, constructPaths } = Bulkhead.check(stack, options);
  const byPath = new Map<string, GuardableConstruct>(stack.node.findAll().map((c) => [c.node.path, c]));
  const atStack: string[] = [];
  for (const finding of report.findings.filter((f) => f.blocking)) {
    const message = findingText(finding);
    const target = byPath.get(constructPaths[finding.address] ?? "");
    // Descendants are validated after the stack: the finding lands on the construct itself.
    if (target !== undefined && target !== stack) target.node.addValidation({ validate: () => [message] });
    else atStack.push(message);
  }
  return atStack;
}

/** One finding in the words of the CLI's text report. */
function findingText(f: Finding): string {
  const evidence = f.evidence
    .map(
      (e) =>
        `${e.grants}: ${[e.statement && `statement ${e.statement}`, e.policy].filter(Boolean).join(" of ")}${e.reason ? ` — ${e.reason}` : ""}`,
    )
    .join("; ");
  return `${f.ruleId} ${f.title}: ${f.verdict}, ${f.status}: ${f.message} (${f.address}; ${evidence})`;
}
