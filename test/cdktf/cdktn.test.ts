/**
 * CDK Terrain: the guard on a cdktn 0.24 stack (constructs 10.7). The fixture project
 * test/cdktn-project has its own package.json and lock (cdktn needs constructs >= 10.6, this
 * package pins 10.4.2 for CDKTF 0.21); the test installs it there when it is missing, type-checks
 * its app against cdktn's types with the built guard's declarations, and runs it.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../cli/run";

const root = join(__dirname, "../..");
const fixture = join(root, "test/cdktn-project");
const guardBuild = join(root, "dist/src/cdktf");

function app(mutation: string): { outdir: string; status: number | null; stderr: string } {
  const outdir = mkdtempSync(join(tmpdir(), "bulkhead-cdktn-"));
  const r = spawnSync(process.execPath, [join(fixture, "build/app.js"), outdir, mutation], {
    env: { ...process.env, BULKHEAD_CDKTF: guardBuild },
    encoding: "utf8",
  });
  return { outdir, status: r.status, stderr: r.stderr };
}

describe("the guard on a CDK Terrain (cdktn) stack", () => {
  beforeAll(() => {
    if (!existsSync(join(fixture, "node_modules/cdktn/package.json"))) {
      execFileSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: fixture, stdio: "pipe", timeout: 300_000 });
    }
    // Type-check (and emit) the app against cdktn and constructs 10.7: a failure throws with tsc's output.
    execFileSync(
      process.execPath,
      [
        join(root, "node_modules/typescript/bin/tsc"),
        "-p",
        join(fixture, "tsconfig.json"),
        "--outDir",
        join(fixture, "build"),
      ],
      { stdio: "pipe" },
    );
  });

  it("installs the cdktn versions the fixture pins", () => {
    const version = (name: string) =>
      (JSON.parse(readFileSync(join(fixture, "node_modules", name, "package.json"), "utf8")) as { version: string })
        .version;
    expect([version("cdktn"), version("constructs")]).toEqual(["0.24.0", "10.7.0"]);
  });

  it("the guard's declarations import neither cdktf nor constructs (typed structurally)", () => {
    for (const file of readdirSync(guardBuild).filter((f) => f.endsWith(".d.ts"))) {
      expect([file, readFileSync(join(guardBuild, file), "utf8")]).not.toEqual([
        file,
        expect.stringMatching(/from ["'](cdktf|constructs)["']/),
      ]);
    }
  });

  it("a clean stack synthesizes, and bulkhead check on its output passes", async () => {
    const { outdir, status, stderr } = app("none");
    expect([status, stderr]).toEqual([0, ""]);
    const r = await run(["check", outdir, "-f", "json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary).toMatchObject({ findings: 0, principals: 1 });
  });

  it("a blocking finding fails the cdktn synth, attached to the construct", () => {
    const { status, stderr } = app("admin-and-backup-deletion");
    expect(status).not.toBe(0);
    expect(stderr).toMatch(/\[operators\/operator\] BH001 Admin with backup deletion: violation, new: operator/);
  });
});
