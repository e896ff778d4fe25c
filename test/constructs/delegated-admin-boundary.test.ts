import { Testing, TerraformStack } from "cdktf";
import { AccountContext, BackupGuardrailPolicy, DelegatedAdminBoundary } from "../../src/constructs";
import { documentOf, referenceTo, resourceWith, statementOf } from "./synth-helpers";

Testing.setupJest();

const BOUNDARY_ARN = "arn:aws:iam::111122223333:policy/bulkhead/bulkhead-delegated-admin-boundary";

describe("DelegatedAdminBoundary", () => {
  const synthesized = Testing.synthScope((stack) => {
    new AccountContext(stack, AccountContext.ID, { accountId: "111122223333" });
    const boundary = new DelegatedAdminBoundary(stack, "boundary", {
      protectedArns: ["arn:aws:iam::111122223333:role/bulkhead/break-glass-backup-deleter"],
    });
    boundary.protect("arn:aws:iam::111122223333:group/break-glass");
  });
  const document = documentOf(resourceWith(synthesized, "aws_iam_policy", "name", "bulkhead-delegated-admin-boundary"));
  const guardrailArn = referenceTo(synthesized, "aws_iam_policy", "name", "bulkhead-backup-guardrail");

  it("allows everything but account and organization changes", () => {
    expect(statementOf(document, "AllowOutsideAccountAndOrganization")).toMatchObject({
      Effect: "Allow",
      NotAction: ["account:*", "organizations:*"],
      Resource: "*",
    });
  });

  it("denies backup destruction with the guardrail's list, unconditionally", () => {
    const guardrail = documentOf(resourceWith(synthesized, "aws_iam_policy", "name", "bulkhead-backup-guardrail"));
    const deny = statementOf(document, "DenyBackupDestruction");
    expect(deny).toEqual({ ...guardrail.Statement[0], Sid: "DenyBackupDestruction" });
  });

  it("denies editing the boundary and the guardrail, and removing boundaries", () => {
    expect(statementOf(document, "DenyEditingGuardrailPolicies")).toMatchObject({
      Effect: "Deny",
      Action: expect.arrayContaining(["iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:SetDefaultPolicyVersion"]),
      Resource: [BOUNDARY_ARN, guardrailArn],
    });
    expect(statementOf(document, "DenyRemovingBoundaries")).toEqual({
      Sid: "DenyRemovingBoundaries",
      Effect: "Deny",
      Action: ["iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary"],
      Resource: "*",
    });
    expect(statementOf(document, "DenyDetachingGuardrail").Condition).toEqual({
      ArnEquals: { "iam:PolicyARN": guardrailArn },
    });
  });

  it("denies creating users and roles without this same boundary", () => {
    expect(statementOf(document, "DenyPrincipalsWithoutThisBoundary")).toEqual({
      Sid: "DenyPrincipalsWithoutThisBoundary",
      Effect: "Deny",
      Action: ["iam:CreateRole", "iam:CreateUser", "iam:PutRolePermissionsBoundary", "iam:PutUserPermissionsBoundary"],
      Resource: "*",
      Condition: { StringNotEquals: { "iam:PermissionsBoundary": BOUNDARY_ARN } },
    });
  });

  it("leaves the protected principals read-only, including those added later", () => {
    expect(statementOf(document, "DenyTouchingProtectedPrincipals")).toMatchObject({
      Effect: "Deny",
      NotAction: expect.arrayContaining(["iam:Get*", "iam:List*"]),
      Resource: [
        "arn:aws:iam::111122223333:role/bulkhead/break-glass-backup-deleter",
        "arn:aws:iam::111122223333:group/break-glass",
      ],
    });
  });

  it("omits the protected-principals statement when there are none", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    const boundary = new DelegatedAdminBoundary(stack, "boundary", {
      backupGuardrail: new BackupGuardrailPolicy(stack, "g"),
    });
    expect(boundary.document.Statement.map((s) => s.Sid)).not.toContain("DenyTouchingProtectedPrincipals");
  });

  it("builds its own ARN from path and name, and the account from caller identity by default", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    const boundary = new DelegatedAdminBoundary(stack, "boundary", { policyName: "b", path: "/x/" });
    const synthesizedDefault = Testing.synth(stack);
    const condition = statementOf(
      documentOf(resourceWith(synthesizedDefault, "aws_iam_policy", "name", "b")),
      "DenyPrincipalsWithoutThisBoundary",
    ).Condition;
    expect(condition?.StringNotEquals["iam:PermissionsBoundary"]).toMatch(
      /^arn:aws:iam::\$\{data\.aws_caller_identity\.\w+\.account_id\}:policy\/x\/b$/,
    );
    expect(boundary.expectedArn).toContain(":policy/x/b");
  });
});
