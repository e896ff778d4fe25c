import { Construct } from "constructs";
import { Bulkhead } from "../src/cdktf";
import { TerraformStack } from "cdktf";
import { AccountAlternateContact } from "@cdktf/provider-aws/lib/account-alternate-contact";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3AccountPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-account-public-access-block";
import {
  AccessAnalyzer,
  AirGappedVault,
  AccountContext,
  AccountPasswordPolicy,
  AccountPasswordPolicyProps,
  AlarmSubscription,
  AuditTrail,
  AuditorRole,
  BackupBucket,
  BackupGuardrailPolicy,
  BackupVault,
  BackupWriterRole,
  BreakGlassBackupDeleterRole,
  checkPattern,
  DelegatedAdminBoundary,
  fail,
  GithubActionsDeployerRole,
  GithubRepositoryAccess,
  HumanGroups,
  HumanRole,
  HumanRoleOptions,
  IamAdminRole,
  InfrastructureAdminRole,
  PolicyStatement,
  RestoreTesting,
  SecurityAlarm,
  SecurityAlarms,
  SupportRole,
  WorkloadRole,
} from "../src/constructs";

/** The split administrative duties a group can be allowed to take on. */
export type DutyRole = "iam-admin" | "infrastructure-admin" | "auditor" | "support";

export interface BaselineGroupConfig {
  /** IAM group name. */
  readonly name: string;
  /** User names of the members. */
  readonly members: string[];
  /**
   * Duty roles the members may assume (with MFA).
   * @default none
   */
  readonly assumableRoles?: DutyRole[];
}

export interface BaselineBackupConfig {
  /** Days the daily AWS Backup plan keeps each recovery point. */
  readonly retentionDays: number;
  /**
   * Vault Lock minimum retention.
   * @default 7
   */
  readonly minRetentionDays?: number;
  /**
   * Vault Lock maximum retention.
   * @default 3650
   */
  readonly maxRetentionDays?: number;
  /**
   * Days before the compliance-mode Vault Lock becomes immutable.
   * @default 3
   */
  readonly changeableForDays?: number;
  /**
   * AWS Backup schedule expression.
   * @default daily at 05:00 UTC
   */
  readonly schedule?: string;
  /**
   * Name of the S3 backup bucket.
   * @default "<accountName>-backups-<account id>"
   */
  readonly bucketName?: string;
  /**
   * Object Lock (COMPLIANCE) retention of the backup bucket, in days.
   * @default retentionDays
   */
  readonly objectLockDays?: number;
  /**
   * Copy every recovery point to a logically air-gapped vault of this account
   * (`<accountName>-backups-airgapped`, retention bounds of the vault lock). Turn it off only
   * with a `backupAccountVaultArn`.
   * @default true
   */
  readonly airGapped?: boolean;
  /**
   * A vault in a separate backup account every recovery point is also copied to (that account's
   * vault policy must allow this account's backup-writer role to copy in).
   * @default none
   */
  readonly backupAccountVaultArn?: string;
  /**
   * Resource types the weekly restore test restores (AWS Backup names).
   * @default ["EBS"]
   */
  readonly restoreTestResourceTypes?: string[];
}

export interface BaselineWorkloadConfig {
  /** Role name (and instance profile name). */
  readonly name: string;
  /**
   * Services that assume the role.
   * @default ["ec2.amazonaws.com"]
   */
  readonly servicePrincipals?: string[];
  /**
   * Inline permissions.
   * @default none
   */
  readonly statements?: PolicyStatement[];
  /**
   * Managed policies to attach.
   * @default none
   */
  readonly managedPolicyArns?: string[];
}

export interface BaselineRegionsConfig {
  /** Region of the provider, the backup vault and the backup bucket. */
  readonly primary: string;
  /**
   * Further regions in use.
   * @default none
   */
  readonly additional?: string[];
  /**
   * Regions that get an IAM Access Analyzer: every region enabled in the account. Add the opt-in
   * regions you enabled.
   * @default DEFAULT_ENABLED_REGIONS (the 17 regions AWS enables by default) plus primary and additional
   */
  readonly analyzerRegions?: string[];
}

/** The regions AWS enables in every account by default (opt-in regions come on top). */
export const DEFAULT_ENABLED_REGIONS: readonly string[] = Object.freeze([
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "ca-central-1",
  "sa-east-1",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eu-central-1",
  "eu-north-1",
  "ap-south-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-southeast-1",
  "ap-southeast-2",
]);

export interface BaselineDeployerConfig {
  /** The repositories (and branches or environments) whose GitHub Actions workflows deploy. */
  readonly repositories: GithubRepositoryAccess[];
  /**
   * ARN of the account's existing GitHub OIDC provider.
   * @default the baseline creates one
   */
  readonly providerArn?: string;
}

/** The account's security alternate contact: who AWS tells about security issues. */
export interface BaselineSecurityContact {
  /** Name of the contact (a team is better than a person). */
  readonly name: string;
  /** Title of the contact. */
  readonly title: string;
  /** Email address (a shared mailbox). */
  readonly emailAddress: string;
  /** Phone number, E.164 style. */
  readonly phoneNumber: string;
}

export interface AccountBaselineConfig {
  /** Short lower-case name of the account, used in resource names. */
  readonly accountName: string;
  /**
   * The account the stack may deploy to (the provider refuses any other).
   * @default the account of the provider's credentials
   */
  readonly accountId?: string;
  /** Where the baseline runs. */
  readonly regions: BaselineRegionsConfig;
  /** Groups of humans. */
  readonly groups: BaselineGroupConfig[];
  /** The one group whose members may assume the break-glass backup deleter. */
  readonly breakGlassGroup: string;
  /** Backups. */
  readonly backup: BaselineBackupConfig;
  /** The keyless pipeline that deploys this stack after the first apply. */
  readonly deployer: BaselineDeployerConfig;
  /**
   * The role that applies the stack the first time (before the deployer exists) and changes what
   * the deployer may not: the break-glass role, group and members, the guardrail and the
   * boundary. Resource policies and the SCP exempt it like the deployer.
   * @default "OrganizationAccountAccessRole" (assumable from the management account only)
   */
  readonly bootstrapRoleName?: string;
  /** Alarms: who is told when break-glass is assumed, a backup changes or root signs in. */
  readonly alarms: { readonly subscriptions: AlarmSubscription[] };
  /**
   * Where the CloudTrail management events the alarms match are recorded: "organization" when the
   * organization has a trail (OrgGuardrailsStack `organizationTrail`), "account" for a trail of
   * this account.
   * @default "organization"
   */
  readonly cloudTrail?: "organization" | "account";
  /**
   * The account's security contact (CIS 1.2).
   * @default none: the README says to set it (an account without one gets no AWS security notices)
   */
  readonly securityContact?: BaselineSecurityContact;
  /**
   * Workload roles.
   * @default none
   */
  readonly workloads?: BaselineWorkloadConfig[];
  /**
   * Password policy overrides.
   * @default 14 characters, reuse prevention 24, 90-day expiry
   */
  readonly passwordPolicy?: AccountPasswordPolicyProps;
  /**
   * Session limits of the duty roles.
   * @default 3600-second sessions, MFA younger than 3600 seconds
   */
  readonly session?: Pick<HumanRoleOptions, "maxSessionDuration" | "maxMfaAgeSeconds">;
  /**
   * Let members of the break-glass group also belong to a group that may assume the IAM
   * administrator: one person (and one stolen credential) could then both grant and destroy.
   * @default false
   */
  readonly allowBreakGlassMembersAsIamAdmins?: boolean;
  /**
   * Default tags for every resource.
   * @default { ManagedBy: "bulkhead", Account: accountName }
   */
  readonly tags?: Record<string, string>;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
/** Where console sign-in and global-endpoint STS events arrive. */
const GLOBAL_EVENTS_REGION = "us-east-1";
/** IAM path of the human users and groups. */
const HUMANS_PATH = "/humans/";

/**
 * The hardened IAM baseline of one account: password policy, MFA-enforced human groups, split duty
 * roles (IAM admin, infrastructure admin, auditor, support), a break-glass backup deleter that only
 * one group may assume, the keyless deployer (GitHub Actions OIDC), the backup guardrail on every
 * other principal, the delegated-admin boundary, a locked AWS Backup vault with a daily plan, an
 * Object Lock backup bucket, workload roles, IAM Access Analyzer in every enabled region, an
 * unused-access analyzer, the account's S3 public access block and its security contact.
 */
export class AccountBaselineStack extends TerraformStack {
  readonly account: AccountContext;
  readonly guardrail: BackupGuardrailPolicy;
  readonly boundary: DelegatedAdminBoundary;
  readonly breakGlass: BreakGlassBackupDeleterRole;
  readonly dutyRoles: Readonly<Record<DutyRole, HumanRole>>;
  readonly backupWriter: BackupWriterRole;
  readonly humans: HumanGroups;
  readonly deployer: GithubActionsDeployerRole;
  /** ARN of the bootstrap role (resource policies exempt it like the deployer). */
  readonly bootstrapRoleArn: string;
  readonly passwordPolicy: AccountPasswordPolicy;
  readonly vault: BackupVault;
  readonly airGappedVault?: AirGappedVault;
  readonly restoreTester: BackupWriterRole;
  readonly restoreTesting: RestoreTesting;
  readonly bucket: BackupBucket;
  readonly workloads: WorkloadRole[];
  readonly analyzers: AccessAnalyzer[];
  readonly unusedAccessAnalyzer: AccessAnalyzer;
  /** The alarms: one set in the primary region, the global events' set in us-east-1. */
  readonly alarms: SecurityAlarms[];
  readonly trail?: AuditTrail;

  constructor(scope: Construct, id: string, config: AccountBaselineConfig) {
    super(scope, id);
    this.validate(config);
    const { accountName } = config;
    const regions = [
      ...new Set([
        config.regions.primary,
        ...(config.regions.additional ?? []),
        ...(config.regions.analyzerRegions ?? DEFAULT_ENABLED_REGIONS),
      ]),
    ];

    new AwsProvider(this, "aws", {
      region: config.regions.primary,
      allowedAccountIds: config.accountId === undefined ? undefined : [config.accountId],
      defaultTags: [{ tags: { ManagedBy: "bulkhead", Account: accountName, ...config.tags } }],
    });
    this.account = new AccountContext(this, AccountContext.ID, { accountId: config.accountId });
    this.guardrail = new BackupGuardrailPolicy(this, BackupGuardrailPolicy.ID);

    const humanArns = (names: string[]): string[] =>
      [...new Set(names)].map((name) => this.account.iamArn(`user${HUMANS_PATH}${name}`));
    const breakGlassMembers = config.groups.find((group) => group.name === config.breakGlassGroup)?.members ?? [];
    this.breakGlass = new BreakGlassBackupDeleterRole(this, "break-glass", {
      allowedCallerArns: humanArns(breakGlassMembers),
    });
    this.boundary = new DelegatedAdminBoundary(this, DelegatedAdminBoundary.ID, {
      backupGuardrail: this.guardrail,
      protectedArns: [this.breakGlass.roleArn],
    });

    // Each duty role trusts only the users of the groups granted it: no role chains into another.
    const callers = (role: DutyRole) => {
      const members = config.groups
        .filter((group) => (group.assumableRoles ?? []).includes(role))
        .flatMap((group) => group.members);
      return { ...config.session, allowedCallerArns: members.length > 0 ? humanArns(members) : undefined };
    };
    this.dutyRoles = {
      "iam-admin": new IamAdminRole(this, "iam-admin", callers("iam-admin")),
      "infrastructure-admin": new InfrastructureAdminRole(
        this,
        "infrastructure-admin",
        callers("infrastructure-admin"),
      ),
      auditor: new AuditorRole(this, "auditor", callers("auditor")),
      support: new SupportRole(this, "support", callers("support")),
    };
    this.backupWriter = new BackupWriterRole(this, "backup-writer");
    this.deployer = new GithubActionsDeployerRole(this, "deployer", {
      repositories: config.deployer.repositories,
      providerArn: config.deployer.providerArn,
    });
    this.bootstrapRoleArn = this.account.iamArn(`role/${config.bootstrapRoleName ?? "OrganizationAccountAccessRole"}`);
    const configurers = [this.deployer.expectedArn, this.bootstrapRoleArn];

    this.humans = new HumanGroups(this, "humans", {
      path: HUMANS_PATH,
      groups: config.groups.map((group) => ({
        name: group.name,
        members: group.members,
        assumableRoleArns: (group.assumableRoles ?? []).map((role) => this.dutyRoles[role].roleArn),
      })),
    });
    this.boundary.permitBoundary(this.humans.userBoundaryArn);
    const breakGlassGroup = this.humans.group(config.breakGlassGroup);
    this.breakGlass.grantAssumeToGroup(breakGlassGroup);
    this.boundary.protect(breakGlassGroup.arn, ...this.humans.memberArns(config.breakGlassGroup));

    this.passwordPolicy = new AccountPasswordPolicy(this, "password-policy", config.passwordPolicy);

    const backup = config.backup;
    if (backup.airGapped ?? true) {
      this.airGappedVault = new AirGappedVault(this, "air-gapped-vault", {
        vaultName: `${accountName}-backups-airgapped`,
        minRetentionDays: backup.minRetentionDays,
        maxRetentionDays: backup.maxRetentionDays,
      });
    }
    const copyDestinations = [
      ...(this.airGappedVault === undefined ? [] : [{ vaultArn: this.airGappedVault.vaultArn }]),
      ...(backup.backupAccountVaultArn === undefined ? [] : [{ vaultArn: backup.backupAccountVaultArn }]),
    ];
    this.vault = new BackupVault(this, "backup-vault", {
      vaultName: `${accountName}-backups`,
      breakGlassRoleArn: this.breakGlass.roleArn,
      backupRoleArn: this.backupWriter.roleArn,
      retentionDays: backup.retentionDays,
      minRetentionDays: backup.minRetentionDays,
      maxRetentionDays: backup.maxRetentionDays,
      changeableForDays: backup.changeableForDays,
      schedule: backup.schedule,
      configurerArns: configurers,
      copyDestinations,
    });
    this.bucket = new BackupBucket(this, "backup-bucket", {
      bucketName: backup.bucketName ?? `${accountName}-backups-${this.account.accountId}`,
      breakGlassRoleArn: this.breakGlass.roleArn,
      objectLockDays: backup.objectLockDays ?? backup.retentionDays,
      configurerArns: configurers,
    });
    // A backup never restored is a hope: restore one tagged resource per type every week.
    this.restoreTester = new BackupWriterRole(this, "restore-tester", {
      roleName: "backup-restore-tester",
      allowRestores: true,
    });
    this.restoreTesting = new RestoreTesting(this, "restore-testing", {
      planName: `${accountName.replace(/-/g, "_")}_restore_test`,
      vaultArns: [this.vault.vaultArn],
      restoreRoleArn: this.restoreTester.roleArn,
      resourceTypes: backup.restoreTestResourceTypes,
    });
    this.guardrail.protectResources(
      this.vault.vaultArn,
      this.vault.plan.arn,
      this.bucket.bucketArn,
      ...(this.airGappedVault === undefined ? [] : [this.airGappedVault.vaultArn]),
    );
    this.guardrail.allowConfiguration(...configurers);

    this.workloads = (config.workloads ?? []).map(
      (workload) =>
        new WorkloadRole(this, `workload-${workload.name}`, {
          roleName: workload.name,
          servicePrincipals: workload.servicePrincipals,
          statements: workload.statements,
          managedPolicyArns: workload.managedPolicyArns,
        }),
    );

    this.analyzers = regions.map(
      (region) =>
        new AccessAnalyzer(this, `access-analyzer-${region}`, {
          analyzerName: `bulkhead-${accountName}`,
          region: region === config.regions.primary ? undefined : region,
        }),
    );
    // EventBridge sees the CloudTrail events of its region: backup calls in the vault's region,
    // console sign-in and global-endpoint STS calls in us-east-1.
    const primary = config.regions.primary;
    const regional: SecurityAlarm[] = [
      SecurityAlarms.breakGlassAssumed(this.breakGlass.roleArn),
      SecurityAlarms.backupChanges(),
    ];
    const global: SecurityAlarm[] = [
      SecurityAlarms.rootSignIn(),
      SecurityAlarms.breakGlassAssumed(this.breakGlass.roleArn),
    ];
    this.alarms =
      primary === GLOBAL_EVENTS_REGION
        ? [
            new SecurityAlarms(this, "alarms", {
              subscriptions: config.alarms.subscriptions,
              alarms: [...regional, global[0]],
            }),
          ]
        : [
            new SecurityAlarms(this, "alarms", { subscriptions: config.alarms.subscriptions, alarms: regional }),
            new SecurityAlarms(this, "alarms-global", {
              subscriptions: config.alarms.subscriptions,
              alarms: global,
              region: GLOBAL_EVENTS_REGION,
            }),
          ];
    if (config.cloudTrail === "account") {
      this.trail = new AuditTrail(this, "trail", {
        trailName: `bulkhead-${accountName}`,
        bucketName: `${accountName}-cloudtrail-${this.account.accountId}`,
        accountId: this.account.accountId,
        partition: this.account.partition,
        region: undefined,
      });
    }

    this.unusedAccessAnalyzer = new AccessAnalyzer(this, "unused-access-analyzer", {
      analyzerName: `bulkhead-${accountName}-unused-access`,
      type: "ACCOUNT_UNUSED_ACCESS",
    });
    new S3AccountPublicAccessBlock(this, "s3-account-public-access-block", {
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    if (config.securityContact !== undefined) {
      new AccountAlternateContact(this, "security-contact", {
        alternateContactType: "SECURITY",
        ...config.securityContact,
      });
    }

    // The same policies as `bulkhead check`, on what this stack synthesizes.
    Bulkhead.guard(this);
  }

  private validate(config: AccountBaselineConfig): void {
    checkPattern(
      this,
      "accountName",
      config.accountName,
      /^[a-z0-9][a-z0-9-]{0,30}$/,
      "a short lower-case name (letters, digits, -)",
    );
    checkPattern(this, "regions.primary", config.regions.primary, REGION, "an AWS region");
    const additional = config.regions.additional ?? [];
    for (const region of additional) checkPattern(this, "regions.additional", region, REGION, "an AWS region");
    for (const region of config.regions.analyzerRegions ?? []) {
      checkPattern(this, "regions.analyzerRegions", region, REGION, "an AWS region");
    }
    checkPattern(
      this,
      "bootstrapRoleName",
      config.bootstrapRoleName,
      /^[\w+=,.@-]{1,64}$/,
      "a role name (the bootstrap role sits at the root path)",
    );
    if (new Set([config.regions.primary, ...additional]).size !== additional.length + 1) {
      fail(this, "regions", "lists a region twice");
    }
    const breakGlass = config.groups.find((group) => group.name === config.breakGlassGroup);
    if (breakGlass === undefined) fail(this, "breakGlassGroup", `${config.breakGlassGroup} is not one of the groups`);
    if (config.backup.airGapped === false && config.backup.backupAccountVaultArn === undefined) {
      fail(this, "backup.airGapped", "off without a backupAccountVaultArn: no recovery point would leave the account");
    }
    if (breakGlass.members.length === 0) {
      fail(this, "breakGlassGroup", `${config.breakGlassGroup} has no members: nobody could ever remove a backup`);
    }
    if ((breakGlass.assumableRoles ?? []).length > 0) {
      fail(
        this,
        "breakGlassGroup",
        `${config.breakGlassGroup} may assume duty roles too; keep the break-glass group for break-glass only`,
      );
    }
    if (config.allowBreakGlassMembersAsIamAdmins !== true) {
      const iamAdmins = new Set(
        config.groups
          .filter((group) => (group.assumableRoles ?? []).includes("iam-admin"))
          .flatMap((group) => group.members),
      );
      const both = breakGlass.members.filter((member) => iamAdmins.has(member));
      if (both.length > 0) {
        fail(
          this,
          "groups",
          `${both.join(", ")} could both administer IAM and delete backups; split the duty or set allowBreakGlassMembersAsIamAdmins`,
        );
      }
    }
  }
}
