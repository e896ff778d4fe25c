/**
 * Keeps of a parsed plan only what the policies read, before it goes to the wasm: the resource
 * changes, state data sources and configuration of the resource types the rules read
 * (`bulkhead/main/relevant`: every aws_iam_* type and the policy-carrying and backup-storage
 * types). On IAM-heavy plans most instances are unrelated; evaluation time and wasm memory follow
 * the size of what is kept. test/engine/prefilter.test.ts proves no finding changes.
 */
export interface Relevance {
  prefixes: string[];
  types: string[];
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function prefilter(plan: Json, relevance: Relevance): Json {
  const types = new Set(relevance.types);
  const relevant = (r: unknown): boolean =>
    isObject(r) &&
    typeof r.type === "string" &&
    (types.has(r.type) || relevance.prefixes.some((p) => (r.type as string).startsWith(p)));
  const out: Json = { format_version: plan.format_version, terraform_version: plan.terraform_version };
  if ("resource_changes" in plan) out.resource_changes = list(plan.resource_changes).filter(relevant).map(change);
  // The policies read data sources from the states, and the managed resources of the prior state
  // that have no change (a `-target` plan leaves the untargeted ones out of resource_changes).
  const changed = changedAddresses(plan);
  const stateData = (r: unknown): boolean => relevant(r) && (r as Json).mode === "data";
  const priorData = (r: unknown): boolean =>
    relevant(r) && ((r as Json).mode === "data" || !changed.has(String((r as Json).address)));
  if (isObject(plan.planned_values)) {
    out.planned_values = { root_module: stateModule(plan.planned_values.root_module, stateData) };
  }
  if (isObject(plan.prior_state) && isObject(plan.prior_state.values)) {
    out.prior_state = { values: { root_module: stateModule(plan.prior_state.values.root_module, priorData) } };
  }
  if (isObject(plan.configuration)) {
    out.configuration = { root_module: configModule(plan.configuration.root_module, relevant) };
  }
  return out;
}

/**
 * The members of a resource change the policies read (not the sensitive-value masks, nor the
 * BEFORE of a no-op change, which the policies take from its AFTER).
 */
const CHANGE_KEYS = ["address", "module_address", "mode", "type", "name", "deposed"];
const CHANGE_VALUE_KEYS = ["actions", "before", "after", "after_unknown"];

function change(rc: unknown): Json {
  const r = rc as Json;
  const c = isObject(r.change) ? pick(r.change, CHANGE_VALUE_KEYS) : {};
  // The policies read a no-op change's BEFORE from its AFTER (the same object in a plan).
  if (Array.isArray(c.actions) && c.actions.length === 1 && c.actions[0] === "no-op") delete c.before;
  return { ...pick(r, CHANGE_KEYS), change: c };
}

function pick(o: Json, keys: string[]): Json {
  const out: Json = {};
  for (const k of keys) if (k in o) out[k] = o[k];
  return out;
}

function stateModule(m: unknown, keep: (r: unknown) => boolean): Json {
  if (!isObject(m)) return {};
  return {
    ...(typeof m.address === "string" ? { address: m.address } : {}),
    resources: list(m.resources).filter(keep),
    child_modules: list(m.child_modules).map((c) => stateModule(c, keep)),
  };
}

function configModule(m: unknown, keep: (r: unknown) => boolean): Json {
  if (!isObject(m)) return {};
  const calls = isObject(m.module_calls) ? m.module_calls : {};
  return {
    resources: list(m.resources).filter(keep),
    ...(isObject(m.outputs) ? { outputs: m.outputs } : {}),
    module_calls: Object.fromEntries(
      Object.entries(calls).map(([name, call]) => [
        name,
        isObject(call) ? { ...call, module: configModule(call.module, keep) } : call,
      ]),
    ),
  };
}

/** The addresses of resource_changes (deposed objects left out). */
function changedAddresses(plan: Json): Set<string> {
  const changed = new Set<string>();
  for (const rc of list(plan.resource_changes)) {
    if (isObject(rc) && !("deposed" in rc) && typeof rc.address === "string") changed.add(rc.address);
  }
  return changed;
}

/**
 * Resource instances of the AFTER state, counted on the whole plan: the changes that are not
 * deletes (deposed objects left out), the data sources read into the state and the unchanged
 * resources a `-target` plan leaves out of resource_changes.
 */
export function afterInstanceCount(plan: Json): number {
  const changed = changedAddresses(plan);
  const after = new Set<string>();
  for (const rc of list(plan.resource_changes)) {
    if (!isObject(rc) || "deposed" in rc || typeof rc.address !== "string") continue;
    const actions = isObject(rc.change) ? list(rc.change.actions) : [];
    if (!(actions.length === 1 && actions[0] === "delete")) after.add(rc.address);
  }
  const roots = [
    isObject(plan.prior_state) && isObject(plan.prior_state.values) ? plan.prior_state.values.root_module : undefined,
    isObject(plan.planned_values) ? plan.planned_values.root_module : undefined,
  ];
  const walk = (m: unknown): void => {
    if (!isObject(m)) return;
    for (const r of list(m.resources)) {
      // data sources of either state, and the unchanged managed resources of a -target plan
      if (isObject(r) && typeof r.address === "string" && !changed.has(r.address)) after.add(r.address);
    }
    list(m.child_modules).forEach(walk);
  };
  roots.forEach(walk);
  return after.size;
}
