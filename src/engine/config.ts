/**
 * The org config (bulkhead.config.yaml): enforcement per rule, extra backup resources and
 * actions for the policies, principals exempted by design, and what blocks. Validated strictly:
 * an unknown key, a wrong type or an unknown rule id is an error naming the file and the key.
 */
import { inputError, type BulkheadError } from "./errors";
import { checkSchema } from "./schema";
import type { Enforcement, Exemption, Severity } from "./types";

export interface OrgConfig {
  /** Enforcement level per rule id, replacing the level of the rule's METADATA. */
  enforcement?: Record<string, Enforcement>;
  /** ARN globs of backup storage (buckets, tables, keys, vaults), for data actions. */
  backupResourcePatterns?: string[];
  /** "service:Action" names that also make a principal an admin (BH001). */
  extraAdminActions?: string[];
  /** "service:Action" names that also destroy backups (BH001). */
  extraBackupActions?: string[];
  /** Principals whose findings are reported but never block. */
  exemptions?: Exemption[];
  /** Only findings of this severity or higher block. @default "low" (every finding) */
  failOn?: Severity;
  /** Only findings with status "new" block. @default false */
  newOnly?: boolean;
  /** What a finding with verdict "unknown" does. @default "block" */
  unknown?: "block" | "warn";
}

/** What the policies read from data.bulkhead.config. */
export interface PolicyConfig {
  backup_resource_patterns: string[];
  extra_admin_actions: string[];
  extra_backup_actions: string[];
}

export const ENFORCEMENTS: readonly Enforcement[] = ["advisory", "soft-mandatory", "hard-mandatory"];
export const UNKNOWN_MODES: readonly ("block" | "warn")[] = ["block", "warn"];
/** Highest first. */
export const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low"];

/**
 * An IAM action name as the service authorization reference spells it: a service prefix
 * (lower case, digits, hyphens) and an action name (letters and digits), no wildcards. Whether
 * the action exists is not checked at run time (the AWS data is not shipped).
 */
export const ACTION_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*:[A-Za-z][A-Za-z0-9]*$/;

/** Where a value came from, for messages: "bulkhead.config.yaml: exemptions[1].reason: …". */
export interface Origin {
  file: string;
  /** The rule ids of the bundle: references to others are errors. */
  ruleIds: readonly string[];
}

export function invalid(origin: { file: string }, key: string, reason: string): BulkheadError {
  return inputError(`${origin.file}: ${key === "" ? "" : `${key}: `}${reason}`);
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export function describe(v: unknown): string {
  if (Array.isArray(v)) return "a list";
  if (v === null) return "null";
  if (typeof v === "object") return "a map";
  if (typeof v === "string") return `the text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v} ${String(v)}`;
}

export function join(key: string, child: string | number): string {
  if (typeof child === "number") return `${key}[${child}]`;
  return key === "" ? child : `${key}.${child}`;
}

export function text(origin: Origin, key: string, v: unknown): string {
  if (typeof v !== "string") throw invalid(origin, key, `expected text, got ${describe(v)}`);
  if (v.trim() === "") throw invalid(origin, key, "is empty");
  return v;
}

export function ruleId(origin: Origin, key: string, v: unknown): string {
  const id = text(origin, key, v);
  if (!origin.ruleIds.includes(id)) {
    throw invalid(origin, key, `unknown rule id ${id} (known: ${origin.ruleIds.join(", ")})`);
  }
  return id;
}

/** A reason people will read in a report: at least 10 characters. */
export function reason(origin: Origin, key: string, v: unknown): string {
  if (v === undefined) throw invalid(origin, key, "missing: say why, in at least 10 characters");
  const r = text(origin, key, v).trim();
  if (r.length < 10) throw invalid(origin, key, `must be at least 10 characters, got ${r.length}`);
  return r;
}

/**
 * The address/principal globs of a waiver or exemption: at least one, and none that matches
 * everything (that is what the enforcement level is for).
 */
export function target(
  origin: Origin,
  key: string,
  v: Record<string, unknown>,
): { address?: string; principal?: string } {
  if (v.address === undefined && v.principal === undefined) {
    throw invalid(origin, key, "needs an address or a principal (a glob) to say which findings it covers");
  }
  const out: { address?: string; principal?: string } = {};
  for (const k of ["address", "principal"] as const) {
    if (v[k] === undefined) continue;
    const glob = text(origin, join(key, k), v[k]);
    if (/^[*?]+$/.test(glob)) {
      throw invalid(origin, join(key, k), `${glob} matches everything: set the rule's enforcement level instead`);
    }
    out[k] = glob;
  }
  return out;
}

/**
 * Validates a parsed config document (YAML or JSON) against schemas/config.schema.json, then
 * what the schema cannot say (rule ids of the bundle, trimmed reasons, globs that match
 * everything). An empty document is an empty config. Throws an input BulkheadError "FILE: KEY: reason".
 */
export function parseConfig(value: unknown, origin: Origin): OrgConfig {
  if (value === null || value === undefined) return {};
  checkSchema("config", value, origin);
  const v = value as OrgConfig;
  const config: OrgConfig = {};
  if (v.enforcement !== undefined) {
    for (const id of Object.keys(v.enforcement)) ruleId(origin, join("enforcement", id), id);
    config.enforcement = { ...v.enforcement };
  }
  for (const key of ["backupResourcePatterns", "extraAdminActions", "extraBackupActions"] as const) {
    if (v[key] !== undefined) config[key] = [...(v[key] as string[])];
  }
  if (v.exemptions !== undefined) {
    config.exemptions = v.exemptions.map((e, i) => exemption(origin, join("exemptions", i), e));
  }
  if (v.failOn !== undefined) config.failOn = v.failOn;
  if (v.newOnly !== undefined) config.newOnly = v.newOnly;
  if (v.unknown !== undefined) config.unknown = v.unknown;
  return config;
}

function exemption(origin: Origin, key: string, v: Exemption): Exemption {
  const out: Exemption = {
    ...target(origin, key, v as unknown as Record<string, unknown>),
    reason: reason(origin, join(key, "reason"), v.reason),
  };
  if (v.rules !== undefined) out.rules = v.rules.map((id, i) => ruleId(origin, join(join(key, "rules"), i), id));
  return out;
}

/** The part of the config the policies read, with every list present. */
export function policyConfig(config: OrgConfig): PolicyConfig {
  return {
    backup_resource_patterns: config.backupResourcePatterns ?? [],
    extra_admin_actions: config.extraAdminActions ?? [],
    extra_backup_actions: config.extraBackupActions ?? [],
  };
}
