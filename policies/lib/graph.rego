# METADATA
# title: Credential reach
# description: |
#   The graph of "whoever holds P's credentials can act as Q", built once per state from the
#   principal model: assume (a role's trust admits P, and P may call sts:AssumeRole on it when
#   the trust admits P's account or everyone), pass (P may pass a role to a service that starts
#   code as it), mint (P may create a user's access key or console password) and join (a user
#   may add itself to a group). Trust statements that require MFA are not followed; unconditional
#   Deny statements and permission boundaries cut identity-side edges. Edges that hold only if
#   unknown values are at their worst are kept apart ("worst" mode). A grant on every resource
#   goes through one hub node per kind (and account or service) instead of an edge to every
#   target, so the graph stays linear in the plan.
package bulkhead.lib.graph

import data.bulkhead.lib.catalogue
import data.bulkhead.lib.documents
import data.bulkhead.lib.iam
import data.bulkhead.lib.model
import data.bulkhead.lib.plan
import data.bulkhead.lib.util
import data.bulkhead.lib.wildcard

# --- accounts, ARNs and names ------------------------------------------------------------------

# The accounts the plan's resources live in: from known ARNs and aws_caller_identity.
own_accounts contains acct if {
	some state in plan.states
	some arn, _ in object.get(plan.by_arn, state, {})
	acct := arn_account(arn)
}

own_accounts contains acct if {
	some state in plan.states
	some a in plan.index(plan.by_type, state, "aws_caller_identity")
	acct := plan.instances[state][a].values.account_id
	is_string(acct)
}

arn_account(arn) := parts[4] if {
	parts := split(arn, ":")
	count(parts) >= 6
	parts[0] == "arn"
	regex.match(`^[0-9]{12}$`, parts[4])
}

# An account named in a trust policy: "arn:aws:iam::123456789012:root" or the bare id.
_named_account(x) := x if regex.match(`^[0-9]{12}$`, x)

_named_account(x) := acct if {
	endswith(x, ":root")
	acct := arn_account(x)
}

# One of the plan's accounts (when the plan names none, every account named is taken as its own).
_is_own(acct) if own_accounts[acct]

_is_own(_) if count(own_accounts) == 0

_arn_kind := {"aws_iam_role": "role", "aws_iam_user": "user", "aws_iam_group": "group"}

_type_of_kind := {"role": "aws_iam_role", "user": "aws_iam_user", "group": "aws_iam_group"}

# A principal's ARN, or when unknown until apply a pattern that stands for it (the plan's one
# account when it has exactly one, any account otherwise).
arn(state, p) := inst.values.arn if {
	inst := plan.instances[state][p]
	is_string(inst.values.arn)
} else := concat("", ["arn:aws:iam::", _probe_account, ":", _arn_kind[inst.type], _iam_path(inst), inst.values.name]) if {
	inst := plan.instances[state][p]
	is_string(inst.values.name)
} else := concat("", ["arn:aws:iam::", _probe_account, ":", _arn_kind[plan.instances[state][p].type], "/*"])

_probe_account := util.first(own_accounts) if {
	count(own_accounts) == 1
} else := "*"

_iam_path(inst) := p if {
	p := inst.values.path
	is_string(p)
	startswith(p, "/")
	endswith(p, "/")
} else := "/"

# The account of a principal, "" when unknown until apply (then: one of the plan's own).
_account(state, p) := a if {
	a := arn_account(arn(state, p))
} else := ""

_in_account(state, p, acct) if _account(state, p) == acct

_in_account(state, p, acct) if {
	_account(state, p) == ""
	_is_own(acct)
}

# Principals by lower-case ARN and by lower-case name (trust policies are read lower case).
# Complete rules (one object per state): indexed lookups, built once.
# regal ignore:prefer-set-or-object-rule
_by_lower_arn := {state: _index([[lower(arn), p] |
	some p in model.principals(state)
	arn := plan.instances[state][p].values.arn
	is_string(arn)
]) |
	some state in plan.states
}

# regal ignore:prefer-set-or-object-rule
_by_lower_name := {state: _index([[concat("/", [t, lower(n)]), p] |
	some p in model.principals(state)
	t := plan.instances[state][p].type
	n := plan.instances[state][p].values.name
	is_string(n)
]) |
	some state in plan.states
}

# [[key, value], …] → {key: the smallest value of the key} (no conflict for a repeated key).
_index(pairs) := {pair[0]: pair[1] | some i, pair in sorted; _first_of(sorted, i)} if {
	sorted := sort(pairs)
}

# The node a trust policy's AWS principal stands for:
#   {"any": true} for "*", {"account": A} for one of the plan's accounts (P's own permission
#   decides), {"node": id} for a principal (the trust alone suffices), another account, or a
#   principal of the plan's account that the plan does not hold.
_admitted(_, "*") := {"any": true}

_admitted(_, x) := {"account": acct} if {
	acct := _named_account(x)
	_is_own(acct)
}

_admitted(_, x) := {"node": concat(":", ["account", acct])} if {
	acct := _named_account(x)
	not _is_own(acct)
}

_admitted(state, x) := {"node": node} if {
	not _named_account(x)
	parsed := _iam_arn(x)
	node := _principal_node(state, x, parsed)
}

# "arn:aws:iam::A:role/path/name" → {account, type, name}; assumed-role session ARNs name the role.
_iam_arn(x) := {"account": parts[4], "type": _type_of_kind[kind], "name": segments[count(segments) - 1]} if {
	parts := split(x, ":")
	count(parts) == 6
	parts[2] in {"iam", "sts"}
	segments := split(parts[5], "/")
	kind := _principal_kind(segments[0])
	count(segments) >= 2
}

_principal_kind("assumed-role") := "role"

_principal_kind(k) := k if k in {"role", "user"}

_principal_node(state, x, parsed) := n if {
	n := _by_lower_arn[state][x]
} else := p if {
	_is_own(parsed.account)
	p := _by_lower_name[state][concat("/", [parsed.type, lower(parsed.name)])]
	_in_account(state, p, parsed.account)
} else := plan.outside_address(parsed.type, parsed.name) if {
	_is_own(parsed.account)
} else := concat(":", ["account", parsed.account])

# --- what the identity side may do -------------------------------------------------------------

# The BH006 statements of P's identity policies: {kinds, effect, everything, resources,
# not_resource, certain, via}. Kinds are the catalogue.reach kinds and "launch:<service>".
# A document that cannot be read may, at worst, allow every kind on everything.
grants(state, p) := g if {
	g := _grants[state][p]
} else := []

# regal ignore:prefer-set-or-object-rule
_grants := {state: {p: gs |
	some p in model.principals(state)
	gs := array.concat(_read_grants(state, p), _unread_grants(state, p))
	count(gs) > 0
} |
	some state in plan.states
}

_read_grants(state, p) := [object.union(_kinds_of(r), {"certain": _certain_grant(r, e), "via": _identity_via(e, r)}) |
	some e in model.identity_edges(state, p)
	some r in documents.analysis[e.doc].reach
]

_certain_grant(r, e) if {
	r.certain
	not e.uncertain
	not model.unreadable(e)
} else := false

_identity_via(e, r) := {"kind": "identity", "resource": e.label, "statement": r.sid, "through": e.via}

_unread_grants(state, p) := [{
	"kinds": {"*"}, "effect": "Allow", "everything": true, "resources": ["*"], "not_resource": false, "certain": false,
	"via": {"kind": "identity", "resource": e.label, "statement": "(unknown)", "through": e.via},
} |
	some e in model.identity_edges(state, p)
	not documents.analysis[e.doc]
]

_kinds_of(r) := object.union(r, {"kinds": {_kind(a) | some a in r.actions}})

_kind(a) := catalogue.reach[a]

_kind(a) := concat(":", ["launch", svc]) if {
	not catalogue.reach[a]
	some svc in catalogue.launch_services[a]
}

_has_kind(g, _) if g.kinds["*"]

_has_kind(g, kind) if g.kinds[kind]

# P may do `kind` on every resource (mode "certain": known statements only).
_allows_everything(state, p, kind, mode) if {
	some g in grants(state, p)
	g.effect == "Allow"
	_counts(g, mode)
	g.everything
	_has_kind(g, kind)
}

_counts(g, "certain") if g.certain

_counts(_, "worst")

# P may do `kind` on the resource `target` (an ARN or a pattern standing for one).
allows(state, p, kind, target, mode) if {
	some g in _allowing(state, p, kind, target, mode)
	g
}

_allowing(state, p, kind, target, mode) := [g |
	some g in grants(state, p)
	g.effect == "Allow"
	_counts(g, mode)
	_has_kind(g, kind)
	_covers(g, target)
]

_covers(g, _) if g.everything

_covers(g, target) if {
	not g.everything
	some r in g.resources
	iam.overlaps(lower(r), lower(target))
}

# An unconditional Deny of P's (or of P's groups) matches `kind` on the target.
denies(state, p, kind, target) if {
	some g in grants(state, p)
	g.effect == "Deny"
	_has_kind(g, kind)
	_deny_matches(g, target)
}

_deny_matches(g, _) if g.everything

_deny_matches(g, target) if {
	not g.everything
	some r in g.resources
	wildcard.match(lower(r), lower(target))
}

# P has a Deny of `kind` narrower than everything: edges then need the target's ARN, no hub.
_narrow_deny(state, p, kind) if {
	some g in grants(state, p)
	g.effect == "Deny"
	_has_kind(g, kind)
	not g.everything
}

# The permission boundary of P allows `kind` on the target: none set allows everything; an
# unreadable one allows everything at worst and nothing for certain.
_bounded(state, p, _, _, _) if count(model.boundary_refs(state, p)) == 0

_bounded(state, p, kind, target, mode) if {
	bs := model.boundary_refs(state, p)
	count(bs) > 0
	every b in bs {
		_boundary_allows(b, kind, target, mode)
	}
}

_boundary_allows(b, kind, target, _) if {
	some r in documents.analysis[b.id].reach
	g := _kinds_of(r)
	g.effect == "Allow"
	_has_kind(g, kind)
	_covers(g, target)
	not _boundary_denies(b, kind, target)
}

_boundary_allows(b, _, _, "worst") if not documents.analysis[b.id]

_boundary_denies(b, kind, target) if {
	some r in documents.analysis[b.id].reach
	g := _kinds_of(r)
	g.effect == "Deny"
	_has_kind(g, kind)
	_deny_matches(g, target)
}

# A boundary that allows `kind` on everything does not constrain the hub edges.
_boundary_open(state, p, _, _) if count(model.boundary_refs(state, p)) == 0

_boundary_open(state, p, kind, mode) if {
	bs := model.boundary_refs(state, p)
	count(bs) > 0
	every b in bs {
		_boundary_allows(b, kind, "*", mode)
	}
}

# P goes through the hub of `kind`: allowed on everything, no narrower Deny, boundary open.
_hub_member(state, p, kind, mode) if {
	_allows_everything(state, p, kind, mode)
	not _narrow_deny(state, p, kind)
	not denies(state, p, kind, "*")
	_boundary_open(state, p, kind, mode)
}

# P may do `kind` on the target, Deny and boundary included.
may(state, p, kind, target, mode) if {
	allows(state, p, kind, target, mode)
	not denies(state, p, kind, target)
	_bounded(state, p, kind, target, mode)
}

# The statement that lets P do `kind` on the target (evidence), the first in a stable order.
_grant_via(state, p, kind, target) := sort([g.via | some g in _allowing(state, p, kind, target, "worst")])[0]

# P may start code for a service (any launch action of it, on any resource).
_launches(state, p, svc, mode) if may(state, p, concat(":", ["launch", svc]), "*", mode)

_launches(state, p, svc, mode) if {
	kind := concat(":", ["launch", svc])
	some g in grants(state, p)
	g.effect == "Allow"
	_counts(g, mode)
	_has_kind(g, kind)
	not denies(state, p, kind, "*")
	_bounded(state, p, kind, "*", mode)
}

# --- the trust side ----------------------------------------------------------------------------

# The statements of a role's trust policy that let someone in without MFA:
# {sid, certain, admits: [AWS principals], refs: [principal addresses], services, federated}.
trusts(state, q) := t if {
	t := _trusts[state][q]
} else := []

# regal ignore:prefer-set-or-object-rule
_trusts := {state: {q: [t | some s in doc.statements; t := _trust_statement(state, s)] |
	some q in plan.index(plan.by_type, state, "aws_iam_role")
	doc := documents.by_id[documents.id(state, q)]
	doc.known
} |
	some state in plan.states
}

_trust_statement(state, s) := {
	"sid": s.sid,
	"certain": _statement_certain(s),
	"assume": assume,
	"federated_actions": federated_actions,
	"admits": s.aws_principals,
	"refs": _reference_principals(state, s),
	"services": s.service_principals,
	"federated": s.federated_principals,
	"subjects": _subjects(s),
} if {
	s.effect == "Allow"
	iam.allow_mfa_level(s) == 0
	matched := _trust_actions(s)
	assume := object.get(matched, "sts:assumerole", "") == "assume"
	federated_actions := count({k | some k in matched; k in {"web_identity", "saml"}}) > 0
	true in {assume, federated_actions}
}

_statement_certain(s) := false if s.uncertain == true

else := true

_trust_actions(s) := {a: catalogue.reach[a] | some a in iam.matched_actions(s); catalogue.reach[a]} if {
	not s.actions_unknown == true
} else := catalogue.reach

# AWS principals a statement names by configuration reference, resolved to principals.
_reference_principals(state, s) := {a |
	some r in object.get(s, "principal_refs", [])
	some a in plan.resolve_reference(state, r.module, plan.strip_keys(r.module), r.ref, model.principal_types)
}

# The subjects a federated statement is limited to (":sub" condition keys), sorted.
_subjects(s) := sort({v |
	some c in s.conditions
	endswith(c.key, ":sub")
	some v in c.values
})

# A role whose trust policy is unknown until apply: at worst, every principal its configuration
# references may assume it.
_unknown_trust_refs(state, q) := {a |
	inst := plan.instances[state][q]
	not documents.by_id[documents.id(state, q)].known
	some a in plan.reference_targets(state, inst, "assume_role_policy", model.principal_types)
}

# The role an instance profile holds (EC2 runs code as it).
# regal ignore:prefer-set-or-object-rule
_profiles := {state: _index([[q, a] |
	some a in plan.index(plan.by_type, state, "aws_iam_instance_profile")
	some q in plan.join(state, plan.instances[state][a], "role", {"aws_iam_role"}).targets
]) |
	some state in plan.states
}

# "arn:aws:iam::A:oidc-provider/token.actions.githubusercontent.com" → the provider's host.
_provider(f) := substring(f, indexof(f, "-provider/") + 10, -1) if {
	contains(f, "-provider/")
} else := f

_federated_node(f, []) := concat(":", ["federated", _provider(f)])

_federated_node(f, subjects) := concat("", ["federated:", _provider(f), " sub=", concat(",", subjects)]) if count(subjects) > 0

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
_live_hubs := {state: {e.from | some e in array.flatten([_account_assume_edges[state], _pass_target_edges[state], _mint_join_targets(state)])} |
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
	some n in _direct_nodes(state, t)
	n != q
	not _denied_direct(state, n, q)
]

_direct_nodes(state, t) := {n | some x in t.admits; n := _admitted(state, x).node} | t.refs

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
_assume_hubs(state, q) := {h |
	some t in trusts(state, q)
	t.assume
	some x in t.admits
	adm := _admitted(state, x)
	h := _assume_hub(adm)
}

_assume_hub(adm) := "hub:assume:*" if adm.any

_assume_hub(adm) := concat(":", ["hub:assume", adm.account]) if adm.account

_account_assume(state) := [{"from": h, "to": q, "edge": "assume", "via": [_trust_via(q, t)], "certain": t.certain} |
	some q in plan.index(plan.by_type, state, "aws_iam_role")
	some t in trusts(state, q)
	t.assume
	some x in t.admits
	h := _assume_hub(_admitted(state, x))
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

_profile_via(state, q, "ec2.amazonaws.com") := [{"kind": "instance_profile", "resource": _profiles[state][q], "statement": ""}]

_profile_via(_, _, svc) := [] if svc != "ec2.amazonaws.com"

# Mint and join: hubs to every user and every group.
_mint_join_targets(state) := array.concat(
	[{"from": "hub:mint", "to": u, "edge": "mint", "via": [], "certain": true} | some u in plan.index(plan.by_type, state, "aws_iam_user")],
	[{"from": "hub:join", "to": g, "edge": "join", "via": [], "certain": true} | some g in plan.index(plan.by_type, state, "aws_iam_group")],
)

# Principals that enter a hub: allowed on every resource.
_hub_edges(state) := array.concat(_mint_join_targets(state), [{
	"from": p, "to": h.hub, "edge": h.edge, "certain": _hub_member(state, p, h.kind, "certain"),
	"via": [_grant_via(state, p, h.kind, "*")],
} |
	some p in _sources_with_grants(state)
	some h in _hubs_of(state, p)
	_live_hubs[state][h.hub]
	_hub_member(state, p, h.kind, "worst")
	_launch_ok(state, p, h)
])

_sources_with_grants(state) := {p | some p, gs in object.get(_grants, state, {}); count(gs) > 0}

_hubs_of(state, p) := array.flatten([
	[{"hub": concat(":", ["hub:assume", acct]), "edge": "assume", "kind": "assume"} |
		some acct in _hub_account_sets[state]
		_in_account(state, p, acct)
	],
	[{"hub": "hub:assume:*", "edge": "assume", "kind": "assume"}],
	[{"hub": concat(":", ["hub:pass", svc]), "edge": "pass", "kind": "pass", "service": svc} | some svc, _ in catalogue.launch],
	[{"hub": "hub:mint", "edge": "mint", "kind": "mint"}],
	[{"hub": "hub:join", "edge": "join", "kind": "join"} | plan.instances[state][p].type == "aws_iam_user"],
])

_hub_accounts(state) := {adm.account |
	some _, ts in object.get(_trusts, state, {})
	some t in ts
	some x in t.admits
	adm := _admitted(state, x)
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
	some p in _sources_with_grants(state)
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
_candidates(state, p) := ((_assume_candidates(state, p) | _pass_candidates(state, p)) | _mint_candidates(state, p)) | _join_candidates(state, p)

# (Guards outside the comprehensions: a comprehension that tests an argument is indexed by
# evaluating it with the argument unbound.)
_assume_candidates(state, p) := {c |
	some e in _account_assume_edges[state]
	_hub_admits(state, e.from, p)
	c := {"target": e.to, "edge": "assume", "kind": "assume", "via": e.via, "certain": e.certain}
} if {
	_narrow(state, p, "assume")
} else := set()

_pass_candidates(state, p) := {c |
	some e in _pass_target_edges[state]
	svc := substring(e.from, 9, -1)
	services[svc]
	c := {"target": e.to, "edge": "pass", "kind": "pass", "service": svc, "via": e.via, "certain": e.certain}
} if {
	_narrow(state, p, "pass")
	services := {svc | some svc, _ in catalogue.launch; _launches(state, p, svc, "worst")}
	count(services) > 0
} else := set()

_mint_candidates(state, p) := {c |
	some u in plan.index(plan.by_type, state, "aws_iam_user")
	c := {"target": u, "edge": "mint", "kind": "mint", "via": [], "certain": true}
} if {
	_narrow(state, p, "mint")
} else := set()

_join_candidates(state, p) := {c |
	some g in plan.index(plan.by_type, state, "aws_iam_group")
	c := {"target": g, "edge": "join", "kind": "join", "via": [], "certain": true}
} if {
	_narrow(state, p, "join")
	plan.instances[state][p].type == "aws_iam_user"
} else := set()

# P has some grant of the kind but does not go through its hub.
_narrow(state, p, kind) if {
	some g in grants(state, p)
	g.effect == "Allow"
	_has_kind(g, kind)
	not _hub_member(state, p, kind, "worst")
}

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
	some _, ts in object.get(_trusts, state, {})
	some t in ts
	f in t.federated
	count(t.subjects) > 0
}

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

# The nodes from which some node of `targets` can be reached.
reaching(state, mode, targets) := graph.reachable(object.get(object.get(_in, state, {}), mode, {}), targets)

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

# --- shortest paths ----------------------------------------------------------------------------

# Breadth-first levels from s, each {node: parent}, to a depth of 12 (hubs count as a step).
_levels(adj, s) := [l0, l1, l2, l3, l4, l5, l6, l7, l8, l9, l10, l11, l12] if {
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
_level(adj, prev, seen) := {pair[0]: pair[1] | some i, pair in pairs; _first_of(pairs, i)} if {
	pairs := sort([[n, p] | some p, _ in prev; some n in object.get(adj, p, set()); not seen[n]])
}

_first_of(_, 0)

_first_of(pairs, i) if {
	i > 0
	pairs[i - 1][0] != pairs[i][0]
}

# The nearest of the targets and the nodes from s to it.
shortest(adj, s, targets) := _path(levels, k, t) if {
	levels := _levels(adj, s)
	k := min({i | some i, l in levels; some n, _ in l; targets[n]})
	t := min({n | some n, _ in levels[k]; targets[n]})
}

_path(levels, k, t) := array.reverse(array.slice(nodes, 0, k + 1)) if {
	n12 := t
	n11 := _up(levels, k, n12)
	n10 := _up(levels, k - 1, n11)
	n9 := _up(levels, k - 2, n10)
	n8 := _up(levels, k - 3, n9)
	n7 := _up(levels, k - 4, n8)
	n6 := _up(levels, k - 5, n7)
	n5 := _up(levels, k - 6, n6)
	n4 := _up(levels, k - 7, n5)
	n3 := _up(levels, k - 8, n4)
	n2 := _up(levels, k - 9, n3)
	n1 := _up(levels, k - 10, n2)
	n0 := _up(levels, k - 11, n1)
	nodes := [n12, n11, n10, n9, n8, n7, n6, n5, n4, n3, n2, n1, n0]
}

_up(levels, j, n) := levels[j][n] if j > 0

else := n

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
