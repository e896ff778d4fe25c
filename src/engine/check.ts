// Reading plans and files (yaml, terraform) is loaded when checkPlan or loadConfigFile needs it:
// an evaluation worker, which loads this module, never does.
import type { ReadOptions } from "./sources";
import { inputError, internalError, usageError, type BulkheadError } from "./errors";
import { packageVersion } from "./paths";
import { validatePlan } from "./input";
import { afterInstanceCount, prefilter } from "./prefilter";
import { mergeReports, splitPlan } from "./split";
import type { PolicyBundle } from "./bundle";
import { CompiledPolicy, type RawFinding, type RawReport } from "./policy";
import { describe, isObject, parseConfig, policyConfig, SEVERITIES, UNKNOWN_MODES, type OrgConfig } from "./config";
import { findingGraph } from "./graph";
import { applyWaivers, combineWaiverUses, matchesTarget, parseWaivers, utcDate } from "./waivers";
import type {
  Enforcement,
  Finding,
  ReachGraph,
  Report,
  ReportSet,
  RuleInfo,
  Severity,
  Status,
  Verdict,
  Waiver,
  WaiverUse,
} from "./types";

export interface CheckOptions {
  /** Name of the input in messages and in report.source.path. @default "plan" */
  name?: string;
  /**
   * What a finding with verdict "unknown" (a violation only if values unknown until apply are at
   * their worst) does. @default config.unknown, else "block"
   */
  unknown?: "block" | "warn";
  /** Only findings of this severity or higher block. @default config.failOn, else "low" */
  failOn?: Severity;
  /** Only findings with status "new" block; "existing" ones are reported. @default config.newOnly, else false */
  newOnly?: boolean;
  /** The org config (enforcement levels, exemptions, extra backup resources and actions). @default {} */
  config?: OrgConfig;
  /** Accepted findings; every one is reported with what it did (applied, expired, refused, stale). @default [] */
  waivers?: Waiver[];
  /**
   * Drop the resources no rule reads before evaluating (faster, less wasm memory; no finding
   * changes). @default true
   */
  prefilter?: boolean;
  /** The moment waiver expiry is judged at. @default now */
  now?: Date;
  /**
   * A plan whose resources the rules read take more JSON bytes than this is evaluated in parts
   * that share no join (src/engine/split.ts), each at most about this size when the plan's joins
   * allow it; a plan that does not fit in one wasm instance is always split. @default PART_BYTES
   */
  partBytes?: number;
}

/**
 * The size of a part when a plan is split: 32 MiB of evaluated JSON take about 1.3 GiB of wasm
 * memory (of the 4 GiB one instance can have) and some seconds. A plan this large is split even when
 * it might still fit whole, and a worker per core evaluates its parts (src/engine/isolated.ts).
 * Smaller plans are not split: finding the parts costs about a tenth of an evaluation.
 */
export const PART_BYTES = 32 * 2 ** 20;

export const version: string = packageVersion;

/** The checker: the compiled policies loaded once, applied to any number of plans. */
export class Engine {
  private ruleList?: RuleInfo[];

  private constructor(private readonly policy: CompiledPolicy) {}

  /** Loads the bundle shipped in the package, or one already read (a worker gets its parent's). */
  static async load(bundle?: PolicyBundle): Promise<Engine> {
    return new Engine(await CompiledPolicy.load(bundle));
  }

  /** planBytes: the size of the plan to be checked next, when known (the wasm memory is sized for it). */
  static loadSync(bundle?: PolicyBundle, planBytes?: number): Engine {
    return new Engine(CompiledPolicy.loadSync(bundle, planBytes));
  }

  /** The policy bundle, read, checked and compiled. */
  get bundle(): PolicyBundle {
    return this.policy.bundle;
  }

  /** The rules of the bundle, from their METADATA, sorted by id. */
  rules(): RuleInfo[] {
    return (this.ruleList ??= this.policy.rules());
  }

  /**
   * Validates the bytes of a `terraform show -json` plan and keeps what the policies read, as
   * JSON bytes: nothing of the parsed plan outlives this call (an evaluation worker frees it
   * before the wasm memory grows). Throws BulkheadError on bad input, and on a plan too large
   * for the wasm memory.
   */
  prepare(bytes: Uint8Array, options: Pick<CheckOptions, "name" | "prefilter" | "partBytes"> = {}): PreparedPlan {
    const name = options.name ?? "plan";
    const plan = validatePlan(bytes, name);
    const prepared = {
      name,
      formatVersion: plan.formatVersion,
      terraformVersion: plan.terraformVersion,
      resources: afterInstanceCount(plan.parsed),
    };
    if (options.prefilter === false) {
      this.policy.refuseTooLarge(plan.bytes.byteLength, name);
      return { ...prepared, input: plan.bytes };
    }
    // The policies get only the resource types they read; the instance count is the whole plan's.
    const kept = deep(name, () => prefilter(plan.parsed, this.policy.relevance()));
    const input = deep(name, () => Buffer.from(JSON.stringify(kept)));
    const partBytes = options.partBytes ?? PART_BYTES;
    if (input.byteLength <= partBytes && this.policy.fits(input.byteLength)) return { ...prepared, input };
    const split = deep(name, () =>
      splitPlan(
        kept,
        Math.ceil(input.byteLength / partBytes),
        this.policy.managedPolicyNames(),
        this.policy.reachingManagedPolicies(),
      ),
    );
    const parts = split.parts.map((p) => Buffer.from(JSON.stringify(p)));
    for (const part of parts) this.policy.refuseTooLarge(part.byteLength, name);
    return parts.length === 1
      ? { ...prepared, input: parts[0] }
      : { ...prepared, input: new Uint8Array(), parts: { inputs: parts, managed: split.managed } };
  }

  /**
   * Checks the bytes of a `terraform show -json` plan. Throws BulkheadError on bad input, and on
   * a config or waivers that do not validate (named "options.config" / "options.waivers").
   */
  check(bytes: Uint8Array, options: CheckOptions = {}): Report {
    const settings = this.settings(options);
    return this.evaluate(this.prepare(bytes, options), options, settings);
  }

  /**
   * The credential-reach graph of a plan (what `bulkhead reach` walks): evaluated whole, never
   * split (a part would hold only some of the paths).
   */
  reachGraph(bytes: Uint8Array, options: Pick<CheckOptions, "name"> = {}): ReachGraph {
    const prepared = this.prepare(bytes, { name: options.name, partBytes: Number.POSITIVE_INFINITY });
    return this.policy.reachGraph(prepared.input, prepared.name);
  }

  /** The options, the config and the waivers, validated (before any plan is read). */
  settings(options: CheckOptions): Settings {
    validateOptions(options);
    const ruleIds = this.rules().map((r) => r.id);
    const config = parseConfig(options.config ?? {}, { file: "options.config", ruleIds });
    return {
      unknown: options.unknown ?? config.unknown ?? "block",
      failOn: options.failOn ?? config.failOn ?? "low",
      newOnly: options.newOnly ?? config.newOnly ?? false,
      config,
      waivers: parseWaivers({ waivers: options.waivers ?? [] }, { file: "options.waivers", ruleIds }),
      today: utcDate(options.now ?? new Date()),
    };
  }

  /** Evaluates a prepared plan and judges its findings (config, waivers, what blocks). */
  evaluate(plan: PreparedPlan, options: CheckOptions = {}, settings: Settings = this.settings(options)): Report {
    const raws = (plan.parts?.inputs ?? [plan.input]).map((input) => this.evaluatePart(input, plan.name, settings));
    return this.judge(plan, plan.parts ? mergeReports(raws, plan.parts.managed) : raws[0], settings);
  }

  /** What the policies return for one plan, or one part of a split plan. */
  evaluatePart(input: Uint8Array, name: string, settings: Settings): RawReport {
    this.policy.setConfig(policyConfig(settings.config));
    return this.policy.evaluate(input, name);
  }

  /** The Report of a prepared plan from what the policies returned for it (or its parts, merged). */
  judge(plan: PreparedPlan, report: RawReport, settings: Settings): Report {
    const raw: CountedReport = { ...report, resources: plan.resources };
    // Never a pass on a plan the policies did not read (invalid JSON gives no error in wasm).
    if (raw.stats.format_version !== plan.formatVersion) {
      throw internalError(
        `the policies did not read ${plan.name} (they saw format_version ${JSON.stringify(raw.stats.format_version)})`,
      );
    }
    return buildReport(
      raw,
      { path: plan.name, formatVersion: plan.formatVersion, terraformVersion: plan.terraformVersion },
      settings,
    );
  }
}

const OPTION_KEYS: readonly (keyof CheckOptions)[] = [
  "name",
  "unknown",
  "failOn",
  "newOnly",
  "config",
  "waivers",
  "prefilter",
  "now",
  "partBytes",
];

/**
 * The options of checkPlan / Engine.check, refused like the command line refuses them: a typo
 * ("CRITICAL", "false", fail_on) is a BulkheadError, never a different verdict.
 */
export function validateOptions(options: unknown): asserts options is CheckOptions {
  const bad = (key: string, reason: string): BulkheadError => usageError(`options.${key}: ${reason}`);
  if (!isObject(options)) throw usageError(`options: expected an object, got ${describe(options)}`);
  for (const key of Object.keys(options)) {
    if (!(OPTION_KEYS as readonly string[]).includes(key)) {
      throw bad(key, `unknown option (allowed: ${OPTION_KEYS.join(", ")})`);
    }
  }
  const o = options as Record<string, unknown>;
  const oneOf = (key: string, values: readonly string[]): void => {
    const v = o[key];
    if (v !== undefined && (typeof v !== "string" || !values.includes(v))) {
      throw bad(key, `expected one of ${values.join(", ")}, got ${describe(v)}`);
    }
  };
  const flag = (key: string): void => {
    if (o[key] !== undefined && typeof o[key] !== "boolean") {
      throw bad(key, `expected true or false, got ${describe(o[key])}`);
    }
  };
  oneOf("unknown", UNKNOWN_MODES);
  oneOf("failOn", SEVERITIES);
  flag("newOnly");
  flag("prefilter");
  if (o.name !== undefined && (typeof o.name !== "string" || o.name === "")) {
    throw bad("name", `expected text, got ${describe(o.name)}`);
  }
  if (o.now !== undefined && !(o.now instanceof Date && !Number.isNaN(o.now.getTime()))) {
    throw bad("now", `expected a valid Date, got ${describe(o.now)}`);
  }
  if (o.waivers !== undefined && !Array.isArray(o.waivers)) {
    throw bad("waivers", `expected a list of waivers, got ${describe(o.waivers)}`);
  }
}

/** A validated plan reduced to what the policies read (Engine.prepare). */
export interface PreparedPlan {
  name: string;
  /** JSON bytes the policies evaluate. */
  input: Uint8Array;
  formatVersion: string;
  terraformVersion?: string;
  /** Resource instances of the AFTER state, counted on the whole plan. */
  resources: number;
  /**
   * A plan split into parts that share no join: the parts' JSON bytes (input is then empty) and
   * the AWS managed policies each names.
   */
  parts?: { inputs: Uint8Array[]; managed: string[][] };
}

/** fn, with a plan nested too deeply for the JavaScript stack refused in one line. */
function deep<T>(name: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RangeError) throw inputError(`${name} is nested too deeply to evaluate`);
    throw e;
  }
}

/** What decides, besides the findings, what a Report says: every default already applied. */
export interface Settings {
  unknown: "block" | "warn";
  failOn: Severity;
  newOnly: boolean;
  config: OrgConfig;
  waivers: Waiver[];
  today: string;
}

/**
 * The Report of one evaluation: the org config's enforcement levels and exemptions, then the
 * waivers, then what blocks. Pure: the same inputs give the same Report.
 */
/** What the policies returned, with the resource instances counted on the whole plan. */
export interface CountedReport extends RawReport {
  resources: number;
}

export function buildReport(raw: CountedReport, source: Report["source"], settings: Settings): Report {
  const judged = applyWaivers(
    raw.findings.map((f) => toFinding(f, settings.config)).sort(byRuleAndAddress),
    settings.waivers,
    settings.today,
  );
  const findings = judged.findings.map((f) => ({ ...f, blocking: isBlocking(f, settings) }));
  const blocking = findings.filter((f) => f.blocking).length;
  return {
    schemaVersion: 1,
    tool: { name: "bulkhead", version },
    source,
    findings,
    waivers: judged.uses,
    summary: {
      blocked: blocking > 0,
      findings: findings.length,
      blocking,
      violations: findings.filter((f) => f.verdict === "violation").length,
      unknown: findings.filter((f) => f.verdict === "unknown").length,
      waived: findings.filter((f) => f.waived).length,
      exempted: findings.filter((f) => f.exemption !== undefined).length,
      staleWaivers: staleCount(judged.uses),
      resources: raw.resources,
      principals: raw.stats.principals,
      documents: raw.stats.documents,
      unverifiableDocuments: raw.stats.unverifiable_documents,
    },
  };
}

/** The finding with the org config's enforcement level and exemption; not yet waived or judged. */
function toFinding(f: RawFinding, config: OrgConfig): Finding {
  const exemption = config.exemptions?.find(
    (e) => (e.rules === undefined || e.rules.includes(f.ruleId)) && matchesTarget(e, f),
  );
  return {
    ruleId: f.ruleId,
    title: f.title,
    severity: f.severity as Severity,
    enforcement: config.enforcement?.[f.ruleId] ?? (f.enforcement as Enforcement),
    verdict: f.verdict as Verdict,
    status: f.status as Status,
    address: f.address,
    principal: f.principal,
    message: f.message,
    evidence: f.evidence,
    graph: findingGraph(f),
    waived: false,
    ...(exemption === undefined ? {} : { exemption }),
    blocking: false,
  };
}

/**
 * Advisory never blocks; soft-mandatory blocks unless waived; hard-mandatory blocks (waivers are
 * refused). Then: exempted principals, severities under --fail-on, unknown verdicts under
 * --unknown warn and existing findings under --new-only do not block.
 */
function isBlocking(f: Finding, s: Settings): boolean {
  return (
    f.enforcement !== "advisory" &&
    !f.waived &&
    f.exemption === undefined &&
    SEVERITIES.indexOf(f.severity) <= SEVERITIES.indexOf(s.failOn) &&
    (f.verdict === "violation" || s.unknown === "block") &&
    (!s.newOnly || f.status === "new")
  );
}

function staleCount(uses: WaiverUse[]): number {
  return uses.filter((u) => u.status === "stale").length;
}

/**
 * Several plans' reports as one document: blocked when any is, waivers judged over all of them.
 * Which level a waiver status belongs to: in a single Report, to its plan; in a set, "stale"
 * (matches nothing) is said of the set only: a waiver is stale when no plan of the set has a finding
 * it matches. So each report of a set lists the waivers that matched in its plan (applied, expired
 * or refused there) and counts no stale waiver; the set lists every waiver and counts the stale ones.
 */
export function reportSet(input: Report[]): ReportSet {
  const waivers = combineWaiverUses(input.map((r) => r.waivers));
  const reports = input.map((r) => ({
    ...r,
    waivers: r.waivers.filter((u) => u.status !== "stale"),
    summary: { ...r.summary, staleWaivers: 0 },
  }));
  const sum = (key: "findings" | "blocking" | "waived" | "exempted"): number =>
    reports.reduce((n, r) => n + r.summary[key], 0);
  const blockedPlans = reports.filter((r) => r.summary.blocked).length;
  return {
    schemaVersion: 1,
    tool: { name: "bulkhead", version },
    reports,
    waivers,
    summary: {
      blocked: blockedPlans > 0,
      plans: reports.length,
      blockedPlans,
      findings: sum("findings"),
      blocking: sum("blocking"),
      waived: sum("waived"),
      exempted: sum("exempted"),
      staleWaivers: staleCount(waivers),
    },
  };
}

function byRuleAndAddress(a: Finding, b: Finding): number {
  return (
    compare(a.ruleId, b.ruleId) ||
    compare(a.address, b.address) ||
    compare(a.message, b.message) ||
    compare(JSON.stringify(a.evidence), JSON.stringify(b.evidence))
  );
}

/** Code-unit order: the same on every machine, whatever its locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

let shared: Promise<Engine> | undefined;

/** checkPlan's options: those of Engine.check, and how the plan is read (as `bulkhead check` does). */
export interface CheckPlanOptions extends CheckOptions, ReadOptions {}

const READ_KEYS: readonly (keyof ReadOptions)[] = ["cwd", "env", "terraformBin", "maxBytes"];

/**
 * Checks a plan as `bulkhead check` does: a path to `terraform show -json` output, a binary plan
 * file (shown with terraform or tofu, in `options.cwd`), a stack's cdk.tf.json or a cdktf.out
 * folder of one stack; or the plan's JSON bytes (a binary plan's bytes too), or the parsed object.
 * It reads no bulkhead.config.yaml or bulkhead.waivers.yaml: the org config and waivers are
 * `options.config` and `options.waivers` (loadConfigFile / loadWaiversFile read the files).
 * Every option is validated first. The engine is loaded once per process.
 */
export async function checkPlan(plan: string | Uint8Array | object, options: CheckPlanOptions = {}): Promise<Report> {
  const read: ReadOptions = {};
  const check: CheckOptions = {};
  if (typeof options !== "object" || options === null) validateOptions(options);
  for (const [key, value] of Object.entries(options)) {
    if ((READ_KEYS as readonly string[]).includes(key)) (read as Record<string, unknown>)[key] = value;
    else (check as Record<string, unknown>)[key] = value;
  }
  validateOptions(check);
  validateReadOptions(read);
  const engine = await (shared ??= Engine.load());
  const settings = engine.settings(check);
  const { planJson, readPlanPath } = await import("./sources");
  if (typeof plan === "string") {
    const plans = await readPlanPath(plan, read);
    if (plans.length !== 1) {
      throw usageError(
        `${plan} holds ${plans.length} stacks: checkPlan takes one (${plans.map((p) => p.name).join(", ")}); reportSet combines their reports`,
      );
    }
    return engine.evaluate(
      engine.prepare(plans[0].bytes, { ...check, name: check.name ?? plans[0].name }),
      check,
      settings,
    );
  }
  const bytes = plan instanceof Uint8Array ? plan : Buffer.from(JSON.stringify(plan));
  const name = check.name ?? "plan";
  const json = await planJson(bytes, name, read);
  return engine.evaluate(engine.prepare(json, check), check, settings);
}

function validateReadOptions(o: ReadOptions): void {
  const bad = (key: string, reason: string): BulkheadError => usageError(`options.${key}: ${reason}`);
  for (const key of ["cwd", "terraformBin"] as const) {
    if (o[key] !== undefined && (typeof o[key] !== "string" || o[key] === "")) {
      throw bad(key, `expected text, got ${describe(o[key])}`);
    }
  }
  if (o.env !== undefined && !isObject(o.env)) throw bad("env", `expected an object, got ${describe(o.env)}`);
  if (o.maxBytes !== undefined && !(typeof o.maxBytes === "number" && o.maxBytes > 0)) {
    throw bad("maxBytes", `expected a number of bytes above 0, got ${describe(o.maxBytes)}`);
  }
}

/**
 * The org config as `bulkhead check` finds it: `file`, else bulkhead.config.yaml (.yml, .json) in
 * `cwd`, else none ({}); validated against the bundle's rules.
 */
export async function loadConfigFile(file?: string, cwd: string = process.cwd()): Promise<OrgConfig> {
  const engine = await (shared ??= Engine.load());
  const { loadConfig } = await import("./files");
  return loadConfig(
    file,
    cwd,
    engine.rules().map((r) => r.id),
  );
}

/** The waivers as `bulkhead check` finds them: `file`, else bulkhead.waivers.yaml (.yml, .json) in `cwd`, else none. */
export async function loadWaiversFile(file?: string, cwd: string = process.cwd()): Promise<Waiver[]> {
  const engine = await (shared ??= Engine.load());
  const { loadWaivers } = await import("./files");
  return loadWaivers(
    file,
    cwd,
    engine.rules().map((r) => r.id),
  );
}
