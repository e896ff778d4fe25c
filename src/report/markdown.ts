/** A pull-request comment: status heading, one table row per finding, evidence collapsed. */
import type { Finding, RuleInfo } from "../engine/types";
import {
  describeEvidence,
  findingState,
  firstParagraph,
  principalLabel,
  ruleCatalogue,
  ruleUrl,
  summaryLine,
  waiverNote,
  withoutControls,
} from "./common";
import type { Formatter } from "./format";

export const formatMarkdown: Formatter = (report, options) => {
  const rules = new Map(ruleCatalogue(report, options.rules).map((r) => [r.id, r]));
  const heading = report.summary.blocked ? "### ❌ bulkhead: blocked" : "### ✅ bulkhead: passed";
  const sections = [heading, `Plan: ${md(report.source.path)}`];
  if (report.findings.length > 0) {
    sections.push(
      table(report.findings, options.docsBaseUrl),
      ...report.findings.map((f) => details(f, rules.get(f.ruleId))),
    );
  }
  sections.push(md(summaryLine(report.summary)));
  return sections.join("\n\n") + "\n";
};

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
  const waiver = waiverNote(f);
  const fix = rule === undefined ? "" : firstParagraph(rule.fix);
  const body = [
    f.evidence.map((e) => `- ${md(describeEvidence(e))}`).join("\n"),
    ...(waiver === undefined ? [] : [md(waiver)]),
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
