import { inputError } from "./errors";

/** What validation learned about a plan without copying it: the bytes go to the wasm as they are. */
export interface PlanInput {
  bytes: Uint8Array;
  /** The plan as validation parsed it (the pre-filter keeps what the policies read of it). */
  parsed: Record<string, unknown>;
  formatVersion: string;
  terraformVersion?: string;
}

/** Plan JSON format versions this checker reads: 0.x (Terraform 0.12–1.0) and 1.x. */
const SUPPORTED_MAJORS = new Set(["0", "1"]);

const describe = (v: unknown): string =>
  Array.isArray(v) ? "an array" : v === null ? "null" : typeof v === "object" ? "an object" : `a ${typeof v}`;

/**
 * Checks that bytes are the JSON of `terraform show -json PLANFILE` (or `tofu show -json`), with
 * the structure the policies read. Invalid JSON inside the wasm gives no error, so every reason
 * to refuse is found here, and named in one line.
 */
export function validatePlan(input: Uint8Array, name: string): PlanInput {
  // A UTF-8 byte order mark is not JSON: the wasm would not parse the plan behind it.
  const bytes = hasBom(input) ? input.subarray(3) : input;
  if (bytes.byteLength === 0)
    throw inputError(`${name} is empty: expected the output of terraform show -json PLANFILE`);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw inputError(`${name} is not UTF-8 text: expected the output of terraform show -json PLANFILE`);
  }
  let plan: unknown;
  try {
    plan = JSON.parse(text);
  } catch (e) {
    throw inputError(`${name} is not valid JSON (${(e as Error).message})`);
  }
  if (typeof plan !== "object" || plan === null || Array.isArray(plan)) {
    throw inputError(
      `${name} holds ${describe(plan)}, not a plan object: expected the output of terraform show -json PLANFILE`,
    );
  }
  const p = plan as Record<string, unknown>;
  const version = p.format_version;
  if (typeof version !== "string") {
    throw inputError(`${name} has no format_version: it is not terraform show -json output`);
  }
  if (!SUPPORTED_MAJORS.has(version.split(".")[0])) {
    throw inputError(
      `${name} has format_version ${JSON.stringify(version.length > 40 ? `${version.slice(0, 40)}…` : version)}; bulkhead reads plan format 1.x (and the older 0.x)`,
    );
  }
  if (!("resource_changes" in p) && !("planned_values" in p)) {
    const what = "values" in p ? "a state (terraform show -json without a plan file)" : "not a plan";
    throw inputError(`${name} is ${what}: run terraform plan -out tfplan, then terraform show -json tfplan`);
  }
  checkShape(p, name);
  return {
    bytes,
    parsed: p,
    formatVersion: version,
    terraformVersion: typeof p.terraform_version === "string" ? p.terraform_version : undefined,
  };
}

const hasBom = (b: Uint8Array): boolean => b.byteLength >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The parts the policies read must have the types the plan format gives them. */
function checkShape(p: Record<string, unknown>, name: string): void {
  for (const key of ["planned_values", "prior_state", "configuration"]) {
    if (key in p && p[key] !== null && !isObject(p[key])) {
      throw inputError(`${name}: ${key} is ${describe(p[key])}, expected an object`);
    }
  }
  const changes = p.resource_changes ?? [];
  if (!Array.isArray(changes)) throw inputError(`${name}: resource_changes is ${describe(changes)}, expected a list`);
  changes.forEach((rc: unknown, i: number) => {
    const where = `${name}: resource_changes[${i}]`;
    if (!isObject(rc)) throw inputError(`${where} is ${describe(rc)}, expected an object`);
    for (const key of ["address", "type", "name"]) {
      if (typeof rc[key] !== "string") throw inputError(`${where}.${key} is ${describe(rc[key])}, expected a string`);
    }
    const change = rc.change;
    if (!isObject(change)) throw inputError(`${where}.change is ${describe(change)}, expected an object`);
    const actions = change.actions;
    if (!Array.isArray(actions) || actions.length === 0 || !actions.every((a) => typeof a === "string")) {
      throw inputError(`${where}.change.actions is not a list of actions`);
    }
    for (const key of ["before", "after"]) {
      const v = change[key];
      if (v !== undefined && v !== null && !isObject(v)) {
        throw inputError(`${where}.change.${key} is ${describe(v)}, expected an object or null`);
      }
    }
  });
}
