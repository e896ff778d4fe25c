# METADATA
# title: MFA requirements
# description: |
#   The MFA requirements a state holds: force-MFA gates reaching users and groups, MFA
#   conditions on Allow statements (identity, trust and resource policies), S3 MFA delete and
#   Cognito MFA. Gate strength: 2 = denies requests without MFA whatever the credential,
#   1 = long-term access keys pass (Bool instead of BoolIfExists), 0 = no gate.
package bulkhead.lib.mfa

import data.bulkhead.lib.documents
import data.bulkhead.lib.iam
import data.bulkhead.lib.model
import data.bulkhead.lib.plan
import data.bulkhead.lib.wildcard

# The gate on a user or group: {"level": known level, "possible": the level it may have once
# unknown documents are known, "statements": the gating statements}.
gate(state, p) := {
	"level": max(array.concat([0], [g.level | some g in gates])),
	"possible": _possible(edges, gates),
	"statements": sort(gates),
} if {
	edges := model.identity_edges(state, p)
	gates := [{"level": g.level, "policy": e.label, "statement": g.statement, "via": e.via} |
		some e in edges
		not e.uncertain
		some g in documents.gates[e.doc]
	]
}

_possible(edges, _) := 2 if {
	some e in edges
	model.unreadable(e)
}

_possible(edges, gates) := max(array.concat([0], [g.level | some g in gates])) if {
	not _any_unreadable(edges)
}

_any_unreadable(edges) if {
	some e in edges
	model.unreadable(e)
}

# MFA strength of an Allow statement: {"level": 0..2, "age": max MultiFactorAuthAge or null}
condition(s) := {"level": iam.allow_mfa_level(s), "age": iam.allow_mfa_age(s)}

# The AFTER statement is weaker than the BEFORE one.
weaker(before, after) if after.level < before.level

weaker(before, after) if {
	after.level == before.level
	before.age != null
	after.age == null
}

weaker(before, after) if {
	after.level == before.level
	before.age != null
	after.age != null
	after.age > before.age
}

# --- people ------------------------------------------------------------------------------------

# Users that are people: console access (a login profile), or group members without an access
# key (the hardened layout: humans only through groups; workload users, if any, have keys).
human_users(state) := object.get(_human_users, state, set())

# u is a person in the state (a lookup: `x in s` scans s in the wasm build).
is_human(state, u) if human_users(state)[u]

_human_users[state] contains u if {
	some state in plan.states
	some u in plan.index(plan.by_type, state, "aws_iam_user")
	_human(state, u)
}

_human(state, u) if _credential_holders(state, "aws_iam_user_login_profile")[u]

_human(state, u) if {
	count(object.get(object.get(model.memberships, state, {}), u, set())) > 0
	not _credential_holders(state, "aws_iam_access_key")[u]
}

# Looked up through the whole rule (object.get), then by key: the interpreter evaluates it once.
_credential_holders(state, type) := object.get(object.get(_holders, state, {}), type, set())

_holders[state][type] contains u if {
	some state in plan.states
	some type in ["aws_iam_user_login_profile", "aws_iam_access_key"]
	some a in plan.index(plan.by_type, state, type)
	some u in plan.join(state, plan.instances[state][a], "user", {"aws_iam_user"}).targets
}

# Trust statements that let people assume a role: Allow sts:AssumeRole for an account root,
# an IAM user or "*" (a role or service principal is not a person).
# A third party's account trusted with an sts:ExternalId condition is that party's service (the
# AWS pattern for vendor integrations), not a person.
human_trust_statements(state, role) := [s |
	some s in documents.by_id[documents.id(state, role)].statements
	s.effect == "Allow"
	_names_a_person(s)
	_assume_role(s)
	not _external_id(s)
]

_names_a_person(s) if {
	some p in s.aws_principals
	_person(p)
}

_external_id(s) if {
	some c in s.conditions
	c.key == "sts:externalid"
}

_person("*")

_person(p) if endswith(p, ":root")

_person(p) if contains(p, ":user/")

_person(p) if regex.match(`^[0-9]{12}$`, p)

_assume_role(s) if s.actions == null

_assume_role(s) if {
	some a in s.actions
	wildcard.match(a, "sts:assumerole")
}

_assume_role(s) if {
	some a in s.actions
	wildcard.too_complex(a)
}
