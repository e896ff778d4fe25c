/** Reading synthesized cdk.tf.json in tests: resources by type and their JSON policy documents. */
// Brings cdktf's jest matcher types (toHaveResourceWithProperties …) into the type-checked program.
import type {} from "cdktf/lib/testing/adapters/jest";
import type { PolicyDocument, PolicyStatement } from "../../src/constructs";

export type TfResource = Record<string, unknown>;

export interface TfJson {
  resource?: Record<string, Record<string, TfResource>>;
  data?: Record<string, Record<string, TfResource>>;
  provider?: Record<string, unknown[]>;
}

export function parse(synthesized: string): TfJson {
  return JSON.parse(synthesized) as TfJson;
}

/** All resources of one type, keyed by logical id. */
export function resourcesOf(synthesized: string, type: string): Record<string, TfResource> {
  return parse(synthesized).resource?.[type] ?? {};
}

/** The one resource of a type (fails when there are several or none). */
export function onlyResource(synthesized: string, type: string): TfResource {
  const all = Object.values(resourcesOf(synthesized, type));
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

/** The resource of a type whose `attribute` equals `value`. */
export function resourceWith(synthesized: string, type: string, attribute: string, value: unknown): TfResource {
  const found = Object.values(resourcesOf(synthesized, type)).filter((resource) => resource[attribute] === value);
  if (found.length !== 1)
    throw new Error(`expected one ${type} with ${attribute}=${String(value)}, found ${found.length}`);
  return found[0];
}

/** Parses a policy attribute (`policy`, `assume_role_policy`, `content`). */
export function documentOf(resource: TfResource, attribute = "policy"): PolicyDocument {
  const text = resource[attribute];
  if (typeof text !== "string") throw new Error(`attribute ${attribute} is not a string`);
  return JSON.parse(text) as PolicyDocument;
}

export function statementOf(document: PolicyDocument, sid: string): PolicyStatement {
  const found = document.Statement.find((statement) => statement.Sid === sid);
  if (found === undefined) throw new Error(`no statement ${sid} in ${JSON.stringify(document)}`);
  return found;
}

export function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** `${aws_iam_role.<logical id>.arn}`-style reference to a resource found by an attribute. */
export function referenceTo(
  synthesized: string,
  type: string,
  attribute: string,
  value: unknown,
  field = "arn",
): string {
  const all = resourcesOf(synthesized, type);
  const ids = Object.keys(all).filter((id) => all[id][attribute] === value);
  if (ids.length !== 1) throw new Error(`expected one ${type} with ${attribute}=${String(value)}, found ${ids.length}`);
  return `\${${type}.${ids[0]}.${field}}`;
}
