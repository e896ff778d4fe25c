import { Testing } from "cdktf";
import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { IamOrganizationsFeatures } from "@cdktf/provider-aws/lib/iam-organizations-features";
import { OrganizationsPolicy } from "@cdktf/provider-aws/lib/organizations-policy";
import { OrganizationsPolicyAttachment } from "@cdktf/provider-aws/lib/organizations-policy-attachment";
import { BACKUP_CONFIGURE_ACTIONS, BACKUP_DESTROY_ACTIONS } from "../../src/constructs";
import { OrgGuardrailsConfig, OrgGuardrailsStack } from "../../stacks/org-guardrails";
import { documentOf, referenceTo, resourcesOf, resourceWith } from "../constructs/synth-helpers";

Testing.setupJest();

const PIPELINE = ["arn:aws:iam::*:role/bulkhead/deployer", "arn:aws:iam::*:role/OrganizationAccountAccessRole"];

function synthOrg(config: OrgGuardrailsConfig): string {
  return Testing.synth(new OrgGuardrailsStack(Testing.app(), "org", config));
}

describe("OrgGuardrailsStack", () => {
  const synthesized = synthOrg({ targetIds: ["r-ab12", "ou-ab12-abcdefgh"] });

  it("denies backup destruction to all but break-glass, protected configuration to all but the pipeline", () => {
    const scp = resourceWith(synthesized, "aws_organizations_policy", "name", "bulkhead-deny-backup-deletion");
    expect(scp.type).toBe("SERVICE_CONTROL_POLICY");
    expect(documentOf(scp, "content").Statement).toEqual([
      {
        Sid: "DenyBackupDestructionExceptBreakGlass",
        Effect: "Deny",
        Action: [...BACKUP_DESTROY_ACTIONS],
        Resource: "*",
        Condition: { ArnNotLike: { "aws:PrincipalARN": ["arn:aws:iam::*:role/bulkhead/break-glass-backup-deleter"] } },
      },
      {
        Sid: "DenyProtectedBackupConfigurationExceptPipeline",
        Effect: "Deny",
        Action: [...BACKUP_CONFIGURE_ACTIONS],
        Resource: ["arn:aws:backup:*:*:backup-vault:*-backups*", "arn:aws:s3:::*-backups-*"],
        Condition: { ArnNotLike: { "aws:PrincipalARN": PIPELINE } },
      },
    ]);
    // Ordinary workload Terraform keeps its own backup settings; the vault lock is denied to all but the pipeline.
    for (const action of ["s3:PutBucketVersioning", "s3:PutLifecycleConfiguration", "dynamodb:UpdateContinuousBackups"])
      expect(BACKUP_DESTROY_ACTIONS).not.toContain(action);
    expect(BACKUP_CONFIGURE_ACTIONS).toContain("backup:PutBackupVaultLockConfiguration");
  });

  it("lets only the pipeline create or change the roles the exemptions name", () => {
    const scp = resourceWith(synthesized, "aws_organizations_policy", "name", "bulkhead-protect-baseline-roles");
    const [statement] = documentOf(scp, "content").Statement;
    expect(statement.Resource).toEqual([
      "arn:aws:iam::*:role/bulkhead/*",
      "arn:aws:iam::*:role/OrganizationAccountAccessRole",
      "arn:aws:iam::*:oidc-provider/token.actions.githubusercontent.com",
    ]);
    expect(statement.Action).toEqual(
      expect.arrayContaining([
        "iam:CreateRole",
        "iam:UpdateAssumeRolePolicy",
        "iam:PutRolePolicy",
        "iam:AttachRolePolicy",
      ]),
    );
    expect(statement.Condition).toEqual({ ArnNotLike: { "aws:PrincipalARN": PIPELINE } });
  });

  it("records the organization's management events in an organization trail when asked", () => {
    const withTrail = synthOrg({
      targetIds: ["r-ab12"],
      organizationTrail: { managementAccountId: "999988887777", bucketName: "acme-cloudtrail-999988887777" },
    });
    expect(withTrail).toHaveResourceWithProperties(Cloudtrail, {
      name: "bulkhead-organization",
      is_organization_trail: true,
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
    });
    const policy = documentOf(
      resourceWith(
        withTrail,
        "aws_s3_bucket_policy",
        "bucket",
        referenceTo(withTrail, "aws_s3_bucket", "bucket", "acme-cloudtrail-999988887777", "id"),
      ),
    );
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      "AllowCloudTrailAclCheck",
      "AllowCloudTrailWrite",
      "DenyInsecureTransport",
    ]);
    expect(policy.Statement[1].Condition?.ArnLike).toEqual({
      "aws:SourceArn": "arn:aws:cloudtrail:us-east-1:999988887777:trail/bulkhead-organization",
    });
    expect(resourcesOf(synthesized, "aws_cloudtrail")).toEqual({});
  });

  it("centralizes root access (member accounts' root credentials can be removed)", () => {
    expect(synthesized).toHaveResourceWithProperties(IamOrganizationsFeatures, {
      enabled_features: ["RootCredentialsManagement", "RootSessions"],
    });
  });

  it("denies leaving the organization and root access keys", () => {
    expect(
      documentOf(
        resourceWith(synthesized, "aws_organizations_policy", "name", "bulkhead-deny-leave-organization"),
        "content",
      ).Statement,
    ).toEqual([
      { Sid: "DenyLeaveOrganization", Effect: "Deny", Action: "organizations:LeaveOrganization", Resource: "*" },
    ]);
    expect(
      documentOf(
        resourceWith(synthesized, "aws_organizations_policy", "name", "bulkhead-deny-root-access-keys"),
        "content",
      ).Statement,
    ).toEqual([
      {
        Sid: "DenyRootAccessKeys",
        Effect: "Deny",
        Action: "iam:CreateAccessKey",
        Resource: "*",
        Condition: { StringLike: { "aws:PrincipalArn": "arn:aws:iam::*:root" } },
      },
    ]);
  });

  it("attaches every SCP to every target", () => {
    expect(Object.keys(resourcesOf(synthesized, "aws_organizations_policy_attachment"))).toHaveLength(8);
    for (const name of [
      "bulkhead-deny-backup-deletion",
      "bulkhead-protect-baseline-roles",
      "bulkhead-deny-leave-organization",
      "bulkhead-deny-root-access-keys",
    ]) {
      for (const target of ["r-ab12", "ou-ab12-abcdefgh"]) {
        expect(synthesized).toHaveResourceWithProperties(OrganizationsPolicyAttachment, {
          policy_id: referenceTo(synthesized, "aws_organizations_policy", "name", name, "id"),
          target_id: target,
        });
      }
    }
  });

  it("takes other exemptions and prefixes", () => {
    const custom = synthOrg({
      targetIds: ["111122223333"],
      namePrefix: "acme",
      breakGlassRoleArnPatterns: ["arn:aws:iam::*:role/ops/bg"],
    });
    expect(custom).toHaveResourceWithProperties(OrganizationsPolicy, { name: "acme-deny-backup-deletion" });
    const condition = documentOf(
      resourceWith(custom, "aws_organizations_policy", "name", "acme-deny-backup-deletion"),
      "content",
    ).Statement[0].Condition;
    expect(condition).toEqual({ ArnNotLike: { "aws:PrincipalARN": ["arn:aws:iam::*:role/ops/bg"] } });
  });

  it("rejects bad targets and an empty exemption", () => {
    expect(() => synthOrg({ targetIds: [] })).toThrow(/at least one root/);
    expect(() => synthOrg({ targetIds: ["prod"] })).toThrow(/root, OU or account/);
    expect(() => synthOrg({ targetIds: ["r-ab12"], breakGlassRoleArnPatterns: [] })).toThrow(/break-glass/);
  });
});
