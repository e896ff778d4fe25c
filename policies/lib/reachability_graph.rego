# Credential reach, continued (the package METADATA is in reachability.rego): the adjacency by
# mode, the closure of a source, the steps of a path, and the edges with hubs folded.
package bulkhead.lib.reachability

import data.bulkhead.lib.plan

# --- closure -----------------------------------------------------------------------------------

# Adjacency by mode: "certain" follows certain edges only, "worst" every edge. Every node is a
# key, through a loop to itself (graph.reachable leaves out a node that is not a key; a loop
# changes no reach and no shortest path).
_out[state][mode][e.from] contains e.to if {
	some state in plan.states
	some e in edges[state]
	some mode in _modes(e)
}

_out[state][mode][n] contains n if {
	some state in plan.states
	some e in edges[state]
	some n in [e.from, e.to]
	some mode in ["certain", "worst"]
}

# The same graph reversed: which nodes can reach a set of nodes (two passes prune the sources).
_in[state][mode][e.to] contains e.from if {
	some state in plan.states
	some e in edges[state]
	some mode in _modes(e)
}

_in[state][mode][n] contains n if {
	some state in plan.states
	some e in edges[state]
	some n in [e.from, e.to]
	some mode in ["certain", "worst"]
}

adjacency(state, mode) := object.get(object.get(_out, state, {}), mode, {})

# The reversed adjacency, and the nodes from which some node of `targets` can be reached.
reversed(state, mode) := object.get(object.get(_in, state, {}), mode, {})

reaching(state, mode, targets) := graph.reachable(reversed(state, mode), targets)

_modes(e) := ["certain", "worst"] if e.certain

else := ["worst"]

_edge_between[state][key] contains e if {
	some state in plan.states
	some e in edges[state]
	key := concat(" -> ", [e.from, e.to])
}

# Sources: every node with an edge out of it (principals, other accounts, federated identities,
# principals outside the plan), never a hub.
sources(state) := {n | some n, _ in object.get(object.get(_out, state, {}), "worst", {}); not startswith(n, "hub:")}

reach(state, mode, s) := graph.reachable(adjacency(state, mode), {s})

# The steps of a path, hubs folded into the edge they stand for:
# [{edge, from, to, via, certain}].
steps(state, mode, nodes) := [_step(state, mode, nodes, i) |
	some i, n in nodes
	i > 0
	not startswith(n, "hub:")
]

_step(state, mode, nodes, i) := _fold(_edge(state, mode, nodes[i - 2], nodes[i - 1]), _edge(state, mode, nodes[i - 1], nodes[i])) if {
	startswith(nodes[i - 1], "hub:")
} else := _single(_edge(state, mode, nodes[i - 1], nodes[i]))

_edge(state, mode, from, to) := sort([e |
	some e in _edge_between[state][concat(" -> ", [from, to])]
	_mode_admits(mode, e)
])[0]

_mode_admits("worst", _)

_mode_admits("certain", e) if e.certain

_single(e) := {"edge": e.edge, "from": e.from, "to": e.to, "via": e.via, "certain": e.certain}

_fold(a, b) := {"edge": a.edge, "from": a.from, "to": b.to, "via": array.concat(a.via, b.via), "certain": _both(a.certain, b.certain)}

_both(a, b) if {
	a == true
	b == true
} else := false

# The edges of a state with hubs folded into the edges they stand for (for pictures and
# `bulkhead reach`): principal → hub → target becomes principal → target.
folded_edges(state) := array.concat(
	[e | some e in edges[state]; not startswith(e.from, "hub:"); not startswith(e.to, "hub:")],
	[_fold(a, b) |
		some a in edges[state]
		startswith(a.to, "hub:")
		some b in _from_hub[state][a.to]
		a.from != b.to
	],
)

_from_hub[state][e.from] contains e if {
	some state in plan.states
	some e in edges[state]
	startswith(e.from, "hub:")
}

_hub_certain(state, p, kind) if {
	_hub_member(state, p, kind, "certain")
} else := false
