import { Testing, TerraformStack } from "cdktf";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { BackupBucket } from "../../src/constructs";
import { documentOf, onlyResource, statementOf } from "./synth-helpers";

Testing.setupJest();

const BREAK_GLASS = "arn:aws:iam::111122223333:role/bulkhead/break-glass-backup-deleter";

describe("BackupBucket", () => {
  const synthesized = Testing.synthScope((stack) => {
    new BackupBucket(stack, "bucket", {
      bucketName: "prod-backups",
      breakGlassRoleArn: BREAK_GLASS,
      configurerArns: ["arn:aws:iam::111122223333:role/bulkhead/deployer"],
      objectLockDays: 30,
      tags: { Team: "ops" },
    });
  });

  it("enables Object Lock, never force-destroys, and is tagged as backup storage", () => {
    expect(synthesized).toHaveResourceWithProperties(S3Bucket, {
      bucket: "prod-backups",
      object_lock_enabled: true,
      force_destroy: false,
      tags: { Backup: "true", Team: "ops" },
    });
    expect(onlyResource(synthesized, "aws_s3_bucket").lifecycle).toEqual({ prevent_destroy: true });
  });

  it("turns versioning on and locks every version in COMPLIANCE mode", () => {
    expect(synthesized).toHaveResourceWithProperties(S3BucketVersioningA, {
      versioning_configuration: { status: "Enabled" },
    });
    expect(synthesized).toHaveResourceWithProperties(S3BucketObjectLockConfigurationA, {
      object_lock_enabled: "Enabled",
      rule: { default_retention: { mode: "COMPLIANCE", days: 30 } },
    });
  });

  it("blocks all public access", () => {
    expect(synthesized).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  it("denies destroying versions to all but break-glass and configuring to all but the deployer, after configuring it", () => {
    const policy = onlyResource(synthesized, "aws_s3_bucket_policy");
    const deny = statementOf(documentOf(policy), "DenyBackupDestructionExceptBreakGlass");
    expect(deny).toMatchObject({
      Effect: "Deny",
      Principal: "*",
      Condition: { ArnNotEquals: { "aws:PrincipalArn": BREAK_GLASS } },
    });
    expect(deny.Action).toEqual(
      expect.arrayContaining([
        "s3:DeleteObjectVersion",
        "s3:PutLifecycleConfiguration",
        "s3:DeleteBucketPolicy",
        "s3:BypassGovernanceRetention",
      ]),
    );
    const configure = statementOf(documentOf(policy), "DenyConfigurationExceptDeployer");
    expect(configure.Condition).toEqual({
      ArnNotLike: { "aws:PrincipalArn": ["arn:aws:iam::111122223333:role/bulkhead/deployer"] },
    });
    expect(configure.Action).toEqual([
      "s3:PutBucketVersioning",
      "s3:PutBucketObjectLockConfiguration",
      "s3:PutBucketPolicy",
      "s3:PutBucketPublicAccessBlock",
    ]);
    expect(statementOf(documentOf(policy), "DenyInsecureTransport").Condition).toEqual({
      Bool: { "aws:SecureTransport": "false" },
    });
    expect(policy.depends_on).toHaveLength(4);
  });

  it("defaults to SSE-S3 and a 35-day lock", () => {
    const defaults = Testing.synthScope((stack) => {
      new BackupBucket(stack, "bucket", { bucketName: "prod-backups", breakGlassRoleArn: BREAK_GLASS });
    });
    expect(defaults).toHaveResourceWithProperties(S3BucketObjectLockConfigurationA, {
      rule: { default_retention: { mode: "COMPLIANCE", days: 35 } },
    });
    expect(onlyResource(defaults, "aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" }, bucket_key_enabled: false },
    ]);
  });

  it("rejects bad names and lock periods", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    expect(() => new BackupBucket(stack, "a", { bucketName: "Prod_Backups", breakGlassRoleArn: BREAK_GLASS })).toThrow(
      /bucket name/,
    );
    expect(
      () =>
        new BackupBucket(stack, "b", { bucketName: "prod-backups", breakGlassRoleArn: BREAK_GLASS, objectLockDays: 0 }),
    ).toThrow(/objectLockDays/);
  });
});
