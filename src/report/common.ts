/** Helpers the formatters share: wording of evidence, waivers and the summary, rule lookup. */
import type { Evidence, Finding, Report, RuleInfo, Summary } from "../engine/types";

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

/** Evidence may name dozens of actions: people read the first few and a count of the rest. */
const SHOWN_ACTIONS = 6;

function actionList(actions: string[]): string {
  if (actions.length <= SHOWN_ACTIONS) return actions.join(", ");
  return `${actions.slice(0, SHOWN_ACTIONS).join(", ")} and ${actions.length - SHOWN_ACTIONS} more`;
}

function isText(s: string | undefined): s is string {
  return s !== undefined && s !== "";
}

export type FindingState = "blocking" | "waived" | "not blocking";

export function findingState(f: Finding): FindingState {
  if (f.blocking) return "blocking";
  return f.waived ? "waived" : "not blocking";
}

/** The waiver in one phrase, for a waived finding or one whose waiver expired; else undefined. */
export function waiverNote(f: Finding): string | undefined {
  const w = f.waiver;
  if (w === undefined) return undefined;
  if (w.expired) return `waiver expired ${w.expires}: ${w.reason} (approved by ${w.approvedBy})`;
  return f.waived ? `waived: ${w.reason} (approved by ${w.approvedBy}, expires ${w.expires})` : undefined;
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

export function ruleUrl(docsBaseUrl: string, ruleId: string): string {
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

/** "2 findings (1 blocking, 1 waived) in 34 resources, 6 principals — BLOCKED" */
export function summaryLine(s: Summary): string {
  const found =
    s.findings === 0
      ? "no findings"
      : `${counted(s.findings, "finding")} (${[
          `${s.blocking} blocking`,
          s.unknown > 0 ? `${s.unknown} unknown` : "",
          s.waived > 0 ? `${s.waived} waived` : "",
        ]
          .filter(isText)
          .join(", ")})`;
  const scope = [counted(s.resources, "resource"), counted(s.principals, "principal")];
  if (s.unverifiableDocuments > 0) {
    scope.push(counted(s.unverifiableDocuments, "unverifiable policy document"));
  }
  return `${found} in ${scope.join(", ")} — ${s.blocked ? "BLOCKED" : "passed"}`;
}
