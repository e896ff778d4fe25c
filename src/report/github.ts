/**
 * GitHub Actions workflow commands, one line per finding:
 * `::error file=plan.json,title=BH001 Admin with backup deletion::<message> (<address>)` —
 * error when it blocks, notice when waived or exempt, warning otherwise; then one warning per
 * waiver that did not apply (stale, expired, refused).
 */
import type { Finding, Report, WaiverUse } from "../engine/types";
import { exemptionNote, findingState, waiverNote, waiversToReview, waiverUseNote, type FindingState } from "./common";
import type { Formatter, SetFormatter } from "./format";

const COMMAND: Record<FindingState, string> = {
  blocking: "error",
  "not blocking": "warning",
  waived: "notice",
  exempt: "notice",
};

export const formatGithub: Formatter = (report) => lines([report], report.waivers);

export const formatGithubSet: SetFormatter = (set) => lines(set.reports, set.waivers);

function lines(reports: Report[], waivers: readonly WaiverUse[]): string {
  const findings = reports.flatMap((r) => r.findings.map((f) => command(f, r.source.path)));
  const review = waiversToReview(waivers).map(
    ({ n, use }) => `::warning title=${escapeProperty("bulkhead waiver")}::${escapeData(waiverUseNote(n, use))}`,
  );
  return [...findings, ...review].map((l) => l + "\n").join("");
}

function command(f: Finding, file: string): string {
  const properties = `file=${escapeProperty(file)},title=${escapeProperty(`${f.ruleId} ${f.title}`)}`;
  const notes = [exemptionNote(f), waiverNote(f)].filter((n): n is string => n !== undefined);
  const message = [`${f.message} (${f.address})`, ...notes].join(" — ");
  return `::${COMMAND[findingState(f)]} ${properties}::${escapeData(message)}`;
}

/** The message after `::`: %, CR and LF percent-encoded, as @actions/core does. */
function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A `key=value` property: also `:` and `,`, which would end the value. */
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
