import { inputError } from "./errors";

/**
 * A CDKTF synthesized stack (cdk.tf.json) as the plan the policies read: every resource is
 * created, values are the configuration, and a `${...}` token is what `terraform show -json`
 * shows for a value unknown until apply — absent from `after`, marked in `after_unknown`, with
 * its references in `configuration`. data.aws_iam_policy_document blocks are kept as deferred
 * reads, so the policies use their statement blocks. No cdktf import: the CLI uses this too.
 */
export interface SynthPlan {
  plan: Record<string, unknown>;
  /** Resource address → construct path, to attach a finding to the construct that made it. */
  constructPaths: Record<string, string>;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Meta-arguments and CDKTF metadata: not resource values. */
const META = new Set(["//", "lifecycle", "depends_on", "provider", "count", "for_each", "provisioner", "connection"]);
/** Object-valued attributes that are maps; every other object is a nested block (a list of one in plan JSON). */
const MAPS = new Set(["tags", "tags_all", "variables", "environment", "parameters", "metadata", "context"]);

const TOKEN = /(?<!\$)\$\{/;
const kind = (v: unknown): string =>
  Array.isArray(v) ? "a list" : v === null ? "null" : typeof v === "object" ? "an object" : `a ${typeof v}`;
const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

export function planFromSynth(stack: unknown, name = "cdk.tf.json"): SynthPlan {
  if (!isObject(stack) || (!isObject(stack.resource) && !isObject(stack.data))) {
    throw inputError(`${name} is not a CDKTF synthesized stack (no "resource" or "data" section)`);
  }
  const changes: JsonObject[] = [];
  const configuration: JsonObject[] = [];
  const planned: JsonObject[] = [];
  const constructPaths: Record<string, string> = {};
  for (const [mode, section] of [
    ["managed", stack.resource],
    ["data", stack.data],
  ] as const) {
    const key = mode === "data" ? "data" : "resource";
    if (section === undefined) continue;
    if (!isObject(section))
      throw inputError(`${name}: ${key} is ${kind(section)}, expected an object of resource types`);
    for (const [type, byName] of Object.entries(section)) {
      if (!isObject(byName)) {
        throw inputError(`${name}: ${key}.${type} is ${kind(byName)}, expected an object of ${type} blocks by name`);
      }
      for (const [resourceName, body] of Object.entries(byName)) {
        if (!isObject(body)) {
          throw inputError(`${name}: ${key}.${type}.${resourceName} is ${kind(body)}, expected an object of arguments`);
        }
        const address = mode === "data" ? `data.${type}.${resourceName}` : `${type}.${resourceName}`;
        const attrs = Object.fromEntries(Object.entries(body).filter(([k]) => !META.has(k)));
        const { value: after, unknown } = values(attrs, true);
        const path = metadataPath(body);
        if (path !== undefined) constructPaths[address] = path;
        changes.push({
          address,
          mode,
          type,
          name: resourceName,
          provider_name: "registry.terraform.io/hashicorp/aws",
          change: {
            actions: mode === "data" ? ["read"] : ["create"],
            before: null,
            after: after as JsonObject,
            after_unknown: (unknown ?? {}) as JsonObject,
          },
        });
        planned.push({ address, mode, type, name: resourceName, values: after as JsonObject });
        configuration.push({ address, mode, type, name: resourceName, expressions: expressions(attrs) });
      }
    }
  }
  return {
    plan: {
      format_version: "1.2",
      terraform_version: "cdktf",
      planned_values: { root_module: { resources: planned } },
      resource_changes: changes,
      configuration: { root_module: { resources: configuration } },
    },
    constructPaths,
  };
}

function metadataPath(body: JsonObject): string | undefined {
  const meta = body["//"];
  if (!isObject(meta) || !isObject(meta.metadata)) return undefined;
  const path = meta.metadata.path;
  return typeof path === "string" ? path : undefined;
}

/**
 * Values as `change.after` shows them: a string holding a token is unknown (absent from an object,
 * null in a list, true in the unknown marks), except a JSON document with tokens inside (a
 * policy whose ARNs are tokens: its structure is known). `$${` is Terraform's escape for `${`.
 */
function values(v: Json, top = false): { value: Json | undefined; unknown: Json | undefined } {
  if (typeof v === "string") {
    if (TOKEN.test(v) && !isJsonDocument(v)) return { value: undefined, unknown: true };
    return { value: v.replace(/\$\$\{/g, "${"), unknown: undefined };
  }
  if (Array.isArray(v)) {
    const parts = v.map((x) => values(x));
    const anyUnknown = parts.some((p) => p.unknown !== undefined);
    return {
      value: parts.map((p) => (p.value === undefined ? null : p.value)),
      unknown: anyUnknown ? parts.map((p) => p.unknown ?? false) : undefined,
    };
  }
  if (isObject(v)) {
    const value: JsonObject = {};
    const unknown: JsonObject = {};
    for (const [k, x] of Object.entries(v)) {
      // A nested block is an object in cdk.tf.json and a list of one in plan JSON.
      const part = values(isObject(x) && !MAPS.has(k) ? [x] : x);
      if (part.value !== undefined) value[k] = part.value;
      if (part.unknown !== undefined) unknown[k] = part.unknown;
    }
    return { value, unknown: top || Object.keys(unknown).length > 0 ? unknown : undefined };
  }
  return { value: v, unknown: undefined };
}

function isJsonDocument(s: string): boolean {
  const t = s.trim();
  if (!t.startsWith("{")) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

/** configuration expressions: constants, or the references of the tokens (nested blocks too). */
function expressions(attrs: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(attrs)) {
    const blocks = Array.isArray(v) ? v : isObject(v) && !MAPS.has(k) ? [v] : undefined;
    if (blocks !== undefined && blocks.every(isObject)) {
      out[k] = blocks.map((b) => expressions(b as JsonObject));
      continue;
    }
    const refs = references(v);
    out[k] = refs.length > 0 ? { references: refs } : { constant_value: v };
  }
  return out;
}

/** "${aws_iam_role.admin_1A2B.arn}" → ["aws_iam_role.admin_1A2B.arn", "aws_iam_role.admin_1A2B"] */
function references(v: Json): string[] {
  const text = JSON.stringify(v);
  if (!TOKEN.test(text)) return [];
  const refs: string[] = [];
  for (const token of text.matchAll(/(?<!\$)\$\{([^}]*)\}/g)) {
    for (const m of token[1].matchAll(
      /\b((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*)((?:\.[A-Za-z0-9_]+)*)/g,
    )) {
      const [, resource, rest] = m;
      if (/^(var|local|each|count|path|terraform|self|module)\./.test(resource)) continue;
      if (rest !== "") refs.push(`${resource}${rest}`);
      refs.push(resource);
    }
  }
  return [...new Set(refs)];
}
