package bulkhead.lib.plan_test

import data.bulkhead.lib.fixtures_test as fx
import data.bulkhead.lib.model
import data.bulkhead.lib.plan

_rc(module, type, name, index, after, unknown) := {
	"address": concat("", [module, _dot(module), type, ".", name, index]),
	"module_address": module,
	"mode": "managed", "type": type, "name": name,
	"change": {"actions": ["create"], "before": null, "after": after, "after_unknown": unknown},
}

_dot("") := ""

_dot(m) := "." if m != ""

_admin := json.marshal({"Statement": [{"Effect": "Allow", "Action": ["iam:*", "rds:DeleteDBSnapshot"], "Resource": "*"}]})

# Two module instances (count = 2), each with a role and a policy attached by reference.
_module_plan := {
	"format_version": "1.2",
	"resource_changes": [
		_rc("module.team[0]", "aws_iam_role", "r", "", {"name": "team-0"}, {}),
		_rc("module.team[1]", "aws_iam_role", "r", "", {"name": "team-1"}, {}),
		_rc("module.team[0]", "aws_iam_policy", "p", "", {"name": "p0", "policy": _admin}, {"arn": true}),
		_rc("module.team[1]", "aws_iam_policy", "p", "", {"name": "p1", "policy": "{}"}, {"arn": true}),
		_rc("module.team[0]", "aws_iam_role_policy_attachment", "a", "", {}, {"role": true, "policy_arn": true}),
		_rc("module.team[1]", "aws_iam_role_policy_attachment", "a", "", {}, {"role": true, "policy_arn": true}),
	],
	"configuration": {"root_module": {"module_calls": {"team": {"module": {"resources": [
		{"address": "aws_iam_role.r", "mode": "managed", "type": "aws_iam_role", "name": "r", "expressions": {}},
		{"address": "aws_iam_policy.p", "mode": "managed", "type": "aws_iam_policy", "name": "p", "expressions": {"policy": {}}},
		{
			"address": "aws_iam_role_policy_attachment.a", "mode": "managed", "type": "aws_iam_role_policy_attachment", "name": "a",
			"expressions": {
				"role": {"references": ["aws_iam_role.r.name", "aws_iam_role.r"]},
				"policy_arn": {"references": ["aws_iam_policy.p.arn", "aws_iam_policy.p"]},
			},
		},
	]}}}}},
}

test_strip_keys if {
	plan.strip_keys("module.a[0].module.b[\"k\"]") == "module.a.module.b"
	plan.strip_keys("") == ""
}

test_references_join_within_the_same_module_instance if {
	perms := model.permissions("after", "module.team[0].aws_iam_role.r", "certain") with input as _module_plan
	count(perms.admin) > 0
	other := model.permissions("after", "module.team[1].aws_iam_role.r", "certain") with input as _module_plan
	other.admin == set()
}

_count_plan := {
	"format_version": "1.2",
	"resource_changes": [
		_rc("", "aws_iam_role", "r", "[0]", {"name": "r0"}, {}),
		_rc("", "aws_iam_role", "r", "[1]", {"name": "r1"}, {}),
		_rc("", "aws_iam_role_policy", "p", "", {"name": "p", "policy": _admin}, {"role": true}),
	],
	"configuration": {"root_module": {"resources": [{
		"address": "aws_iam_role_policy.p", "mode": "managed", "type": "aws_iam_role_policy", "name": "p",
		"expressions": {"role": {"references": ["aws_iam_role.r[1].name", "aws_iam_role.r[1]", "aws_iam_role.r"]}},
	}]}},
}

test_indexed_reference_pins_one_instance if {
	j := plan.join("after", plan.after_instances["aws_iam_role_policy.p"], "role", {"aws_iam_role"}) with input as _count_plan
	"aws_iam_role.r[1]" in j.targets
	not j.unresolved
}

_output_plan := {
	"format_version": "1.2",
	"resource_changes": [
		_rc("", "aws_iam_role", "r", "", {"name": "r"}, {}),
		_rc("module.pol", "aws_iam_policy", "p", "", {"name": "p", "policy": _admin}, {"arn": true}),
		_rc("", "aws_iam_role_policy_attachment", "a", "", {"role": "r"}, {"policy_arn": true}),
	],
	"configuration": {"root_module": {
		"resources": [{
			"address": "aws_iam_role_policy_attachment.a", "mode": "managed", "type": "aws_iam_role_policy_attachment", "name": "a",
			"expressions": {"role": {"constant_value": "r"}, "policy_arn": {"references": ["module.pol.arn", "module.pol"]}},
		}],
		"module_calls": {"pol": {"module": {
			"resources": [{"address": "aws_iam_policy.p", "mode": "managed", "type": "aws_iam_policy", "name": "p", "expressions": {}}],
			"outputs": {"arn": {"expression": {"references": ["aws_iam_policy.p.arn", "aws_iam_policy.p"]}}},
		}}},
	}},
}

test_module_output_reference_is_followed if {
	perms := model.permissions("after", "aws_iam_role.r", "certain") with input as _output_plan
	count(perms.admin) > 0
	count(perms.backup) > 0
}

test_data_sources_from_prior_state if {
	p := {
		"format_version": "1.2",
		"resource_changes": [],
		"prior_state": {"values": {"root_module": {"child_modules": [{"address": "module.m", "resources": [{
			"address": "module.m.data.aws_iam_policy_document.d", "mode": "data",
			"type": "aws_iam_policy_document", "name": "d", "values": {"json": "{}"},
		}]}]}}},
	}
	plan.after_instances["module.m.data.aws_iam_policy_document.d"].config == "module.m.data.aws_iam_policy_document.d" with input as p
}

# A no-op change leaves the resource as it is: its BEFORE is read from its AFTER, whether the
# plan repeats the object (Terraform) or not (the engine's pre-filter drops the copy).
test_noop_before_is_after if {
	values := {"name": "ops", "arn": "arn:aws:iam::123456789012:role/ops"}
	every c in [
		fx.noop("aws_iam_role", "ops", values),
		json.remove(fx.noop("aws_iam_role", "ops", values), ["change/before"]),
	] {
		plan.instances.before["aws_iam_role.ops"].values == values with input as fx.plan([c])
	}
}
