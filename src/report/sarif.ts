/**
 * SARIF 2.1.0 for GitHub code scanning: one run per plan, every rule registered once per run;
 * waived and exempt findings carry a suppression; waivers that did not apply (stale, expired,
 * refused) are tool configuration notifications of the (first) run's invocation.
 *
 * Several plans: GitHub refuses two runs of one tool and category in one upload, so each run has
 * its own `automationDetails.id` ("bulkhead/<plan path>/", the category being the plan path); and
 * it takes at most 20 runs per file, so past MAX_RUNS plans the log has one run (category
 * "bulkhead/") whose results each locate their own plan file.
 */
import { isAbsolute, relative, sep } from "node:path";
import type { Finding, Report, ReportSet, RuleInfo, Severity, WaiverUse } from "../engine/types";
import { paragraphs, ruleCatalogue, ruleUrl, waiversToReview, waiverUseNote } from "./common";
import type { FormatOptions, Formatter, SetFormatter } from "./format";

type Level = "error" | "warning" | "note";

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  helpUri?: string;
  help: { text: string; markdown: string };
  defaultConfiguration: { level: Level };
  properties: {
    "security-severity": string;
    tags: string[];
    enforcement: string;
  };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: Level;
  message: { text: string };
  locations: [
    {
      physicalLocation: {
        artifactLocation: { uri: string; uriBaseId?: string };
        region: { startLine: number };
      };
      logicalLocations: [{ fullyQualifiedName: string; kind: "resource" }];
    },
  ];
  partialFingerprints: { "bulkheadFinding/v1": string };
  suppressions?: [{ kind: "external"; justification: string }];
  properties: {
    verdict: string;
    status: string;
    principal: string;
    blocking: boolean;
  };
}

/** GitHub ranks alerts by this score: > 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, < 4 low. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "2.0",
};

const DEFAULT_LEVEL: Record<Severity, Level> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
};

/** GitHub code scanning takes at most this many runs from one SARIF file. */
export const MAX_RUNS = 20;

export const formatSarif: Formatter = (report, options) => log([sarifRun(report, options, report.waivers, undefined)]);

export const formatSarifSet: SetFormatter = (set, options) => {
  if (set.reports.length > MAX_RUNS) return log([mergedRun(set, options)]);
  return log(
    set.reports.map((report, i) =>
      sarifRun(report, options, i === 0 ? set.waivers : [], `bulkhead/${artifactOf(report.source.path, options).uri}/`),
    ),
  );
};

/** Past MAX_RUNS plans: one run, every plan's results located in their own plan file. */
function mergedRun(set: ReportSet, options: FormatOptions): unknown {
  const merged: Report = {
    ...set.reports[0],
    findings: [],
    waivers: set.waivers,
  };
  const run = sarifRun(merged, options, set.waivers, "bulkhead/") as { results: SarifResult[] };
  const rules = ruleCatalogue({ ...merged, findings: set.reports.flatMap((r) => r.findings) }, options.rules);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  (run as unknown as { tool: { driver: { rules: SarifRule[] } } }).tool.driver.rules = rules.map((r) =>
    sarifRule(r, options.docsBaseUrl),
  );
  run.results = set.reports.flatMap((r) =>
    r.findings.map((f) => sarifResult(f, index.get(f.ruleId) ?? -1, artifactOf(r.source.path, options))),
  );
  return run;
}

function log(runs: unknown[]): string {
  const sarif = { $schema: "https://json.schemastore.org/sarif-2.1.0.json", version: "2.1.0", runs };
  return JSON.stringify(sarif, null, 2) + "\n";
}

function sarifRun(
  report: Report,
  options: FormatOptions,
  waivers: readonly WaiverUse[],
  automationId: string | undefined,
): unknown {
  const rules = ruleCatalogue(report, options.rules);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const artifact = artifactOf(report.source.path, options);
  const notifications = waiversToReview(waivers).map(({ n, use }) => ({
    descriptor: { id: `waiver-${use.status}` },
    level: "warning",
    message: { text: waiverUseNote(n, use) },
  }));
  return {
    tool: {
      driver: {
        name: report.tool.name,
        version: report.tool.version,
        informationUri: options.homepage ?? (options.docsBaseUrl?.includes("{id}") ? undefined : options.docsBaseUrl),
        rules: rules.map((r) => sarifRule(r, options.docsBaseUrl)),
      },
    },
    automationDetails: automationId === undefined ? undefined : { id: automationId },
    invocations:
      notifications.length === 0
        ? undefined
        : [{ executionSuccessful: true, toolConfigurationNotifications: notifications }],
    results: report.findings.map((f) =>
      // ruleCatalogue lists every ruleId; -1 is SARIF's "no index" all the same.
      sarifResult(f, index.get(f.ruleId) ?? -1, artifact),
    ),
  };
}

function sarifRule(rule: RuleInfo, docsBaseUrl: string | undefined): SarifRule {
  const fix = paragraphs(rule.fix);
  const link = docsBaseUrl === undefined ? undefined : ruleUrl(docsBaseUrl, rule.id);
  const markdown = [
    ...paragraphs(rule.description),
    ...(fix.length === 0 ? [] : ["**Fix**", ...fix]),
    ...(link === undefined ? [] : [`[${rule.id} documentation](${link})`]),
  ];
  return {
    id: rule.id,
    name: pascalCase(rule.title),
    shortDescription: { text: rule.title },
    fullDescription: { text: paragraphs(rule.description).join("\n\n") },
    helpUri: link,
    help: {
      text: fix.length === 0 ? rule.title : fix.join("\n\n"),
      markdown: markdown.join("\n\n"),
    },
    defaultConfiguration: { level: DEFAULT_LEVEL[rule.severity] },
    properties: {
      "security-severity": SECURITY_SEVERITY[rule.severity],
      tags: ["security", "iam", rule.severity],
      enforcement: rule.enforcement,
    },
  };
}

function sarifResult(f: Finding, ruleIndex: number, artifact: Artifact): SarifResult {
  const justification = f.exemption?.reason ?? (f.waived ? f.waiver?.reason : undefined);
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: level(f),
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifact,
          region: { startLine: 1 },
        },
        logicalLocations: [{ fullyQualifiedName: f.address, kind: "resource" }],
      },
    ],
    partialFingerprints: { "bulkheadFinding/v1": `${f.ruleId}:${f.address}` },
    suppressions: justification === undefined ? undefined : [{ kind: "external", justification }],
    properties: {
      verdict: f.verdict,
      status: f.status,
      principal: f.principal,
      blocking: f.blocking,
    },
  };
}

function level(f: Finding): Level {
  if (f.waived || f.exemption !== undefined) return "note";
  return f.verdict === "violation" ? "error" : "warning";
}

/** "Admin with backup deletion" → "AdminWithBackupDeletion" (SARIF's identifier-like rule name). */
function pascalCase(title: string): string {
  return title
    .split(/[^A-Za-z0-9]+/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");
}

interface Artifact {
  uri: string;
  uriBaseId?: string;
}

/**
 * Where the plan file is: relative to %SRCROOT% (the checkout) when the path is relative or
 * under options.cwd, else an absolute file URI. "stdin" and "terraform plan" stay names.
 */
function artifactOf(path: string, options: FormatOptions): Artifact {
  if (!isAbsolute(path)) return { uri: artifactUri(path), uriBaseId: "%SRCROOT%" };
  const rel = options.cwd === undefined ? undefined : relative(options.cwd, path);
  if (rel !== undefined && rel !== "" && !rel.startsWith("..") && !isAbsolute(rel)) {
    return { uri: artifactUri(rel.split(sep).join("/")), uriBaseId: "%SRCROOT%" };
  }
  return { uri: `file://${artifactUri(path.startsWith("/") ? path : `/${path}`)}` };
}

/** A relative URI reference for the plan file: forward slashes, percent-encoded. */
function artifactUri(path: string): string {
  return encodeURI(path.replace(/\\/g, "/")).replace(/[?#]/g, (c) => encodeURIComponent(c));
}
