import { Testing, TerraformStack, TerraformVariable } from "cdktf";
import { OrganizationsPolicy } from "@cdktf/provider-aws/lib/organizations-policy";
import { OrganizationsPolicyAttachment } from "@cdktf/provider-aws/lib/organizations-policy-attachment";
import { policyDocument, ServiceControlPolicy } from "../../src/constructs";

Testing.setupJest();

const document = policyDocument({
  Sid: "DenyLeave",
  Effect: "Deny",
  Action: "organizations:LeaveOrganization",
  Resource: "*",
});

describe("ServiceControlPolicy", () => {
  it("creates the SCP and one attachment per target", () => {
    const synthesized = Testing.synthScope((stack) => {
      new ServiceControlPolicy(stack, "scp", {
        policyName: "deny-leave",
        description: "d",
        document,
        targetIds: ["r-ab12", "111122223333"],
      });
    });
    expect(synthesized).toHaveResourceWithProperties(OrganizationsPolicy, {
      name: "deny-leave",
      type: "SERVICE_CONTROL_POLICY",
      content: JSON.stringify(document),
    });
    expect(synthesized).toHaveResourceWithProperties(OrganizationsPolicyAttachment, { target_id: "r-ab12" });
    expect(synthesized).toHaveResourceWithProperties(OrganizationsPolicyAttachment, { target_id: "111122223333" });
  });

  it("rejects what Organizations would reject", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    const base = { policyName: "p", description: "d", document };
    expect(() => new ServiceControlPolicy(stack, "a", { ...base, targetIds: [] })).toThrow(/at least one/);
    expect(() => new ServiceControlPolicy(stack, "b", { ...base, targetIds: ["prod"] })).toThrow(/root, OU or account/);
    const huge = policyDocument({
      Effect: "Deny",
      Action: Array.from({ length: 400 }, (_, i) => `ec2:Action${i}`),
      Resource: "*",
    });
    expect(() => new ServiceControlPolicy(stack, "c", { ...base, document: huge, targetIds: ["r-ab12"] })).toThrow(
      /5120/,
    );
    const withPrincipal = policyDocument({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*" });
    expect(
      () => new ServiceControlPolicy(stack, "d", { ...base, document: withPrincipal, targetIds: ["r-ab12"] }),
    ).toThrow(/Principal/);
    const target = new TerraformVariable(stack, "target", { type: "string" }).stringValue;
    expect(() => new ServiceControlPolicy(stack, "e", { ...base, targetIds: [target] })).not.toThrow();
  });
});
