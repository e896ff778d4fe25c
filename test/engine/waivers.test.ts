/**
 * Waivers, enforcement levels, exemptions, --fail-on, --new-only and --unknown: parsing and
 * judging. The judging tests build raw findings by hand (every bundled rule is critical and
 * hard-mandatory, so lower severities and levels exist only here); the end-to-end tests at the
 * bottom run the wasm on tiny plans.
 */
import { buildReport, reportSet, type CountedReport, type Settings } from "../../src/engine/check";
import { BulkheadError } from "../../src/engine/errors";
import type { RawFinding } from "../../src/engine/policy";
import type { Finding, Report, Waiver } from "../../src/engine/types";
import { globMatcher, parseWaivers, utcDate } from "../../src/engine/waivers";
import { sharedEngine } from "../helpers/engine";
import { ADMIN, DELETE_BACKUPS, DELETE_VERSIONS, tinyPlanJson } from "../helpers/tiny-plans";

const origin = { file: "bulkhead.waivers.yaml", ruleIds: ["BH001", "BH002"] };

const valid = {
  ruleId: "BH001",
  principal: "break-glass",
  reason: "Break-glass role, used under incident procedure IR-7",
  expires: "2026-12-31",
  approvedBy: "security@example.com",
};

function parseError(value: unknown): string {
  try {
    parseWaivers(value, origin);
  } catch (e) {
    expect(e).toBeInstanceOf(BulkheadError);
    expect((e as BulkheadError).kind).toBe("input");
    return (e as Error).message;
  }
  throw new Error("parseWaivers accepted it");
}

describe("parseWaivers", () => {
  test("reads a waivers list; an empty document has none", () => {
    expect(
      parseWaivers({ waivers: [valid, { ...valid, principal: undefined, address: "module.ops.*" }] }, origin),
    ).toEqual([valid, { ...valid, principal: undefined, address: "module.ops.*" }]);
    expect(parseWaivers(null, origin)).toEqual([]);
    expect(parseWaivers({ waivers: [] }, origin)).toEqual([]);
  });

  test("trims the reason and the approver", () => {
    const [w] = parseWaivers({ waivers: [{ ...valid, reason: "  a good reason here  ", approvedBy: " me " }] }, origin);
    expect(w.reason).toBe("a good reason here");
    expect(w.approvedBy).toBe("me");
  });

  test.each([
    [
      { ...valid, reason: undefined },
      "bulkhead.waivers.yaml: waivers[0].reason: missing: say why, in at least 10 characters",
    ],
    [
      { ...valid, reason: "too short" },
      "bulkhead.waivers.yaml: waivers[0].reason: must be at least 10 characters, got 9",
    ],
    [{ ...valid, reason: "   " }, "bulkhead.waivers.yaml: waivers[0].reason: is empty"],
    [
      { ...valid, reason: 1234567890 },
      "bulkhead.waivers.yaml: waivers[0].reason: expected text, got number 1234567890",
    ],
    [{ ...valid, expires: "31.12.2026" }, 'waivers[0].expires: expected a date YYYY-MM-DD, got the text "31.12.2026"'],
    [{ ...valid, expires: "2026-02-30" }, "waivers[0].expires: 2026-02-30 is not a calendar date"],
    [{ ...valid, expires: "2026-13-01" }, "waivers[0].expires: 2026-13-01 is not a calendar date"],
    [{ ...valid, expires: undefined }, "waivers[0].expires: missing: the last day it applies, YYYY-MM-DD"],
    [{ ...valid, expires: 20261231 }, "waivers[0].expires: expected a date YYYY-MM-DD, got number 20261231"],
    [{ ...valid, ruleId: "BH999" }, "waivers[0].ruleId: unknown rule id BH999 (known: BH001, BH002)"],
    [{ ...valid, ruleId: undefined }, "waivers[0].ruleId: missing: the rule the waiver is for"],
    [{ ...valid, approvedBy: undefined }, "waivers[0].approvedBy: missing: who approved the waiver"],
    [{ ...valid, principal: undefined }, "waivers[0]: needs an address or a principal (a glob)"],
    [
      { ...valid, principal: "*" },
      "waivers[0].principal: * matches everything: set the rule's enforcement level instead",
    ],
    [
      { ...valid, rule: "BH001" },
      "waivers[0].rule: unknown key (allowed: ruleId, address, principal, reason, expires, approvedBy)",
    ],
    ["BH001", "waivers[0]: expected a map, got the text"],
  ])("refuses %j", (waiver, message) => {
    expect(parseError({ waivers: [waiver] })).toContain(message);
  });

  test("names the entry that is wrong, not the first", () => {
    expect(parseError({ waivers: [valid, valid, { ...valid, reason: "short" }] })).toBe(
      "bulkhead.waivers.yaml: waivers[2].reason: must be at least 10 characters, got 5",
    );
  });

  test.each([
    [[valid], "bulkhead.waivers.yaml: expected a map with a waivers list, got a list"],
    [{ waivers: valid }, "bulkhead.waivers.yaml: waivers: expected a list, got a map"],
    [{ waiver: [valid] }, "bulkhead.waivers.yaml: waiver: unknown key (allowed: waivers)"],
  ])("refuses the document %j", (doc, message) => {
    expect(parseError(doc)).toBe(message);
  });
});

describe("globs", () => {
  test.each([
    ["module.ops.*", 'module.ops.aws_iam_role.ops["eu"]', true],
    ["module.ops.*", "module.opsx.aws_iam_role.a", false],
    ['aws_iam_role.ops["e?"]', 'aws_iam_role.ops["eu"]', true],
    ['aws_iam_role.ops["eu"]', 'aws_iam_role.ops["eu"]', true],
    ["aws_iam_role.ops[*]", 'aws_iam_role.ops["eu"]', true],
    ["break-glass", "break-glass-2", false],
    ["break-*", "break-glass", true],
    ["Break-*", "break-glass", false],
    ["a.b", "axb", false],
    ["(x)+", "(x)+", true],
  ])("%s matches %s: %s", (glob, text, expected) => {
    expect(globMatcher(glob)(text)).toBe(expected);
  });
});

test("utcDate is the UTC calendar day", () => {
  expect(utcDate(new Date("2026-06-30T23:59:59Z"))).toBe("2026-06-30");
  expect(utcDate(new Date("2026-07-01T00:00:00Z"))).toBe("2026-07-01");
});

// --- judging ---------------------------------------------------------------------------------

function raw(overrides: Partial<RawFinding> = {}): RawFinding {
  return {
    ruleId: "BH001",
    title: "Admin with backup deletion",
    severity: "critical",
    enforcement: "soft-mandatory",
    verdict: "violation",
    status: "new",
    address: "aws_iam_role.ops",
    principal: "ops",
    message: "ops can change IAM permissions and delete backups",
    evidence: [],
    ...overrides,
  };
}

const SOURCE = { path: "plan.json", formatVersion: "1.2" };

function judge(findings: RawFinding[], settings: Partial<Settings> = {}): Report {
  const rawReport: CountedReport = {
    findings,
    resources: 4,
    stats: { principals: 2, documents: 2, unverifiable_documents: 0, format_version: "1.2" },
  };
  return buildReport(rawReport, SOURCE, {
    unknown: "block",
    failOn: "low",
    newOnly: false,
    config: {},
    waivers: [],
    today: "2026-06-30",
    ...settings,
  });
}

const opsWaiver: Waiver = {
  ruleId: "BH001",
  principal: "ops",
  reason: "Ops keeps snapshot cleanup until OPS-77 ships",
  expires: "2026-06-30",
  approvedBy: "platform-lead",
};

const only = (r: Report): Finding => {
  expect(r.findings).toHaveLength(1);
  return r.findings[0];
};

describe("waivers applied to findings", () => {
  test("a soft-mandatory finding is waived: reported, marked, not blocking", () => {
    const r = judge([raw()], { waivers: [opsWaiver] });
    expect(only(r)).toMatchObject({
      waived: true,
      blocking: false,
      waiver: { ...opsWaiver, expired: false, refused: false },
    });
    expect(r.waivers).toEqual([{ ...opsWaiver, status: "applied", findings: 1 }]);
    expect(r.summary).toMatchObject({ blocked: false, waived: 1, blocking: 0, findings: 1, staleWaivers: 0 });
  });

  test("a waiver applies through its expiry day and stops the day after, saying so", () => {
    expect(only(judge([raw()], { waivers: [opsWaiver], today: "2026-06-30" })).waived).toBe(true);
    const r = judge([raw()], { waivers: [opsWaiver], today: "2026-07-01" });
    expect(only(r)).toMatchObject({ waived: false, blocking: true, waiver: { expired: true, refused: false } });
    expect(r.waivers[0]).toMatchObject({ status: "expired", findings: 1 });
    expect(r.summary.blocked).toBe(true);
  });

  test("a waiver that matches nothing is stale, and counted", () => {
    const stale = { ...opsWaiver, principal: "legacy-*" };
    const r = judge([raw()], { waivers: [opsWaiver, stale] });
    expect(r.waivers.map((w) => w.status)).toEqual(["applied", "stale"]);
    expect(r.summary.staleWaivers).toBe(1);
    expect(judge([], { waivers: [opsWaiver] }).waivers[0]).toMatchObject({ status: "stale", findings: 0 });
  });

  test("an expired waiver that matches nothing is stale (remove it), not expired", () => {
    const r = judge([], { waivers: [opsWaiver], today: "2027-01-01" });
    expect(r.waivers[0].status).toBe("stale");
  });

  test("the rule id must match, and both globs when both are given", () => {
    const r = judge([raw(), raw({ ruleId: "BH002", title: "MFA requirement dropped" })], {
      waivers: [
        { ...opsWaiver, address: "aws_iam_role.other" },
        { ...opsWaiver, ruleId: "BH002" },
      ],
    });
    expect(r.findings.map((f) => [f.ruleId, f.waived])).toEqual([
      ["BH001", false],
      ["BH002", true],
    ]);
    expect(r.waivers.map((w) => w.status)).toEqual(["stale", "applied"]);
  });

  test("hard-mandatory: the waiver is refused and the finding still blocks", () => {
    const r = judge([raw({ enforcement: "hard-mandatory" })], { waivers: [opsWaiver] });
    expect(only(r)).toMatchObject({ waived: false, blocking: true, waiver: { refused: true, expired: false } });
    expect(r.waivers[0]).toMatchObject({ status: "refused", findings: 1 });
    expect(r.summary).toMatchObject({ blocked: true, waived: 0 });
  });

  test("the org config can lower a hard-mandatory rule so its waivers apply", () => {
    const r = judge([raw({ enforcement: "hard-mandatory" })], {
      waivers: [opsWaiver],
      config: { enforcement: { BH001: "soft-mandatory" } },
    });
    expect(only(r)).toMatchObject({ enforcement: "soft-mandatory", waived: true, blocking: false });
  });

  test("and can raise a rule to hard-mandatory, which refuses waivers", () => {
    const r = judge([raw({ enforcement: "soft-mandatory" })], {
      waivers: [opsWaiver],
      config: { enforcement: { BH001: "hard-mandatory" } },
    });
    expect(only(r)).toMatchObject({ enforcement: "hard-mandatory", waived: false, blocking: true });
  });

  test("advisory findings never block, waived or not", () => {
    const r = judge(
      [raw({ enforcement: "advisory" }), raw({ enforcement: "advisory", address: "aws_iam_role.x", principal: "x" })],
      {
        waivers: [opsWaiver],
      },
    );
    expect(r.findings.map((f) => [f.principal, f.waived, f.blocking])).toEqual([
      ["ops", true, false],
      ["x", false, false],
    ]);
    expect(r.summary.blocked).toBe(false);
  });

  test("the first waiver that has not expired wins over an earlier expired one", () => {
    const expired = { ...opsWaiver, expires: "2025-01-01", reason: "An old reason that expired" };
    const r = judge([raw()], { waivers: [expired, opsWaiver] });
    expect(only(r)).toMatchObject({ waived: true, waiver: { reason: opsWaiver.reason, expired: false } });
    expect(r.waivers.map((w) => w.status)).toEqual(["expired", "applied"]);
  });
});

describe("exemptions, --fail-on, --new-only, --unknown", () => {
  const exemption = { principal: "break-*", reason: "Break-glass by design, MFA-only trust" };

  test("an exempt principal is reported with the reason and does not block, even for hard-mandatory", () => {
    const r = judge(
      [raw({ enforcement: "hard-mandatory", principal: "break-glass", address: "aws_iam_role.bg" }), raw()],
      {
        config: { exemptions: [exemption] },
      },
    );
    expect(r.findings.map((f) => [f.principal, f.exemption, f.blocking])).toEqual([
      ["break-glass", exemption, false],
      ["ops", undefined, true],
    ]);
    expect(r.summary).toMatchObject({ exempted: 1, blocking: 1 });
  });

  test("an exemption limited to some rules covers only those", () => {
    const limited = { ...exemption, rules: ["BH002"] };
    const r = judge([raw({ principal: "break-glass" })], { config: { exemptions: [limited] } });
    expect(only(r)).toMatchObject({ blocking: true });
    expect(only(r).exemption).toBeUndefined();
  });

  test("--fail-on: only findings at or above the severity block", () => {
    const findings = [
      raw({ severity: "critical", address: "a.1", principal: "c" }),
      raw({ severity: "high", address: "a.2", principal: "h" }),
      raw({ severity: "medium", address: "a.3", principal: "m" }),
      raw({ severity: "low", address: "a.4", principal: "l" }),
    ];
    const blocking = (failOn: Settings["failOn"]): string[] =>
      judge(findings, { failOn })
        .findings.filter((f) => f.blocking)
        .map((f) => f.severity);
    expect(blocking("low")).toEqual(["critical", "high", "medium", "low"]);
    expect(blocking("medium")).toEqual(["critical", "high", "medium"]);
    expect(blocking("high")).toEqual(["critical", "high"]);
    expect(blocking("critical")).toEqual(["critical"]);
  });

  test("--new-only: existing findings are reported and do not block", () => {
    const findings = [raw(), raw({ status: "existing", address: "aws_iam_role.legacy", principal: "legacy" })];
    const r = judge(findings, { newOnly: true });
    expect(r.findings.map((f) => [f.status, f.blocking])).toEqual([
      ["existing", false],
      ["new", true],
    ]);
    expect(r.summary).toMatchObject({ findings: 2, blocking: 1, blocked: true });
    expect(judge([findings[1]], { newOnly: true }).summary.blocked).toBe(false);
    expect(judge([findings[1]], { newOnly: false }).summary.blocked).toBe(true);
  });

  test("--unknown warn: unknown verdicts are reported and do not block", () => {
    const unknown = raw({ verdict: "unknown" });
    expect(only(judge([unknown], { unknown: "warn" })).blocking).toBe(false);
    expect(only(judge([unknown], { unknown: "block" })).blocking).toBe(true);
  });
});

describe("reportSet", () => {
  test("blocked when any plan is; a waiver is stale only if stale in every plan", () => {
    const legacy = { ...opsWaiver, principal: "legacy" };
    const a = judge([raw()], { waivers: [opsWaiver, legacy] });
    const b = judge([raw({ principal: "other", address: "aws_iam_role.other" })], { waivers: [opsWaiver, legacy] });
    const set = reportSet([a, b]);
    expect(set.summary).toEqual({
      blocked: true,
      plans: 2,
      blockedPlans: 1,
      findings: 2,
      blocking: 1,
      waived: 1,
      exempted: 0,
      staleWaivers: 1,
    });
    expect(set.waivers.map((w) => [w.principal, w.status, w.findings])).toEqual([
      ["ops", "applied", 1],
      ["legacy", "stale", 0],
    ]);
  });
});

// --- end to end, through the wasm -------------------------------------------------------------

describe("Engine.check with config and waivers", () => {
  const engine = sharedEngine();
  const roles = [
    { name: "ops", statements: [ADMIN, DELETE_BACKUPS] },
    { name: "legacy", existing: true, statements: [ADMIN, DELETE_BACKUPS] },
    { name: "app", statements: [ADMIN, DELETE_VERSIONS] },
  ];
  const plan = tinyPlanJson(roles);
  const lines = (r: Report): string[] => r.findings.map((f) => `${f.principal} ${f.status} ${f.blocking}`);

  test("without options: both BH001 findings block (the app bucket is not backup storage)", () => {
    expect(lines(engine.check(plan))).toEqual(["legacy existing true", "ops new true"]);
  });

  test("backupResourcePatterns reach the policies (data.bulkhead.config) and leave with the next plan", () => {
    const config = { backupResourcePatterns: ["arn:aws:s3:::acme-app-*"] };
    expect(lines(engine.check(plan, { config }))).toEqual(["app new true", "legacy existing true", "ops new true"]);
    expect(lines(engine.check(plan))).toEqual(["legacy existing true", "ops new true"]);
  });

  test("--new-only, a refused waiver and an exemption together", () => {
    const r = engine.check(plan, {
      newOnly: true,
      waivers: [{ ...opsWaiver, expires: "2099-12-31" }],
      config: { exemptions: [{ principal: "legacy", reason: "Decommissioned next week, OPS-1" }] },
    });
    expect(lines(r)).toEqual(["legacy existing false", "ops new true"]);
    expect(r.findings[1].waiver).toMatchObject({ refused: true });
    expect(r.waivers[0].status).toBe("refused");
  });

  test("the waiver's expiry is judged at options.now", () => {
    const config = { enforcement: { BH001: "soft-mandatory" as const } };
    const waivers = [opsWaiver];
    expect(
      engine.check(plan, { config, waivers, newOnly: true, now: new Date("2026-06-30T12:00:00Z") }).summary.blocked,
    ).toBe(false);
    expect(
      engine.check(plan, { config, waivers, newOnly: true, now: new Date("2026-07-01T00:00:01Z") }).summary.blocked,
    ).toBe(true);
  });

  test("library callers get the same validation, named options.*", () => {
    expect(() => engine.check(plan, { config: { failOn: "severe" } as never })).toThrow(
      'options.config: failOn: expected one of critical, high, medium, low, got the text "severe"',
    );
    expect(() => engine.check(plan, { waivers: [{ ...opsWaiver, reason: "short" }] })).toThrow(
      "options.waivers: waivers[0].reason: must be at least 10 characters, got 5",
    );
  });
});
