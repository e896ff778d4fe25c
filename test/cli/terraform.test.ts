/**
 * Binary plan files, `bulkhead plan` and several plans at once. No terraform or tofu exists on
 * the test machines: a fake one (./run.ts) is put on PATH; it writes a zip-headed plan file for
 * `plan -out` and prints a fixture plan for `show -json`.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import Ajv from "ajv";
import schema from "../../schemas/report.schema.json";
import type { Report, ReportSet } from "../../src/engine/types";
import { realPlansDir, root } from "../helpers/engine";
import { expectOneLineError, fakeTerraform, run } from "./run";
import { tempDir } from "../helpers/tmp";

const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
const violating = join(root, "examples", "code-spaces.plan.json");
const clean = join(realPlansDir, "snyk-cli__tf-plan-update.json");
/** What the fake terraform's `plan -out` writes: a zip header, like a real plan file. */
const BINARY_PLAN = Buffer.from("PK\x03\x04fake plan file\n", "latin1");

/** A working directory with a binary plan `tfplan` and a bin/ directory holding the fake. */
function setup(name: "terraform" | "tofu" = "terraform"): { cwd: string; bin: string; log: string } {
  const cwd = tempDir("tf");
  writeFileSync(join(cwd, "tfplan"), BINARY_PLAN);
  const bin = join(cwd, "bin");
  fakeTerraform(bin, name);
  return { cwd, bin, log: join(cwd, "terraform.log") };
}

/** PATH with the fake first, then what the fake script itself needs (bash, head, cat). */
function env(bin: string, json: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: [bin, "/usr/bin", "/bin"].join(delimiter), FAKE_TF_JSON: json, ...extra };
}

describe("bulkhead check on a binary plan file", () => {
  test("shows it with terraform show -json and checks the JSON", async () => {
    const { cwd, bin, log } = setup();
    const r = await run(["check", "tfplan", "-f", "json"], { cwd, env: env(bin, violating, { FAKE_TF_LOG: log }) });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.source.path).toBe("tfplan");
    expect(report.findings.map((f) => f.ruleId)).toContain("BH001");
    expect(readFileSync(log, "utf8")).toBe("terraform show -json -no-color tfplan\n");
  });

  test("uses tofu when there is no terraform", async () => {
    const { cwd, bin, log } = setup("tofu");
    const r = await run(["check", "tfplan"], { cwd, env: env(bin, clean, { FAKE_TF_LOG: log }) });
    expect(r.code).toBe(0);
    expect(readFileSync(log, "utf8")).toBe("tofu show -json -no-color tfplan\n");
  });

  test("--terraform-bin names the binary, by path or on PATH", async () => {
    const { cwd } = setup();
    const other = join(cwd, "elsewhere");
    fakeTerraform(other, "tf-1.9");
    const e = { PATH: ["/usr/bin", "/bin"].join(delimiter), FAKE_TF_JSON: clean };
    expect((await run(["check", "tfplan", "--terraform-bin", "elsewhere/tf-1.9"], { cwd, env: e })).code).toBe(0);
    const onPath = { ...e, PATH: [other, e.PATH].join(delimiter) };
    expect((await run(["check", "tfplan", "--terraform-bin", "tf-1.9"], { cwd, env: onPath })).code).toBe(0);
    expectOneLineError(
      await run(["check", "tfplan", "--terraform-bin", "elsewhere/nope"], { cwd, env: e }),
      "--terraform-bin elsewhere/nope: not an executable file",
    );
  });

  test("reads a binary plan from stdin through a temporary file", async () => {
    const { cwd, bin, log } = setup();
    const r = await run(["check", "-", "-f", "json"], {
      cwd,
      stdin: BINARY_PLAN,
      env: env(bin, violating, { FAKE_TF_LOG: log }),
    });
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as Report).source.path).toBe("stdin");
    expect(readFileSync(log, "utf8")).toMatch(/^terraform show -json -no-color .*plan\.tfplan\n$/);
  });

  test("no terraform and no tofu on PATH: exit 2, one line", async () => {
    const { cwd } = setup();
    const empty = tempDir("empty-path");
    expectOneLineError(
      await run(["check", "tfplan"], { cwd, env: { PATH: empty } }),
      "tfplan is a binary plan file: reading it needs terraform or tofu, and neither is on PATH (or give --terraform-bin PATH)",
    );
  });

  test("terraform show fails, or prints nothing: exit 2, one line", async () => {
    const { cwd, bin } = setup();
    expectOneLineError(
      await run(["check", "tfplan"], { cwd, env: env(bin, "/dev/null") }),
      "tfplan is empty: expected the output of terraform show -json PLANFILE",
    );
    const failing = join(cwd, "failing");
    fakeTerraform(failing);
    writeFileSync(
      join(failing, "terraform"),
      '#!/usr/bin/env bash\necho "╷" >&2\necho "│ Error: Failed to load plugin schemas" >&2\necho "╵" >&2\nexit 1\n',
    );
    expectOneLineError(
      await run(["check", "tfplan"], { cwd, env: env(failing, clean) }),
      "terraform show -json tfplan failed (exit 1): Error: Failed to load plugin schemas",
    );
  });
});

describe("bulkhead plan", () => {
  test("runs terraform plan -out here with the arguments after --, shows and checks it", async () => {
    const { cwd, bin, log } = setup();
    const r = await run(["plan", "-f", "json", "--", "-var-file=prod.tfvars", "-lock=false"], {
      cwd,
      env: env(bin, violating, { FAKE_TF_LOG: log }),
    });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.source.path).toBe("terraform plan");
    expect(validate(report)).toBe(true);
    // terraform's own output goes to stderr: stdout is the report alone
    expect(r.stderr).toContain("Plan: 2 to add, 0 to change, 0 to destroy.");
    const calls = readFileSync(log, "utf8").trimEnd().split("\n");
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatch(/^terraform plan -no-color -out=\S+\/tfplan -var-file=prod\.tfvars -lock=false$/);
    const planFile = calls[0].split(" ")[3].slice("-out=".length);
    expect(calls[1]).toBe(`terraform show -json -no-color ${planFile}`);
    expect(existsSync(planFile)).toBe(false);
    expect(r.stderr).toContain("bulkhead: the plan checked here is a temporary file, deleted on exit");
  });

  test("--out keeps the binary plan, to apply exactly what was checked", async () => {
    const { cwd, bin } = setup();
    const r = await run(["plan", "--out", "checked.tfplan"], { cwd, env: env(bin, clean) });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ — passed\n$/);
    expect(readFileSync(join(cwd, "checked.tfplan")).subarray(0, 4)).toEqual(BINARY_PLAN.subarray(0, 4));
    expect(r.stderr).toContain("bulkhead: the plan checked here is kept in checked.tfplan");
  });

  test("a failing terraform plan: its diagnostics on stderr, then one bulkhead line, exit 2", async () => {
    const { cwd, bin } = setup();
    const r = await run(["plan"], { cwd, env: env(bin, clean, { FAKE_TF_FAIL: "plan" }) });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("│ Error: No configuration files");
    expect(r.stderr.trimEnd().split("\n").pop()).toBe(
      "bulkhead: terraform plan failed (exit 1): Error: No configuration files",
    );
  });

  test("usage errors", async () => {
    const { cwd, bin } = setup();
    expectOneLineError(
      await run(["plan", "--", "-out=x"], { cwd, env: env(bin, clean) }),
      "bulkhead plan sets -out itself: use --out FILE",
    );
    expectOneLineError(await run(["plan", "tfplan"], { cwd, env: env(bin, clean) }), "plan takes no plan file");
    expectOneLineError(
      await run(["plan"], { cwd, env: { PATH: join(cwd, "nothing") } }),
      "bulkhead plan needs terraform or tofu",
    );
  });
});

describe("several plans at once", () => {
  test("one report set: a Report per plan, exit code of the worst", async () => {
    const { cwd, bin } = setup();
    const r = await run(["check", clean, violating, "tfplan", "-f", "json"], { cwd, env: env(bin, clean) });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    const set = JSON.parse(r.stdout) as ReportSet;
    expect(validate(set)).toBe(true);
    expect(set.reports.map((x) => [x.source.path, x.summary.blocked])).toEqual([
      [clean, false],
      [violating, true],
      ["tfplan", false],
    ]);
    expect(set.summary).toMatchObject({ plans: 3, blockedPlans: 1, blocked: true });
  });

  test("all clean: exit 0; text names every plan and ends with the total", async () => {
    const r = await run(["check", clean, clean]);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^plan: /gm)).toHaveLength(2);
    expect(r.stdout.trimEnd().split("\n").pop()).toBe("2 plans (0 blocked): no findings — passed");
  });

  test("SARIF: one run per plan; every format written whole", async () => {
    const out = tempDir("multi");
    const r = await run([
      "check",
      clean,
      violating,
      ...["sarif", "junit", "markdown", "github", "json"].flatMap((f) => ["-f", f, "-o", join(out, `out.${f}`)]),
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    const sarif = JSON.parse(readFileSync(join(out, "out.sarif"), "utf8")) as { runs: { results: unknown[] }[] };
    const set = JSON.parse(readFileSync(join(out, "out.json"), "utf8")) as ReportSet;
    expect(sarif.runs.map((run) => run.results.length)).toEqual(set.reports.map((x) => x.findings.length));
    expect(sarif.runs[1].results.length).toBeGreaterThan(0);
    expect(readFileSync(join(out, "out.markdown"), "utf8")).toMatch(/^### ❌ bulkhead: blocked \(1 of 2 plans\)\n/);
    expect(readdirSync(out).sort()).toEqual(["out.github", "out.json", "out.junit", "out.markdown", "out.sarif"]);
  });

  test("an error in any plan: exit 2, nothing written", async () => {
    const out = tempDir("multi");
    const r = await run(["check", clean, "missing.json", "-f", "json", "-o", join(out, "r.json")]);
    expectOneLineError(r, "cannot read missing.json: no such file");
    expect(readdirSync(out)).toEqual([]);
  });

  test("stdin only once", async () => {
    expectOneLineError(await run(["check", "-", "-"]), "stdin (-) can be read only once");
  });
});

describe("output files: whole or none", () => {
  test("when one --output cannot be written, none is", async () => {
    const out = tempDir("whole");
    const r = await run([
      "check",
      violating,
      "-f",
      "json",
      "-o",
      join(out, "ok.json"),
      "-f",
      "sarif",
      "-o",
      join(out, "no", "x.sarif"),
    ]);
    expectOneLineError(r, /^bulkhead: cannot write --output .*x\.sarif: ENOENT\n$/);
    expect(readdirSync(out)).toEqual([]);
  });
});
