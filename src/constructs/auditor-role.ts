import { Construct } from "constructs";
import { HumanRole, HumanRoleOptions } from "./human-role";

export interface AuditorRoleProps extends HumanRoleOptions {
  /**
   * Name of the role.
   * @default "auditor"
   */
  readonly roleName?: string;
}

/** Read-only auditing: the AWS managed SecurityAudit and ReadOnlyAccess policies. */
export class AuditorRole extends HumanRole {
  constructor(scope: Construct, id: string, props: AuditorRoleProps = {}) {
    super(scope, id, {
      ...props,
      roleName: props.roleName ?? "auditor",
      description: "bulkhead: read-only security audit",
      awsManagedPolicies: ["SecurityAudit", "ReadOnlyAccess"],
    });
  }
}
