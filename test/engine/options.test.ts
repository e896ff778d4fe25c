/**
 * The library refuses what the command line refuses: an option value that is not one it knows,
 * or an option it does not know, is a BulkheadError, never a different verdict. checkPlan reads
 * what `bulkhead check` reads (synth output, binary plans through terraform) and no file it is
 * not given.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { BulkheadError, checkPlan, Engine, loadConfigFile, loadWaiversFile, reportSet } from "../../src/engine";
import { formatters, setFormatters } from "../../src";
import { ADMIN, DELETE_BACKUPS, tinyPlanJson } from "../helpers/tiny-plans";
import { tempDir } from "../helpers/tmp";
import { fakeTerraform, expectOneLineError, run } from "../cli/run";

const plan = tinyPlanJson([{ name: "ops", statements: [ADMIN, DELETE_BACKUPS] }]);
const bytes = Buffer.from(plan);

describe("library options are validated like the command line's", () => {
  const engine = Engine.loadSync();
  test("the plan blocks with the defaults", async () => {
    expect(engine.check(bytes).summary.blocked).toBe(true);
    expect((await checkPlan(bytes)).summary.blocked).toBe(true);
  });

  test.each([
    [{ failOn: "info" }, 'options.failOn: expected one of critical, high, medium, low, got the text "info"'],
    [{ failOn: "CRITICAL" }, 'options.failOn: expected one of critical, high, medium, low, got the text "CRITICAL"'],
    [{ unknown: "Block" }, 'options.unknown: expected one of block, warn, got the text "Block"'],
    [{ newOnly: "false" }, 'options.newOnly: expected true or false, got the text "false"'],
    [{ fail_on: "high" }, "options.fail_on: unknown option (allowed: name, unknown, failOn, newOnly, config,"],
    [{ prefilter: 0 }, "options.prefilter: expected true or false, got number 0"],
    [{ now: "2026-01-01" }, 'options.now: expected a valid Date, got the text "2026-01-01"'],
    [{ waivers: {} }, "options.waivers: expected a list of waivers, got a map"],
  ])("%j", async (options, message) => {
    expect(() => engine.check(bytes, options as never)).toThrow(message);
    await expect(checkPlan(bytes, options as never)).rejects.toThrow(message);
    await expect(checkPlan(bytes, options as never)).rejects.toBeInstanceOf(BulkheadError);
  });

  test("checkPlan's reading options too", async () => {
    await expect(checkPlan(bytes, { maxBytes: -1 })).rejects.toThrow(
      "options.maxBytes: expected a number of bytes above 0, got number -1",
    );
    await expect(checkPlan(bytes, null as never)).rejects.toThrow("options: expected an object, got null");
  });
});

describe("checkPlan reads what bulkhead check reads", () => {
  test("a cdk.tf.json and a cdktf.out folder of one stack", async () => {
    const dir = tempDir("lib-synth");
    const stack = {
      resource: {
        aws_iam_role: { ops: { name: "ops", assume_role_policy: "{}" } },
        aws_iam_role_policy: {
          ops: {
            role: "ops",
            policy: JSON.stringify({ Version: "2012-10-17", Statement: [ADMIN, DELETE_BACKUPS] }),
          },
        },
      },
    };
    mkdirSync(join(dir, "out", "stacks", "one"), { recursive: true });
    writeFileSync(join(dir, "out", "stacks", "one", "cdk.tf.json"), JSON.stringify(stack));
    writeFileSync(
      join(dir, "out", "manifest.json"),
      JSON.stringify({ stacks: { one: { synthesizedStackPath: "stacks/one/cdk.tf.json" } } }),
    );
    const file = await checkPlan(join(dir, "out", "stacks", "one", "cdk.tf.json"));
    expect(file.findings.map((f) => `${f.ruleId} ${f.principal}`)).toEqual(["BH001 ops"]);
    const folder = await checkPlan("out", { cwd: dir });
    expect(folder.source.path).toBe(join("out", "stacks", "one", "cdk.tf.json"));
    expect(folder.summary.blocked).toBe(true);
    writeFileSync(join(dir, "bad.cdk.tf.json"), '{"resource":{"aws_iam_role":5}}');
    await expect(checkPlan(join(dir, "bad.cdk.tf.json"))).rejects.toThrow(
      "resource.aws_iam_role is a number, expected an object of aws_iam_role blocks by name",
    );
  });

  test("a binary plan file, through terraform show -json", async () => {
    const dir = tempDir("lib-binary");
    fakeTerraform(join(dir, "bin"));
    writeFileSync(join(dir, "plan.json"), plan);
    writeFileSync(join(dir, "tfplan"), "PK\x03\x04fake plan file\n", "latin1");
    const env = { PATH: [join(dir, "bin"), "/usr/bin", "/bin"].join(delimiter), FAKE_TF_JSON: join(dir, "plan.json") };
    const report = await checkPlan("tfplan", { cwd: dir, env });
    expect(report.source.path).toBe("tfplan");
    expect(report.summary.blocked).toBe(true);
    const fromBytes = await checkPlan(readFileSync(join(dir, "tfplan")), { cwd: dir, env });
    expect(fromBytes.summary.blocked).toBe(true);
  });

  test("no config or waivers file is read unless given; loadConfigFile/loadWaiversFile read them", async () => {
    const dir = tempDir("lib-files");
    writeFileSync(join(dir, "plan.json"), plan);
    writeFileSync(join(dir, "bulkhead.config.yaml"), "enforcement: { BH001: advisory }\n");
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect((await checkPlan("plan.json")).summary.blocked).toBe(true);
    } finally {
      process.chdir(cwd);
    }
    const config = await loadConfigFile(undefined, dir);
    expect(config).toEqual({ enforcement: { BH001: "advisory" } });
    expect((await checkPlan("plan.json", { cwd: dir, config })).summary.blocked).toBe(false);
    expect(await loadWaiversFile(undefined, dir)).toEqual([]);
  });
});

describe("bulkhead check on malformed synth input: exit 2, one line", () => {
  test.each([
    [
      '{"resource":{"aws_iam_role":5}}',
      "cdk.tf.json: resource.aws_iam_role is a number, expected an object of aws_iam_role blocks by name",
    ],
    [
      '{"resource":{"aws_iam_role":{"x":[]}}}',
      "cdk.tf.json: resource.aws_iam_role.x is a list, expected an object of arguments",
    ],
    ['{"resource":[]}', 'cdk.tf.json is not a CDKTF synthesized stack (no "resource" or "data" section)'],
    ["", "cdk.tf.json is empty: expected a CDKTF synthesized stack (cdk.tf.json)"],
    ["{", "cdk.tf.json is not valid JSON"],
    ["[]", 'cdk.tf.json is not a CDKTF synthesized stack (no "resource" or "data" section)'],
  ])("%j", async (text, message) => {
    const cwd = tempDir("synth-bad");
    writeFileSync(join(cwd, "cdk.tf.json"), text);
    expectOneLineError(await run(["check", "cdk.tf.json"], { cwd }), message);
  });

  test("--max-size applies to cdk.tf.json and to every stack of a cdktf.out folder", async () => {
    const cwd = tempDir("synth-size");
    const stack = JSON.stringify({ resource: { aws_iam_role: { big: { name: "x".repeat(4096) } } } });
    mkdirSync(join(cwd, "out", "stacks", "a"), { recursive: true });
    writeFileSync(join(cwd, "out", "stacks", "a", "cdk.tf.json"), stack);
    writeFileSync(
      join(cwd, "out", "manifest.json"),
      JSON.stringify({ stacks: { a: { synthesizedStackPath: "stacks/a/cdk.tf.json" } } }),
    );
    expectOneLineError(
      await run(["check", "out/stacks/a/cdk.tf.json", "--max-size", "1k"], { cwd }),
      "out/stacks/a/cdk.tf.json is 5 KiB, over the --max-size of 1 KiB",
    );
    expectOneLineError(
      await run(["check", "out", "--max-size", "1k"], { cwd }),
      "out/stacks/a/cdk.tf.json is 5 KiB, over the --max-size of 1 KiB",
    );
    expect((await run(["check", "out"], { cwd })).code).toBe(0);
  });
});

describe("formatters callable as documented", () => {
  test("formatters.text(report) and setFormatters.json(set) with the defaults", () => {
    const report = Engine.loadSync().check(bytes);
    expect(formatters.text(report)).toContain("BH001 Admin with backup deletion");
    expect(formatters.text(report)).not.toContain("\u001b[");
    expect(JSON.parse(formatters.sarif(report)).runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual([
      "BH001",
    ]);
    expect(JSON.parse(setFormatters.json(reportSet([report, report]))).summary.plans).toBe(2);
  });
});

describe("a report set's waiver statuses agree with its reports", () => {
  test("a waiver applied in one plan is stale in no report of the set; stale is said of the set", () => {
    const engine = Engine.loadSync();
    const waiver = (principal: string) => ({
      ruleId: "BH001",
      principal,
      reason: "Accepted for the migration, ticket OPS-1",
      expires: "2999-12-31",
      approvedBy: "platform-lead",
    });
    const options = {
      config: { enforcement: { BH001: "soft-mandatory" as const } },
      waivers: [waiver("ops"), waiver("nobody-*")],
    };
    const other = Buffer.from(tinyPlanJson([{ name: "app", statements: [ADMIN] }]));
    const alone = engine.check(other, options);
    expect(alone.waivers.map((w) => w.status)).toEqual(["stale", "stale"]);
    expect(alone.summary.staleWaivers).toBe(2);
    const set = reportSet([engine.check(bytes, options), alone]);
    expect(set.waivers.map((w) => [w.principal, w.status])).toEqual([
      ["ops", "applied"],
      ["nobody-*", "stale"],
    ]);
    expect(set.summary.staleWaivers).toBe(1);
    expect(set.reports.map((r) => r.waivers.map((w) => `${w.principal} ${w.status}`))).toEqual([["ops applied"], []]);
    expect(set.reports.map((r) => r.summary.staleWaivers)).toEqual([0, 0]);
  });
});
