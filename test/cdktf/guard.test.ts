import { BackupVault as BackupVaultResource } from "@cdktf/provider-aws/lib/backup-vault";
import { IamAccessKey } from "@cdktf/provider-aws/lib/iam-access-key";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { IamUser } from "@cdktf/provider-aws/lib/iam-user";
import { IamUserLoginProfile } from "@cdktf/provider-aws/lib/iam-user-login-profile";
import { IamUserPolicy } from "@cdktf/provider-aws/lib/iam-user-policy";
import { App } from "cdktf";
import type { IConstruct } from "constructs";
import { Bulkhead } from "../../src/cdktf";
import { BACKUP_CONFIGURE_ACTIONS, WORKLOAD_BACKUP_SETTINGS_ACTIONS } from "../../src/constructs";
import { AccountBaselineStack } from "../../stacks/account-baseline";
import { exampleAccountBaseline, exampleOrgGuardrails } from "../../stacks/example-config";
import { OrgGuardrailsStack } from "../../stacks/org-guardrails";
import { tempDir } from "../helpers/tmp";

/**
 * The synth-time guard: both stacks synthesize with zero findings, and deliberate mutations of
 * the baseline fail `app.synth()` with the expected rule, attached to the construct at fault.
 */
function baseline(): { app: App; stack: AccountBaselineStack } {
  const app = new App({ outdir: tempDir("synth") });
  return { app, stack: new AccountBaselineStack(app, "account-baseline", exampleAccountBaseline) };
}

function remove(scope: IConstruct, pathSuffix: string): void {
  const target = scope.node.findAll().find((c) => c.node.path.endsWith(pathSuffix));
  if (target === undefined || target.node.scope === undefined) throw new Error(`no construct ${pathSuffix}`);
  expect(target.node.scope.node.tryRemoveChild(target.node.id)).toBe(true);
}

const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
const DAILY = (s: AccountBaselineStack) => ({
  ruleName: "daily",
  targetVaultName: s.vault.vaultName,
  schedule: "cron(0 5 ? * * *)",
  lifecycle: { deleteAfter: 35 },
});

const ACCOUNT = "123456789012";

/** A trust policy admitting one principal, without any condition. */
const trust = (principal: Record<string, string>): string =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" }],
  });

/**
 * A role of the account's IAM administrators added beside the baseline (IAMFullAccess, no
 * boundary), allowed these actions on everything as well.
 */
function opsAdmin(s: AccountBaselineStack, actions: string[]): void {
  const role = new IamRole(s, "mutation-admin", {
    name: "ops-admin",
    assumeRolePolicy: trust({ Service: "ec2.amazonaws.com" }),
  });
  new IamRolePolicyAttachment(s, "mutation-admin-iam", {
    role: role.name,
    policyArn: "arn:aws:iam::aws:policy/IAMFullAccess",
  });
  new IamRolePolicy(s, "mutation-admin-reach", {
    role: role.name,
    policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] }),
  });
}

describe("synth-time guard", () => {
  it("both stacks synthesize through app.synth() with zero findings", () => {
    const { app, stack } = baseline();
    const org = new OrgGuardrailsStack(app, "org-guardrails", exampleOrgGuardrails);
    expect(() => app.synth()).not.toThrow();
    for (const s of [stack, org]) expect(Bulkhead.check(s).report.findings).toEqual([]);
    expect(Bulkhead.check(stack).report.summary).toMatchObject({ principals: 20, unverifiableDocuments: 0 });
  });

  const mutations: [string, string, RegExp, (s: AccountBaselineStack) => void][] = [
    [
      "AdministratorAccess attached to the break-glass backup deleter",
      "BH001",
      /\[account-baseline\/break-glass\/role\] BH001 Admin with backup deletion/,
      (s) => new IamRolePolicyAttachment(s, "mutation", { role: s.breakGlass.role.name, policyArn: ADMIN }),
    ],
    [
      "the break-glass role may rewrite role policies",
      "BH001",
      /break-glass\/role\] BH001/,
      (s) =>
        new IamRolePolicy(s, "mutation", {
          role: s.breakGlass.role.name,
          policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: "iam:PutRolePolicy", Resource: "*" }],
          }),
        }),
    ],
    [
      "the IAM admin gets ec2:DeleteSnapshot without its guardrail and boundary",
      "BH001",
      /iam-admin\/role\] BH001/,
      (s) => {
        remove(s, "iam-admin/role-backup-guardrail");
        s.dutyRoles["iam-admin"].role.resetPermissionsBoundary();
        new IamRolePolicy(s, "mutation", {
          role: s.dutyRoles["iam-admin"].role.name,
          policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: "ec2:DeleteSnapshot", Resource: "*" }],
          }),
        });
      },
    ],
    [
      "AdministratorAccess on the backup writer without its guardrail and boundary",
      "BH001",
      /backup-writer\/role\] BH001/,
      (s) => {
        remove(s, "backup-writer/role-backup-guardrail");
        s.backupWriter.role.resetPermissionsBoundary();
        new IamRolePolicyAttachment(s, "mutation", { role: s.backupWriter.role.name, policyArn: ADMIN });
      },
    ],
    [
      "the MFA condition dropped from the auditor's trust policy",
      "BH004",
      /auditor\/role\] BH004 Human principal without MFA/,
      (s) =>
        s.dutyRoles.auditor.role.addOverride(
          "assume_role_policy",
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sts:AssumeRole" },
            ],
          }),
        ),
    ],
    [
      "the force-MFA policy detached from the auditors group",
      "BH004",
      /humans\/user-erin\] BH004/,
      (s) => remove(s, "humans/group-auditors-force-mfa"),
    ],
    [
      "the vault lock removed",
      "BH003",
      /backup-vault\/vault\] BH003 Backup protection missing or weakened.*Vault Lock/,
      (s) => remove(s, "backup-vault/lock"),
    ],
    [
      "the vault access policy removed",
      "BH003",
      /backup-vault\/vault\] BH003.*DeleteRecoveryPoint/,
      (s) => remove(s, "backup-vault/policy"),
    ],
    [
      "force_destroy on the vault",
      "BH003",
      /backup-vault\/vault\] BH003.*force_destroy/,
      (s) => {
        s.vault.vault.forceDestroy = true;
      },
    ],
    [
      "the Object Lock default retention removed from the backup bucket",
      "BH003",
      /backup-bucket\/bucket\] BH003.*no default retention/,
      (s) => remove(s, "backup-bucket/object-lock"),
    ],
    [
      "Object Lock in governance mode on the backup bucket",
      "BH003",
      /backup-bucket\/bucket\] BH003.*COMPLIANCE/,
      (s) => {
        const lock = s.node.findAll().find((c) => c.node.path.endsWith("backup-bucket/object-lock"));
        (lock as unknown as { addOverride: (p: string, v: unknown) => void }).addOverride(
          "rule.default_retention.mode",
          "GOVERNANCE",
        );
      },
    ],
    [
      "an access key for a workload user",
      "BH005",
      /mutation-key\] BH005 Long-lived access key/,
      (s) => {
        const user = new IamUser(s, "mutation-user", { name: "legacy-batch" });
        new IamAccessKey(s, "mutation-key", { user: user.name });
      },
    ],
    [
      "a console user outside every group",
      "BH004",
      /mutation-user\] BH004/,
      (s) => {
        const user = new IamUser(s, "mutation-user", { name: "mallory" });
        new IamUserLoginProfile(s, "mutation-login", { user: user.name });
      },
    ],
    [
      "the deployer's trust without its sub condition (any GitHub repository could deploy)",
      "BH008",
      /deployer\/role\] BH008 OIDC trust without a subject/,
      (s) =>
        s.deployer.role.addOverride(
          "assume_role_policy",
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Principal: { Federated: s.deployer.providerArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } },
              },
            ],
          }),
        ),
    ],
    [
      "the deployer's sub widened to every repository",
      "BH008",
      /deployer\/role\] BH008/,
      (s) =>
        s.deployer.role.addOverride(
          "assume_role_policy",
          JSON.stringify({
            ...s.deployer.trustPolicy,
            Statement: s.deployer.trustPolicy.Statement.map((statement) => ({
              ...statement,
              Condition: {
                ...statement.Condition,
                StringLike: { "token.actions.githubusercontent.com:sub": "repo:*" },
              },
            })),
          }),
        ),
    ],
    [
      "the deployer's IAM widened from the baseline's paths to every role",
      "BH001",
      /deployer\/role\] BH001 Admin with backup deletion/,
      (s) =>
        new IamRolePolicy(s, "mutation", {
          role: s.deployer.role.name,
          policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: "iam:*", Resource: "arn:aws:iam::111122223333:role/*" }],
          }),
        }),
    ],
    [
      "AdministratorAccess on the deployer",
      "BH001",
      /deployer\/role\] BH001/,
      (s) => new IamRolePolicyAttachment(s, "mutation", { role: s.deployer.role.name, policyArn: ADMIN }),
    ],
    [
      "the copy action removed from the backup plan",
      "BH007",
      /backup-vault\/plan\] BH007 Backups only inside the blast radius.*no rule has a copy_action/,
      (s) => s.vault.plan.putRule([{ ...DAILY(s), copyAction: [] }]),
    ],
    [
      "the air-gapped vault's retention dropped",
      "BH007",
      /backup-vault\/plan\] BH007.*logically air-gapped vault without minimum and maximum retention/,
      (s) => {
        s.airGappedVault?.vault.addOverride("min_retention_days", undefined);
        s.airGappedVault?.vault.addOverride("max_retention_days", undefined);
      },
    ],
    [
      "the copy sent to a second vault of the same account instead",
      "BH007",
      /backup-vault\/plan\] BH007.*a vault of the same account/,
      (s) => {
        const second = new BackupVaultResource(s, "mutation-vault", { name: "prod-backups-copy" });
        s.vault.plan.putRule([{ ...DAILY(s), copyAction: [{ destinationVaultArn: second.arn }] }]);
      },
    ],
    // BH006: no single principal holds both powers, one credential reaches them.
    [
      "the break-glass trust loses its MFA condition and an IAM admin may assume roles",
      "BH006",
      /mutation-admin\] BH006 Credential reaches admin and backup deletion/,
      (s) => {
        s.breakGlass.role.addOverride("assume_role_policy", trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }));
        opsAdmin(s, ["sts:AssumeRole"]);
      },
    ],
    [
      "the break-glass role trusts Lambda and an IAM admin may create functions (pass to compute)",
      "BH006",
      /mutation-admin\] BH006.*passes to compute break-glass-backup-deleter/,
      (s) => {
        s.breakGlass.role.addOverride("assume_role_policy", trust({ Service: "lambda.amazonaws.com" }));
        opsAdmin(s, ["lambda:CreateFunction"]);
      },
    ],
    [
      "a backup operator user outside the baseline paths, whose keys the IAM admin may create (mint)",
      "BH006",
      /iam-admin\/role\] BH006.*mints credentials of backup-operator/,
      (s) => {
        const user = new IamUser(s, "mutation-user", { name: "backup-operator" });
        new IamUserPolicy(s, "mutation-user-policy", {
          user: user.name,
          name: "delete-recovery-points",
          policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: "backup:DeleteRecoveryPoint", Resource: "*" }],
          }),
        });
      },
    ],
  ];

  it.each(mutations)("%s fails synth with %s", (_, rule, where, mutate) => {
    const { app, stack } = baseline();
    mutate(stack);
    expect(Bulkhead.check(stack).report.findings.map((f) => f.ruleId)).toContain(rule);
    expect(() => app.synth()).toThrow(where);
  });

  it("AdministratorAccess on the backup writer: guardrail and boundary leave it only configure-class backup actions", () => {
    const { stack } = baseline();
    new IamRolePolicyAttachment(stack, "mutation", { role: stack.backupWriter.role.name, policyArn: ADMIN });
    const findings = Bulkhead.check(stack).report.findings;
    // Still BH001: an administrator that may delete backup plans and selections on "*" is one, but
    // every recovery point, snapshot and object version stays out of its reach.
    expect(findings.map((f) => [f.ruleId, f.principal])).toEqual([["BH001", "backup-writer"]]);
    const backup = findings[0].evidence.filter((e) => e.grants === "backup").flatMap((e) => e.actions ?? []);
    expect(backup.length).toBeGreaterThan(0);
    const notDestroy = new Set(
      [...BACKUP_CONFIGURE_ACTIONS, ...WORKLOAD_BACKUP_SETTINGS_ACTIONS].map((a) => a.toLowerCase()),
    );
    expect(backup.filter((a) => !notDestroy.has(a.toLowerCase()))).toEqual([]);
  });

  it("the same finding text as the CLI names rule, title, message and evidence", () => {
    const { app, stack } = baseline();
    new IamRolePolicyAttachment(stack, "mutation", { role: stack.breakGlass.role.name, policyArn: ADMIN });
    expect(() => app.synth()).toThrow(
      /BH001 Admin with backup deletion: violation, new: break-glass-backup-deleter can change IAM permissions .* admin: statement #0 of arn:aws:iam::aws:policy\/AdministratorAccess/,
    );
  });
});
