import { ACTION_NAME, parseConfig, policyConfig } from "../../src/engine/config";
import { BulkheadError } from "../../src/engine/errors";

const origin = { file: "bulkhead.config.yaml", ruleIds: ["BH001", "BH002"] };

const full = {
  enforcement: { BH001: "soft-mandatory", BH002: "hard-mandatory" },
  backupResourcePatterns: ["arn:aws:s3:::acme-backup-*", "arn:aws:dynamodb:*:*:table/backup-*"],
  extraAdminActions: ["sso:CreatePermissionSet"],
  extraBackupActions: ["backup:DeleteReportPlan", "aws-marketplace:Unsubscribe"],
  exemptions: [
    { principal: "break-glass", rules: ["BH001"], reason: "Break-glass by design, MFA-only trust" },
    { address: "module.legacy.*", reason: "Legacy account, closed in Q1 (OPS-9)" },
  ],
  failOn: "high",
  newOnly: true,
  unknown: "warn",
};

function error(value: unknown): string {
  try {
    parseConfig(value, origin);
  } catch (e) {
    expect(e).toBeInstanceOf(BulkheadError);
    return (e as Error).message;
  }
  throw new Error("parseConfig accepted it");
}

describe("parseConfig", () => {
  test("reads every setting", () => {
    expect(parseConfig(full, origin)).toEqual(full);
  });

  test("an empty document is an empty config", () => {
    expect(parseConfig(null, origin)).toEqual({});
    expect(parseConfig({}, origin)).toEqual({});
  });

  test("gives the policies their lists, empty when not configured", () => {
    expect(policyConfig(parseConfig(full, origin))).toEqual({
      backup_resource_patterns: full.backupResourcePatterns,
      extra_admin_actions: full.extraAdminActions,
      extra_backup_actions: full.extraBackupActions,
    });
    expect(policyConfig({})).toEqual({
      backup_resource_patterns: [],
      extra_admin_actions: [],
      extra_backup_actions: [],
    });
  });

  test.each([
    [{ failon: "high" }, "bulkhead.config.yaml: failon: unknown key (allowed: enforcement, backupResourcePatterns,"],
    [
      { enforcement: { BH009: "advisory" } },
      "bulkhead.config.yaml: enforcement.BH009: unknown rule id BH009 (known: BH001, BH002)",
    ],
    [
      { enforcement: { BH001: "mandatory" } },
      'enforcement.BH001: expected one of advisory, soft-mandatory, hard-mandatory, got the text "mandatory"',
    ],
    [{ enforcement: ["BH001"] }, "enforcement: expected a map of rule id to level, got a list"],
    [{ backupResourcePatterns: "arn:aws:s3:::b" }, "backupResourcePatterns: expected a list, got the text"],
    [
      { backupResourcePatterns: ["acme-backup-*"] },
      "backupResourcePatterns[0]: expected an ARN glob such as arn:aws:s3:::acme-backup-*",
    ],
    [
      { extraAdminActions: ["iam:*"] },
      'extraAdminActions[0]: expected an IAM action name such as backup:DeleteRecoveryPoint, got the text "iam:*"',
    ],
    [{ extraBackupActions: ["DeleteRecoveryPoint"] }, "extraBackupActions[0]: expected an IAM action name"],
    [{ extraBackupActions: ["backup:Delete Recovery"] }, "extraBackupActions[0]: expected an IAM action name"],
    [{ exemptions: [{ principal: "bg" }] }, "exemptions[0].reason: missing: say why, in at least 10 characters"],
    [
      { exemptions: [{ principal: "bg", reason: "by design" }] },
      "exemptions[0].reason: must be at least 10 characters, got 9",
    ],
    [{ exemptions: [{ reason: "Break-glass by design" }] }, "exemptions[0]: needs an address or a principal"],
    [
      { exemptions: [{ principal: "**", reason: "Break-glass by design" }] },
      "exemptions[0].principal: ** matches everything",
    ],
    [
      { exemptions: [{ principal: "bg", rules: [], reason: "Break-glass by design" }] },
      "exemptions[0].rules: is empty",
    ],
    [
      { exemptions: [{ principal: "bg", rules: ["BH3"], reason: "Break-glass by design" }] },
      "exemptions[0].rules[0]: unknown rule id BH3",
    ],
    [
      { exemptions: [{ principal: "bg", why: "x", reason: "Break-glass by design" }] },
      "exemptions[0].why: unknown key",
    ],
    [{ failOn: "severe" }, 'failOn: expected one of critical, high, medium, low, got the text "severe"'],
    [{ newOnly: "yes" }, 'newOnly: expected true or false, got the text "yes"'],
    [{ unknown: "ignore" }, 'unknown: expected one of block, warn, got the text "ignore"'],
    [["BH001"], "bulkhead.config.yaml: expected a map of settings, got a list"],
  ])("refuses %j", (config, message) => {
    const m = error(config);
    expect(m).toContain(message);
    expect(m.startsWith("bulkhead.config.yaml: ")).toBe(true);
    expect(m).not.toContain("\n");
  });
});

test("action names: service prefix and action, as the AWS authorization reference spells them", () => {
  for (const ok of [
    "s3:DeleteObjectVersion",
    "aws-marketplace:ViewSubscriptions",
    "s3-object-lambda:DeleteObject",
    "ec2:DeleteSnapshot",
  ]) {
    expect(ACTION_NAME.test(ok)).toBe(true);
  }
  for (const bad of [
    "s3:*",
    "s3:Delete*",
    "S3:DeleteObject",
    "s3::DeleteObject",
    "s3:",
    ":Delete",
    "s3:1Delete",
    "-s3:Get",
  ]) {
    expect(ACTION_NAME.test(bad)).toBe(false);
  }
});
