# Credential reach, continued (the package METADATA is in reachability.rego): the edges of the
# graph (the adjacency and paths are in reachability_graph.rego).
package bulkhead.lib.reachability

import data.bulkhead.lib.catalogue
import data.bulkhead.lib.iam
import data.bulkhead.lib.model
import data.bulkhead.lib.plan
import data.bulkhead.lib.wildcard

# --- edges -------------------------------------------------------------------------------------

# edges[state] contains {from, to, edge, via: [..], certain}
edges[state] contains e if {
	some state in plan.states
	some e in _edges(state)
}

_edges(state) := array.flatten([
	_direct_assume(state),
	_unknown_trust_assume(state),
	_account_assume_edges[state],
	_any_account_edges(state),
	_hub_edges(state),
	_pairwise(state),
	_pass_target_edges[state],
	_federated_edges(state),
])

# The edges out of hubs, built once per state (the principals' narrower grants look them up).
# regal ignore:prefer-set-or-object-rule
_account_assume_edges := {state: _account_assume(state) | some state in plan.states}

# regal ignore:prefer-set-or-object-rule
_pass_target_edges := {state: _pass_targets(state) | some state in plan.states}

# Hubs that lead somewhere: a principal enters only these.
# regal ignore:prefer-set-or-object-rule
_live_hubs := {state: {e.from |
	some e in array.flatten([_account_assume_edges[state], _pass_target_edges[state], _mint_join_targets(state)])
} |
	some state in plan.states
}

# regal ignore:prefer-set-or-object-rule
_hub_account_sets := {state: _hub_accounts(state) | some state in plan.states}

_trust_via(q, t) := {"kind": "trust", "resource": q, "statement": t.sid}

# The trust names P itself (or another account, or a principal outside the plan).
_direct_assume(state) := [{"from": n, "to": q, "edge": "assume", "via": [_trust_via(q, t)], "certain": t.certain} |
	some q, ts in object.get(_trusts, state, {})
	some t in ts
	t.assume
	some n in _direct_nodes(t)
	n != q
	not _denied_direct(state, n, q)
]

_direct_nodes(t) := {a.node | some a in t.admitted; a.node} | t.refs

_denied_direct(state, n, q) if {
	model.is_principal(state, n)
	denies(state, n, "assume", arn(state, q))
}

_unknown_trust_assume(state) := [{
	"from": p, "to": q, "edge": "assume", "certain": false,
	"via": [{"kind": "trust", "resource": q, "statement": "(unknown until apply)"}],
} |
	some q in plan.index(plan.by_type, state, "aws_iam_role")
	some p in _unknown_trust_refs(state, q)
	p != q
]

# Roles a trust opens to an account of the plan or to everyone: the caller's own permission
# decides. Hub "hub:assume:<account>" (and "hub:assume:*") → the role.
_assume_hub(adm) := "hub:assume:*" if adm.any

_assume_hub(adm) := concat(":", ["hub:assume", adm.account]) if adm.account

_account_assume(state) := [{"from": h, "to": q, "edge": "assume", "via": [_trust_via(q, t)], "certain": t.certain} |
	some q in plan.index(plan.by_type, state, "aws_iam_role")
	some t in trusts(state, q)
	t.assume
	some adm in t.admitted
	h := _assume_hub(adm)
]

# "*" in a trust also admits every other AWS account.
_any_account_edges(state) := [{"from": "account:*", "to": q, "edge": "assume", "via": [_trust_via(q, t)], "certain": t.certain} |
	some q in plan.index(plan.by_type, state, "aws_iam_role")
	some t in trusts(state, q)
	t.assume
	some x in t.admits
	x == "*"
]

# Pass to compute: hub "hub:pass:<service>" → the roles that service may assume (EC2 only
# through an instance profile of the role).
_pass_targets(state) := [{
	"from": concat(":", ["hub:pass", svc]), "to": q, "edge": "pass", "certain": t.certain,
	"via": array.concat([_trust_via(q, t)], _profile_via(state, q, svc)),
} |
	some q in plan.index(plan.by_type, state, "aws_iam_role")
	some t in trusts(state, q)
	t.assume
	some svc in t.services
	catalogue.launch[svc]
	_launchable(state, q, svc)
]

_launchable(_, _, svc) if svc != "ec2.amazonaws.com"

_launchable(state, q, "ec2.amazonaws.com") if _profiles[state][q]

_profile_via(state, q, "ec2.amazonaws.com") := [{"kind": "instance_profile", "resource": min(_profiles[state][q]), "statement": ""}]

_profile_via(_, _, svc) := [] if svc != "ec2.amazonaws.com"

# Mint and join: hubs to every user and every group.
_mint_join_targets(state) := array.concat(
	[{"from": "hub:mint", "to": u, "edge": "mint", "via": [], "certain": true} | some u in plan.index(plan.by_type, state, "aws_iam_user")],
	[{"from": "hub:join", "to": g, "edge": "join", "via": [], "certain": true} | some g in plan.index(plan.by_type, state, "aws_iam_group")],
)

# Principals that enter a hub: allowed on every resource. Only the hubs that lead somewhere,
# and only for a principal with an Allow of the hub's kind (cheap tests first: each test of a
# principal allocates wasm memory that one evaluation never frees).
_hub_edges(state) := array.concat(_mint_join_targets(state), [{
	"from": p, "to": h.hub, "edge": h.edge, "certain": _hub_certain(state, p, h.kind),
	"via": [_grant_via(state, p, h.kind, "*")],
} |
	some p in _sources_with_grants[state]
	some h in _live_hub_specs[state]
	_may_enter(state, p, h)
	_hub_member(state, p, h.kind, "worst")
	_launch_ok(state, p, h)
])

# regal ignore:prefer-set-or-object-rule
_sources_with_grants := {state: {p | some p, gs in object.get(_grants, state, {}); count(gs) > 0} | some state in plan.states}

# The kinds of P's Allows ("*" for a document that cannot be read).
# regal ignore:prefer-set-or-object-rule
_allow_kinds := {state: {p: {k | some g in gs; g.effect == "Allow"; some k in g.kinds} |
	some p, gs in object.get(_grants, state, {})
} |
	some state in plan.states
}

_allows_kind(state, p, kind) if _allow_kinds[state][p][kind]

_allows_kind(state, p, _) if _allow_kinds[state][p]["*"]

# regal ignore:prefer-set-or-object-rule
_live_hub_specs := {state: [h | some h in _hub_specs(state); _live_hubs[state][h.hub]] | some state in plan.states}

_hub_specs(state) := array.flatten([
	[{"hub": concat(":", ["hub:assume", acct]), "edge": "assume", "kind": "assume"} |
		some acct in _hub_account_sets[state]
	],
	[{"hub": "hub:assume:*", "edge": "assume", "kind": "assume"}],
	[{"hub": concat(":", ["hub:pass", svc]), "edge": "pass", "kind": "pass", "service": svc} | some svc, _ in catalogue.launch],
	[{"hub": "hub:mint", "edge": "mint", "kind": "mint"}],
	[{"hub": "hub:join", "edge": "join", "kind": "join", "users": true}],
])

# "launch:<service>" for each service of the launch catalogue.
# regal ignore:prefer-set-or-object-rule
_launch_kinds := {svc: concat(":", ["launch", svc]) | some svc, _ in catalogue.launch}

# P has an Allow of the hub's kind, is in the hub's account, and is a user for hub:join.
_may_enter(state, p, h) if {
	_allows_kind(state, p, h.kind)
	_in_hub_account(state, p, h)
	_hub_admits_type(state, p, h)
}

_in_hub_account(_, _, h) if h.kind != "assume"

_in_hub_account(state, p, h) if {
	h.kind == "assume"
	_hub_admits(state, h.hub, p)
}

_hub_admits_type(_, _, h) if not h.users

_hub_admits_type(state, p, h) if {
	h.users
	plan.instances[state][p].type == "aws_iam_user"
}

_hub_accounts(state) := {adm.account |
	some ts in object.get(_trusts, state, {})
	some t in ts
	some adm in t.admitted
	adm.account
}

_launch_ok(_, _, h) if not h.service

_launch_ok(state, p, h) if _launches(state, p, h.service, "worst")

# Principals allowed a kind on some resources only (or with a narrower Deny, or a boundary):
# an edge to each target whose ARN the grant covers.
_pairwise(state) := [{
	"from": p, "to": c.target, "edge": c.edge, "certain": may_certain,
	"via": array.concat([_grant_via(state, p, c.kind, arn(state, c.target))], c.via),
} |
	some p in _sources_with_grants[state]
	some c in _candidates(state, p)
	target_arn := arn(state, c.target)
	may(state, p, c.kind, target_arn, "worst")
	_launch_ok(state, p, c)
	may_certain := _certain_pair(state, p, c, target_arn)
]

_certain_pair(state, p, c, target_arn) if {
	may(state, p, c.kind, target_arn, "certain")
	c.certain
} else := false

# What P could reach with a narrower grant: roles whose trust admits P's account or everyone
# (assume), roles a launchable service may assume (pass), users (mint), groups (join, users only).
_candidates(state, p) := (assume | pass) | (mint | join) if {
	assume := _assume_candidates(state, p)
	pass := _pass_candidates(state, p)
	mint := _mint_candidates(state, p)
	join := _join_candidates(state, p)
}

# (Guards outside the comprehensions: a comprehension that tests an argument is indexed by
# evaluating it with the argument unbound.)
_assume_candidates(state, p) := {object.remove(c, ["hub"]) |
	some c in _covered(state, p, "assume")
	_hub_admits(state, c.hub, p)
} if {
	_narrow(state, p, "assume")
} else := set()

_pass_candidates(state, p) := {c |
	some c in _covered(state, p, "pass")
	services[c.service]
} if {
	_narrow(state, p, "pass")
	services := {svc | some svc, kind in _launch_kinds; _allows_kind(state, p, kind); _launches(state, p, svc, "worst")}
	count(services) > 0
} else := set()

_mint_candidates(state, p) := _covered(state, p, "mint") if {
	_narrow(state, p, "mint")
} else := set()

_join_candidates(state, p) := _covered(state, p, "join") if {
	_narrow(state, p, "join")
	plan.instances[state][p].type == "aws_iam_user"
} else := set()

# Every target of a narrower grant, by kind and by the lower-case ARN it is known by ("" for a
# stand-in ARN with a wildcard, or one too long to compare as a literal).
_targets[state][kind][key] contains c if {
	some state in plan.states
	some c in _all_targets(state)
	kind := c.kind
	key := _literal_key(arn(state, c.target))
}

_all_targets(state) := array.flatten([
	[{"target": e.to, "edge": "assume", "kind": "assume", "via": e.via, "certain": e.certain, "hub": e.from} |
		some e in _account_assume_edges[state]
	],
	[{"target": e.to, "edge": "pass", "kind": "pass", "service": substring(e.from, 9, -1), "via": e.via, "certain": e.certain} |
		some e in _pass_target_edges[state]
	],
	[{"target": u, "edge": "mint", "kind": "mint", "via": [], "certain": true} | some u in plan.index(plan.by_type, state, "aws_iam_user")],
	[{"target": g, "edge": "join", "kind": "join", "via": [], "certain": true} | some g in plan.index(plan.by_type, state, "aws_iam_group")],
])

# The key of a target's ARN: the ARN in lower case when it is a literal, or a literal but for
# the account of a stand-in ARN ("*": a grant naming any account may cover it); "" otherwise.
_literal_key(a) := lower(a) if {
	_literal(a)
} else := lower(a) if {
	parts := split(a, ":")
	count(parts) >= 6
	parts[4] == "*"
	_literal(concat(":", array.concat(array.slice(parts, 0, 4), array.slice(parts, 5, count(parts)))))
} else := ""

_literal(a) if {
	not contains(a, "*")
	not contains(a, "?")
	count(a) <= wildcard.max_length
}

# The keys a literal resource of a grant finds its targets by: itself, and itself in any account.
_resource_keys(r) := {lower(r), any_account} if {
	parts := split(lower(r), ":")
	count(parts) >= 6
	any_account := concat(":", array.flatten([array.slice(parts, 0, 4), "*", array.slice(parts, 5, count(parts))]))
} else := {lower(r)}

# The targets of `kind` that P's Allows may cover: the targets of the literal ARNs they name,
# the targets whose resource part ("role/path/name") starts with the literal head of the
# patterns they name, and the stand-ins; every target of the kind when a grant is on everything
# or names a pattern that cannot be cut so. `may` decides on each; this only keeps P from being
# compared with every target of the plan.
_covered(state, p, kind) := {c |
	some r in resources
	some c in _covered_by(state, kind, index, r)
} | object.get(index, "", set()) if {
	index := object.get(object.get(_targets, state, {}), kind, {})
	resources := _indexed_resources(state, p, kind)
} else := {c |
	some cs in object.get(object.get(_targets, state, {}), kind, {})
	some c in cs
}

# The lower-case resources of P's Allows of the kind, when each can be looked up.
_indexed_resources(state, p, kind) := {lower(r) | some g in gs; some r in g.resources} if {
	gs := [g | some g in grants(state, p); g.effect == "Allow"; _has_kind(g, kind)]
	every g in gs {
		not g.everything
		every r in g.resources {
			_indexed(lower(r))
		}
	}
}

_indexed(r) if _literal(r)

_indexed(r) if _pattern_head(r)

_covered_by(_, _, index, r) := {c |
	some key in _resource_keys(r)
	some c in object.get(index, key, set())
} if _literal(r)

_covered_by(state, kind, _, r) := {pair[1] |
	h := _pattern_head(r)
	level := max({l | some l in _levels; l <= count(h)})
	some pair in object.get(object.get(object.get(object.get(_by_resource, state, {}), kind, {}), level, {}), substring(h, 0, level), set())
	startswith(pair[0], h)
} if not _literal(r)

# A pattern whose partition, service and region are literal, simple enough to match, with a
# resource part whose literal head is at least the shortest prefix indexed: that head. A target
# it matches has a resource part that starts with the head (an IAM ARN has no ":" past the
# account, so a "*" in the account cannot reach past it).
_pattern_head(r) := h if {
	not wildcard.too_complex(r)
	parts := split(r, ":")
	count(parts) >= 6
	every i in [0, 1, 2, 3] {
		_literal(parts[i])
	}
	h := iam.head(concat(":", array.slice(parts, 5, count(parts))))
	count(h) >= _levels[0]
}

_levels := [5, 8, 12, 16, 24, 32]

# Targets by the resource part of the ARN they are known by, cut at each length of _levels:
# [resource part, target].
_by_resource[state][kind][level][prefix] contains [res, c] if {
	some state, kinds in _targets
	some kind, keys in kinds
	some key, cs in keys
	key != ""
	parts := split(key, ":")
	count(parts) >= 6
	res := concat(":", array.slice(parts, 5, count(parts)))
	some level in _levels
	count(res) >= level
	prefix := substring(res, 0, level)
	some c in cs
}

# P has some grant of the kind but does not go through its hub.
_narrow(state, p, kind) if {
	_allows_kind(state, p, kind)
	not _hub_member(state, p, kind, "worst")
}

# An assume hub admits P: hub:assume:* everyone, hub:assume:<account> the principals of it.
_hub_admits(_, "hub:assume:*", _)

_hub_admits(state, hub, p) if {
	hub != "hub:assume:*"
	_in_account(state, p, substring(hub, 11, -1))
}

# Federated identities: one node per provider and subject condition; a trust without a subject
# condition admits every identity of the provider.
_federated_edges(state) := [{"from": n, "to": q, "edge": "assume", "via": [_trust_via(q, t)], "certain": t.certain} |
	some q in plan.index(plan.by_type, state, "aws_iam_role")
	some t in trusts(state, q)
	t.federated_actions
	some f in t.federated
	some n in _federated_callers(state, f, t.subjects)
]

_federated_callers(_, f, subjects) := {_federated_node(f, subjects)} if count(subjects) > 0

_federated_callers(state, f, []) := {_federated_node(f, [])} | {_federated_node(f, t.subjects) |
	some ts in object.get(_trusts, state, {})
	some t in ts
	f in t.federated
	count(t.subjects) > 0
}
