import { Construct } from "constructs";
import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { PolicyDocument, policyDocument, toJson } from "./policy-document";
import { checkPattern } from "./validation";

export interface AuditTrailProps {
  /** Name of the trail. */
  readonly trailName: string;
  /** Name of the S3 bucket the trail writes to (globally unique). */
  readonly bucketName: string;
  /** Account id of the trail's owner (the management account for an organization trail). */
  readonly accountId: string;
  /**
   * An organization trail (created in the management account, covering every member account).
   * @default false
   */
  readonly organization?: boolean;
  /**
   * Partition of the ARNs.
   * @default "aws"
   */
  readonly partition?: string;
  /**
   * Region of the trail's home.
   * @default the provider's region
   */
  readonly region?: string;
  /**
   * Tags for the trail and the bucket.
   * @default none
   */
  readonly tags?: Record<string, string>;
}

/**
 * A multi-region CloudTrail trail with global service events and log file validation, writing to
 * a versioned, private bucket whose policy lets only CloudTrail (for this trail) write. The
 * management events it records are what the security alarms match.
 */
export class AuditTrail extends Construct {
  readonly trail: Cloudtrail;
  readonly bucket: S3Bucket;
  readonly bucketPolicyDocument: PolicyDocument;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const partition = props.partition ?? "aws";
    checkPattern(this, "trailName", props.trailName, /^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$/, "a trail name");
    checkPattern(this, "bucketName", props.bucketName, /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "a valid S3 bucket name");
    checkPattern(this, "accountId", props.accountId, /^\d{12}$/, "a 12-digit AWS account id");
    this.bucket = new S3Bucket(this, "bucket", {
      bucket: props.bucketName,
      forceDestroy: false,
      region: props.region,
      tags: props.tags,
      lifecycle: { preventDestroy: true },
    });
    const versioning = new S3BucketVersioningA(this, "versioning", {
      bucket: this.bucket.id,
      region: props.region,
      versioningConfiguration: { status: "Enabled" },
    });
    const publicAccessBlock = new S3BucketPublicAccessBlock(this, "public-access-block", {
      bucket: this.bucket.id,
      region: props.region,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    const region = props.region ?? "*";
    const trailArn = `arn:${partition}:cloudtrail:${region}:${props.accountId}:trail/${props.trailName}`;
    const writes = [`${this.bucket.arn}/AWSLogs/${props.accountId}/*`];
    if (props.organization === true) writes.push(`${this.bucket.arn}/AWSLogs/o-*/*`);
    this.bucketPolicyDocument = policyDocument(
      {
        Sid: "AllowCloudTrailAclCheck",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "s3:GetBucketAcl",
        Resource: this.bucket.arn,
        Condition: { ArnLike: { "aws:SourceArn": trailArn } },
      },
      {
        Sid: "AllowCloudTrailWrite",
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: writes,
        Condition: {
          StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" },
          ArnLike: { "aws:SourceArn": trailArn },
        },
      },
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    );
    const policy = new S3BucketPolicy(this, "policy", {
      bucket: this.bucket.id,
      region: props.region,
      policy: toJson(this.bucketPolicyDocument),
      dependsOn: [versioning, publicAccessBlock],
    });
    this.trail = new Cloudtrail(this, "trail", {
      name: props.trailName,
      s3BucketName: this.bucket.id,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      isOrganizationTrail: props.organization === true,
      enableLogFileValidation: true,
      region: props.region,
      tags: props.tags,
      dependsOn: [policy],
    });
  }
}
