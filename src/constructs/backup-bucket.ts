import { Construct } from "constructs";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { BUCKET_CONFIGURE_ACTIONS, BUCKET_PROTECTED_ACTIONS } from "./actions";
import { PolicyDocument, policyDocument, toJson } from "./policy-document";
import { ARN, checkInteger, checkPattern } from "./validation";

/** The tag that marks storage as backup storage (the policy engine treats such buckets as backups). */
export const BACKUP_STORAGE_TAG = { key: "Backup", value: "true" } as const;

export interface BackupBucketProps {
  /** Name of the bucket (globally unique). */
  readonly bucketName: string;
  /** The break-glass backup deleter: the only principal the bucket policy lets destroy versions. */
  readonly breakGlassRoleArn: string;
  /**
   * Principals (`aws:PrincipalArn` patterns) that may configure the bucket (its policy, versioning, Object Lock, public access block):
   * the deployer and the bootstrap role. Everyone else is denied, break-glass included.
   * @default nobody (the bucket's configuration can then never change again)
   */
  readonly configurerArns?: string[];
  /**
   * Days every new object version is locked in COMPLIANCE mode (nobody, root included, can delete
   * or overwrite it before then).
   * @default 35
   */
  readonly objectLockDays?: number;
  /**
   * KMS key for default encryption.
   * @default SSE-S3 (AES256)
   */
  readonly kmsKeyArn?: string;
  /**
   * Region of the bucket.
   * @default the provider's region
   */
  readonly region?: string;
  /**
   * Tags for the bucket, in addition to `Backup = "true"`.
   * @default none
   */
  readonly tags?: Record<string, string>;
}

/**
 * An S3 bucket for backups that survives a stolen credential: Object Lock in COMPLIANCE mode with a
 * default retention, versioning on, no force_destroy and Terraform `prevent_destroy`, all public
 * access blocked, default encryption, and a bucket policy that requires TLS, denies deleting
 * versions, changing the lifecycle or deleting the policy or the bucket to everyone but the
 * break-glass role, and changing versioning, Object Lock, public access block or the policy to
 * everyone but the configurers (the deployer). Tagged `Backup = "true"`.
 */
export class BackupBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly bucketName: string;
  readonly bucketArn: string;
  readonly bucketPolicyDocument: PolicyDocument;

  constructor(scope: Construct, id: string, props: BackupBucketProps) {
    super(scope, id);
    const objectLockDays = props.objectLockDays ?? 35;
    checkPattern(this, "bucketName", props.bucketName, /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "a valid S3 bucket name");
    checkPattern(this, "breakGlassRoleArn", props.breakGlassRoleArn, ARN, "a role ARN");
    checkInteger(this, "objectLockDays", objectLockDays, { min: 1, max: 36500 });

    this.bucket = new S3Bucket(this, "bucket", {
      bucket: props.bucketName,
      objectLockEnabled: true,
      forceDestroy: false,
      region: props.region,
      tags: { ...props.tags, [BACKUP_STORAGE_TAG.key]: BACKUP_STORAGE_TAG.value },
      lifecycle: { preventDestroy: true },
    });
    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;

    const versioning = new S3BucketVersioningA(this, "versioning", {
      bucket: this.bucket.id,
      region: props.region,
      versioningConfiguration: { status: "Enabled" },
    });
    const objectLock = new S3BucketObjectLockConfigurationA(this, "object-lock", {
      bucket: this.bucket.id,
      region: props.region,
      objectLockEnabled: "Enabled",
      rule: { defaultRetention: { mode: "COMPLIANCE", days: objectLockDays } },
      dependsOn: [versioning],
    });
    const publicAccessBlock = new S3BucketPublicAccessBlock(this, "public-access-block", {
      bucket: this.bucket.id,
      region: props.region,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    const encryption = new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket: this.bucket.id,
      region: props.region,
      rule: [
        {
          applyServerSideEncryptionByDefault:
            props.kmsKeyArn === undefined
              ? { sseAlgorithm: "AES256" }
              : { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn },
          bucketKeyEnabled: props.kmsKeyArn !== undefined,
        },
      ],
    });

    const configurers = props.configurerArns ?? [];
    for (const arn of configurers) checkPattern(this, "configurerArns", arn, ARN, "a principal ARN pattern");
    this.bucketPolicyDocument = policyDocument(
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      {
        Sid: "DenyBackupDestructionExceptBreakGlass",
        Effect: "Deny",
        Principal: "*",
        Action: [...BUCKET_PROTECTED_ACTIONS],
        Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
        Condition: { ArnNotEquals: { "aws:PrincipalArn": props.breakGlassRoleArn } },
      },
      {
        Sid: "DenyConfigurationExceptDeployer",
        Effect: "Deny",
        Principal: "*",
        Action: [...BUCKET_CONFIGURE_ACTIONS],
        Resource: this.bucket.arn,
        ...(configurers.length > 0 ? { Condition: { ArnNotLike: { "aws:PrincipalArn": [...configurers] } } } : {}),
      },
    );
    // The policy denies the calls that configure the bucket: create it last.
    new S3BucketPolicy(this, "policy", {
      bucket: this.bucket.id,
      region: props.region,
      policy: toJson(this.bucketPolicyDocument),
      dependsOn: [versioning, objectLock, publicAccessBlock, encryption],
    });
  }
}
