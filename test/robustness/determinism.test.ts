import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Engine } from "../../src/engine/check";
import { sharedEngine } from "../helpers/engine";
import { cleanCwd, ensureBuilt, expectReport, realPlansDir, root, runCli } from "./helpers";

/**
 * The same input gives byte-identical output: across CLI runs, across engine instances, whatever
 * the order of the plan's resources, the time zone or the locale of the machine.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Plan } = require("../fixtures/plans/lib/plan-builder");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const A = require("../fixtures/plans/lib/aws");

/** Roles whose addresses sort differently under different collations ("aa" is "å" in Danish). */
function localePlan(): Buffer {
  const p = new Plan();
  for (const [local, name] of [
    ["zebra", "zebra"],
    ["aardvark", "aardvark"],
    ["b_lower", "b"],
    ["B_upper", "B"],
    ["issue", "issue"],
    ["i_dotted", "İstanbul"],
  ]) {
    p.create("aws_iam_role", local, A.role(name));
    p.create("aws_iam_role_policy_attachment", local, A.attachRole(local, name, A.MANAGED.admin));
  }
  return Buffer.from(JSON.stringify(p.build()));
}

const inputs: [string, string][] = [
  ["violating real plan", join(realPlansDir, "regula__admin_policy_infra.json")],
  ["largest real plan", join(realPlansDir, "infracost__terraform_v0.14_plan.json")],
  ["unknown verdicts", join(root, "test/fixtures/evasion/bh001-boundary-outside-plan.json")],
  ["many findings", join(root, "test/fixtures/evasion/bh002-gate-effect-allow.json")],
  ["evidence over long action lists", join(root, "test/fixtures/evasion/bh001-very-long-action-lists.json")],
];

beforeAll(() => ensureBuilt(), 120_000);

describe("determinism", () => {
  it.each(inputs)("%s: two CLI runs give byte-identical JSON and SARIF", (_, file) => {
    for (const format of ["json", "sarif"]) {
      const a = runCli(["check", file, "-f", format]);
      const b = runCli(["check", file, "-f", format]);
      expect(a.timedOut || b.timedOut).toBe(false);
      expect([0, 1]).toContain(a.code);
      expect(b.code).toBe(a.code);
      expect(b.stdout.equals(a.stdout)).toBe(true);
      if (format === "json") expectReport(a);
    }
  });

  it("one engine twice, and two engines, give the same report", () => {
    const plan = localePlan();
    const first = JSON.stringify(sharedEngine().check(plan, { name: "p" }));
    expect(JSON.stringify(sharedEngine().check(plan, { name: "p" }))).toBe(first);
    expect(JSON.stringify(Engine.loadSync().check(plan, { name: "p" }))).toBe(first);
  });

  it("the order of resources in the plan does not change the output", () => {
    const plan = JSON.parse(localePlan().toString("utf8"));
    const reversed = JSON.parse(JSON.stringify(plan));
    reversed.resource_changes.reverse();
    reversed.planned_values.root_module.resources.reverse();
    reversed.configuration.root_module.resources.reverse();
    const a = runCli(["check", "-", "-f", "json"], { input: Buffer.from(JSON.stringify(plan)) });
    const b = runCli(["check", "-", "-f", "json"], { input: Buffer.from(JSON.stringify(reversed)) });
    expect(expectReport(a).findings).toHaveLength(6);
    expect(b.stdout.equals(a.stdout)).toBe(true);
  });

  it("the time zone does not change the output", () => {
    const file = join(cleanCwd(), "locale-plan.json");
    writeFileSync(file, localePlan());
    const utc = runCli(["check", file, "-f", "json"], { env: { TZ: "UTC" } });
    const chatham = runCli(["check", file, "-f", "json"], { env: { TZ: "Pacific/Chatham" } });
    expect(chatham.stdout.equals(utc.stdout)).toBe(true);
  });

  // Known bug: src/engine/check.ts sorts findings with String.localeCompare, whose order depends
  // on the machine's locale (LANG / LC_ALL): under da_DK "aws_iam_role.aardvark" sorts after
  // "aws_iam_role.zebra". Compare code points instead. (Skipped where Node's ICU lacks Danish.)
  const hasDanish = new Intl.Collator("da").compare("aa", "z") > 0;
  (hasDanish ? it : it.skip)("the locale does not change the output (LC_ALL=C vs da_DK.UTF-8)", () => {
    const file = join(cleanCwd(), "locale-plan.json");
    writeFileSync(file, localePlan());
    const c = runCli(["check", file, "-f", "json"], { env: { LC_ALL: "C", LANG: "C" } });
    const da = runCli(["check", file, "-f", "json"], { env: { LC_ALL: "da_DK.UTF-8", LANG: "da_DK.UTF-8" } });
    expectReport(c);
    expect(da.stdout.toString("utf8")).toBe(c.stdout.toString("utf8"));
  });
});
