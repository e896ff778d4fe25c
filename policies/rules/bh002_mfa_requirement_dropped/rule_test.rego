package bulkhead.rules.bh002_mfa_requirement_dropped_test

import data.bulkhead.lib.fixtures_test as fx
import data.bulkhead.rules.bh002_mfa_requirement_dropped as rule

_verdicts(changes) := {[f.address, f.verdict] | some f in findings} if {
	findings := rule.findings with input as fx.plan(changes)
}

_gate_policy(op) := {"name": "force-mfa", "arn": "arn:aws:iam::123456789012:policy/force-mfa", "policy": fx.policy([fx.mfa_gate(op)])}

_attachment := {"group": "humans", "policy_arn": "arn:aws:iam::123456789012:policy/force-mfa"}

_humans := [
	fx.noop("aws_iam_group", "humans", {"name": "humans"}),
	fx.noop("aws_iam_user", "alice", {"name": "alice"}),
	fx.noop("aws_iam_user_group_membership", "m", {"user": "alice", "groups": ["humans"]}),
]

_both := {["aws_iam_group.humans", "violation"], ["aws_iam_user.alice", "violation"]}

test_detached_gate_fires_for_group_and_member if {
	_verdicts(array.concat(_humans, [
		fx.noop("aws_iam_policy", "mfa", _gate_policy("BoolIfExists")),
		fx.delete("aws_iam_group_policy_attachment", "mfa", _attachment),
	])) == _both
}

test_gate_kept_does_not_fire if {
	count(_verdicts(array.concat(_humans, [
		fx.noop("aws_iam_policy", "mfa", _gate_policy("BoolIfExists")),
		fx.noop("aws_iam_group_policy_attachment", "mfa", _attachment),
	]))) == 0
}

test_bool_if_exists_to_bool_fires if {
	_verdicts(array.concat(_humans, [
		fx.update("aws_iam_policy", "mfa", _gate_policy("BoolIfExists"), _gate_policy("Bool")),
		fx.noop("aws_iam_group_policy_attachment", "mfa", _attachment),
	])) == _both
}

test_gate_policy_unknown_after_is_unknown if {
	unknown := {"name": "force-mfa", "arn": "arn:aws:iam::123456789012:policy/force-mfa", "policy": fx.unknown(["var.policy"])}
	_verdicts(array.concat(_humans, [
		fx.update("aws_iam_policy", "mfa", _gate_policy("BoolIfExists"), unknown),
		fx.noop("aws_iam_group_policy_attachment", "mfa", _attachment),
	])) == {["aws_iam_group.humans", "unknown"], ["aws_iam_user.alice", "unknown"]}
}

test_deleted_group_does_not_fire if {
	count(_verdicts([
		fx.delete("aws_iam_group", "humans", {"name": "humans"}),
		fx.delete("aws_iam_policy", "mfa", _gate_policy("BoolIfExists")),
		fx.delete("aws_iam_group_policy_attachment", "mfa", _attachment),
	])) == 0
}

test_user_removed_from_gated_group_fires_for_user if {
	_verdicts([
		fx.noop("aws_iam_group", "humans", {"name": "humans"}),
		fx.noop("aws_iam_user", "alice", {"name": "alice"}),
		fx.delete("aws_iam_user_group_membership", "m", {"user": "alice", "groups": ["humans"]}),
		fx.noop("aws_iam_policy", "mfa", _gate_policy("BoolIfExists")),
		fx.noop("aws_iam_group_policy_attachment", "mfa", _attachment),
	]) == {["aws_iam_user.alice", "violation"]}
}

_trust(condition) := fx.policy([object.union(
	{"Sid": "Humans", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"},
	condition,
)])

_role_update(before_condition, after_condition) := fx.update(
	"aws_iam_role", "admin",
	{"name": "admin", "assume_role_policy": _trust(before_condition)},
	{"name": "admin", "assume_role_policy": _trust(after_condition)},
)

_mfa := {"Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}

_age(n) := {"Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": n}}}

test_trust_policy_losing_mfa_fires if {
	_verdicts([_role_update(_mfa, {})]) == {["aws_iam_role.admin", "violation"]}
}

test_trust_policy_bool_to_bool_if_exists_fires if {
	weak := {"Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}}
	_verdicts([_role_update(_mfa, weak)]) == {["aws_iam_role.admin", "violation"]}
}

test_stricter_age_does_not_fire if {
	count(_verdicts([_role_update(_age("3600"), _age("1800"))])) == 0
}

test_longer_age_fires if {
	_verdicts([_role_update(_age("1800"), _age("43200"))]) == {["aws_iam_role.admin", "violation"]}
}

test_new_trust_statement_without_mfa_fires if {
	before := {"name": "admin", "assume_role_policy": _trust(_mfa)}
	other := {"Sid": "Partner", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999999999999:root"}, "Action": "sts:AssumeRole"}
	after := {"name": "admin", "assume_role_policy": fx.policy([object.union(json.unmarshal(_trust(_mfa)).Statement[0], {}), other])}
	_verdicts([fx.update("aws_iam_role", "admin", before, after)]) == {["aws_iam_role.admin", "violation"]}
}

_versioning(state) := {"bucket": "b", "versioning_configuration": [{"status": "Enabled", "mfa_delete": state}]}

test_s3_mfa_delete_switched_off_fires if {
	_verdicts([fx.update("aws_s3_bucket_versioning", "b", _versioning("Enabled"), _versioning("Disabled"))]) == {[
		"aws_s3_bucket_versioning.b",
		"violation",
	]}
}

test_cognito_mfa_unknown_after_is_unknown if {
	before := {"name": "users", "mfa_configuration": "ON"}
	after := {"name": "users", "mfa_configuration": fx.unknown(["var.mfa"])}
	_verdicts([fx.update("aws_cognito_user_pool", "users", before, after)]) == {["aws_cognito_user_pool.users", "unknown"]}
}

test_policy_unknown_after_is_unknown if {
	before := {"name": "p", "policy": fx.policy([object.union_n([fx.allow("ec2:*", "*"), {"Sid": "Ops"}, _mfa])])}
	after := {"name": "p", "policy": fx.unknown(["var.policy"])}
	_verdicts([fx.update("aws_iam_policy", "p", before, after)]) == {["aws_iam_policy.p", "unknown"]}
}

# Every example of examples/bad fires with a violation, every example of examples/good gives no
# finding (the examples are staged at data.examples by scripts/test-policy.sh).
test_bad_examples_fire if {
	count(data.examples.bh002_mfa_requirement_dropped.bad) > 0
	every plan in data.examples.bh002_mfa_requirement_dropped.bad {
		_example_verdicts(plan) & {"violation"} == {"violation"}
	}
}

test_good_examples_do_not_fire if {
	count(data.examples.bh002_mfa_requirement_dropped.good) > 0
	every plan in data.examples.bh002_mfa_requirement_dropped.good {
		_example_verdicts(plan) == set()
	}
}

_example_verdicts(plan) := {f.verdict | some f in findings} if {
	findings := rule.findings with input as plan
}

# --- principals outside the plan, -target plans --------------------------------------------------

test_existing_user_outside_the_plan_removed_from_gated_group_fires if {
	_verdicts([
		fx.noop("aws_iam_group", "humans", {"name": "humans"}),
		fx.noop("aws_iam_policy", "mfa", _gate_policy("BoolIfExists")),
		fx.noop("aws_iam_group_policy_attachment", "mfa", _attachment),
		fx.delete("aws_iam_user_group_membership", "m", {"user": "bob", "groups": ["humans"]}),
	]) == {[`aws_iam_user "bob" (outside the plan)`, "violation"]}
}

test_gate_detached_from_a_group_outside_the_plan_fires if {
	_verdicts([
		fx.noop("aws_iam_policy", "mfa", _gate_policy("BoolIfExists")),
		fx.delete("aws_iam_group_policy_attachment", "mfa", {"group": "admins", "policy_arn": "arn:aws:iam::123456789012:policy/force-mfa"}),
	]) == {[`aws_iam_group "admins" (outside the plan)`, "violation"]}
}

test_targeted_change_stripping_the_gate_of_an_untouched_group_fires if {
	prior := [
		{"address": "aws_iam_group.humans", "mode": "managed", "type": "aws_iam_group", "name": "humans", "values": {"name": "humans"}},
		{"address": "aws_iam_group_policy_attachment.mfa", "mode": "managed", "type": "aws_iam_group_policy_attachment", "name": "mfa", "values": _attachment},
	]
	inp := object.union(
		fx.plan([fx.update("aws_iam_policy", "mfa", _gate_policy("BoolIfExists"), object.union(_gate_policy("BoolIfExists"), {"policy": fx.policy([fx.allow("s3:GetObject", "*")])}))]),
		{"prior_state": {"values": {"root_module": {"resources": prior}}}},
	)
	findings := rule.findings with input as inp
	{[f.address, f.verdict] | some f in findings} == {["aws_iam_group.humans", "violation"]}
}
