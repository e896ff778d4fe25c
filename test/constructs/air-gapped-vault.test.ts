import { Testing, TerraformStack } from "cdktf";
import { BackupLogicallyAirGappedVault } from "@cdktf/provider-aws/lib/backup-logically-air-gapped-vault";
import { AirGappedVault, BackupVault } from "../../src/constructs";
import { onlyResource } from "./synth-helpers";

Testing.setupJest();

describe("AirGappedVault", () => {
  it("creates a logically air-gapped vault with its retention bounds and prevent_destroy", () => {
    const synthesized = Testing.synthScope((stack) => {
      new AirGappedVault(stack, "air", { vaultName: "prod-air", minRetentionDays: 14, maxRetentionDays: 400 });
    });
    expect(synthesized).toHaveResourceWithProperties(BackupLogicallyAirGappedVault, {
      name: "prod-air",
      min_retention_days: 14,
      max_retention_days: 400,
    });
    expect(onlyResource(synthesized, "aws_backup_logically_air_gapped_vault").lifecycle).toEqual({
      prevent_destroy: true,
    });
  });

  it("rejects bounds AWS refuses", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    expect(() => new AirGappedVault(stack, "a", { vaultName: "x y" })).toThrow(/backup vault name/);
    expect(() => new AirGappedVault(stack, "b", { vaultName: "ok", minRetentionDays: 3 })).toThrow(/at least 7/);
    expect(
      () => new AirGappedVault(stack, "c", { vaultName: "ok", minRetentionDays: 30, maxRetentionDays: 10 }),
    ).toThrow(/below minRetentionDays/);
  });

  it("is the copy destination of a BackupVault's plan", () => {
    const synthesized = Testing.synthScope((stack) => {
      const air = new AirGappedVault(stack, "air", { vaultName: "prod-air" });
      new BackupVault(stack, "vault", {
        vaultName: "prod-backups",
        breakGlassRoleArn: "arn:aws:iam::111122223333:role/bulkhead/break-glass-backup-deleter",
        backupRoleArn: "arn:aws:iam::111122223333:role/bulkhead/backup-writer",
        copyDestinations: [{ vaultArn: air.vaultArn, retentionDays: 90 }],
      });
    });
    const rule = (onlyResource(synthesized, "aws_backup_plan").rule as Record<string, unknown>[])[0];
    expect(rule.copy_action).toEqual([
      {
        destination_vault_arn: expect.stringMatching(/^\$\{aws_backup_logically_air_gapped_vault\.[^.]+\.arn\}$/),
        lifecycle: { delete_after: 90 },
      },
    ]);
  });
});
