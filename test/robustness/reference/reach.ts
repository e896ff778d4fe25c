/**
 * A small, independent reference for BH006, written from semantics.md §7 without the Rego: over a
 * layout of roles, users and groups described directly (not a plan), the edges "whoever holds P's
 * credentials can act as Q", breadth-first closures, and which sources BH006 reports.
 *
 * - assume P → R: a trust statement of R without an MFA condition names P's ARN (then only an
 *   unconditional Deny of P's on R cuts it), or names the account (root ARN or bare id) or "*"
 *   (then P must be allowed sts:AssumeRole on R, and not denied); "*" also admits every other
 *   account: account:* → R, whose permissions the plan does not show;
 * - pass P → R: R's trust admits lambda.amazonaws.com, P may iam:PassRole on R (not denied) and
 *   may lambda:CreateFunction;
 * - mint P → U: P may iam:CreateAccessKey on user U;
 * - join U → G: user U may iam:AddUserToGroup on group G;
 * - BH006 fires for a source whose closure holds a principal with admin and one with backup
 *   deletion, and none with both. Sources: every principal, and account:* when a trust names "*".
 *
 * Only the principals that exist in a state take part in it (BEFORE: the existing ones).
 */

export type Capability = "none" | "admin" | "backup" | "both";
export type Kind = "role" | "user" | "group";
export type EdgeKind = "assume" | "pass" | "mint" | "join";

/** What a principal's identity policy grants (indices into the layout's roles, users, groups). */
export interface Identity {
  existing: boolean;
  capability: Capability;
  /** sts:AssumeRole on "*" or on these roles. */
  assume: "star" | number[];
  /** iam:PassRole on these roles (with lambda:CreateFunction on "*" when `launch`). */
  pass: number[];
  launch: boolean;
  /** iam:CreateAccessKey on these users. */
  mint: number[];
  /** iam:AddUserToGroup on these groups (users only). */
  join: number[];
  /** Unconditional Deny of sts:AssumeRole / iam:PassRole on these roles. */
  denyAssume: number[];
  denyPass: number[];
}

/** Who one trust statement admits: a role or user by ARN, the account (root ARN or bare id), "*", Lambda. */
export type Trustee = { kind: "role" | "user"; index: number } | "root" | "bare" | "*" | "lambda";

export interface TrustStatement {
  who: Trustee;
  mfa: boolean;
}

export interface Role extends Identity {
  trust: TrustStatement[];
}

export interface Layout {
  roles: Role[];
  users: Identity[];
  groups: Identity[];
}

export interface Edge {
  edge: EdgeKind;
  from: string;
  to: string;
}

export const address = (kind: Kind, index: number): string => `aws_iam_${kind}.${kind[0]}${index}`;

interface Principal {
  id: string;
  kind: Kind;
  identity: Identity;
}

function principals(layout: Layout, state: "before" | "after"): Principal[] {
  const present = (x: Identity): boolean => state === "after" || x.existing;
  const of = (kind: Kind, xs: Identity[]): Principal[] =>
    xs.flatMap((identity, i) => (present(identity) ? [{ id: address(kind, i), kind, identity }] : []));
  return [...of("role", layout.roles), ...of("user", layout.users), ...of("group", layout.groups)];
}

/** Every edge of the state. */
export function edges(layout: Layout, state: "before" | "after"): Edge[] {
  const ps = principals(layout, state);
  const byId = new Map(ps.map((p) => [p.id, p]));
  const out: Edge[] = [];
  const add = (edge: EdgeKind, from: string, to: string): void => {
    if (from !== to) out.push({ edge, from, to });
  };
  const mayAssume = (p: Principal, r: number): boolean =>
    (p.identity.assume === "star" || p.identity.assume.includes(r)) && !p.identity.denyAssume.includes(r);
  layout.roles.forEach((role, r) => {
    const target = address("role", r);
    if (!byId.has(target)) return;
    for (const t of role.trust) {
      if (t.mfa) continue;
      const who = t.who;
      if (who === "lambda") {
        for (const p of ps) {
          const i = p.identity;
          if (i.pass.includes(r) && i.launch && !i.denyPass.includes(r)) add("pass", p.id, target);
        }
      } else if (who === "root" || who === "bare" || who === "*") {
        for (const p of ps) if (mayAssume(p, r)) add("assume", p.id, target);
        if (who === "*") add("assume", "account:*", target);
      } else {
        const p = byId.get(address(who.kind, who.index));
        if (p && !p.identity.denyAssume.includes(r)) add("assume", p.id, target);
      }
    }
  });
  for (const p of ps) {
    for (const u of p.identity.mint) if (byId.has(address("user", u))) add("mint", p.id, address("user", u));
    if (p.kind === "user") {
      for (const g of p.identity.join) if (byId.has(address("group", g))) add("join", p.id, address("group", g));
    }
  }
  return out;
}

/** Breadth-first distances (in edges) from `source`. */
export function distances(all: Edge[], source: string): Map<string, number> {
  const next = new Map<string, string[]>();
  for (const e of all) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const dist = new Map([[source, 0]]);
  const queue = [source];
  while (queue.length) {
    const n = queue.shift() as string;
    for (const m of next.get(n) ?? []) {
      if (!dist.has(m)) {
        dist.set(m, (dist.get(n) as number) + 1);
        queue.push(m);
      }
    }
  }
  return dist;
}

export function capabilities(layout: Layout, state: "before" | "after"): Map<string, Capability> {
  return new Map(principals(layout, state).map((p) => [p.id, p.identity.capability]));
}

const has = (c: Capability | undefined, what: "admin" | "backup"): boolean => c === what || c === "both";

/** The sources BH006 reports in a state. */
export function firing(layout: Layout, state: "before" | "after"): Set<string> {
  const all = edges(layout, state);
  const caps = capabilities(layout, state);
  const sources = [...caps.keys()];
  if (all.some((e) => e.from === "account:*")) sources.push("account:*");
  const out = new Set<string>();
  for (const s of sources) {
    const closure = [...distances(all, s).keys()].map((n) => caps.get(n));
    const admin = closure.some((c) => has(c, "admin"));
    const backup = closure.some((c) => has(c, "backup"));
    if (admin && backup && !closure.some((c) => c === "both")) out.add(s);
  }
  return out;
}

export { has as hasCapability };
