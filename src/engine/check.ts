import { readFileSync } from "node:fs";
import { inputError } from "./errors";
import { packageVersion } from "./paths";
import { validatePlan } from "./input";
import { CompiledPolicy, type RawFinding, type RawReport } from "./policy";
import type { Enforcement, Finding, Report, RuleInfo, Severity, Status, Verdict } from "./types";

export interface CheckOptions {
  /** Name of the input in messages and in report.source.path. @default "plan" */
  name?: string;
  /**
   * What a finding with verdict "unknown" (a violation only if values unknown until apply are at
   * their worst) does. @default "block"
   */
  unknown?: "block" | "warn";
}

export const version: string = packageVersion;

/** The checker: the compiled policies loaded once, applied to any number of plans. */
export class Engine {
  private ruleList?: RuleInfo[];

  private constructor(private readonly policy: CompiledPolicy) {}

  static async load(): Promise<Engine> {
    return new Engine(await CompiledPolicy.load());
  }

  static loadSync(): Engine {
    return new Engine(CompiledPolicy.loadSync());
  }

  /** The rules of the bundle, from their METADATA, sorted by id. */
  rules(): RuleInfo[] {
    return (this.ruleList ??= this.policy.rules());
  }

  /** Checks the bytes of a `terraform show -json` plan. Throws BulkheadError on bad input. */
  check(bytes: Uint8Array, options: CheckOptions = {}): Report {
    const name = options.name ?? "plan";
    const plan = validatePlan(bytes, name);
    const raw = this.policy.evaluate(plan.bytes, name);
    return buildReport(
      raw,
      { path: name, formatVersion: plan.formatVersion, terraformVersion: plan.terraformVersion },
      options,
    );
  }
}

function buildReport(raw: RawReport, source: Report["source"], options: CheckOptions): Report {
  const findings = raw.findings.map((f) => toFinding(f, options)).sort(byRuleAndAddress);
  const blocking = findings.filter((f) => f.blocking).length;
  return {
    schemaVersion: 1,
    tool: { name: "bulkhead", version },
    source,
    findings,
    summary: {
      blocked: blocking > 0,
      findings: findings.length,
      blocking,
      violations: findings.filter((f) => f.verdict === "violation").length,
      unknown: findings.filter((f) => f.verdict === "unknown").length,
      waived: findings.filter((f) => f.waived).length,
      resources: raw.stats.resources,
      principals: raw.stats.principals,
      documents: raw.stats.documents,
      unverifiableDocuments: raw.stats.unverifiable_documents,
    },
  };
}

function toFinding(f: RawFinding, options: CheckOptions): Finding {
  const enforcement = f.enforcement as Enforcement;
  const verdict = f.verdict as Verdict;
  return {
    ruleId: f.ruleId,
    title: f.title,
    severity: f.severity as Severity,
    enforcement,
    verdict,
    status: f.status as Status,
    address: f.address,
    principal: f.principal,
    message: f.message,
    evidence: f.evidence,
    waived: false,
    blocking: enforcement !== "advisory" && (verdict === "violation" || (options.unknown ?? "block") === "block"),
  };
}

function byRuleAndAddress(a: Finding, b: Finding): number {
  return a.ruleId.localeCompare(b.ruleId) || a.address.localeCompare(b.address) || a.message.localeCompare(b.message);
}

let shared: Promise<Engine> | undefined;

/**
 * Checks a plan: a path to `terraform show -json` output, its bytes, or the parsed object.
 * The engine is loaded once per process.
 */
export async function checkPlan(plan: string | Uint8Array | object, options: CheckOptions = {}): Promise<Report> {
  const engine = await (shared ??= Engine.load());
  if (typeof plan === "string") {
    let bytes: Buffer;
    try {
      bytes = readFileSync(plan);
    } catch (e) {
      throw inputError(`cannot read ${plan}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    return engine.check(bytes, { name: plan, ...options });
  }
  if (plan instanceof Uint8Array) return engine.check(plan, options);
  return engine.check(Buffer.from(JSON.stringify(plan)), options);
}
