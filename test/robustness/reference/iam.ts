/**
 * A small, independent reference for what BH001 asks of IAM statements, written from
 * docs/semantics.md (IAM statement semantics, BH001) without looking at the Rego:
 *
 * - an action pattern matches an action case-insensitively; `*` matches any run of characters
 *   (":" included), `?` exactly one; nothing else is special;
 * - an action is allowed when some Allow statement names it (Action, or NotAction by omission)
 *   and no Deny statement names it that has no Condition (an empty Condition object is none) and
 *   a Resource containing "*" (NotResource never counts);
 * - admin actions need an Allow that covers every resource (Resource containing "*", or
 *   NotResource: counted as everything, documented over-approximation); backup-only actions
 *   count on any resource; backup data actions only on "*" (or NotResource).
 *
 * Catalogue actions (which actions are admin / backup) are data and come from the bundle.
 */

export type Effect = "Allow" | "Deny";

export interface Statement {
  Sid?: string;
  Effect: Effect;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface Catalogue {
  /** Catalogue actions as AWS spells them ("iam:AttachRolePolicy"). */
  all: string[];
  admin: Set<string>;
  /** backup action → "only" (any resource counts) or "data" (only "*"). */
  backup: Map<string, "only" | "data">;
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

const compiled = new Map<string, RegExp>();

/** An IAM action pattern as an anchored, case-insensitive RegExp. */
export function patternToRegExp(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    let body = "";
    for (const ch of pattern) {
      if (ch === "*") body += "[\\s\\S]*";
      else if (ch === "?") body += "[\\s\\S]";
      else body += ch.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
    }
    re = new RegExp(`^${body}$`, "iu");
    compiled.set(pattern, re);
  }
  return re;
}

export const matches = (pattern: string, action: string): boolean => patternToRegExp(pattern).test(action);

/** The statement names the action (by Action, or by NotAction not naming it). */
export function names(s: Statement, action: string): boolean {
  if (s.Action !== undefined) return list(s.Action).some((p) => matches(p, action));
  if (s.NotAction !== undefined) return !list(s.NotAction).some((p) => matches(p, action));
  return false;
}

const unconditional = (s: Statement): boolean => s.Condition === undefined || Object.keys(s.Condition).length === 0;
const resourceHasStar = (s: Statement): boolean => s.NotResource === undefined && list(s.Resource).includes("*");
const coversEverything = (s: Statement): boolean => s.NotResource !== undefined || list(s.Resource).includes("*");

/** The Deny statement subtracts the action. */
export const denies = (s: Statement, action: string): boolean =>
  s.Effect === "Deny" && unconditional(s) && resourceHasStar(s) && names(s, action);

/** What one Allow statement grants of a kind (before Deny), given the catalogue. */
export function statementGrants(s: Statement, kind: "admin" | "backup", cat: Catalogue): Set<string> {
  const out = new Set<string>();
  if (s.Effect !== "Allow") return out;
  for (const a of cat.all) {
    if (!names(s, a)) continue;
    if (kind === "admin" && cat.admin.has(a) && coversEverything(s)) out.add(a);
    if (kind === "backup" && cat.backup.has(a) && (cat.backup.get(a) === "only" || coversEverything(s))) out.add(a);
  }
  return out;
}

export interface Effective {
  admin: Set<string>;
  backup: Set<string>;
  /** BH001: both halves on the one principal. */
  violates: boolean;
}

/** The admin and backup actions a principal holding exactly these statements is allowed. */
export function effective(statements: Statement[], cat: Catalogue): Effective {
  const denied = (a: string): boolean => statements.some((s) => denies(s, a));
  const collect = (kind: "admin" | "backup"): Set<string> => {
    const out = new Set<string>();
    for (const s of statements) for (const a of statementGrants(s, kind, cat)) if (!denied(a)) out.add(a);
    return out;
  };
  const admin = collect("admin");
  const backup = collect("backup");
  return { admin, backup, violates: admin.size > 0 && backup.size > 0 };
}
