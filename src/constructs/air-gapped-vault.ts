import { Construct } from "constructs";
import { BackupLogicallyAirGappedVault } from "@cdktf/provider-aws/lib/backup-logically-air-gapped-vault";
import { checkInteger, checkPattern, fail, isResolvedNumber } from "./validation";

export interface AirGappedVaultProps {
  /** Name of the vault. */
  readonly vaultName: string;
  /**
   * Shortest retention the vault accepts (its built-in compliance lock keeps every recovery
   * point at least this long, from everyone, root included).
   * @default 7
   */
  readonly minRetentionDays?: number;
  /**
   * Longest retention the vault accepts.
   * @default 3650
   */
  readonly maxRetentionDays?: number;
  /**
   * Region of the vault.
   * @default the provider's region
   */
  readonly region?: string;
  /**
   * Tags for the vault.
   * @default none
   */
  readonly tags?: Record<string, string>;
}

/**
 * An AWS Backup logically air-gapped vault: locked in compliance mode from creation, its recovery
 * points encrypted with an AWS-owned key (no customer key to schedule for deletion) and shareable
 * through AWS RAM with a recovery account, so they can be restored even when this account is lost.
 * The backup plan copies every recovery point here (`BackupVault` `copyDestinations`).
 */
export class AirGappedVault extends Construct {
  readonly vault: BackupLogicallyAirGappedVault;
  readonly vaultArn: string;
  readonly vaultName: string;
  readonly minRetentionDays: number;
  readonly maxRetentionDays: number;

  constructor(scope: Construct, id: string, props: AirGappedVaultProps) {
    super(scope, id);
    this.minRetentionDays = props.minRetentionDays ?? 7;
    this.maxRetentionDays = props.maxRetentionDays ?? 3650;
    checkPattern(
      this,
      "vaultName",
      props.vaultName,
      /^[a-zA-Z0-9\-_]{2,50}$/,
      "a backup vault name (2–50 letters, digits, - and _)",
    );
    checkInteger(this, "minRetentionDays", this.minRetentionDays, { min: 7, max: 36500 });
    checkInteger(this, "maxRetentionDays", this.maxRetentionDays, { min: 7, max: 36500 });
    if (
      isResolvedNumber(this.minRetentionDays) &&
      isResolvedNumber(this.maxRetentionDays) &&
      this.maxRetentionDays < this.minRetentionDays
    ) {
      fail(this, "maxRetentionDays", `${this.maxRetentionDays} is below minRetentionDays ${this.minRetentionDays}`);
    }
    this.vault = new BackupLogicallyAirGappedVault(this, "vault", {
      name: props.vaultName,
      minRetentionDays: this.minRetentionDays,
      maxRetentionDays: this.maxRetentionDays,
      region: props.region,
      tags: props.tags,
      lifecycle: { preventDestroy: true },
    });
    this.vaultArn = this.vault.arn;
    this.vaultName = this.vault.name;
  }
}
