import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { AccountContext } from "./account-context";
import { BackupGuardrailPolicy } from "./backup-guardrail-policy";
import { DelegatedAdminBoundary } from "./delegated-admin-boundary";
import { inlinePermissions } from "./role-permissions";
import { humanTrustPolicy, PolicyDocument, PolicyStatement, toJson } from "./policy-document";
import { ARN, checkInteger, checkPattern, fail, IAM_NAME, IAM_PATH } from "./validation";

/** Props every MFA-gated human role shares. */
export interface HumanRoleOptions {
  /**
   * IAM path of the role.
   * @default "/bulkhead/"
   */
  readonly path?: string;
  /**
   * Maximum session length in seconds (AWS accepts 3600–43200).
   * @default 3600
   */
  readonly maxSessionDuration?: number;
  /**
   * The MFA sign-in must be younger than this many seconds when the role is assumed.
   * @default 3600
   */
  readonly maxMfaAgeSeconds?: number;
  /**
   * AWS principals the trust policy names. Trusting the account root lets IAM policies decide
   * (HumanGroups grants `sts:AssumeRole` to chosen groups); every one must still present MFA.
   * @default the account root
   */
  readonly trustedPrincipalArns?: string[];
  /**
   * Only callers whose `aws:PrincipalArn` matches one of these may assume the role (ArnLike in the
   * trust policy): the users of the groups granted the role, so that no other role or user of the
   * account can chain into it, whatever its own policies allow.
   * @default any principal of the trusted accounts that holds `sts:AssumeRole` on the role
   */
  readonly allowedCallerArns?: string[];
  /**
   * Permission boundary of the role.
   * @default the stack's shared boundary (`DelegatedAdminBoundary.of(scope)`)
   */
  readonly permissionsBoundary?: DelegatedAdminBoundary;
  /**
   * Create the role without a permission boundary. An IAM administrator without one can detach
   * its own guardrail.
   * @default false
   */
  readonly withoutPermissionsBoundary?: boolean;
  /**
   * The guardrail attached to the role (there is no opt-out: only the break-glass backup deleter
   * may destroy backups).
   * @default the stack's shared guardrail (`BackupGuardrailPolicy.of(scope)`)
   */
  readonly backupGuardrail?: BackupGuardrailPolicy;
  /**
   * Account id and partition.
   * @default the stack's `AccountContext.of(scope)`
   */
  readonly accountContext?: AccountContext;
  /**
   * Tags for the role.
   * @default none
   */
  readonly tags?: Record<string, string>;
}

export interface HumanRoleProps extends HumanRoleOptions {
  /** Name of the role. */
  readonly roleName: string;
  /**
   * Description of the role.
   * @default none
   */
  readonly description?: string;
  /**
   * Names of AWS managed policies to attach, e.g. "ReadOnlyAccess" or "job-function/ViewOnlyAccess".
   * @default none
   */
  readonly awsManagedPolicies?: string[];
  /**
   * Statements of the role's inline permissions policy.
   * @default none
   */
  readonly statements?: PolicyStatement[];
}

/**
 * A role for humans: assumable only with a recent MFA sign-in, short sessions, the backup guardrail
 * attached and (by default) the delegated-admin permission boundary. The duty-split roles
 * (IamAdminRole, InfrastructureAdminRole, AuditorRole, SupportRole) are HumanRoles with fixed
 * permissions.
 */
export class HumanRole extends Construct {
  readonly role: IamRole;
  readonly roleArn: string;
  readonly roleName: string;
  readonly trustPolicy: PolicyDocument;
  /** The inline permissions policy, when the role has statements. */
  readonly permissionsPolicy?: PolicyDocument;
  readonly managedPolicyArns: readonly string[];

  constructor(scope: Construct, id: string, props: HumanRoleProps) {
    super(scope, id);
    const path = props.path ?? "/bulkhead/";
    const maxSessionDuration = props.maxSessionDuration ?? 3600;
    const maxMfaAgeSeconds = props.maxMfaAgeSeconds ?? 3600;
    checkPattern(this, "roleName", props.roleName, IAM_NAME, "a valid IAM role name");
    checkPattern(this, "path", path, IAM_PATH, "an IAM path (starts and ends with /)");
    checkInteger(this, "maxSessionDuration", maxSessionDuration, { min: 3600, max: 43200 });
    checkInteger(this, "maxMfaAgeSeconds", maxMfaAgeSeconds, { min: 1, max: 129600 });
    for (const arn of props.trustedPrincipalArns ?? []) {
      checkPattern(this, "trustedPrincipalArns", arn, ARN, "an AWS principal ARN");
    }
    for (const arn of props.allowedCallerArns ?? []) {
      checkPattern(this, "allowedCallerArns", arn, ARN, "an IAM principal ARN");
    }
    if (props.allowedCallerArns !== undefined && props.allowedCallerArns.length === 0) {
      fail(this, "allowedCallerArns", "must not be empty (leave it out to rely on the callers' policies)");
    }
    if (props.trustedPrincipalArns !== undefined && props.trustedPrincipalArns.length === 0) {
      fail(this, "trustedPrincipalArns", "must not be empty (leave it out to trust the account root)");
    }

    const account = props.accountContext ?? AccountContext.of(this);
    const boundary = DelegatedAdminBoundary.forRole(this, props);
    const guardrail = props.backupGuardrail ?? BackupGuardrailPolicy.of(this);

    this.trustPolicy = humanTrustPolicy({
      principalArns: props.trustedPrincipalArns ?? [account.rootArn],
      maxMfaAgeSeconds,
      callerArns: props.allowedCallerArns,
    });
    this.role = new IamRole(this, "role", {
      name: props.roleName,
      path,
      description: props.description,
      assumeRolePolicy: toJson(this.trustPolicy),
      maxSessionDuration,
      permissionsBoundary: boundary?.policyArn,
      tags: props.tags,
    });
    this.roleArn = this.role.arn;
    this.roleName = this.role.name;

    this.permissionsPolicy = inlinePermissions(this, this.role, props.statements);
    this.managedPolicyArns = (props.awsManagedPolicies ?? []).map((name) => {
      checkPattern(this, "awsManagedPolicies", name, /^[\w+=,.@/-]+$/, "an AWS managed policy name");
      const policyArn = `arn:${account.partition}:iam::aws:policy/${name}`;
      new IamRolePolicyAttachment(this, `managed-${name.replace(/[^\w-]/g, "-")}`, { role: this.role.name, policyArn });
      return policyArn;
    });
    guardrail.attachToRole(this.role);
  }
}
