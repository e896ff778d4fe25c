# METADATA
# title: bulkhead entrypoint
# description: |
#   The single wasm entrypoint: every finding of every rule under data.bulkhead.rules (in no
#   particular order: the engine sorts them; sorting objects in Rego compares their keys again at
#   every comparison, seconds for thousands of findings), and the facts the summary needs. Each
#   evaluation parses the whole plan once. Rules are read by reference
#   (data.bulkhead.rules[_].findings), never as whole packages, so the test packages beside them
#   are never evaluated.
# entrypoint: true
package bulkhead.main

import data.bulkhead.lib.documents
import data.bulkhead.lib.model
import data.bulkhead.lib.plan
import data.bulkhead.lib.reachability
import data.bulkhead.lib.result

# What the engine keeps of a plan before evaluating it (see plan.relevant_types).
relevant := {"prefixes": plan.relevant_prefixes, "types": plan.relevant_types}

# Every rule's METADATA, by id.
rules[r.id] := r if {
	r := data.bulkhead.rules[_].info
}

report := {
	# regal ignore:mixed-iteration
	"findings": [f | some f in data.bulkhead.rules[_].findings],
	"stats": {
		"principals": count(model.principals("after")),
		"documents": count([id | some id, doc in documents.by_id; doc.state != "before"]),
		"unverifiable_documents": count([id | some id in documents.unverifiable; not startswith(id, "before:")]),
		# What the policies read, for the engine to check it read the plan it was given.
		"format_version": object.get(input, "format_version", null),
	},
}

# The credential-reach graph of the AFTER state, for `bulkhead reach`: every edge with the
# resources that make it (hubs folded: a grant on every resource is an edge to each target), and
# what each principal of it may do.
reach := {
	"edges": reachability.folded_edges("after"),
	"nodes": {n: _node(n) | some n in _reach_nodes},
}

# Every principal (a credential may reach nothing), and the accounts and federated identities
# the edges start from.
_reach_nodes := {n | some e in reachability.folded_edges("after"); some n in [e.from, e.to]} | model.principals("after")

_node(n) := {
	"name": result.principal_name(n),
	"admin": object.get(model.caps("after"), [n, "admin"], {"certain": false, "worst": false}),
	"backup": object.get(model.caps("after"), [n, "backup"], {"certain": false, "worst": false}),
}
