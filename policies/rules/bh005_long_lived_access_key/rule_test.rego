package bulkhead.rules.bh005_long_lived_access_key_test

import data.bulkhead.lib.fixtures_test as fx
import data.bulkhead.rules.bh005_long_lived_access_key as rule

_findings(changes) := findings if {
	findings := rule.findings with input as fx.plan(changes)
}

_verdicts(changes) := {[f.address, f.verdict, f.status] | some f in _findings(changes)}

_user := fx.create("aws_iam_user", "ci", {"name": "ci"})

_key(status) := {"user": "ci", "status": status}

test_new_active_key_fires if {
	_verdicts([_user, fx.create("aws_iam_access_key", "ci", _key("Active"))]) == {["aws_iam_access_key.ci", "violation", "new"]}
}

test_finding_names_the_user_and_the_key if {
	some f in _findings([_user, fx.create("aws_iam_access_key", "ci", _key("Active"))])
	f.ruleId == "BH005"
	f.severity == "medium"
	f.principal == "ci"
	f.evidence == [{"grants": "access-key", "policy": "aws_iam_access_key.ci", "via": "aws_iam_user.ci"}]
}

test_key_of_a_user_outside_the_plan_names_the_user if {
	some f in _findings([fx.create("aws_iam_access_key", "k", {"user": "vendor"})])
	f.principal == "vendor"
	f.evidence[0].via == `aws_iam_user "vendor" (outside the plan)`
}

test_key_joined_by_reference_names_the_user if {
	key := fx.create("aws_iam_access_key", "ci", {"user": fx.unknown(["aws_iam_user.ci.name", "aws_iam_user.ci"])})
	some f in _findings([_user, key])
	f.principal == "ci"
}

test_inactive_key_does_not_fire if {
	count(_findings([_user, fx.create("aws_iam_access_key", "ci", _key("Inactive"))])) == 0
	count(_findings([_user, fx.update("aws_iam_access_key", "ci", _key("Active"), _key("Inactive"))])) == 0
}

test_deleted_key_does_not_fire if {
	count(_findings([_user, fx.delete("aws_iam_access_key", "ci", _key("Active"))])) == 0
}

test_key_active_before_is_existing if {
	kept := fx.noop("aws_iam_access_key", "ci", _key("Active"))
	_verdicts([_user, kept]) == {["aws_iam_access_key.ci", "violation", "existing"]}
}

test_key_inactive_before_is_new if {
	reactivated := fx.update("aws_iam_access_key", "ci", _key("Inactive"), _key("Active"))
	_verdicts([_user, reactivated]) == {["aws_iam_access_key.ci", "violation", "new"]}
}

test_key_status_unknown_is_unknown if {
	key := fx.create("aws_iam_access_key", "ci", {"user": "ci", "status": fx.unknown(["aws_cloudformation_stack.rotation.outputs"])})
	_verdicts([_user, key]) == {["aws_iam_access_key.ci", "unknown", "new"]}
	some f in _findings([_user, key])
	contains(f.message, "status is unknown until apply")
	f.evidence[0].reason == "status unknown until apply"
}

# Every example of examples/bad fires with a violation, every example of examples/good gives no
# finding (the examples are staged at data.examples by scripts/test-policy.sh).
test_bad_examples_fire if {
	count(data.examples.bh005_long_lived_access_key.bad) > 0
	every plan in data.examples.bh005_long_lived_access_key.bad {
		_example_verdicts(plan) & {"violation"} == {"violation"}
	}
}

test_good_examples_do_not_fire if {
	count(data.examples.bh005_long_lived_access_key.good) > 0
	every plan in data.examples.bh005_long_lived_access_key.good {
		_example_verdicts(plan) == set()
	}
}

_example_verdicts(plan) := {f.verdict | some f in findings} if {
	findings := rule.findings with input as plan
}
