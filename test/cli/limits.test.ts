import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "../helpers/engine";
import { tempDir } from "../helpers/tmp";

/**
 * Limits of the compiled CLI (dist/, built by `npm test`'s pretest): a size bound checked before
 * reading, a time bound enforced in the calling thread for small plans (V8's script timeout, which
 * stops wasm too) and by stopping the worker thread of a larger plan.
 */
const cli = join(root, "bin/bulkhead.js");
const example = join(root, "examples/code-spaces.plan.json");

function bulkhead(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The example plan padded to about `mib` MiB (outside what the rules read). */
function padded(mib: number): string {
  const dir = tempDir("big");
  const plan = JSON.parse(readFileSync(example, "utf8"));
  plan.padding = "x".repeat(mib * 2 ** 20);
  writeFileSync(join(dir, "big.json"), JSON.stringify(plan));
  return join(dir, "big.json");
}

describe("CLI limits", () => {
  beforeAll(() => {
    execFileSync(process.execPath, [
      join(root, "node_modules/typescript/bin/tsc"),
      "-p",
      join(root, "tsconfig.build.json"),
    ]);
  });

  it("refuses a plan over --max-size before reading it", () => {
    const r = bulkhead(["check", example, "--max-size", "1KiB"]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^bulkhead: .*code-spaces\.plan\.json is \d+ KiB, over the --max-size of 1 KiB\n$/);
  });

  it("stops an evaluation that exceeds --timeout, in this thread and in a worker", () => {
    const r = bulkhead(["check", example, "--timeout", "0.001"]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`bulkhead: evaluating ${example} took longer than 0.001 s (--timeout): stopped\n`);
    const big = padded(9);
    const w = bulkhead(["check", big, "--timeout", "0.001"]);
    expect(w.status).toBe(2);
    expect(w.stderr).toBe(`bulkhead: evaluating ${big} took longer than 0.001 s (--timeout): stopped\n`);
  });

  it("gives the same report in a worker as in this thread", () => {
    const small = bulkhead(["check", example, "-f", "json"]);
    const big = bulkhead(["check", padded(9), "-f", "json"]);
    expect(big.status).toBe(1);
    const findings = (out: string): unknown => JSON.parse(out).findings;
    expect(findings(big.stdout)).toEqual(findings(small.stdout));
  });

  it("refuses a plan too large for the wasm memory, with its size, before evaluating it", () => {
    const dir = tempDir("huge");
    const plan = JSON.parse(readFileSync(example, "utf8"));
    // inside a resource the rules read, so the pre-filter keeps it
    plan.resource_changes[0].change.after.description = "x".repeat(120 * 2 ** 20);
    writeFileSync(join(dir, "huge.json"), JSON.stringify(plan));
    const r = bulkhead(["check", join(dir, "huge.json")]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /^bulkhead: .*huge\.json holds 120 MiB of resources the rules read: too large to evaluate in wasm memory \(4 GiB holds about \d+ MiB of them\)\n$/,
    );
  });

  it("rejects bad limit values in one line", () => {
    for (const args of [
      ["--max-size", "lots"],
      ["--timeout", "-1"],
    ]) {
      const r = bulkhead(["check", example, ...args]);
      expect(r.status).toBe(2);
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    }
  });

  it("a plan of 5 MiB is evaluated (in this thread, with pre-sized wasm memory)", () => {
    const r = bulkhead(["check", padded(5), "-f", "json"]);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).summary.findings).toBeGreaterThan(0);
  });
});
