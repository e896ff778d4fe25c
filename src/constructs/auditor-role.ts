import { Construct } from "constructs";
import { HumanRole, HumanRoleOptions } from "./human-role";

export interface AuditorRoleProps extends HumanRoleOptions {
  /**
   * Name of the role.
   * @default "auditor"
   */
  readonly roleName?: string;
}

/**
 * Read-only auditing without data: the AWS managed SecurityAudit and job-function/ViewOnlyAccess
 * policies (configuration and metadata; no s3:GetObject, no table items, no secrets), so a stolen
 * auditor session reads no backup.
 */
export class AuditorRole extends HumanRole {
  constructor(scope: Construct, id: string, props: AuditorRoleProps = {}) {
    super(scope, id, {
      ...props,
      roleName: props.roleName ?? "auditor",
      description: "bulkhead: read-only security audit",
      awsManagedPolicies: ["SecurityAudit", "job-function/ViewOnlyAccess"],
    });
  }
}
