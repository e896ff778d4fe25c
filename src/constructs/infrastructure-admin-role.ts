import { Construct } from "constructs";
import { AccountContext } from "./account-context";
import { IAM_WRITE_ACTION_PATTERNS } from "./actions";
import { HumanRole, HumanRoleOptions } from "./human-role";
import { checkPattern, fail, IAM_PATH } from "./validation";

export interface InfrastructureAdminRoleProps extends HumanRoleOptions {
  /**
   * Name of the role.
   * @default "infrastructure-admin"
   */
  readonly roleName?: string;
  /**
   * IAM path of the roles this administrator may pass to services (instance profiles, Lambda
   * functions …): the workload roles, never the administrator roles.
   * @default "/workload/"
   */
  readonly passableRolePath?: string;
  /**
   * IAM path of the baseline's own roles (duty roles, break-glass, deployer): the administrator may
   * neither assume nor pass them, so it cannot chain into the IAM administrator.
   * @default "/bulkhead/"
   */
  readonly baselineRolePath?: string;
}

/**
 * The infrastructure administrator: everything outside IAM, Organizations and Account (like
 * PowerUserAccess), IAM read, `iam:PassRole` for workload roles only, an explicit unconditional
 * Deny on every IAM write, and a Deny on assuming or passing the baseline's own roles. Backups stay out of reach through the guardrail. Service-linked roles
 * are created by the IAM administrator.
 */
export class InfrastructureAdminRole extends HumanRole {
  constructor(scope: Construct, id: string, props: InfrastructureAdminRoleProps = {}) {
    const passableRolePath = props.passableRolePath ?? "/workload/";
    const account = props.accountContext ?? AccountContext.of(scope);
    super(scope, id, {
      ...props,
      accountContext: account,
      roleName: props.roleName ?? "infrastructure-admin",
      description: "bulkhead: infrastructure administration without IAM write; cannot delete backups",
      statements: [
        {
          Sid: "AllowInfrastructureOutsideIam",
          Effect: "Allow",
          NotAction: ["iam:*", "organizations:*", "account:*"],
          Resource: "*",
        },
        { Sid: "AllowIamRead", Effect: "Allow", Action: ["iam:Get*", "iam:List*"], Resource: "*" },
        {
          Sid: "AllowPassWorkloadRoles",
          Effect: "Allow",
          Action: "iam:PassRole",
          Resource: account.iamArn(`role${passableRolePath}*`),
        },
        { Sid: "DenyIamWrite", Effect: "Deny", Action: [...IAM_WRITE_ACTION_PATTERNS], Resource: "*" },
        {
          Sid: "DenyChainingIntoBaselineRoles",
          Effect: "Deny",
          Action: ["sts:AssumeRole", "iam:PassRole"],
          Resource: account.iamArn(`role${props.baselineRolePath ?? "/bulkhead/"}*`),
        },
      ],
    });
    checkPattern(this, "passableRolePath", passableRolePath, IAM_PATH, "an IAM path (starts and ends with /)");
    if (passableRolePath === "/")
      fail(this, "passableRolePath", '"/" would let it pass every role, administrators included');
  }
}
