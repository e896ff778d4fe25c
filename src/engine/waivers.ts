/**
 * Waivers (bulkhead.waivers.yaml): accepted findings with a reason, an expiry date and an
 * approver. Parsing validates every entry; applying marks the findings a waiver matches and
 * tells, for each waiver, whether it applied, expired, was refused (hard-mandatory rule) or
 * matched nothing (stale).
 */
import { describe, invalid, join, reason, ruleId, target, text, type Origin } from "./config";
import { checkSchema } from "./schema";
import type { AppliedWaiver, Finding, Waiver, WaiverStatus, WaiverUse } from "./types";

/**
 * Validates a parsed waivers document against schemas/waivers.schema.json (`{waivers: [...]}`; an
 * empty document has no waivers), then what the schema cannot say: rule ids of the bundle, an
 * address or principal that does not match everything, trimmed reasons, calendar dates.
 * Throws an input BulkheadError "FILE: waivers[N].KEY: reason".
 */
export function parseWaivers(value: unknown, origin: Origin): Waiver[] {
  if (value === null || value === undefined) return [];
  checkSchema("waivers", value, origin);
  const list = (value as { waivers?: Record<string, unknown>[] | null }).waivers ?? [];
  return list.map((v, i) => waiver(origin, join("waivers", i), v));
}

function waiver(origin: Origin, key: string, v: Record<string, unknown>): Waiver {
  const id = ruleId(origin, join(key, "ruleId"), v.ruleId);
  const globs = target(origin, key, v);
  const why = reason(origin, join(key, "reason"), v.reason);
  const expires = date(origin, join(key, "expires"), v.expires);
  const approvedBy = text(origin, join(key, "approvedBy"), v.approvedBy).trim();
  return { ruleId: id, ...globs, reason: why, expires, approvedBy };
}

/** A calendar date, YYYY-MM-DD (the schema checked the form). */
function date(origin: Origin, key: string, v: unknown): string {
  const s = String(v).trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m === null) throw invalid(origin, key, `expected a date YYYY-MM-DD, got ${describe(v)}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
    throw invalid(origin, key, `${m[0]} is not a calendar date`);
  }
  return m[0];
}

/** Today's date in UTC, YYYY-MM-DD: a waiver applies through the whole of its expiry day (UTC). */
export function utcDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/**
 * A glob over addresses or names: `*` matches any run of characters (dots and brackets too),
 * `?` exactly one; everything else, `[` included, is literal. Case-sensitive.
 */
export function globMatcher(glob: string): (s: string) => boolean {
  const source = Array.from(glob, (ch) =>
    ch === "*" ? "[\\s\\S]*" : ch === "?" ? "[\\s\\S]" : ch.replace(/[\\^$.|+()[\]{}]/g, "\\$&"),
  ).join("");
  const re = new RegExp(`^${source}$`, "u");
  return (s) => re.test(s);
}

/** Whether a waiver's or exemption's address and principal globs (those it sets) match the finding. */
export function matchesTarget(
  t: { address?: string; principal?: string },
  f: { address: string; principal: string },
): boolean {
  return (
    (t.address === undefined || globMatcher(t.address)(f.address)) &&
    (t.principal === undefined || globMatcher(t.principal)(f.principal))
  );
}

/**
 * Marks every finding a waiver matches (rule id and globs): waived when the first matching
 * waiver that has not expired applies to it, that waiver (refused) when the rule is
 * hard-mandatory, else the first expired one. `blocking` is left to the caller.
 */
export function applyWaivers(
  findings: Finding[],
  waivers: Waiver[],
  today: string,
): { findings: Finding[]; uses: WaiverUse[] } {
  const matched = waivers.map(() => ({ findings: 0, waives: 0 }));
  const out = findings.map((f) => {
    const hits = waivers.flatMap((w, i) => (w.ruleId === f.ruleId && matchesTarget(w, f) ? [i] : []));
    for (const i of hits) {
      matched[i].findings++;
      if (!isExpired(waivers[i], today) && f.enforcement !== "hard-mandatory") matched[i].waives++;
    }
    if (hits.length === 0) return f;
    const active = hits.find((i) => !isExpired(waivers[i], today));
    const chosen = active ?? hits[0];
    const refused = active !== undefined && f.enforcement === "hard-mandatory";
    const applied: AppliedWaiver = { ...waivers[chosen], expired: active === undefined, refused };
    return { ...f, waived: active !== undefined && !refused, waiver: applied };
  });
  const uses = waivers.map((w, i) => ({
    ...w,
    status: status(isExpired(w, today), matched[i].findings, matched[i].waives),
    findings: matched[i].findings,
  }));
  return { findings: out, uses };
}

function isExpired(w: Waiver, today: string): boolean {
  return today > w.expires;
}

function status(expired: boolean, findings: number, waives: number): WaiverStatus {
  if (findings === 0) return "stale";
  if (expired) return "expired";
  return waives > 0 ? "applied" : "refused";
}

/**
 * The waivers over several plans (each list from the same waivers, in the same order): stale
 * only when stale in every plan, applied when applied in any.
 */
export function combineWaiverUses(lists: WaiverUse[][]): WaiverUse[] {
  if (lists.length === 0) return [];
  return lists[0].map((first, i) => {
    const uses = lists.map((l) => l[i]);
    const findings = uses.reduce((n, u) => n + u.findings, 0);
    const order: WaiverStatus[] = ["applied", "refused", "expired"];
    const status = order.find((s) => uses.some((u) => u.status === s)) ?? "stale";
    return { ...first, status, findings };
  });
}
