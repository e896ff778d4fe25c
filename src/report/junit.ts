/**
 * JUnit XML: one testsuite per rule, one testcase per rule × principal with findings (failure when
 * one blocks, skipped when all are waived or exempt, else passing with the findings in
 * system-out), and one passing "<ruleId> — no finding" testcase for a rule without findings.
 * With waivers, a "bulkhead waivers" testsuite: one testcase per waiver, skipped when it did not
 * apply (stale, expired, refused). Over several plans, each plan's suites are named after it.
 */
import type { Finding, Report, RuleInfo, WaiverUse } from "../engine/types";
import {
  describeEvidence,
  exemptionNote,
  firstParagraph,
  groupBy,
  principalLabel,
  ruleCatalogue,
  waiverLabel,
  waiverNote,
  waiverUseNote,
  withoutControls,
} from "./common";
import type { FormatOptions, Formatter, SetFormatter } from "./format";

interface Counts {
  tests: number;
  failures: number;
  skipped: number;
}

interface Suite extends Counts {
  xml: string[];
}

export const formatJunit: Formatter = (report, options) =>
  document([...ruleSuites(report, options, ""), ...waiverSuites(report.waivers)]);

export const formatJunitSet: SetFormatter = (set, options) =>
  document([
    ...set.reports.flatMap((report) => ruleSuites(report, options, `${report.source.path}: `)),
    ...waiverSuites(set.waivers),
  ]);

function ruleSuites(report: Report, options: FormatOptions, prefix: string): Suite[] {
  const byRule = groupBy(report.findings, (f) => f.ruleId);
  return ruleCatalogue(report, options.rules).map((rule) => suite(rule, byRule.get(rule.id) ?? [], prefix));
}

function document(suites: Suite[]): string {
  const total = suites.reduce(
    (sum, s) => ({
      tests: sum.tests + s.tests,
      failures: sum.failures + s.failures,
      skipped: sum.skipped + s.skipped,
    }),
    { tests: 0, failures: 0, skipped: 0 },
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="bulkhead"${countAttributes(total)}>`,
    ...suites.flatMap((s) => s.xml),
    "</testsuites>",
    "",
  ].join("\n");
}

function waiverSuites(waivers: readonly WaiverUse[]): Suite[] {
  if (waivers.length === 0) return [];
  const cases = waivers.map((use, i) => {
    const open = `    <testcase classname="bulkhead.waivers" name="${attr(waiverLabel(i + 1, use))}"`;
    if (use.status === "applied") return { outcome: "passed", xml: [`${open}/>`] };
    return {
      outcome: "skipped",
      xml: [`${open}>`, `      <skipped message="${attr(waiverUseNote(i + 1, use))}"/>`, "    </testcase>"],
    };
  });
  const counts: Counts = {
    tests: cases.length,
    failures: 0,
    skipped: cases.filter((c) => c.outcome === "skipped").length,
  };
  return [
    {
      ...counts,
      xml: [
        `  <testsuite name="bulkhead waivers"${countAttributes(counts)}>`,
        ...cases.flatMap((c) => c.xml),
        "  </testsuite>",
      ],
    },
  ];
}

function suite(rule: RuleInfo, findings: Finding[], prefix: string): Suite {
  const cases =
    findings.length === 0
      ? [passing(rule)]
      : [...groupBy(findings, (f) => `${f.principal}\n${f.address}`).values()].map((group) => testcase(rule, group));
  const counts: Counts = {
    tests: cases.length,
    failures: cases.filter((c) => c.outcome === "failure").length,
    skipped: cases.filter((c) => c.outcome === "skipped").length,
  };
  const name = `${prefix}${rule.id} ${rule.title}`;
  return {
    ...counts,
    xml: [
      `  <testsuite name="${attr(name)}"${countAttributes(counts)}>`,
      ...cases.flatMap((c) => c.xml),
      "  </testsuite>",
    ],
  };
}

interface Case {
  outcome: "failure" | "skipped" | "passed";
  xml: string[];
}

function passing(rule: RuleInfo): Case {
  return {
    outcome: "passed",
    xml: [`    <testcase classname="${attr(rule.id)}" name="${attr(`${rule.id} — no finding`)}"/>`],
  };
}

function testcase(rule: RuleInfo, findings: Finding[]): Case {
  const open = `    <testcase classname="${attr(rule.id)}" name="${attr(`${rule.id} — ${principalLabel(findings[0])}`)}">`;
  const details = text(findings.map((f) => findingText(f, rule)).join("\n\n"));
  const blocking = findings.filter((f) => f.blocking);
  if (blocking.length > 0) {
    const message = blocking.map((f) => f.message).join("; ");
    const type = blocking.some((f) => f.verdict === "violation") ? "violation" : "unknown";
    return {
      outcome: "failure",
      xml: [open, `      <failure message="${attr(message)}" type="${type}">${details}</failure>`, "    </testcase>"],
    };
  }
  const outcome = findings.every((f) => f.waived || f.exemption !== undefined) ? "skipped" : "passed";
  const skipped =
    outcome === "skipped"
      ? [
          `      <skipped message="${attr(findings.map((f) => exemptionNote(f) ?? waiverNote(f) ?? "waived").join("; "))}"/>`,
        ]
      : [];
  return {
    outcome,
    xml: [open, ...skipped, `      <system-out>${details}</system-out>`, "    </testcase>"],
  };
}

function findingText(f: Finding, rule: RuleInfo): string {
  const notes = [exemptionNote(f), waiverNote(f)].filter((n): n is string => n !== undefined);
  const fix = firstParagraph(rule.fix);
  return [
    `${f.verdict}, ${f.status}: ${f.message}`,
    ...notes,
    ...f.evidence.map((e) => `  ${describeEvidence(e)}`),
    ...(fix === "" ? [] : [`fix: ${fix}`]),
  ].join("\n");
}

function countAttributes(c: Counts): string {
  return ` tests="${c.tests}" failures="${c.failures}" errors="0" skipped="${c.skipped}"`;
}

/** Character data: the three markup characters escaped, characters XML 1.0 forbids replaced. */
function text(s: string): string {
  return withoutControls(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Attribute values: quotes too, and line breaks and tabs as references so parsers keep them. */
function attr(s: string): string {
  return text(s)
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;")
    .replace(/\t/g, "&#9;");
}
