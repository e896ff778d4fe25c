/**
 * The synth-time guard honours the org config and waivers: given as options, or read from the
 * files next to cdktf.json, so a break-glass exemption is written once for the CLI and the guard.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { App } from "cdktf";
import { Bulkhead } from "../../src/cdktf";
import { AccountBaselineStack } from "../../stacks/account-baseline";
import { exampleAccountBaseline } from "../../stacks/example-config";
import { tempDir } from "../helpers/tmp";

const EXEMPTION = {
  exemptions: [
    { principal: "break-glass-backup-deleter", rules: ["BH001"], reason: "Break-glass role by design, alarm on use" },
  ],
};

/** The baseline with AdministratorAccess on the break-glass role: BH001 blocks without an exemption. */
function mutated(): { app: App; stack: AccountBaselineStack } {
  const app = new App({ outdir: tempDir("guard-options") });
  const stack = new AccountBaselineStack(app, "account-baseline", exampleAccountBaseline);
  new IamRolePolicyAttachment(stack, "mutation", {
    role: stack.breakGlass.role.name,
    policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
  });
  return { app, stack };
}

describe("the guard with the org config and waivers", () => {
  test("options: config and waivers", () => {
    const { stack } = mutated();
    expect(Bulkhead.check(stack).report.summary.blocked).toBe(true);
    const exempt = Bulkhead.check(stack, { config: EXEMPTION }).report;
    expect(exempt.summary).toMatchObject({ blocked: false, exempted: 1 });
    const lowered = { enforcement: { BH001: "soft-mandatory" as const } };
    const waiver = {
      ruleId: "BH001",
      principal: "break-glass-*",
      reason: "Accepted until the role is split, ticket SEC-1",
      expires: "2999-12-31",
      approvedBy: "security",
    };
    const waived = Bulkhead.check(stack, { config: lowered, waivers: [waiver] }).report;
    expect(waived.summary).toMatchObject({ blocked: false, waived: 1 });
    expect(waived.waivers.map((w) => w.status)).toEqual(["applied"]);
    expect(() => Bulkhead.check(stack, { config: { failOn: "CRITICAL" } as never })).toThrow(
      'options.config: failOn: expected one of critical, high, medium, low, got the text "CRITICAL"',
    );
  });

  test("by default: bulkhead.config.yaml and bulkhead.waivers.yaml next to cdktf.json", () => {
    const dir = tempDir("guard-project");
    writeFileSync(join(dir, "cdktf.json"), JSON.stringify({ language: "typescript", app: "node main.js" }));
    const before = process.cwd();
    const { app } = mutated();
    expect(() => app.synth()).toThrow(/BH001 Admin with backup deletion/);
    process.chdir(dir);
    try {
      writeFileSync(
        join(dir, "bulkhead.config.yaml"),
        [
          "exemptions:",
          "  - principal: break-glass-backup-deleter",
          "    rules: [BH001]",
          "    reason: Break-glass role by design, alarm on use",
          "",
        ].join("\n"),
      );
      expect(() => mutated().app.synth()).not.toThrow();
      writeFileSync(join(dir, "bulkhead.config.yaml"), "enforcement: { BH001: soft-mandatory }\n");
      expect(() => mutated().app.synth()).toThrow(/BH001/);
      writeFileSync(
        join(dir, "bulkhead.waivers.yaml"),
        [
          "waivers:",
          "  - ruleId: BH001",
          "    principal: break-glass-*",
          "    reason: Accepted until the role is split, ticket SEC-1",
          '    expires: "2999-12-31"',
          "    approvedBy: security",
          "",
        ].join("\n"),
      );
      expect(() => mutated().app.synth()).not.toThrow();
    } finally {
      process.chdir(before);
    }
  });
});
