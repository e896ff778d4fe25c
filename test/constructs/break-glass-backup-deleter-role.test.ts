import { Testing, TerraformStack, TerraformVariable } from "cdktf";
import { IamGroup } from "@cdktf/provider-aws/lib/iam-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { AccountContext, BACKUP_DESTRUCTIVE_ACTIONS, BreakGlassBackupDeleterRole } from "../../src/constructs";
import { asList, documentOf, onlyResource, referenceTo, resourcesOf, statementOf } from "./synth-helpers";

Testing.setupJest();

const ALICE = "arn:aws:iam::111122223333:user/alice";

describe("BreakGlassBackupDeleterRole", () => {
  const synthesized = Testing.synthScope((stack) => {
    new AccountContext(stack, AccountContext.ID, { accountId: "111122223333" });
    const role = new BreakGlassBackupDeleterRole(stack, "break-glass", { allowedCallerArns: [ALICE] });
    role.grantAssumeToGroup(new IamGroup(stack, "group", { name: "break-glass" }));
  });

  it("needs MFA younger than 15 minutes and an allowed caller; sessions last one hour", () => {
    expect(synthesized).toHaveResourceWithProperties(IamRole, {
      name: "break-glass-backup-deleter",
      path: "/bulkhead/",
      max_session_duration: 3600,
    });
    expect(documentOf(onlyResource(synthesized, "aws_iam_role"), "assume_role_policy").Statement).toEqual([
      {
        Sid: "AllowAssumeWithRecentMfa",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::111122223333:root" },
        Action: "sts:AssumeRole",
        Condition: {
          Bool: { "aws:MultiFactorAuthPresent": "true" },
          NumericLessThan: { "aws:MultiFactorAuthAge": "900" },
          ArnLike: { "aws:PrincipalArn": [ALICE] },
        },
      },
    ]);
  });

  it("may delete backups and nothing else: no IAM, no guardrail, no boundary", () => {
    const document = documentOf(onlyResource(synthesized, "aws_iam_role_policy"));
    expect(statementOf(document, "AllowBackupDeletion")).toEqual({
      Sid: "AllowBackupDeletion",
      Effect: "Allow",
      Action: [...BACKUP_DESTRUCTIVE_ACTIONS],
      Resource: "*",
    });
    const actions = document.Statement.flatMap((s) => asList(s.Action));
    expect(actions.filter((a) => a.startsWith("iam:") || a.includes("*:") || a === "*")).toEqual([]);
    const extra = asList(statementOf(document, "AllowFindingBackups").Action);
    expect(extra.every((a) => /:(Describe|Get|List)/.test(a))).toBe(true);
    expect(document.Statement.every((s) => s.NotAction === undefined)).toBe(true);
    expect(resourcesOf(synthesized, "aws_iam_role_policy_attachment")).toEqual({});
    expect(onlyResource(synthesized, "aws_iam_role").permissions_boundary).toBeUndefined();
  });

  it("grants sts:AssumeRole on itself to one group", () => {
    const grant = onlyResource(synthesized, "aws_iam_group_policy");
    expect(grant.group).toBe(referenceTo(synthesized, "aws_iam_group", "name", "break-glass", "name"));
    expect(documentOf(grant).Statement).toEqual([
      {
        Sid: "AllowAssumeBreakGlass",
        Effect: "Allow",
        Action: "sts:AssumeRole",
        Resource: referenceTo(synthesized, "aws_iam_role", "name", "break-glass-backup-deleter"),
      },
    ]);
  });

  it("refuses a second group", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    const role = new BreakGlassBackupDeleterRole(stack, "break-glass");
    role.grantAssumeToGroup(new IamGroup(stack, "one", { name: "one" }));
    expect(() => role.grantAssumeToGroup(new IamGroup(stack, "two", { name: "two" }))).toThrow(/exactly one group/);
  });

  it("rejects a stale MFA age and an empty caller list", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    expect(() => new BreakGlassBackupDeleterRole(stack, "a", { maxMfaAgeSeconds: 3600 })).toThrow(/at most 900/);
    expect(() => new BreakGlassBackupDeleterRole(stack, "b", { allowedCallerArns: [] })).toThrow(/must not be empty/);
    const age = new TerraformVariable(stack, "age", { type: "number" }).numberValue;
    expect(() => new BreakGlassBackupDeleterRole(stack, "c", { maxMfaAgeSeconds: age })).not.toThrow();
  });

  it("publishes the ARN pattern the org SCP exempts", () => {
    expect(BreakGlassBackupDeleterRole.arnPattern()).toBe("arn:aws:iam::*:role/bulkhead/break-glass-backup-deleter");
  });
});
