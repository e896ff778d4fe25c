package bulkhead.rules.bh006_credential_reach_test

import data.bulkhead.lib.fixtures_test as fx
import data.bulkhead.rules.bh006_credential_reach as rule

_findings(changes) := findings if {
	findings := rule.findings with input as fx.plan(changes)
}

_verdicts(changes) := {[f.address, f.verdict, f.status] | some f in _findings(changes)}

_account := "123456789012"

_arn(name) := concat("", ["arn:aws:iam::", _account, ":role/", name])

_trust(principal) := fx.policy([{"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}])

_mfa_trust(principal) := fx.policy([{
	"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole",
	"Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
}])

_role(name, trust) := fx.create("aws_iam_role", name, {"name": name, "arn": _arn(name), "assume_role_policy": trust})

_inline(role, name, statements) := fx.create("aws_iam_role_policy", name, {"role": role, "name": name, "policy": fx.policy(statements)})

_attach(role, arn) := fx.create("aws_iam_role_policy_attachment", concat("_", [role, "attach"]), {"role": role, "policy_arn": arn})

_ci_root := {"AWS": concat("", ["arn:aws:iam::", _account, ":root"])}

# iam-admin (IAMFullAccess) and deleter (snapshots), both trusting the account root without MFA.
_admin_and_deleter(trust) := [
	_role("iam-admin", trust),
	_attach("iam-admin", "arn:aws:iam::aws:policy/IAMFullAccess"),
	_role("deleter", trust),
	_inline("deleter", "snap", [fx.allow(["ec2:DeleteSnapshot", "rds:DeleteDBSnapshot"], "*")]),
]

_ci := _role("ci", fx.policy([{
	"Effect": "Allow",
	"Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
	"Action": "sts:AssumeRoleWithWebIdentity",
	"Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/infra:*"}},
}]))

test_ci_role_assuming_admin_and_deleter_fires if {
	changes := array.concat(_admin_and_deleter(_trust(_ci_root)), [
		_ci,
		_inline("ci", "assume", [fx.allow("sts:AssumeRole", [_arn("iam-admin"), _arn("deleter")])]),
	])
	some f in _findings(changes)
	f.address == "aws_iam_role.ci"
	f.verdict == "violation"
	f.status == "new"
	{[e.reaches, e.principal] | some e in f.evidence; e.grants == "path"} == {["admin", "aws_iam_role.iam-admin"], ["backup", "aws_iam_role.deleter"]}
	contains(f.message, "ci → assumes iam-admin")
}

test_the_oidc_identity_is_a_source_too if {
	changes := array.concat(_admin_and_deleter(_trust(_ci_root)), [
		_ci,
		_inline("ci", "assume", [fx.allow("sts:AssumeRole", "*")]),
	])
	_verdicts(changes) == {
		["aws_iam_role.ci", "violation", "new"],
		["federated:token.actions.githubusercontent.com sub=repo:acme/infra:*", "violation", "new"],
	}
}

test_mfa_gated_trust_is_not_followed if {
	changes := array.concat(_admin_and_deleter(_mfa_trust(_ci_root)), [
		_role("ci", _trust({"Service": "ec2.amazonaws.com"})),
		_inline("ci", "assume", [fx.allow("sts:AssumeRole", "*")]),
	])
	count(_findings(changes)) == 0
}

test_account_trust_needs_the_callers_permission if {
	changes := array.concat(_admin_and_deleter(_trust(_ci_root)), [_role("ci", _trust({"Service": "ec2.amazonaws.com"}))])
	count(_findings(changes)) == 0
}

test_deny_cuts_the_edge if {
	changes := array.concat(_admin_and_deleter(_trust(_ci_root)), [
		_role("ci", _trust({"Service": "ec2.amazonaws.com"})),
		_inline("ci", "assume", [fx.allow("sts:AssumeRole", "*"), fx.deny("sts:AssumeRole", _arn("deleter"))]),
	])
	count(_findings(changes)) == 0
}

test_admin_assuming_a_deleter_that_trusts_it_fires if {
	changes := [
		_role("iam-admin", _trust({"Service": "ec2.amazonaws.com"})),
		_attach("iam-admin", "arn:aws:iam::aws:policy/IAMFullAccess"),
		_inline("iam-admin", "assume", [fx.allow("sts:AssumeRole", "*")]),
		_role("deleter", _trust({"AWS": _arn("iam-admin")})),
		_inline("deleter", "snap", [fx.allow(["ec2:DeleteSnapshot", "rds:DeleteDBSnapshot"], "*")]),
	]
	_verdicts(changes) == {["aws_iam_role.iam-admin", "violation", "new"]}
}

test_trust_naming_the_callers_arn_suffices if {
	changes := [
		_role("iam-admin", _trust({"Service": "ec2.amazonaws.com"})),
		_attach("iam-admin", "arn:aws:iam::aws:policy/IAMFullAccess"),
		_role("deleter", _trust({"AWS": _arn("iam-admin")})),
		_inline("deleter", "snap", [fx.allow("ec2:DeleteSnapshot", "*")]),
	]
	_verdicts(changes) == {["aws_iam_role.iam-admin", "violation", "new"]}
}

test_pass_role_to_lambda_fires if {
	changes := [
		_role("iam-admin", _trust({"Service": "ec2.amazonaws.com"})),
		_inline("iam-admin", "admin", [fx.allow(["iam:*", "lambda:CreateFunction"], "*")]),
		_role("snapper", _trust({"Service": "lambda.amazonaws.com"})),
		_inline("snapper", "snap", [fx.allow("ec2:DeleteSnapshot", "*")]),
	]
	some f in _findings(changes)
	f.address == "aws_iam_role.iam-admin"
	some e in f.evidence
	e.grants == "path"
	e.reaches == "backup"
	e.steps[0].edge == "pass"
}

test_pass_role_without_a_launch_action_does_not_fire if {
	changes := [
		_role("iam-admin", _trust({"Service": "ec2.amazonaws.com"})),
		_inline("iam-admin", "admin", [fx.allow("iam:*", "*")]),
		_role("snapper", _trust({"Service": "lambda.amazonaws.com"})),
		_inline("snapper", "snap", [fx.allow("ec2:DeleteSnapshot", "*")]),
	]
	count(_findings(changes)) == 0
}

_user(name) := fx.create("aws_iam_user", name, {"name": name, "arn": concat("", ["arn:aws:iam::", _account, ":user/", name])})

_user_policy(user, statements) := fx.create("aws_iam_user_policy", user, {"user": user, "name": user, "policy": fx.policy(statements)})

test_minting_a_deleting_users_key_fires if {
	changes := [
		_user("admin"),
		fx.create("aws_iam_user_policy_attachment", "admin", {"user": "admin", "policy_arn": "arn:aws:iam::aws:policy/IAMFullAccess"}),
		_user("backup-ops"),
		_user_policy("backup-ops", [fx.allow("backup:DeleteRecoveryPoint", "*")]),
	]
	_verdicts(changes) == {["aws_iam_user.admin", "violation", "new"]}
}

_group(name) := fx.create("aws_iam_group", name, {"name": name, "arn": concat("", ["arn:aws:iam::", _account, ":group/", name])})

test_joining_an_admin_group_and_a_deleting_group_fires if {
	changes := [
		_group("admins"),
		fx.create("aws_iam_group_policy_attachment", "admins", {"group": "admins", "policy_arn": "arn:aws:iam::aws:policy/IAMFullAccess"}),
		_group("backup-ops"),
		fx.create("aws_iam_group_policy", "backup-ops", {"group": "backup-ops", "name": "del", "policy": fx.policy([fx.allow("backup:DeleteRecoveryPoint", "*")])}),
		_user("dev"),
		_user_policy("dev", [fx.allow("iam:AddUserToGroup", [
			"arn:aws:iam::123456789012:group/admins",
			"arn:aws:iam::123456789012:group/backup-ops",
		])]),
	]

	# the admins group (IAMFullAccess) mints dev's key and, as dev, joins backup-ops
	_verdicts(changes) == {["aws_iam_user.dev", "violation", "new"], ["aws_iam_group.admins", "violation", "new"]}
}

test_reaching_admin_only_does_not_fire if {
	changes := [
		_role("iam-admin", _trust(_ci_root)),
		_attach("iam-admin", "arn:aws:iam::aws:policy/IAMFullAccess"),
		_role("ci", _trust({"Service": "ec2.amazonaws.com"})),
		_inline("ci", "assume", [fx.allow("sts:AssumeRole", "*")]),
	]
	count(_findings(changes)) == 0
}

test_a_principal_with_both_is_bh001s if {
	changes := [
		_role("ops", _trust(_ci_root)),
		_inline("ops", "both", [fx.allow(["iam:AttachRolePolicy", "ec2:DeleteSnapshot"], "*")]),
		_role("ci", _trust({"Service": "ec2.amazonaws.com"})),
		_inline("ci", "assume", [fx.allow("sts:AssumeRole", "*")]),
	]
	count(_findings(changes)) == 0
}

test_another_account_trusted_by_both_is_a_source if {
	other := {"AWS": "arn:aws:iam::999999999999:root"}
	changes := array.concat(_admin_and_deleter(_trust(other)), [])
	_verdicts(changes) == {["account:999999999999", "violation", "new"]}
}

test_existing_path_is_existing if {
	trust := _trust(_ci_root)
	changes := [
		fx.noop("aws_iam_role", "iam-admin", {"name": "iam-admin", "arn": _arn("iam-admin"), "assume_role_policy": trust}),
		fx.noop("aws_iam_role_policy_attachment", "a", {"role": "iam-admin", "policy_arn": "arn:aws:iam::aws:policy/IAMFullAccess"}),
		fx.noop("aws_iam_role", "deleter", {"name": "deleter", "arn": _arn("deleter"), "assume_role_policy": trust}),
		fx.noop("aws_iam_role_policy", "snap", {"role": "deleter", "name": "snap", "policy": fx.policy([fx.allow("ec2:DeleteSnapshot", "*")])}),
		fx.noop("aws_iam_role", "ci", {"name": "ci", "arn": _arn("ci"), "assume_role_policy": _trust({"Service": "ec2.amazonaws.com"})}),
		fx.noop("aws_iam_role_policy", "assume", {"role": "ci", "name": "assume", "policy": fx.policy([fx.allow("sts:AssumeRole", "*")])}),
	]
	_verdicts(changes) == {["aws_iam_role.ci", "violation", "existing"]}
}

test_unknown_trust_referencing_the_caller_is_unknown if {
	changes := [
		_role("iam-admin", _trust({"AWS": _arn("ci")})),
		_attach("iam-admin", "arn:aws:iam::aws:policy/IAMFullAccess"),
		fx.create("aws_iam_role", "deleter", {"name": "deleter", "assume_role_policy": fx.unknown(["aws_iam_role.ci.arn", "aws_iam_role.ci"])}),
		_inline("deleter", "snap", [fx.allow("ec2:DeleteSnapshot", "*")]),
		_role("ci", _trust({"Service": "ec2.amazonaws.com"})),
	]
	_verdicts(changes) == {["aws_iam_role.ci", "unknown", "new"]}
}

test_bad_examples_fire if {
	count(data.examples.bh006_credential_reach.bad) > 0
	every plan in data.examples.bh006_credential_reach.bad {
		some f in rule.findings with input as plan
		f.verdict == "violation"
	}
}

test_good_examples_do_not_fire if {
	count(data.examples.bh006_credential_reach.good) > 0
	every plan in data.examples.bh006_credential_reach.good {
		count(rule.findings) == 0 with input as plan
	}
}
