import { Construct } from "constructs";
import { HumanRole, HumanRoleOptions } from "./human-role";

export interface IamAdminRoleProps extends HumanRoleOptions {
  /**
   * Name of the role.
   * @default "iam-admin"
   */
  readonly roleName?: string;
}

/**
 * The IAM administrator: full IAM and IAM Access Analyzer, read-only Organizations, and nothing
 * else: no infrastructure, no backup deletion (guardrail), and by default the delegated-admin
 * boundary so it can neither detach its guardrail nor create an unbounded principal.
 */
export class IamAdminRole extends HumanRole {
  constructor(scope: Construct, id: string, props: IamAdminRoleProps = {}) {
    super(scope, id, {
      ...props,
      roleName: props.roleName ?? "iam-admin",
      description: "bulkhead: IAM administration only; cannot delete backups",
      statements: [
        { Sid: "AllowIamAdministration", Effect: "Allow", Action: ["iam:*", "access-analyzer:*"], Resource: "*" },
        {
          Sid: "AllowReadOrganization",
          Effect: "Allow",
          Action: ["organizations:Describe*", "organizations:List*"],
          Resource: "*",
        },
      ],
    });
  }
}
