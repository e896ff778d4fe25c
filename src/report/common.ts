/** Helpers the formatters share: wording of evidence, waivers and the summary, rule lookup. */
import type {
  PathStep,
  PathVia,
  Evidence,
  Finding,
  Report,
  RuleInfo,
  SetSummary,
  Summary,
  WaiverUse,
} from "../engine/types";

/**
 * Every rule once, in the order given, then any rule a finding names that the list lacks (built
 * from the finding, with an empty fix), so no finding is ever left without its rule.
 */
export function ruleCatalogue(report: Report, rules: RuleInfo[]): RuleInfo[] {
  const byId = new Map<string, RuleInfo>();
  for (const rule of rules) if (!byId.has(rule.id)) byId.set(rule.id, rule);
  for (const f of report.findings) if (!byId.has(f.ruleId)) byId.set(f.ruleId, ruleOfFinding(f));
  return [...byId.values()];
}

function ruleOfFinding(f: Finding): RuleInfo {
  const { ruleId: id, title, severity, enforcement } = f;
  return { id, title, description: title, severity, enforcement, fix: "" };
}

/** METADATA text is hard-wrapped: paragraphs with their lines joined by single spaces. */
export function paragraphs(text: string): string[] {
  return text
    .trim()
    .split(/\n[ \t]*\n/)
    .map((p) =>
      p
        .split("\n")
        .map((line) => line.trim())
        .join(" "),
    )
    .filter((p) => p !== "");
}

export function firstParagraph(text: string): string {
  return paragraphs(text)[0] ?? "";
}

/** "admin: statement AdminAll of aws_iam_policy.admin via …: iam:AttachUserPolicy, …" */
export function describeEvidence(e: Evidence): string {
  if (e.grants === "path") return describePath(e);
  const head = e.state === undefined ? e.grants : `${e.grants} (${e.state})`;
  const via = e.via === undefined ? undefined : `via ${e.via}`;
  if (e.reason !== undefined) {
    const place = [e.policy ?? "a policy document", via].filter(isText).join(" ");
    return `${head}: ${place} — ${e.reason}`;
  }
  const where =
    e.statement === undefined ? e.policy : [`statement ${e.statement}`, e.policy].filter(isText).join(" of ");
  const place = [where, via].filter(isText).join(" ");
  const actions = e.actions === undefined ? "" : actionList(e.actions);
  return [`${head}:`, place].filter(isText).join(" ") + (actions === "" ? "" : `: ${actions}`);
}

const VERBS: Record<string, string> = {
  assume: "assumes",
  pass: "passes to compute",
  mint: "mints credentials of",
  join: "joins",
};

/**
 * "path to admin: ci → assumes iam-admin (trust #0 of aws_iam_role.iam_admin; statement #0 of
 * aws_iam_role_policy.assume) → IAM admin" — BH006's route from a credential to a capability.
 */
function describePath(e: Evidence): string {
  const capability = e.reaches === "admin" ? "IAM admin" : "backup deletion";
  const steps = e.steps ?? [];
  if (steps.length === 0) return `path to ${e.reaches}: reaches ${e.principal ?? "?"} (${capability})`;
  return `path to ${e.reaches}: ${describeRoute(steps)} → ${capability}`;
}

/** "ci → assumes iam-admin (trust #0 of aws_iam_role.iam_admin; …)": the edges of a path. */
export function describeRoute(steps: PathStep[]): string {
  const hops = steps.map((s) => {
    const via = s.via.map(describeVia).join("; ");
    const doubt = s.certain ? "" : ", only if unknown values are at their worst";
    return `${VERBS[s.edge] ?? s.edge} ${s.to} (${via}${doubt})`;
  });
  return [steps[0].from, ...hops].join(" → ");
}

function describeVia(v: PathVia): string {
  const what = v.kind === "trust" ? "trust" : v.kind.replace(/_/g, " ");
  return [v.statement === "" ? what : `${what} ${v.statement}`, v.resource].filter(isText).join(" of ");
}

/** Evidence may name dozens of actions: people read the first few and a count of the rest. */
const SHOWN_ACTIONS = 6;

function actionList(actions: string[]): string {
  if (actions.length <= SHOWN_ACTIONS) return actions.join(", ");
  return `${actions.slice(0, SHOWN_ACTIONS).join(", ")} and ${actions.length - SHOWN_ACTIONS} more`;
}

function isText(s: string | undefined): s is string {
  return s !== undefined && s !== "";
}

export type FindingState = "blocking" | "exempt" | "waived" | "not blocking";

export function findingState(f: Finding): FindingState {
  if (f.blocking) return "blocking";
  if (f.exemption !== undefined) return "exempt";
  return f.waived ? "waived" : "not blocking";
}

/**
 * The waiver in one phrase, for a waived finding or one whose waiver expired or was refused;
 * else undefined.
 */
export function waiverNote(f: Finding): string | undefined {
  const w = f.waiver;
  if (w === undefined) return undefined;
  if (w.expired) return `waiver expired ${w.expires}: ${w.reason} (approved by ${w.approvedBy})`;
  if (w.refused) {
    return `waiver refused, ${f.ruleId} is hard-mandatory: ${w.reason} (approved by ${w.approvedBy}, expires ${w.expires})`;
  }
  return f.waived ? `waived: ${w.reason} (approved by ${w.approvedBy}, expires ${w.expires})` : undefined;
}

/** The org config's exemption in one phrase, or undefined. */
export function exemptionNote(f: Finding): string | undefined {
  return f.exemption === undefined ? undefined : `exempt by the org config: ${f.exemption.reason}`;
}

/** The waivers that need attention (stale, expired, refused), with their 1-based place in the file. */
export function waiversToReview(waivers: readonly WaiverUse[]): { n: number; use: WaiverUse }[] {
  return waivers.flatMap((use, i) => (use.status === "applied" ? [] : [{ n: i + 1, use }]));
}

/** "waiver #2 (BH001, principal break-*)" */
export function waiverLabel(n: number, w: WaiverUse): string {
  const globs = [
    ...(w.address === undefined ? [] : [`address ${w.address}`]),
    ...(w.principal === undefined ? [] : [`principal ${w.principal}`]),
  ];
  return `waiver #${n} (${[w.ruleId, ...globs].join(", ")})`;
}

/** What a waiver did, and what to do about it. */
export function waiverUseNote(n: number, w: WaiverUse): string {
  const label = waiverLabel(n, w);
  switch (w.status) {
    case "stale":
      return `${label} is stale: it matches no finding; remove it`;
    case "expired":
      return `${label} expired ${w.expires}: ${counted(w.findings, "finding")} no longer waived`;
    case "refused":
      return `${label} is refused: ${w.ruleId} is hard-mandatory and cannot be waived (${counted(w.findings, "finding")})`;
    case "applied":
      return `${label} waives ${counted(w.findings, "finding")} until ${w.expires}`;
  }
}

/** "ci (aws_iam_user.ci)", or the address alone when the principal has no other name. */
export function principalLabel(f: Finding): string {
  return f.principal === f.address ? f.address : `${f.principal} (${f.address})`;
}

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return groups;
}

/** A rule's page: `{id}` in docsBaseUrl replaced by the rule id, else `<docsBaseUrl>/<ruleId>`. */
export function ruleUrl(docsBaseUrl: string, ruleId: string): string {
  if (docsBaseUrl.includes("{id}")) return docsBaseUrl.split("{id}").join(ruleId);
  return `${docsBaseUrl.replace(/\/+$/, "")}/${ruleId}`;
}

/**
 * Replaces control characters (except tab, line feed, carriage return), lone surrogates and the
 * non-characters U+FFFE/U+FFFF with U+FFFD: plan values must not drive a terminal or break XML.
 */
export function withoutControls(text: string): string {
  return Array.from(text, (ch) => (isUnsafe(ch.codePointAt(0) ?? 0) ? "\ufffd" : ch)).join("");
}

function isUnsafe(code: number): boolean {
  if (code === 0x09 || code === 0x0a || code === 0x0d) return false;
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0xd800 && code <= 0xdfff) ||
    code === 0xfffe ||
    code === 0xffff
  );
}

function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/**
 * "2 findings (1 blocking, 1 waived) in 34 resources, 6 principals; 1 stale waiver — BLOCKED";
 * without the waiver count for a plan among several (staleness is judged over all of them).
 */
export function summaryLine(s: Summary, withWaivers = true): string {
  const scope = [counted(s.resources, "resource"), counted(s.principals, "principal")];
  if (s.unverifiableDocuments > 0) {
    scope.push(counted(s.unverifiableDocuments, "unverifiable policy document"));
  }
  const waivers = withWaivers ? stale(s) : "";
  return `${found(s)} in ${scope.join(", ")}${waivers} — ${s.blocked ? "BLOCKED" : "passed"}`;
}

/** "2 plans (1 blocked): 5 findings (3 blocking); 1 stale waiver — BLOCKED" */
export function setSummaryLine(s: SetSummary): string {
  const plans = `${counted(s.plans, "plan")} (${s.blockedPlans} blocked)`;
  return `${plans}: ${found({ ...s, unknown: 0 })}${stale(s)} — ${s.blocked ? "BLOCKED" : "passed"}`;
}

function found(s: Pick<Summary, "findings" | "blocking" | "unknown" | "waived" | "exempted">): string {
  if (s.findings === 0) return "no findings";
  const parts = [
    `${s.blocking} blocking`,
    s.unknown > 0 ? `${s.unknown} unknown` : "",
    s.waived > 0 ? `${s.waived} waived` : "",
    s.exempted > 0 ? `${s.exempted} exempt` : "",
  ];
  return `${counted(s.findings, "finding")} (${parts.filter(isText).join(", ")})`;
}

function stale(s: { staleWaivers: number }): string {
  return s.staleWaivers > 0 ? `; ${counted(s.staleWaivers, "stale waiver")}` : "";
}
