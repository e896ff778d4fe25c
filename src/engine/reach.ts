/**
 * What one credential reaches (`bulkhead reach`): a breadth-first walk of the plan's
 * credential-reach graph (the edges BH006 follows, built by the policies) from one principal,
 * other account or federated identity, with the shortest path to each principal reached and what
 * that principal may do. The graph and its semantics are the policies'; this only walks it.
 */
import { usageError } from "./errors";
import type { Capability, PathStep, ReachGraph } from "./types";

export interface Reached {
  /** Node id: a resource address, "account:ID" or "federated:PROVIDER…". */
  node: string;
  name: string;
  admin: Capability;
  backup: Capability;
  /** The shortest path from the source (empty for the source itself). */
  steps: PathStep[];
}

export interface Reach {
  source: Reached;
  /** Every node the source reaches, nearest first (the source excluded). */
  reached: Reached[];
  /** The credential reaches IAM administration and backup deletion (on one principal or two). */
  both: { certain: boolean; worst: boolean };
}

const NONE: Capability = { certain: false, worst: false };

/** The node `from` names: a node id (address) or, when unique, a principal's name. */
export function findNode(graph: ReachGraph, from: string): string {
  if (graph.nodes[from] !== undefined) return from;
  const named = Object.keys(graph.nodes).filter((n) => graph.nodes[n].name === from);
  if (named.length === 1) return named[0];
  if (named.length > 1)
    throw usageError(`--from ${from} names ${named.length} principals: give the address (${named.join(", ")})`);
  throw usageError(`--from ${from}: no principal, account or federated identity of that name or address in the plan`);
}

/** Everything `from` reaches, with shortest paths (certain edges first, so a certain path wins). */
export function reachFrom(graph: ReachGraph, from: string): Reach {
  const source = findNode(graph, from);
  const out = new Map<string, PathStep[]>();
  for (const e of [...graph.edges].sort((a, b) => Number(b.certain) - Number(a.certain))) {
    if (e.from === e.to) continue;
    const list = out.get(e.from) ?? [];
    list.push(e);
    out.set(e.from, list);
  }
  const paths = new Map<string, PathStep[]>([[source, []]]);
  const queue = [source];
  for (let i = 0; i < queue.length; i++) {
    const at = queue[i];
    for (const e of out.get(at) ?? []) {
      if (paths.has(e.to)) continue;
      paths.set(e.to, [...paths.get(at)!, e]);
      queue.push(e.to);
    }
  }
  const entry = (node: string): Reached => ({
    node,
    name: graph.nodes[node]?.name ?? node,
    admin: graph.nodes[node]?.admin ?? NONE,
    backup: graph.nodes[node]?.backup ?? NONE,
    steps: paths.get(node)!,
  });
  const all = queue.map(entry);
  const holds = (what: "admin" | "backup", mode: keyof Capability): boolean => all.some((r) => r[what][mode]);
  return {
    source: all[0],
    reached: all.slice(1),
    both: {
      certain: holds("admin", "certain") && holds("backup", "certain"),
      worst: holds("admin", "worst") && holds("backup", "worst"),
    },
  };
}
