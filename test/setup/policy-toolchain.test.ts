/**
 * scripts/install-policy-tools.sh, which `npm test` runs first (pretest, --opa-only): without a
 * usable Go and without OPA in .tools/bin it stops with one line that names Go and where to get
 * it; with OPA already there it needs no Go at all. Each case runs a copy of the script (and of
 * package.json, for `npm test`) in a temporary directory, with a PATH of the few commands it uses.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "../helpers/engine";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the script (and package.json) in a new directory; a PATH of the given commands. */
function sandbox(commands: string[]): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), "bulkhead-toolchain-"));
  made.push(dir);
  mkdirSync(join(dir, "scripts"));
  copyFileSync(join(root, "scripts", "install-policy-tools.sh"), join(dir, "scripts", "install-policy-tools.sh"));
  copyFileSync(join(root, "package.json"), join(dir, "package.json"));
  const bin = join(dir, "path");
  mkdirSync(bin);
  for (const name of commands) {
    const which = spawnSync("bash", ["-c", `command -v ${name}`], { encoding: "utf8" });
    expect({ name, found: which.status === 0 }).toEqual({ name, found: true });
    symlinkSync(which.stdout.trim(), join(bin, name));
  }
  return { dir, path: bin };
}

const SCRIPT_COMMANDS = ["bash", "dirname", "mkdir", "sed", "cat"];

function runScript(dir: string, path: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync("bash", ["scripts/install-policy-tools.sh", "--opa-only"], {
    cwd: dir,
    env: { PATH: path, HOME: dir },
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function fakeCommand(file: string, body: string): void {
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
}

describe("the policy toolchain without Go", () => {
  test("no go on PATH and no opa: one line naming Go and where to get it, exit 2", () => {
    const { dir, path } = sandbox(SCRIPT_COMMANDS);
    const r = runScript(dir, path);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /^install-policy-tools: Go is required .*Go 1\.26 or newer \(https:\/\/go\.dev\/dl\/\).*\n$/,
    );
    expect(r.stderr.split("\n")).toHaveLength(2);
  });

  test("a Go too old to fetch the toolchain OPA needs: one line with its version, exit 2", () => {
    const { dir, path } = sandbox(SCRIPT_COMMANDS);
    fakeCommand(join(path, "go"), 'case "$2" in GOVERSION) echo go1.19.13;; *) echo local;; esac');
    const r = runScript(dir, path);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^install-policy-tools: go1\.19\.13 is too old \(OPA v1\.22\.3 needs Go 1\.26\).*\n$/);
    expect(r.stderr.split("\n")).toHaveLength(2);
  });

  test("opa of the pinned version already in .tools/bin: no Go needed, exit 0", () => {
    const { dir, path } = sandbox(SCRIPT_COMMANDS);
    mkdirSync(join(dir, ".tools", "bin"), { recursive: true });
    fakeCommand(join(dir, ".tools", "bin", "opa"), 'echo "Version: 1.22.3"');
    const r = runScript(dir, path);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
  });

  test("`npm test` stops at its pretest with that one line on stderr, no stack trace", () => {
    const { dir, path } = sandbox([...SCRIPT_COMMANDS, "sh", "node", "npm"]);
    const r = spawnSync("npm", ["test"], {
      cwd: dir,
      env: { PATH: path, HOME: dir, npm_config_update_notifier: "false" },
      encoding: "utf8",
    });
    expect(r.status).not.toBe(0);
    const lines = r.stderr.split("\n").filter((l) => l.trim() !== "");
    expect(lines).toEqual([expect.stringMatching(/^install-policy-tools: Go is required .*https:\/\/go\.dev\/dl\//)]);
    expect(r.stdout).not.toMatch(/ at |Error/);
  });
});
