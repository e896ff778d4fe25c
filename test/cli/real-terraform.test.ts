/**
 * Binary plans and `bulkhead plan` with the real terraform on PATH (1.11.4 on the project's
 * machines and in CI). `terraform_data` resources need no provider, so `terraform init` works
 * offline. Where terraform is absent, the suite's name says so and its tests are skipped.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import type { Report } from "../../src/engine/types";
import { findTerraform } from "../../src/engine/terraform";
import { tempDir } from "../helpers/tmp";
import { expectOneLineError, run } from "./run";

const terraform = (() => {
  try {
    return findTerraform(undefined, { env: process.env, cwd: process.cwd(), stderr: () => undefined }, "the tests");
  } catch {
    return undefined;
  }
})();
const suite = terraform !== undefined && /terraform$/.test(terraform) ? describe : describe.skip;
const title =
  terraform === undefined ? "real terraform (not on PATH here: skipped; CI has it)" : `real terraform (${terraform})`;

const CONFIG =
  'resource "terraform_data" "a" {\n  input = "a"\n}\n\nresource "terraform_data" "b" {\n  input = "b"\n}\n';

/** A configuration of two terraform_data resources, initialised; TF_CLI_CONFIG_FILE an empty file. */
function workdir(): { cwd: string; env: NodeJS.ProcessEnv } {
  const cwd = tempDir("real-tf");
  writeFileSync(join(cwd, "main.tf"), CONFIG);
  writeFileSync(join(cwd, "terraformrc"), "");
  const env: NodeJS.ProcessEnv = {
    PATH: [join(terraform ?? "", ".."), "/usr/bin", "/bin"].join(delimiter),
    HOME: cwd,
    TF_CLI_CONFIG_FILE: join(cwd, "terraformrc"),
    TF_IN_AUTOMATION: "1",
  };
  const init = spawnSync(terraform ?? "terraform", ["init", "-input=false", "-no-color"], { cwd, env });
  if (init.status !== 0) throw new Error(`terraform init failed: ${init.stderr.toString()}`);
  return { cwd, env };
}

function tf(args: string[], w: { cwd: string; env: NodeJS.ProcessEnv }): void {
  const r = spawnSync(terraform ?? "terraform", args, { cwd: w.cwd, env: w.env });
  if (r.status !== 0) throw new Error(`terraform ${args.join(" ")} failed: ${r.stderr.toString()}`);
}

suite(title, () => {
  test("check tfplan: shown with terraform show -json, checked", async () => {
    const w = workdir();
    tf(["plan", "-input=false", "-no-color", "-out=tfplan"], w);
    const r = await run(["check", "tfplan", "-f", "json"], w);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.source).toMatchObject({ path: "tfplan", terraformVersion: expect.stringMatching(/^1\./) });
    expect(report.summary).toMatchObject({ resources: 2, findings: 0, blocked: false });
  });

  test("a -target plan: only the targeted resource", async () => {
    const w = workdir();
    tf(["plan", "-input=false", "-no-color", "-out=tfplan", "-target=terraform_data.a"], w);
    const r = await run(["check", "tfplan", "-f", "json"], w);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Report).summary.resources).toBe(1);
  });

  test("a corrupt plan file: terraform's first Error: line, no colour codes", async () => {
    const w = workdir();
    writeFileSync(join(w.cwd, "corrupt.tfplan"), Buffer.from("PK\x03\x04not really a zip", "latin1"));
    const r = await run(["check", "corrupt.tfplan"], w);
    expectOneLineError(
      r,
      "terraform show -json corrupt.tfplan failed (exit 1): Error: Failed to read the given file as a state or plan file",
    );
    expect(r.stderr).not.toMatch(/\u001b|╷|╵/);
  });

  test("bulkhead plan on a configuration terraform refuses: its Error: line", async () => {
    const w = workdir();
    writeFileSync(join(w.cwd, "bad.tf"), 'resource "terraform_data" "c" {\n  input = var.missing\n}\n');
    const r = await run(["plan"], w);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const last = r.stderr.trimEnd().split("\n").pop();
    expect(last).toBe("bulkhead: terraform plan failed (exit 1): Error: Reference to undeclared input variable");
    expect(r.stderr).not.toMatch(/\u001b/);
  });

  test("bulkhead plan passes and says the plan is gone; --out keeps it, and terraform reads it", async () => {
    const w = workdir();
    const r = await run(["plan"], w);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("no findings in 2 resources, 0 principals — passed\n");
    expect(r.stderr).toContain("Plan: 2 to add, 0 to change, 0 to destroy.");
    expect(r.stderr).toContain("bulkhead: the plan checked here is a temporary file, deleted on exit");
    expect(r.stderr).not.toMatch(/\u001b/);
    const kept = await run(["plan", "--out", "checked.tfplan", "--", "-target=terraform_data.b"], w);
    expect(kept.code).toBe(0);
    expect(kept.stderr).toContain("bulkhead: the plan checked here is kept in checked.tfplan");
    expect(existsSync(join(w.cwd, "checked.tfplan"))).toBe(true);
    const again = await run(["check", "checked.tfplan", "-f", "json"], w);
    expect((JSON.parse(again.stdout) as Report).summary.resources).toBe(1);
    expect(readFileSync(join(w.cwd, "checked.tfplan")).subarray(0, 2).toString()).toBe("PK");
  });
});
