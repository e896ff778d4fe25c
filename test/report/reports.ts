/** Hand-built Reports for the formatter tests, shaped like what the engine builds. */
import { reportSet } from "../../src/engine/check";
import type { Finding, Report, ReportSet, RuleInfo, WaiverUse } from "../../src/engine/types";

/** As policies/rules/<rule>/rule.rego METADATA gives them (trim_space of the YAML blocks). */
export const RULES: RuleInfo[] = [
  {
    id: "BH001",
    title: "Admin with backup deletion",
    description: [
      "One principal may both rewrite IAM permissions (or is allowed everything) and destroy",
      "backups. Whoever steals that one credential can grant themselves anything and delete",
      "production data together with every copy of it, as happened to Code Spaces in 2014.",
      "The grants may come from different policies, groups and attachments; Deny statements",
      "without conditions and permission boundaries are taken into account.",
    ].join("\n"),
    severity: "critical",
    enforcement: "hard-mandatory",
    fix: [
      "Split the duty: keep IAM administration and backup deletion on different principals.",
      "Attach a guardrail policy that denies the backup-destructive actions to every admin, or",
      "give the admin a permission boundary without them; only a dedicated, MFA-protected",
      "break-glass role should be able to delete backups.",
    ].join("\n"),
  },
  {
    id: "BH002",
    title: "MFA requirement dropped",
    description: [
      "An MFA requirement that held before this plan no longer holds after it, for something that",
      "still exists: a user or group no longer reached by a force-MFA Deny (or reached by a weaker",
      "one), an Allow statement that keeps granting but lost or weakened its MFA condition (in an",
      "identity, trust or resource policy), a trust policy whose AWS principals all needed MFA and",
      "one no longer does, S3 MFA delete or Cognito MFA switched off.",
    ].join("\n"),
    severity: "critical",
    enforcement: "hard-mandatory",
    fix: [
      "Keep the MFA requirement: restore the force-MFA policy on the user or group (Deny with",
      "BoolIfExists aws:MultiFactorAuthPresent false), or the Bool aws:MultiFactorAuthPresent",
      "true / NumericLessThan aws:MultiFactorAuthAge condition on the statement, or MFA delete.",
      "If the requirement moved, make sure the new one reaches the same principals.",
    ].join("\n"),
  },
];

const BH001 = {
  ruleId: "BH001",
  title: "Admin with backup deletion",
  severity: "critical",
  enforcement: "hard-mandatory",
} as const;

const BH002 = {
  ruleId: "BH002",
  title: "MFA requirement dropped",
  severity: "critical",
  enforcement: "hard-mandatory",
} as const;

const TOOL = { name: "bulkhead", version: "0.1.0" } as const;

const ciDeployer: Finding = {
  ...BH001,
  verdict: "violation",
  status: "new",
  address: "aws_iam_user.ci_deployer",
  principal: "ci-deployer",
  message:
    "ci-deployer can change IAM permissions (iam:AttachUserPolicy, iam:CreateAccessKey, iam:PutUserPolicy) and delete backups (backup:DeleteRecoveryPoint, ec2:DeleteSnapshot): one stolen credential can take over the account and destroy every backup",
  evidence: [
    {
      grants: "admin",
      policy: "aws_iam_policy.deploy",
      statement: "IamManage",
      via: "aws_iam_user_policy_attachment.ci_deploy",
      actions: ["iam:AttachUserPolicy", "iam:CreateAccessKey", "iam:PutUserPolicy"],
    },
    {
      grants: "backup",
      policy: 'aws_iam_user.ci_deployer inline policy "cleanup"',
      statement: "#2",
      via: "aws_iam_user.ci_deployer",
      actions: ["backup:DeleteRecoveryPoint", "ec2:DeleteSnapshot"],
    },
  ],
  waived: false,
  blocking: true,
};

/** A soft-mandatory finding (enforcement raised from advisory in the org config), waived. */
const breakGlass: Finding = {
  ...BH001,
  enforcement: "soft-mandatory",
  verdict: "violation",
  status: "existing",
  address: "aws_iam_role.break_glass",
  principal: "break-glass",
  message:
    "break-glass can change IAM permissions (iam:AddUserToGroup, iam:AttachGroupPolicy, iam:AttachRolePolicy and 14 more) and delete backups (backup:DeleteBackupVault, backup:DeleteRecoveryPoint, ec2:DeleteSnapshot and 31 more): one stolen credential can take over the account and destroy every backup",
  evidence: [
    {
      grants: "admin",
      policy: "arn:aws:iam::aws:policy/AdministratorAccess",
      statement: "#1",
      via: "aws_iam_role_policy_attachment.break_glass_admin",
      actions: ["iam:AddUserToGroup", "iam:AttachGroupPolicy", "iam:AttachRolePolicy"],
    },
    {
      grants: "backup",
      policy: "arn:aws:iam::aws:policy/AdministratorAccess",
      statement: "#1",
      via: "aws_iam_role_policy_attachment.break_glass_admin",
      actions: ["backup:DeleteBackupVault", "backup:DeleteRecoveryPoint", "ec2:DeleteSnapshot"],
    },
  ],
  waived: true,
  waiver: {
    ruleId: "BH001",
    principal: "break-glass",
    reason: "Break-glass role: MFA-only trust, used under incident procedure IR-7",
    expires: "2026-12-31",
    approvedBy: "security@example.com",
    expired: false,
    refused: false,
  },
  blocking: false,
};

const breakGlassWaiver: WaiverUse = {
  ruleId: "BH001",
  principal: "break-glass",
  reason: "Break-glass role: MFA-only trust, used under incident procedure IR-7",
  expires: "2026-12-31",
  approvedBy: "security@example.com",
  status: "applied",
  findings: 1,
};

/** A BH001 violation and a waived soft-mandatory finding. */
const blocked: Report = {
  schemaVersion: 1,
  tool: TOOL,
  source: {
    path: "plans/prod.plan.json",
    formatVersion: "1.2",
    terraformVersion: "1.9.8",
  },
  findings: [ciDeployer, breakGlass],
  waivers: [breakGlassWaiver],
  summary: {
    blocked: true,
    findings: 2,
    blocking: 1,
    violations: 2,
    unknown: 0,
    waived: 1,
    exempted: 0,
    staleWaivers: 0,
    resources: 34,
    principals: 6,
    documents: 9,
    unverifiableDocuments: 0,
  },
};

/** BH001 only in the worst case for a policy ARN unknown until apply; its waiver expired. */
const unknown: Report = {
  schemaVersion: 1,
  tool: TOOL,
  source: {
    path: "plans/ops.plan.json",
    formatVersion: "1.2",
    terraformVersion: "1.10.2",
  },
  findings: [
    {
      ...BH001,
      verdict: "unknown",
      status: "new",
      address: 'module.ops.aws_iam_role.ops["eu"]',
      principal: "ops-eu",
      message:
        "ops-eu may, once values unknown until apply are known, change IAM permissions (iam:AttachRolePolicy, iam:PutRolePolicy) and delete backups (backup:DeleteRecoveryPoint and 40 more): one stolen credential can take over the account and destroy every backup",
      evidence: [
        {
          grants: "admin",
          policy: "module.ops.aws_iam_policy.admin",
          statement: "Admin",
          via: 'module.ops.aws_iam_role_policy_attachment.admin["eu"]',
          actions: ["iam:AttachRolePolicy", "iam:PutRolePolicy"],
        },
        {
          grants: "unknown",
          policy: 'module.ops.aws_iam_role_policy_attachment.backup["eu"].policy_arn',
          via: 'module.ops.aws_iam_role_policy_attachment.backup["eu"]',
          reason: "policy ARN unknown until apply and not joined to a policy of the plan",
        },
      ],
      waived: false,
      waiver: {
        ruleId: "BH001",
        address: "module.ops.*",
        reason: "Migration to split ops roles, ticket OPS-123",
        expires: "2025-06-30",
        approvedBy: "platform-lead",
        expired: true,
        refused: false,
      },
      blocking: true,
    },
  ],
  waivers: [
    {
      ruleId: "BH001",
      address: "module.ops.*",
      reason: "Migration to split ops roles, ticket OPS-123",
      expires: "2025-06-30",
      approvedBy: "platform-lead",
      status: "expired",
      findings: 1,
    },
  ],
  summary: {
    blocked: true,
    findings: 1,
    blocking: 1,
    violations: 0,
    unknown: 1,
    waived: 0,
    exempted: 0,
    staleWaivers: 0,
    resources: 21,
    principals: 4,
    documents: 7,
    unverifiableDocuments: 2,
  },
};

/** Nothing found, no Terraform version (a CDKTF synth). */
const empty: Report = {
  schemaVersion: 1,
  tool: TOOL,
  source: {
    path: "cdktf.out/stacks/baseline/cdk.tf.json",
    formatVersion: "1.0",
  },
  findings: [],
  waivers: [],
  summary: {
    blocked: false,
    findings: 0,
    blocking: 0,
    violations: 0,
    unknown: 0,
    waived: 0,
    exempted: 0,
    staleWaivers: 0,
    resources: 12,
    principals: 3,
    documents: 5,
    unverifiableDocuments: 0,
  },
};

/** A group lost its force-MFA gate; two statements of one policy lost or weakened MFA. */
const bh002: Report = {
  schemaVersion: 1,
  tool: TOOL,
  source: {
    path: "plans/iam.plan.json",
    formatVersion: "1.2",
    terraformVersion: "1.9.8",
  },
  findings: [
    {
      ...BH002,
      verdict: "violation",
      status: "new",
      address: "aws_iam_group.developers",
      principal: "developers",
      message: "developers is no longer forced to use MFA: no Deny-without-MFA statement reaches it any more",
      evidence: [
        {
          grants: "mfa-gate",
          policy: "aws_iam_policy.force_mfa",
          statement: "DenyAllExceptListedIfNoMFA",
          via: "aws_iam_group_policy_attachment.developers_force_mfa",
          state: "before",
        },
      ],
      waived: false,
      blocking: true,
    },
    {
      ...BH002,
      verdict: "violation",
      status: "new",
      address: "aws_iam_policy.deploy",
      principal: "deploy",
      message:
        "statement Deploy of aws_iam_policy.deploy still grants s3:PutObject, s3:DeleteObject but no longer requires MFA",
      evidence: [
        {
          grants: "mfa-condition",
          policy: "aws_iam_policy.deploy",
          statement: "Deploy",
          state: "before",
        },
        {
          grants: "mfa-condition",
          policy: "aws_iam_policy.deploy",
          statement: "Deploy",
          state: "after",
        },
      ],
      waived: false,
      blocking: true,
    },
    {
      ...BH002,
      verdict: "violation",
      status: "new",
      address: "aws_iam_policy.deploy",
      principal: "deploy",
      message:
        "statement Rollback of aws_iam_policy.deploy still grants lambda:UpdateFunctionCode but its MFA condition now uses an IfExists operator, which requests without MFA information (long-term access keys) satisfy",
      evidence: [
        {
          grants: "mfa-condition",
          policy: "aws_iam_policy.deploy",
          statement: "Rollback",
          state: "before",
        },
        {
          grants: "mfa-condition",
          policy: "aws_iam_policy.deploy",
          statement: "Rollback",
          state: "after",
        },
      ],
      waived: false,
      blocking: true,
    },
  ],
  waivers: [],
  summary: {
    blocked: true,
    findings: 3,
    blocking: 3,
    violations: 3,
    unknown: 0,
    waived: 0,
    exempted: 0,
    staleWaivers: 0,
    resources: 18,
    principals: 5,
    documents: 6,
    unverifiableDocuments: 1,
  },
};

const developersWaiver = {
  ruleId: "BH002",
  principal: "developers",
  reason: "Developers move to SSO this sprint, ticket IAM-42",
  expires: "2026-12-31",
  approvedBy: "team-lead",
};
const legacyWaiver = {
  ruleId: "BH001",
  principal: "legacy-*",
  reason: "Legacy deployer is decommissioned in Q1, ticket OPS-9",
  expires: "2027-03-31",
  approvedBy: "platform-lead",
};
const ciWaiver = {
  ruleId: "BH001",
  address: "aws_iam_role.ci",
  reason: "CI role keeps snapshot cleanup until the DLM migration, ticket OPS-77",
  expires: "2026-12-31",
  approvedBy: "security@example.com",
};
const contractorsWaiver = {
  ruleId: "BH002",
  principal: "contractors",
  reason: "Contractors use hardware keys outside AWS, see SEC-12",
  expires: "2026-12-31",
  approvedBy: "security@example.com",
};

/**
 * The org config exempts break-glass and lowers BH001 to soft-mandatory; a waiver for the
 * hard-mandatory BH002 is refused, one waives the CI role, two match nothing (stale).
 */
const waivers: Report = {
  schemaVersion: 1,
  tool: TOOL,
  source: { path: "plans/prod.plan.json", formatVersion: "1.2", terraformVersion: "1.9.8" },
  findings: [
    {
      ...BH001,
      enforcement: "soft-mandatory",
      verdict: "violation",
      status: "existing",
      address: "aws_iam_role.break_glass",
      principal: "break-glass",
      message: breakGlass.message,
      evidence: breakGlass.evidence,
      waived: false,
      exemption: {
        principal: "break-glass",
        rules: ["BH001"],
        reason: "Break-glass role by design: MFA-only trust, CloudTrail alarm on every use",
      },
      blocking: false,
    },
    {
      ...BH001,
      enforcement: "soft-mandatory",
      verdict: "unknown",
      status: "new",
      address: "aws_iam_role.ci",
      principal: "ci",
      message:
        "ci may, once values unknown until apply are known, change IAM permissions (iam:PassRole) and delete backups (ec2:DeleteSnapshot)",
      evidence: [
        { grants: "backup", policy: "aws_iam_policy.cleanup", statement: "Snapshots", actions: ["ec2:DeleteSnapshot"] },
      ],
      waived: true,
      waiver: { ...ciWaiver, expired: false, refused: false },
      blocking: false,
    },
    {
      ...BH002,
      verdict: "violation",
      status: "new",
      address: "aws_iam_group.developers",
      principal: "developers",
      message: "developers is no longer forced to use MFA: no Deny-without-MFA statement reaches it any more",
      evidence: [
        {
          grants: "mfa-gate",
          policy: "aws_iam_policy.force_mfa",
          statement: "DenyAllExceptListedIfNoMFA",
          via: "aws_iam_group_policy_attachment.developers_force_mfa",
          state: "before",
        },
      ],
      waived: false,
      waiver: { ...developersWaiver, expired: false, refused: true },
      blocking: true,
    },
  ],
  waivers: [
    { ...developersWaiver, status: "refused", findings: 1 },
    { ...legacyWaiver, status: "stale", findings: 0 },
    { ...ciWaiver, status: "applied", findings: 1 },
    { ...contractorsWaiver, status: "stale", findings: 0 },
  ],
  summary: {
    blocked: true,
    findings: 3,
    blocking: 1,
    violations: 2,
    unknown: 1,
    waived: 1,
    exempted: 1,
    staleWaivers: 2,
    resources: 15,
    principals: 5,
    documents: 6,
    unverifiableDocuments: 1,
  },
};

/** A second plan checked with the same waivers: the legacy waiver applies there. */
const staging: Report = {
  schemaVersion: 1,
  tool: TOOL,
  source: { path: "plans/staging.plan.json", formatVersion: "1.2", terraformVersion: "1.9.8" },
  findings: [
    {
      ...BH001,
      enforcement: "soft-mandatory",
      verdict: "violation",
      status: "existing",
      address: "aws_iam_user.legacy_deployer",
      principal: "legacy-deployer",
      message:
        "legacy-deployer can change IAM permissions (iam:CreateAccessKey) and delete backups (rds:DeleteDBSnapshot): one stolen credential can take over the account and destroy every backup",
      evidence: [],
      waived: true,
      waiver: { ...legacyWaiver, expired: false, refused: false },
      blocking: false,
    },
  ],
  waivers: [
    { ...developersWaiver, status: "stale", findings: 0 },
    { ...legacyWaiver, status: "applied", findings: 1 },
    { ...ciWaiver, status: "stale", findings: 0 },
    { ...contractorsWaiver, status: "stale", findings: 0 },
  ],
  summary: {
    blocked: false,
    findings: 1,
    blocking: 0,
    violations: 1,
    unknown: 0,
    waived: 1,
    exempted: 0,
    staleWaivers: 3,
    resources: 8,
    principals: 2,
    documents: 2,
    unverifiableDocuments: 0,
  },
};

export const REPORTS = { blocked, unknown, empty, bh002, waivers } satisfies Record<string, Report>;

export type ReportName = keyof typeof REPORTS;

/** Several plans at once, as `bulkhead check a.json b.json` builds them. */
export const SETS = {
  plans: reportSet([waivers, staging]),
  passed: reportSet([
    staging,
    {
      ...empty,
      waivers: staging.waivers.map((w) => ({ ...w, status: "stale", findings: 0 })),
      summary: { ...empty.summary, staleWaivers: 4 },
    },
  ]),
} satisfies Record<string, ReportSet>;

export type SetName = keyof typeof SETS;

/** A copy of `report` whose first finding says `message` (for escaping tests). */
export function withMessage(report: Report, message: string): Report {
  const [first, ...rest] = report.findings;
  return { ...report, findings: [{ ...first, message }, ...rest] };
}
