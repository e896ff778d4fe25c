import { Testing } from "cdktf";
import { AccessanalyzerAnalyzer } from "@cdktf/provider-aws/lib/accessanalyzer-analyzer";
import { BackupVaultLockConfiguration } from "@cdktf/provider-aws/lib/backup-vault-lock-configuration";
import { IamAccountPasswordPolicy } from "@cdktf/provider-aws/lib/iam-account-password-policy";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { WorkloadRole } from "../../src/constructs";
import { AccountBaselineConfig, AccountBaselineStack } from "../../stacks/account-baseline";
import { exampleAccountBaseline } from "../../stacks/example-config";
import { documentOf, parse, referenceTo, resourcesOf, resourceWith, statementOf } from "../constructs/synth-helpers";
import { canDeleteBackups, isAdmin, loadCatalogue, principalsOf } from "./effective-permissions";

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
        if (typeof principal === "object" && "Service" in principal) continue;
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
      ArnEquals: {
        "aws:PrincipalArn": ["arn:aws:iam::111122223333:user/frank", "arn:aws:iam::111122223333:user/grace"],
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
    expect(Object.values(resourcesOf(synthesized, "aws_backup_selection"))[0].iam_role_arn).toBe(
      referenceTo(synthesized, "aws_iam_role", "name", "backup-writer"),
    );
  });

  it("runs IAM Access Analyzer in every region", () => {
    expect(synthesized).toHaveResourceWithProperties(AccessanalyzerAnalyzer, {
      analyzer_name: "bulkhead-prod",
      type: "ACCOUNT",
    });
    expect(synthesized).toHaveResourceWithProperties(AccessanalyzerAnalyzer, {
      analyzer_name: "bulkhead-prod",
      type: "ACCOUNT",
      region: "eu-central-1",
    });
  });

  it("gives no principal both admin and backup deletion (BH001), and only break-glass deletes", async () => {
    const catalogue = await loadCatalogue();
    const principals = principalsOf(parse(synthesized));
    const verdicts = principals.map((p) => ({
      principal: `${p.kind}/${p.name}`,
      admin: isAdmin(p, catalogue),
      backup: canDeleteBackups(p, catalogue),
    }));
    expect(verdicts.filter((v) => v.admin && v.backup)).toEqual([]);
    expect(verdicts.filter((v) => v.backup).map((v) => v.principal)).toEqual(["role/break-glass-backup-deleter"]);
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
