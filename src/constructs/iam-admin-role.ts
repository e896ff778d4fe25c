import { Construct } from "constructs";
import { AccountContext } from "./account-context";
import { HumanRole, HumanRoleOptions } from "./human-role";
import { checkPattern, fail, IAM_PATH } from "./validation";

/** What the IAM administrator may still do to the baseline's own principals and policies. */
const BASELINE_READS = ["iam:Get*", "iam:List*", "iam:Generate*", "iam:Simulate*"];

export interface IamAdminRoleProps extends HumanRoleOptions {
  /**
   * Name of the role.
   * @default "iam-admin"
   */
  readonly roleName?: string;
  /**
   * IAM paths of the baseline's own principals and policies (duty roles, break-glass, deployer,
   * guardrail, boundaries, human users and groups), which only the deployer changes: the IAM
   * administrator may only read them, so it can neither move a person between groups, mint their
   * credentials, nor rewrite a duty role.
   * @default ["/bulkhead/", "/humans/"]
   */
  readonly baselinePaths?: string[];
}

/**
 * The IAM administrator: IAM and IAM Access Analyzer for everything outside the baseline,
 * read-only Organizations, and nothing else: no infrastructure, no backup deletion (guardrail),
 * read-only on the baseline's own roles, policies, users and groups, and by default the
 * delegated-admin boundary so it can neither detach its guardrail nor create an unbounded principal.
 */
export class IamAdminRole extends HumanRole {
  constructor(scope: Construct, id: string, props: IamAdminRoleProps = {}) {
    const account = props.accountContext ?? AccountContext.of(scope);
    const paths = props.baselinePaths ?? ["/bulkhead/", "/humans/"];
    super(scope, id, {
      ...props,
      accountContext: account,
      roleName: props.roleName ?? "iam-admin",
      description: "bulkhead: IAM administration outside the baseline; cannot delete backups",
      statements: [
        { Sid: "AllowIamAdministration", Effect: "Allow", Action: ["iam:*", "access-analyzer:*"], Resource: "*" },
        {
          Sid: "AllowReadOrganization",
          Effect: "Allow",
          Action: ["organizations:Describe*", "organizations:List*"],
          Resource: "*",
        },
        {
          Sid: "DenyChangingTheBaseline",
          Effect: "Deny",
          NotAction: [...BASELINE_READS],
          Resource: paths.flatMap((path) =>
            ["role", "policy", "user", "group"].map((kind) => account.iamArn(`${kind}${path}*`)),
          ),
        },
      ],
    });
    if (paths.length === 0) fail(this, "baselinePaths", "must name at least one path");
    for (const path of paths) checkPattern(this, "baselinePaths", path, IAM_PATH, "an IAM path");
    if (paths.includes("/")) fail(this, "baselinePaths", '"/" would leave the IAM administrator nothing to do');
  }
}
