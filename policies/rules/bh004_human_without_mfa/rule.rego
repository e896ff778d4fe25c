# METADATA
# title: Human principal without MFA
# description: |
#   A person can act without a second factor: a console user, or a user in a group without an
#   access key, that no force-MFA Deny reaches; or a role whose trust policy lets an account
#   root, an IAM user or anyone assume it without an MFA condition. One phished password is
#   then a working credential.
# custom:
#   id: BH004
#   severity: high
#   enforcement: soft-mandatory
#   fix: |
#     Put every person in a group that has the force-MFA policy (Deny all but MFA set-up with
#     BoolIfExists aws:MultiFactorAuthPresent false); give human-assumable roles a trust policy
#     with Bool aws:MultiFactorAuthPresent true and NumericLessThan aws:MultiFactorAuthAge.
package bulkhead.rules.bh004_human_without_mfa

import data.bulkhead.lib.mfa
import data.bulkhead.lib.model
import data.bulkhead.lib.plan
import data.bulkhead.lib.result

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

_user_message(verdict, u) := sprintf(_user_messages[verdict], [result.principal_name(u)])

_user_messages := {
	"violation": "%s is a person no force-MFA policy reaches: a stolen password is enough to act as them",
	"unknown": "%s is a person no known force-MFA policy reaches; only policies unknown until apply could",
}

_user_status(u) := "existing" if {
	mfa.is_human("before", u)
	mfa.gate("before", u).level == 0
} else := "new"

_role_findings contains result.finding(rego.metadata.chain(), facts) if {
	some r in plan.index(plan.by_type, "after", "aws_iam_role")
	open := [s | some s in mfa.human_trust_statements("after", r); mfa.condition(s).level == 0]
	count(open) > 0
	facts := {
		"verdict": "violation",
		"status": _role_status(r),
		"address": r,
		"message": sprintf("people can assume %s without MFA (trust statement %s)", [
			result.principal_name(r),
			concat(", ", sort([s.sid | some s in open])),
		]),
		"evidence": [{"grants": "trust", "policy": r, "statement": s.sid, "state": "after"} | some s in open],
	}
}

_role_status(r) := "existing" if {
	some s in mfa.human_trust_statements("before", r)
	mfa.condition(s).level == 0
} else := "new"
