import { Testing, TerraformStack, TerraformVariable } from "cdktf";
import { IamAccountPasswordPolicy } from "@cdktf/provider-aws/lib/iam-account-password-policy";
import { AccountPasswordPolicy, BaselineValidationError } from "../../src/constructs";

Testing.setupJest();

describe("AccountPasswordPolicy", () => {
  it("defaults to the CIS values: 14 characters, reuse prevention 24, all character classes, 90 days", () => {
    const synthesized = Testing.synthScope((stack) => {
      new AccountPasswordPolicy(stack, "passwords");
    });
    expect(synthesized).toHaveResourceWithProperties(IamAccountPasswordPolicy, {
      minimum_password_length: 14,
      password_reuse_prevention: 24,
      require_uppercase_characters: true,
      require_lowercase_characters: true,
      require_numbers: true,
      require_symbols: true,
      max_password_age: 90,
      allow_users_to_change_password: true,
      hard_expiry: false,
    });
  });

  it("takes a longer length and a shorter expiry", () => {
    const synthesized = Testing.synthScope((stack) => {
      new AccountPasswordPolicy(stack, "passwords", { minimumPasswordLength: 20, maxPasswordAge: 60 });
    });
    expect(synthesized).toHaveResourceWithProperties(IamAccountPasswordPolicy, {
      minimum_password_length: 20,
      max_password_age: 60,
    });
  });

  it("rejects an 8-character minimum", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    expect(() => new AccountPasswordPolicy(stack, "passwords", { minimumPasswordLength: 8 })).toThrow(
      BaselineValidationError,
    );
    expect(() => new AccountPasswordPolicy(stack, "passwords2", { minimumPasswordLength: 8 })).toThrow(
      /minimumPasswordLength: 8 is below 14.*allowWeakPasswordPolicy/,
    );
  });

  it("rejects a reuse prevention below 24", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    expect(() => new AccountPasswordPolicy(stack, "passwords", { passwordReusePrevention: 5 })).toThrow(
      /passwordReusePrevention/,
    );
  });

  it("accepts a weak policy only with the named opt-out", () => {
    const synthesized = Testing.synthScope((stack) => {
      new AccountPasswordPolicy(stack, "passwords", { minimumPasswordLength: 8, allowWeakPasswordPolicy: true });
    });
    expect(synthesized).toHaveResourceWithProperties(IamAccountPasswordPolicy, { minimum_password_length: 8 });
  });

  it("rejects values AWS would refuse, even with the opt-out", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    expect(
      () => new AccountPasswordPolicy(stack, "a", { minimumPasswordLength: 4, allowWeakPasswordPolicy: true }),
    ).toThrow(/at least 6/);
    expect(() => new AccountPasswordPolicy(stack, "b", { maxPasswordAge: 0 })).toThrow(/maxPasswordAge/);
    expect(() => new AccountPasswordPolicy(stack, "c", { maxPasswordAge: 2000 })).toThrow(/at most 1095/);
    expect(() => new AccountPasswordPolicy(stack, "d", { minimumPasswordLength: 14.5 })).toThrow(/integer/);
  });

  it("skips validation of unresolved tokens", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    const length = new TerraformVariable(stack, "length", { type: "number" });
    expect(
      () => new AccountPasswordPolicy(stack, "passwords", { minimumPasswordLength: length.numberValue }),
    ).not.toThrow();
    expect(Testing.synth(stack)).toHaveResourceWithProperties(IamAccountPasswordPolicy, {
      minimum_password_length: "${var.length}",
    });
  });
});
