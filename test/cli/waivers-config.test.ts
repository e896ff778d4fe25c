/**
 * bulkhead check with waivers and an org config: files found in the working directory or named,
 * their effect on the exit code and the reports, and one-line errors for bad files.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import schema from "../../schemas/report.schema.json";
import type { Report } from "../../src/engine/types";
import { ADMIN, DELETE_BACKUPS, DELETE_VERSIONS, tinyPlanJson } from "../helpers/tiny-plans";
import { expectOneLineError, run } from "./run";
import { tempDir } from "../helpers/tmp";

const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

/** A fresh working directory holding plan.json and the given files. */
function workdir(files: Record<string, string> = {}): string {
  const dir = tempDir("wc");
  writeFileSync(
    join(dir, "plan.json"),
    tinyPlanJson([
      { name: "ops", statements: [ADMIN, DELETE_BACKUPS] },
      { name: "legacy", existing: true, statements: [ADMIN, DELETE_BACKUPS] },
      { name: "app", statements: [ADMIN, DELETE_VERSIONS] },
    ]),
  );
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

async function json(argv: string[], cwd: string): Promise<{ code: number; report: Report }> {
  const r = await run([...argv, "-f", "json"], { cwd });
  expect(r.stderr).toBe("");
  const report = JSON.parse(r.stdout) as Report;
  expect(validate(report)).toBe(true);
  return { code: r.code, report };
}

const state = (report: Report): string[] =>
  report.findings.map((f) => `${f.principal}: ${f.enforcement}, ${f.blocking ? "blocking" : "not blocking"}`);

const WAIVERS = `waivers:
  - ruleId: BH001
    principal: legacy
    reason: Legacy role is removed with the account migration, OPS-9
    expires: 2099-12-31
    approvedBy: platform-lead
  - ruleId: BH001
    address: module.gone.*
    reason: Module was removed last quarter, waiver left behind
    expires: 2099-12-31
    approvedBy: platform-lead
`;

describe("waivers file", () => {
  test("bulkhead.waivers.yaml in the working directory: a hard-mandatory rule refuses it", async () => {
    const cwd = workdir({ "bulkhead.waivers.yaml": WAIVERS });
    const { code, report } = await json(["check", "plan.json"], cwd);
    expect(code).toBe(1);
    expect(report.findings.find((f) => f.principal === "legacy")).toMatchObject({
      waived: false,
      blocking: true,
      waiver: { refused: true },
    });
    expect(report.waivers.map((w) => w.status)).toEqual(["refused", "stale"]);
    expect(report.summary.staleWaivers).toBe(1);
  });

  test("with the rule lowered to soft-mandatory in the config, it waives; the text says so", async () => {
    const cwd = workdir({
      "bulkhead.waivers.yaml": WAIVERS,
      "bulkhead.config.yaml": "enforcement:\n  BH001: soft-mandatory\n",
    });
    const { code, report } = await json(["check", "plan.json"], cwd);
    expect(code).toBe(1);
    expect(state(report)).toEqual(["legacy: soft-mandatory, not blocking", "ops: soft-mandatory, blocking"]);
    expect(report.findings[0]).toMatchObject({ waived: true, waiver: { expired: false, refused: false } });
    const text = (await run(["check", "plan.json"], { cwd })).stdout;
    expect(text).toContain("  BH001 Admin with backup deletion: violation, existing, waived\n");
    expect(text).toContain(
      "    waived: Legacy role is removed with the account migration, OPS-9 (approved by platform-lead",
    );
    expect(text).toContain("  waiver #2 (BH001, address module.gone.*) is stale: it matches no finding; remove it\n");
    expect(text.trimEnd().split("\n").pop()).toBe(
      "2 findings (1 blocking, 1 waived) in 6 resources, 3 principals; 1 stale waiver — BLOCKED",
    );
  });

  test("an expired waiver stops waiving and says so", async () => {
    const cwd = workdir({
      "bulkhead.waivers.yaml": WAIVERS.replace(/2099-12-31/g, "2020-01-31"),
      "bulkhead.config.yaml": "enforcement:\n  BH001: soft-mandatory\n",
    });
    const { report } = await json(["check", "plan.json"], cwd);
    expect(report.findings[0]).toMatchObject({
      principal: "legacy",
      waived: false,
      blocking: true,
      waiver: { expired: true },
    });
    const text = (await run(["check", "plan.json"], { cwd })).stdout;
    expect(text).toContain("    waiver expired 2020-01-31: Legacy role is removed");
    expect(text).toContain("  waiver #1 (BH001, principal legacy) expired 2020-01-31: 1 finding no longer waived\n");
  });

  test("--waivers names another file (JSON too); the file in the directory is then not read", async () => {
    const cwd = workdir({
      "bulkhead.waivers.yaml": "not: [valid",
      "bulkhead.config.yaml": "enforcement: { BH001: soft-mandatory }\nnewOnly: true\n",
      "policy/waivers.json": JSON.stringify({
        waivers: [
          {
            ruleId: "BH001",
            principal: "ops",
            reason: "Ops role is split in the next release, OPS-12",
            expires: "2099-01-01",
            approvedBy: "security",
          },
        ],
      }),
    });
    const { code, report } = await json(["check", "plan.json", "--waivers", "policy/waivers.json"], cwd);
    expect(code).toBe(0);
    expect(state(report)).toEqual(["legacy: soft-mandatory, not blocking", "ops: soft-mandatory, not blocking"]);
  });
});

describe("org config", () => {
  test("--new-only (flag or config): existing findings are reported, only new ones block", async () => {
    const cwd = workdir({ "plan-legacy.json": "" });
    writeFileSync(
      join(cwd, "plan-legacy.json"),
      tinyPlanJson([{ name: "legacy", existing: true, statements: [ADMIN, DELETE_BACKUPS] }]),
    );
    expect((await run(["check", "plan-legacy.json"], { cwd })).code).toBe(1);
    const flag = await json(["check", "plan-legacy.json", "--new-only"], cwd);
    expect(flag.code).toBe(0);
    expect(state(flag.report)).toEqual(["legacy: hard-mandatory, not blocking"]);
    writeFileSync(join(cwd, "bulkhead.config.yaml"), "newOnly: true\n");
    expect((await run(["check", "plan-legacy.json"], { cwd })).code).toBe(0);
    expect((await run(["check", "plan.json"], { cwd })).code).toBe(1);
  });

  test("exemptions, backup resource patterns and --config FILE", async () => {
    const cwd = workdir({
      "org/bulkhead.yaml": [
        "backupResourcePatterns:",
        '  - "arn:aws:s3:::acme-app-*"',
        "exemptions:",
        "  - principal: ops",
        "    rules: [BH001]",
        "    reason: Ops break-glass role by design, MFA-only trust",
        "  - principal: legacy",
        "    reason: Legacy role, closed with the account (OPS-9)",
        "",
      ].join("\n"),
    });
    const { code, report } = await json(["check", "plan.json", "--config", "org/bulkhead.yaml"], cwd);
    expect(code).toBe(1);
    expect(state(report)).toEqual([
      "app: hard-mandatory, blocking",
      "legacy: hard-mandatory, not blocking",
      "ops: hard-mandatory, not blocking",
    ]);
    expect(report.summary).toMatchObject({ exempted: 2, blocking: 1 });
    const text = (await run(["check", "plan.json", "--config", "org/bulkhead.yaml"], { cwd })).stdout;
    expect(text).toContain(
      "BH001 Admin with backup deletion: violation, new, exempt\n    exempt by the org config: Ops break-glass",
    );
  });

  test("failOn and unknown come from the config; the command line wins", async () => {
    const cwd = workdir({ "bulkhead.config.yaml": "failOn: critical\nunknown: warn\n" });
    expect((await json(["check", "plan.json"], cwd)).code).toBe(1);
    expect((await run(["check", "plan.json", "--fail-on", "low", "--unknown", "block"], { cwd })).code).toBe(1);
  });

  test("rules --config shows the level the config sets beside the rule's own", async () => {
    const cwd = workdir({ "bulkhead.config.yaml": "enforcement:\n  BH002: advisory\n" });
    const r = await run(["rules"], { cwd });
    expect(r.stdout).toMatch(
      /^BH001\s+hard-mandatory\s+critical\s+Admin with backup deletion\s+\S*docs\/rules\/BH001\.md$/m,
    );
    expect(r.stdout).toMatch(
      /^BH002\s+advisory \(config; rule: hard-mandatory\)\s+critical\s+MFA requirement dropped/m,
    );
  });
});

describe("bad files: exit 2, one line naming the file, the key and the reason", () => {
  const waiver = (entry: string): Record<string, string> => ({ "bulkhead.waivers.yaml": `waivers:\n  - ${entry}\n` });
  const base = "ruleId: BH001\n    principal: ops\n    expires: 2099-01-01\n    approvedBy: me\n    reason: ";
  test.each([
    [
      waiver("ruleId: BH001\n    principal: ops\n    expires: 2099-01-01\n    approvedBy: me"),
      "bulkhead.waivers.yaml: waivers[0].reason: missing",
    ],
    [waiver(`${base}too short`), "bulkhead.waivers.yaml: waivers[0].reason: must be at least 10 characters, got 9"],
    [
      waiver(
        "ruleId: BH001\n    principal: ops\n    expires: 2099-02-30\n    approvedBy: me\n    reason: A reason long enough",
      ),
      "bulkhead.waivers.yaml: waivers[0].expires: 2099-02-30 is not a calendar date",
    ],
    [
      waiver(
        "ruleId: BH001\n    principal: ops\n    expires: next year\n    approvedBy: me\n    reason: A reason long enough",
      ),
      'bulkhead.waivers.yaml: waivers[0].expires: expected a date YYYY-MM-DD, got the text "next year"',
    ],
    [
      waiver(
        "ruleId: BH042\n    principal: ops\n    expires: 2099-01-01\n    approvedBy: me\n    reason: A reason long enough",
      ),
      "bulkhead.waivers.yaml: waivers[0].ruleId: unknown rule id BH042 (known: BH001, BH002",
    ],
    [
      { "bulkhead.waivers.yaml": "waivers:\n  - ruleId: BH001\n   reason: x\n" },
      /^bulkhead: bulkhead\.waivers\.yaml: .* at line 3, column \d+\n$/,
    ],
    [{ "bulkhead.waivers.json": '{"waivers": [' }, /^bulkhead: bulkhead\.waivers\.json: not valid JSON \(/],
    [
      { "bulkhead.config.yaml": "failOn: high\nfailOn: low\n" },
      "bulkhead.config.yaml: Map keys must be unique at line 2, column 1",
    ],
    [
      { "bulkhead.config.yaml": "fail-on: high\n" },
      "bulkhead.config.yaml: fail-on: unknown key (allowed: enforcement,",
    ],
    [
      { "bulkhead.config.yaml": "newOnly: yes\n" },
      'bulkhead.config.yaml: newOnly: expected true or false, got the text "yes"',
    ],
    [
      { "bulkhead.config.yaml": "extraBackupActions: [backup:Delete*]\n" },
      "bulkhead.config.yaml: extraBackupActions[0]: expected an IAM action name such as backup:DeleteRecoveryPoint",
    ],
    [
      { "bulkhead.config.yaml": "enforcement:\n  BH999: advisory\n" },
      "bulkhead.config.yaml: enforcement.BH999: unknown rule id BH999",
    ],
    [
      { "bulkhead.config.yaml": "", "bulkhead.config.yml": "" },
      "both bulkhead.config.yaml and bulkhead.config.yml exist here: keep one",
    ],
  ])("%j", async (files, message) => {
    const cwd = workdir(files);
    expectOneLineError(await run(["check", "plan.json", "-f", "json"], { cwd }), message);
  });

  test("a named file that does not exist", async () => {
    const cwd = workdir();
    expectOneLineError(
      await run(["check", "plan.json", "--config", "nope.yaml"], { cwd }),
      "cannot read nope.yaml: no such file",
    );
    expectOneLineError(
      await run(["check", "plan.json", "--waivers", "nope.yaml"], { cwd }),
      "cannot read nope.yaml: no such file",
    );
  });

  test("bad option values", async () => {
    const cwd = workdir();
    expectOneLineError(
      await run(["check", "plan.json", "--fail-on", "severe"], { cwd }),
      "--fail-on takes critical, high, medium, low, got severe",
    );
    expectOneLineError(await run(["check", "plan.json", "--config"], { cwd }), "--config needs a value");
  });

  test("an empty config and an empty waivers file are fine", async () => {
    const cwd = workdir({ "bulkhead.config.yaml": "", "bulkhead.waivers.yaml": "# none yet\n" });
    const { report } = await json(["check", "plan.json"], cwd);
    expect(report.waivers).toEqual([]);
  });
});
