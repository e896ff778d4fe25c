import { Construct } from "constructs";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { BackupGuardrailPolicy } from "./backup-guardrail-policy";
import { DelegatedAdminBoundary } from "./delegated-admin-boundary";
import { inlinePermissions } from "./role-permissions";
import { PolicyDocument, PolicyStatement, serviceTrustPolicy, toJson } from "./policy-document";
import { ARN, checkInteger, checkPattern, fail, IAM_NAME, IAM_PATH } from "./validation";

export interface WorkloadRoleProps {
  /** Name of the role (and of its instance profile). */
  readonly roleName: string;
  /**
   * AWS services that assume the role.
   * @default ["ec2.amazonaws.com"]
   */
  readonly servicePrincipals?: string[];
  /**
   * Statements of the role's inline permissions policy.
   * @default none
   */
  readonly statements?: PolicyStatement[];
  /**
   * Managed policy ARNs to attach.
   * @default none
   */
  readonly managedPolicyArns?: string[];
  /**
   * Create an instance profile for the role.
   * @default true when ec2.amazonaws.com is a service principal
   */
  readonly instanceProfile?: boolean;
  /**
   * IAM path of the role; InfrastructureAdminRole may pass only roles under it.
   * @default "/workload/"
   */
  readonly path?: string;
  /**
   * Maximum session length in seconds (AWS accepts 3600–43200).
   * @default 3600
   */
  readonly maxSessionDuration?: number;
  /**
   * Permission boundary of the role.
   * @default the stack's shared boundary (`DelegatedAdminBoundary.of(scope)`)
   */
  readonly permissionsBoundary?: DelegatedAdminBoundary;
  /**
   * Create the role without a permission boundary.
   * @default false
   */
  readonly withoutPermissionsBoundary?: boolean;
  /**
   * The guardrail attached to the role.
   * @default the stack's shared guardrail (`BackupGuardrailPolicy.of(scope)`)
   */
  readonly backupGuardrail?: BackupGuardrailPolicy;
  /**
   * Leave the backup guardrail off this role, for a workload that must delete object versions or
   * snapshots itself. Its permission boundary (when kept) still denies backup destruction.
   * @default false
   */
  readonly allowBackupDeletion?: boolean;
  /**
   * Tags for the role and the instance profile.
   * @default none
   */
  readonly tags?: Record<string, string>;
}

/**
 * A role for a workload (EC2 instance, Lambda function, ECS task …), with an instance profile for
 * EC2. Workloads get temporary credentials from their role: the construct offers no way to create
 * an access key.
 */
export class WorkloadRole extends Construct {
  readonly role: IamRole;
  readonly roleArn: string;
  readonly roleName: string;
  readonly trustPolicy: PolicyDocument;
  readonly permissionsPolicy?: PolicyDocument;
  readonly instanceProfile?: IamInstanceProfile;

  constructor(scope: Construct, id: string, props: WorkloadRoleProps) {
    super(scope, id);
    const servicePrincipals = props.servicePrincipals ?? ["ec2.amazonaws.com"];
    const path = props.path ?? "/workload/";
    const maxSessionDuration = props.maxSessionDuration ?? 3600;
    checkPattern(this, "roleName", props.roleName, IAM_NAME, "a valid IAM role name");
    checkPattern(this, "path", path, IAM_PATH, "an IAM path (starts and ends with /)");
    checkInteger(this, "maxSessionDuration", maxSessionDuration, { min: 3600, max: 43200 });
    if (servicePrincipals.length === 0) fail(this, "servicePrincipals", "must name at least one service");
    for (const service of servicePrincipals) {
      checkPattern(
        this,
        "servicePrincipals",
        service,
        /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/,
        "an AWS service principal",
      );
    }
    for (const arn of props.managedPolicyArns ?? []) {
      checkPattern(this, "managedPolicyArns", arn, ARN, "a policy ARN");
    }
    if (props.allowBackupDeletion === true && props.backupGuardrail !== undefined) {
      fail(this, "allowBackupDeletion", "contradicts the backupGuardrail that is also given");
    }
    const boundary = DelegatedAdminBoundary.forRole(this, props);

    this.trustPolicy = serviceTrustPolicy(servicePrincipals);
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      path,
      description: "bulkhead: workload role (temporary credentials only)",
      assumeRolePolicy: toJson(this.trustPolicy),
      maxSessionDuration,
      permissionsBoundary: boundary?.policyArn,
      tags: props.tags,
    });
    this.roleArn = this.role.arn;
    this.roleName = this.role.name;

    this.permissionsPolicy = inlinePermissions(this, this.role, props.statements);
    (props.managedPolicyArns ?? []).forEach((policyArn, index) => {
      new IamRolePolicyAttachment(this, `managed-${index}`, { role: this.role.name, policyArn });
    });
    if (props.allowBackupDeletion !== true) {
      (props.backupGuardrail ?? BackupGuardrailPolicy.of(this)).attachToRole(this.role);
    }
    if (props.instanceProfile ?? servicePrincipals.includes("ec2.amazonaws.com")) {
      this.instanceProfile = new IamInstanceProfile(this, "instance-profile", {
        name: props.roleName,
        path,
        role: this.role.name,
        tags: props.tags,
      });
    }
  }
}
