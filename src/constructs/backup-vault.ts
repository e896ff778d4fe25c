import { Construct } from "constructs";
import { BackupPlan } from "@cdktf/provider-aws/lib/backup-plan";
import { BackupSelection } from "@cdktf/provider-aws/lib/backup-selection";
import { BackupVault as BackupVaultResource } from "@cdktf/provider-aws/lib/backup-vault";
import { BackupVaultLockConfiguration } from "@cdktf/provider-aws/lib/backup-vault-lock-configuration";
import { BackupVaultPolicy } from "@cdktf/provider-aws/lib/backup-vault-policy";
import { VAULT_CONFIGURE_ACTIONS, VAULT_PROTECTED_ACTIONS } from "./actions";
import { PolicyDocument, policyDocument, toJson } from "./policy-document";
import { ARN, checkInteger, checkPattern, fail, isResolvedNumber } from "./validation";

/** AWS Backup Vault Lock needs at least 3 days of grace before compliance mode becomes immutable. */
export const MIN_CHANGEABLE_FOR_DAYS = 3;

export interface BackupSelectionTag {
  readonly key: string;
  readonly value: string;
}

export interface BackupCopyDestination {
  /** ARN of the destination vault (a logically air-gapped vault, or a vault of a backup account). */
  readonly vaultArn: string;
  /**
   * Days the copy is kept.
   * @default the plan's retentionDays
   */
  readonly retentionDays?: number;
}

export interface BackupVaultProps {
  /** Name of the backup vault. */
  readonly vaultName: string;
  /** The break-glass backup deleter: the only principal the vault policy lets delete. */
  readonly breakGlassRoleArn: string;
  /**
   * Principals (`aws:PrincipalArn` patterns) that may configure the vault (its policy, lock):
   * the deployer and the bootstrap role. Everyone else is denied, break-glass included.
   * @default nobody (the vault's configuration can then never change again)
   */
  readonly configurerArns?: string[];
  /** The role AWS Backup assumes to take the backups (BackupWriterRole). */
  readonly backupRoleArn: string;
  /**
   * Days the compliance-mode lock can still be removed after creation; after that it is
   * immutable, even for the root user (AWS requires at least 3).
   * @default 3
   */
  readonly changeableForDays?: number;
  /**
   * Shortest retention the lock accepts for a recovery point.
   * @default 7
   */
  readonly minRetentionDays?: number;
  /**
   * Longest retention the lock accepts for a recovery point.
   * @default 3650
   */
  readonly maxRetentionDays?: number;
  /**
   * Days the daily plan keeps each recovery point (between minRetentionDays and maxRetentionDays).
   * @default 35
   */
  readonly retentionDays?: number;
  /**
   * Schedule of the backup rule (AWS Backup cron expression, UTC).
   * @default "cron(0 5 ? * * *)" (daily at 05:00 UTC)
   */
  readonly schedule?: string;
  /**
   * Vaults every recovery point is copied to (a `copy_action` each): out of this account's reach.
   * @default none (BH007 reports a plan whose recovery points never leave the account)
   */
  readonly copyDestinations?: BackupCopyDestination[];
  /**
   * Resources carrying this tag are backed up. Deliberately not `Backup = "true"`, the tag that
   * marks backup storage such as the backup bucket.
   * @default { key: "BackupPlan", value: "daily" }
   */
  readonly selectionTag?: BackupSelectionTag;
  /**
   * KMS key that encrypts the recovery points.
   * @default the AWS managed key for AWS Backup
   */
  readonly kmsKeyArn?: string;
  /**
   * Region of the vault, plan and selection.
   * @default the provider's region
   */
  readonly region?: string;
  /**
   * Tags for the vault and the plan.
   * @default none
   */
  readonly tags?: Record<string, string>;
}

/**
 * An AWS Backup vault nobody can empty: no force_destroy and Terraform `prevent_destroy`, Vault
 * Lock in compliance mode, a vault access policy that denies deleting recovery points, shortening
 * their lifecycle, deleting the policy, the lock or the vault to everyone but the break-glass
 * role, and changing the policy or the lock to everyone but the configurers (the deployer); plus
 * a daily backup plan (copying every recovery point to the `copyDestinations`) and a tag-based
 * selection that runs as the backup writer role.
 */
export class BackupVault extends Construct {
  readonly vault: BackupVaultResource;
  readonly vaultName: string;
  readonly vaultArn: string;
  readonly lock: BackupVaultLockConfiguration;
  readonly vaultPolicy: BackupVaultPolicy;
  readonly accessPolicy: PolicyDocument;
  readonly plan: BackupPlan;
  readonly selection: BackupSelection;

  constructor(scope: Construct, id: string, props: BackupVaultProps) {
    super(scope, id);
    const changeableForDays = props.changeableForDays ?? MIN_CHANGEABLE_FOR_DAYS;
    const minRetentionDays = props.minRetentionDays ?? 7;
    const maxRetentionDays = props.maxRetentionDays ?? 3650;
    const retentionDays = props.retentionDays ?? 35;
    const schedule = props.schedule ?? "cron(0 5 ? * * *)";
    const selectionTag = props.selectionTag ?? { key: "BackupPlan", value: "daily" };

    checkPattern(
      this,
      "vaultName",
      props.vaultName,
      /^[a-zA-Z0-9\-_]{2,50}$/,
      "a backup vault name (2–50 letters, digits, - and _)",
    );
    checkPattern(this, "breakGlassRoleArn", props.breakGlassRoleArn, ARN, "a role ARN");
    checkPattern(this, "backupRoleArn", props.backupRoleArn, ARN, "a role ARN");
    checkInteger(this, "changeableForDays", changeableForDays, { min: MIN_CHANGEABLE_FOR_DAYS, max: 36500 });
    checkInteger(this, "minRetentionDays", minRetentionDays, { min: 1, max: 36500 });
    checkInteger(this, "maxRetentionDays", maxRetentionDays, { min: 1, max: 36500 });
    checkInteger(this, "retentionDays", retentionDays, { min: 1, max: 36500 });
    if (
      isResolvedNumber(minRetentionDays) &&
      isResolvedNumber(maxRetentionDays) &&
      maxRetentionDays < minRetentionDays
    ) {
      fail(this, "maxRetentionDays", `${maxRetentionDays} is below minRetentionDays ${minRetentionDays}`);
    }
    if (isResolvedNumber(retentionDays) && isResolvedNumber(minRetentionDays) && retentionDays < minRetentionDays) {
      fail(
        this,
        "retentionDays",
        `${retentionDays} is below minRetentionDays ${minRetentionDays}: the vault lock would reject every backup`,
      );
    }
    if (isResolvedNumber(retentionDays) && isResolvedNumber(maxRetentionDays) && retentionDays > maxRetentionDays) {
      fail(
        this,
        "retentionDays",
        `${retentionDays} is above maxRetentionDays ${maxRetentionDays}: the vault lock would reject every backup`,
      );
    }
    checkPattern(this, "schedule", schedule, /^(cron|rate)\(.+\)$/, "an AWS Backup schedule expression");
    if (selectionTag.key.length === 0) fail(this, "selectionTag", "the tag key must not be empty");
    const copies = props.copyDestinations ?? [];
    for (const copy of copies) {
      checkPattern(this, "copyDestinations[].vaultArn", copy.vaultArn, ARN, "a backup vault ARN");
      checkInteger(this, "copyDestinations[].retentionDays", copy.retentionDays, { min: 1, max: 36500 });
    }

    this.vault = new BackupVaultResource(this, "vault", {
      name: props.vaultName,
      kmsKeyArn: props.kmsKeyArn,
      forceDestroy: false,
      region: props.region,
      tags: props.tags,
      lifecycle: { preventDestroy: true },
    });
    this.vaultName = this.vault.name;
    this.vaultArn = this.vault.arn;

    this.lock = new BackupVaultLockConfiguration(this, "lock", {
      backupVaultName: this.vault.name,
      changeableForDays,
      minRetentionDays,
      maxRetentionDays,
      region: props.region,
    });

    const configurers = props.configurerArns ?? [];
    for (const arn of configurers) checkPattern(this, "configurerArns", arn, ARN, "a principal ARN pattern");
    this.accessPolicy = policyDocument(
      {
        Sid: "DenyBackupDestructionExceptBreakGlass",
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: [...VAULT_PROTECTED_ACTIONS],
        Resource: "*",
        Condition: { ArnNotEquals: { "aws:PrincipalArn": props.breakGlassRoleArn } },
      },
      {
        Sid: "DenyConfigurationExceptDeployer",
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: [...VAULT_CONFIGURE_ACTIONS],
        Resource: "*",
        ...(configurers.length > 0 ? { Condition: { ArnNotLike: { "aws:PrincipalArn": [...configurers] } } } : {}),
      },
    );
    this.vaultPolicy = new BackupVaultPolicy(this, "policy", {
      backupVaultName: this.vault.name,
      policy: toJson(this.accessPolicy),
      region: props.region,
    });

    this.plan = new BackupPlan(this, "plan", {
      name: `${props.vaultName}-daily`,
      region: props.region,
      tags: props.tags,
      rule: [
        {
          ruleName: "daily",
          targetVaultName: this.vault.name,
          schedule,
          lifecycle: { deleteAfter: retentionDays },
          copyAction:
            copies.length === 0
              ? undefined
              : copies.map((copy) => ({
                  destinationVaultArn: copy.vaultArn,
                  lifecycle: { deleteAfter: copy.retentionDays ?? retentionDays },
                })),
        },
      ],
    });

    this.selection = new BackupSelection(this, "selection", {
      name: `${props.vaultName}-by-tag`,
      planId: this.plan.id,
      iamRoleArn: props.backupRoleArn,
      region: props.region,
      selectionTag: [{ type: "STRINGEQUALS", key: selectionTag.key, value: selectionTag.value }],
    });
  }
}
