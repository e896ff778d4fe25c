import { Construct, IConstruct } from "constructs";
import { Lazy, TerraformStack } from "cdktf";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { AccountContext } from "./account-context";
import { BackupGuardrailPolicy } from "./backup-guardrail-policy";
import { PolicyDocument, PolicyStatement, policyDocument, toJson } from "./policy-document";
import { checkPattern, fail, IAM_PATH, IAM_POLICY_NAME } from "./validation";

export interface DelegatedAdminBoundaryProps {
  /**
   * Name of the customer managed policy used as permission boundary.
   * @default "bulkhead-delegated-admin-boundary"
   */
  readonly policyName?: string;
  /**
   * IAM path of the policy.
   * @default "/bulkhead/"
   */
  readonly path?: string;
  /**
   * The guardrail whose policy document and attachments the boundary protects.
   * @default the stack's shared guardrail (`BackupGuardrailPolicy.of(scope)`)
   */
  readonly backupGuardrail?: BackupGuardrailPolicy;
  /**
   * Principals (role, group, user ARNs) that principals under the boundary may only read: no
   * assuming, passing, editing, deleting, adding members or resetting credentials. Add more later
   * with `protect()`.
   * @default none
   */
  readonly protectedArns?: string[];
  /**
   * Other boundaries (ARNs) a bounded administrator may give the principals it creates, besides
   * this one: the human users' boundary, which allows less. Add more later with `permitBoundary()`.
   * @default none
   */
  readonly permittedBoundaryArns?: string[];
  /**
   * Account id and partition for the boundary's own ARN.
   * @default the stack's `AccountContext.of(scope)`
   */
  readonly accountContext?: AccountContext;
  /**
   * Tags for the policy.
   * @default none
   */
  readonly tags?: Record<string, string>;
}

/** What a principal under the boundary may still do to a protected principal. */
const PROTECTED_PRINCIPAL_READS = [
  "iam:Get*",
  "iam:List*",
  "iam:GenerateServiceLastAccessedDetails",
  "iam:SimulatePrincipalPolicy",
];

/**
 * A permission boundary for delegated administrators and the roles they create. It allows
 * everything but changing the account or the organization, and denies:
 * - every backup-destructive action;
 * - editing or deleting the boundary and guardrail policies, removing a boundary, detaching the
 *   guardrail;
 * - creating a user or role, or setting a boundary, unless it is this same boundary
 *   (`iam:PermissionsBoundary`), so a delegated admin cannot mint an unbounded principal;
 * - touching the protected principals (the break-glass role, its group and members).
 * The stack shares one boundary (`DelegatedAdminBoundary.of(scope)`).
 */
export class DelegatedAdminBoundary extends Construct {
  static readonly ID = "BulkheadDelegatedAdminBoundary";

  /**
   * The boundary a role gets from its props: the given one, none with the explicit opt-out
   * `withoutPermissionsBoundary`, else the stack's shared one. Both at once is an error.
   */
  static forRole(
    scope: IConstruct,
    props: { permissionsBoundary?: DelegatedAdminBoundary; withoutPermissionsBoundary?: boolean },
  ): DelegatedAdminBoundary | undefined {
    if (props.withoutPermissionsBoundary === true && props.permissionsBoundary !== undefined) {
      fail(scope, "withoutPermissionsBoundary", "contradicts the permissionsBoundary that is also given");
    }
    if (props.withoutPermissionsBoundary === true) return undefined;
    return props.permissionsBoundary ?? DelegatedAdminBoundary.of(scope);
  }

  /** The stack's shared boundary, created with defaults on first use. */
  static of(scope: IConstruct): DelegatedAdminBoundary {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(DelegatedAdminBoundary.ID);
    if (existing === undefined) return new DelegatedAdminBoundary(stack, DelegatedAdminBoundary.ID);
    if (!(existing instanceof DelegatedAdminBoundary)) {
      fail(existing, "id", `the id ${DelegatedAdminBoundary.ID} is reserved for the stack's DelegatedAdminBoundary`);
    }
    return existing;
  }

  readonly policy: IamPolicy;
  /** ARN of the policy resource (known at apply): use it as `permissions_boundary`. */
  readonly policyArn: string;
  /**
   * The same ARN built from account, path and name: the boundary refers to itself with it, since
   * a policy cannot reference its own resource.
   */
  readonly expectedArn: string;
  private readonly protectedArns: string[];
  private readonly permittedBoundaryArns: string[];
  private readonly guardrail: BackupGuardrailPolicy;

  constructor(scope: Construct, id: string, props: DelegatedAdminBoundaryProps = {}) {
    super(scope, id);
    const policyName = props.policyName ?? "bulkhead-delegated-admin-boundary";
    const path = props.path ?? "/bulkhead/";
    checkPattern(this, "policyName", policyName, IAM_POLICY_NAME, "a valid IAM policy name");
    checkPattern(this, "path", path, IAM_PATH, "an IAM path (starts and ends with /)");
    this.guardrail = props.backupGuardrail ?? BackupGuardrailPolicy.of(this);
    this.protectedArns = [...(props.protectedArns ?? [])];
    this.permittedBoundaryArns = [...(props.permittedBoundaryArns ?? [])];
    const account = props.accountContext ?? AccountContext.of(this);
    this.expectedArn = account.iamArn(`policy${path}${policyName}`);

    this.policy = new IamPolicy(this, "policy", {
      name: policyName,
      path,
      description: "bulkhead: permission boundary for delegated administrators and the principals they create",
      policy: Lazy.stringValue({ produce: () => toJson(this.document) }),
      tags: props.tags,
    });
    this.policyArn = this.policy.arn;
  }

  /** Lets bounded administrators give principals this other (narrower) boundary too. */
  permitBoundary(...arns: string[]): void {
    this.permittedBoundaryArns.push(...arns);
  }

  /** Adds principals that bounded principals may only read. */
  protect(...arns: string[]): void {
    this.protectedArns.push(...arns);
  }

  /** The boundary document as it will be synthesized (protected principals added so far). */
  get document(): PolicyDocument {
    const boundaryArn = this.expectedArn;
    const statements: PolicyStatement[] = [
      {
        Sid: "AllowOutsideAccountAndOrganization",
        Effect: "Allow",
        NotAction: ["account:*", "organizations:*"],
        Resource: "*",
      },
      {
        Sid: "AllowReadAccountAndOrganization",
        Effect: "Allow",
        Action: ["account:Get*", "account:List*", "organizations:Describe*", "organizations:List*"],
        Resource: "*",
      },
      { Sid: "DenyBackupDestruction", Effect: "Deny", Action: [...this.guardrail.deniedActions], Resource: "*" },
      {
        Sid: "DenyEditingGuardrailPolicies",
        Effect: "Deny",
        Action: [
          "iam:CreatePolicyVersion",
          "iam:DeletePolicy",
          "iam:DeletePolicyVersion",
          "iam:SetDefaultPolicyVersion",
          "iam:TagPolicy",
          "iam:UntagPolicy",
        ],
        Resource: [boundaryArn, this.guardrail.policyArn],
      },
      {
        Sid: "DenyRemovingBoundaries",
        Effect: "Deny",
        Action: ["iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary"],
        Resource: "*",
      },
      {
        Sid: "DenyPrincipalsWithoutThisBoundary",
        Effect: "Deny",
        Action: [
          "iam:CreateRole",
          "iam:CreateUser",
          "iam:PutRolePermissionsBoundary",
          "iam:PutUserPermissionsBoundary",
        ],
        Resource: "*",
        Condition: {
          StringNotEquals: {
            "iam:PermissionsBoundary":
              this.permittedBoundaryArns.length === 0 ? boundaryArn : [boundaryArn, ...this.permittedBoundaryArns],
          },
        },
      },
      {
        Sid: "DenyDetachingGuardrail",
        Effect: "Deny",
        Action: ["iam:DetachRolePolicy", "iam:DetachGroupPolicy", "iam:DetachUserPolicy"],
        Resource: "*",
        Condition: { ArnEquals: { "iam:PolicyARN": this.guardrail.policyArn } },
      },
    ];
    if (this.protectedArns.length > 0) {
      statements.push({
        Sid: "DenyTouchingProtectedPrincipals",
        Effect: "Deny",
        NotAction: [...PROTECTED_PRINCIPAL_READS],
        Resource: [...this.protectedArns],
      });
    }
    return policyDocument(...statements);
  }
}
