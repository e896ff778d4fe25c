import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { App, Testing } from "cdktf";
import { AccountBaselineStack } from "../../stacks/account-baseline";
import { exampleAccountBaseline, exampleOrgGuardrails } from "../../stacks/example-config";
import { OrgGuardrailsStack } from "../../stacks/org-guardrails";
import { expectOneLineError, run } from "../cli/run";
import { tempDir } from "../helpers/tmp";

/** `bulkhead check cdktf.out`: the CLI reads a synth output folder (or one cdk.tf.json). */
describe("bulkhead check on a CDKTF synth output", () => {
  it("passes the baseline's cdktf.out, one report per stack", async () => {
    const outdir = tempDir("cdktf-out");
    const app = new App({ outdir });
    new AccountBaselineStack(app, "account-baseline", exampleAccountBaseline);
    new OrgGuardrailsStack(app, "org-guardrails", exampleOrgGuardrails);
    app.synth();
    const r = await run(["check", outdir, "-f", "json"]);
    expect(r.code).toBe(0);
    const set = JSON.parse(r.stdout);
    expect(set.reports.map((x: { source: { path: string } }) => x.source.path)).toEqual([
      join(outdir, "stacks/account-baseline/cdk.tf.json"),
      join(outdir, "stacks/org-guardrails/cdk.tf.json"),
    ]);
    expect(set.reports[0].summary).toMatchObject({ resources: 116, principals: 20, findings: 0 });
  });

  it("blocks a stack (synthesized by Testing.synth, which skips validations) that gives break-glass admin", async () => {
    const app = Testing.app();
    const stack = new AccountBaselineStack(app, "account-baseline", exampleAccountBaseline);
    new IamRolePolicyAttachment(stack, "mutation", {
      role: stack.breakGlass.role.name,
      policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
    });
    const file = join(tempDir("stack"), "cdk.tf.json");
    writeFileSync(file, Testing.synth(stack));
    const r = await run(["check", file, "-f", "json"]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.findings.map((f: { ruleId: string; principal: string }) => [f.ruleId, f.principal])).toEqual([
      ["BH001", "break-glass-backup-deleter"],
    ]);
  });

  it("refuses a folder whose manifest lists no stack, in one line", async () => {
    const dir = tempDir("empty-out");
    writeFileSync(join(dir, "manifest.json"), JSON.stringify({ stacks: {}, version: "0.21.0" }));
    expectOneLineError(await run(["check", dir]), /holds no synthesized stack/);
  });
});
