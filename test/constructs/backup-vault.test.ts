import { Testing, TerraformStack, TerraformVariable } from "cdktf";
import { BackupPlan } from "@cdktf/provider-aws/lib/backup-plan";
import { BackupSelection } from "@cdktf/provider-aws/lib/backup-selection";
import { BackupVault as BackupVaultResource } from "@cdktf/provider-aws/lib/backup-vault";
import { BackupVaultLockConfiguration } from "@cdktf/provider-aws/lib/backup-vault-lock-configuration";
import { BackupVault, BackupVaultProps, BaselineValidationError } from "../../src/constructs";
import { documentOf, onlyResource } from "./synth-helpers";

Testing.setupJest();

const BREAK_GLASS = "arn:aws:iam::111122223333:role/bulkhead/break-glass-backup-deleter";
const WRITER = "arn:aws:iam::111122223333:role/bulkhead/backup-writer";
const DEPLOYER = "arn:aws:iam::111122223333:role/bulkhead/deployer";
const base: BackupVaultProps = {
  vaultName: "prod-backups",
  breakGlassRoleArn: BREAK_GLASS,
  backupRoleArn: WRITER,
  configurerArns: [DEPLOYER],
};

describe("BackupVault", () => {
  const synthesized = Testing.synthScope((stack) => {
    new BackupVault(stack, "vault", { ...base, retentionDays: 30, minRetentionDays: 14, maxRetentionDays: 400 });
  });

  it("creates the vault without force_destroy and with prevent_destroy", () => {
    expect(synthesized).toHaveResourceWithProperties(BackupVaultResource, {
      name: "prod-backups",
      force_destroy: false,
    });
    expect(onlyResource(synthesized, "aws_backup_vault").lifecycle).toEqual({ prevent_destroy: true });
  });

  it("locks the vault in compliance mode (changeable_for_days set) with the retention bounds", () => {
    expect(synthesized).toHaveResourceWithProperties(BackupVaultLockConfiguration, {
      changeable_for_days: 3,
      min_retention_days: 14,
      max_retention_days: 400,
    });
  });

  it("denies deleting recovery points to all but break-glass, changing the policy or lock to all but the deployer", () => {
    const document = documentOf(onlyResource(synthesized, "aws_backup_vault_policy"));
    expect(document.Statement).toHaveLength(2);
    expect(document.Statement[1]).toEqual({
      Sid: "DenyConfigurationExceptDeployer",
      Effect: "Deny",
      Principal: { AWS: "*" },
      Action: ["backup:PutBackupVaultAccessPolicy", "backup:PutBackupVaultLockConfiguration"],
      Resource: "*",
      Condition: { ArnNotLike: { "aws:PrincipalArn": [DEPLOYER] } },
    });
    expect(document.Statement[0]).toMatchObject({
      Effect: "Deny",
      Principal: { AWS: "*" },
      Resource: "*",
      Condition: { ArnNotEquals: { "aws:PrincipalArn": BREAK_GLASS } },
    });
    expect(document.Statement[0].Action).toEqual(
      expect.arrayContaining([
        "backup:DeleteRecoveryPoint",
        "backup:UpdateRecoveryPointLifecycle",
        "backup:DeleteBackupVaultAccessPolicy",
        "backup:DeleteBackupVaultLockConfiguration",
        "backup:DeleteBackupVault",
      ]),
    );
  });

  it("backs up tagged resources daily as the writer role, kept for the retention", () => {
    expect(synthesized).toHaveResourceWithProperties(BackupPlan, {
      name: "prod-backups-daily",
      rule: [
        {
          rule_name: "daily",
          schedule: "cron(0 5 ? * * *)",
          lifecycle: { delete_after: 30 },
          target_vault_name: expect.stringMatching(/^\$\{aws_backup_vault\.vault_\w+\.name\}$/),
        },
      ],
    });
    expect(synthesized).toHaveResourceWithProperties(BackupSelection, {
      iam_role_arn: WRITER,
      selection_tag: [{ type: "STRINGEQUALS", key: "BackupPlan", value: "daily" }],
    });
  });

  it("defaults to a 3-day grace, 7–3650 days retention and 35-day recovery points", () => {
    const defaults = Testing.synthScope((stack) => {
      new BackupVault(stack, "vault", base);
    });
    expect(defaults).toHaveResourceWithProperties(BackupVaultLockConfiguration, {
      changeable_for_days: 3,
      min_retention_days: 7,
      max_retention_days: 3650,
    });
    expect(defaults).toHaveResourceWithProperties(BackupPlan, {
      rule: [expect.objectContaining({ lifecycle: { delete_after: 35 } })],
    });
  });

  it("rejects a 1-day grace period (governance-like lock)", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    expect(() => new BackupVault(stack, "vault", { ...base, changeableForDays: 1 })).toThrow(BaselineValidationError);
    expect(() => new BackupVault(stack, "vault2", { ...base, changeableForDays: 1 })).toThrow(
      /changeableForDays: must be at least 3/,
    );
  });

  it("rejects retention bounds the lock would refuse", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    expect(() => new BackupVault(stack, "a", { ...base, minRetentionDays: 30, maxRetentionDays: 10 })).toThrow(
      /maxRetentionDays/,
    );
    expect(() => new BackupVault(stack, "b", { ...base, retentionDays: 3 })).toThrow(/below minRetentionDays/);
    expect(() => new BackupVault(stack, "c", { ...base, retentionDays: 4000 })).toThrow(/above maxRetentionDays/);
    expect(() => new BackupVault(stack, "d", { ...base, vaultName: "no spaces" })).toThrow(/vault name/);
    expect(() => new BackupVault(stack, "e", { ...base, breakGlassRoleArn: "break-glass" })).toThrow(/role ARN/);
    expect(() => new BackupVault(stack, "f", { ...base, schedule: "daily" })).toThrow(/schedule/);
  });

  it("skips validation of unresolved tokens", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    const days = new TerraformVariable(stack, "days", { type: "number" }).numberValue;
    const role = new TerraformVariable(stack, "role", { type: "string" }).stringValue;
    expect(
      () =>
        new BackupVault(stack, "vault", {
          ...base,
          breakGlassRoleArn: role,
          changeableForDays: days,
          retentionDays: days,
        }),
    ).not.toThrow();
    expect(Testing.synth(stack)).toHaveResourceWithProperties(BackupVaultLockConfiguration, {
      changeable_for_days: "${var.days}",
    });
  });
});
