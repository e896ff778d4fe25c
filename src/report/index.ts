import type { Report, ReportSet } from "../engine/types";
import type { FormatName, FormatOptions, Formatter, SetFormatter } from "./format";
import { formatGithub, formatGithubSet } from "./github";
import { formatJson, formatJsonSet } from "./json";
import { formatJunit, formatJunitSet } from "./junit";
import { formatMarkdown, formatMarkdownSet } from "./markdown";
import { formatSarif, formatSarifSet } from "./sarif";
import { formatText, formatTextSet } from "./text";

export type { FormatName, FormatOptions, Formatter, SetFormatter } from "./format";

export const formatters: Record<FormatName, Formatter> = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  junit: formatJunit,
  github: formatGithub,
  markdown: formatMarkdown,
};

/** The same formats over several plans (`bulkhead check a.json b.json`): one document each. */
export const setFormatters: Record<FormatName, SetFormatter> = {
  text: formatTextSet,
  json: formatJsonSet,
  sarif: formatSarifSet,
  junit: formatJunitSet,
  github: formatGithubSet,
  markdown: formatMarkdownSet,
};

export function isFormatName(s: string): s is FormatName {
  return Object.prototype.hasOwnProperty.call(formatters, s);
}

/** One plan: its Report in the format; several: the ReportSet. */
export function render(input: Report | ReportSet, format: FormatName, options: FormatOptions): string {
  return "reports" in input ? setFormatters[format](input, options) : formatters[format](input, options);
}
