import { AccountBaselineConfig } from "./account-baseline";
import { OrgGuardrailsConfig } from "./org-guardrails";

/** An example production account: two IAM admins, infra admins, an auditor, two break-glass holders. */
export const exampleAccountBaseline: AccountBaselineConfig = {
  accountName: "prod",
  accountId: "111122223333",
  regions: { primary: "eu-west-1", additional: ["eu-central-1"] },
  groups: [
    { name: "iam-admins", members: ["alice", "bob"], assumableRoles: ["iam-admin", "auditor"] },
    { name: "infrastructure-admins", members: ["carol", "dave"], assumableRoles: ["infrastructure-admin", "support"] },
    { name: "auditors", members: ["erin"], assumableRoles: ["auditor"] },
    { name: "break-glass", members: ["frank", "grace"] },
  ],
  breakGlassGroup: "break-glass",
  backup: { retentionDays: 35, minRetentionDays: 7, maxRetentionDays: 365, changeableForDays: 3 },
  deployer: { repositories: [{ repository: "example-org/prod-infrastructure", branches: ["main"] }] },
  alarms: { subscriptions: [{ protocol: "email", endpoint: "security-alarms@example.com" }] },
  securityContact: {
    name: "Security team",
    title: "Security",
    emailAddress: "security@example.com",
    phoneNumber: "+44 20 7946 0000",
  },
  workloads: [
    {
      name: "web-app",
      statements: [
        { Sid: "ReadAssets", Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::prod-web-assets/*" },
      ],
    },
  ],
  tags: { Environment: "production" },
};

/** The organization root of the example. */
export const exampleOrgGuardrails: OrgGuardrailsConfig = {
  targetIds: ["r-ab12"],
  organizationTrail: { managementAccountId: "999988887777", bucketName: "example-org-cloudtrail-999988887777" },
};
