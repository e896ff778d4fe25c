import { readFileSync, readdirSync } from "node:fs";
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
