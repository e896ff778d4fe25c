import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generate } from "../../bench/generate";

/**
 * The measuring tools of `npm run bench` run on the compiled engine and report what the bench
 * tables read (the shape, and the planted findings); no timing is asserted.
 */
const ROOT = join(__dirname, "..", "..");
const node = (args: string[]) => spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
const lastJson = (stdout: string) => JSON.parse(stdout.trim().split("\n").pop() ?? "null");

describe("bench tools", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "bulkhead-bench-tools-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("bench/split.js reports every phase, the evaluated bytes, the wasm heap and the planted findings", () => {
    const g = generate(100, dir);
    const r = node(["bench/split.js", g.file]);
    expect(r.status).toBe(0);
    const out = lastJson(r.stdout);
    expect(out.ok).toBe(true);
    expect(Object.keys(out.phases).sort()).toEqual(["evaluate", "load", "prepare", "read", "report", "total"]);
    expect(out.evaluatedBytes).toBeGreaterThan(0);
    expect(out.wasmHeapMiB).toBeGreaterThan(0);
    expect(out.findings.BH001).toBe(g.expected.findings.BH001);
    expect(out.findings.BH002).toBe(g.expected.findings.BH002);
  });

  it("bench/split.js fails in one JSON line on a plan that is not JSON", () => {
    const r = node(["bench/split.js", join(ROOT, "README.md")]);
    expect(r.status).toBe(1);
    expect(lastJson(r.stdout)).toMatchObject({ ok: false, phase: "prepare" });
  });

  it("bench/guard.js times one synth of account-baseline with the guard and one without", () => {
    for (const mode of ["on", "off"]) {
      const r = node(["bench/guard.js", "--one", mode]);
      expect(r.status).toBe(0);
      const out = lastJson(r.stdout);
      expect(out.synthMs).toBeGreaterThan(0);
      expect(out.processMs).toBeGreaterThanOrEqual(out.synthMs);
    }
  });
});
