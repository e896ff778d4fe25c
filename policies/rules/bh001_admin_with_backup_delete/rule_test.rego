package bulkhead.rules.bh001_admin_with_backup_delete_test

import data.bulkhead.lib.fixtures_test as fx
import data.bulkhead.rules.bh001_admin_with_backup_delete as rule

_findings(changes) := findings if {
	findings := rule.findings with input as fx.plan(changes)
}

_verdicts(changes) := {[f.address, f.verdict, f.status] | some f in _findings(changes)}

test_inline_role_policy_with_both_fires if {
	_verdicts([
		fx.create("aws_iam_role", "ops", fx.role("ops")),
		fx.create("aws_iam_role_policy", "p", {"role": "ops", "name": "p", "policy": fx.admin_and_backup}),
	]) == {["aws_iam_role.ops", "violation", "new"]}
}

test_finding_names_principal_rule_and_both_statements if {
	some f in _findings([
		fx.create("aws_iam_role", "ops", fx.role("ops")),
		fx.create("aws_iam_role_policy", "admin", {"role": "ops", "name": "a", "policy": fx.policy([fx.allow("iam:PutRolePolicy", "*")])}),
		fx.create("aws_iam_role_policy", "backup", {"role": "ops", "name": "b", "policy": fx.policy([fx.allow("backup:DeleteRecoveryPoint", "arn:aws:backup:*:*:recovery-point:*")])}),
	])
	f.ruleId == "BH001"
	f.severity == "critical"
	f.principal == "ops"
	{[e.grants, e.policy] | some e in f.evidence} == {["admin", "aws_iam_role_policy.admin"], ["backup", "aws_iam_role_policy.backup"]}
}

test_admin_alone_does_not_fire if {
	count(_findings([
		fx.create("aws_iam_role", "ops", fx.role("ops")),
		fx.create("aws_iam_role_policy", "p", {"role": "ops", "name": "p", "policy": fx.policy([fx.allow("iam:*", "*")])}),
	])) == 0
}

test_admin_on_one_role_only_is_not_admin if {
	count(_findings([
		fx.create("aws_iam_role", "ops", fx.role("ops")),
		fx.create("aws_iam_role_policy", "p", {"role": "ops", "name": "p", "policy": fx.policy([
			fx.allow("iam:PutRolePolicy", "arn:aws:iam::123456789012:role/app"),
			fx.allow("ec2:DeleteSnapshot", "*"),
		])}),
	])) == 0
}

test_admin_on_every_role_is_admin if {
	count(_findings([
		fx.create("aws_iam_role", "ops", fx.role("ops")),
		fx.create("aws_iam_role_policy", "p", {"role": "ops", "name": "p", "policy": fx.policy([
			fx.allow("iam:PutRolePolicy", "arn:aws:iam::123456789012:role/*"),
			fx.allow("ec2:DeleteSnapshot", "*"),
		])}),
	])) == 1
}

test_managed_policies_split_over_two_attachments_fire if {
	_verdicts([
		fx.create("aws_iam_role", "ops", fx.role("ops")),
		fx.create("aws_iam_role_policy_attachment", "iam", {"role": "ops", "policy_arn": "arn:aws:iam::aws:policy/IAMFullAccess"}),
		fx.create("aws_iam_role_policy_attachment", "backup", {"role": "ops", "policy_arn": "arn:aws:iam::aws:policy/AWSBackupFullAccess"}),
	]) == {["aws_iam_role.ops", "violation", "new"]}
}

test_power_user_is_not_admin if {
	count(_findings([
		fx.create("aws_iam_role", "ops", fx.role("ops")),
		fx.create("aws_iam_role_policy_attachment", "pu", {"role": "ops", "policy_arn": "arn:aws:iam::aws:policy/PowerUserAccess"}),
	])) == 0
}

test_unconditional_deny_removes_the_grant if {
	count(_findings([
		fx.create("aws_iam_role", "ops", fx.role("ops")),
		fx.create("aws_iam_role_policy_attachment", "admin", {"role": "ops", "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"}),
		fx.create("aws_iam_role_policy", "guard", {"role": "ops", "name": "g", "policy": fx.policy([fx.deny(["ec2:DeleteSnapshot", "ec2:DeregisterImage", "ec2:UnlockSnapshot", "backup:*", "rds:Delete*", "dynamodb:DeleteBackup", "dynamodb:UpdateContinuousBackups", "s3:*", "glacier:*", "kms:ScheduleKeyDeletion", "rbin:*", "dlm:*", "fsx:DeleteBackup", "elasticache:Delete*", "memorydb:DeleteSnapshot", "redshift:*", "redshift-serverless:*", "lightsail:*", "elasticfilesystem:PutBackupPolicy"], "*")])}),
	])) == 0
}

test_conditional_deny_does_not_remove_the_grant if {
	conditional := object.union(fx.deny("*", "*"), {"Condition": {"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}}})
	count(_findings([
		fx.create("aws_iam_role", "ops", fx.role("ops")),
		fx.create("aws_iam_role_policy_attachment", "admin", {"role": "ops", "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"}),
		fx.create("aws_iam_role_policy", "guard", {"role": "ops", "name": "g", "policy": fx.policy([conditional])}),
	])) == 1
}

test_boundary_without_backup_actions_prevents if {
	boundary := {"name": "ops", "assume_role_policy": fx.role("ops").assume_role_policy, "permissions_boundary": "arn:aws:iam::123456789012:policy/b"}
	count(_findings([
		fx.create("aws_iam_role", "ops", boundary),
		fx.create("aws_iam_policy", "b", {"name": "b", "arn": "arn:aws:iam::123456789012:policy/b", "policy": fx.policy([fx.allow("iam:*", "*")])}),
		fx.create("aws_iam_role_policy_attachment", "admin", {"role": "ops", "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"}),
	])) == 0
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
		fx.create("aws_iam_role", "ops", fx.role("ops")),
		fx.create("aws_iam_policy", "p", {"name": "p", "policy": fx.admin_and_backup}),
		fx.create("aws_iam_role_policy_attachment", "a", {"role": "ops", "policy_arn": fx.unknown(["aws_iam_policy.p.arn", "aws_iam_policy.p"])}),
	]) == {["aws_iam_role.ops", "violation", "new"]}
}

test_unresolvable_arn_is_unknown if {
	_verdicts([
		fx.create("aws_iam_role", "ops", fx.role("ops")),
		fx.create("aws_iam_role_policy_attachment", "a", {"role": "ops", "policy_arn": fx.unknown(["var.policy_arn"])}),
	]) == {["aws_iam_role.ops", "unknown", "new"]}
}

test_existing_violation_is_existing if {
	values := {"role": "ops", "name": "p", "policy": fx.admin_and_backup}
	_verdicts([
		fx.noop("aws_iam_role", "ops", fx.role("ops")),
		fx.noop("aws_iam_role_policy", "p", values),
	]) == {["aws_iam_role.ops", "violation", "existing"]}
}

test_detach_fixes if {
	count(_findings([
		fx.noop("aws_iam_role", "ops", fx.role("ops")),
		fx.delete("aws_iam_role_policy", "p", {"role": "ops", "name": "p", "policy": fx.admin_and_backup}),
	])) == 0
}

test_notaction_allows_everything_else if {
	count(_findings([
		fx.create("aws_iam_role", "ops", fx.role("ops")),
		fx.create("aws_iam_role_policy", "p", {"role": "ops", "name": "p", "policy": fx.policy([{"Effect": "Allow", "NotAction": "iam:PassRole", "Resource": "*"}])}),
	])) == 1
}

test_case_and_wildcards if {
	count(_findings([
		fx.create("aws_iam_role", "ops", fx.role("ops")),
		fx.create("aws_iam_role_policy", "p", {"role": "ops", "name": "p", "policy": fx.policy([fx.allow(["IAM:Attach*", "Ec2:Delete?napshot"], "*")])}),
	])) == 1
}

test_s3_version_delete_counts_only_on_backup_storage if {
	base := [
		fx.create("aws_iam_role", "ops", fx.role("ops")),
		fx.create("aws_s3_bucket", "b", {"bucket": "prod-backups"}),
	]
	count(_findings(array.concat(base, [fx.create("aws_iam_role_policy", "p", {"role": "ops", "name": "p", "policy": fx.policy([fx.allow("iam:*", "*"), fx.allow("s3:DeleteObjectVersion", "arn:aws:s3:::app-data/*")])})]))) == 0
	count(_findings(array.concat(base, [fx.create("aws_iam_role_policy", "p", {"role": "ops", "name": "p", "policy": fx.policy([fx.allow("iam:*", "*"), fx.allow("s3:DeleteObjectVersion", "arn:aws:s3:::prod-backups/*")])})]))) == 1
}
