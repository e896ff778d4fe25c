/**
 * What every format says about waivers (applied, expired, refused, stale), exemptions, and
 * several plans at once. The golden files hold the whole outputs; these tests name the parts.
 */
import Ajv from "ajv";
import sarifSchema from "../../schemas/sarif-2.1.0.json";
import { formatGithub, formatGithubSet } from "../../src/report/github";
import { formatJunit, formatJunitSet } from "../../src/report/junit";
import { formatMarkdown, formatMarkdownSet } from "../../src/report/markdown";
import { formatSarif, formatSarifSet } from "../../src/report/sarif";
import { formatText, formatTextSet } from "../../src/report/text";
import { REPORTS, RULES, SETS } from "./reports";
import { parseXml } from "./xml";

const options = { color: false, rules: RULES };
const report = REPORTS.waivers;

const validateSarif = new Ajv({
  strict: false,
  formats: {
    uri: (s: string) => URL.canParse(s),
    "uri-reference": (s: string) => /^(?:[^\s<>"{}|\\^`%]|%[0-9A-Fa-f]{2})*$/.test(s),
  },
}).compile(sarifSchema);

interface SarifRun {
  invocations?: {
    executionSuccessful: boolean;
    toolConfigurationNotifications: { descriptor: { id: string }; level: string; message: { text: string } }[];
  }[];
  results: {
    level: string;
    suppressions?: { kind: string; justification: string }[];
    locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
  }[];
}

function sarifRuns(text: string): SarifRun[] {
  const log: unknown = JSON.parse(text);
  expect(validateSarif(log) ? [] : validateSarif.errors).toEqual([]);
  return (log as { runs: SarifRun[] }).runs;
}

describe("text", () => {
  const text = formatText(report, options);

  test("each finding says exempt, waived or refused, with the reason", () => {
    expect(text).toContain(
      "  BH001 Admin with backup deletion: violation, existing, exempt\n    exempt by the org config: Break-glass role by design",
    );
    expect(text).toContain("  BH001 Admin with backup deletion: unknown, new, waived\n    waived: CI role keeps");
    expect(text).toContain(
      "  BH002 MFA requirement dropped: violation, new, blocking\n    waiver refused, BH002 is hard-mandatory: Developers move to SSO",
    );
  });

  test("lists the waivers that did not apply, in file order, before the summary", () => {
    const section = text.slice(text.indexOf("\nwaivers:\n") + 1, text.lastIndexOf("\n\n"));
    expect(section.split("\n")).toEqual([
      "waivers:",
      "  waiver #1 (BH002, principal developers) is refused: BH002 is hard-mandatory and cannot be waived (1 finding)",
      "  waiver #2 (BH001, principal legacy-*) is stale: it matches no finding; remove it",
      "  waiver #4 (BH002, principal contractors) is stale: it matches no finding; remove it",
    ]);
    expect(text.trimEnd().split("\n").pop()).toBe(
      "3 findings (1 blocking, 1 unknown, 1 waived, 1 exempt) in 15 resources, 5 principals, 1 unverifiable policy document; 2 stale waivers — BLOCKED",
    );
  });

  test("no waivers section when every waiver applied", () => {
    expect(formatText(REPORTS.blocked, options)).not.toContain("waivers:");
  });

  test("several plans: a section per plan, the waivers judged over all, then the total", () => {
    const set = formatTextSet(SETS.plans, options);
    expect(set.match(/^plan: .*$/gm)).toEqual(["plan: plans/prod.plan.json", "plan: plans/staging.plan.json"]);
    // a plan's own line does not count waivers stale in that plan alone
    expect(set).toContain("\n1 finding (0 blocking, 1 waived) in 8 resources, 2 principals — passed\n");
    expect(set.match(/is stale/g)).toHaveLength(1);
    expect(set).toContain("waiver #4 (BH002, principal contractors) is stale");
    expect(set.trimEnd().split("\n").pop()).toBe(
      "2 plans (1 blocked): 4 findings (1 blocking, 2 waived, 1 exempt); 1 stale waiver — BLOCKED",
    );
  });

  test("several plans with colour only add escape sequences", () => {
    const coloured = formatTextSet(SETS.plans, { ...options, color: true });
    expect(coloured.replace(/\x1b\[[0-9;]*m/g, "")).toBe(formatTextSet(SETS.plans, options));
  });
});

describe("markdown", () => {
  test("marks exempt and waived rows, and lists the waivers to review", () => {
    const md = formatMarkdown(report, options);
    expect(md).toContain("| violation | existing, exempt |");
    expect(md).toContain("| unknown | new, waived |");
    expect(md).toContain("| violation | new, **blocking** |");
    expect(md).toContain("**Waivers to review**\n\n- waiver #1 (BH002, principal developers) is refused");
    expect(md).toContain("- waiver #2 (BH001, principal legacy-\\*) is stale");
  });

  test("several plans: one heading, a section per plan, the total in bold", () => {
    const md = formatMarkdownSet(SETS.plans, options);
    expect(md.startsWith("### ❌ bulkhead: blocked (1 of 2 plans)\n\n#### ❌ plans/prod.plan.json\n")).toBe(true);
    expect(md).toContain("\n#### ✅ plans/staging.plan.json\n");
    expect(
      md.endsWith("**2 plans (1 blocked): 4 findings (1 blocking, 2 waived, 1 exempt); 1 stale waiver — BLOCKED**\n"),
    ).toBe(true);
    expect(formatMarkdownSet(SETS.passed, options).startsWith("### ✅ bulkhead: passed (2 plans)\n")).toBe(true);
  });
});

describe("sarif", () => {
  test("exempt and waived results are notes with a suppression; a refused waiver suppresses nothing", () => {
    const [run] = sarifRuns(formatSarif(report, options));
    expect(run.results.map((r) => [r.level, r.suppressions?.[0].justification])).toEqual([
      ["note", "Break-glass role by design: MFA-only trust, CloudTrail alarm on every use"],
      ["note", "CI role keeps snapshot cleanup until the DLM migration, ticket OPS-77"],
      ["error", undefined],
    ]);
  });

  test("waivers that did not apply are tool configuration notifications", () => {
    const [run] = sarifRuns(formatSarif(report, options));
    expect(run.invocations?.[0].executionSuccessful).toBe(true);
    expect(run.invocations?.[0].toolConfigurationNotifications.map((n) => [n.descriptor.id, n.level])).toEqual([
      ["waiver-refused", "warning"],
      ["waiver-stale", "warning"],
      ["waiver-stale", "warning"],
    ]);
    expect(sarifRuns(formatSarif(REPORTS.blocked, options))[0].invocations).toBeUndefined();
  });

  test("several plans: a run per plan, each located in its plan, notifications once", () => {
    const runs = sarifRuns(formatSarifSet(SETS.plans, options));
    expect(runs.map((r) => r.results[0].locations[0].physicalLocation.artifactLocation.uri)).toEqual([
      "plans/prod.plan.json",
      "plans/staging.plan.json",
    ]);
    expect(runs.map((r) => r.invocations?.[0].toolConfigurationNotifications.length)).toEqual([2, undefined]);
  });
});

describe("junit", () => {
  test("exempt and waived testcases are skipped with the reason; waivers get their own suite", () => {
    const root = parseXml(formatJunit(report, options));
    const [bh001, bh002, waivers] = root.children;
    expect(bh001.children.map((c) => c.children[0].name)).toEqual(["skipped", "skipped"]);
    expect(bh001.children[0].children[0].attributes.message).toBe(
      "exempt by the org config: Break-glass role by design: MFA-only trust, CloudTrail alarm on every use",
    );
    expect(bh002.children[0].children[0].name).toBe("failure");
    expect(waivers.attributes).toMatchObject({ name: "bulkhead waivers", tests: "4", skipped: "3", failures: "0" });
    expect(waivers.children.map((c) => c.children.map((x) => x.name).join(""))).toEqual([
      "skipped",
      "skipped",
      "",
      "skipped",
    ]);
  });

  test("several plans: each plan's suites are named after it; the waivers suite comes once", () => {
    const root = parseXml(formatJunitSet(SETS.plans, options));
    expect(root.children.map((s) => s.attributes.name)).toEqual([
      "plans/prod.plan.json: BH001 Admin with backup deletion",
      "plans/prod.plan.json: BH002 MFA requirement dropped",
      "plans/staging.plan.json: BH001 Admin with backup deletion",
      "plans/staging.plan.json: BH002 MFA requirement dropped",
      "bulkhead waivers",
    ]);
    const sum = (key: string): number => root.children.reduce((n, s) => n + Number(s.attributes[key]), 0);
    expect(Number(root.attributes.tests)).toBe(sum("tests"));
    expect(Number(root.attributes.skipped)).toBe(sum("skipped"));
  });
});

describe("github", () => {
  test("exempt and waived findings are notices, refused ones errors; waivers to review are warnings", () => {
    const lines = formatGithub(report, options).trimEnd().split("\n");
    expect(lines.map((l) => l.slice(0, l.indexOf(" ")))).toEqual([
      "::notice",
      "::notice",
      "::error",
      "::warning",
      "::warning",
      "::warning",
    ]);
    expect(lines[3]).toBe(
      "::warning title=bulkhead waiver::waiver #1 (BH002, principal developers) is refused: BH002 is hard-mandatory and cannot be waived (1 finding)",
    );
  });

  test("several plans: each finding names its plan file", () => {
    const lines = formatGithubSet(SETS.plans, options).trimEnd().split("\n");
    expect(lines.filter((l) => l.includes("file=plans/staging.plan.json"))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith("::warning title=bulkhead waiver::"))).toHaveLength(2);
  });
});
