package bulkhead.rules.bh004_human_without_mfa_test

import data.bulkhead.lib.fixtures_test as fx
import data.bulkhead.rules.bh004_human_without_mfa as rule

_findings(changes) := findings if {
	findings := rule.findings with input as fx.plan(changes)
}

_verdicts(changes) := {[f.address, f.verdict, f.status] | some f in _findings(changes)}

_alice := fx.create("aws_iam_user", "alice", {"name": "alice"})

_console(user) := fx.create("aws_iam_user_login_profile", user, {"user": user})

_key(user) := fx.create("aws_iam_access_key", user, {"user": user})

_member(user) := fx.create("aws_iam_user_group_membership", user, {"user": user, "groups": ["humans"]})

_humans := fx.create("aws_iam_group", "humans", {"name": "humans"})

_gate(op) := fx.create("aws_iam_group_policy", "mfa", {"group": "humans", "name": "mfa", "policy": fx.policy([fx.mfa_gate(op)])})

_alice_violation := {["aws_iam_user.alice", "violation", "new"]}

test_console_user_without_gate_fires if {
	_verdicts([_alice, _console("alice")]) == _alice_violation
}

test_finding_names_rule_and_user if {
	some f in _findings([_alice, _console("alice")])
	f.ruleId == "BH004"
	f.severity == "high"
	f.principal == "alice"
	f.evidence == []
}

test_console_user_in_gated_group_does_not_fire if {
	count(_findings([_alice, _console("alice"), _humans, _member("alice"), _gate("BoolIfExists")])) == 0
}

test_console_only_gate_still_counts_for_people if {
	count(_findings([_alice, _console("alice"), _humans, _member("alice"), _gate("Bool")])) == 0
}

test_group_member_without_key_fires if {
	_verdicts([_alice, _humans, _member("alice")]) == _alice_violation
}

test_group_member_with_key_is_a_workload if {
	count(_findings([_alice, _humans, _member("alice"), _key("alice")])) == 0
}

test_console_user_with_key_is_a_person if {
	_verdicts([_alice, _console("alice"), _key("alice")]) == _alice_violation
}

test_user_without_console_or_group_is_not_a_person if {
	count(_findings([_alice])) == 0
}

test_unknown_gate_policy_is_unknown if {
	unknown := fx.create("aws_iam_group_policy", "mfa", {"group": "humans", "name": "mfa", "policy": fx.unknown(["var.policy"])})
	_verdicts([_alice, _console("alice"), _humans, _member("alice"), unknown]) == {["aws_iam_user.alice", "unknown", "new"]}
}

test_existing_console_user_is_existing if {
	_verdicts([
		fx.noop("aws_iam_user", "alice", {"name": "alice"}),
		fx.noop("aws_iam_user_login_profile", "alice", {"user": "alice"}),
	]) == {["aws_iam_user.alice", "violation", "existing"]}
}

# --- roles ---------------------------------------------------------------------------------------

_trust(principal, extra) := fx.policy([object.union(
	{"Sid": "Assume", "Effect": "Allow", "Action": "sts:AssumeRole", "Principal": principal},
	extra,
)])

_role(principal, extra) := fx.create("aws_iam_role", "r", {"name": "r", "assume_role_policy": _trust(principal, extra)})

_mfa := {"Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}

_role_violation := {["aws_iam_role.r", "violation", "new"]}

test_role_trusting_account_root_without_mfa_fires if {
	_verdicts([_role({"AWS": "arn:aws:iam::123456789012:root"}, {})]) == _role_violation
}

test_role_trusting_account_id_user_or_star_fires if {
	_verdicts([_role({"AWS": "123456789012"}, {})]) == _role_violation
	_verdicts([_role({"AWS": "arn:aws:iam::123456789012:user/alice"}, {})]) == _role_violation
	_verdicts([_role({"AWS": "*"}, {})]) == _role_violation
	_verdicts([_role("*", {})]) == _role_violation
}

test_role_trust_evidence_names_the_statement if {
	some f in _findings([_role({"AWS": "arn:aws:iam::123456789012:root"}, {})])
	f.evidence == [{"grants": "trust", "policy": "aws_iam_role.r", "statement": "Assume", "state": "after"}]
}

test_role_trust_with_mfa_does_not_fire if {
	count(_findings([_role({"AWS": "arn:aws:iam::123456789012:root"}, _mfa)])) == 0
}

test_role_trusting_service_or_role_does_not_fire if {
	count(_findings([fx.create("aws_iam_role", "r", fx.role("r"))])) == 0
	count(_findings([_role({"AWS": "arn:aws:iam::123456789012:role/ci"}, {})])) == 0
}

test_trust_for_other_actions_does_not_fire if {
	count(_findings([_role({"AWS": "arn:aws:iam::123456789012:root"}, {"Action": "sts:TagSession"})])) == 0
}

_root_trust(extra) := {"name": "r", "assume_role_policy": _trust({"AWS": "arn:aws:iam::123456789012:root"}, extra)}

test_role_open_before_is_existing if {
	_verdicts([fx.noop("aws_iam_role", "r", _root_trust({}))]) == {["aws_iam_role.r", "violation", "existing"]}
}

test_role_guarded_before_is_new if {
	_verdicts([fx.update("aws_iam_role", "r", _root_trust(_mfa), _root_trust({}))]) == _role_violation
}

# IfExists forms hold for requests without the MFA key (long-term access keys): not MFA.
test_role_trust_with_if_exists_mfa_fires if {
	root := {"AWS": "arn:aws:iam::123456789012:root"}
	every condition in [
		{"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}},
		{"NumericLessThanIfExists": {"aws:MultiFactorAuthAge": "3600"}},
	] {
		_verdicts([_role(root, {"Condition": condition})]) == _role_violation
	}
	some f in _findings([_role(root, {"Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}})])
	contains(f.message, "IfExists")
}

test_role_weakened_to_if_exists_before_is_existing if {
	weak := {"Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}}
	_verdicts([fx.noop("aws_iam_role", "r", _root_trust(weak))]) == {["aws_iam_role.r", "violation", "existing"]}
}

test_role_trust_unknown_until_apply_is_unknown if {
	changes := [fx.create("aws_iam_role", "r", {"name": "r", "assume_role_policy": fx.unknown(["aws_iam_user.alice.arn"])})]
	_verdicts(changes) == {["aws_iam_role.r", "unknown", "new"]}
	some f in _findings(changes)
	contains(f.message, "trust policy is unknown until apply")
	f.evidence[0].grants == "unknown"
}

test_role_trust_not_json_is_unknown if {
	_verdicts([fx.create("aws_iam_role", "r", {"name": "r", "assume_role_policy": "{not json"})]) == {["aws_iam_role.r", "unknown", "new"]}
}

# Every example of examples/bad fires with a violation, every example of examples/good gives no
# finding (the examples are staged at data.examples by scripts/test-policy.sh).
test_bad_examples_fire if {
	count(data.examples.bh004_human_without_mfa.bad) > 0
	every plan in data.examples.bh004_human_without_mfa.bad {
		_example_verdicts(plan) & {"violation"} == {"violation"}
	}
}

test_good_examples_do_not_fire if {
	count(data.examples.bh004_human_without_mfa.good) > 0
	every plan in data.examples.bh004_human_without_mfa.good {
		_example_verdicts(plan) == set()
	}
}

_example_verdicts(plan) := {f.verdict | some f in findings} if {
	findings := rule.findings with input as plan
}
