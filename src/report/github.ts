/**
 * GitHub Actions workflow commands, one line per finding:
 * `::error file=plan.json,title=BH001 Admin with backup deletion::<message> (<address>)` —
 * error when it blocks, notice when waived, warning otherwise.
 */
import type { Finding } from "../engine/types";
import { findingState, waiverNote, type FindingState } from "./common";
import type { Formatter } from "./format";

const COMMAND: Record<FindingState, string> = {
  blocking: "error",
  "not blocking": "warning",
  waived: "notice",
};

export const formatGithub: Formatter = (report) =>
  report.findings.map((f) => command(f, report.source.path) + "\n").join("");

function command(f: Finding, file: string): string {
  const properties = `file=${escapeProperty(file)},title=${escapeProperty(`${f.ruleId} ${f.title}`)}`;
  const waiver = waiverNote(f);
  const message = `${f.message} (${f.address})${waiver === undefined ? "" : ` — ${waiver}`}`;
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
