/**
 * The config and waivers files are validated by their JSON Schemas (schemas/*.schema.json,
 * compiled at build time): the compiled validators are fresh, the schemas name exactly the keys of
 * the TypeScript types, their enums are the engine's, and every key's bad value gets a one-line
 * message naming file, key and reason.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import configSchema from "../../schemas/config.schema.json";
import waiversSchema from "../../schemas/waivers.schema.json";
import { ENFORCEMENTS, parseConfig, SEVERITIES, UNKNOWN_MODES, type OrgConfig } from "../../src/engine/config";
import { parseWaivers } from "../../src/engine/waivers";
import type { Waiver } from "../../src/engine/types";
import { root } from "../helpers/engine";

const origin = (file: string) => ({ file, ruleIds: ["BH001", "BH002", "BH003", "BH004", "BH005"] });
const config = (v: unknown) => parseConfig(v, origin("bulkhead.config.yaml"));
const waivers = (v: unknown) => parseWaivers(v, origin("bulkhead.waivers.yaml"));

/** Every key of the types, once: the compiler refuses a missing or an extra one. */
const EVERY_CONFIG_KEY: Required<OrgConfig> = {
  enforcement: { BH005: "advisory" },
  backupResourcePatterns: ["arn:aws:s3:::acme-backup-*"],
  extraAdminActions: ["iam:CreateRole"],
  extraBackupActions: ["backup:DeleteBackupPlan"],
  exemptions: [{ principal: "break-glass", rules: ["BH001"], reason: "Break-glass role by design" }],
  failOn: "high",
  newOnly: true,
  unknown: "warn",
};
const EVERY_WAIVER_KEY: Required<Waiver> = {
  ruleId: "BH005",
  address: "aws_iam_access_key.ci",
  principal: "ci-*",
  reason: "CI users move to OIDC roles, ticket PLAT-77",
  expires: "2999-12-31",
  approvedBy: "platform-lead",
};

describe("schemas and types", () => {
  test("the compiled validators are fresh (npm run schemas)", () => {
    expect(() =>
      execFileSync(process.execPath, [join(root, "scripts", "build-schemas.js"), "--check"], { stdio: "pipe" }),
    ).not.toThrow();
  });

  test("the schemas name exactly the keys of OrgConfig and Waiver", () => {
    expect(Object.keys(configSchema.properties).sort()).toEqual(Object.keys(EVERY_CONFIG_KEY).sort());
    const item = waiversSchema.properties.waivers.items;
    expect(Object.keys(item.properties).sort()).toEqual(Object.keys(EVERY_WAIVER_KEY).sort());
    expect(Object.keys(configSchema.properties.exemptions.items.properties).sort()).toEqual(
      ["address", "principal", "reason", "rules"].sort(),
    );
    expect(config(EVERY_CONFIG_KEY)).toEqual(EVERY_CONFIG_KEY);
    expect(waivers({ waivers: [EVERY_WAIVER_KEY] })).toEqual([EVERY_WAIVER_KEY]);
  });

  test("the schemas' enums are the engine's", () => {
    expect(configSchema.properties.failOn.enum).toEqual(SEVERITIES);
    expect(configSchema.properties.unknown.enum).toEqual(UNKNOWN_MODES);
    expect(configSchema.properties.enforcement.additionalProperties.enum).toEqual(ENFORCEMENTS);
  });
});

describe("a message per key: file, key, reason", () => {
  test.each([
    [[], "bulkhead.config.yaml: expected a map of settings, got a list"],
    [{ fail_on: "high" }, "bulkhead.config.yaml: fail_on: unknown key (allowed: enforcement, backupResourcePatterns,"],
    [{ enforcement: [] }, "bulkhead.config.yaml: enforcement: expected a map of rule id to level, got a list"],
    [{ enforcement: { foo: "advisory" } }, "bulkhead.config.yaml: enforcement.foo: unknown rule id foo (known: BH001,"],
    [{ enforcement: { BH009: "advisory" } }, "bulkhead.config.yaml: enforcement.BH009: unknown rule id BH009"],
    [
      { enforcement: { BH001: "off" } },
      'bulkhead.config.yaml: enforcement.BH001: expected one of advisory, soft-mandatory, hard-mandatory, got the text "off"',
    ],
    [
      { backupResourcePatterns: "arn:x" },
      "bulkhead.config.yaml: backupResourcePatterns: expected a list, got the text",
    ],
    [
      { backupResourcePatterns: ["acme-backup"] },
      'bulkhead.config.yaml: backupResourcePatterns[0]: expected an ARN glob such as arn:aws:s3:::acme-backup-*, got the text "acme-backup"',
    ],
    [
      { extraAdminActions: ["iam:*"] },
      'bulkhead.config.yaml: extraAdminActions[0]: expected an IAM action name such as backup:DeleteRecoveryPoint, got the text "iam:*"',
    ],
    [
      { extraBackupActions: [3] },
      "bulkhead.config.yaml: extraBackupActions[0]: expected an IAM action name such as backup:DeleteRecoveryPoint, got number 3",
    ],
    [{ exemptions: {} }, "bulkhead.config.yaml: exemptions: expected a list, got a map"],
    [{ exemptions: ["x"] }, 'bulkhead.config.yaml: exemptions[0]: expected a map, got the text "x"'],
    [
      { exemptions: [{ principal: "x" }] },
      "bulkhead.config.yaml: exemptions[0].reason: missing: say why, in at least 10 characters",
    ],
    [
      { exemptions: [{ reason: "Break-glass by design" }] },
      "bulkhead.config.yaml: exemptions[0]: needs an address or a principal",
    ],
    [
      { exemptions: [{ principal: "*", reason: "Break-glass by design" }] },
      "bulkhead.config.yaml: exemptions[0].principal: * matches everything",
    ],
    [
      { exemptions: [{ principal: "x", rules: [], reason: "Break-glass by design" }] },
      "bulkhead.config.yaml: exemptions[0].rules: is empty: leave it out to cover every rule",
    ],
    [
      { exemptions: [{ principal: "x", rules: ["BH1"], reason: "Break-glass by design" }] },
      "bulkhead.config.yaml: exemptions[0].rules[0]: unknown rule id BH1",
    ],
    [
      { exemptions: [{ principal: "x", reason: "   short   " }] },
      "bulkhead.config.yaml: exemptions[0].reason: must be at least 10 characters, got 5",
    ],
    [
      { exemptions: [{ principal: "x", reason: "          " }] },
      "bulkhead.config.yaml: exemptions[0].reason: is empty",
    ],
    [
      { failOn: "CRITICAL" },
      'bulkhead.config.yaml: failOn: expected one of critical, high, medium, low, got the text "CRITICAL"',
    ],
    [{ newOnly: "false" }, 'bulkhead.config.yaml: newOnly: expected true or false, got the text "false"'],
    [{ unknown: "Block" }, 'bulkhead.config.yaml: unknown: expected one of block, warn, got the text "Block"'],
  ])("config %j", (value, message) => {
    expect(() => config(value)).toThrow(message);
  });

  const w = (patch: Record<string, unknown>, drop?: string) => {
    const entry: Record<string, unknown> = { ...EVERY_WAIVER_KEY, ...patch };
    if (drop !== undefined) delete entry[drop];
    return { waivers: [entry] };
  };
  test.each([
    ["a list", [], "bulkhead.waivers.yaml: expected a map with a waivers list, got a list"],
    ["waiver:", { waiver: [] }, "bulkhead.waivers.yaml: waiver: unknown key (allowed: waivers)"],
    ["waivers: map", { waivers: {} }, "bulkhead.waivers.yaml: waivers: expected a list, got a map"],
    ["entry text", { waivers: ["x"] }, 'bulkhead.waivers.yaml: waivers[0]: expected a map, got the text "x"'],
    ["extra key", w({ owner: "me" }), "bulkhead.waivers.yaml: waivers[0].owner: unknown key (allowed: ruleId,"],
    ["no ruleId", w({}, "ruleId"), "bulkhead.waivers.yaml: waivers[0].ruleId: missing: the rule the waiver is for"],
    ["ruleId", w({ ruleId: "BH042" }), "bulkhead.waivers.yaml: waivers[0].ruleId: unknown rule id BH042"],
    [
      "ruleId number",
      w({ ruleId: 1 }),
      "bulkhead.waivers.yaml: waivers[0].ruleId: expected a rule id such as BH001, got number 1",
    ],
    ["address", w({ address: "*" }), "bulkhead.waivers.yaml: waivers[0].address: * matches everything"],
    [
      "principal",
      w({ principal: 7 }),
      "bulkhead.waivers.yaml: waivers[0].principal: expected text (a glob), got number 7",
    ],
    [
      "no reason",
      w({}, "reason"),
      "bulkhead.waivers.yaml: waivers[0].reason: missing: say why, in at least 10 characters",
    ],
    [
      "reason",
      w({ reason: "too short" }),
      "bulkhead.waivers.yaml: waivers[0].reason: must be at least 10 characters, got 9",
    ],
    [
      "no expires",
      w({}, "expires"),
      "bulkhead.waivers.yaml: waivers[0].expires: missing: the last day it applies, YYYY-MM-DD",
    ],
    [
      "expires",
      w({ expires: "next year" }),
      'bulkhead.waivers.yaml: waivers[0].expires: expected a date YYYY-MM-DD, got the text "next year"',
    ],
    [
      "calendar",
      w({ expires: "2099-02-30" }),
      "bulkhead.waivers.yaml: waivers[0].expires: 2099-02-30 is not a calendar date",
    ],
    [
      "no approvedBy",
      w({}, "approvedBy"),
      "bulkhead.waivers.yaml: waivers[0].approvedBy: missing: who approved the waiver",
    ],
    ["approvedBy", w({ approvedBy: " " }), "bulkhead.waivers.yaml: waivers[0].approvedBy: is empty"],
  ])("waivers: %s", (_, value, message) => {
    expect(() => waivers(value)).toThrow(message);
  });
});
