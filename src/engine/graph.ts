/**
 * The picture of a finding (`finding.graph` in the JSON): the nodes and edges that show how a
 * credential or resource comes to the finding, built from the finding's evidence alone, so any
 * reader of the JSON can draw it. The HTML report draws exactly this.
 *
 * - BH001: the principal, its group memberships and policy attachments (the evidence's `via`),
 *   the policies and statements, and the two capabilities (admin, backup deletion).
 * - BH006: the path from the credential through each assume / pass / mint / join step to the
 *   principals that hold the capabilities, then as BH001 from those principals.
 * - BH002: the requirement that held (nodes with state "before") beside what replaced it
 *   (state "after").
 * - BH003–BH005: the resource and what it lacks.
 * - Any other rule: the subject and one node per evidence entry.
 */
import type { Evidence, FindingGraph, GraphEdge, GraphNode } from "./types";

/** What a picture is built from: a finding, or what the policies returned for one. */
export interface Subject {
  ruleId: string;
  address: string;
  principal: string;
  verdict: string;
  evidence: readonly Evidence[];
}

export const ADMIN = "capability:admin";
export const BACKUP = "capability:backup";

/** The graph of a finding, from its rule, subject and evidence. Deterministic. */
export function findingGraph(f: Subject): FindingGraph {
  const g = new GraphBuilder();
  switch (f.ruleId) {
    case "BH001":
      capabilityGraph(g, f, f.address, f.evidence);
      break;
    case "BH002":
      beforeAfterGraph(g, f);
      break;
    case "BH003":
    case "BH004":
    case "BH005":
      missingGraph(g, f);
      break;
    case "BH006":
      pathGraph(g, f);
      break;
    default:
      genericGraph(g, f);
  }
  return g.build();
}

class GraphBuilder {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly edges = new Map<string, GraphEdge>();

  node(node: GraphNode): string {
    if (!this.nodes.has(node.id)) this.nodes.set(node.id, dropUndefined(node));
    return node.id;
  }

  edge(edge: GraphEdge): void {
    const key = JSON.stringify([edge.from, edge.to, edge.kind, edge.label ?? ""]);
    const known = this.edges.get(key);
    // The same step seen certain once is certain.
    if (known === undefined) this.edges.set(key, dropUndefined(edge));
    else if (edge.certain !== false && known.certain === false) delete known.certain;
  }

  build(): FindingGraph {
    return { nodes: [...this.nodes.values()], edges: [...this.edges.values()] };
  }
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** "aws_iam_role.ci" → "role"; a module path is skipped; anything else: the resource type. */
export function resourceKind(address: string): string {
  const m = /(?:^|[.:])(aws_[a-z0-9_]+)\.[^.]/.exec(address);
  if (m === null) return "resource";
  const type = m[1];
  const known: Record<string, string> = {
    aws_iam_user: "user",
    aws_iam_group: "group",
    aws_iam_role: "role",
    aws_iam_policy: "policy",
    aws_iam_access_key: "access key",
  };
  return known[type] ?? type.replace(/^aws_/, "").replace(/_/g, " ");
}

// --- BH001 (and the endpoints of BH006): principal → memberships, attachments → policy → statement → capability

const CAPABILITY_LABEL: Record<string, string> = {
  admin: "change IAM permissions (admin)",
  backup: "delete backups",
};

function capabilityNode(g: GraphBuilder, what: "admin" | "backup"): string {
  return g.node({ id: what === "admin" ? ADMIN : BACKUP, kind: "capability", label: CAPABILITY_LABEL[what] });
}

function principalNode(g: GraphBuilder, address: string, label: string, state?: "before" | "after"): string {
  return g.node({ id: stateId(state, address), kind: "principal", label, detail: address, state });
}

function stateId(state: "before" | "after" | undefined, id: string): string {
  return state === undefined ? id : `${state}:${id}`;
}

/**
 * How a policy reaches the principal, from the evidence's `via`: inline (the principal itself or
 * the policy resource), an attachment, "permissions boundary", or an attachment of a group the
 * user is a member of: "ATTACHMENT (group GROUP via MEMBERSHIP)". Returns the policy's node id.
 */
function reach(
  g: GraphBuilder,
  holder: string,
  e: Evidence,
  state: "before" | "after" | undefined,
  policyKind: string,
): string {
  const policyLabel = e.policy ?? "a policy document";
  const policy = g.node({
    id: stateId(state, `policy:${policyLabel}`),
    kind: policyKind,
    label: policyLabel,
    detail: e.reason,
    state,
  });
  const via = e.via;
  const group = via === undefined ? null : /^(.*) \(group (.+) via (.+)\)$/.exec(via);
  let from = holder;
  let attachment = via;
  if (group !== null) {
    const [, attach, groupAddress, membership] = group;
    const m = g.node({ id: stateId(state, membership), kind: "membership", label: membership, state });
    const grp = g.node({ id: stateId(state, groupAddress), kind: "principal", label: groupAddress, state });
    g.edge({ from: holder, to: m, kind: "member" });
    g.edge({ from: m, to: grp, kind: "member" });
    from = grp;
    attachment = attach;
  }
  const holderAddress = group !== null ? group[2] : stripState(holder, state);
  if (attachment === undefined || attachment === holderAddress || attachment === e.policy) {
    g.edge({ from, to: policy, kind: "inline" });
  } else if (attachment === "permissions boundary") {
    g.edge({ from, to: policy, kind: "boundary", label: "permissions boundary" });
  } else {
    const a = g.node({ id: stateId(state, attachment), kind: "attachment", label: attachment, state });
    g.edge({ from, to: a, kind: "attached" });
    g.edge({ from: a, to: policy, kind: "attaches" });
  }
  return policy;
}

function stripState(id: string, state: "before" | "after" | undefined): string {
  return state === undefined ? id : id.slice(state.length + 1);
}

function statementNode(
  g: GraphBuilder,
  policy: string,
  e: Evidence,
  state: "before" | "after" | undefined,
  detail?: string,
): string {
  const sid = e.statement ?? "?";
  const s = g.node({
    id: stateId(state, `statement:${e.policy ?? ""}:${sid}`),
    kind: "statement",
    label: sid,
    detail,
    state,
  });
  g.edge({ from: policy, to: s, kind: "contains" });
  return s;
}

/** principal → … → policy → statement → capability, for the admin and backup evidence of one holder. */
function capabilityGraph(g: GraphBuilder, f: Subject, holderAddress: string, evidence: readonly Evidence[]): void {
  const holder = principalNode(g, holderAddress, holderAddress === f.address ? f.principal : holderAddress);
  const certain = new Set<string>();
  for (const e of evidence) {
    if (e.grants !== "admin" && e.grants !== "backup") continue;
    certain.add(e.grants);
    const policy = reach(g, holder, e, undefined, "policy");
    const statement = statementNode(g, policy, e, undefined);
    const n = e.actions?.length ?? 0;
    g.edge({
      from: statement,
      to: capabilityNode(g, e.grants),
      kind: "grants",
      label: n === 0 ? undefined : `${n} action${n === 1 ? "" : "s"}`,
    });
  }
  const unknown = evidence.filter((e) => e.grants === "unknown");
  // An unknown verdict: what the unreadable documents may grant, at worst.
  const missing = (["admin", "backup"] as const).filter((w) => !certain.has(w));
  for (const e of unknown) {
    const policy = reach(g, holder, e, undefined, "unknown");
    for (const w of missing.length > 0 ? missing : (["admin", "backup"] as const)) {
      g.edge({
        from: policy,
        to: capabilityNode(g, w),
        kind: "may-grant",
        label: "if unknown values allow",
        certain: false,
      });
    }
  }
  if (certain.size === 0 && unknown.length === 0 && f.ruleId === "BH001") {
    capabilityNode(g, "admin");
    capabilityNode(g, "backup");
  }
}

// --- BH002: before | after ------------------------------------------------------------------

const REQUIREMENT_LABEL: Record<string, string> = {
  "mfa-gate": "force-MFA Deny",
  "mfa-condition": "MFA condition",
  trust: "trust statement",
  "mfa-switch": "MFA switch",
};

function beforeAfterGraph(g: GraphBuilder, f: Subject): void {
  for (const state of ["before", "after"] as const) {
    const subject = principalNode(g, f.address, f.principal, state);
    const entries = f.evidence.filter((e) => e.state === state);
    for (const e of entries) {
      if (e.grants === "mfa-switch") {
        const label = `${e.statement ?? "MFA"}: ${f.verdict === "unknown" ? "unknown until apply" : "off"}`;
        const s = g.node({ id: stateId(state, `setting:${e.statement ?? ""}`), kind: "missing", label, state });
        g.edge({ from: subject, to: s, kind: "setting" });
        continue;
      }
      if (e.grants === "unknown") {
        reach(g, subject, e, state, "unknown");
        continue;
      }
      const policy = e.policy === f.address ? subject : reach(g, subject, e, state, "policy");
      const level = (e as { level?: unknown }).level;
      const strength =
        level === 2 ? "BoolIfExists: every request" : level === 1 ? "Bool: console sessions only" : undefined;
      const what = REQUIREMENT_LABEL[e.grants] ?? e.grants;
      const s = statementNode(g, policy, e, state, strength === undefined ? what : `${what} (${strength})`);
      const requires =
        e.grants === "trust" ? "lets in without MFA" : state === "before" ? "requires MFA" : "weaker or no MFA";
      g.edge({ from: s, to: requirement(g, state, requires), kind: "requires" });
    }
    if (entries.length === 0) {
      const held = state === "before" ? beforeRequirement(f) : "no MFA requirement";
      g.edge({ from: subject, to: requirement(g, state, held), kind: "requires" });
    }
  }
}

function requirement(g: GraphBuilder, state: "before" | "after", label: string): string {
  const kind = state === "before" ? "requirement" : "missing";
  return g.node({ id: stateId(state, `requirement:${label}`), kind, label, state });
}

/** What held before, when the evidence names only what replaced it. */
function beforeRequirement(f: Subject): string {
  const after = f.evidence.find((e) => e.state === "after")?.grants;
  if (after === "trust") return "every AWS principal needed MFA";
  if (after === "mfa-switch") return "MFA on";
  return "requires MFA";
}

// --- BH003–BH005: the resource and what it lacks ---------------------------------------------

function missingGraph(g: GraphBuilder, f: Subject): void {
  if (f.ruleId === "BH005") {
    for (const e of f.evidence) {
      const u = principalNode(g, e.via ?? f.principal, f.principal);
      const key = g.node({
        id: e.policy ?? f.address,
        kind: "resource",
        label: e.policy ?? f.address,
        detail: "active, never expires",
      });
      g.edge({ from: u, to: key, kind: "holds", label: "long-lived access key" });
      const gap = g.node({ id: `missing:${key}`, kind: "missing", label: "credentials that expire (a role)" });
      g.edge({ from: key, to: gap, kind: "missing" });
    }
    if (f.evidence.length === 0) g.node({ id: f.address, kind: "resource", label: f.address });
    return;
  }
  const subject =
    f.ruleId === "BH004"
      ? principalNode(g, f.address, f.principal)
      : g.node({ id: f.address, kind: "resource", label: f.principal, detail: f.address });
  let gaps = 0;
  for (const e of f.evidence) {
    if (e.grants === "backup-protection") {
      const gap = g.node({
        id: `missing:${e.statement ?? e.reason ?? ""}`,
        kind: "missing",
        label: (e.statement ?? "protection").replace(/-/g, " "),
        detail: e.reason,
      });
      g.edge({ from: subject, to: gap, kind: "missing" });
      gaps++;
    } else if (e.grants === "trust") {
      const s = statementNode(g, subject, e, undefined, "trust statement");
      g.edge({
        from: s,
        to: g.node({ id: "missing:mfa-condition", kind: "missing", label: "MFA condition" }),
        kind: "missing",
      });
      gaps++;
    } else if (e.grants === "unknown") {
      reach(g, subject, e, undefined, "unknown");
    }
  }
  if (gaps === 0) {
    const what = f.ruleId === "BH004" ? "a force-MFA Deny reaching it" : "protection";
    g.edge({ from: subject, to: g.node({ id: "missing:requirement", kind: "missing", label: what }), kind: "missing" });
  }
}

// --- BH006: credential → assume / pass / mint / join → … → capability --------------------------

/** One step of a BH006 path, as the rule's evidence gives it. */
interface PathStep {
  edge: string;
  from: string;
  to: string;
  via?: { kind?: string; resource?: string; statement?: string }[];
  certain?: boolean;
}

/** A BH006 path entry: {"grants": "path", "reaches": "admin"|"backup", "principal", "steps"}. */
interface PathEvidence {
  grants: "path";
  reaches: string;
  principal: string;
  steps: PathStep[];
}

function isPath(e: Evidence): e is Evidence & PathEvidence {
  const p = e as Partial<PathEvidence>;
  return e.grants === "path" && typeof p.principal === "string" && Array.isArray(p.steps);
}

function sourceNode(g: GraphBuilder, id: string, f: Subject): string {
  if (id === f.address) {
    return g.node({
      id,
      kind: id.includes(":") ? "source" : "principal",
      label: f.principal,
      detail: id === f.principal ? undefined : id,
    });
  }
  return g.node({ id, kind: id.includes(":") && !id.includes(".") ? "source" : "principal", label: id });
}

function viaLabel(via: PathStep["via"]): string | undefined {
  if (via === undefined || via.length === 0) return undefined;
  return via
    .map((v) => [v.kind, v.resource, v.statement].filter((s) => s !== undefined && s !== "").join(" "))
    .join("; ");
}

function pathGraph(g: GraphBuilder, f: Subject): void {
  sourceNode(g, f.address, f);
  const paths = f.evidence.filter(isPath);
  const endpoints = new Map<string, string>(); // capability → principal reaching it
  for (const p of paths) {
    for (const step of p.steps) {
      const from = sourceNode(g, step.from, f);
      const to = sourceNode(g, step.to, f);
      const via = viaLabel(step.via);
      g.edge({
        from,
        to,
        kind: step.edge,
        label: via === undefined ? step.edge : `${step.edge}: ${via}`,
        certain: step.certain === false ? false : undefined,
      });
    }
    if (p.reaches === "admin" || p.reaches === "backup") endpoints.set(p.reaches, p.principal);
  }
  const grants = f.evidence.filter((e) => !isPath(e));
  for (const what of ["admin", "backup"] as const) {
    const holder = sourceNode(g, endpoints.get(what) ?? f.address, f);
    const mine = grants.filter((e) => e.grants === what);
    if (mine.length === 0) g.edge({ from: holder, to: capabilityNode(g, what), kind: "grants" });
    else capabilityGraph(g, f, holder, mine);
  }
}

// --- anything else ---------------------------------------------------------------------------

function genericGraph(g: GraphBuilder, f: Subject): void {
  const subject = g.node({ id: f.address, kind: "principal", label: f.principal, detail: f.address });
  f.evidence.forEach((e, i) => {
    const label = [e.policy, e.statement === undefined ? undefined : `statement ${e.statement}`]
      .filter((s) => s !== undefined)
      .join(" ");
    const n = g.node({
      id: `evidence:${i}`,
      kind: "evidence",
      label: label === "" ? e.grants : label,
      detail: e.reason,
    });
    g.edge({ from: subject, to: n, kind: e.grants, label: e.grants });
  });
}
