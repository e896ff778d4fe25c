# METADATA
# title: Principal model
# description: |
#   Built twice, for the BEFORE and the AFTER state: which policy documents reach which principal
#   (inline, attachments of every kind, managed_policy_arns, group membership, permission
#   boundaries), and the catalogue actions each principal is allowed. Unknown values are kept
#   apart so that a verdict can be "certain" (known facts only) or hold only in the "worst" case.
package bulkhead.lib.model

import data.bulkhead.lib.catalogue
import data.bulkhead.lib.documents
import data.bulkhead.lib.plan

principal_types := {"aws_iam_user", "aws_iam_group", "aws_iam_role"}

principals(state) := object.get(_principals, state, set())

# p is a principal in the state (a lookup: `x in s` scans s in the wasm build).
is_principal(state, p) if principals(state)[p]

_principals[state] contains a if {
	some state in plan.states
	some t in principal_types
	some a in plan.index(plan.by_type, state, t)
}

# --- who gets which document -------------------------------------------------------------------

# How policies reach principals: the resources of plan.principal_names that bring a policy
# ("attr" names the principal, "inline" documents are the resource's own policy, "policy" the
# attribute of policy ARNs), and the role's own managed_policy_arns ("self").
_attachment_kinds := array.concat(
	[n | some n in plan.principal_names; _brings_policy(n)],
	[{"type": "aws_iam_role", "self": true, "principal_type": "aws_iam_role", "policy": "managed_policy_arns"}],
)

_brings_policy(n) if n.inline

_brings_policy(n) if n.policy

# The principals an attachment reaches: the join's targets, or, when the join cannot be
# resolved, every principal of that type (marked uncertain: worst case only).
_reached(_, inst, kind) := [{"address": inst.address, "uncertain": false}] if kind.self

_reached(state, inst, kind) := array.concat(
	[{"address": a, "uncertain": false} | some a in j.targets],
	[{"address": a, "uncertain": true} | j.unresolved; some a in plan.index(plan.by_type, state, kind.principal_type)],
) if {
	not kind.self
	j := plan.join(state, inst, kind.attr, {kind.principal_type})
}

# The documents an attachment brings: its own policy (inline kinds) or the policies its ARN
# attribute names.
_brought(state, inst, kind) := [{"id": id, "label": inst.address}] if {
	kind.inline
	id := documents.id(state, inst.address)
	documents.by_id[id]
} else := [documents.by_arn(state, arn) | some arn in _mirror_only(inst, kind.policy, _modeled_arns)] if {
	kind.self
	not plan.configured(inst, kind.policy)
} else := documents.references(state, inst, kind.policy) if not kind.inline

else := []

# An attribute the configuration does not set (managed_policy_arns, inline_policy) mirrors what
# the provider read: the attachment resources of the plan (modelled in each state on their own,
# and stale in the mirror after this plan) and attachments made outside Terraform (kept).
_mirror_only(inst, attr, modeled) := [v |
	some v in plan.known_strings(inst, attr)
	not modeled[inst.address][v]
]

_modeled_arns[p] contains arn if {
	some state in plan.states
	some kind in _attachment_kinds
	kind.policy
	not kind.self
	some a in plan.index(plan.by_type, state, kind.type)
	inst := plan.instances[state][a]
	some reached in _reached(state, inst, object.union({"self": false}, kind))
	p := reached.address
	some arn in plan.known_strings(inst, kind.policy)
}

_modeled_inline[p] contains name if {
	some state in plan.states
	some a in plan.index(plan.by_type, state, "aws_iam_role_policy")
	inst := plan.instances[state][a]
	name := inst.values.name
	some reached in _reached(state, inst, {"self": false, "attr": "role", "principal_type": "aws_iam_role"})
	p := reached.address
}

# policy_edges[state][principal] contains {doc, label, via, uncertain, reason}
policy_edges[state][p] contains edge if {
	some state in plan.states
	some kind in _attachment_kinds
	some a in plan.index(plan.by_type, state, kind.type)
	inst := plan.instances[state][a]
	some doc in _brought(state, inst, object.union({"self": false, "inline": false}, kind))
	some reached in _reached(state, inst, object.union({"self": false, "inline": false}, kind))
	p := reached.address
	edge := {"doc": doc.id, "label": doc.label, "via": a, "uncertain": reached.uncertain, "reason": object.get(doc, "reason", "")}
}

policy_edges[state][p] contains edge if {
	some state, by_role in _inline_blocks
	some p, ids in by_role
	some id in ids
	_inline_block_counts(plan.instances[state][p], documents.by_id[id].name)
	edge := {"doc": id, "label": documents.by_id[id].label, "via": p, "uncertain": false, "reason": ""}
}

policy_edges[state][p] contains edge if {
	some state in plan.states
	some p in plan.index(plan.by_type, state, "aws_iam_role")
	plan.is_unknown(plan.instances[state][p], "inline_policy")
	edge := {
		"doc": "", "label": concat("", [p, " inline policies"]), "via": p, "uncertain": false,
		"reason": "inline policies unknown until apply",
	}
}

_inline_block_counts(role, _) if plan.configured(role, "inline_policy")

_inline_block_counts(role, name) if {
	not plan.configured(role, "inline_policy")
	not object.get(_modeled_inline, role.address, set())[name]
}

_inline_blocks[state][p] contains id if {
	some id, doc in documents.by_id
	contains(id, "/inline/")
	state := doc.state
	p := doc.address
}

# The membership resources of plan.principal_names: {user, group}, each the entry of its side.
_membership_kinds := [{"user": u, "group": g} |
	some u in plan.principal_names
	u.membership == "user"
	some g in plan.principal_names
	g.membership == "group"
	g.type == u.type
]

# Group membership: memberships[state][user] contains {group, via, uncertain}
memberships[state][u] contains m if {
	some state in plan.states
	some spec in _membership_kinds
	some a in plan.index(plan.by_type, state, spec.user.type)
	inst := plan.instances[state][a]
	some user in _reached(state, inst, object.union({"self": false}, spec.user))
	some group in _reached(state, inst, object.union({"self": false}, spec.group))
	u := user.address
	m := {"group": group.address, "via": a, "uncertain": true in {user.uncertain, group.uncertain}}
}

# Every identity document of a principal: its own and, for a user, its groups'. Built once for
# every principal of both states (the rules ask for them several times per principal).
identity_edges(state, p) := object.get(object.get(_identity_edges, state, {}), p, [])

_identity_edges[state][p] := _edges_of(state, p) if {
	some state in plan.states
	some p in principals(state)
}

_edges_of(state, p) := array.concat(own, inherited) if {
	own := [e | some e in object.get(object.get(policy_edges, state, {}), p, set())]
	inherited := [object.union(e, {
		"via": concat("", [e.via, " (group ", m.group, " via ", m.via, ")"]),
		"uncertain": true in {e.uncertain, m.uncertain},
		"group": m.group,
	}) |
		some m in object.get(object.get(memberships, state, {}), p, set())
		some e in object.get(object.get(policy_edges, state, {}), m.group, set())
	]
}

# Permission boundary documents of a principal (empty: none set).
boundary_refs(state, p) := object.get(object.get(_boundary_refs, state, {}), p, [])

# Built once for every principal of both states (asked many times per principal; each answer
# computed afresh would allocate wasm memory that one evaluation never frees).
# regal ignore:prefer-set-or-object-rule
_boundary_refs := {state: {p: refs |
	some p in principals(state)
	refs := documents.references(state, plan.instances[state][p], "permissions_boundary")
	count(refs) > 0
} |
	some state in plan.states
}

# --- effective permissions ---------------------------------------------------------------------

# The catalogue actions P is allowed: {"admin": set, "backup": set} in mode "certain" (known facts
# only) or "worst" (every unknown document or join at its worst).
permissions(state, p, mode) := {
	"admin": _effective(edges, boundary, mode, "admin"),
	"backup": _effective(edges, boundary, mode, "backup"),
} if {
	edges := identity_edges(state, p)
	boundary := boundary_refs(state, p)
}

# The catalogue actions of one kind ("admin" or "backup") P is allowed in a mode: a rule asks for
# admin first and stops there for most principals.
allowed(state, p, mode, what) := _effective(identity_edges(state, p), boundary_refs(state, p), mode, what)

# Whether P is allowed any admin / backup-deletion action, for certain and at worst, for every
# principal of a state: computed once and shared by the rules (BH001, BH006). BH006 pairs one
# principal's admin with another's deletion, so both are asked of every principal.
# caps("after")[p] = {"admin": {"certain", "worst"}, "backup": {"certain", "worst"}}.
caps("after") := _caps_after

caps("before") := _caps_before

# regal ignore:prefer-set-or-object-rule
_caps_after := {p: _caps_of("after", p) | some p in principals("after")}

# regal ignore:prefer-set-or-object-rule
_caps_before := {p: _caps_of("before", p) | some p in principals("before")}

_caps_of(state, p) := {"admin": _caps_for(state, p, mode, "admin"), "backup": _caps_for(state, p, mode, "backup")} if {
	mode := _widest_mode(state, p)
}

_widest_mode(state, p) := "worst" if has_unknowns(state, p)

else := "certain"

_caps_for(state, p, "certain", what) := {"certain": c, "worst": c} if {
	c := count(allowed(state, p, "certain", what)) > 0
}

_caps_for(state, p, "worst", what) := {"certain": count(allowed(state, p, "certain", what)) > 0, "worst": w} if {
	w := count(allowed(state, p, "worst", what)) > 0
}

# Something P's permissions depend on cannot be read: only then can "worst" differ from "certain".
has_unknowns(state, p) if {
	some e in identity_edges(state, p)
	unreadable(e)
}

has_unknowns(state, p) if {
	some b in boundary_refs(state, p)
	not documents.analysis[b.id]
}

_effective(edges, boundary, mode, what) := (_granted(edges, mode, what) - _denied_by(edges)) & _bounded(boundary, mode, what)

_granted(edges, "certain", what) := {a |
	some e in edges
	not e.uncertain
	some a in documents.analysis[e.doc][what]
}

_granted(edges, "worst", what) := {a |
	some e in edges
	some a in _worst_grant(documents.analysis, e.doc, what)
}

_worst_grant(analysis, id, what) := grant if {
	grant := analysis[id][concat("_", [what, "worst"])]
} else := everything[what]

# Every catalogue action of a kind: what an unreadable document may grant.
everything := {
	"admin": object.keys(catalogue.admin),
	"backup": object.keys(catalogue.backup),
}

_denied_by(edges) := {a |
	some e in edges
	not e.uncertain
	some a in documents.analysis[e.doc].deny
}

# A boundary allows what its documents allow; none set allows everything. An unknown boundary
# allows nothing for certain and everything in the worst case.
_bounded(boundary, _, what) := everything[what] if count(boundary) == 0

_bounded(boundary, mode, what) := {a | some b in boundary; some a in _boundary_allows(documents.analysis, b, mode, what)} - {a |
	some b in boundary
	some a in documents.analysis[b.id].deny
} if count(boundary) > 0

_boundary_allows(analysis, b, _, what) := analysis[b.id][what] if analysis[b.id]

_boundary_allows(analysis, b, "worst", what) := everything[what] if not analysis[b.id]

_boundary_allows(analysis, b, "certain", _) := set() if not analysis[b.id]

# --- evidence ----------------------------------------------------------------------------------

# Statements of P's documents that grant some of the given actions ("admin" or "backup"),
# sorted (evidence is built from sets, whose order the interpreter and the wasm do not share).
grants(state, p, what, actions) := sort([{
	"grants": what,
	"policy": e.label,
	"statement": s.sid,
	"via": e.via,
	"actions": sort([catalogue.name(a) | some a in hit]),
} |
	some e in identity_edges(state, p)
	not e.uncertain
	some s in documents.by_id[e.doc].statements
	entry := documents.statement_entry(s)
	hit := entry[what] & actions
	count(hit) > 0
])

# Documents of P that could not be read (unknown until apply, outside the plan, or joined only
# in the worst case): the evidence of an "unknown" verdict.
unknown_documents(state, p) := sort(array.concat(
	[{"grants": "unknown", "policy": e.label, "via": e.via, "reason": _reason(e)} |
		some e in identity_edges(state, p)
		unreadable(e)
	],
	[{"grants": "unknown", "policy": b.label, "via": "permissions boundary", "reason": _boundary_reason(b)} |
		some b in boundary_refs(state, p)
		not documents.analysis[b.id]
	],
))

# An edge whose document cannot be read, fully or in part, or whose join is not certain.
unreadable(e) if e.uncertain

unreadable(e) if not documents.analysis[e.doc]

unreadable(e) if _partly_unknown[e.doc]

# Documents with a statement whose parts are unknown until apply.
# regal ignore:prefer-set-or-object-rule
_partly_unknown := {id |
	some id, doc in documents.by_id
	some s in doc.statements
	s.uncertain == true
}

_boundary_reason(b) := _reason(object.union(b, {"doc": b.id, "uncertain": false}))

_reason(e) := "the principal it is attached to is unknown until apply" if e.uncertain

else := documents.by_id[e.doc].reason if documents.by_id[e.doc].reason != ""

else := "some statement's resources are unknown until apply" if documents.by_id[e.doc]

else := object.get(e, "reason", "policy document unknown")
