import { Construct } from "constructs";
import { Bulkhead } from "../src/cdktf";
import { TerraformStack } from "cdktf";
import { IamOrganizationsFeatures } from "@cdktf/provider-aws/lib/iam-organizations-features";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import {
  AuditTrail,
  BACKUP_CONFIGURE_ACTIONS,
  BACKUP_DESTROY_ACTIONS,
  BreakGlassBackupDeleterRole,
  GITHUB_OIDC_HOST,
  GithubActionsDeployerRole,
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
   * ARN patterns of the pipeline: the only principals that may configure the protected backup
   * storage and create or change the baseline's roles (`role/bulkhead/*`) in member accounts.
   * @default the baseline's deployer and the bootstrap role OrganizationAccountAccessRole in every account
   */
  readonly pipelineRoleArnPatterns?: string[];
  /**
   * ARN patterns of the protected backup storage (configure-class actions are denied on them to
   * all but the pipeline). Backup plans are protected in each account by its guardrail (a plan's
   * ARN holds a random id).
   * @default the baseline's vaults (`*-backups*`) and buckets (`*-backups-*`) in every account
   */
  readonly protectedBackupArnPatterns?: string[];
  /**
   * An organization CloudTrail trail (multi-region, every member account) in the management
   * account, whose management events the accounts' alarms match. Leave it out when the
   * organization already has one, or give the accounts `cloudTrail: "account"`.
   * @default none
   */
  readonly organizationTrail?: { readonly managementAccountId: string; readonly bucketName: string };
  /**
   * Turn on centralized root access (IAM Organizations features RootCredentialsManagement and
   * RootSessions): member accounts' root credentials can be removed and root tasks run from the
   * management account only (CIS 1.5–1.7 for member accounts). Needs trusted access for IAM.
   * @default true
   */
  readonly centralizeRootAccess?: boolean;
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
 * administrator (or its root user) cannot: destroy backups unless it is the break-glass role,
 * configure the protected backup storage unless it is the pipeline, create or change the
 * baseline's roles (so nobody in a member account can mint the identities the exemptions name),
 * take the account out of the organization, or create root access keys. The four SCPs use four of
 * the five SCP slots of each target. Centralized root access removes member accounts' root
 * credentials.
 */
export class OrgGuardrailsStack extends TerraformStack {
  readonly denyBackupDeletion: ServiceControlPolicy;
  readonly denyLeaveOrganization: ServiceControlPolicy;
  readonly denyRootAccessKeys: ServiceControlPolicy;
  readonly protectBaselineRoles: ServiceControlPolicy;
  readonly rootAccess?: IamOrganizationsFeatures;
  readonly trail?: AuditTrail;

  constructor(scope: Construct, id: string, config: OrgGuardrailsConfig) {
    super(scope, id);
    const region = config.region ?? "us-east-1";
    const partition = config.partition ?? "aws";
    const prefix = config.namePrefix ?? "bulkhead";
    const exempt = config.breakGlassRoleArnPatterns ?? [BreakGlassBackupDeleterRole.arnPattern(partition)];
    const pipeline = config.pipelineRoleArnPatterns ?? [
      GithubActionsDeployerRole.arnPattern(partition),
      `arn:${partition}:iam::*:role/OrganizationAccountAccessRole`,
    ];
    const protectedBackups = config.protectedBackupArnPatterns ?? [
      `arn:${partition}:backup:*:*:backup-vault:*-backups*`,
      `arn:${partition}:s3:::*-backups-*`,
    ];
    checkPattern(this, "region", region, /^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region");
    checkPattern(this, "namePrefix", prefix, /^[\w+=,.@-]{1,64}$/, "a name prefix (letters, digits, +=,.@-_)");
    if (exempt.length === 0)
      fail(this, "breakGlassRoleArnPatterns", "must name the break-glass role (or nobody could delete a backup)");
    if (pipeline.length === 0)
      fail(this, "pipelineRoleArnPatterns", "must name the deployer (or nothing could deploy)");
    for (const pattern of [...exempt, ...pipeline]) {
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
      description: "bulkhead: only break-glass destroys backups, only the pipeline configures them",
      targetIds: config.targetIds,
      document: policyDocument(
        {
          Sid: "DenyBackupDestructionExceptBreakGlass",
          Effect: "Deny",
          Action: [...BACKUP_DESTROY_ACTIONS],
          Resource: "*",
          Condition: { ArnNotLike: { "aws:PrincipalARN": [...exempt] } },
        },
        {
          Sid: "DenyProtectedBackupConfigurationExceptPipeline",
          Effect: "Deny",
          Action: [...BACKUP_CONFIGURE_ACTIONS],
          Resource: [...protectedBackups],
          Condition: { ArnNotLike: { "aws:PrincipalARN": [...pipeline] } },
        },
      ),
    });
    this.protectBaselineRoles = new ServiceControlPolicy(this, "protect-baseline-roles", {
      policyName: `${prefix}-protect-baseline-roles`,
      description: "bulkhead: only the pipeline creates or changes the roles the exemptions name",
      targetIds: config.targetIds,
      document: policyDocument({
        Sid: "DenyBaselineRoleChangesExceptPipeline",
        Effect: "Deny",
        Action: [...BASELINE_ROLE_WRITES],
        Resource: [
          `arn:${partition}:iam::*:role/bulkhead/*`,
          `arn:${partition}:iam::*:role/OrganizationAccountAccessRole`,
          `arn:${partition}:iam::*:oidc-provider/${GITHUB_OIDC_HOST}`,
        ],
        Condition: { ArnNotLike: { "aws:PrincipalARN": [...pipeline] } },
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
    if (config.organizationTrail !== undefined) {
      this.trail = new AuditTrail(this, "organization-trail", {
        trailName: `${prefix}-organization`,
        bucketName: config.organizationTrail.bucketName,
        accountId: config.organizationTrail.managementAccountId,
        organization: true,
        partition,
        region,
      });
    }
    if (config.centralizeRootAccess ?? true) {
      this.rootAccess = new IamOrganizationsFeatures(this, "root-access", {
        enabledFeatures: ["RootCredentialsManagement", "RootSessions"],
      });
    }
    Bulkhead.guard(this);
  }
}

/** Every IAM write on a role or the GitHub OIDC provider (the identities the exemptions name). */
const BASELINE_ROLE_WRITES = [
  "iam:CreateRole",
  "iam:DeleteRole",
  "iam:UpdateRole",
  "iam:UpdateRoleDescription",
  "iam:UpdateAssumeRolePolicy",
  "iam:PutRolePolicy",
  "iam:DeleteRolePolicy",
  "iam:AttachRolePolicy",
  "iam:DetachRolePolicy",
  "iam:PutRolePermissionsBoundary",
  "iam:DeleteRolePermissionsBoundary",
  "iam:TagRole",
  "iam:UntagRole",
  "iam:CreateOpenIDConnectProvider",
  "iam:DeleteOpenIDConnectProvider",
  "iam:UpdateOpenIDConnectProviderThumbprint",
  "iam:AddClientIDToOpenIDConnectProvider",
  "iam:RemoveClientIDFromOpenIDConnectProvider",
  "iam:TagOpenIDConnectProvider",
  "iam:UntagOpenIDConnectProvider",
];
