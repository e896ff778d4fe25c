import { Construct } from "constructs";
import { Bulkhead } from "../src/cdktf";
import { TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import {
  BACKUP_DESTRUCTIVE_ACTIONS,
  BreakGlassBackupDeleterRole,
  checkPattern,
  fail,
  policyDocument,
  ServiceControlPolicy,
} from "../src/constructs";

export interface OrgGuardrailsConfig {
  /** Roots (r-…), OUs (ou-…) or member accounts the SCPs are attached to. */
  readonly targetIds: string[];
  /**
   * Region of the provider (Organizations is a global service).
   * @default "us-east-1"
   */
  readonly region?: string;
  /**
   * Partition of the member accounts.
   * @default "aws"
   */
  readonly partition?: string;
  /**
   * ARN patterns of the roles exempt from the backup-deletion SCP.
   * @default the baseline's break-glass backup deleter in every account
   */
  readonly breakGlassRoleArnPatterns?: string[];
  /**
   * Prefix of the SCP names.
   * @default "bulkhead"
   */
  readonly namePrefix?: string;
  /**
   * Default tags for every resource.
   * @default { ManagedBy: "bulkhead" }
   */
  readonly tags?: Record<string, string>;
}

/**
 * Service control policies for the organization's management account, so that even an account's
 * administrator (or its root user) cannot: destroy backups unless it is the break-glass role, take
 * the account out of the organization, or create root access keys. The three SCPs use three of the
 * five SCP slots of each target.
 */
export class OrgGuardrailsStack extends TerraformStack {
  readonly denyBackupDeletion: ServiceControlPolicy;
  readonly denyLeaveOrganization: ServiceControlPolicy;
  readonly denyRootAccessKeys: ServiceControlPolicy;

  constructor(scope: Construct, id: string, config: OrgGuardrailsConfig) {
    super(scope, id);
    const region = config.region ?? "us-east-1";
    const partition = config.partition ?? "aws";
    const prefix = config.namePrefix ?? "bulkhead";
    const exempt = config.breakGlassRoleArnPatterns ?? [BreakGlassBackupDeleterRole.arnPattern(partition)];
    checkPattern(this, "region", region, /^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region");
    checkPattern(this, "namePrefix", prefix, /^[\w+=,.@-]{1,64}$/, "a name prefix (letters, digits, +=,.@-_)");
    if (exempt.length === 0)
      fail(this, "breakGlassRoleArnPatterns", "must name the break-glass role (or nobody could delete a backup)");
    for (const pattern of exempt) {
      checkPattern(
        this,
        "breakGlassRoleArnPatterns",
        pattern,
        /^arn:[a-z*-]+:iam::[\d*]+:role\/.+$/,
        "a role ARN pattern",
      );
    }

    new AwsProvider(this, "aws", { region, defaultTags: [{ tags: { ManagedBy: "bulkhead", ...config.tags } }] });

    this.denyBackupDeletion = new ServiceControlPolicy(this, "deny-backup-deletion", {
      policyName: `${prefix}-deny-backup-deletion`,
      description: "bulkhead: only the break-glass role may destroy or weaken backups",
      targetIds: config.targetIds,
      document: policyDocument({
        Sid: "DenyBackupDestructionExceptBreakGlass",
        Effect: "Deny",
        Action: [...BACKUP_DESTRUCTIVE_ACTIONS],
        Resource: "*",
        Condition: { ArnNotLike: { "aws:PrincipalARN": [...exempt] } },
      }),
    });
    this.denyLeaveOrganization = new ServiceControlPolicy(this, "deny-leave-organization", {
      policyName: `${prefix}-deny-leave-organization`,
      description: "bulkhead: accounts cannot leave the organization and its guardrails",
      targetIds: config.targetIds,
      document: policyDocument({
        Sid: "DenyLeaveOrganization",
        Effect: "Deny",
        Action: "organizations:LeaveOrganization",
        Resource: "*",
      }),
    });
    this.denyRootAccessKeys = new ServiceControlPolicy(this, "deny-root-access-keys", {
      policyName: `${prefix}-deny-root-access-keys`,
      description: "bulkhead: no long-lived access keys for root users",
      targetIds: config.targetIds,
      document: policyDocument({
        Sid: "DenyRootAccessKeys",
        Effect: "Deny",
        Action: "iam:CreateAccessKey",
        Resource: "*",
        Condition: { StringLike: { "aws:PrincipalArn": `arn:${partition}:iam::*:root` } },
      }),
    });
    Bulkhead.guard(this);
  }
}
