import { Testing, TerraformOutput, TerraformStack } from "cdktf";
import { IamGroup } from "@cdktf/provider-aws/lib/iam-group";
import { IamUser } from "@cdktf/provider-aws/lib/iam-user";
import { IamUserGroupMembership } from "@cdktf/provider-aws/lib/iam-user-group-membership";
import { AccountContext, HumanGroups, MFA_BOOTSTRAP_ACTIONS } from "../../src/constructs";
import { asList, documentOf, referenceTo, resourcesOf, resourceWith, statementOf } from "./synth-helpers";

Testing.setupJest();

const ROLE_ARN = "arn:aws:iam::111122223333:role/bulkhead/iam-admin";

function synthGroups(allowSelfServiceAccessKeys?: boolean): string {
  return Testing.synthScope((stack) => {
    new AccountContext(stack, AccountContext.ID, { accountId: "111122223333" });
    new HumanGroups(stack, "humans", {
      allowSelfServiceAccessKeys,
      groups: [
        { name: "admins", members: ["alice", "bob"], assumableRoleArns: [ROLE_ARN] },
        { name: "auditors", members: ["bob"] },
        { name: "empty" },
      ],
    });
  });
}

describe("HumanGroups", () => {
  const synthesized = synthGroups();

  it("creates the groups, each user once, and memberships only through groups", () => {
    expect(synthesized).toHaveResourceWithProperties(IamGroup, { name: "admins", path: "/humans/" });
    expect(synthesized).toHaveResourceWithProperties(IamGroup, { name: "auditors" });
    expect(synthesized).toHaveResourceWithProperties(IamGroup, { name: "empty" });
    expect(Object.keys(resourcesOf(synthesized, "aws_iam_user")).sort()).toHaveLength(2);
    expect(synthesized).toHaveResourceWithProperties(IamUser, {
      name: "alice",
      path: "/humans/",
      force_destroy: false,
    });
    const bobGroups = resourceWith(
      synthesized,
      "aws_iam_user_group_membership",
      "user",
      referenceTo(synthesized, "aws_iam_user", "name", "bob", "name"),
    );
    expect(bobGroups.groups).toEqual([
      referenceTo(synthesized, "aws_iam_group", "name", "admins", "name"),
      referenceTo(synthesized, "aws_iam_group", "name", "auditors", "name"),
    ]);
    expect(synthesized).toHaveResourceWithProperties(IamUserGroupMembership, {
      user: referenceTo(synthesized, "aws_iam_user", "name", "alice", "name"),
    });
  });

  it("never creates access keys, login profiles or user policies", () => {
    for (const type of [
      "aws_iam_access_key",
      "aws_iam_user_login_profile",
      "aws_iam_user_policy",
      "aws_iam_user_policy_attachment",
      "aws_iam_policy_attachment",
    ]) {
      expect(resourcesOf(synthesized, type)).toEqual({});
    }
  });

  it("attaches the force-MFA policy and the backup guardrail to every group", () => {
    const forceMfa = referenceTo(synthesized, "aws_iam_policy", "name", "bulkhead-force-mfa");
    const guardrail = referenceTo(synthesized, "aws_iam_policy", "name", "bulkhead-backup-guardrail");
    const attachments = Object.values(resourcesOf(synthesized, "aws_iam_group_policy_attachment"));
    for (const group of ["admins", "auditors", "empty"]) {
      const groupRef = referenceTo(synthesized, "aws_iam_group", "name", group, "name");
      const attached = attachments.filter((a) => a.group === groupRef).map((a) => a.policy_arn);
      expect(attached.sort()).toEqual([forceMfa, guardrail].sort());
    }
  });

  it("denies everything but the MFA bootstrap actions without MFA (BoolIfExists)", () => {
    const document = documentOf(resourceWith(synthesized, "aws_iam_policy", "name", "bulkhead-force-mfa"));
    expect(statementOf(document, "DenyAllExceptListedIfNoMFA")).toEqual({
      Sid: "DenyAllExceptListedIfNoMFA",
      Effect: "Deny",
      NotAction: [
        "iam:CreateVirtualMFADevice",
        "iam:EnableMFADevice",
        "iam:GetUser",
        "iam:GetMFADevice",
        "iam:ListMFADevices",
        "iam:ListVirtualMFADevices",
        "iam:ResyncMFADevice",
        "iam:ChangePassword",
        "iam:GetAccountPasswordPolicy",
        "sts:GetSessionToken",
      ],
      Resource: "*",
      Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
    });
    expect(asList(statementOf(document, "DenyAllExceptListedIfNoMFA").NotAction)).toEqual([...MFA_BOOTSTRAP_ACTIONS]);
  });

  it("lets users manage only their own credentials, with ${aws:username} escaped for Terraform", () => {
    const document = documentOf(resourceWith(synthesized, "aws_iam_policy", "name", "bulkhead-force-mfa"));
    const ownUser = "arn:aws:iam::*:user/$${aws:username}";
    expect(statementOf(document, "AllowManageOwnPasswords").Resource).toBe(ownUser);
    expect(statementOf(document, "AllowManageOwnUserMFA").Resource).toBe(ownUser);
    expect(statementOf(document, "AllowManageOwnAccessKeys")).toMatchObject({
      Effect: "Allow",
      Action: expect.arrayContaining(["iam:CreateAccessKey", "iam:UpdateAccessKey", "iam:DeleteAccessKey"]),
      Resource: ownUser,
    });
    for (const statement of document.Statement.filter((s) => s.Effect === "Allow")) {
      expect(statement.Condition).toBeUndefined();
      if (statement.Resource === "*")
        expect(asList(statement.Action).every((a) => /^iam:(Get|List)/.test(a))).toBe(true);
    }
  });

  it("drops self-service access keys when asked", () => {
    const document = documentOf(resourceWith(synthGroups(false), "aws_iam_policy", "name", "bulkhead-force-mfa"));
    expect(document.Statement.map((s) => s.Sid)).not.toContain("AllowManageOwnAccessKeys");
    expect(document.Statement.map((s) => s.Sid)).toContain("DenyAllExceptListedIfNoMFA");
  });

  it("grants sts:AssumeRole on the listed roles to the group only", () => {
    const groupPolicies = Object.values(resourcesOf(synthesized, "aws_iam_group_policy"));
    expect(groupPolicies).toHaveLength(1);
    expect(groupPolicies[0].group).toBe(referenceTo(synthesized, "aws_iam_group", "name", "admins", "name"));
    expect(documentOf(groupPolicies[0]).Statement).toEqual([
      { Sid: "AllowAssumeDutyRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: [ROLE_ARN] },
    ]);
  });

  it("exposes groups, users and member ARNs", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    const humans = new HumanGroups(stack, "humans", { groups: [{ name: "ops", members: ["carol"] }] });
    expect(humans.group("ops")).toBeInstanceOf(IamGroup);
    expect(humans.user("carol")).toBeInstanceOf(IamUser);
    expect(humans.memberNames("ops")).toEqual(["carol"]);
    new TerraformOutput(stack, "arns", { value: humans.memberArns("ops") });
    const outputs = (JSON.parse(Testing.synth(stack)) as { output: Record<string, { value: unknown }> }).output;
    expect(outputs.arns.value).toEqual([expect.stringMatching(/^\$\{aws_iam_user\.humans_user-carol_\w+\.arn\}$/)]);
    expect(() => humans.group("nope")).toThrow(/no group named nope/);
    expect(() => humans.user("nope")).toThrow(/no user named nope/);
  });

  it("rejects bad input", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    expect(() => new HumanGroups(stack, "a", { groups: [] })).toThrow(/at least one group/);
    expect(() => new HumanGroups(stack, "b", { groups: [{ name: "x" }, { name: "x" }] })).toThrow(/listed twice/);
    expect(() => new HumanGroups(stack, "c", { groups: [{ name: "x", members: ["bad name"] }] })).toThrow(
      /IAM user name/,
    );
    expect(() => new HumanGroups(stack, "d", { groups: [{ name: "x", members: ["a", "a"] }] })).toThrow(/member twice/);
    expect(() => new HumanGroups(stack, "e", { groups: [{ name: "x", assumableRoleArns: ["iam-admin"] }] })).toThrow(
      /role ARN/,
    );
  });

  it("creates one force-MFA policy shared by all groups, beside the stack's guardrail", () => {
    const names = Object.values(resourcesOf(synthesized, "aws_iam_policy")).map((policy) => policy.name);
    expect(names.sort()).toEqual(["bulkhead-backup-guardrail", "bulkhead-force-mfa", "bulkhead-human-boundary"]);
  });
});
