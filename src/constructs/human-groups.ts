import { Construct } from "constructs";
import { IamGroup } from "@cdktf/provider-aws/lib/iam-group";
import { IamGroupPolicy } from "@cdktf/provider-aws/lib/iam-group-policy";
import { IamGroupPolicyAttachment } from "@cdktf/provider-aws/lib/iam-group-policy-attachment";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamUser } from "@cdktf/provider-aws/lib/iam-user";
import { IamUserGroupMembership } from "@cdktf/provider-aws/lib/iam-user-group-membership";
import { AccountContext } from "./account-context";
import { MFA_BOOTSTRAP_ACTIONS } from "./actions";
import { BackupGuardrailPolicy } from "./backup-guardrail-policy";
import { AWS_USERNAME, PolicyDocument, policyDocument, PolicyStatement, toJson } from "./policy-document";
import { ARN, checkPattern, fail, IAM_GROUP_NAME, IAM_NAME, IAM_PATH, IAM_POLICY_NAME } from "./validation";

export interface HumanGroupSpec {
  /** Name of the IAM group. */
  readonly name: string;
  /**
   * User names of the members; a user listed in several groups is created once.
   * @default no members
   */
  readonly members?: string[];
  /**
   * Roles the members may assume (`sts:AssumeRole` in an inline group policy); the roles' trust
   * policies still demand MFA.
   * @default none
   */
  readonly assumableRoleArns?: string[];
  /**
   * IAM path of the group.
   * @default the `path` of HumanGroups
   */
  readonly path?: string;
}

export interface HumanGroupsProps {
  /** The groups; every human user is created through one of them. */
  readonly groups: HumanGroupSpec[];
  /**
   * IAM path of the users and groups: the duty roles' trusts and the IAM administrator's Deny
   * name the humans by it.
   * @default "/humans/"
   */
  readonly path?: string;
  /**
   * Name of the permission boundary every user gets: assuming roles and managing their own
   * credentials, nothing else, whatever policy an administrator attaches to the user later.
   * @default "bulkhead-human-boundary"
   */
  readonly userBoundaryName?: string;
  /**
   * Name of the force-MFA customer managed policy attached to every group.
   * @default "bulkhead-force-mfa"
   */
  readonly forceMfaPolicyName?: string;
  /**
   * Let users create and rotate access keys for themselves. The keys are useless without MFA:
   * every call but `sts:GetSessionToken` is denied until the user signs in with MFA.
   * @default true
   */
  readonly allowSelfServiceAccessKeys?: boolean;
  /**
   * The guardrail attached to every group (no opt-out: break-glass members reach backups only
   * through the break-glass role).
   * @default the stack's shared guardrail (`BackupGuardrailPolicy.of(scope)`)
   */
  readonly backupGuardrail?: BackupGuardrailPolicy;
  /**
   * Account id and partition.
   * @default the stack's `AccountContext.of(scope)`
   */
  readonly accountContext?: AccountContext;
  /**
   * Tags for the users and the force-MFA policy.
   * @default none
   */
  readonly tags?: Record<string, string>;
}

/**
 * IAM groups for humans and the users in them, under the `/humans/` path. Every group gets AWS's
 * force-MFA policy (manage your own password, MFA device and access keys; everything else is denied
 * until you sign in with MFA: `DenyAllExceptListedIfNoMFA`) and the backup guardrail. Users get
 * permissions only through groups (no inline or attached user policies, no access keys, no login
 * profiles: an administrator sets the first password out of band) and carry a permission boundary
 * that allows nothing but assuming roles and managing their own credentials.
 */
export class HumanGroups extends Construct {
  readonly forceMfaPolicy: IamPolicy;
  readonly forceMfaDocument: PolicyDocument;
  readonly userBoundary: IamPolicy;
  readonly userBoundaryDocument: PolicyDocument;
  /** The ARN the user boundary will have (for the delegated-admin boundary's permitted list). */
  readonly userBoundaryArn: string;
  /** IAM path of the users and groups. */
  readonly path: string;
  private readonly groups = new Map<string, IamGroup>();
  private readonly users = new Map<string, IamUser>();
  private readonly membersByGroup = new Map<string, string[]>();

  constructor(scope: Construct, id: string, props: HumanGroupsProps) {
    super(scope, id);
    const forceMfaPolicyName = props.forceMfaPolicyName ?? "bulkhead-force-mfa";
    const userBoundaryName = props.userBoundaryName ?? "bulkhead-human-boundary";
    this.path = props.path ?? "/humans/";
    checkPattern(this, "forceMfaPolicyName", forceMfaPolicyName, IAM_POLICY_NAME, "a valid IAM policy name");
    checkPattern(this, "userBoundaryName", userBoundaryName, IAM_POLICY_NAME, "a valid IAM policy name");
    checkPattern(this, "path", this.path, IAM_PATH, "an IAM path (starts and ends with /)");
    if (props.groups.length === 0) fail(this, "groups", "must list at least one group");
    const account = props.accountContext ?? AccountContext.of(this);
    const guardrail = props.backupGuardrail ?? BackupGuardrailPolicy.of(this);

    this.forceMfaDocument = forceMfaPolicy(account.partition, props.allowSelfServiceAccessKeys ?? true);
    this.forceMfaPolicy = new IamPolicy(this, "force-mfa", {
      name: forceMfaPolicyName,
      path: "/bulkhead/",
      description: "bulkhead: self-service credentials; everything else denied without MFA",
      policy: toJson(this.forceMfaDocument),
      tags: props.tags,
    });

    this.userBoundaryArn = account.iamArn(`policy/bulkhead/${userBoundaryName}`);
    this.userBoundaryDocument = policyDocument({
      Sid: "AllowRolesAndOwnCredentialsOnly",
      Effect: "Allow",
      Action: [...HUMAN_USER_ACTIONS],
      Resource: "*",
    });
    this.userBoundary = new IamPolicy(this, "user-boundary", {
      name: userBoundaryName,
      path: "/bulkhead/",
      description: "bulkhead: permission boundary of human users (assume roles, own credentials)",
      policy: toJson(this.userBoundaryDocument),
      tags: props.tags,
    });

    const groupsByUser = new Map<string, string[]>();
    for (const spec of props.groups) {
      checkPattern(this, "groups[].name", spec.name, IAM_GROUP_NAME, "a valid IAM group name");
      checkPattern(this, "groups[].path", spec.path, IAM_PATH, "an IAM path (starts and ends with /)");
      if (this.groups.has(spec.name)) fail(this, "groups[].name", `group ${spec.name} is listed twice`);
      const group = new IamGroup(this, `group-${spec.name}`, { name: spec.name, path: spec.path ?? this.path });
      this.groups.set(spec.name, group);
      new IamGroupPolicyAttachment(this, `group-${spec.name}-force-mfa`, {
        group: group.name,
        policyArn: this.forceMfaPolicy.arn,
      });
      guardrail.attachToGroup(group);

      const roleArns = spec.assumableRoleArns ?? [];
      for (const arn of roleArns) checkPattern(this, "groups[].assumableRoleArns", arn, ARN, "a role ARN");
      if (roleArns.length > 0) {
        new IamGroupPolicy(this, `group-${spec.name}-assume-roles`, {
          name: "assume-roles",
          group: group.name,
          policy: toJson(
            policyDocument({
              Sid: "AllowAssumeDutyRoles",
              Effect: "Allow",
              Action: "sts:AssumeRole",
              Resource: [...roleArns],
            }),
          ),
        });
      }

      const members = spec.members ?? [];
      if (new Set(members).size !== members.length)
        fail(this, "groups[].members", `group ${spec.name} lists a member twice`);
      this.membersByGroup.set(spec.name, [...members]);
      for (const member of members) {
        checkPattern(this, "groups[].members", member, IAM_NAME, "a valid IAM user name");
        groupsByUser.set(member, [...(groupsByUser.get(member) ?? []), spec.name]);
      }
    }

    for (const [userName, groupNames] of groupsByUser) {
      const user = new IamUser(this, `user-${userName}`, {
        name: userName,
        path: this.path,
        permissionsBoundary: this.userBoundary.arn,
        forceDestroy: false,
        tags: props.tags,
      });
      this.users.set(userName, user);
      new IamUserGroupMembership(this, `user-${userName}-groups`, {
        user: user.name,
        groups: groupNames.map((name) => this.group(name).name),
      });
    }
  }

  /** The group of that name. */
  group(name: string): IamGroup {
    const group = this.groups.get(name);
    if (group === undefined) fail(this, "group", `no group named ${name}`);
    return group;
  }

  /** The user of that name. */
  user(name: string): IamUser {
    const user = this.users.get(name);
    if (user === undefined) fail(this, "user", `no user named ${name}`);
    return user;
  }

  /** Names of a group's members. */
  memberNames(groupName: string): string[] {
    this.group(groupName);
    return [...(this.membersByGroup.get(groupName) ?? [])];
  }

  /** ARNs of a group's members as built from account, path and name (known at synth). */
  memberArnsByName(groupName: string, account: AccountContext): string[] {
    return this.memberNames(groupName).map((name) => account.iamArn(`user${this.path}${name}`));
  }

  /** ARNs of a group's members (known at apply). */
  memberArns(groupName: string): string[] {
    return this.memberNames(groupName).map((name) => this.user(name).arn);
  }
}

/** What a human user may do at all (their permission boundary); the roles do the work. */
const HUMAN_USER_ACTIONS = [
  "sts:AssumeRole",
  "sts:GetSessionToken",
  "sts:GetCallerIdentity",
  "iam:GetAccountPasswordPolicy",
  "iam:ListVirtualMFADevices",
  "iam:ChangePassword",
  "iam:GetUser",
  "iam:GetLoginProfile",
  "iam:CreateAccessKey",
  "iam:DeleteAccessKey",
  "iam:ListAccessKeys",
  "iam:UpdateAccessKey",
  "iam:GetAccessKeyLastUsed",
  "iam:CreateVirtualMFADevice",
  "iam:DeactivateMFADevice",
  "iam:EnableMFADevice",
  "iam:GetMFADevice",
  "iam:ListMFADevices",
  "iam:ResyncMFADevice",
];

/**
 * AWS's "allow MFA-authenticated IAM users to manage their own credentials" policy, with the
 * partition filled in and the `${aws:username}` variable escaped for Terraform.
 */
function forceMfaPolicy(partition: string, allowAccessKeys: boolean): PolicyDocument {
  const ownUser = `arn:${partition}:iam::*:user/${AWS_USERNAME}`;
  const statements: PolicyStatement[] = [
    {
      Sid: "AllowViewAccountInfo",
      Effect: "Allow",
      Action: ["iam:GetAccountPasswordPolicy", "iam:ListVirtualMFADevices"],
      Resource: "*",
    },
    {
      Sid: "AllowManageOwnPasswords",
      Effect: "Allow",
      Action: ["iam:ChangePassword", "iam:GetUser", "iam:GetLoginProfile"],
      Resource: ownUser,
    },
  ];
  if (allowAccessKeys) {
    statements.push({
      Sid: "AllowManageOwnAccessKeys",
      Effect: "Allow",
      Action: [
        "iam:CreateAccessKey",
        "iam:DeleteAccessKey",
        "iam:ListAccessKeys",
        "iam:UpdateAccessKey",
        "iam:GetAccessKeyLastUsed",
      ],
      Resource: ownUser,
    });
  }
  statements.push(
    {
      Sid: "AllowManageOwnVirtualMFADevice",
      Effect: "Allow",
      Action: ["iam:CreateVirtualMFADevice"],
      Resource: `arn:${partition}:iam::*:mfa/*`,
    },
    {
      Sid: "AllowManageOwnUserMFA",
      Effect: "Allow",
      Action: [
        "iam:DeactivateMFADevice",
        "iam:EnableMFADevice",
        "iam:GetMFADevice",
        "iam:ListMFADevices",
        "iam:ResyncMFADevice",
      ],
      Resource: ownUser,
    },
    {
      Sid: "DenyAllExceptListedIfNoMFA",
      Effect: "Deny",
      NotAction: [...MFA_BOOTSTRAP_ACTIONS],
      Resource: "*",
      Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
    },
  );
  return policyDocument(...statements);
}
