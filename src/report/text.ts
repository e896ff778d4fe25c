/** The default, human format: findings grouped by principal, then one summary line. */
import type { Finding } from "../engine/types";
import {
  describeEvidence,
  findingState,
  firstParagraph,
  groupBy,
  principalLabel,
  ruleCatalogue,
  summaryLine,
  waiverNote,
  withoutControls,
  type FindingState,
} from "./common";
import type { Formatter } from "./format";

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
};

export const formatText: Formatter = (report, options) => {
  const paint: Paint = options.color ? (style, text) => `\x1b[${ANSI[style]}m${text}\x1b[0m` : (_style, text) => text;
  const fixes = new Map(ruleCatalogue(report, options.rules).map((r) => [r.id, firstParagraph(r.fix)]));
  const groups = groupBy(report.findings, (f) => `${f.principal}\n${f.address}`);
  const blocks = [...groups.values()].map((findings) => {
    const heading = paint("bold", oneLine(principalLabel(findings[0])));
    return [heading, ...findings.flatMap((f) => findingLines(f, fixes.get(f.ruleId), paint))];
  });
  const s = report.summary;
  const summary = paint(s.blocked ? "red" : "green", summaryLine(s));
  return [...blocks.map((lines) => lines.join("\n") + "\n"), summary].join("\n") + "\n";
};

function findingLines(f: Finding, fix: string | undefined, paint: Paint): string[] {
  const state = findingState(f);
  const headline = `${f.ruleId} ${f.title}: ${f.verdict}, ${f.status}, ${state}`;
  const waiver = waiverNote(f);
  return [
    "  " + paint(STATE_STYLE[state], oneLine(headline)),
    ...(waiver === undefined ? [] : [`    ${oneLine(waiver)}`]),
    `    ${oneLine(f.message)}`,
    ...(f.evidence.length === 0 ? [] : ["    evidence:"]),
    ...f.evidence.map((e) => `      ${oneLine(describeEvidence(e))}`),
    ...(fix === undefined || fix === "" ? [] : [`    fix: ${oneLine(fix)}`]),
  ];
}

/** Plan values reach the terminal: no line breaks, no control characters (escape sequences). */
function oneLine(text: string): string {
  return withoutControls(text.replace(/\r\n|[\r\n]/g, " "));
}
