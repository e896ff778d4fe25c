/**
 * The command line as people type it: help per command, `--name=value`, `--no-new-only`, `-o -`,
 * `--` before a plan that starts with "-", and the output pairs refused before anything is written.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatters } from "../../src/report";
import { ADMIN, DELETE_BACKUPS, tinyPlanJson } from "../helpers/tiny-plans";
import { tempDir } from "../helpers/tmp";
import { expectOneLineError, run } from "./run";

/** plan.json: a new and an existing violation (BH001, critical); legacy.json: only the existing one. */
function workdir(): string {
  const cwd = tempDir("args");
  writeFileSync(
    join(cwd, "plan.json"),
    tinyPlanJson([
      { name: "ops", statements: [ADMIN, DELETE_BACKUPS] },
      { name: "legacy", existing: true, statements: [ADMIN, DELETE_BACKUPS] },
    ]),
  );
  writeFileSync(
    join(cwd, "legacy.json"),
    tinyPlanJson([{ name: "legacy", existing: true, statements: [ADMIN, DELETE_BACKUPS] }]),
  );
  return cwd;
}

describe("help", () => {
  test.each(["check", "plan", "rules"])("%s --help prints that command's options, exit 0", async (name) => {
    for (const argv of [
      [name, "--help"],
      [name, "-h"],
      ["help", name],
      [name, "x.json", "--help"],
    ]) {
      const r = await run(argv);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: bulkhead ${name} `));
      expect(r.stdout).toContain("--config FILE");
      expect(r.stdout).toContain("Exit codes: 0 nothing blocking, 1 blocked, 2");
    }
  });

  test("check --help lists the options and every format of the registry", async () => {
    const r = await run(["check", "--help"]);
    for (const option of ["--format NAME", "--output FILE", "--no-new-only", "--fail-on LEVEL", "--max-size SIZE"]) {
      expect(r.stdout).toContain(option);
    }
    expect(r.stdout).toContain(Object.keys(formatters).join(", ").replace(/^text/, "text (default)"));
    expect(r.stdout).not.toContain("--out FILE");
    expect((await run(["plan", "--help"])).stdout).toContain("--out FILE");
  });

  test("bulkhead --help lists the commands", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}bulkhead check \[options\] PLAN\.\.\. /m);
    expect(r.stdout).toMatch(/^ {2}bulkhead plan /m);
    expect(r.stdout).toMatch(/^ {2}bulkhead rules /m);
    expect(r.stdout).toContain("bulkhead COMMAND --help");
    expectOneLineError(await run(["help", "destroy"]), "unknown command destroy");
  });

  test("--help after -- is a plan argument, not a request for help", async () => {
    expectOneLineError(await run(["check", "--", "--help"], { cwd: workdir() }), "cannot read --help: no such file");
  });
});

describe("options as people write them", () => {
  test("--format=json, -fjson and --fail-on=high", async () => {
    const cwd = workdir();
    for (const argv of [["--format=json"], ["-fjson"], ["-f", "json"]]) {
      const r = await run(["check", "plan.json", ...argv], { cwd });
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout).summary.findings).toBe(2);
    }
    expect((await run(["check", "plan.json", "--fail-on=high"], { cwd })).code).toBe(1);
    expectOneLineError(
      await run(["check", "plan.json", "--fail-on=severe"], { cwd }),
      "--fail-on takes critical, high, medium, low, got severe",
    );
  });

  test("--no-new-only and --new-only=false override the config's newOnly", async () => {
    const cwd = workdir();
    writeFileSync(join(cwd, "bulkhead.config.yaml"), "newOnly: true\n");
    expect((await run(["check", "legacy.json"], { cwd })).code).toBe(0);
    expect((await run(["check", "legacy.json", "--no-new-only"], { cwd })).code).toBe(1);
    expect((await run(["check", "legacy.json", "--new-only=false"], { cwd })).code).toBe(1);
    expect((await run(["check", "legacy.json", "--no-new-only", "--new-only"], { cwd })).code).toBe(0);
    expectOneLineError(
      await run(["check", "legacy.json", "--new-only=maybe"], { cwd }),
      "--new-only takes no value (or =true, =false), got maybe",
    );
  });

  test("-o - writes to stdout", async () => {
    const cwd = workdir();
    const r = await run(["check", "plan.json", "-f", "json", "-o", "-"], { cwd });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).summary.findings).toBe(2);
    expect(existsSync(join(cwd, "-"))).toBe(false);
    expectOneLineError(
      await run(["check", "plan.json", "-f", "json", "-o", "-", "-f", "text"], { cwd }),
      "only one --format can go to stdout",
    );
  });

  test("check -- -x.json reads -x.json as a plan", async () => {
    const cwd = workdir();
    writeFileSync(join(cwd, "-x.json"), readFileSync(join(cwd, "plan.json")));
    const r = await run(["check", "-f", "json", "--", "-x.json"], { cwd });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).source.path).toBe("-x.json");
    expectOneLineError(await run(["check", "-x.json"], { cwd }), "unknown option -x.json");
  });

  test("an option's value that is another option is refused, not taken as a file name", async () => {
    expectOneLineError(
      await run(["check", "plan.json", "-o", "-f", "json"], { cwd: workdir() }),
      "-o needs a value, got the option -f",
    );
  });
});

describe("outputs refused before anything is written", () => {
  test("-o before any -f", async () => {
    const cwd = workdir();
    expectOneLineError(
      await run(["check", "plan.json", "-o", "report.txt"], { cwd }),
      "-o report.txt comes after the --format it writes: -f FORMAT -o report.txt",
    );
    expect(existsSync(join(cwd, "report.txt"))).toBe(false);
  });

  test("the same -o path twice, however it is spelt", async () => {
    const cwd = workdir();
    for (const second of ["out.json", "./out.json", join(cwd, "out.json")]) {
      const r = await run(["check", "plan.json", "-f", "json", "-o", "out.json", "-f", "sarif", "-o", second], { cwd });
      expectOneLineError(r, `--output ${second} is given twice (also as out.json): one file per format`);
      expect(readdirSync(cwd).sort()).toEqual(["legacy.json", "plan.json"]);
    }
  });

  test("two -o for one -f", async () => {
    expectOneLineError(
      await run(["check", "plan.json", "-f", "json", "-o", "a.json", "-o", "b.json"], { cwd: workdir() }),
      "-o b.json: the preceding --format json already has --output a.json",
    );
  });
});
