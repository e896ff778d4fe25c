# METADATA
# title: Plan builders for the Rego tests
# description: Small, exact `terraform show -json` shapes. Test-only (never bundled).
package bulkhead.lib.fixtures_test

# A plan of resource changes, with the configuration references of each change.
plan(changes) := {
	"format_version": "1.2",
	"terraform_version": "1.9.0",
	"resource_changes": [c.rc | some c in changes],
	"configuration": {"root_module": {"resources": [c.config | some c in changes]}},
}

# change(actions, type, name, before, after): a managed resource change; unknown attributes are
# given as after values of {"__unknown__": ["ref", …]}: absent from after, marked in
# after_unknown, and referenced in the configuration.
change(actions, type, name, before, after) := {
	"rc": {
		"address": concat(".", [type, name]),
		"mode": "managed",
		"type": type,
		"name": name,
		"provider_name": "registry.terraform.io/hashicorp/aws",
		"change": {
			"actions": actions,
			"before": before,
			"after": _known(after),
			"after_unknown": {k: true | some k, v in _object(after); _is_unknown(v)},
		},
	},
	"config": {
		"address": concat(".", [type, name]),
		"mode": "managed",
		"type": type,
		"name": name,
		"expressions": object.union(
			{k: {"constant_value": v} | some k, v in _object(after); not _is_unknown(v)},
			{k: {"references": v.__unknown__} | some k, v in _object(after); _is_unknown(v)},
		),
	},
}

create(type, name, after) := change(["create"], type, name, null, after)

update(type, name, before, after) := change(["update"], type, name, before, after)

delete(type, name, before) := change(["delete"], type, name, before, null)

noop(type, name, values) := change(["no-op"], type, name, values, values)

unknown(refs) := {"__unknown__": refs}

_is_unknown(v) if {
	is_object(v)
	v.__unknown__
}

_object(v) := v if is_object(v)

else := {}

_known(null) := null

_known(after) := {k: v | some k, v in after; not _is_unknown(v)} if after != null

# A policy JSON string as jsonencode renders it.
policy(statements) := json.marshal({"Version": "2012-10-17", "Statement": statements})

allow(actions, resources) := {"Effect": "Allow", "Action": actions, "Resource": resources}

deny(actions, resources) := {"Effect": "Deny", "Action": actions, "Resource": resources}

admin_and_backup := policy([allow(["iam:AttachRolePolicy", "ec2:DeleteSnapshot"], "*")])

# The AWS force-MFA gate statement.
mfa_gate(op) := {
	"Sid": "DenyAllExceptListedIfNoMFA",
	"Effect": "Deny",
	"NotAction": [
		"iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser", "iam:ListMFADevices",
		"iam:ListVirtualMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken",
	],
	"Resource": "*",
	"Condition": {op: {"aws:MultiFactorAuthPresent": "false"}},
}

role(name) := {"name": name, "assume_role_policy": policy([ec2_trust])}

ec2_trust := {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}

# An inline policy resource of role "ops" (the usual principal of the tests).
ops_policy(name, statements) := create("aws_iam_role_policy", name, {"role": "ops", "name": name, "policy": policy(statements)})

ops := create("aws_iam_role", "ops", role("ops"))

# Every backup-destructive action of the catalogue, as patterns.
all_backup_patterns := [
	"ec2:DeleteSnapshot", "ec2:DeregisterImage", "ec2:UnlockSnapshot", "backup:*", "rds:Delete*",
	"dynamodb:DeleteBackup", "dynamodb:UpdateContinuousBackups", "s3:*", "glacier:*",
	"kms:ScheduleKeyDeletion", "rbin:*", "dlm:*", "fsx:DeleteBackup", "elasticache:Delete*",
	"memorydb:DeleteSnapshot", "redshift:*", "redshift-serverless:*", "lightsail:*",
	"elasticfilesystem:PutBackupPolicy",
]
