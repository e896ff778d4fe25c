import { Testing, TerraformStack, TerraformVariable } from "cdktf";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import {
  AccountContext,
  AuditorRole,
  HumanRole,
  IAM_WRITE_ACTION_PATTERNS,
  IamAdminRole,
  InfrastructureAdminRole,
  SupportRole,
} from "../../src/constructs";
import { asList, documentOf, referenceTo, resourcesOf, resourceWith, statementOf } from "./synth-helpers";

Testing.setupJest();

const ACCOUNT = "111122223333";

function synthRoles(): string {
  return Testing.synthScope((stack) => {
    new AccountContext(stack, AccountContext.ID, { accountId: ACCOUNT });
    new IamAdminRole(stack, "iam-admin");
    new InfrastructureAdminRole(stack, "infra-admin");
    new AuditorRole(stack, "auditor");
    new SupportRole(stack, "support", { maxSessionDuration: 7200, maxMfaAgeSeconds: 1800 });
  });
}

function inlinePolicyOf(synthesized: string, roleName: string) {
  const role = referenceTo(synthesized, "aws_iam_role", "name", roleName, "name");
  return documentOf(resourceWith(synthesized, "aws_iam_role_policy", "role", role));
}

function attachedTo(synthesized: string, roleName: string): string[] {
  const role = referenceTo(synthesized, "aws_iam_role", "name", roleName, "name");
  return Object.values(resourcesOf(synthesized, "aws_iam_role_policy_attachment"))
    .filter((attachment) => attachment.role === role)
    .map((attachment) => String(attachment.policy_arn))
    .sort();
}

describe("duty roles", () => {
  const synthesized = synthRoles();
  const guardrail = referenceTo(synthesized, "aws_iam_policy", "name", "bulkhead-backup-guardrail");
  const boundary = referenceTo(synthesized, "aws_iam_policy", "name", "bulkhead-delegated-admin-boundary");

  it.each(["iam-admin", "infrastructure-admin", "auditor"])(
    "%s trusts the account root only with MFA younger than an hour",
    (name) => {
      expect(synthesized).toHaveResourceWithProperties(IamRole, {
        name,
        path: "/bulkhead/",
        max_session_duration: 3600,
      });
      const trust = documentOf(resourceWith(synthesized, "aws_iam_role", "name", name), "assume_role_policy");
      expect(trust.Statement).toEqual([
        {
          Sid: "AllowAssumeWithRecentMfa",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Action: "sts:AssumeRole",
          Condition: {
            Bool: { "aws:MultiFactorAuthPresent": "true" },
            NumericLessThan: { "aws:MultiFactorAuthAge": "3600" },
          },
        },
      ]);
    },
  );

  it("takes the session length and MFA age from props", () => {
    expect(synthesized).toHaveResourceWithProperties(IamRole, { name: "support", max_session_duration: 7200 });
    const trust = documentOf(resourceWith(synthesized, "aws_iam_role", "name", "support"), "assume_role_policy");
    expect(trust.Statement[0].Condition?.NumericLessThan).toEqual({ "aws:MultiFactorAuthAge": "1800" });
  });

  it.each(["iam-admin", "infrastructure-admin", "auditor", "support"])(
    "%s carries the guardrail and the boundary",
    (name) => {
      expect(attachedTo(synthesized, name)).toContain(guardrail);
      expect(resourceWith(synthesized, "aws_iam_role", "name", name).permissions_boundary).toBe(boundary);
    },
  );

  it("gives the IAM admin IAM and nothing that deletes backups", () => {
    const document = inlinePolicyOf(synthesized, "iam-admin");
    expect(statementOf(document, "AllowIamAdministration")).toEqual({
      Sid: "AllowIamAdministration",
      Effect: "Allow",
      Action: ["iam:*", "access-analyzer:*"],
      Resource: "*",
    });
    const allowed = document.Statement.filter((s) => s.Effect === "Allow").flatMap((s) => asList(s.Action));
    expect(allowed.filter((action) => !/^(iam|access-analyzer|organizations):/.test(action))).toEqual([]);
    expect(attachedTo(synthesized, "iam-admin")).toEqual([guardrail]);
  });

  it("gives the infrastructure admin everything but IAM, and denies every IAM write", () => {
    const document = inlinePolicyOf(synthesized, "infrastructure-admin");
    expect(statementOf(document, "AllowInfrastructureOutsideIam")).toMatchObject({
      Effect: "Allow",
      NotAction: ["iam:*", "organizations:*", "account:*"],
      Resource: "*",
    });
    const deny = statementOf(document, "DenyIamWrite");
    expect(deny).toEqual({
      Sid: "DenyIamWrite",
      Effect: "Deny",
      Action: [...IAM_WRITE_ACTION_PATTERNS],
      Resource: "*",
    });
    expect(asList(deny.Action)).toEqual(
      expect.arrayContaining(["iam:Create*", "iam:Put*", "iam:Attach*", "iam:Update*", "iam:Delete*"]),
    );
    expect(statementOf(document, "AllowPassWorkloadRoles")).toMatchObject({
      Action: "iam:PassRole",
      Resource: `arn:aws:iam::${ACCOUNT}:role/workload/*`,
    });
    const iamAllows = document.Statement.filter((s) => s.Effect === "Allow")
      .flatMap((s) => asList(s.Action))
      .filter((a) => a.startsWith("iam:"));
    expect(iamAllows.sort()).toEqual(["iam:Get*", "iam:List*", "iam:PassRole"]);
  });

  it("gives the auditor SecurityAudit and ViewOnlyAccess (no data reads), the support role AWSSupportAccess", () => {
    expect(attachedTo(synthesized, "auditor")).toEqual(
      [
        "arn:aws:iam::aws:policy/SecurityAudit",
        "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
        guardrail,
      ].sort(),
    );
    expect(synthesized).toHaveResourceWithProperties(IamRolePolicyAttachment, {
      policy_arn: "arn:aws:iam::aws:policy/AWSSupportAccess",
      role: referenceTo(synthesized, "aws_iam_role", "name", "support", "name"),
    });
    const auditorRef = referenceTo(synthesized, "aws_iam_role", "name", "auditor", "name");
    expect(Object.values(resourcesOf(synthesized, "aws_iam_role_policy")).filter((p) => p.role === auditorRef)).toEqual(
      [],
    );
  });

  it("shares one guardrail and one boundary across the stack", () => {
    const names = Object.values(resourcesOf(synthesized, "aws_iam_policy")).map((p) => p.name);
    expect(names.sort()).toEqual(["bulkhead-backup-guardrail", "bulkhead-delegated-admin-boundary"]);
  });

  it("leaves the boundary off only on request", () => {
    const unbounded = Testing.synthScope((stack) => {
      new IamAdminRole(stack, "iam-admin", { withoutPermissionsBoundary: true });
    });
    expect(resourceWith(unbounded, "aws_iam_role", "name", "iam-admin").permissions_boundary).toBeUndefined();
    expect(Object.values(resourcesOf(unbounded, "aws_iam_role_policy_attachment")).map((a) => a.policy_arn)).toEqual([
      referenceTo(unbounded, "aws_iam_policy", "name", "bulkhead-backup-guardrail"),
    ]);
  });

  it("trusts named principals when given, still with MFA", () => {
    const named = Testing.synthScope((stack) => {
      new HumanRole(stack, "custom", {
        roleName: "custom",
        trustedPrincipalArns: ["arn:aws:iam::111122223333:user/alice"],
        statements: [{ Sid: "Read", Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
      });
    });
    const trust = documentOf(resourceWith(named, "aws_iam_role", "name", "custom"), "assume_role_policy");
    expect(trust.Statement[0].Principal).toEqual({ AWS: "arn:aws:iam::111122223333:user/alice" });
    expect(trust.Statement[0].Condition?.Bool).toEqual({ "aws:MultiFactorAuthPresent": "true" });
  });

  it("rejects sessions and MFA ages AWS or the baseline would not accept", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    expect(() => new AuditorRole(stack, "a", { maxSessionDuration: 600 })).toThrow(
      /maxSessionDuration: must be at least 3600/,
    );
    expect(() => new AuditorRole(stack, "b", { maxSessionDuration: 50000 })).toThrow(/at most 43200/);
    expect(() => new AuditorRole(stack, "c", { maxMfaAgeSeconds: 0 })).toThrow(/maxMfaAgeSeconds/);
    expect(() => new AuditorRole(stack, "d", { trustedPrincipalArns: [] })).toThrow(/must not be empty/);
    expect(() => new AuditorRole(stack, "e", { trustedPrincipalArns: ["alice"] })).toThrow(/principal ARN/);
    expect(() => new InfrastructureAdminRole(stack, "f", { passableRolePath: "/" })).toThrow(/every role/);
    expect(() => new SupportRole(stack, "g", { roleName: "has space" })).toThrow(/role name/);
  });

  it("skips validation of unresolved tokens", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    const seconds = new TerraformVariable(stack, "seconds", { type: "number" }).numberValue;
    expect(
      () => new AuditorRole(stack, "auditor", { maxSessionDuration: seconds, maxMfaAgeSeconds: seconds }),
    ).not.toThrow();
  });
});
