import { Construct } from "constructs";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { AccountContext } from "./account-context";
import { BackupGuardrailPolicy } from "./backup-guardrail-policy";
import { DelegatedAdminBoundary } from "./delegated-admin-boundary";
import { inlinePermissions } from "./role-permissions";
import { PolicyDocument, policyDocument, PolicyStatement, toJson } from "./policy-document";
import { ARN, checkInteger, checkPattern, fail, IAM_NAME, IAM_PATH } from "./validation";

/** The issuer of GitHub Actions' OIDC tokens. */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

export interface GithubRepositoryAccess {
  /** `owner/name` of the repository (no wildcards). */
  readonly repository: string;
  /**
   * Branches whose workflow runs may deploy.
   * @default ["main"]
   */
  readonly branches?: string[];
  /**
   * GitHub deployment environments whose jobs may deploy (`repo:owner/name:environment:env`).
   * @default none
   */
  readonly environments?: string[];
}

export interface GithubActionsDeployerRoleProps {
  /** The repositories (and branches or environments) whose workflows may assume the role. */
  readonly repositories: GithubRepositoryAccess[];
  /**
   * Name of the role. Keep the default to match the org guardrails' pipeline exemption.
   * @default "deployer"
   */
  readonly roleName?: string;
  /**
   * IAM path of the role. Keep the default to match the org guardrails' pipeline exemption.
   * @default "/bulkhead/"
   */
  readonly path?: string;
  /**
   * ARN of an existing GitHub OIDC provider of the account (there is one per URL and account).
   * @default a new `aws_iam_openid_connect_provider` for token.actions.githubusercontent.com
   */
  readonly providerArn?: string;
  /**
   * IAM resources (ARN patterns) the deployer may manage: the baseline's own roles, policies,
   * users, groups, workload roles and the OIDC provider. Everything else in IAM it may only read.
   * @default the account's `/bulkhead/`, `/workload/` and `/humans/` paths and the GitHub OIDC provider
   */
  readonly managedIamArns?: string[];
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
   * The guardrail attached to the role (no opt-out: the pipeline never destroys backups).
   * @default the stack's shared guardrail (`BackupGuardrailPolicy.of(scope)`)
   */
  readonly backupGuardrail?: BackupGuardrailPolicy;
  /**
   * Account id and partition.
   * @default the stack's `AccountContext.of(scope)`
   */
  readonly accountContext?: AccountContext;
  /**
   * Tags for the role and the provider.
   * @default none
   */
  readonly tags?: Record<string, string>;
}

const REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
const REF_NAME = /^[A-Za-z0-9._/-]{1,255}$/;

/**
 * The keyless pipeline: a GitHub Actions OIDC provider and the `deployer` role its workflows assume
 * with `sts:AssumeRoleWithWebIdentity`. The trust requires the `aud` (sts.amazonaws.com) and a
 * `sub` of the configured repositories and branches or environments only, never a wildcard
 * repository. The role deploys the baseline: everything outside IAM, Organizations and Account,
 * IAM only on the baseline's own paths, no credential minting (access keys, login profiles), no
 * assuming the baseline's roles; under the delegated-admin boundary (so it cannot touch the
 * break-glass role, its group or members, nor edit the guardrail or the boundary) and with the
 * backup guardrail (so it destroys no backup). Resource policies and the SCP exempt it from their
 * configure-class denies only.
 */
export class GithubActionsDeployerRole extends Construct {
  static readonly DEFAULT_ROLE_NAME = "deployer";
  static readonly DEFAULT_PATH = "/bulkhead/";

  /** The role's ARN in any account, for SCP and resource-policy exemptions. */
  static arnPattern(
    partition = "aws",
    roleName = GithubActionsDeployerRole.DEFAULT_ROLE_NAME,
    path = GithubActionsDeployerRole.DEFAULT_PATH,
  ): string {
    return `arn:${partition}:iam::*:role${path}${roleName}`;
  }

  readonly provider?: IamOpenidConnectProvider;
  readonly providerArn: string;
  readonly role: IamRole;
  readonly roleArn: string;
  readonly roleName: string;
  /** The ARN built from account, path and name (known at synth, for resource-policy exemptions). */
  readonly expectedArn: string;
  readonly trustPolicy: PolicyDocument;
  readonly permissionsPolicy: PolicyDocument;
  /** The `sub` patterns the trust accepts. */
  readonly subjects: readonly string[];

  constructor(scope: Construct, id: string, props: GithubActionsDeployerRoleProps) {
    super(scope, id);
    const roleName = props.roleName ?? GithubActionsDeployerRole.DEFAULT_ROLE_NAME;
    const path = props.path ?? GithubActionsDeployerRole.DEFAULT_PATH;
    const maxSessionDuration = props.maxSessionDuration ?? 3600;
    checkPattern(this, "roleName", roleName, IAM_NAME, "a valid IAM role name");
    checkPattern(this, "path", path, IAM_PATH, "an IAM path (starts and ends with /)");
    checkInteger(this, "maxSessionDuration", maxSessionDuration, { min: 3600, max: 43200 });
    checkPattern(this, "providerArn", props.providerArn, ARN, "an OIDC provider ARN");
    if (props.repositories.length === 0) fail(this, "repositories", "must name at least one repository");
    const subjects: string[] = [];
    for (const access of props.repositories) {
      checkPattern(this, "repositories[].repository", access.repository, REPOSITORY, "owner/name without wildcards");
      const branches = access.branches ?? ["main"];
      const environments = access.environments ?? [];
      if (branches.length + environments.length === 0) {
        fail(this, "repositories[]", `${access.repository} names neither a branch nor an environment`);
      }
      for (const ref of [...branches, ...environments]) {
        checkPattern(this, "repositories[].branches", ref, REF_NAME, "a branch or environment name without wildcards");
      }
      subjects.push(...branches.map((branch) => `repo:${access.repository}:ref:refs/heads/${branch}`));
      subjects.push(...environments.map((env) => `repo:${access.repository}:environment:${env}`));
    }
    this.subjects = Object.freeze([...new Set(subjects)]);
    const account = props.accountContext ?? AccountContext.of(this);
    const boundary = DelegatedAdminBoundary.forRole(this, props);
    const guardrail = props.backupGuardrail ?? BackupGuardrailPolicy.of(this);

    if (props.providerArn === undefined) {
      this.provider = new IamOpenidConnectProvider(this, "provider", {
        url: `https://${GITHUB_OIDC_HOST}`,
        clientIdList: ["sts.amazonaws.com"],
        tags: props.tags,
      });
      this.providerArn = this.provider.arn;
    } else {
      this.providerArn = props.providerArn;
    }

    this.trustPolicy = policyDocument({
      Sid: "AllowGithubActionsOfConfiguredRepositories",
      Effect: "Allow",
      Principal: { Federated: this.providerArn },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: {
        StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: "sts.amazonaws.com" },
        StringLike: { [`${GITHUB_OIDC_HOST}:sub`]: [...this.subjects] },
      },
    });
    this.expectedArn = account.iamArn(`role${path}${roleName}`);
    this.role = new IamRole(this, "role", {
      name: roleName,
      path,
      description: "bulkhead: the pipeline (GitHub Actions OIDC); deploys the baseline, destroys no backup",
      assumeRolePolicy: toJson(this.trustPolicy),
      maxSessionDuration,
      permissionsBoundary: boundary?.policyArn,
      tags: props.tags,
    });
    this.roleArn = this.role.arn;
    this.roleName = this.role.name;

    const managedIamArns = props.managedIamArns ?? [
      ...["role", "policy", "instance-profile"].flatMap((kind) =>
        ["/bulkhead/", "/workload/"].map((p) => account.iamArn(`${kind}${p}*`)),
      ),
      account.iamArn("user/humans/*"),
      account.iamArn("group/humans/*"),
      account.iamArn(`oidc-provider/${GITHUB_OIDC_HOST}`),
    ];
    for (const arn of managedIamArns) checkPattern(this, "managedIamArns", arn, ARN, "an IAM ARN pattern");
    if (managedIamArns.some((arn) => /:(role|user|group|policy)\/\*$/.test(arn))) {
      fail(this, "managedIamArns", "a whole resource type would make the pipeline an IAM administrator");
    }
    const statements: PolicyStatement[] = [
      {
        Sid: "AllowInfrastructureOutsideIam",
        Effect: "Allow",
        NotAction: ["iam:*", "organizations:*", "account:*"],
        Resource: "*",
      },
      { Sid: "AllowBaselineIam", Effect: "Allow", Action: "iam:*", Resource: [...managedIamArns] },
      {
        Sid: "AllowAccountIamSettings",
        Effect: "Allow",
        Action: ["iam:Get*", "iam:List*", "iam:UpdateAccountPasswordPolicy", "iam:CreateServiceLinkedRole"],
        Resource: "*",
      },
      {
        Sid: "DenyMintingCredentials",
        Effect: "Deny",
        Action: [
          "iam:CreateAccessKey",
          "iam:CreateLoginProfile",
          "iam:UpdateLoginProfile",
          "iam:CreateServiceSpecificCredential",
        ],
        Resource: "*",
      },
      {
        Sid: "DenyAssumingBaselineRoles",
        Effect: "Deny",
        Action: "sts:AssumeRole",
        Resource: account.iamArn(`role${path}*`),
      },
    ];
    this.permissionsPolicy = inlinePermissions(this, this.role, statements) as PolicyDocument;
    guardrail.attachToRole(this.role);
  }
}
