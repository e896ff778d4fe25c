/** The default, human format: findings grouped by principal, waivers to review, one summary line. */
import type { Finding, Report, WaiverUse } from "../engine/types";
import {
  describeEvidence,
  exemptionNote,
  findingState,
  firstParagraph,
  groupBy,
  principalLabel,
  ruleCatalogue,
  setSummaryLine,
  summaryLine,
  waiverNote,
  waiversToReview,
  waiverUseNote,
  withoutControls,
  type FindingState,
} from "./common";
import type { FormatOptions, Formatter, SetFormatter } from "./format";

type Paint = (style: Style, text: string) => string;
type Style = "bold" | "red" | "yellow" | "green" | "dim";

const ANSI: Record<Style, string> = {
  bold: "1",
  red: "31",
  yellow: "33",
  green: "32",
  dim: "2",
};
const STATE_STYLE: Record<FindingState, Style> = {
  blocking: "red",
  "not blocking": "yellow",
  waived: "dim",
  exempt: "dim",
};

export const formatText: Formatter = (report, options) => {
  const paint = painter(options.color);
  const s = report.summary;
  const sections = [...findingSections(report, options, paint), ...waiverSection(report.waivers, paint)];
  return [...sections, paint(s.blocked ? "red" : "green", summaryLine(s))].join("\n\n") + "\n";
};

/** Each plan under a "plan: PATH" heading with its own summary line; then the waivers, then the total. */
export const formatTextSet: SetFormatter = (set, options) => {
  const paint = painter(options.color);
  const plans = set.reports.map((report) =>
    [
      paint("bold", oneLine(`plan: ${report.source.path}`)),
      ...findingSections(report, options, paint),
      paint(report.summary.blocked ? "red" : "green", summaryLine(report.summary, false)),
    ].join("\n\n"),
  );
  const total = paint(set.summary.blocked ? "red" : "green", setSummaryLine(set.summary));
  return [...plans, ...waiverSection(set.waivers, paint), total].join("\n\n") + "\n";
};

function painter(color: boolean): Paint {
  return color ? (style, text) => `\x1b[${ANSI[style]}m${text}\x1b[0m` : (_style, text) => text;
}

function findingSections(report: Report, options: FormatOptions, paint: Paint): string[] {
  const fixes = new Map(ruleCatalogue(report, options.rules).map((r) => [r.id, firstParagraph(r.fix)]));
  const groups = groupBy(report.findings, (f) => `${f.principal}\n${f.address}`);
  return [...groups.values()].map((findings) => {
    const heading = paint("bold", oneLine(principalLabel(findings[0])));
    return [heading, ...findings.flatMap((f) => findingLines(f, fixes.get(f.ruleId), paint))].join("\n");
  });
}

function findingLines(f: Finding, fix: string | undefined, paint: Paint): string[] {
  const state = findingState(f);
  const headline = `${f.ruleId} ${f.title}: ${f.verdict}, ${f.status}, ${state}`;
  const notes = [exemptionNote(f), waiverNote(f)].filter((n): n is string => n !== undefined);
  return [
    "  " + paint(STATE_STYLE[state], oneLine(headline)),
    ...notes.map((n) => `    ${oneLine(n)}`),
    `    ${oneLine(f.message)}`,
    ...(f.evidence.length === 0 ? [] : ["    evidence:"]),
    ...f.evidence.map((e) => `      ${oneLine(describeEvidence(e))}`),
    ...(fix === undefined || fix === "" ? [] : [`    fix: ${oneLine(fix)}`]),
  ];
}

/** The waivers that did not apply: stale, expired or refused; none when all applied. */
function waiverSection(waivers: readonly WaiverUse[], paint: Paint): string[] {
  const review = waiversToReview(waivers);
  if (review.length === 0) return [];
  return [
    [
      paint("bold", "waivers:"),
      ...review.map(({ n, use }) => `  ${paint("yellow", oneLine(waiverUseNote(n, use)))}`),
    ].join("\n"),
  ];
}

/** Plan values reach the terminal: no line breaks, no control characters (escape sequences). */
function oneLine(text: string): string {
  return withoutControls(text.replace(/\r\n|[\r\n]/g, " "));
}
