import { Testing, TerraformStack } from "cdktf";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamGroup } from "@cdktf/provider-aws/lib/iam-group";
import { IamGroupPolicyAttachment } from "@cdktf/provider-aws/lib/iam-group-policy-attachment";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { BACKUP_CONFIGURE_ACTIONS, BACKUP_DESTROY_ACTIONS, BackupGuardrailPolicy } from "../../src/constructs";
import { documentOf, referenceTo, resourceWith } from "./synth-helpers";

Testing.setupJest();

/** The destroy-class actions the brief names; the guardrail may deny more on "*", never fewer. */
const REQUIRED = [
  "backup:DeleteRecoveryPoint",
  "backup:DeleteBackupVault",
  "backup:DeleteBackupVaultLockConfiguration",
  "backup:DeleteBackupVaultAccessPolicy",
  "backup:UpdateRecoveryPointLifecycle",
  "backup:DisassociateRecoveryPoint",
  "ec2:DeleteSnapshot",
  "ec2:DeregisterImage",
  "rds:DeleteDBSnapshot",
  "rds:DeleteDBClusterSnapshot",
  "rds:DeleteDBInstanceAutomatedBackup",
  "rds:DeleteDBClusterAutomatedBackup",
  "dynamodb:DeleteBackup",
  "s3:DeleteObjectVersion",
  "s3:BypassGovernanceRetention",
  "glacier:DeleteArchive",
  "glacier:DeleteVault",
  "rbin:DeleteRule",
  "dlm:DeleteLifecyclePolicy",
  "kms:ScheduleKeyDeletion",
  "fsx:DeleteBackup",
  "elasticache:DeleteSnapshot",
  "redshift:DeleteClusterSnapshot",
  "lightsail:DeleteInstanceSnapshot",
  "lightsail:DeleteDiskSnapshot",
];

describe("BackupGuardrailPolicy", () => {
  it("denies every backup-destructive action on every resource, unconditionally", () => {
    const synthesized = Testing.synthScope((stack) => {
      new BackupGuardrailPolicy(stack, "guardrail");
    });
    expect(synthesized).toHaveResourceWithProperties(IamPolicy, {
      name: "bulkhead-backup-guardrail",
      path: "/bulkhead/",
    });
    const document = documentOf(resourceWith(synthesized, "aws_iam_policy", "name", "bulkhead-backup-guardrail"));
    expect(document.Version).toBe("2012-10-17");
    expect(document.Statement).toEqual([
      { Sid: "DenyBackupDestruction", Effect: "Deny", Action: [...BACKUP_DESTROY_ACTIONS], Resource: "*" },
    ]);
    for (const configure of BACKUP_CONFIGURE_ACTIONS) expect(document.Statement[0].Action).not.toContain(configure);
    expect(document.Statement[0].Action).toEqual(expect.arrayContaining(REQUIRED));
    expect(document.Statement[0].Condition).toBeUndefined();
  });

  it("adds further actions without duplicates", () => {
    const synthesized = Testing.synthScope((stack) => {
      new BackupGuardrailPolicy(stack, "guardrail", {
        additionalActions: ["neptune:DeleteDBClusterSnapshot", "EC2:deletesnapshot"],
      });
    });
    const actions = documentOf(resourceWith(synthesized, "aws_iam_policy", "name", "bulkhead-backup-guardrail"))
      .Statement[0].Action;
    expect(actions).toContain("neptune:DeleteDBClusterSnapshot");
    expect(actions).toHaveLength(BACKUP_DESTROY_ACTIONS.length + 1);
  });

  it("denies configure-class actions on the protected resources only, to all but the configurers", () => {
    const synthesized = Testing.synthScope((stack) => {
      const guardrail = new BackupGuardrailPolicy(stack, "guardrail");
      guardrail.protectResources("arn:aws:backup:eu-west-1:111122223333:backup-vault:prod-backups");
      guardrail.allowConfiguration("arn:aws:iam::111122223333:role/bulkhead/deployer");
    });
    const document = documentOf(resourceWith(synthesized, "aws_iam_policy", "name", "bulkhead-backup-guardrail"));
    expect(document.Statement[1]).toEqual({
      Sid: "DenyProtectedBackupConfiguration",
      Effect: "Deny",
      Action: [...BACKUP_CONFIGURE_ACTIONS],
      Resource: ["arn:aws:backup:eu-west-1:111122223333:backup-vault:prod-backups"],
      Condition: { ArnNotEquals: { "aws:PrincipalArn": ["arn:aws:iam::111122223333:role/bulkhead/deployer"] } },
    });
    expect(BACKUP_CONFIGURE_ACTIONS).toContain("backup:PutBackupVaultLockConfiguration");
  });

  it("attaches itself to roles and groups", () => {
    const synthesized = Testing.synthScope((stack) => {
      const guardrail = new BackupGuardrailPolicy(stack, "guardrail");
      guardrail.attachToRole(new IamRole(stack, "role", { name: "r", assumeRolePolicy: "{}" }));
      guardrail.attachToGroup(new IamGroup(stack, "group", { name: "g" }));
    });
    const policy = referenceTo(synthesized, "aws_iam_policy", "name", "bulkhead-backup-guardrail");
    expect(synthesized).toHaveResourceWithProperties(IamRolePolicyAttachment, {
      role: referenceTo(synthesized, "aws_iam_role", "name", "r", "name"),
      policy_arn: policy,
    });
    expect(synthesized).toHaveResourceWithProperties(IamGroupPolicyAttachment, {
      group: referenceTo(synthesized, "aws_iam_group", "name", "g", "name"),
      policy_arn: policy,
    });
  });

  it("is one per stack through of()", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    expect(BackupGuardrailPolicy.of(stack)).toBe(BackupGuardrailPolicy.of(stack));
  });

  it("rejects malformed actions and names", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    expect(() => new BackupGuardrailPolicy(stack, "a", { additionalActions: ["DeleteEverything"] })).toThrow(
      /IAM action/,
    );
    expect(() => new BackupGuardrailPolicy(stack, "b", { path: "bulkhead" })).toThrow(/IAM path/);
    expect(() => new BackupGuardrailPolicy(stack, "c", { policyName: "no spaces allowed" })).toThrow(/policy name/);
  });
});
