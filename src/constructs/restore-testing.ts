import { Construct } from "constructs";
import { BackupRestoreTestingPlan } from "@cdktf/provider-aws/lib/backup-restore-testing-plan";
import { BackupRestoreTestingSelection } from "@cdktf/provider-aws/lib/backup-restore-testing-selection";
import { ARN, checkInteger, checkPattern, fail } from "./validation";

export interface RestoreTestingProps {
  /** Name of the restore testing plan (letters, digits, _). */
  readonly planName: string;
  /** ARNs of the vaults whose recovery points are restored. */
  readonly vaultArns: string[];
  /** The role AWS Backup restores as (restore permissions, the guardrail, the boundary). */
  readonly restoreRoleArn: string;
  /**
   * Resource types to restore, one selection each (AWS Backup names: EBS, RDS, Aurora, EFS, S3,
   * DynamoDB, EC2, FSx, DocumentDB, Neptune …).
   * @default ["EBS"]
   */
  readonly resourceTypes?: string[];
  /**
   * Only resources with this tag are restored (the backup selection's tag).
   * @default { key: "BackupPlan", value: "daily" }
   */
  readonly selectionTag?: { readonly key: string; readonly value: string };
  /**
   * When the tests run (AWS Backup cron expression, UTC).
   * @default "cron(0 7 ? * SAT *)" (Saturdays 07:00 UTC)
   */
  readonly schedule?: string;
  /**
   * Hours AWS Backup keeps the restored resource for validation before deleting it.
   * @default 4
   */
  readonly validationWindowHours?: number;
  /**
   * Region of the plan.
   * @default the provider's region
   */
  readonly region?: string;
  /**
   * Tags for the plan.
   * @default none
   */
  readonly tags?: Record<string, string>;
}

/**
 * AWS Backup restore testing: every week the latest recovery point of one tagged resource per
 * type is restored from the vaults, kept for the validation window, then deleted by AWS Backup.
 * A backup never restored is a hope; the job's result is in AWS Backup's restore jobs.
 */
export class RestoreTesting extends Construct {
  readonly plan: BackupRestoreTestingPlan;
  readonly selections: BackupRestoreTestingSelection[];

  constructor(scope: Construct, id: string, props: RestoreTestingProps) {
    super(scope, id);
    const resourceTypes = props.resourceTypes ?? ["EBS"];
    const tag = props.selectionTag ?? { key: "BackupPlan", value: "daily" };
    const schedule = props.schedule ?? "cron(0 7 ? * SAT *)";
    const validationWindowHours = props.validationWindowHours ?? 4;
    checkPattern(
      this,
      "planName",
      props.planName,
      /^[a-zA-Z0-9_]{1,50}$/,
      "a restore testing plan name (letters, digits, _)",
    );
    checkPattern(this, "restoreRoleArn", props.restoreRoleArn, ARN, "a role ARN");
    checkPattern(this, "schedule", schedule, /^(cron|rate)\(.+\)$/, "an AWS Backup schedule expression");
    checkInteger(this, "validationWindowHours", validationWindowHours, { min: 1, max: 168 });
    if (props.vaultArns.length === 0) fail(this, "vaultArns", "must name at least one vault");
    if (resourceTypes.length === 0) fail(this, "resourceTypes", "must name at least one resource type");
    for (const type of resourceTypes)
      checkPattern(this, "resourceTypes", type, /^[A-Za-z0-9]{2,30}$/, "an AWS Backup resource type");

    this.plan = new BackupRestoreTestingPlan(this, "plan", {
      name: props.planName,
      scheduleExpression: schedule,
      region: props.region,
      tags: props.tags,
      recoveryPointSelection: [
        {
          algorithm: "LATEST_WITHIN_WINDOW",
          includeVaults: [...props.vaultArns],
          recoveryPointTypes: ["SNAPSHOT"],
          selectionWindowDays: 7,
        },
      ],
    });
    this.selections = resourceTypes.map(
      (type) =>
        new BackupRestoreTestingSelection(this, `selection-${type}`, {
          name: `${props.planName}_${type}`.slice(0, 50),
          restoreTestingPlanName: this.plan.name,
          protectedResourceType: type,
          protectedResourceArns: ["*"],
          iamRoleArn: props.restoreRoleArn,
          validationWindowHours,
          region: props.region,
          protectedResourceConditions: [{ stringEquals: [{ key: `aws:ResourceTag/${tag.key}`, value: tag.value }] }],
        }),
    );
  }
}
