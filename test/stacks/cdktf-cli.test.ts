/**
 * The command the README shows: `npx cdktf synth` (cdktf-cli 0.21.0, a dev dependency) runs
 * cdktf.json's app, which builds what it runs, and `bulkhead check cdktf.out` passes both stacks.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../cli/run";

const root = join(__dirname, "../..");

describe("npx cdktf synth", () => {
  it("cdktf.json's app compiles the stacks before it runs them (a fresh clone has no dist/)", () => {
    const { app } = JSON.parse(readFileSync(join(root, "cdktf.json"), "utf8")) as { app: string };
    expect(app).toBe("npx tsc -p tsconfig.build.json && node dist/stacks/main.js");
    const devDependencies = (
      JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
        devDependencies: Record<string, string>;
      }
    ).devDependencies;
    expect(devDependencies["cdktf-cli"]).toBe("0.21.0");
  });

  it("synthesizes both stacks with the real CLI, and bulkhead check cdktf.out passes them", async () => {
    const output = mkdtempSync(join(tmpdir(), "bulkhead-cdktf-cli-"));
    try {
      const r = spawnSync(
        process.execPath,
        [join(root, "node_modules/cdktf-cli/bundle/bin/cdktf"), "synth", "--output", output],
        { cwd: root, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "1" }, timeout: 240_000 },
      );
      expect([r.status, r.stdout]).toEqual([0, expect.stringContaining("account-baseline, org-guardrails")]);
      const check = await run(["check", output, "-f", "json"]);
      expect(check.code).toBe(0);
      const set = JSON.parse(check.stdout) as { reports: { summary: { findings: number } }[] };
      expect(set.reports.map((report) => report.summary.findings)).toEqual([0, 0]);
    } finally {
      rmSync(output, { recursive: true, force: true });
    }
  }, 300_000);
});
