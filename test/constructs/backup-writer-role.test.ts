import { Testing, TerraformStack } from "cdktf";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { BackupWriterRole } from "../../src/constructs";
import { documentOf, referenceTo, resourcesOf, resourceWith } from "./synth-helpers";

Testing.setupJest();

function attached(synthesized: string): string[] {
  return Object.values(resourcesOf(synthesized, "aws_iam_role_policy_attachment"))
    .map((a) => String(a.policy_arn))
    .sort();
}

describe("BackupWriterRole", () => {
  const synthesized = Testing.synthScope((stack) => {
    new BackupWriterRole(stack, "writer");
  });

  it("is assumed by AWS Backup only", () => {
    expect(synthesized).toHaveResourceWithProperties(IamRole, { name: "backup-writer", path: "/bulkhead/" });
    expect(
      documentOf(resourceWith(synthesized, "aws_iam_role", "name", "backup-writer"), "assume_role_policy").Statement,
    ).toEqual([
      {
        Sid: "AllowServiceToAssume",
        Effect: "Allow",
        Principal: { Service: "backup.amazonaws.com" },
        Action: "sts:AssumeRole",
      },
    ]);
  });

  it("can back up (AWS managed policies) but never delete (guardrail attached)", () => {
    expect(attached(synthesized)).toEqual(
      [
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
        "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
        referenceTo(synthesized, "aws_iam_policy", "name", "bulkhead-backup-guardrail"),
      ].sort(),
    );
    expect(resourceWith(synthesized, "aws_iam_role", "name", "backup-writer").permissions_boundary).toBe(
      referenceTo(synthesized, "aws_iam_policy", "name", "bulkhead-delegated-admin-boundary"),
    );
    expect(resourcesOf(synthesized, "aws_iam_role_policy")).toEqual({});
  });

  it("adds the restore policies only when asked", () => {
    const withRestores = Testing.synthScope((stack) => {
      new BackupWriterRole(stack, "writer", {
        allowRestores: true,
        includeS3: false,
        withoutPermissionsBoundary: true,
      });
    });
    expect(attached(withRestores)).toEqual(
      [
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
        referenceTo(withRestores, "aws_iam_policy", "name", "bulkhead-backup-guardrail"),
      ].sort(),
    );
    expect(resourceWith(withRestores, "aws_iam_role", "name", "backup-writer").permissions_boundary).toBeUndefined();
  });

  it("rejects a bad role name", () => {
    expect(() => new BackupWriterRole(new TerraformStack(Testing.app(), "s"), "w", { roleName: "a/b" })).toThrow(
      /role name/,
    );
  });
});
