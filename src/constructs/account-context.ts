import { Construct, IConstruct } from "constructs";
import { TerraformStack } from "cdktf";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { checkPattern, fail } from "./validation";

export interface AccountContextProps {
  /**
   * The 12-digit account the stack deploys to.
   * @default the account of the provider's credentials (`data.aws_caller_identity`)
   */
  readonly accountId?: string;
  /**
   * The AWS partition ARNs are built in.
   * @default "aws"
   */
  readonly partition?: string;
}

/**
 * Account id and partition for the ARNs the baseline builds (the account root that human roles
 * trust, the permission boundary's own ARN). One per stack: `AccountContext.of(scope)` returns the
 * stack's context, creating a default one on first use; create it yourself first, with the id
 * `AccountContext.ID`, to pin the account.
 */
export class AccountContext extends Construct {
  static readonly ID = "BulkheadAccountContext";

  /** The stack's account context, created with defaults when the stack has none yet. */
  static of(scope: IConstruct): AccountContext {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(AccountContext.ID);
    if (existing === undefined) return new AccountContext(stack, AccountContext.ID);
    if (!(existing instanceof AccountContext)) {
      fail(existing, "id", `the id ${AccountContext.ID} is reserved for the stack's AccountContext`);
    }
    return existing;
  }

  readonly accountId: string;
  readonly partition: string;

  constructor(scope: Construct, id: string, props: AccountContextProps = {}) {
    super(scope, id);
    checkPattern(this, "accountId", props.accountId, /^\d{12}$/, "a 12-digit AWS account id");
    checkPattern(this, "partition", props.partition, /^aws(-[a-z]+)*$/, "an AWS partition (aws, aws-us-gov, aws-cn …)");
    this.accountId = props.accountId ?? new DataAwsCallerIdentity(this, "caller").accountId;
    this.partition = props.partition ?? "aws";
  }

  /** `arn:PARTITION:iam::ACCOUNT:root`: trusting it delegates the decision to IAM policies. */
  get rootArn(): string {
    return this.iamArn("root");
  }

  /** An IAM ARN in this account, e.g. `iamArn("policy/bulkhead/x")`. */
  iamArn(resource: string): string {
    return `arn:${this.partition}:iam::${this.accountId}:${resource}`;
  }
}
