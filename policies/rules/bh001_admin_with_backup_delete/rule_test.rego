package bulkhead.rules.bh001_admin_with_backup_delete_test

import data.bulkhead.lib.fixtures_test as fx
import data.bulkhead.rules.bh001_admin_with_backup_delete as rule

_findings(changes) := findings if {
	findings := rule.findings with input as fx.plan(changes)
}

_verdicts(changes) := {[f.address, f.verdict, f.status] | some f in _findings(changes)}

_ops_violation := {["aws_iam_role.ops", "violation", "new"]}

_attach(name, arn) := fx.create("aws_iam_role_policy_attachment", name, {"role": "ops", "policy_arn": arn})

test_inline_role_policy_with_both_fires if {
	_verdicts([fx.ops, fx.ops_policy("p", [fx.allow(["iam:AttachRolePolicy", "ec2:DeleteSnapshot"], "*")])]) == _ops_violation
}

test_finding_names_principal_rule_and_both_statements if {
	some f in _findings([
		fx.ops,
		fx.ops_policy("admin", [fx.allow("iam:PutRolePolicy", "*")]),
		fx.ops_policy("backup", [fx.allow("backup:DeleteRecoveryPoint", "arn:aws:backup:*:*:recovery-point:*")]),
	])
	f.ruleId == "BH001"
	f.severity == "critical"
	f.principal == "ops"
	{[e.grants, e.policy] | some e in f.evidence} == {["admin", "aws_iam_role_policy.admin"], ["backup", "aws_iam_role_policy.backup"]}
}

test_admin_alone_does_not_fire if {
	count(_findings([fx.ops, fx.ops_policy("p", [fx.allow("iam:*", "*")])])) == 0
}

test_admin_on_one_role_only_is_not_admin if {
	count(_findings([fx.ops, fx.ops_policy("p", [
		fx.allow("iam:PutRolePolicy", "arn:aws:iam::123456789012:role/app"),
		fx.allow("ec2:DeleteSnapshot", "*"),
	])])) == 0
}

test_admin_on_every_role_is_admin if {
	_verdicts([fx.ops, fx.ops_policy("p", [
		fx.allow("iam:PutRolePolicy", "arn:aws:iam::123456789012:role/*"),
		fx.allow("ec2:DeleteSnapshot", "*"),
	])]) == _ops_violation
}

test_managed_policies_split_over_two_attachments_fire if {
	_verdicts([
		fx.ops,
		_attach("iam", "arn:aws:iam::aws:policy/IAMFullAccess"),
		_attach("backup", "arn:aws:iam::aws:policy/AWSBackupFullAccess"),
	]) == _ops_violation
}

test_power_user_is_not_admin if {
	count(_findings([fx.ops, _attach("pu", "arn:aws:iam::aws:policy/PowerUserAccess")])) == 0
}

test_unconditional_deny_removes_the_grant if {
	count(_findings([
		fx.ops,
		_attach("admin", "arn:aws:iam::aws:policy/AdministratorAccess"),
		fx.ops_policy("guard", [fx.deny(fx.all_backup_patterns, "*")]),
	])) == 0
}

test_conditional_deny_does_not_remove_the_grant if {
	conditional := object.union(fx.deny("*", "*"), {"Condition": {"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}}})
	count(_findings([
		fx.ops,
		_attach("admin", "arn:aws:iam::aws:policy/AdministratorAccess"),
		fx.ops_policy("guard", [conditional]),
	])) == 1
}

test_boundary_without_backup_actions_prevents if {
	role := object.union(fx.role("ops"), {"permissions_boundary": "arn:aws:iam::123456789012:policy/b"})
	boundary := {"name": "b", "arn": "arn:aws:iam::123456789012:policy/b", "policy": fx.policy([fx.allow("iam:*", "*")])}
	count(_findings([
		fx.create("aws_iam_role", "ops", role),
		fx.create("aws_iam_policy", "b", boundary),
		_attach("admin", "arn:aws:iam::aws:policy/AdministratorAccess"),
	])) == 0
}

test_unknown_boundary_makes_it_unknown if {
	role := object.union(fx.role("ops"), {"permissions_boundary": fx.unknown(["var.boundary"])})
	_verdicts([
		fx.create("aws_iam_role", "ops", role),
		_attach("admin", "arn:aws:iam::aws:policy/AdministratorAccess"),
	]) == {["aws_iam_role.ops", "unknown", "new"]}
}

test_user_gets_group_grants if {
	_verdicts([
		fx.create("aws_iam_user", "alice", {"name": "alice"}),
		fx.create("aws_iam_group", "admins", {"name": "admins"}),
		fx.create("aws_iam_user_group_membership", "m", {"user": "alice", "groups": ["admins"]}),
		fx.create("aws_iam_group_policy_attachment", "a", {"group": "admins", "policy_arn": "arn:aws:iam::aws:policy/IAMFullAccess"}),
		fx.create("aws_iam_user_policy", "b", {"user": "alice", "name": "b", "policy": fx.policy([fx.allow("rds:DeleteDBSnapshot", "*")])}),
	]) == {["aws_iam_user.alice", "violation", "new"]}
}

test_unknown_arn_joined_by_reference if {
	_verdicts([
		fx.ops,
		fx.create("aws_iam_policy", "p", {"name": "p", "policy": fx.policy([fx.allow(["iam:*", "ec2:DeleteSnapshot"], "*")])}),
		_attach("a", fx.unknown(["aws_iam_policy.p.arn", "aws_iam_policy.p"])),
	]) == _ops_violation
}

test_unresolvable_arn_is_unknown if {
	_verdicts([fx.ops, _attach("a", fx.unknown(["var.policy_arn"]))]) == {["aws_iam_role.ops", "unknown", "new"]}
}

test_existing_violation_is_existing if {
	values := {"role": "ops", "name": "p", "policy": fx.policy([fx.allow("*", "*")])}
	_verdicts([
		fx.noop("aws_iam_role", "ops", fx.role("ops")),
		fx.noop("aws_iam_role_policy", "p", values),
	]) == {["aws_iam_role.ops", "violation", "existing"]}
}

test_detach_fixes if {
	count(_findings([
		fx.noop("aws_iam_role", "ops", fx.role("ops")),
		fx.delete("aws_iam_role_policy", "p", {"role": "ops", "name": "p", "policy": fx.policy([fx.allow("*", "*")])}),
	])) == 0
}

test_notaction_allows_everything_else if {
	_verdicts([fx.ops, fx.ops_policy("p", [{"Effect": "Allow", "NotAction": "iam:PassRole", "Resource": "*"}])]) == _ops_violation
}

test_case_and_wildcards if {
	_verdicts([fx.ops, fx.ops_policy("p", [fx.allow(["IAM:Attach*", "Ec2:Delete?napshot"], "*")])]) == _ops_violation
}

test_s3_version_delete_counts_only_on_backup_storage if {
	bucket := fx.create("aws_s3_bucket", "b", {"bucket": "prod-backups"})
	count(_findings([fx.ops, bucket, fx.ops_policy("p", [
		fx.allow("iam:*", "*"),
		fx.allow("s3:DeleteObjectVersion", "arn:aws:s3:::app-data/*"),
	])])) == 0
	count(_findings([fx.ops, bucket, fx.ops_policy("p", [
		fx.allow("iam:*", "*"),
		fx.allow("s3:DeleteObjectVersion", "arn:aws:s3:::prod-backups/*"),
	])])) == 1
}

# Every example of examples/bad fires with a violation, every example of examples/good gives no
# finding (the examples are staged at data.examples by scripts/test-policy.sh).
test_bad_examples_fire if {
	count(data.examples.bh001_admin_with_backup_delete.bad) > 0
	every plan in data.examples.bh001_admin_with_backup_delete.bad {
		_example_verdicts(plan) & {"violation"} == {"violation"}
	}
}

test_good_examples_do_not_fire if {
	count(data.examples.bh001_admin_with_backup_delete.good) > 0
	every plan in data.examples.bh001_admin_with_backup_delete.good {
		_example_verdicts(plan) == set()
	}
}

_example_verdicts(plan) := {f.verdict | some f in findings} if {
	findings := rule.findings with input as plan
}

# --- principals outside the plan, -target plans --------------------------------------------------

_legacy := `aws_iam_role "legacy-ci" (outside the plan)`

test_admin_and_deletion_attached_to_a_role_outside_the_plan_fires if {
	some f in _findings([
		fx.create("aws_iam_role_policy_attachment", "admin", {"role": "legacy-ci", "policy_arn": "arn:aws:iam::aws:policy/IAMFullAccess"}),
		fx.create("aws_iam_role_policy", "snap", {"role": "legacy-ci", "name": "snap", "policy": fx.policy([fx.allow("ec2:DeleteSnapshot", "*")])}),
	])
	f.address == _legacy
	f.principal == "legacy-ci"
	f.verdict == "violation"
	f.status == "new"
}

test_policy_attachment_list_naming_a_role_outside_the_plan_fires if {
	_verdicts([fx.create("aws_iam_policy_attachment", "admin", {
		"name": "admin", "roles": ["legacy-ci"],
		"policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess",
	})]) == {[_legacy, "violation", "new"]}
}

test_a_role_of_the_plan_is_not_outside if {
	_verdicts([
		fx.ops,
		_attach("admin", "arn:aws:iam::aws:policy/AdministratorAccess"),
	]) == _ops_violation
}

# A -target plan: resource_changes hold the targeted change only, prior_state everything.
_targeted(changes, prior) := object.union(fx.plan(changes), {"prior_state": {"values": {"root_module": {"resources": prior}}}})

_prior(type, name, values) := {"address": concat(".", [type, name]), "mode": "managed", "type": type, "name": name, "values": values}

test_targeted_change_adding_deletion_to_an_untouched_admin_fires if {
	findings := rule.findings with input as _targeted(
		[fx.create("aws_iam_role_policy", "snap", {"role": "ops", "name": "snap", "policy": fx.policy([fx.allow("ec2:DeleteSnapshot", "*")])})],
		[
			_prior("aws_iam_role", "ops", {"name": "ops"}),
			_prior("aws_iam_role_policy_attachment", "admin", {"role": "ops", "policy_arn": "arn:aws:iam::aws:policy/IAMFullAccess"}),
		],
	)
	{[f.address, f.verdict, f.status] | some f in findings} == _ops_violation
}

# A module attaches to a role of the root module through a variable, the name unknown until apply.
test_role_joined_through_a_module_variable_is_certain if {
	role := fx.create("aws_iam_role", "ci", {"name_prefix": "ci-", "name": fx.unknown([]), "assume_role_policy": fx.policy([fx.ec2_trust])})
	attach := {
		"address": "module.m.aws_iam_role_policy_attachment.admin", "module_address": "module.m",
		"mode": "managed", "type": "aws_iam_role_policy_attachment", "name": "admin",
		"change": {
			"actions": ["create"], "before": null,
			"after": {"policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"},
			"after_unknown": {"role": true},
		},
	}
	inp := {
		"format_version": "1.2",
		"resource_changes": [role.rc, attach],
		"configuration": {"root_module": {
			"resources": [role.config],
			"module_calls": {"m": {
				"source": "./m",
				"expressions": {"role_name": {"references": ["aws_iam_role.ci.name", "aws_iam_role.ci"]}},
				"module": {"resources": [{
					"address": "aws_iam_role_policy_attachment.admin", "mode": "managed",
					"type": "aws_iam_role_policy_attachment", "name": "admin",
					"expressions": {
						"role": {"references": ["var.role_name"]},
						"policy_arn": {"constant_value": "arn:aws:iam::aws:policy/AdministratorAccess"},
					},
				}]},
			}},
		}},
	}
	findings := rule.findings with input as inp
	{[f.address, f.verdict] | some f in findings} == {["aws_iam_role.ci", "violation"]}
}
