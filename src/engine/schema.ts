/**
 * Validation of the config and waivers documents by their JSON Schemas (schemas/*.schema.json,
 * compiled at build time into schema-validators.ts), with bulkhead's one-line messages:
 * "FILE: KEY: reason". The schemas carry the wording in annotation keywords: x-expected (what a
 * value should be), x-missing (what a required key is for), x-empty, x-unknown ("rule id").
 */
import configSchema from "../../schemas/config.schema.json";
import waiversSchema from "../../schemas/waivers.schema.json";
import type { BulkheadError } from "./errors";
import { describe, invalid, join, type Origin } from "./config";
import { validateConfig, validateWaivers } from "./schema-validators";

interface SchemaNode {
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  "x-expected"?: string;
  "x-missing"?: string;
  "x-empty"?: string;
  "x-unknown"?: string;
}

interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  parentSchema?: SchemaNode;
  data?: unknown;
  /** Set on the errors of a propertyNames subschema: the key that failed it. */
  propertyName?: string;
}

type Validate = ((data: unknown) => boolean) & { errors?: SchemaError[] | null };

const SCHEMAS = {
  config: { validate: validateConfig as unknown as Validate, root: configSchema as unknown as SchemaNode },
  waivers: { validate: validateWaivers as unknown as Validate, root: waiversSchema as unknown as SchemaNode },
};

/** Throws the BulkheadError of the document's first schema error; returns when it validates. */
export function checkSchema(which: keyof typeof SCHEMAS, value: unknown, origin: Origin): void {
  const { validate, root } = SCHEMAS[which];
  if (validate(value)) return;
  const error = validate.errors?.[0];
  if (error === undefined) throw invalid(origin, "", "does not validate");
  throw message(error, root, origin);
}

/** "/exemptions/0/reason" → "exemptions[0].reason". */
function keyOf(instancePath: string): string {
  return instancePath
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<string>((key, part) => join(key, /^\d+$/.test(part) ? Number(part) : part), "");
}

/** A `$ref` of the same schema ("#/definitions/reason") followed to its node. */
function resolve(node: SchemaNode | undefined, root: SchemaNode): SchemaNode | undefined {
  if (node?.$ref === undefined) return node;
  const path = node.$ref.replace(/^#\//, "").split("/");
  return path.reduce<unknown>((n, p) => (n as Record<string, unknown> | undefined)?.[p], root) as SchemaNode;
}

function message(e: SchemaError, root: SchemaNode, origin: Origin): BulkheadError {
  const key = keyOf(e.instancePath);
  const node = resolve(e.parentSchema, root) ?? {};
  const data = e.data;
  const expected = (): string => node["x-expected"] ?? "another value";
  const unknownRule = (k: string, v: unknown): BulkheadError =>
    invalid(origin, k, `unknown rule id ${String(v)} (known: ${origin.ruleIds.join(", ")})`);
  if (e.propertyName !== undefined) return unknownRule(join(key, e.propertyName), e.propertyName);
  switch (e.keyword) {
    case "additionalProperties": {
      const allowed = Object.keys(node.properties ?? {}).join(", ");
      return invalid(origin, join(key, String(e.params.additionalProperty)), `unknown key (allowed: ${allowed})`);
    }
    case "required": {
      const missing = String(e.params.missingProperty);
      const property = resolve(node.properties?.[missing], root);
      const why = property?.["x-missing"];
      return invalid(origin, join(key, missing), why === undefined ? "missing" : `missing: ${why}`);
    }
    case "propertyNames":
      return unknownRule(join(key, String(e.params.propertyName)), e.params.propertyName);
    case "enum":
      return invalid(
        origin,
        key,
        `expected one of ${(e.params.allowedValues as unknown[]).map(String).join(", ")}, got ${describe(data)}`,
      );
    case "minItems":
      return invalid(origin, key, node["x-empty"] ?? "is empty");
    case "minLength":
    case "pattern":
      if (typeof data === "string" && data.trim() === "") return invalid(origin, key, "is empty");
      if (e.keyword === "minLength") {
        const length = typeof data === "string" ? data.trim().length : 0;
        return invalid(origin, key, `must be at least ${String(e.params.limit)} characters, got ${length}`);
      }
      if (node["x-unknown"] === "rule id") return unknownRule(key, data);
      return invalid(origin, key, `expected ${expected()}, got ${describe(data)}`);
    default:
      return invalid(origin, key, `expected ${expected()}, got ${describe(data)}`);
  }
}
