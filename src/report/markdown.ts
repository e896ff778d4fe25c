/**
 * A pull-request comment: status heading, one table row per finding, evidence collapsed, the
 * waivers that did not apply; over several plans, one section per plan.
 */
import type { Finding, Report, RuleInfo, WaiverUse } from "../engine/types";
import {
  describeEvidence,
  exemptionNote,
  findingState,
  firstParagraph,
  principalLabel,
  ruleCatalogue,
  ruleUrl,
  setSummaryLine,
  summaryLine,
  waiverNote,
  waiversToReview,
  waiverUseNote,
  withoutControls,
} from "./common";
import type { FormatOptions, Formatter, SetFormatter } from "./format";

export const formatMarkdown: Formatter = (report, options) => {
  const heading = report.summary.blocked ? "### ❌ bulkhead: blocked" : "### ✅ bulkhead: passed";
  const sections = [
    heading,
    `Plan: ${md(report.source.path)}`,
    ...findingSections(report, options),
    ...waiverSection(report.waivers),
    md(summaryLine(report.summary)),
  ];
  return sections.join("\n\n") + "\n";
};

export const formatMarkdownSet: SetFormatter = (set, options) => {
  const s = set.summary;
  const heading = s.blocked
    ? `### ❌ bulkhead: blocked (${s.blockedPlans} of ${s.plans} plans)`
    : `### ✅ bulkhead: passed (${s.plans} plans)`;
  const plans = set.reports.flatMap((report) => [
    `#### ${report.summary.blocked ? "❌" : "✅"} ${md(report.source.path)}`,
    ...findingSections(report, options),
    md(summaryLine(report.summary, false)),
  ]);
  const sections = [heading, ...plans, ...waiverSection(set.waivers), `**${md(setSummaryLine(s))}**`];
  return sections.join("\n\n") + "\n";
};

function findingSections(report: Report, options: FormatOptions): string[] {
  if (report.findings.length === 0) return [];
  const rules = new Map(ruleCatalogue(report, options.rules).map((r) => [r.id, r]));
  return [table(report.findings, options.docsBaseUrl), ...report.findings.map((f) => details(f, rules.get(f.ruleId)))];
}

/** The waivers that did not apply, as a list under a heading; nothing when all applied. */
function waiverSection(waivers: readonly WaiverUse[]): string[] {
  const review = waiversToReview(waivers);
  if (review.length === 0) return [];
  return ["**Waivers to review**", review.map(({ n, use }) => `- ${md(waiverUseNote(n, use))}`).join("\n")];
}

function table(findings: Finding[], docsBaseUrl: string | undefined): string {
  const rows = findings.map((f) => {
    const rule = docsBaseUrl === undefined ? f.ruleId : `[${f.ruleId}](${ruleUrl(docsBaseUrl, f.ruleId)})`;
    const principal = f.principal === f.address ? md(f.address) : `${md(f.principal)}<br>${md(f.address)}`;
    const state = findingState(f);
    const status = `${f.status}, ${state === "blocking" ? "**blocking**" : state}`;
    return `| ${rule} ${md(f.title)} | ${principal} | ${f.verdict} | ${status} | ${md(f.message)} |`;
  });
  return ["| Rule | Principal | Verdict | Status | Message |", "| --- | --- | --- | --- | --- |", ...rows].join("\n");
}

function details(f: Finding, rule: RuleInfo | undefined): string {
  const summary = html(`${f.ruleId} · ${principalLabel(f)}`.replace(/\r\n|[\r\n]/g, " "));
  const notes = [exemptionNote(f), waiverNote(f)].filter((n): n is string => n !== undefined);
  const fix = rule === undefined ? "" : firstParagraph(rule.fix);
  const body = [
    f.evidence.map((e) => `- ${md(describeEvidence(e))}`).join("\n"),
    ...notes.map(md),
    ...(fix === "" ? [] : [`**Fix:** ${md(fix)}`]),
  ].filter((part) => part !== "");
  return [`<details>\n<summary>${summary}</summary>`, ...body, "</details>"].join("\n\n");
}

/**
 * Inline Markdown text that stays one table cell: markup characters escaped (an underscore only
 * where it could start or end emphasis, so addresses stay readable), line breaks as <br>.
 */
function md(s: string): string {
  return html(s)
    .replace(/[\\`*[~|]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, (c) => `\\${c}`)
    .replace(/\r\n|[\r\n]/g, "<br>");
}

function html(s: string): string {
  return withoutControls(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
