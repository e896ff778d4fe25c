import { join } from "node:path";
import { readPlan, realPlans, realPlansDir, sharedEngine, summaryLines } from "../helpers/engine";

/**
 * Every real plan of test/fixtures/real (public plans, SOURCES.md) is read without error, with these findings. Each
 * non-empty entry says why; every plan not listed must give no finding.
 */
const accessKeyLb = {
  findings: ["BH005 violation new aws_iam_access_key.lb"],
  why: "an access key is created for the loadbalancer user",
};

const expected: Record<string, { findings: string[]; why: string }> = {
  "awslabs-tf-iam-policy-validator__identity_policies__test_plan.json": accessKeyLb,
  "awslabs-tf-iam-policy-validator__multiple_policies__test_plan.json": accessKeyLb,
  "awslabs-tf-iam-policy-validator__no_access_granted__test_plan.json": accessKeyLb,
  "awslabs-tf-iam-policy-validator__public_access__test_plan.json": {
    findings: [
      "BH003 violation new aws_backup_vault.example",
      "BH004 violation new aws_iam_role.default",
      "BH004 violation new aws_iam_role.test_role",
    ],
    why: 'a vault without Vault Lock or a deny-delete policy; two roles that any AWS account ("AWS": "*") may assume without MFA',
  },
  "checkov__runner_plan__tfplan.json": {
    findings: ["BH005 violation new aws_iam_access_key.user"],
    why: "an access key is created for the acme-corp user",
  },
  "regula__user_attached_policy_infra.json": {
    findings: [
      "BH004 violation new aws_iam_user.valid_group_blank_user",
      "BH004 violation new aws_iam_user.valid_group_empty_list_user",
      "BH004 violation new aws_iam_user.valid_group_missing_user",
    ],
    why: "three users in groups, without access keys (people in the hardened layout), that no force-MFA policy reaches",
  },
  "regula__admin_policy_infra.json": {
    findings: [
      "BH001 violation new aws_iam_group.my_group",
      "BH001 violation new aws_iam_role.my_test_role",
      "BH001 violation new aws_iam_user.my_test_user",
    ],
    why: 'the "invalid_*" inline policies of the group, role and user allow Action "*" on "*"',
  },
  "cds-snc-terraform-plan__moved.json": {
    findings: ['BH001 unknown new aws_iam_role "NotificationProcessor" (outside the plan)'],
    why: "a customer policy outside the plan is attached to a role outside the plan: the role is modelled by its name and the policy it cannot read is taken at its worst, as for a role of the plan",
  },
  "snyk-cli__tf-plan-create.json": {
    findings: ["BH001 unknown new aws_iam_role.terra_ci_job", "BH001 unknown new aws_iam_role.terra_ci_runner"],
    why: "each role's inline policy is a templated JSON unknown until apply, not built from a policy document: its worst case is everything",
  },
  "terraform-compliance__test_issue_522__plan.out.json": {
    findings: ["BH001 unknown new aws_iam_role.lambda_execution_role"],
    why: 'the sanitized plan has empty policy strings ("" is not valid JSON) and empty policy ARNs',
  },
};

describe("real plans from public repositories", () => {
  const engine = sharedEngine();
  it("has the 36 real plans beside the project", () => {
    expect(realPlans()).toHaveLength(36);
  });
  it.each(realPlans())("%s is read without error, with the expected findings", (file) => {
    const report = engine.check(readPlan(join(realPlansDir, file)), { name: file });
    expect(summaryLines(report.findings)).toEqual(expected[file]?.findings ?? []);
    expect(report.summary.blocked).toBe((expected[file]?.findings.length ?? 0) > 0);
  });
});
