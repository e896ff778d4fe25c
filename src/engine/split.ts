/**
 * A plan whose IAM part is too large for one wasm instance, or large enough to use several
 * cores, is evaluated in parts that share no join: the connected components of a graph over the
 * resource instances the policies read, over-approximated so that no join the policies make is
 * lost (when in doubt, merge). test/engine/split.test.ts proves on every fixture, evasion plan and
 * real plan that splitting into the smallest parts changes no report.
 *
 * Two instances are in the same part when
 * - they share an address (deposed objects, duplicate state entries);
 * - a value of one (an attribute, or a string inside a policy document, or a segment of an ARN
 *   there) is the name, bucket, ARN, id or unique id of the other: the joins by value;
 * - a configuration reference of one names the other's resource in the same module instance, or
 *   a module output that names it in a child module instance: the joins when a value is unknown;
 * - a statement resource of one and an ARN of a storage resource (bucket, vault, table, key, …)
 *   overlap by their literal heads (the head of one is a prefix of the other's: the storage
 *   index's own test); a pattern starting with a wildcard other than `*` alone, or too complex
 *   to index, reaches every storage resource (a statement on `*` alone reaches all of them by
 *   itself, whatever storage the plan holds);
 * - an Allow statement of one that may pass or assume roles (or uses NotAction) names roles by a
 *   wildcard: it reaches every role; a policy document or policy ARN unknown until apply, or one
 *   that is not valid JSON (taken at its worst: it may mint credentials too), reaches every
 *   principal, and so does an AWS managed policy that may assume, pass, mint or join;
 * - a trust policy of one lets in `*` (every principal of the plan); trust policies that let in the
 *   same principal (another account, a federated provider, a principal outside the plan) join;
 * - attachments, memberships and keys that name the same principal by name join (a principal
 *   outside the plan is modelled by that name);
 * - an Allow statement of one that may mint a user's credentials or add a user to a group reaches
 *   every principal (BH006's mint and join edges);
 * - an attribute of one that names principals is unknown and its references reach no instance of
 *   the plan: the policies then join it to every principal of that type (every principal here).
 * A trust policy that names an account root delegates to the identity policies of the account:
 * a principal reaches the role only through an Allow naming the role's ARN (a value join), a
 * pattern (every role) or an unknown document (every role), each a join above.
 */
import type { RawReport } from "./policy";

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The plan as the pre-filter keeps it, cut into parts; each part is a plan of its own. */
export interface SplitPlan {
  parts: Json[];
  /** The AWS managed policies each part names (each part's report counts them once). */
  managed: string[][];
}

/** One resource instance: a resource change, or a data source read into a state. */
interface Unit {
  /** The object as it sits in the plan. */
  value: Json;
  address: string;
  /** Its module instance ("" for the root module). */
  module: string;
  type: string;
  /** "aws_iam_role.r" or "data.aws_iam_policy_document.d". */
  local: string;
  /** The states' values (before/after, or the data source's values), and what is unknown. */
  values: Json[];
  unknown: Json;
  size: number;
}

class Components {
  private parent: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n).map((_, i) => i);
  }
  find(i: number): number {
    let r = i;
    while (this.parent[r] !== r) r = this.parent[r];
    while (this.parent[i] !== r) [this.parent[i], i] = [r, this.parent[i]];
    return r;
  }
  union(a: number, b: number): void {
    const x = this.find(a);
    const y = this.find(b);
    if (x !== y) this.parent[Math.max(x, y)] = Math.min(x, y);
  }
}

const PRINCIPAL_TYPES = new Set(["aws_iam_user", "aws_iam_group", "aws_iam_role"]);
/** Attributes that name principals (the joins of attachments, memberships, keys, …). */
const PRINCIPAL_ATTRIBUTES = new Set([
  "user",
  "group",
  "role",
  "users",
  "groups",
  "roles",
  "user_name",
  "group_name",
  "role_name",
]);
/** Attributes that hold or name policy documents. */
const DOCUMENT_ATTRIBUTES = new Set([
  "policy",
  "assume_role_policy",
  "json",
  "inline_policy",
  "policy_arn",
  "policy_arns",
  "managed_policy_arns",
  "permissions_boundary",
  "source_policy_documents",
  "override_policy_documents",
  "statement",
]);
const IDENTITY_ATTRIBUTES = ["name", "bucket", "arn", "id", "unique_id"];
const ROLE_ACTIONS = ["sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity", "iam:passrole"];
/** Actions by which a credential becomes a user (its key or password) or joins a group (BH006). */
const PRINCIPAL_ACTIONS = [
  "iam:createaccesskey",
  "iam:createloginprofile",
  "iam:updateloginprofile",
  "iam:addusertogroup",
];
/** wildcard.rego: a longer pattern, or one with more stars, is too complex to index. */
const MAX_PATTERN = 512;
const MAX_STARS = 9;
const REFERENCE_ROOTS = new Set(["var", "local", "each", "count", "path", "terraform", "self"]);

/**
 * The parts: components packed, largest first, into `count` parts of similar size; a part gets
 * a whole component or nothing of it. Returns one part when the plan is one component.
 */
export function splitPlan(
  plan: Json,
  partCount: number,
  managedPolicies: ReadonlySet<string>,
  reachingPolicies: ReadonlySet<string> = new Set(),
): SplitPlan {
  const units = collectUnits(plan);
  const components = connect(units, plan, reachingPolicies);
  const bySize = new Map<number, number>();
  units.forEach((u, i) => {
    const c = components.find(i);
    bySize.set(c, (bySize.get(c) ?? 0) + u.size);
  });
  const roots = [...bySize.keys()].sort((a, b) => bySize.get(b)! - bySize.get(a)! || a - b);
  const bins = Array.from({ length: Math.max(1, Math.min(partCount, roots.length)) }, () => ({
    size: 0,
    roots: [] as number[],
  }));
  for (const root of roots) {
    const bin = bins.reduce((best, b) => (b.size < best.size ? b : best));
    bin.size += bySize.get(root)!;
    bin.roots.push(root);
  }
  const partOf = new Map<number, number>();
  bins.forEach((b, p) => b.roots.forEach((r) => partOf.set(r, p)));
  const unitPart = new Map<Json, number>();
  units.forEach((u, i) => unitPart.set(u.value, partOf.get(components.find(i))!));
  const parts = bins.map((_, p) => buildPart(plan, (v) => unitPart.get(v) === p));
  if (parts.length > 1) withAccounts(parts, ownAccounts(units));
  const managed = bins.map((_, p) =>
    [
      ...new Set(units.filter((u) => unitPart.get(u.value) === p).flatMap((u) => managedKeys(u, managedPolicies))),
    ].sort(),
  );
  return { parts, managed };
}

/**
 * The components: the addresses of each (sorted, each once), and its size in bytes of JSON;
 * largest first. How far a plan can be split.
 */
export function components(
  plan: Json,
  reachingPolicies: ReadonlySet<string> = new Set(),
): { addresses: string[]; bytes: number }[] {
  const units = collectUnits(plan);
  const c = connect(units, plan, reachingPolicies);
  const byRoot = new Map<number, { addresses: Set<string>; bytes: number }>();
  units.forEach((u, i) => {
    const root = c.find(i);
    const entry = byRoot.get(root) ?? { addresses: new Set<string>(), bytes: 0 };
    entry.addresses.add(u.address);
    entry.bytes += u.size;
    byRoot.set(root, entry);
  });
  return [...byRoot.values()]
    .map((e) => ({ addresses: [...e.addresses].sort(), bytes: e.bytes }))
    .sort((a, b) => b.bytes - a.bytes || (a.addresses[0] < b.addresses[0] ? -1 : 1));
}

/**
 * The report of a plan from the reports of its parts: findings together, counts added, the AWS
 * managed policies named in several parts counted once (the policies count every document they
 * analysed, and each part analyses the managed policies it names).
 */
export function mergeReports(reports: RawReport[], managed: string[][]): RawReport {
  const named = new Set(managed.flat());
  const perPart = managed.reduce((n, m) => n + m.length, 0);
  return {
    findings: reports.flatMap((r) => r.findings),
    stats: {
      principals: reports.reduce((n, r) => n + r.stats.principals, 0),
      documents: reports.reduce((n, r) => n + r.stats.documents, 0) - perPart + named.size,
      unverifiable_documents: reports.reduce((n, r) => n + r.stats.unverifiable_documents, 0),
      format_version: reports[0]?.stats.format_version ?? null,
    },
  };
}

// --- the instances ----------------------------------------------------------------------------

function collectUnits(plan: Json): Unit[] {
  const units: Unit[] = [];
  for (const rc of list(plan.resource_changes)) {
    if (!isObject(rc) || typeof rc.address !== "string") continue;
    const change = isObject(rc.change) ? rc.change : {};
    const type = String(rc.type);
    units.push({
      value: rc,
      address: rc.address,
      module: typeof rc.module_address === "string" ? rc.module_address : "",
      type,
      local: `${rc.mode === "data" ? "data." : ""}${type}.${String(rc.name)}`,
      values: [change.before, change.after].filter(isObject),
      unknown: isObject(change.after_unknown) ? change.after_unknown : {},
      size: JSON.stringify(rc).length,
    });
  }
  const states = [
    isObject(plan.planned_values) ? plan.planned_values.root_module : undefined,
    isObject(plan.prior_state) && isObject(plan.prior_state.values) ? plan.prior_state.values.root_module : undefined,
  ];
  const walk = (m: unknown): void => {
    if (!isObject(m)) return;
    const module = typeof m.address === "string" ? m.address : "";
    for (const r of list(m.resources)) {
      if (!isObject(r) || typeof r.address !== "string") continue;
      const type = String(r.type);
      units.push({
        value: r,
        address: r.address,
        module,
        type,
        local: `${r.mode === "data" ? "data." : ""}${type}.${String(r.name)}`,
        values: isObject(r.values) ? [r.values] : [],
        unknown: {},
        size: JSON.stringify(r).length,
      });
    }
    list(m.child_modules).forEach(walk);
  };
  states.forEach(walk);
  return units;
}

/**
 * The plan's own accounts as the policies see them (reachability.own_accounts): the account of
 * every known ARN, and data.aws_caller_identity's account_id. A part holds only some of the ARNs,
 * and a part without them would take every account its trusts name as its own.
 */
function ownAccounts(units: Unit[]): string[] {
  const accounts = new Set<string>();
  for (const u of units) {
    for (const v of u.values) {
      if (typeof v.arn === "string") {
        const parts = v.arn.split(":");
        if (parts.length >= 6 && parts[0] === "arn" && /^[0-9]{12}$/.test(parts[4])) accounts.add(parts[4]);
      }
      if (u.type === "aws_caller_identity" && typeof v.account_id === "string") accounts.add(v.account_id);
    }
  }
  return [...accounts].sort();
}

/** Every part shows the whole plan's accounts: one data.aws_caller_identity per account. */
function withAccounts(parts: Json[], accounts: string[]): void {
  if (accounts.length === 0) return;
  const identities = accounts.map((account, i) => ({
    address: `data.aws_caller_identity.bulkhead_split_account_${i}`,
    mode: "data",
    type: "aws_caller_identity",
    name: `bulkhead_split_account_${i}`,
    values: { account_id: account },
  }));
  for (const part of parts) {
    const planned = isObject(part.planned_values) ? part.planned_values : (part.planned_values = {});
    const root = isObject(planned.root_module) ? planned.root_module : (planned.root_module = {});
    root.resources = [...list(root.resources), ...identities];
  }
}

// --- the graph --------------------------------------------------------------------------------

function connect(units: Unit[], plan: Json, reachingPolicies: ReadonlySet<string>): Components {
  const c = new Components(units.length);
  /** Tokens every holder of which is joined: addresses. */
  const shared = new Map<string, number>();
  const share = (i: number, token: string): void => {
    const first = shared.get(token);
    if (first === undefined) shared.set(token, i);
    else c.union(first, i);
  };
  /** What names an instance; values that name it join it. */
  const identity = new Map<string, number>();
  units.forEach((u, i) => {
    for (const v of u.values) {
      for (const key of IDENTITY_ATTRIBUTES) {
        const s = v[key];
        if (typeof s !== "string" || s === "") continue;
        const owner = identity.get(s);
        if (owner === undefined) identity.set(s, i);
        else c.union(owner, i);
      }
    }
  });
  const mention = (i: number, s: string): void => {
    const owner = identity.get(s);
    if (owner !== undefined) c.union(owner, i);
    if (s.startsWith("arn:")) {
      for (const segment of arnSegments(s)) {
        const o = identity.get(segment);
        if (o !== undefined) c.union(o, i);
      }
    }
  };
  /** Classes: every member joined with every instance that reaches the class. */
  const members = { principal: [] as number[], role: [] as number[], storage: [] as number[] };
  const reaches = { principal: [] as number[], role: [] as number[], storage: [] as number[] };
  const storageHeads: [string, number][] = [];
  const patterns: [number, string][] = [];
  /** Resource parts of role-passing or -assuming statements ("role/team-*"), and of the roles. */
  const rolePatterns: [number, string][] = [];
  const roleTargets: [string, number][] = [];
  const unnamedRoles: number[] = [];
  /** What references name: the instances a token names, and those whose references name it. */
  const owners = new Map<string, number[]>();
  const referrers = new Map<string, number[]>();
  const own = (i: number, token: string): void => {
    const o = owners.get(token);
    if (o === undefined) owners.set(token, [i]);
    else o.push(i);
  };
  const unresolved: [number, string[], "principal" | "role"][] = [];
  const config = configIndex(plan);

  units.forEach((u, i) => {
    share(i, `a\u0000${u.address}`);
    own(i, scopeToken(u.module, u.local));
    const child = childToken(u.module, u.local);
    if (child !== undefined) own(i, child);
    if (PRINCIPAL_TYPES.has(u.type)) members.principal.push(i);
    // The plan's own account (aws_caller_identity) decides which trusts admit the plan's principals.
    if (u.type === "aws_caller_identity") reaches.principal.push(i);
    // An AWS managed policy that may assume or pass roles, mint credentials or join groups
    // (AdministratorAccess, IAMFullAccess, …) reaches every principal.
    if (managedKeys(u, reachingPolicies).length > 0) {
      reaches.principal.push(i);
      reaches.role.push(i);
    }
    if (u.type === "aws_iam_role") {
      members.role.push(i);
      for (const v of u.values) {
        if (typeof v.name === "string") {
          roleTargets.push([`role${typeof v.path === "string" ? v.path : "/"}${v.name}`.toLowerCase(), i]);
        } else unnamedRoles.push(i);
      }
      if (u.values.length === 0 || "name" in u.unknown) unnamedRoles.push(i);
    }
    const storage = !u.type.startsWith("aws_iam_");
    if (storage) members.storage.push(i);
    for (const v of u.values) {
      if (storage) for (const arn of storageArns(u.type, v)) storageHeads.push([head(arn), i]);
      walkValue(v, (s) => mention(i, s), {
        statement: (st) => statement(i, st),
        trust: (p) => {
          if (p === "*") reaches.principal.push(i);
          // Roles that trust the same caller (another account, a federated provider, a principal
          // outside the plan) are reached from one credential: one source of the reach graph.
          else share(i, `t\u0000${/^[0-9]{12}$/.test(p) ? `arn:aws:iam::${p}:root` : p.toLowerCase()}`);
        },
        // at worst a document that cannot be read allows everything: it may mint, join or assume
        invalidDocument: () => reaches.principal.push(i),
      });
    }
    // A principal named by an attachment, membership or key and held by no resource of the plan is
    // modelled by that name: everything that names it is joined.
    for (const v of u.values) {
      for (const [attr, value] of Object.entries(v)) {
        if (!PRINCIPAL_ATTRIBUTES.has(attr)) continue;
        for (const name of strings(value)) share(i, `n\u0000${name}`);
      }
    }
    // Configuration references of every attribute: the joins when a value is unknown.
    const refs = config.references.get(`${stripKeys(u.module)}\u0000${u.local}`);
    const tokens = new Map<string, string[]>();
    for (const [attr, attrRefs] of refs ?? []) {
      const t = attrRefs.flatMap((r) => referenceTokens(r, u.module, config));
      tokens.set(attr, t);
      for (const token of t) {
        const r = referrers.get(token);
        if (r === undefined) referrers.set(token, [i]);
        else r.push(i);
      }
    }
    for (const [attr, mark] of Object.entries(u.unknown)) {
      // plan.rego is_unknown: unknown and set by the configuration (or no configuration at all).
      if (!isUnknown(mark) || (refs !== undefined && !refs.has(attr))) continue;
      const kind = PRINCIPAL_ATTRIBUTES.has(attr) || DOCUMENT_ATTRIBUTES.has(attr) ? "principal" : undefined;
      if (kind === undefined) continue;
      unresolved.push([i, tokens.get(attr) ?? [], kind]);
    }
  });

  /** A role-passing or -assuming Allow names roles by this resource (lowercase). */
  function rolePattern(i: number, p: string): void {
    const parts = p.replace(/\$\{[^}]*\}/g, "*").split(":");
    if (parts.length < 6 || /^[*?]/.test(parts.slice(5).join(":"))) reaches.role.push(i);
    else rolePatterns.push([i, parts.slice(5).join(":")]);
  }

  function statement(i: number, st: Json): void {
    const allow =
      !(typeof st.Effect === "string" && st.Effect !== "Allow") &&
      !(typeof st.effect === "string" && st.effect !== "Allow");
    const actions = [...strings(st.Action), ...strings(st.actions)].map((a) => a.toLowerCase());
    const notActions = "NotAction" in st || list(st.not_actions).length > 0;
    const roleActions = notActions || actions.some((a) => ROLE_ACTIONS.some((r) => globMatch(a, r)));
    // Minting a user's credentials or joining a group reaches users and groups (joined coarsely).
    const principalActions = notActions || actions.some((a) => PRINCIPAL_ACTIONS.some((r) => globMatch(a, r)));
    if (allow && principalActions) reaches.principal.push(i);
    // NotResource on an Allow counts as every resource: it reaches every role and principal.
    const notResource = "NotResource" in st || list(st.not_resources).length > 0;
    if (allow && notResource && (roleActions || principalActions)) reaches.principal.push(i);
    const resources = [
      ...strings(st.Resource),
      ...strings(st.NotResource),
      ...strings(st.resources),
      ...strings(st.not_resources),
    ];
    for (const r of resources) {
      const p = r.toLowerCase();
      if (allow && roleActions) rolePattern(i, p);
      if (p === "*") continue;
      if (p.length > MAX_PATTERN || p.split("*").length - 1 > MAX_STARS || /^[*?]/.test(p)) reaches.storage.push(i);
      else patterns.push([i, p.replace(/\$\{[^}]*\}/g, "*")]);
    }
  }

  // Statement resources and storage ARNs whose heads overlap; role patterns and the roles they match.
  overlapHeads(c, patterns, storageHeads, true);
  overlapHeads(c, rolePatterns, roleTargets, false);
  // A role whose name is unknown until apply may be any role a pattern names.
  if (rolePatterns.length > 0) for (const i of unnamedRoles) c.union(rolePatterns[0][0], i);
  // Unknown attributes whose references reach no instance: every principal (or role).
  for (const [i, tokens, kind] of unresolved) {
    if (!tokens.some((t) => owners.has(t))) reaches[kind].push(i);
  }
  for (const [token, r] of referrers) {
    for (const i of owners.get(token) ?? []) c.union(r[0], i);
    for (const i of r) c.union(r[0], i);
  }
  for (const kind of ["principal", "role", "storage"] as const) {
    if (reaches[kind].length === 0) continue;
    const all = [...members[kind], ...reaches[kind]];
    for (const i of all) c.union(all[0], i);
  }
  return c;
}

/**
 * Joins each pattern to the targets whose heads overlap its head: the targets whose head starts
 * with the pattern's head (a sorted range) and, when the targets are patterns too, those whose
 * head is a prefix of the pattern's head.
 */
function overlapHeads(
  c: Components,
  patterns: [number, string][],
  storage: [string, number][],
  twoWays: boolean,
): void {
  if (storage.length === 0 || patterns.length === 0) return;
  storage.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const exact = new Map<string, number>();
  for (const [h, i] of storage) {
    if (exact.has(h)) c.union(exact.get(h)!, i);
    else exact.set(h, i);
  }
  const heads = storage.map(([h]) => h);
  // next[k]: the first storage at or after k not yet joined to the one after it (a range is
  // joined once, however many patterns name it).
  const next = new Int32Array(storage.length + 1).map((_, k) => k);
  const unlinked = (k: number): number => {
    let r = k;
    while (next[r] !== r) r = next[r];
    while (next[k] !== r) [next[k], k] = [r, next[k]];
    return r;
  };
  for (const [i, p] of patterns) {
    const h = head(p);
    // Storage heads that the pattern's head is a prefix of: one sorted range.
    const lo = lowerBound(heads, h);
    const hi = lowerBound(heads, `${h}\uffff`);
    if (lo < hi) {
      c.union(i, storage[lo][1]);
      for (let k = unlinked(lo); k < hi - 1; k = unlinked(k + 1)) {
        c.union(storage[k][1], storage[k + 1][1]);
        next[k] = k + 1;
      }
    }
    // Storage heads that are a prefix of the pattern's head.
    for (let n = 0; twoWays && n < h.length; n++) {
      const o = exact.get(h.slice(0, n));
      if (o !== undefined) c.union(i, o);
    }
  }
}

function lowerBound(xs: string[], x: string): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** storage.rego: a bucket's ARNs from its name, else the ARN. */
function storageArns(type: string, v: Json): string[] {
  if (type === "aws_s3_bucket" && typeof v.bucket === "string") {
    return [`arn:aws:s3:::${v.bucket}`.toLowerCase(), `arn:aws:s3:::${v.bucket}/*`.toLowerCase()];
  }
  return typeof v.arn === "string" ? [v.arn.toLowerCase()] : [];
}

const head = (p: string): string => {
  const k = p.search(/[*?]/);
  return k < 0 ? p : p.slice(0, k);
};

/** The names an ARN's resource part holds ("role/path/name" → role, path, name; a bucket's name). */
function arnSegments(s: string): string[] {
  if (!s.startsWith("arn:")) return [];
  const parts = s.split(":");
  if (parts.length < 6) return [];
  return parts
    .slice(5)
    .join(":")
    .split(/[/:]/)
    .filter((x) => x !== "");
}

const isUnknown = (mark: unknown): boolean =>
  mark === true ||
  (Array.isArray(mark) && mark.some(isUnknown)) ||
  (isObject(mark) && Object.values(mark).some(isUnknown));

const strings = (v: unknown): string[] =>
  typeof v === "string" ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

interface Visitor {
  statement: (st: Json) => void;
  trust: (principal: string) => void;
  invalidDocument: () => void;
}

/** Every string of a value, inside policy documents too; statements and trusted principals found on the way. */
function walkValue(v: unknown, mention: (s: string) => void, visit: Visitor, key = ""): void {
  if (typeof v === "string") {
    mention(v);
    const t = v.trim();
    if ((t.startsWith("{") || t.startsWith("[")) && t.length > 1) {
      let doc: unknown;
      try {
        doc = JSON.parse(t);
      } catch {
        if (DOCUMENT_ATTRIBUTES.has(key)) visit.invalidDocument();
        return;
      }
      walkValue(doc, mention, visit, key);
    } else if (DOCUMENT_ATTRIBUTES.has(key) && t !== "" && !t.startsWith("arn:") && key !== "policy_arn") {
      if (key === "policy" || key === "assume_role_policy" || key === "json") visit.invalidDocument();
    }
    return;
  }
  if (Array.isArray(v)) {
    for (const x of v) walkValue(x, mention, visit, key);
    return;
  }
  if (!isObject(v)) return;
  if ("Action" in v || "NotAction" in v || "actions" in v || "not_actions" in v) visit.statement(v);
  if ("Principal" in v) principalsOf(v.Principal).forEach(visit.trust);
  if (Array.isArray(v.principals)) {
    for (const p of v.principals) if (isObject(p)) strings(p.identifiers).forEach(visit.trust);
  }
  for (const [k, x] of Object.entries(v)) walkValue(x, mention, visit, k === "tags" || k === "tags_all" ? "" : k);
}

function principalsOf(p: unknown): string[] {
  if (typeof p === "string") return [p];
  if (isObject(p)) return Object.values(p).flatMap(strings);
  return [];
}

/** Glob match of a pattern with `*` and `?` against a string (both lowercase). */
/**
 * The AWS managed policies (keys of the bundle's data) with an Allow statement that may assume or
 * pass roles, mint a user's credentials or add a user to a group (or uses NotAction).
 */
export function reachingManagedPolicies(policies: Record<string, unknown>): Set<string> {
  const out = new Set<string>();
  for (const [key, doc] of Object.entries(policies)) {
    const statements = list(isObject(doc) ? (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) : []);
    const reaches = statements.some((st) => {
      if (!isObject(st) || st.Effect !== "Allow") return false;
      if ("NotAction" in st) return true;
      return strings(st.Action).some((a) =>
        [...ROLE_ACTIONS, ...PRINCIPAL_ACTIONS].some((r) => globMatch(a.toLowerCase(), r)),
      );
    });
    if (reaches) out.add(key);
  }
  return out;
}

function globMatch(p: string, s: string): boolean {
  let pi = 0;
  let si = 0;
  let star = -1;
  let mark = 0;
  while (si < s.length) {
    if (pi < p.length && (p[pi] === "?" || p[pi] === s[si])) {
      pi++;
      si++;
    } else if (pi < p.length && p[pi] === "*") {
      star = pi++;
      mark = si;
    } else if (star >= 0) {
      pi = star + 1;
      si = ++mark;
    } else return false;
  }
  while (pi < p.length && p[pi] === "*") pi++;
  return pi === p.length;
}

// --- configuration ----------------------------------------------------------------------------

interface ConfigIndex {
  /** "<module prefix>\0<local>" → attribute → the references of its expression (at any depth). */
  references: Map<string, Map<string, string[]>>;
  /** "<module prefix>" → its outputs: output name → references. */
  outputs: Map<string, Map<string, string[]>>;
}

function configIndex(plan: Json): ConfigIndex {
  const references = new Map<string, Map<string, string[]>>();
  const outputs = new Map<string, Map<string, string[]>>();
  const walk = (m: unknown, prefix: string): void => {
    if (!isObject(m)) return;
    for (const r of list(m.resources)) {
      if (!isObject(r) || typeof r.address !== "string") continue;
      const attrs = new Map<string, string[]>();
      for (const [attr, expr] of Object.entries(isObject(r.expressions) ? r.expressions : {})) {
        const refs = collectReferences(expr);
        attrs.set(attr, refs);
      }
      references.set(`${prefix}\u0000${r.address}`, attrs);
    }
    const outs = new Map<string, string[]>();
    for (const [name, o] of Object.entries(isObject(m.outputs) ? m.outputs : {})) {
      outs.set(name, isObject(o) ? collectReferences(o.expression) : []);
    }
    outputs.set(prefix, outs);
    for (const [name, call] of Object.entries(isObject(m.module_calls) ? m.module_calls : {})) {
      if (isObject(call)) walk(call.module, join(prefix, `module.${name}`));
    }
  };
  const cfg = isObject(plan.configuration) ? plan.configuration.root_module : undefined;
  walk(cfg, "");
  return { references, outputs };
}

function collectReferences(expr: unknown, acc: string[] = []): string[] {
  if (Array.isArray(expr)) expr.forEach((e) => collectReferences(e, acc));
  else if (isObject(expr)) {
    for (const [k, v] of Object.entries(expr)) {
      if (k === "references") acc.push(...strings(v));
      else if (k !== "constant_value") collectReferences(v, acc);
    }
  }
  return acc;
}

const join = (prefix: string, local: string): string => (prefix === "" ? local : `${prefix}.${local}`);

const scopeToken = (module: string, local: string): string => `s\u0000${module}\u0000${local}`;

/** An instance of a child module instance, as a module output of its parent names it. */
function childToken(module: string, local: string): string | undefined {
  const segments = moduleSegments(module);
  if (segments.length === 0) return undefined;
  const last = segments[segments.length - 1];
  return `c\u0000${segments
    .slice(0, -1)
    .map((s) => s.text)
    .join(".")}\u0000${last.name}\u0000${local}`;
}

/** The tokens a reference made inside `module` joins. */
function referenceTokens(ref: string, module: string, config: ConfigIndex): string[] {
  const parts = ref.split(".");
  if (parts[0] === "module" && parts.length >= 3) {
    const name = parts[1].split("[")[0];
    const outs = config.outputs.get(join(stripKeys(module), `module.${name}`));
    return (outs?.get(parts[2]) ?? [])
      .map(localOf)
      .filter((l): l is string => l !== undefined)
      .map((l) => `c\u0000${module}\u0000${name}\u0000${l}`);
  }
  const local = localOf(ref);
  return local === undefined ? [] : [scopeToken(module, local)];
}

function localOf(ref: string): string | undefined {
  const parts = ref.split(".");
  if (parts[0] === "data" && parts.length >= 3) return `data.${parts[1]}.${parts[2].split("[")[0]}`;
  if (parts.length >= 2 && parts[0] !== "module" && parts[0] !== "data" && !REFERENCE_ROOTS.has(parts[0])) {
    return `${parts[0]}.${parts[1].split("[")[0]}`;
  }
  return undefined;
}

/** "module.a[\"x.y\"].module.b[0]" → [{name: a, text: module.a["x.y"]}, {name: b, text: module.b[0]}] */
function moduleSegments(module: string): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const re = /module\.([^.[\]]+)(\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\])?\.?/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(module)) !== null && m[0] !== "") out.push({ name: m[1], text: m[0].replace(/\.$/, "") });
  return out;
}

const stripKeys = (module: string): string =>
  moduleSegments(module)
    .map((s) => `module.${s.name}`)
    .join(".");

// --- parts ------------------------------------------------------------------------------------

/** The plan with only the instances `keep` takes, and the configuration of their resources. */
function buildPart(plan: Json, keep: (v: Json) => boolean): Json {
  const out: Json = { format_version: plan.format_version, terraform_version: plan.terraform_version };
  const locals = new Set<string>();
  const note = (module: string, r: Json): void => {
    locals.add(`${stripKeys(module)}\u0000${r.mode === "data" ? "data." : ""}${String(r.type)}.${String(r.name)}`);
  };
  if ("resource_changes" in plan) {
    out.resource_changes = list(plan.resource_changes).filter((rc) => {
      if (!isObject(rc) || !keep(rc)) return false;
      note(typeof rc.module_address === "string" ? rc.module_address : "", rc);
      return true;
    });
  }
  const state = (m: unknown): Json => {
    if (!isObject(m)) return {};
    const module = typeof m.address === "string" ? m.address : "";
    const resources = list(m.resources).filter((r) => isObject(r) && keep(r));
    resources.forEach((r) => note(module, r as Json));
    return { ...m, resources, child_modules: list(m.child_modules).map(state) };
  };
  if (isObject(plan.planned_values)) out.planned_values = { root_module: state(plan.planned_values.root_module) };
  if (isObject(plan.prior_state) && isObject(plan.prior_state.values)) {
    out.prior_state = { values: { root_module: state(plan.prior_state.values.root_module) } };
  }
  const configModule = (m: unknown, prefix: string): Json => {
    if (!isObject(m)) return {};
    const calls = isObject(m.module_calls) ? m.module_calls : {};
    return {
      ...m,
      resources: list(m.resources).filter(
        (r) => isObject(r) && typeof r.address === "string" && locals.has(`${prefix}\u0000${r.address}`),
      ),
      module_calls: Object.fromEntries(
        Object.entries(calls).map(([name, call]) => [
          name,
          isObject(call) ? { ...call, module: configModule(call.module, join(prefix, `module.${name}`)) } : call,
        ]),
      ),
    };
  };
  if (isObject(plan.configuration))
    out.configuration = { root_module: configModule(plan.configuration.root_module, "") };
  return out;
}

/** The AWS managed policies an instance names by value (documents.rego `_managed_keys`). */
function managedKeys(u: Unit, managedPolicies: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const v of u.values) {
    for (const attr of ["policy_arn", "policy_arns", "managed_policy_arns", "permissions_boundary"]) {
      for (const arn of strings(v[attr])) {
        const parts = arn.split(":");
        if (parts.length !== 6 || parts[0] !== "arn" || parts[2] !== "iam" || parts[4] !== "aws") continue;
        if (!parts[5].startsWith("policy/")) continue;
        const key = arn.slice(arn.indexOf(":policy/") + 8);
        if (managedPolicies.has(key)) out.push(key);
      }
    }
  }
  return out;
}
