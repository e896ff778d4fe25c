import { Construct, IConstruct } from "constructs";
import { Lazy, TerraformStack } from "cdktf";
import { IamGroup } from "@cdktf/provider-aws/lib/iam-group";
import { IamGroupPolicyAttachment } from "@cdktf/provider-aws/lib/iam-group-policy-attachment";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { BACKUP_CONFIGURE_ACTIONS, BACKUP_DESTROY_ACTIONS } from "./actions";
import { PolicyDocument, policyDocument, PolicyStatement, toJson } from "./policy-document";
import { checkPattern, fail, IAM_ACTION, IAM_PATH, IAM_POLICY_NAME } from "./validation";

export interface BackupGuardrailPolicyProps {
  /**
   * Name of the customer managed policy.
   * @default "bulkhead-backup-guardrail"
   */
  readonly policyName?: string;
  /**
   * IAM path of the policy.
   * @default "/bulkhead/"
   */
  readonly path?: string;
  /**
   * Further actions to deny on every resource, e.g. a service's backup API the catalogue does not
   * list yet.
   * @default none
   */
  readonly additionalActions?: string[];
  /**
   * Resources (the protected vault, bucket, plan) on which configure-class actions are denied to
   * every principal but `configurers`. Add more later with `protectResources()`.
   * @default none
   */
  readonly protectedResourceArns?: string[];
  /**
   * Principals (`aws:PrincipalArn`) that may still configure the protected resources: the deployer.
   * Add more later with `allowConfiguration()`.
   * @default none
   */
  readonly configurers?: string[];
  /**
   * Tags for the policy.
   * @default none
   */
  readonly tags?: Record<string, string>;
}

/**
 * A customer managed policy that denies every destroy-class backup action (BACKUP_DESTROY_ACTIONS)
 * on every resource, with no condition, so no Allow anywhere can outweigh it; and the
 * configure-class actions (BACKUP_CONFIGURE_ACTIONS) on the protected vault, bucket and plan to
 * every principal but the deployer. Attach it to every principal except the break-glass backup
 * deleter: the baseline's role and group constructs attach the stack's shared guardrail
 * (`BackupGuardrailPolicy.of(scope)`) by default.
 */
export class BackupGuardrailPolicy extends Construct {
  static readonly ID = "BulkheadBackupGuardrail";

  /** The stack's shared guardrail, created with defaults on first use. */
  static of(scope: IConstruct): BackupGuardrailPolicy {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(BackupGuardrailPolicy.ID);
    if (existing === undefined) return new BackupGuardrailPolicy(stack, BackupGuardrailPolicy.ID);
    if (!(existing instanceof BackupGuardrailPolicy)) {
      fail(existing, "id", `the id ${BackupGuardrailPolicy.ID} is reserved for the stack's BackupGuardrailPolicy`);
    }
    return existing;
  }

  readonly policy: IamPolicy;
  /** ARN of the policy (known at apply). */
  readonly policyArn: string;
  /** The actions denied on every resource, in the order they appear in the document. */
  readonly deniedActions: readonly string[];
  private readonly protectedResourceArns: string[];
  private readonly configurers: string[];

  constructor(scope: Construct, id: string, props: BackupGuardrailPolicyProps = {}) {
    super(scope, id);
    const policyName = props.policyName ?? "bulkhead-backup-guardrail";
    const path = props.path ?? "/bulkhead/";
    checkPattern(this, "policyName", policyName, IAM_POLICY_NAME, "a valid IAM policy name");
    checkPattern(this, "path", path, IAM_PATH, "an IAM path (starts and ends with /)");
    for (const action of props.additionalActions ?? []) {
      checkPattern(this, "additionalActions", action, IAM_ACTION, "an IAM action (service:Action)");
    }
    const seen = new Set<string>();
    this.protectedResourceArns = [...(props.protectedResourceArns ?? [])];
    this.configurers = [...(props.configurers ?? [])];
    this.deniedActions = [...BACKUP_DESTROY_ACTIONS, ...(props.additionalActions ?? [])].filter((action) => {
      const key = action.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    this.policy = new IamPolicy(this, "policy", {
      name: policyName,
      path,
      description: "bulkhead: no principal but the break-glass backup deleter may destroy or weaken backups",
      policy: Lazy.stringValue({ produce: () => toJson(this.document) }),
      tags: props.tags,
    });
    this.policyArn = this.policy.arn;
  }

  /** Resources whose backup configuration only the configurers may change. */
  protectResources(...arns: string[]): void {
    this.protectedResourceArns.push(...arns);
  }

  /** Principals (`aws:PrincipalArn`) that may configure the protected resources. */
  allowConfiguration(...principalArns: string[]): void {
    this.configurers.push(...principalArns);
  }

  /** The guardrail document as it will be synthesized (protected resources added so far). */
  get document(): PolicyDocument {
    const statements: PolicyStatement[] = [
      { Sid: "DenyBackupDestruction", Effect: "Deny", Action: [...this.deniedActions], Resource: "*" },
    ];
    if (this.protectedResourceArns.length > 0) {
      statements.push({
        Sid: "DenyProtectedBackupConfiguration",
        Effect: "Deny",
        Action: [...BACKUP_CONFIGURE_ACTIONS],
        Resource: [...this.protectedResourceArns],
        ...(this.configurers.length > 0
          ? { Condition: { ArnNotEquals: { "aws:PrincipalArn": [...this.configurers] } } }
          : {}),
      });
    }
    return policyDocument(...statements);
  }

  /** Attaches the guardrail to a role (the attachment is created beside the role). */
  attachToRole(role: IamRole): IamRolePolicyAttachment {
    return new IamRolePolicyAttachment(parentOf(role), `${role.node.id}-backup-guardrail`, {
      role: role.name,
      policyArn: this.policyArn,
    });
  }

  /** Attaches the guardrail to a group (the attachment is created beside the group). */
  attachToGroup(group: IamGroup): IamGroupPolicyAttachment {
    return new IamGroupPolicyAttachment(parentOf(group), `${group.node.id}-backup-guardrail`, {
      group: group.name,
      policyArn: this.policyArn,
    });
  }
}

function parentOf(construct: IConstruct): Construct {
  const parent = construct.node.scope;
  if (!(parent instanceof Construct)) fail(construct, "scope", "a principal needs a parent construct");
  return parent;
}
