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
package bulkhead.lib.reachability

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
arn(state, p) := _arns[state][p]

# The principals' ARNs, built once.
# regal ignore:prefer-set-or-object-rule
_arns := {state: {p: _arn_of(plan.instances[state][p], _probe_account) | some p in model.principals(state)} | some state in plan.states}

_arn_of(inst, account) := inst.values.arn if {
	is_string(inst.values.arn)
} else := concat("", ["arn:aws:iam::", account, ":", _arn_kind[inst.type], _iam_path(inst), inst.values.name]) if {
	is_string(inst.values.name)
} else := concat("", ["arn:aws:iam::", account, ":", _arn_kind[inst.type], "/*"])

default _probe_account := "*"

_probe_account := util.first(own_accounts) if count(own_accounts) == 1

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

# Principals by lower-case ARN and by lower-case name (trust policies are read lower case),
# built once; a lookup takes the least address of a key (indexes of sets: sorting every pair to
# pick one per key cost a second on 20 000 principals).
_by_lower_arn[state][k] contains p if {
	some state in plan.states
	some p in model.principals(state)
	arn := plan.instances[state][p].values.arn
	is_string(arn)
	k := lower(arn)
}

_by_lower_name[state][k] contains p if {
	some state in plan.states
	some p in model.principals(state)
	n := plan.instances[state][p].values.name
	is_string(n)
	k := concat("/", [plan.instances[state][p].type, lower(n)])
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
_iam_arn(x) := {"account": parts[4], "type": _type_of_kind[kind], "name": _principal_name(segments)} if {
	parts := split(x, ":")
	count(parts) == 6
	parts[2] in {"iam", "sts"}
	segments := split(parts[5], "/")
	kind := _principal_kind(segments[0])
	count(segments) >= 2
}

# "assumed-role/ROLE/SESSION" names the role; "role/path/NAME" and "user/path/NAME" the last part.
_principal_name(segments) := segments[1] if segments[0] == "assumed-role"

else := segments[count(segments) - 1]

_principal_kind("assumed-role") := "role"

_principal_kind(k) := k if k in {"role", "user"}

_principal_node(state, x, parsed) := n if {
	n := min(_by_lower_arn[state][x])
} else := p if {
	_is_own(parsed.account)
	p := min(_by_lower_name[state][concat("/", [parsed.type, lower(parsed.name)])])
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

_read_grants(state, p) := [object.union(r, {"certain": _certain_grant(r, e), "via": _identity_via(e, r)}) |
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
	iam.overlaps(lower(r), _in_account_of(lower(target), lower(r)))
}

# A stand-in ARN of a principal created by the plan has "*" for its account: matched against a
# pattern, it takes the pattern's account (the plan's principals are in the account it names).
_in_account_of(target, pattern) := concat(":", array.flatten([array.slice(t, 0, 4), [p[4]], array.slice(t, 5, count(t))])) if {
	t := split(target, ":")
	count(t) >= 6
	t[4] == "*"
	p := split(pattern, ":")
	count(p) >= 6
} else := target

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
	wildcard.match(lower(r), _in_account_of(lower(target), lower(r)))
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
	not _boundary_denies(b, kind, target)
	some g in documents.analysis[b.id].reach
	g.effect == "Allow"
	_has_kind(g, kind)
	_covers(g, target)
}

_boundary_allows(b, _, _, "worst") if not documents.analysis[b.id]

_boundary_denies(b, kind, target) if {
	some g in documents.analysis[b.id].reach
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
	not denies(state, p, kind, "*")
	_bounded(state, p, kind, "*", mode)
	some g in grants(state, p)
	g.effect == "Allow"
	_counts(g, mode)
	_has_kind(g, kind)
}

# --- the trust side ----------------------------------------------------------------------------

# The statements of a role's trust policy that let someone in without MFA:
# {sid, certain, admits: [AWS principals], admitted: [what each stands for, see _admitted],
# refs: [principal addresses], services, federated}.
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
	"admitted": [_admitted(state, x) | some x in s.aws_principals],
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

_trust_actions(s) := _trust_kinds(s, catalogue.reach)

_trust_kinds(s, reach) := {a: reach[a] | some a in iam.matched_actions(s); reach[a]} if {
	not s.actions_unknown == true
} else := reach

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

# The instance profiles that hold a role (EC2 runs code as it).
_profiles[state][q] contains a if {
	some state in plan.states
	some a in plan.index(plan.by_type, state, "aws_iam_instance_profile")
	some q in plan.join(state, plan.instances[state][a], "role", {"aws_iam_role"}).targets
}

# "arn:aws:iam::A:oidc-provider/token.actions.githubusercontent.com" → the provider's host.
_provider(f) := substring(f, indexof(f, "-provider/") + 10, -1) if {
	contains(f, "-provider/")
} else := f

_federated_node(f, []) := concat(":", ["federated", _provider(f)])

_federated_node(f, subjects) := concat("", ["federated:", _provider(f), " sub=", concat(",", subjects)]) if count(subjects) > 0
