import { Testing, TerraformStack } from "cdktf";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { WorkloadRole } from "../../src/constructs";
import { documentOf, onlyResource, referenceTo, resourcesOf } from "./synth-helpers";

Testing.setupJest();

describe("WorkloadRole", () => {
  const synthesized = Testing.synthScope((stack) => {
    new WorkloadRole(stack, "web", {
      roleName: "web-app",
      statements: [{ Sid: "ReadAssets", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::assets/*" }],
      managedPolicyArns: ["arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"],
    });
  });

  it("is assumed by EC2 under /workload/ and gets an instance profile", () => {
    expect(synthesized).toHaveResourceWithProperties(IamRole, {
      name: "web-app",
      path: "/workload/",
      max_session_duration: 3600,
    });
    expect(documentOf(onlyResource(synthesized, "aws_iam_role"), "assume_role_policy").Statement[0].Principal).toEqual({
      Service: "ec2.amazonaws.com",
    });
    expect(synthesized).toHaveResourceWithProperties(IamInstanceProfile, {
      name: "web-app",
      role: referenceTo(synthesized, "aws_iam_role", "name", "web-app", "name"),
    });
  });

  it("gets its permissions, the guardrail and the boundary, and no access key", () => {
    expect(documentOf(onlyResource(synthesized, "aws_iam_role_policy")).Statement[0].Sid).toBe("ReadAssets");
    const attached = Object.values(resourcesOf(synthesized, "aws_iam_role_policy_attachment")).map((a) => a.policy_arn);
    expect(attached.sort()).toEqual(
      [
        "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy",
        referenceTo(synthesized, "aws_iam_policy", "name", "bulkhead-backup-guardrail"),
      ].sort(),
    );
    expect(onlyResource(synthesized, "aws_iam_role").permissions_boundary).toBe(
      referenceTo(synthesized, "aws_iam_policy", "name", "bulkhead-delegated-admin-boundary"),
    );
    expect(resourcesOf(synthesized, "aws_iam_access_key")).toEqual({});
    expect(resourcesOf(synthesized, "aws_iam_user")).toEqual({});
  });

  it("skips the instance profile for other services and the guardrail only on request", () => {
    const lambda = Testing.synthScope((stack) => {
      new WorkloadRole(stack, "fn", {
        roleName: "fn",
        servicePrincipals: ["lambda.amazonaws.com"],
        allowBackupDeletion: true,
      });
    });
    expect(resourcesOf(lambda, "aws_iam_instance_profile")).toEqual({});
    expect(resourcesOf(lambda, "aws_iam_role_policy_attachment")).toEqual({});
  });

  it("rejects bad input", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    expect(() => new WorkloadRole(stack, "a", { roleName: "a", servicePrincipals: [] })).toThrow(
      /at least one service/,
    );
    expect(() => new WorkloadRole(stack, "b", { roleName: "b", servicePrincipals: ["ec2"] })).toThrow(
      /service principal/,
    );
    expect(() => new WorkloadRole(stack, "c", { roleName: "c", maxSessionDuration: 60 })).toThrow(/at least 3600/);
    expect(() => new WorkloadRole(stack, "d", { roleName: "d", managedPolicyArns: ["ReadOnlyAccess"] })).toThrow(
      /policy ARN/,
    );
  });
});
