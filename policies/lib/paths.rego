# METADATA
# title: Shortest paths
# description: |
#   Breadth-first search towards a set of targets over a reversed adjacency object ({node: set
#   of the nodes with an edge to it}, every node a key), to a fixed depth (Rego has no
#   recursion): one search gives every node its distance to the nearest target and its next
#   step, so the shortest path of any number of sources costs one search. A hub node (named
#   "hub:…") stands for an edge to each of its targets: crossing it is not a step, so depths
#   count edges between principals. Sets of pairs are sorted so that the interpreter and the
#   wasm build pick the same next step.
package bulkhead.lib.paths

import data.bulkhead.lib.util

# Levels of the search, each {node: [next] or [hub, next]}; level 0 holds the targets.
towards(radj, targets) := [l0, l1, l2, l3, l4, l5, l6, l7, l8, l9, l10, l11, l12] if {
	l0 := {t: [t] | some t in targets}
	s1 := object.keys(l0)
	l1 := _level(radj, l0, s1)
	s2 := s1 | object.keys(l1)
	l2 := _level(radj, l1, s2)
	s3 := s2 | object.keys(l2)
	l3 := _level(radj, l2, s3)
	s4 := s3 | object.keys(l3)
	l4 := _level(radj, l3, s4)
	s5 := s4 | object.keys(l4)
	l5 := _level(radj, l4, s5)
	s6 := s5 | object.keys(l5)
	l6 := _level(radj, l5, s6)
	s7 := s6 | object.keys(l6)
	l7 := _level(radj, l6, s7)
	s8 := s7 | object.keys(l7)
	l8 := _level(radj, l7, s8)
	s9 := s8 | object.keys(l8)
	l9 := _level(radj, l8, s9)
	s10 := s9 | object.keys(l9)
	l10 := _level(radj, l9, s10)
	s11 := s10 | object.keys(l10)
	l11 := _level(radj, l10, s11)
	s12 := s11 | object.keys(l11)
	l12 := _level(radj, l11, s12)
}

_hub(n) if startswith(n, "hub:")

# The next level: each new node with its smallest next step (sorted pairs, first of each node);
# a node in front of a hub keeps the hub before its next step.
_level(radj, prev, seen) := {pair[0]: pair[1] | some i, pair in pairs; util.first_of(pairs, i)} if {
	direct := [[n, [m]] | some m, _ in prev; some n in object.get(radj, m, set()); not _hub(n); not seen[n]]
	hubs := util.index_pairs([[h, m] | some m, _ in prev; some h in object.get(radj, m, set()); _hub(h)])
	behind := [[n, [h, m]] | some h, m in hubs; some n in object.get(radj, h, set()); not _hub(n); not seen[n]]
	pairs := sort(array.concat(direct, behind))
}

# The nodes from s to its nearest target, hubs included (undefined past the depth searched).
route(bfs, s) := array.flatten([
	[s],
	_hop(bfs, k, s), _hop(bfs, k - 1, n1), _hop(bfs, k - 2, n2), _hop(bfs, k - 3, n3),
	_hop(bfs, k - 4, n4), _hop(bfs, k - 5, n5), _hop(bfs, k - 6, n6), _hop(bfs, k - 7, n7),
	_hop(bfs, k - 8, n8), _hop(bfs, k - 9, n9), _hop(bfs, k - 10, n10), _hop(bfs, k - 11, n11),
]) if {
	k := min({i | some i, l in bfs; l[s]})
	n1 := _next(bfs, k, s)
	n2 := _next(bfs, k - 1, n1)
	n3 := _next(bfs, k - 2, n2)
	n4 := _next(bfs, k - 3, n3)
	n5 := _next(bfs, k - 4, n4)
	n6 := _next(bfs, k - 5, n5)
	n7 := _next(bfs, k - 6, n6)
	n8 := _next(bfs, k - 7, n7)
	n9 := _next(bfs, k - 8, n8)
	n10 := _next(bfs, k - 9, n9)
	n11 := _next(bfs, k - 10, n10)
}

# The steps after n at level j: its hub (if any) and its next node; none at a target.
_hop(bfs, j, n) := bfs[j][n] if j > 0

_hop(_, j, _) := [] if j <= 0

_next(bfs, j, n) := v[count(v) - 1] if {
	j > 0
	v := bfs[j][n]
}

_next(_, j, n) := n if j <= 0
