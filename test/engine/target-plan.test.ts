import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/tmp";

/**
 * A real `-target` plan of terraform 1.11.4 (test/fixtures/terraform/target-plan-1.11.4.json:
 * `terraform_data.a` and `.b` applied, both inputs changed, then `plan -target=terraform_data.a`):
 * resource_changes and planned_values hold only the target, prior_state holds both. The plan
 * reader must see the untargeted resource as unchanged, in BEFORE and AFTER with its prior values.
 */
const root = join(__dirname, "..", "..");
const fixture = join(root, "test/fixtures/terraform/target-plan-1.11.4.json");

function instances(): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const dir = tempDir("target");
  execFileSync("bash", [join(root, "scripts/stage-policy.sh"), join(dir, "src")], { stdio: "pipe" });
  const out = execFileSync(join(root, ".tools/bin/opa"), [
    "eval",
    "-d",
    join(dir, "src"),
    "-i",
    fixture,
    "-f",
    "json",
    "{s: {a: i.values.input | some a, i in data.bulkhead.lib.plan.instances[s]} | some s in data.bulkhead.lib.plan.states}",
  ]);
  return JSON.parse(out.toString()).result[0].expressions[0].value;
}

describe("a real -target plan", () => {
  it("is what terraform 1.11.4 writes: the target in resource_changes, both in prior_state", () => {
    const plan = JSON.parse(readFileSync(fixture, "utf8"));
    expect(plan.terraform_version).toBe("1.11.4");
    expect(plan.resource_changes.map((r: { address: string }) => r.address)).toEqual(["terraform_data.a"]);
    expect(plan.prior_state.values.root_module.resources.map((r: { address: string }) => r.address)).toEqual([
      "terraform_data.a",
      "terraform_data.b",
    ]);
  });

  it("reads the untargeted resource as unchanged, the targeted one as changed", () => {
    const { before, after } = instances();
    expect(before).toEqual({ "terraform_data.a": "a-1", "terraform_data.b": "b-1" });
    expect(after).toEqual({ "terraform_data.a": "a-2", "terraform_data.b": "b-1" });
  });
});
