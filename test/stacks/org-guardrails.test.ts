import { Testing } from "cdktf";
import { OrganizationsPolicy } from "@cdktf/provider-aws/lib/organizations-policy";
import { OrganizationsPolicyAttachment } from "@cdktf/provider-aws/lib/organizations-policy-attachment";
import { BACKUP_DESTRUCTIVE_ACTIONS } from "../../src/constructs";
import { OrgGuardrailsConfig, OrgGuardrailsStack } from "../../stacks/org-guardrails";
import { documentOf, referenceTo, resourcesOf, resourceWith } from "../constructs/synth-helpers";

Testing.setupJest();

function synthOrg(config: OrgGuardrailsConfig): string {
  return Testing.synth(new OrgGuardrailsStack(Testing.app(), "org", config));
}

describe("OrgGuardrailsStack", () => {
  const synthesized = synthOrg({ targetIds: ["r-ab12", "ou-ab12-abcdefgh"] });

  it("denies backup deletion to everyone but the break-glass role", () => {
    const scp = resourceWith(synthesized, "aws_organizations_policy", "name", "bulkhead-deny-backup-deletion");
    expect(scp.type).toBe("SERVICE_CONTROL_POLICY");
    expect(documentOf(scp, "content").Statement).toEqual([
      {
        Sid: "DenyBackupDestructionExceptBreakGlass",
        Effect: "Deny",
        Action: [...BACKUP_DESTRUCTIVE_ACTIONS],
        Resource: "*",
        Condition: { ArnNotLike: { "aws:PrincipalARN": ["arn:aws:iam::*:role/bulkhead/break-glass-backup-deleter"] } },
      },
    ]);
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
    expect(Object.keys(resourcesOf(synthesized, "aws_organizations_policy_attachment"))).toHaveLength(6);
    for (const name of [
      "bulkhead-deny-backup-deletion",
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
