# METADATA
# title: Human principal without MFA
# description: |
#   A person can act without a second factor: a console user, or a user in a group without an
#   access key, that no force-MFA Deny reaches; or a role whose trust policy lets an account
#   root, an IAM user or anyone assume it without a strict MFA condition (an IfExists form lets
#   long-term access keys through). One phished password is then a working credential.
# custom:
#   id: BH004
#   severity: high
#   enforcement: soft-mandatory
#   fix: |
#     Put every person in a group that has the force-MFA policy (Deny all but MFA set-up with
#     BoolIfExists aws:MultiFactorAuthPresent false); give human-assumable roles a trust policy
#     with Bool aws:MultiFactorAuthPresent true and NumericLessThan aws:MultiFactorAuthAge.
package bulkhead.rules.bh004_human_without_mfa

import data.bulkhead.lib.documents
import data.bulkhead.lib.mfa
import data.bulkhead.lib.model
import data.bulkhead.lib.plan
import data.bulkhead.lib.result
import data.bulkhead.lib.util

info := result.info(rego.metadata.chain())

findings := _user_findings | _role_findings

_user_findings contains result.finding(rego.metadata.chain(), facts) if {
	some u in mfa.human_users("after")
	gate := mfa.gate("after", u)
	gate.level == 0
	verdict := _verdict(gate.possible)
	facts := {
		"verdict": verdict,
		"status": _user_status(u),
		"address": u,
		"message": _user_message(verdict, u),
		"evidence": [object.union(e, {"state": "after"}) | verdict == "unknown"; some e in model.unknown_documents("after", u)],
	}
}

_verdict(0) := "violation"

_verdict(possible) := "unknown" if possible > 0

_user_message(verdict, u) := util.format(_user_messages[verdict], [result.principal_name(u)])

_user_messages := {
	"violation": "%s is a person no force-MFA policy reaches: a stolen password is enough to act as them",
	"unknown": "%s is a person no known force-MFA policy reaches; only policies unknown until apply could",
}

_user_status(u) := "existing" if {
	mfa.is_human("before", u)
	mfa.gate("before", u).level == 0
} else := "new"

# Roles: a trust statement that lets people assume the role without MFA: none, or only an
# IfExists form (BoolIfExists aws:MultiFactorAuthPresent true holds for a request signed with a
# long-term access key, which carries no MFA key at all). A trust policy unknown until apply, or
# a statement for people whose other parts are, may be open: verdict unknown.
_role_findings contains result.finding(rego.metadata.chain(), facts) if {
	some r in plan.index(plan.by_type, "after", "aws_iam_role")
	open := _open_statements("after", r)
	certain := [s | some s in open; not s.uncertain == true]
	verdict := _role_verdict(certain, open, _trust_unknown("after", r))
	facts := {
		"verdict": verdict,
		"status": _role_status(r),
		"address": r,
		"message": _role_message(verdict, r, certain, open),
		"evidence": _role_evidence(verdict, r, certain, open),
	}
}

_open_statements(state, r) := [s |
	some s in mfa.human_trust_statements(state, r)
	mfa.condition(s).level < 2
]

# The role's trust policy cannot be read (unknown until apply, or not JSON).
_trust_unknown(state, r) if {
	documents.by_id[documents.id(state, r)].known == false
} else := false

_role_verdict(certain, _, _) := "violation" if count(certain) > 0

_role_verdict(certain, open, _) := "unknown" if {
	count(certain) == 0
	some s in open
	s.uncertain == true
}

_role_verdict(certain, open, true) := "unknown" if {
	count(certain) == 0
	count(open) == 0
}

_role_message("violation", r, certain, _) := util.format("people can assume %s without MFA (trust statement %s)%s", [
	result.principal_name(r),
	_sids(certain),
	_weak_note(certain),
])

_role_message("unknown", r, _, open) := util.format("people may be able to assume %s without MFA: %s", [
	result.principal_name(r),
	_unknown_reason(open),
])

_unknown_reason(open) := util.format("trust statement %s has parts unknown until apply", [_sids(open)]) if count(open) > 0

else := "its trust policy is unknown until apply"

_sids(statements) := concat(", ", sort([s.sid | some s in statements]))

_weak_note(statements) := concat("", [
	": an IfExists MFA condition holds for requests without the MFA key, ",
	"as those signed with a long-term access key",
]) if {
	some s in statements
	mfa.condition(s).level == 1
} else := ""

_role_evidence("violation", r, certain, _) := [{"grants": "trust", "policy": r, "statement": s.sid, "state": "after"} | some s in certain]

_role_evidence("unknown", r, _, open) := [{
	"grants": "trust", "policy": r, "statement": s.sid, "state": "after",
	"reason": "parts of the statement are unknown until apply",
} |
	some s in open
] if count(open) > 0

else := [{"grants": "unknown", "policy": r, "state": "after", "reason": documents.by_id[documents.id("after", r)].reason}]

_role_status(r) := "existing" if {
	count(_open_statements("before", r)) > 0
} else := "new"
