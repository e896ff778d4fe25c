# METADATA
# title: Shortest paths
# description: |
#   Breadth-first search over an adjacency object ({node: set of nodes}, every node a key), to a
#   fixed depth (Rego has no recursion): the nearest of a set of targets and the nodes on the way.
#   Sets of pairs are sorted so that the interpreter and the wasm build pick the same parent.
package bulkhead.lib.paths

import data.bulkhead.lib.util

# Breadth-first levels from s, each {node: parent}, to a depth of 12 (hubs count as a step).
levels(adj, s) := [l0, l1, l2, l3, l4, l5, l6, l7, l8, l9, l10, l11, l12] if {
	l0 := {s: s}
	l1 := _level(adj, l0, {s})
	l2 := _level(adj, l1, _seen([l0, l1]))
	l3 := _level(adj, l2, _seen([l0, l1, l2]))
	l4 := _level(adj, l3, _seen([l0, l1, l2, l3]))
	l5 := _level(adj, l4, _seen([l0, l1, l2, l3, l4]))
	l6 := _level(adj, l5, _seen([l0, l1, l2, l3, l4, l5]))
	l7 := _level(adj, l6, _seen([l0, l1, l2, l3, l4, l5, l6]))
	l8 := _level(adj, l7, _seen([l0, l1, l2, l3, l4, l5, l6, l7]))
	l9 := _level(adj, l8, _seen([l0, l1, l2, l3, l4, l5, l6, l7, l8]))
	l10 := _level(adj, l9, _seen([l0, l1, l2, l3, l4, l5, l6, l7, l8, l9]))
	l11 := _level(adj, l10, _seen([l0, l1, l2, l3, l4, l5, l6, l7, l8, l9, l10]))
	l12 := _level(adj, l11, _seen([l0, l1, l2, l3, l4, l5, l6, l7, l8, l9, l10, l11]))
}

_seen(levels) := {n | some l in levels; some n, _ in l}

# The next level: each new node with its smallest parent (sorted pairs, first of each node).
_level(adj, prev, seen) := {pair[0]: pair[1] | some i, pair in pairs; util.first_of(pairs, i)} if {
	pairs := sort([[n, p] | some p, _ in prev; some n in object.get(adj, p, set()); not seen[n]])
}

# The nearest of the targets and the nodes from s to it.
shortest(adj, s, targets) := _path(bfs, k, t) if {
	bfs := levels(adj, s)
	k := min({i | some i, l in bfs; some n, _ in l; targets[n]})
	t := min({n | some n, _ in bfs[k]; targets[n]})
}

_path(bfs, k, t) := array.reverse(array.slice(nodes, 0, k + 1)) if {
	n11 := _up(bfs, k, t)
	n10 := _up(bfs, k - 1, n11)
	n9 := _up(bfs, k - 2, n10)
	n8 := _up(bfs, k - 3, n9)
	n7 := _up(bfs, k - 4, n8)
	n6 := _up(bfs, k - 5, n7)
	n5 := _up(bfs, k - 6, n6)
	n4 := _up(bfs, k - 7, n5)
	n3 := _up(bfs, k - 8, n4)
	n2 := _up(bfs, k - 9, n3)
	n1 := _up(bfs, k - 10, n2)
	n0 := _up(bfs, k - 11, n1)
	nodes := [t, n11, n10, n9, n8, n7, n6, n5, n4, n3, n2, n1, n0]
}

_up(bfs, j, n) := bfs[j][n] if j > 0

_up(_, j, n) := n if j <= 0
