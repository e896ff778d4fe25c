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

# The gate on a user or group: {"level": known level, "possible": the level it may have once
# unknown documents are known, "statements": the gating statements}.
gate(state, p) := {
	"level": max(array.concat([0], [g.level | some g in gates])),
	"possible": _possible(edges, gates),
	"statements": sort(gates),
} if {
	edges := model.identity_edges(state, p)
	gates := [{"level": level, "policy": e.label, "statement": s.sid, "via": e.via} |
		some e in edges
		not e.uncertain
		some s in documents.by_id[e.doc].statements
		not s.uncertain == true
		iam.denies_all_but_bootstrap(s)
		level := iam.deny_mfa_level(s)
		level > 0
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
