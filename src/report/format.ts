import type { Report, ReportSet, RuleInfo } from "../engine/types";

export type FormatName = "text" | "json" | "sarif" | "junit" | "github" | "markdown" | "html";

export interface FormatOptions {
  /** Emit ANSI colour codes (text format only). */
  color: boolean;
  /** Every rule that ran, as its METADATA describes it (SARIF rules, JUnit suites, fixes). */
  rules: RuleInfo[];
  /**
   * Where the rule pages live: a rule's page is `<docsBaseUrl>/<ruleId>`, or docsBaseUrl with
   * `{id}` replaced by the rule id (".../docs/rules/{id}.md").
   * @default no links
   */
  docsBaseUrl?: string;
  /** The tool's home page (SARIF informationUri). @default docsBaseUrl when it has no {id} */
  homepage?: string;
  /**
   * The directory plan paths are relative to (SARIF: a plan under it is located relative to
   * `%SRCROOT%`, the checkout's root in code scanning). @default plan paths as they are, relative to %SRCROOT%
   */
  cwd?: string;
}

/** A pure function from a Report to the whole output text; it never prints. */
export type Formatter = (report: Report, options: FormatOptions) => string;

/** The same format over several plans: one document covering all of them. */
export type SetFormatter = (set: ReportSet, options: FormatOptions) => string;
