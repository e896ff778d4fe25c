import Ajv, { type ValidateFunction } from "ajv";
import type { Report } from "../../src/engine/types";
import type { FormatOptions } from "../../src/report";
import { formatSarif, formatSarifSet, MAX_RUNS } from "../../src/report/sarif";
import { reportSet } from "../../src/engine/check";
import sarifSchema from "../../schemas/sarif-2.1.0.json";
import { REPORTS, RULES } from "./reports";

/** The formats the SARIF schema uses, which Ajv leaves to plugins. */
const formats = {
  uri: (s: string) => /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]*$/.test(s) && URL.canParse(s),
  "uri-reference": (s: string) => /^(?:[^\s<>"{}|\\^`%]|%[0-9A-Fa-f]{2})*$/.test(s),
  "date-time": (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s),
};
// strict: false because the upstream schema is not Ajv-strict-clean (a `required` naming a property
// declared elsewhere); validation itself is complete, formats included.
const validate: ValidateFunction = new Ajv({
  allErrors: true,
  strict: false,
  formats,
}).compile(sarifSchema);

const options: FormatOptions = {
  color: false,
  rules: RULES,
  docsBaseUrl: "https://bulkhead.example/rules",
};

interface Log {
  runs: {
    tool: {
      driver: {
        informationUri?: string;
        rules: {
          id: string;
          helpUri?: string;
          properties: Record<string, unknown>;
          defaultConfiguration: { level: string };
        }[];
      };
    };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      locations: {
        physicalLocation: {
          artifactLocation: { uri: string };
          region: { startLine: number };
        };
        logicalLocations: { fullyQualifiedName: string; kind: string }[];
      }[];
      partialFingerprints: Record<string, string>;
      suppressions?: { kind: string; justification: string }[];
    }[];
  }[];
}

function sarif(report: Report, opts: FormatOptions = options): Log {
  const log: unknown = JSON.parse(formatSarif(report, opts));
  expect(validate(log)).toBe(true);
  expect(validate.errors ?? []).toEqual([]);
  return log as Log;
}

describe("sarif format", () => {
  test.each(Object.entries(REPORTS))("%s: valid SARIF 2.1.0, every rule once, ruleIndex right", (_name, report) => {
    const [run] = sarif(report).runs;
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(["BH001", "BH002"]);
    expect(run.results).toHaveLength(report.findings.length);
    for (const result of run.results) {
      expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
    }
  });

  test("the schema is not vacuous: it rejects a broken log", () => {
    const log = JSON.parse(formatSarif(REPORTS.blocked, options)) as Log;
    log.runs[0].results[0].level = "fatal";
    expect(validate(log)).toBe(false);
    expect(validate({ version: "2.1.0", runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(
      validate({
        version: "2.1.0",
        runs: [{ tool: { driver: { name: "x", informationUri: "not a uri" } } }],
      }),
    ).toBe(false);
  });

  test("registers a rule listed twice once", () => {
    const [run] = sarif(REPORTS.empty, {
      ...options,
      rules: [...RULES, RULES[0]],
    }).runs;
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(["BH001", "BH002"]);
  });

  test("registers a rule the list lacks from its finding", () => {
    const [run] = sarif(REPORTS.bh002, { ...options, rules: [RULES[0]] }).runs;
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(["BH001", "BH002"]);
    expect(run.results.every((r) => r.ruleIndex === 1)).toBe(true);
  });

  test("rules carry GitHub's security severity, level and links", () => {
    const [rule] = sarif(REPORTS.empty).runs[0].tool.driver.rules;
    expect(rule.properties["security-severity"]).toBe("9.5");
    expect(rule.properties.tags).toEqual(expect.arrayContaining(["security"]));
    expect(rule.defaultConfiguration.level).toBe("error");
    expect(rule.helpUri).toBe("https://bulkhead.example/rules/BH001");
  });

  test("without docsBaseUrl there are no links, and it stays valid", () => {
    const [run] = sarif(REPORTS.blocked, { color: false, rules: RULES }).runs;
    expect(run.tool.driver.informationUri).toBeUndefined();
    expect(run.tool.driver.rules.every((r) => r.helpUri === undefined)).toBe(true);
  });

  test("levels: error for violations, warning for unknown, note with a suppression when waived", () => {
    const [blocking, waived] = sarif(REPORTS.blocked).runs[0].results;
    expect(blocking.level).toBe("error");
    expect(blocking.suppressions).toBeUndefined();
    expect(waived.level).toBe("note");
    expect(waived.suppressions).toEqual([
      {
        kind: "external",
        justification: "Break-glass role: MFA-only trust, used under incident procedure IR-7",
      },
    ]);
    const [unknown] = sarif(REPORTS.unknown).runs[0].results;
    expect(unknown.level).toBe("warning");
    expect(unknown.suppressions).toBeUndefined();
  });

  test("locations: the plan file at line 1 and the resource address; a stable fingerprint", () => {
    const [result] = sarif(REPORTS.unknown).runs[0].results;
    expect(result.locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: "plans/ops.plan.json", uriBaseId: "%SRCROOT%" },
          region: { startLine: 1 },
        },
        logicalLocations: [
          {
            fullyQualifiedName: 'module.ops.aws_iam_role.ops["eu"]',
            kind: "resource",
          },
        ],
      },
    ]);
    expect(result.partialFingerprints).toEqual({
      "bulkheadFinding/v1": 'BH001:module.ops.aws_iam_role.ops["eu"]',
    });
  });

  test("the plan path becomes a valid URI reference", () => {
    const report = {
      ...REPORTS.blocked,
      source: { ...REPORTS.blocked.source, path: "plans\\my plan#1%.json" },
    };
    const [result] = sarif(report).runs[0].results;
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe("plans/my%20plan%231%25.json");
  });
});

interface Run {
  automationDetails?: { id: string };
  tool: { driver: { informationUri?: string; rules: { id: string; helpUri?: string }[] } };
  results: {
    ruleIndex: number;
    locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[];
  }[];
}

function sarifSet(paths: string[], opts: FormatOptions = options): Run[] {
  const set = reportSet(paths.map((path) => ({ ...REPORTS.blocked, source: { ...REPORTS.blocked.source, path } })));
  const log = JSON.parse(formatSarifSet(set, opts)) as { runs: Run[] };
  expect(validate(log)).toBe(true);
  return log.runs;
}

describe("sarif for several plans, as GitHub code scanning takes it", () => {
  test("one run per plan, each with its own automationDetails.id (its category)", () => {
    const runs = sarifSet(["plans/a.json", "plans/b.json", "c.json"]);
    expect(runs.map((r) => r.automationDetails?.id)).toEqual([
      "bulkhead/plans/a.json/",
      "bulkhead/plans/b.json/",
      "bulkhead/c.json/",
    ]);
    expect(new Set(runs.map((r) => r.automationDetails?.id)).size).toBe(3);
  });

  test(`past ${MAX_RUNS} plans: one run, every result located in its own plan file`, () => {
    const paths = Array.from({ length: MAX_RUNS + 1 }, (_, i) => `plans/p${i}.json`);
    expect(sarifSet(paths.slice(0, MAX_RUNS))).toHaveLength(MAX_RUNS);
    const runs = sarifSet(paths);
    expect(runs).toHaveLength(1);
    expect(runs[0].automationDetails).toEqual({ id: "bulkhead/" });
    const uris = new Set(runs[0].results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri));
    expect([...uris].sort()).toEqual([...paths].sort());
    expect(runs[0].results).toHaveLength(REPORTS.blocked.findings.length * paths.length);
    for (const r of runs[0].results) expect(runs[0].tool.driver.rules[r.ruleIndex]).toBeDefined();
  });

  test("absolute plan paths: relative to %SRCROOT% under the working directory, file URIs elsewhere", () => {
    const runs = sarifSet(["/work/repo/infra/plan.json", "/elsewhere/plan.json"], { ...options, cwd: "/work/repo" });
    const where = runs.map((r) => r.results[0].locations[0].physicalLocation.artifactLocation);
    expect(where).toEqual([{ uri: "infra/plan.json", uriBaseId: "%SRCROOT%" }, { uri: "file:///elsewhere/plan.json" }]);
    expect(runs[0].automationDetails?.id).toBe("bulkhead/infra/plan.json/");
  });

  test("helpUri per rule and informationUri with docsBaseUrl", () => {
    const [run] = sarifSet(["a.json", "b.json"]);
    expect(run.tool.driver.informationUri).toBe("https://bulkhead.example/rules");
    expect(run.tool.driver.rules.map((r) => r.helpUri)).toEqual(
      run.tool.driver.rules.map((r) => `https://bulkhead.example/rules/${r.id}`),
    );
  });
});
