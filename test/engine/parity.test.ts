import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { CompiledPolicy } from "../../src/engine/policy";
import { realPlans, realPlansDir, root } from "../helpers/engine";
import { tempDir } from "../helpers/tmp";

/**
 * The compiled wasm and the Rego interpreter (`opa eval`, the pinned OPA) give the same report
 * on every plan the project has: rule examples, labelled fixtures, the bundled example and the
 * real plans. opa test exercises the interpreter only, and the two differ in places (glob
 * delimiters, builtins implemented in JS), so this is what ties the tests to what ships.
 */
function files(dir: string, keep: (f: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, keep) : keep(path) ? [path] : [];
  });
}

const plans: string[] = [
  ...files(join(root, "policies/rules"), (f) => /\/examples\/(good|bad)\/[^/]+\.json$/.test(f)),
  ...files(join(root, "test/fixtures/plans"), (f) => f.endsWith(".json") && !f.endsWith(".expected.json")),
  join(root, "examples/code-spaces.plan.json"),
  ...realPlans().map((f) => join(realPlansDir, f)),
].sort();

function interpreterReports(): Record<string, unknown> {
  const dir = tempDir("parity");
  execFileSync("bash", [join(root, "scripts/stage-policy.sh"), join(dir, "src")], { stdio: "pipe" });
  mkdirSync(join(dir, "src/parity"));
  const byName = Object.fromEntries(plans.map((p) => [relative(root, p), JSON.parse(readFileSync(p, "utf8"))]));
  writeFileSync(join(dir, "src/parity/data.json"), JSON.stringify({ plans: byName }));
  const out = execFileSync(
    join(root, ".tools/bin/opa"),
    [
      "eval",
      "-d",
      join(dir, "src"),
      "-f",
      "json",
      "{name: r | some name, plan in data.parity.plans; r := data.bulkhead.main.report with input as plan}",
    ],
    { maxBuffer: 1 << 28 },
  );
  return JSON.parse(out.toString()).result[0].expressions[0].value;
}

describe("wasm parity with the Rego interpreter", () => {
  const policy = CompiledPolicy.loadSync();
  const interpreted = interpreterReports();

  it("covers examples, fixtures and real plans", () => {
    expect(plans.length).toBeGreaterThanOrEqual(38);
    expect(Object.keys(interpreted)).toHaveLength(plans.length);
  });

  it.each(plans.map((p) => relative(root, p)))("%s", (name) => {
    // The findings are a set: the entrypoint leaves their order to the engine.
    const canonical = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(canonical)
        : v && typeof v === "object"
          ? Object.fromEntries(
              Object.keys(v)
                .sort()
                .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
            )
          : v;
    const sorted = (r: unknown) => {
      const report = r as { findings: unknown[] };
      return { ...report, findings: report.findings.map((f) => JSON.stringify(canonical(f))).sort() };
    };
    const wasm = policy.evaluate(readFileSync(join(root, name)), name);
    expect(sorted(wasm)).toEqual(sorted(interpreted[name]));
  });
});
