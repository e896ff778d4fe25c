import { Construct } from "constructs";
import { IamGroup } from "@cdktf/provider-aws/lib/iam-group";
import { IamGroupPolicy } from "@cdktf/provider-aws/lib/iam-group-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { AccountContext } from "./account-context";
import { BACKUP_DESTRUCTIVE_ACTIONS, BACKUP_DISCOVERY_ACTIONS } from "./actions";
import { humanTrustPolicy, PolicyDocument, policyDocument, toJson } from "./policy-document";
import { ARN, checkInteger, checkPattern, fail, IAM_NAME, IAM_PATH } from "./validation";

/** Longest MFA age the break-glass role accepts: the sign-in must be fresh. */
export const BREAK_GLASS_MAX_MFA_AGE_SECONDS = 900;

export interface BreakGlassBackupDeleterRoleProps {
  /**
   * Name of the role. Keep the default to match the org guardrails' SCP exemption.
   * @default "break-glass-backup-deleter"
   */
  readonly roleName?: string;
  /**
   * IAM path of the role. Keep the default to match the org guardrails' SCP exemption.
   * @default "/bulkhead/"
   */
  readonly path?: string;
  /**
   * The MFA sign-in must be younger than this many seconds (at most 900).
   * @default 900
   */
  readonly maxMfaAgeSeconds?: number;
  /**
   * Only callers with one of these `aws:PrincipalArn`s may assume the role (ArnEquals in the
   * trust policy), in addition to holding `sts:AssumeRole` on it through `grantAssumeToGroup`.
   * Pass the break-glass group's member ARNs.
   * @default any principal of the account that holds `sts:AssumeRole` on the role
   */
  readonly allowedCallerArns?: string[];
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
 * The only principal allowed to delete backups. It can do nothing else: the backup-destructive
 * actions plus the reads needed to find backups, no IAM at all. Assuming it takes an MFA sign-in
 * younger than 15 minutes, sessions last one hour, and `grantAssumeToGroup` grants
 * `sts:AssumeRole` on it to exactly one group. It carries neither the guardrail nor the
 * delegated-admin boundary (both deny what it exists for); the boundary protects it instead.
 */
export class BreakGlassBackupDeleterRole extends Construct {
  static readonly DEFAULT_ROLE_NAME = "break-glass-backup-deleter";
  static readonly DEFAULT_PATH = "/bulkhead/";

  /** The role's ARN in any account, for SCP and resource-policy exemptions. */
  static arnPattern(
    partition = "aws",
    roleName = BreakGlassBackupDeleterRole.DEFAULT_ROLE_NAME,
    path = BreakGlassBackupDeleterRole.DEFAULT_PATH,
  ): string {
    return `arn:${partition}:iam::*:role${path}${roleName}`;
  }

  readonly role: IamRole;
  readonly roleArn: string;
  readonly roleName: string;
  readonly trustPolicy: PolicyDocument;
  readonly permissionsPolicy: PolicyDocument;
  private grantedGroup?: IamGroup;

  constructor(scope: Construct, id: string, props: BreakGlassBackupDeleterRoleProps = {}) {
    super(scope, id);
    const roleName = props.roleName ?? BreakGlassBackupDeleterRole.DEFAULT_ROLE_NAME;
    const path = props.path ?? BreakGlassBackupDeleterRole.DEFAULT_PATH;
    const maxMfaAgeSeconds = props.maxMfaAgeSeconds ?? BREAK_GLASS_MAX_MFA_AGE_SECONDS;
    checkPattern(this, "roleName", roleName, IAM_NAME, "a valid IAM role name");
    checkPattern(this, "path", path, IAM_PATH, "an IAM path (starts and ends with /)");
    checkInteger(this, "maxMfaAgeSeconds", maxMfaAgeSeconds, { min: 1, max: BREAK_GLASS_MAX_MFA_AGE_SECONDS });
    for (const arn of props.allowedCallerArns ?? []) {
      checkPattern(this, "allowedCallerArns", arn, ARN, "an IAM principal ARN");
    }
    if (props.allowedCallerArns !== undefined && props.allowedCallerArns.length === 0) {
      fail(this, "allowedCallerArns", "must not be empty (leave it out to rely on the group grant alone)");
    }
    const account = props.accountContext ?? AccountContext.of(this);

    this.trustPolicy = humanTrustPolicy({
      principalArns: [account.rootArn],
      maxMfaAgeSeconds,
      callerArns: props.allowedCallerArns,
    });
    this.role = new IamRole(this, "role", {
      name: roleName,
      path,
      description: "bulkhead: break-glass; the only principal that may delete backups",
      assumeRolePolicy: toJson(this.trustPolicy),
      maxSessionDuration: 3600,
      tags: props.tags,
    });
    this.roleArn = this.role.arn;
    this.roleName = this.role.name;

    this.permissionsPolicy = policyDocument(
      { Sid: "AllowBackupDeletion", Effect: "Allow", Action: [...BACKUP_DESTRUCTIVE_ACTIONS], Resource: "*" },
      { Sid: "AllowFindingBackups", Effect: "Allow", Action: [...BACKUP_DISCOVERY_ACTIONS], Resource: "*" },
    );
    new IamRolePolicy(this, "permissions", {
      name: "backup-deletion",
      role: this.role.name,
      policy: toJson(this.permissionsPolicy),
    });
  }

  /**
   * Grants `sts:AssumeRole` on this role to one group (an inline group policy). A second group is
   * refused: one group, one place to review who can delete backups.
   */
  grantAssumeToGroup(group: IamGroup): IamGroupPolicy {
    if (this.grantedGroup !== undefined) {
      fail(
        this,
        "grantAssumeToGroup",
        `already granted to ${this.grantedGroup.node.path}; exactly one group may assume the break-glass role`,
      );
    }
    this.grantedGroup = group;
    return new IamGroupPolicy(this, "assume-grant", {
      name: "assume-break-glass-backup-deleter",
      group: group.name,
      policy: toJson(
        policyDocument({
          Sid: "AllowAssumeBreakGlass",
          Effect: "Allow",
          Action: "sts:AssumeRole",
          Resource: this.roleArn,
        }),
      ),
    });
  }
}
