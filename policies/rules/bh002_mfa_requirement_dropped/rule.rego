# METADATA
# title: MFA requirement dropped
# description: |
#   An MFA requirement that held before this plan no longer holds after it, for something that
#   still exists: a user or group no longer reached by a force-MFA Deny (or reached by a weaker
#   one), an Allow statement that keeps granting but lost or weakened its MFA condition (in an
#   identity, trust or resource policy), a trust policy whose AWS principals all needed MFA and
#   one no longer does, S3 MFA delete or Cognito MFA switched off.
# custom:
#   id: BH002
#   severity: critical
#   enforcement: hard-mandatory
#   fix: |
#     Keep the MFA requirement: restore the force-MFA policy on the user or group (Deny with
#     BoolIfExists aws:MultiFactorAuthPresent false), or the Bool aws:MultiFactorAuthPresent
#     true / NumericLessThan aws:MultiFactorAuthAge condition on the statement, or MFA delete.
#     If the requirement moved, make sure the new one reaches the same principals.
package bulkhead.rules.bh002_mfa_requirement_dropped

import data.bulkhead.lib.documents
import data.bulkhead.lib.iam
import data.bulkhead.lib.mfa
import data.bulkhead.lib.model
import data.bulkhead.lib.plan
import data.bulkhead.lib.result
import data.bulkhead.lib.util

info := result.info(rego.metadata.chain())

findings := (_gate_findings | _condition_findings) | (_trust_findings | _switch_findings)

# --- force-MFA gates on users and groups -------------------------------------------------------

_gate_findings contains result.finding(rego.metadata.chain(), facts) if {
	some p in model.principals("after")
	plan.instances.after[p].type in {"aws_iam_user", "aws_iam_group"}
	model.is_principal("before", p)
	before := mfa.gate("before", p)
	before.level > 0
	after := mfa.gate("after", p)
	after.level < before.level
	verdict := _verdict(after.possible < before.level)
	facts := {
		"verdict": verdict,
		"status": "new",
		"address": p,
		"message": _gate_message(verdict, p, after),
		"evidence": array.flatten([
			[object.union(g, {"state": "before", "grants": "mfa-gate"}) | some g in before.statements],
			[object.union(g, {"state": "after", "grants": "mfa-gate"}) | some g in after.statements],
			[object.union(u, {"state": "after"}) | verdict == "unknown"; some u in model.unknown_documents("after", p)],
		]),
	}
}

_verdict(true) := "violation"

_verdict(false) := "unknown"

_gate_message("violation", p, after) := util.format(_gate_messages[after.level], [result.principal_name(p)])

_gate_message("unknown", p, _) := util.format(_gate_messages.unknown, [result.principal_name(p)])

_gate_messages := {
	0: "%s is no longer forced to use MFA: no Deny-without-MFA statement reaches it any more",
	1: concat(" ", [
		"%s is forced to use MFA only on the console now: its Deny-without-MFA statement uses Bool",
		"instead of BoolIfExists, so long-term access keys pass without MFA",
	]),
	"unknown": concat(" ", [
		"%s may no longer be forced to use MFA: the Deny-without-MFA statement that reached it is gone,",
		"and only policies unknown until apply could restore it",
	]),
}

# --- MFA conditions on Allow statements --------------------------------------------------------

_condition_findings contains result.finding(rego.metadata.chain(), facts) if {
	some id, doc in documents.by_id
	doc.state == "before"
	doc.known
	plan.instances.after[doc.address]
	after_doc := documents.by_id[concat(":", ["after", substring(id, count("before:"), -1)])]
	some sb in doc.statements
	sb.effect == "Allow"
	before := mfa.condition(sb)
	before.level > 0
	some outcome in _outcomes(sb, before, after_doc)
	facts := {
		"verdict": outcome.verdict,
		"status": "new",
		"address": doc.address,
		"message": outcome.message,
		"evidence": [
			{"state": "before", "grants": "mfa-condition", "policy": doc.label, "statement": sb.sid},
			object.union({"state": "after", "policy": after_doc.label}, outcome.evidence),
		],
	}
}

_outcomes(sb, _, after_doc) := [{
	"verdict": "unknown",
	"message": util.format(
		"statement %s of %s required MFA; the policy is unknown until apply, so it may no longer",
		[sb.sid, after_doc.label],
	),
	"evidence": {"grants": "unknown", "reason": after_doc.reason},
}] if not after_doc.known

_outcomes(sb, before, after_doc) := [{
	"verdict": "violation",
	"message": util.format("statement %s of %s still grants %s but %s", [sa.sid, after_doc.label, _actions_of(sa), _weakening(before, after)]),
	"evidence": {"grants": "mfa-condition", "statement": sa.sid},
} |
	some sa in after_doc.statements
	sa.effect == "Allow"
	_paired(sb, sa, after_doc.statements)
	after := mfa.condition(sa)
	mfa.weaker(before, after)
] if after_doc.known

# BEFORE and AFTER statements pair by Sid, else (no AFTER statement keeps the Sid: it was
# renamed or removed) by Effect + actions + resources.
_paired(sb, sa, _) if {
	not startswith(sb.sid, "#")
	sa.sid == sb.sid
}

_paired(sb, sa, after) if {
	not _sid_kept(sb, after)
	iam.shape(sa) == iam.shape(sb)
}

_sid_kept(sb, after) if {
	not startswith(sb.sid, "#")
	some s in after
	s.sid == sb.sid
}

_weakening(_, after) := "no longer requires MFA" if after.level == 0

_weakening(before, after) := concat(" ", [
	"its MFA condition now uses an IfExists operator,",
	"which requests without MFA information (long-term access keys) satisfy",
]) if {
	after.level == 1
	before.level == 2
}

_weakening(before, after) := util.format(
	"accepts older MFA sessions now (aws:MultiFactorAuthAge %s instead of %s)",
	[_age(after.age), _age(before.age)],
) if {
	after.level == before.level
}

_age(null) := "unlimited"

_age(n) := format_int(n, 10) if n != null

_actions_of(s) := concat(", ", s.actions) if s.actions != null

else := concat("", ["every action but ", concat(", ", s.not_actions)])

# --- trust policies: a new AWS-principal statement without MFA -------------------------------

_trust_findings contains result.finding(rego.metadata.chain(), facts) if {
	some p in plan.index(plan.by_type, "after", "aws_iam_role")
	before_doc := documents.by_id[concat(":", ["before", p])]
	after_doc := documents.by_id[concat(":", ["after", p])]
	before_doc.known
	after_doc.known
	aws_before := [s | some s in before_doc.statements; s.effect == "Allow"; s.aws_principal]
	count(aws_before) > 0
	every s in aws_before {
		mfa.condition(s).level > 0
	}
	some sa in after_doc.statements
	sa.effect == "Allow"
	sa.aws_principal
	mfa.condition(sa).level == 0
	not _has_pair(sa, aws_before, after_doc.statements)
	facts := {
		"verdict": "violation",
		"status": "new",
		"address": p,
		"message": util.format(
			"every AWS principal had to use MFA to assume %s; new trust statement %s lets one assume it without MFA",
			[result.principal_name(p), sa.sid],
		),
		"evidence": [{"state": "after", "grants": "trust", "policy": after_doc.label, "statement": sa.sid}],
	}
}

_has_pair(sa, before, after) if {
	some sb in before
	_paired(sb, sa, after)
}

# --- switches: S3 MFA delete, Cognito MFA ------------------------------------------------------

_switches := {
	"aws_s3_bucket_versioning": {"attr": "versioning_configuration", "field": "mfa_delete", "on": "Enabled", "what": "S3 MFA delete"},
	"aws_s3_bucket": {"attr": "versioning", "field": "mfa_delete", "on": true, "what": "S3 MFA delete"},
	"aws_cognito_user_pool": {"attr": "mfa_configuration", "field": "", "on": "ON", "what": "Cognito user pool MFA"},
}

_switch_findings contains result.finding(rego.metadata.chain(), facts) if {
	some type, switch in _switches
	some a in plan.index(plan.by_type, "before", type)
	_switched_on(plan.instances.before[a], switch)
	after := plan.instances.after[a]
	not _switched_on(after, switch)
	verdict := _switch_verdict(after, switch)
	facts := {
		"verdict": verdict,
		"status": "new",
		"address": a,
		"message": _switch_message(verdict, a, switch),
		"evidence": [{"state": "after", "grants": "mfa-switch", "policy": a, "statement": switch.attr}],
	}
}

_switched_on(inst, switch) if _switch_value(inst, switch) == switch.on

_switch_value(inst, switch) := inst.values[switch.attr] if switch.field == ""

_switch_value(inst, switch) := inst.values[switch.attr][0][switch.field] if switch.field != ""

_switch_verdict(after, switch) := "unknown" if plan.is_unknown(after, switch.attr)

else := "violation"

_switch_message("violation", a, switch) := util.format("%s is switched off on %s", [switch.what, result.principal_name(a)])

_switch_message("unknown", a, switch) := util.format("%s was on for %s and is unknown until apply", [switch.what, result.principal_name(a)])
