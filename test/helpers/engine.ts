import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { Engine } from "../../src/engine/check";

let engine: Engine | undefined;

/** One engine for a test file (loading compiles the wasm once). */
export function sharedEngine(): Engine {
  return (engine ??= Engine.loadSync());
}

export const root = join(__dirname, "..", "..");
export const realPlansDir = join(root, "test", "fixtures", "real");

export function realPlans(): string[] {
  return readdirSync(realPlansDir)
    .filter((f) => f.endsWith(".json"))
    .sort();
}

export const readPlan = (path: string): Buffer => readFileSync(path);

/** "BH001 violation new aws_iam_role.x" lines, sorted: compact and order-free to compare. */
export function summaryLines(
  findings: { ruleId: string; verdict: string; status: string; address: string }[],
): string[] {
  return findings.map((f) => `${f.ruleId} ${f.verdict} ${f.status} ${f.address}`).sort();
}

function files(dir: string, keep: (f: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, keep) : keep(path) ? [path] : [];
  });
}

/**
 * Every plan the project has, as absolute paths: rule examples, labelled fixtures, the evasion
 * corpus, the bundled example and the real plans.
 */
export function projectPlans(): string[] {
  // A set: the real plans may also sit under test/fixtures.
  const all = new Set([
    ...files(join(root, "policies/rules"), (f) => /\/examples\/(good|bad)\/[^/]+\.json$/.test(f)),
    ...files(
      join(root, "test/fixtures"),
      (f) => f.endsWith(".json") && !f.endsWith(".expected.json") && !f.endsWith("index.json"),
    ),
    join(root, "examples/code-spaces.plan.json"),
    ...(existsSync(realPlansDir) ? realPlans().map((f) => join(realPlansDir, f)) : []),
  ]);
  return [...all].sort();
}
