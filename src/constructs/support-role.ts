import { Construct } from "constructs";
import { HumanRole, HumanRoleOptions } from "./human-role";

export interface SupportRoleProps extends HumanRoleOptions {
  /**
   * Name of the role.
   * @default "support"
   */
  readonly roleName?: string;
}

/** The CIS support role: AWS Support cases through the AWS managed AWSSupportAccess policy. */
export class SupportRole extends HumanRole {
  constructor(scope: Construct, id: string, props: SupportRoleProps = {}) {
    super(scope, id, {
      ...props,
      roleName: props.roleName ?? "support",
      description: "bulkhead: AWS Support cases",
      awsManagedPolicies: ["AWSSupportAccess"],
    });
  }
}
