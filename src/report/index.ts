import type { FormatName, Formatter } from "./format";
import { formatGithub } from "./github";
import { formatJson } from "./json";
import { formatJunit } from "./junit";
import { formatMarkdown } from "./markdown";
import { formatSarif } from "./sarif";
import { formatText } from "./text";

export type { FormatName, FormatOptions, Formatter } from "./format";

export const formatters: Record<FormatName, Formatter> = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  junit: formatJunit,
  github: formatGithub,
  markdown: formatMarkdown,
};

export function isFormatName(s: string): s is FormatName {
  return Object.prototype.hasOwnProperty.call(formatters, s);
}
