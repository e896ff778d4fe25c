import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { main, type Io } from "../../src/cli/main";
import { realPlansDir } from "../helpers/engine";
import { tempDir } from "../helpers/tmp";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(argv: string[], stdin = ""): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: () => Buffer.from(stdin),
    env: {},
    stdoutIsTTY: false,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const violating = join(realPlansDir, "regula__admin_policy_infra.json");
const clean = join(realPlansDir, "snyk-cli__tf-plan-update.json");
const tmp = tempDir("cli");

describe("bulkhead check", () => {
  it("exits 1 on a blocking finding and names principal, rule and statements", async () => {
    const r = await run(["check", violating]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("my_test_role (aws_iam_role.my_test_role)");
    expect(r.stdout).toContain("BH001 Admin with backup deletion: violation, new, blocking");
    expect(r.stdout).toContain("statement #0 of aws_iam_role_policy.invalid_role_policy");
    expect(r.stdout.trimEnd().split("\n").pop()).toBe(
      "3 findings (3 blocking) in 11 resources, 3 principals — BLOCKED",
    );
  });

  it("exits 0 on a clean plan", async () => {
    const r = await run(["check", clean]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("no findings in 3 resources, 1 principal — passed\n");
  });

  it("prints the JSON contract", async () => {
    const r = await run(["check", violating, "--format", "json"]);
    const report = JSON.parse(r.stdout);
    expect(report.schemaVersion).toBe(1);
    expect(report.tool.name).toBe("bulkhead");
    expect(report.summary.blocked).toBe(true);
    expect(report.findings[0]).toMatchObject({
      ruleId: "BH001",
      severity: "critical",
      verdict: "violation",
      status: "new",
      waived: false,
    });
  });

  it("reads the plan from stdin with -", async () => {
    const r = await run(["check", "-", "-f", "json"], readFileSync(violating, "utf8"));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).source.path).toBe("stdin");
  });

  it("writes several formats, files whole, text last to stdout", async () => {
    const sarif = join(tmp, "out.sarif");
    const json = join(tmp, "out.json");
    const r = await run(["check", violating, "-f", "sarif", "-o", sarif, "-f", "json", "-o", json, "-f", "text"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(readFileSync(sarif, "utf8")).version).toBe("2.1.0");
    expect(JSON.parse(readFileSync(json, "utf8")).findings).toHaveLength(3);
    expect(r.stdout).toContain("BLOCKED");
    expect(readdirSync(tmp).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("--unknown warn keeps an unknown verdict from blocking", async () => {
    const plan = join(realPlansDir, "snyk-cli__tf-plan-create.json");
    expect((await run(["check", plan])).code).toBe(1);
    const r = await run(["check", plan, "--unknown", "warn", "-f", "json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings.every((f: { blocking: boolean }) => !f.blocking)).toBe(true);
  });
});

describe("errors: exit 2, one line on stderr, nothing on stdout", () => {
  const garbage = join(tmp, "garbage.json");
  writeFileSync(garbage, "{ not json");
  it.each([
    [["check", "missing.json"], /^bulkhead: cannot read missing\.json: no such file\n$/],
    [["check", garbage], /^bulkhead: .*garbage\.json is not valid JSON/],
    [["check", violating, "--format", "yaml"], /^bulkhead: unknown --format yaml/],
    [["check"], /^bulkhead: check needs a plan file/],
    [["check", violating, "--frobnicate"], /^bulkhead: unknown option --frobnicate/],
    [["check", violating, "-f", "json", "-f", "text"], /only one --format can go to stdout/],
    [["check", violating, "--unknown", "maybe"], /--unknown takes block or warn/],
    [["destroy"], /^bulkhead: unknown command destroy/],
  ])("%j", async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("an unwritable --output leaves no file and no stdout", async () => {
    const target = join(tmp, "no-such-dir", "out.json");
    const r = await run(["check", violating, "-f", "json", "-o", target, "-f", "text"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^bulkhead: cannot write --output .*out\.json: ENOENT\n$/);
    expect(existsSync(target)).toBe(false);
  });
});

describe("other commands", () => {
  it("--version", async () => {
    expect((await run(["--version"])).stdout).toMatch(/^bulkhead \d+\.\d+\.\d+\n$/);
  });
  it("--help shows usage and exit codes", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Exit codes: 0 nothing blocking, 1 blocked, 2");
  });
  it("rules lists every rule with id, level and title", async () => {
    const r = await run(["rules"]);
    expect(r.stdout).toMatch(/^BH001\s+hard-mandatory\s+critical\s+Admin with backup deletion/m);
    expect(r.stdout).toMatch(/^BH002\s+hard-mandatory\s+critical\s+MFA requirement dropped/m);
  });
  it("rules names each rule's page, shipped in the package, by a path that opens from here", async () => {
    const r = await run(["rules"]);
    const pages = r.stdout
      .trimEnd()
      .split("\n")
      .slice(1)
      .map((l) => l.split(/\s+/).pop() ?? "");
    expect(pages.length).toBeGreaterThanOrEqual(5);
    for (const page of pages) {
      expect(page).toMatch(/^docs\/rules\/BH\d{3}\.md$/);
      expect(existsSync(page)).toBe(true);
    }
  });
});
