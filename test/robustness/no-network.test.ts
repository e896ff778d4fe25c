import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanCwd, ensureBuilt, expectCleanError, expectReport, realPlansDir, root, runCli } from "./helpers";

/**
 * bulkhead opens no network connection (and starts no process) when it checks a JSON plan: the
 * CLI runs under a preload (support/no-network.js) that replaces every socket, DNS, HTTP(S),
 * TLS, HTTP/2, UDP, fetch and child_process entry point by one that records the attempt and
 * throws. Nothing may be recorded, and the exit code must be the normal one.
 */
const preload = join(__dirname, "support", "no-network.js");

beforeAll(() => ensureBuilt(), 120_000);

function guarded(args: string[], input?: Buffer): { run: ReturnType<typeof runCli>; attempts: string[] } {
  const log = join(cleanCwd(), `net-${process.pid}-${Math.random().toString(36).slice(2)}.log`);
  const run = runCli(args, { nodeArgs: ["--require", preload], env: { BULKHEAD_NET_LOG: log }, input });
  const attempts = existsSync(log) ? readFileSync(log, "utf8").trim().split("\n").filter(Boolean) : [];
  rmSync(log, { force: true });
  return { run, attempts };
}

describe("no network", () => {
  it("the preload catches a connection attempt, a DNS lookup, fetch and a process, in a worker too (control)", () => {
    const log = join(cleanCwd(), "control.log");
    const script = join(cleanCwd(), "control.js");
    writeFileSync(
      script,
      [
        "const attempt = (f) => { try { f(); } catch {} };",
        'attempt(() => require("node:net").connect(443, "example.com"));',
        'attempt(() => require("node:dns").lookup("example.com", () => {}));',
        'attempt(() => require("node:child_process").spawnSync("true"));',
        'fetch("https://example.com").catch(() => {});',
        'const { Worker } = require("node:worker_threads");',
        'new Worker(\'try { require("node:https").get("https://example.com") } catch {}\', { eval: true });',
      ].join("\n"),
    );
    const r = spawnSync(process.execPath, ["--require", preload, script], {
      env: { PATH: process.env.PATH, BULKHEAD_NET_LOG: log },
      timeout: 30_000,
    });
    expect(r.status).toBe(0);
    const what = readFileSync(log, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l).what)
      .sort();
    expect(what).toEqual(["child_process.spawnSync", "dns.lookup", "fetch", "net.connect", "node:https.get"]);
  });

  it.each([
    [
      "a violating real plan (exit 1)",
      ["check", join(realPlansDir, "regula__admin_policy_infra.json"), "-f", "json"],
      1,
    ],
    ["a clean real plan (exit 0)", ["check", join(realPlansDir, "snyk-cli__tf-plan-update.json"), "-f", "json"], 0],
    ["the largest real plan", ["check", join(realPlansDir, "infracost__terraform_v0.14_plan.json"), "-f", "json"], -1],
    [
      "an evasion fixture with unknown values",
      ["check", join(root, "test/fixtures/evasion/bh001-boundary-outside-plan.json"), "-f", "json"],
      1,
    ],
    [
      "every output format, files written",
      ["check", join(realPlansDir, "regula__admin_policy_infra.json"), "-f", "text"].concat(
        ...["sarif", "junit", "github", "markdown", "json"].map((f) => ["-f", f, "-o", join(cleanCwd(), `out.${f}`)]),
      ),
      1,
    ],
    ["bad input (exit 2)", ["check", join(realPlansDir, "SOURCES.md")], 2],
    ["bulkhead rules", ["rules"], 0],
  ])("%s: no connection, normal exit", (_, args, code) => {
    const { run, attempts } = guarded(args as string[]);
    expect(attempts).toEqual([]);
    expect(run.timedOut).toBe(false);
    if (code === 2) expectCleanError(run);
    else if (code === -1) expect([0, 1]).toContain(run.code);
    else expect(run.code).toBe(code);
    if ((args as string[]).slice(-1)[0] === "json") expectReport(run);
  });

  it("a plan on stdin, evaluated in the worker thread (--timeout): no connection", () => {
    const plan = readFileSync(join(realPlansDir, "regula__admin_policy_infra.json"));
    const { run, attempts } = guarded(["check", "-", "-f", "json", "--timeout", "60"], plan);
    expect(attempts).toEqual([]);
    expect(expectReport(run).summary.blocked).toBe(true);
  });
});
