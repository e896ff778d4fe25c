import type { Report, ReportSet } from "../engine/types";
import type { FormatName, FormatOptions, Formatter, SetFormatter } from "./format";
import { formatGithub, formatGithubSet } from "./github";
import { formatJson, formatJsonSet } from "./json";
import { formatJunit, formatJunitSet } from "./junit";
import { formatMarkdown, formatMarkdownSet } from "./markdown";
import { formatSarif, formatSarifSet } from "./sarif";
import { formatText, formatTextSet } from "./text";
import type * as Html from "./html";

export type { FormatName, FormatOptions, Formatter, SetFormatter } from "./format";

/**
 * The HTML page and its layout library (dagre) are loaded when the html format is first used,
 * so the other formats do not pay for them at start-up.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const html = (): typeof Html => require("./html") as typeof Html;

/**
 * A formatter as the library offers it: `formatters.text(report)` works with the defaults
 * (no colour; rules described from the findings themselves); pass `{ rules: engine.rules() }`
 * for the rules' full METADATA (descriptions, fixes, every rule listed in SARIF and JUnit).
 */
export type LibraryFormatter<R> = (input: R, options?: Partial<FormatOptions>) => string;

export const DEFAULT_FORMAT_OPTIONS: FormatOptions = { color: false, rules: [] };

const withDefaults = <R>(f: (input: R, options: FormatOptions) => string): LibraryFormatter<R> => {
  return (input, options = {}) => f(input, { ...DEFAULT_FORMAT_OPTIONS, ...options });
};

const wrap = <R>(
  fs: Record<FormatName, (input: R, options: FormatOptions) => string>,
): Record<FormatName, LibraryFormatter<R>> =>
  Object.fromEntries(Object.entries(fs).map(([k, f]) => [k, withDefaults(f)])) as Record<
    FormatName,
    LibraryFormatter<R>
  >;

/** One plan's Report in each format; every format registered here is one the CLI's --format takes. */
export const formatters: Record<FormatName, LibraryFormatter<Report>> = wrap<Report>({
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  junit: formatJunit,
  github: formatGithub,
  markdown: formatMarkdown,
  html: (report, options) => html().formatHtml(report, options),
} satisfies Record<FormatName, Formatter>);

/** The same formats over several plans (`bulkhead check a.json b.json`): one document each. */
export const setFormatters: Record<FormatName, LibraryFormatter<ReportSet>> = wrap<ReportSet>({
  text: formatTextSet,
  json: formatJsonSet,
  sarif: formatSarifSet,
  junit: formatJunitSet,
  github: formatGithubSet,
  markdown: formatMarkdownSet,
  html: (set, options) => html().formatHtmlSet(set, options),
} satisfies Record<FormatName, SetFormatter>);

/** Every format name, in the order of the registry: "text, json, …". */
export const formatNames = (): string => Object.keys(formatters).join(", ");

export function isFormatName(s: string): s is FormatName {
  return Object.prototype.hasOwnProperty.call(formatters, s);
}

/** One plan: its Report in the format; several: the ReportSet. */
export function render(input: Report | ReportSet, format: FormatName, options?: Partial<FormatOptions>): string {
  return "reports" in input ? setFormatters[format](input, options) : formatters[format](input, options);
}
