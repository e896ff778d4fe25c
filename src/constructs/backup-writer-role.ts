import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { AccountContext } from "./account-context";
import { BackupGuardrailPolicy } from "./backup-guardrail-policy";
import { DelegatedAdminBoundary } from "./delegated-admin-boundary";
import { PolicyDocument, serviceTrustPolicy, toJson } from "./policy-document";
import { checkPattern, IAM_NAME, IAM_PATH } from "./validation";

export interface BackupWriterRoleProps {
  /**
   * Name of the role.
   * @default "backup-writer"
   */
  readonly roleName?: string;
  /**
   * IAM path of the role.
   * @default "/bulkhead/"
   */
  readonly path?: string;
  /**
   * Also attach the AWS Backup restore policies. Restoring can overwrite or delete production
   * resources, so a separate restore role is usually better.
   * @default false
   */
  readonly allowRestores?: boolean;
  /**
   * Also attach the AWS Backup policies for Amazon S3 backups.
   * @default true
   */
  readonly includeS3?: boolean;
  /**
   * Permission boundary of the role.
   * @default the stack's shared boundary (`DelegatedAdminBoundary.of(scope)`)
   */
  readonly permissionsBoundary?: DelegatedAdminBoundary;
  /**
   * Create the role without a permission boundary.
   * @default false
   */
  readonly withoutPermissionsBoundary?: boolean;
  /**
   * The guardrail attached to the role (no opt-out: the writer never deletes).
   * @default the stack's shared guardrail (`BackupGuardrailPolicy.of(scope)`)
   */
  readonly backupGuardrail?: BackupGuardrailPolicy;
  /**
   * Account id and partition.
   * @default the stack's `AccountContext.of(scope)`
   */
  readonly accountContext?: AccountContext;
  /**
   * Tags for the role.
   * @default none
   */
  readonly tags?: Record<string, string>;
}

/**
 * The role AWS Backup assumes to take and copy backups: trusted by backup.amazonaws.com only, the
 * AWS managed AWSBackupServiceRolePolicyForBackup (and S3) policies, and the backup guardrail, so
 * it can create backups but never delete one.
 *
 * Trade-off: AWSBackupServiceRolePolicyForBackup grants deletes that AWS Backup uses to expire
 * some recovery points (EBS, RDS …) at the end of their lifecycle; the guardrail denies them, so
 * expired recovery points of those types stay until the break-glass role removes them.
 */
export class BackupWriterRole extends Construct {
  readonly role: IamRole;
  readonly roleArn: string;
  readonly roleName: string;
  readonly trustPolicy: PolicyDocument;
  readonly managedPolicyArns: readonly string[];

  constructor(scope: Construct, id: string, props: BackupWriterRoleProps = {}) {
    super(scope, id);
    const roleName = props.roleName ?? "backup-writer";
    const path = props.path ?? "/bulkhead/";
    checkPattern(this, "roleName", roleName, IAM_NAME, "a valid IAM role name");
    checkPattern(this, "path", path, IAM_PATH, "an IAM path (starts and ends with /)");
    const account = props.accountContext ?? AccountContext.of(this);
    const boundary = DelegatedAdminBoundary.forRole(this, props);
    const guardrail = props.backupGuardrail ?? BackupGuardrailPolicy.of(this);

    this.trustPolicy = serviceTrustPolicy(["backup.amazonaws.com"]);
    this.role = new IamRole(this, "role", {
      name: roleName,
      path,
      description: "bulkhead: AWS Backup creates and copies backups; cannot delete them",
      assumeRolePolicy: toJson(this.trustPolicy),
      permissionsBoundary: boundary?.policyArn,
      tags: props.tags,
    });
    this.roleArn = this.role.arn;
    this.roleName = this.role.name;

    const policies = ["service-role/AWSBackupServiceRolePolicyForBackup"];
    if (props.includeS3 ?? true) policies.push("AWSBackupServiceRolePolicyForS3Backup");
    if (props.allowRestores === true) {
      policies.push("service-role/AWSBackupServiceRolePolicyForRestores");
      if (props.includeS3 ?? true) policies.push("AWSBackupServiceRolePolicyForS3Restore");
    }
    this.managedPolicyArns = policies.map((name) => {
      const policyArn = `arn:${account.partition}:iam::aws:policy/${name}`;
      new IamRolePolicyAttachment(this, `managed-${name.replace(/[^\w-]/g, "-")}`, { role: this.role.name, policyArn });
      return policyArn;
    });
    guardrail.attachToRole(this.role);
  }
}
