# METADATA
# title: MFA requirements
# description: |
#   The MFA requirements a state holds: force-MFA gates reaching users and groups, MFA
#   conditions on Allow statements (identity, trust and resource policies), S3 MFA delete and
#   Cognito MFA. Gate strength: 2 = denies requests without MFA whatever the credential,
#   1 = long-term access keys pass (Bool instead of BoolIfExists), 0 = no gate.
package bulkhead.lib.mfa

import data.bulkhead.lib.iam
import data.bulkhead.lib.model

# The gate on a user or group: {"level": known level, "possible": the level it may have once
# unknown documents are known, "statements": the gating statements}.
gate(state, p) := {
	"level": max(array.concat([0], [g.level | some g in gates])),
	"possible": _possible(edges, gates),
	"statements": gates,
} if {
	edges := model.identity_edges(state, p)
	gates := [{"level": level, "policy": e.label, "statement": s.sid, "via": e.via} |
		some e in edges
		not e.uncertain
		some s in model.documents[e.doc].statements
		not object.get(s, "uncertain", false)
		iam.denies_all_but_bootstrap(s)
		level := iam.deny_mfa_level(s)
		level > 0
	]
}

_possible(edges, _) := 2 if _any_unreadable(edges)

_possible(edges, gates) := max(array.concat([0], [g.level | some g in gates])) if {
	not _any_unreadable(edges)
}

_any_unreadable(edges) if {
	some e in edges
	_unreadable(e)
}

_unreadable(e) if e.uncertain

_unreadable(e) if not model.analysis[e.doc]

_unreadable(e) if {
	some s in model.documents[e.doc].statements
	object.get(s, "uncertain", false)
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
