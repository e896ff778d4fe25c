import { Testing } from "cdktf";
import { AccessanalyzerAnalyzer } from "@cdktf/provider-aws/lib/accessanalyzer-analyzer";
import { BackupVaultLockConfiguration } from "@cdktf/provider-aws/lib/backup-vault-lock-configuration";
import { IamAccountPasswordPolicy } from "@cdktf/provider-aws/lib/iam-account-password-policy";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { BackupRestoreTestingPlan } from "@cdktf/provider-aws/lib/backup-restore-testing-plan";
import { BackupRestoreTestingSelection } from "@cdktf/provider-aws/lib/backup-restore-testing-selection";
import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { BackupLogicallyAirGappedVault } from "@cdktf/provider-aws/lib/backup-logically-air-gapped-vault";
import { AccountAlternateContact } from "@cdktf/provider-aws/lib/account-alternate-contact";
import { S3AccountPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-account-public-access-block";
import { BACKUP_ALARM_EVENTS, BACKUP_DESTROY_ACTIONS, WorkloadRole } from "../../src/constructs";
import { AccountBaselineConfig, AccountBaselineStack, DEFAULT_ENABLED_REGIONS } from "../../stacks/account-baseline";
import { exampleAccountBaseline } from "../../stacks/example-config";
import { documentOf, parse, referenceTo, resourcesOf, resourceWith, statementOf } from "../constructs/synth-helpers";
import { canDeleteBackups, isAdmin, isAllowed, loadCatalogue, principalsOf } from "./effective-permissions";

const CONFIGURERS = [
  "arn:aws:iam::111122223333:role/bulkhead/deployer",
  "arn:aws:iam::111122223333:role/OrganizationAccountAccessRole",
];

Testing.setupJest();

function synthBaseline(config: AccountBaselineConfig = exampleAccountBaseline): string {
  return Testing.synth(new AccountBaselineStack(Testing.app(), "baseline", config));
}

function build(config: AccountBaselineConfig): () => AccountBaselineStack {
  return () => new AccountBaselineStack(Testing.app(), "baseline", config);
}

describe("AccountBaselineStack", () => {
  const synthesized = synthBaseline();
  const guardrail = referenceTo(synthesized, "aws_iam_policy", "name", "bulkhead-backup-guardrail");

  it("synthesizes with the provider pinned to the primary region and the account", () => {
    expect(synthesized).toHaveProviderWithProperties(AwsProvider, {
      region: "eu-west-1",
      allowed_account_ids: ["111122223333"],
    });
    expect(synthesized).toHaveResourceWithProperties(IamAccountPasswordPolicy, {
      minimum_password_length: 14,
      password_reuse_prevention: 24,
    });
  });

  it("has no access keys, login profiles and no user policies anywhere", () => {
    for (const type of [
      "aws_iam_access_key",
      "aws_iam_user_login_profile",
      "aws_iam_user_policy",
      "aws_iam_user_policy_attachment",
      "aws_iam_policy_attachment",
    ]) {
      expect(resourcesOf(synthesized, type)).toEqual({});
    }
    expect(Object.keys(resourcesOf(synthesized, "aws_iam_user"))).toHaveLength(7);
  });

  it("attaches the guardrail to every role but the break-glass role, and to every group", () => {
    const roleAttachments = Object.values(resourcesOf(synthesized, "aws_iam_role_policy_attachment"));
    for (const [id, role] of Object.entries(resourcesOf(synthesized, "aws_iam_role"))) {
      const guarded = roleAttachments.some(
        (a) => a.role === `\${aws_iam_role.${id}.name}` && a.policy_arn === guardrail,
      );
      expect([role.name, guarded]).toEqual([role.name, role.name !== "break-glass-backup-deleter"]);
    }
    const groupAttachments = Object.values(resourcesOf(synthesized, "aws_iam_group_policy_attachment"));
    for (const id of Object.keys(resourcesOf(synthesized, "aws_iam_group"))) {
      expect(
        groupAttachments.some((a) => a.group === `\${aws_iam_group.${id}.name}` && a.policy_arn === guardrail),
      ).toBe(true);
    }
  });

  it("requires recent MFA in the trust policy of every role humans assume", () => {
    for (const role of Object.values(resourcesOf(synthesized, "aws_iam_role"))) {
      const trust = documentOf(role, "assume_role_policy");
      for (const statement of trust.Statement) {
        const principal = statement.Principal;
        if (typeof principal === "object" && ("Service" in principal || "Federated" in principal)) continue;
        expect(statement.Condition?.Bool).toEqual({ "aws:MultiFactorAuthPresent": "true" });
        expect(Number(statement.Condition?.NumericLessThan?.["aws:MultiFactorAuthAge"])).toBeLessThanOrEqual(3600);
      }
    }
  });

  it("lets only the break-glass group assume the break-glass role, with a 15-minute MFA", () => {
    const breakGlassArn = referenceTo(synthesized, "aws_iam_role", "name", "break-glass-backup-deleter");
    const granting = Object.values(resourcesOf(synthesized, "aws_iam_group_policy")).filter((p) =>
      String(p.policy).includes(breakGlassArn),
    );
    expect(granting.map((p) => p.group)).toEqual([
      referenceTo(synthesized, "aws_iam_group", "name", "break-glass", "name"),
    ]);
    const trust = documentOf(
      resourceWith(synthesized, "aws_iam_role", "name", "break-glass-backup-deleter"),
      "assume_role_policy",
    );
    expect(trust.Statement[0].Condition).toEqual({
      Bool: { "aws:MultiFactorAuthPresent": "true" },
      NumericLessThan: { "aws:MultiFactorAuthAge": "900" },
      ArnLike: {
        "aws:PrincipalArn": [
          "arn:aws:iam::111122223333:user/humans/frank",
          "arn:aws:iam::111122223333:user/humans/grace",
        ],
      },
    });
  });

  it("makes the boundary protect the break-glass role, group and members", () => {
    const boundary = documentOf(
      resourceWith(synthesized, "aws_iam_policy", "name", "bulkhead-delegated-admin-boundary"),
    );
    expect(statementOf(boundary, "DenyTouchingProtectedPrincipals").Resource).toEqual([
      referenceTo(synthesized, "aws_iam_role", "name", "break-glass-backup-deleter"),
      referenceTo(synthesized, "aws_iam_group", "name", "break-glass"),
      referenceTo(synthesized, "aws_iam_user", "name", "frank"),
      referenceTo(synthesized, "aws_iam_user", "name", "grace"),
    ]);
  });

  it("locks the vault in compliance mode and the bucket with Object Lock", () => {
    expect(synthesized).toHaveResourceWithProperties(BackupVaultLockConfiguration, {
      changeable_for_days: 3,
      min_retention_days: 7,
      max_retention_days: 365,
    });
    expect(synthesized).toHaveResourceWithProperties(S3Bucket, {
      bucket: "prod-backups-111122223333",
      object_lock_enabled: true,
      force_destroy: false,
    });
    const vaultPolicy = documentOf(Object.values(resourcesOf(synthesized, "aws_backup_vault_policy"))[0]);
    expect(vaultPolicy.Statement[0].Condition).toEqual({
      ArnNotEquals: {
        "aws:PrincipalArn": referenceTo(synthesized, "aws_iam_role", "name", "break-glass-backup-deleter"),
      },
    });
    expect(vaultPolicy.Statement[1].Condition).toEqual({ ArnNotLike: { "aws:PrincipalArn": CONFIGURERS } });
    expect(Object.values(resourcesOf(synthesized, "aws_backup_selection"))[0].iam_role_arn).toBe(
      referenceTo(synthesized, "aws_iam_role", "name", "backup-writer"),
    );
  });

  it("copies every recovery point to a logically air-gapped vault (and to a backup account when named)", () => {
    expect(synthesized).toHaveResourceWithProperties(BackupLogicallyAirGappedVault, {
      name: "prod-backups-airgapped",
      min_retention_days: 7,
      max_retention_days: 365,
    });
    const [plan] = Object.values(resourcesOf(synthesized, "aws_backup_plan"));
    expect((plan.rule as Record<string, unknown>[])[0].copy_action).toEqual([
      {
        destination_vault_arn: referenceTo(
          synthesized,
          "aws_backup_logically_air_gapped_vault",
          "name",
          "prod-backups-airgapped",
        ),
        lifecycle: { delete_after: 35 },
      },
    ]);
    const central = "arn:aws:backup:eu-west-1:444455556666:backup-vault:central";
    const both = synthBaseline({
      ...exampleAccountBaseline,
      backup: { ...exampleAccountBaseline.backup, backupAccountVaultArn: central },
    });
    const [bothPlan] = Object.values(resourcesOf(both, "aws_backup_plan"));
    expect(
      ((bothPlan.rule as Record<string, unknown>[])[0].copy_action as Record<string, unknown>[]).map(
        (c) => c.destination_vault_arn,
      ),
    ).toEqual([expect.stringContaining("aws_backup_logically_air_gapped_vault"), central]);
    const onlyCentral = synthBaseline({
      ...exampleAccountBaseline,
      backup: { ...exampleAccountBaseline.backup, airGapped: false, backupAccountVaultArn: central },
    });
    expect(resourcesOf(onlyCentral, "aws_backup_logically_air_gapped_vault")).toEqual({});
    expect(
      build({ ...exampleAccountBaseline, backup: { ...exampleAccountBaseline.backup, airGapped: false } }),
    ).toThrow(/no recovery point would leave the account/);
  });

  it("alarms on break-glass use, backup changes and root sign-in, to the configured subscribers", () => {
    const rules = Object.values(resourcesOf(synthesized, "aws_cloudwatch_event_rule"));
    const byRegion = (region: string | undefined) =>
      rules
        .filter((r) => r.region === region)
        .map((r) => [r.name, JSON.parse(String(r.event_pattern))])
        .sort();
    const breakGlass = referenceTo(synthesized, "aws_iam_role", "name", "break-glass-backup-deleter");
    const assumed = {
      source: ["aws.sts"],
      "detail-type": ["AWS API Call via CloudTrail"],
      detail: { eventName: ["AssumeRole"], requestParameters: { roleArn: [breakGlass] } },
    };
    expect(byRegion(undefined)).toEqual([
      [
        "bulkhead-alarms-backup-changed",
        {
          source: ["aws.backup"],
          "detail-type": ["AWS API Call via CloudTrail"],
          detail: { eventName: [...BACKUP_ALARM_EVENTS] },
        },
      ],
      ["bulkhead-alarms-break-glass-assumed", assumed],
    ]);
    expect(byRegion("us-east-1")).toEqual([
      ["bulkhead-alarms-break-glass-assumed", assumed],
      [
        "bulkhead-alarms-root-sign-in",
        { "detail-type": ["AWS Console Sign In via CloudTrail"], detail: { userIdentity: { type: ["Root"] } } },
      ],
    ]);
    expect(BACKUP_ALARM_EVENTS).toEqual(
      expect.arrayContaining(["DeleteRecoveryPoint", "PutBackupVaultAccessPolicy", "PutBackupVaultLockConfiguration"]),
    );
    const targets = Object.values(resourcesOf(synthesized, "aws_cloudwatch_event_target"));
    expect(targets).toHaveLength(4);
    for (const t of targets) expect(String(t.arn)).toMatch(/^\$\{aws_sns_topic\.[^.]+\.arn\}$/);
    const subscriptions = Object.values(resourcesOf(synthesized, "aws_sns_topic_subscription"));
    expect(subscriptions.map((s) => [s.protocol, s.endpoint, s.region ?? "eu-west-1"]).sort()).toEqual([
      ["email", "security-alarms@example.com", "eu-west-1"],
      ["email", "security-alarms@example.com", "us-east-1"],
    ]);
    for (const policy of Object.values(resourcesOf(synthesized, "aws_sns_topic_policy"))) {
      const [statement] = documentOf(policy).Statement;
      expect(statement.Principal).toEqual({ Service: "events.amazonaws.com" });
      expect(statement.Condition?.ArnEquals?.["aws:SourceArn"]).toHaveLength(2);
    }
    // The organization's trail records the events; an account without one gets its own.
    expect(resourcesOf(synthesized, "aws_cloudtrail")).toEqual({});
    const own = synthBaseline({ ...exampleAccountBaseline, cloudTrail: "account" });
    expect(own).toHaveResourceWithProperties(Cloudtrail, {
      name: "bulkhead-prod",
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      is_organization_trail: false,
    });
    expect(build({ ...exampleAccountBaseline, alarms: { subscriptions: [] } })).toThrow(/someone to tell/);
  });

  it("restores a tagged resource from the vault every week, as a restore role under the guardrail", () => {
    expect(synthesized).toHaveResourceWithProperties(BackupRestoreTestingPlan, {
      name: "prod_restore_test",
      schedule_expression: "cron(0 7 ? * SAT *)",
      recovery_point_selection: [
        {
          algorithm: "LATEST_WITHIN_WINDOW",
          include_vaults: [referenceTo(synthesized, "aws_backup_vault", "name", "prod-backups")],
          recovery_point_types: ["SNAPSHOT"],
          selection_window_days: 7,
        },
      ],
    });
    expect(synthesized).toHaveResourceWithProperties(BackupRestoreTestingSelection, {
      protected_resource_type: "EBS",
      iam_role_arn: referenceTo(synthesized, "aws_iam_role", "name", "backup-restore-tester"),
      protected_resource_conditions: [{ string_equals: [{ key: "aws:ResourceTag/BackupPlan", value: "daily" }] }],
    });
    const tester = referenceTo(synthesized, "aws_iam_role", "name", "backup-restore-tester", "name");
    const attached = Object.values(resourcesOf(synthesized, "aws_iam_role_policy_attachment"))
      .filter((a) => a.role === tester)
      .map((a) => a.policy_arn);
    expect(attached).toEqual(
      expect.arrayContaining(["arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores", guardrail]),
    );
  });

  it("runs IAM Access Analyzer in every enabled region, and an unused-access analyzer", () => {
    const analyzers = Object.values(resourcesOf(synthesized, "aws_accessanalyzer_analyzer"));
    const regions = analyzers.filter((a) => a.type === "ACCOUNT").map((a) => a.region ?? "eu-west-1");
    expect(regions.sort()).toEqual([...DEFAULT_ENABLED_REGIONS].sort());
    expect(synthesized).toHaveResourceWithProperties(AccessanalyzerAnalyzer, {
      analyzer_name: "bulkhead-prod-unused-access",
      type: "ACCOUNT_UNUSED_ACCESS",
      configuration: { unused_access: { unused_access_age: 45 } },
    });
    const optIn = synthBaseline({
      ...exampleAccountBaseline,
      regions: { primary: "eu-west-1", analyzerRegions: ["eu-south-1"] },
    });
    expect(
      Object.values(resourcesOf(optIn, "aws_accessanalyzer_analyzer"))
        .filter((a) => a.type === "ACCOUNT")
        .map((a) => a.region ?? "eu-west-1")
        .sort(),
    ).toEqual(["eu-south-1", "eu-west-1"]);
  });

  it("sets the CIS account controls: security contact and the account's S3 public access block", () => {
    expect(synthesized).toHaveResourceWithProperties(AccountAlternateContact, {
      alternate_contact_type: "SECURITY",
      email_address: "security@example.com",
    });
    expect(synthesized).toHaveResourceWithProperties(S3AccountPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  it("restricts every duty role's trust to the users of the groups granted it (no chaining)", () => {
    const callers = (name: string) =>
      documentOf(resourceWith(synthesized, "aws_iam_role", "name", name), "assume_role_policy").Statement[0].Condition
        ?.ArnLike?.["aws:PrincipalArn"];
    const user = (n: string) => `arn:aws:iam::111122223333:user/humans/${n}`;
    expect(callers("iam-admin")).toEqual([user("alice"), user("bob")]);
    expect(callers("infrastructure-admin")).toEqual([user("carol"), user("dave")]);
    expect(callers("auditor")).toEqual([user("alice"), user("bob"), user("erin")]);
    expect(callers("support")).toEqual([user("carol"), user("dave")]);
    const infra = documentOf(
      Object.values(resourcesOf(synthesized, "aws_iam_role_policy")).find(
        (p) => p.role === referenceTo(synthesized, "aws_iam_role", "name", "infrastructure-admin", "name"),
      ) as Record<string, unknown>,
    );
    expect(statementOf(infra, "DenyChainingIntoBaselineRoles")).toEqual({
      Sid: "DenyChainingIntoBaselineRoles",
      Effect: "Deny",
      Action: ["sts:AssumeRole", "iam:PassRole"],
      Resource: "arn:aws:iam::111122223333:role/bulkhead/*",
    });
  });

  it("keeps the IAM administrator off the baseline's roles, policies, users and groups", () => {
    const iamAdmin = documentOf(
      Object.values(resourcesOf(synthesized, "aws_iam_role_policy")).find(
        (p) => p.role === referenceTo(synthesized, "aws_iam_role", "name", "iam-admin", "name"),
      ) as Record<string, unknown>,
    );
    const deny = statementOf(iamAdmin, "DenyChangingTheBaseline");
    expect(deny.NotAction).toEqual(["iam:Get*", "iam:List*", "iam:Generate*", "iam:Simulate*"]);
    expect(deny.Resource).toEqual(
      expect.arrayContaining([
        "arn:aws:iam::111122223333:role/bulkhead/*",
        "arn:aws:iam::111122223333:policy/bulkhead/*",
        "arn:aws:iam::111122223333:user/humans/*",
        "arn:aws:iam::111122223333:group/humans/*",
      ]),
    );
    // Users sit under a boundary that allows only roles and their own credentials.
    const boundary = referenceTo(synthesized, "aws_iam_policy", "name", "bulkhead-human-boundary");
    for (const user of Object.values(resourcesOf(synthesized, "aws_iam_user"))) {
      expect([user.name, user.path, user.permissions_boundary]).toEqual([user.name, "/humans/", boundary]);
    }
    const allowed = documentOf(resourceWith(synthesized, "aws_iam_policy", "name", "bulkhead-human-boundary"));
    expect(allowed.Statement).toHaveLength(1);
    expect(allowed.Statement[0].Action).toContain("sts:AssumeRole");
    expect((allowed.Statement[0].Action as string[]).filter((a) => !/^(sts|iam):/.test(a))).toEqual([]);
    // The bounded administrators may give new principals the human boundary, nothing wider.
    const delegated = documentOf(
      resourceWith(synthesized, "aws_iam_policy", "name", "bulkhead-delegated-admin-boundary"),
    );
    expect(statementOf(delegated, "DenyPrincipalsWithoutThisBoundary").Condition).toEqual({
      StringNotEquals: {
        "iam:PermissionsBoundary": [
          "arn:aws:iam::111122223333:policy/bulkhead/bulkhead-delegated-admin-boundary",
          "arn:aws:iam::111122223333:policy/bulkhead/bulkhead-human-boundary",
        ],
      },
    });
  });

  it("gives the auditor no data reads (no s3:GetObject on the backups)", () => {
    const auditor = principalsOf(parse(synthesized)).find((p) => p.kind === "role" && p.name === "auditor");
    if (auditor === undefined) throw new Error("no auditor");
    for (const action of ["s3:GetObject", "s3:GetObjectVersion", "dynamodb:GetItem", "secretsmanager:GetSecretValue"]) {
      expect([action, isAllowed(auditor, action, false)]).toEqual([action, false]);
    }
    expect(isAllowed(auditor, "s3:GetBucketPolicy", false)).toBe(true);
  });

  it("the deployer: GitHub OIDC trust with aud and sub, bounded, guarded, scoped IAM, no credentials", () => {
    const role = resourceWith(synthesized, "aws_iam_role", "name", "deployer");
    expect(role.path).toBe("/bulkhead/");
    expect(role.permissions_boundary).toBe(
      referenceTo(synthesized, "aws_iam_policy", "name", "bulkhead-delegated-admin-boundary"),
    );
    expect(documentOf(role, "assume_role_policy").Statement).toEqual([
      {
        Sid: "AllowGithubActionsOfConfiguredRepositories",
        Effect: "Allow",
        Principal: {
          Federated: referenceTo(
            synthesized,
            "aws_iam_openid_connect_provider",
            "url",
            "https://token.actions.githubusercontent.com",
          ),
        },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
          StringLike: {
            "token.actions.githubusercontent.com:sub": ["repo:example-org/prod-infrastructure:ref:refs/heads/main"],
          },
        },
      },
    ]);
    const attachments = Object.values(resourcesOf(synthesized, "aws_iam_role_policy_attachment"));
    expect(
      attachments.some(
        (a) =>
          a.role === referenceTo(synthesized, "aws_iam_role", "name", "deployer", "name") && a.policy_arn === guardrail,
      ),
    ).toBe(true);
    const permissions = documentOf(
      Object.values(resourcesOf(synthesized, "aws_iam_role_policy")).find(
        (p) => p.role === referenceTo(synthesized, "aws_iam_role", "name", "deployer", "name"),
      ) as Record<string, unknown>,
    );
    expect(statementOf(permissions, "AllowBaselineIam").Resource).not.toContain("*");
    expect(statementOf(permissions, "DenyMintingCredentials").Action).toEqual(
      expect.arrayContaining(["iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile"]),
    );
    expect(statementOf(permissions, "DenyAssumingBaselineRoles").Resource).toBe(
      "arn:aws:iam::111122223333:role/bulkhead/*",
    );
  });

  it("exempts the deployer and the bootstrap role (only) from the configure-class denies", () => {
    const guardrailDoc = documentOf(resourceWith(synthesized, "aws_iam_policy", "name", "bulkhead-backup-guardrail"));
    const configure = statementOf(guardrailDoc, "DenyProtectedBackupConfiguration");
    expect(configure.Condition).toEqual({ ArnNotEquals: { "aws:PrincipalArn": CONFIGURERS } });
    expect(configure.Resource).toEqual([
      referenceTo(synthesized, "aws_backup_vault", "name", "prod-backups"),
      referenceTo(synthesized, "aws_backup_plan", "name", "prod-backups-daily"),
      referenceTo(synthesized, "aws_s3_bucket", "bucket", "prod-backups-111122223333"),
      referenceTo(synthesized, "aws_backup_logically_air_gapped_vault", "name", "prod-backups-airgapped"),
    ]);
    expect(statementOf(guardrailDoc, "DenyBackupDestruction").Condition).toBeUndefined();
    const bucketPolicy = documentOf(Object.values(resourcesOf(synthesized, "aws_s3_bucket_policy"))[0]);
    expect(statementOf(bucketPolicy, "DenyConfigurationExceptDeployer").Condition).toEqual({
      ArnNotLike: { "aws:PrincipalArn": CONFIGURERS },
    });
    expect(statementOf(bucketPolicy, "DenyBackupDestructionExceptBreakGlass").Condition).toEqual({
      ArnNotEquals: {
        "aws:PrincipalArn": referenceTo(synthesized, "aws_iam_role", "name", "break-glass-backup-deleter"),
      },
    });
  });

  it("gives no principal both admin and backup deletion (BH001), and only break-glass destroys", async () => {
    const catalogue = await loadCatalogue();
    const destroyOnly = {
      ...catalogue,
      backupOnly: catalogue.backupOnly.filter((a) => BACKUP_DESTROY_ACTIONS.includes(a)),
      backupData: catalogue.backupData.filter((a) => BACKUP_DESTROY_ACTIONS.includes(a)),
    };
    const principals = principalsOf(parse(synthesized));
    const verdicts = principals.map((p) => ({
      principal: `${p.kind}/${p.name}`,
      admin: isAdmin(p, catalogue),
      backup: canDeleteBackups(p, catalogue),
      destroy: canDeleteBackups(p, destroyOnly),
    }));
    expect(verdicts.filter((v) => v.admin && v.backup)).toEqual([]);
    expect(verdicts.filter((v) => v.destroy).map((v) => v.principal)).toEqual(["role/break-glass-backup-deleter"]);
    // Configure-class on "*" (plans, selections, workload PITR …): the pipeline and the infrastructure admin.
    expect(
      verdicts
        .filter((v) => v.backup && !v.destroy)
        .map((v) => v.principal)
        .sort(),
    ).toEqual(["role/deployer", "role/infrastructure-admin"]);
    expect(verdicts.filter((v) => v.admin).map((v) => v.principal)).toEqual(["role/iam-admin"]);
  });

  it("the permission model does flag an unguarded administrator (sanity check of the check above)", async () => {
    const unguarded = Testing.synthScope((stack) => {
      new WorkloadRole(stack, "reckless", {
        roleName: "reckless",
        statements: [{ Effect: "Allow", Action: "*", Resource: "*" }],
        allowBackupDeletion: true,
        withoutPermissionsBoundary: true,
      });
    });
    const [role] = principalsOf(parse(unguarded)).filter((p) => p.name === "reckless");
    const catalogue = await loadCatalogue();
    expect([isAdmin(role, catalogue), canDeleteBackups(role, catalogue)]).toEqual([true, true]);
  });

  it("rejects configurations that break the duty split", () => {
    const groups = exampleAccountBaseline.groups;
    expect(build({ ...exampleAccountBaseline, breakGlassGroup: "nobody" })).toThrow(
      /breakGlassGroup: nobody is not one of the groups/,
    );
    expect(
      build({
        ...exampleAccountBaseline,
        groups: [...groups.slice(0, 3), { name: "break-glass", members: ["frank", "alice"] }],
      }),
    ).toThrow(/alice could both administer IAM and delete backups/);
    expect(
      build({ ...exampleAccountBaseline, groups: [...groups.slice(0, 3), { name: "break-glass", members: [] }] }),
    ).toThrow(/no members/);
    expect(
      build({
        ...exampleAccountBaseline,
        groups: [...groups.slice(0, 3), { name: "break-glass", members: ["frank"], assumableRoles: ["support"] }],
      }),
    ).toThrow(/break-glass only/);
    expect(build({ ...exampleAccountBaseline, regions: { primary: "eu-west-1", additional: ["eu-west-1"] } })).toThrow(
      /region twice/,
    );
    expect(build({ ...exampleAccountBaseline, accountName: "Prod Account" })).toThrow(/accountName/);
    expect(build({ ...exampleAccountBaseline, backup: { retentionDays: 2 } })).toThrow(/retentionDays/);
  });

  it("accepts the overlap only with the named opt-out", () => {
    const groups = [...exampleAccountBaseline.groups.slice(0, 3), { name: "break-glass", members: ["alice"] }];
    expect(build({ ...exampleAccountBaseline, groups, allowBreakGlassMembersAsIamAdmins: true })).not.toThrow();
  });

  it("falls back to the caller's account when no account id is given", () => {
    const { accountId: _ignored, ...withoutAccount } = exampleAccountBaseline;
    const synthesizedDefault = synthBaseline(withoutAccount);
    expect(Object.keys(parse(synthesizedDefault).data?.aws_caller_identity ?? {})).toHaveLength(1);
    expect(resourcesOf(synthesizedDefault, "aws_s3_bucket")).not.toEqual({});
  });
});
