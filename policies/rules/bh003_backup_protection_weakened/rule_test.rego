package bulkhead.rules.bh003_backup_protection_weakened_test

import data.bulkhead.lib.fixtures_test as fx
import data.bulkhead.rules.bh003_backup_protection_weakened as rule

_findings(changes) := findings if {
	findings := rule.findings with input as fx.plan(changes)
}

_verdicts(changes) := {[f.address, f.verdict, f.status] | some f in _findings(changes)}

# The gaps a finding lists, by id.
_gaps(changes, address) := {e.statement | some f in _findings(changes); f.address == address; some e in f.evidence}

_vault := {"name": "prod-vault"}

_compliance_lock := {"backup_vault_name": "prod-vault", "changeable_for_days": 3, "min_retention_days": 35}

_governance_lock := {"backup_vault_name": "prod-vault", "min_retention_days": 35}

_deny_delete := fx.policy([object.union(fx.deny("backup:DeleteRecoveryPoint", "*"), {"Principal": {"AWS": "*"}})])

_vault_policy(document) := {"backup_vault_name": "prod-vault", "policy": document}

_protected_vault := [
	fx.create("aws_backup_vault", "prod", _vault),
	fx.create("aws_backup_vault_lock_configuration", "prod", _compliance_lock),
	fx.create("aws_backup_vault_policy", "prod", _vault_policy(_deny_delete)),
]

test_vault_without_lock_or_policy_lists_both_gaps if {
	changes := [fx.create("aws_backup_vault", "prod", _vault)]
	_verdicts(changes) == {["aws_backup_vault.prod", "violation", "new"]}
	_gaps(changes, "aws_backup_vault.prod") == {"no-vault-lock", "no-deny-delete-policy"}
}

test_finding_names_rule_and_vault if {
	some f in _findings([fx.create("aws_backup_vault", "prod", _vault)])
	f.ruleId == "BH003"
	f.severity == "high"
	f.principal == "prod-vault"
	contains(f.message, "no Vault Lock configuration")
}

test_compliance_lock_and_deny_policy_do_not_fire if {
	count(_findings(_protected_vault)) == 0
}

test_governance_lock_fires if {
	changes := [
		fx.create("aws_backup_vault", "prod", _vault),
		fx.create("aws_backup_vault_lock_configuration", "prod", _governance_lock),
		fx.create("aws_backup_vault_policy", "prod", _vault_policy(_deny_delete)),
	]
	_gaps(changes, "aws_backup_vault.prod") == {"vault-lock-governance"}
}

test_changeable_for_days_unknown_until_apply_is_compliance if {
	lock := object.union(_compliance_lock, {"changeable_for_days": fx.unknown(["var.grace_days"])})
	count(_findings([
		fx.create("aws_backup_vault", "prod", _vault),
		fx.create("aws_backup_vault_lock_configuration", "prod", lock),
		fx.create("aws_backup_vault_policy", "prod", _vault_policy(_deny_delete)),
	])) == 0
}

test_vault_policy_with_allow_only_fires if {
	allow_only := fx.policy([object.union(fx.allow("backup:CopyIntoBackupVault", "*"), {"Principal": {"AWS": "*"}})])
	changes := [
		fx.create("aws_backup_vault", "prod", _vault),
		fx.create("aws_backup_vault_lock_configuration", "prod", _compliance_lock),
		fx.create("aws_backup_vault_policy", "prod", _vault_policy(allow_only)),
	]
	_gaps(changes, "aws_backup_vault.prod") == {"no-deny-delete-policy"}
}

test_force_destroy_vault_fires if {
	changes := array.concat(
		[fx.create("aws_backup_vault", "prod", object.union(_vault, {"force_destroy": true}))],
		array.slice(_protected_vault, 1, 3),
	)
	_gaps(changes, "aws_backup_vault.prod") == {"force-destroy"}
}

test_same_gap_before_is_existing if {
	_verdicts([
		fx.noop("aws_backup_vault", "prod", _vault),
		fx.noop("aws_backup_vault_policy", "prod", _vault_policy(_deny_delete)),
	]) == {["aws_backup_vault.prod", "violation", "existing"]}
}

test_lock_deleted_is_new if {
	_verdicts([
		fx.noop("aws_backup_vault", "prod", _vault),
		fx.delete("aws_backup_vault_lock_configuration", "prod", _compliance_lock),
		fx.noop("aws_backup_vault_policy", "prod", _vault_policy(_deny_delete)),
	]) == {["aws_backup_vault.prod", "violation", "new"]}
}

test_deleted_vault_does_not_fire if {
	count(_findings([fx.delete("aws_backup_vault", "prod", _vault)])) == 0
}

# --- S3 buckets marked as backups ---------------------------------------------------------------

_bucket(name) := {"bucket": name, "object_lock_enabled": true}

_versioning(status) := {"bucket": "prod-backups", "versioning_configuration": [{"status": status}]}

_object_lock(mode) := {"bucket": "prod-backups", "rule": [{"default_retention": [{"mode": mode, "days": 35}]}]}

test_protected_backup_bucket_does_not_fire if {
	count(_findings([
		fx.create("aws_s3_bucket", "b", _bucket("prod-backups")),
		fx.create("aws_s3_bucket_versioning", "b", _versioning("Enabled")),
		fx.create("aws_s3_bucket_object_lock_configuration", "b", _object_lock("COMPLIANCE")),
	])) == 0
}

test_backup_bucket_without_versioning_or_lock_fires if {
	changes := [fx.create("aws_s3_bucket", "b", {"bucket": "prod-backups"})]
	_gaps(changes, "aws_s3_bucket.b") == {"versioning-off", "object-lock-off"}
}

# Object Lock keeps versioning on whatever the versioning resource says.
test_governance_lock_fires_and_object_lock_implies_versioning if {
	changes := [
		fx.create("aws_s3_bucket", "b", _bucket("prod-backups")),
		fx.create("aws_s3_bucket_versioning", "b", _versioning("Suspended")),
		fx.create("aws_s3_bucket_object_lock_configuration", "b", _object_lock("GOVERNANCE")),
	]
	_gaps(changes, "aws_s3_bucket.b") == {"object-lock-governance"}
}

test_suspended_versioning_fires_without_object_lock if {
	changes := [
		fx.create("aws_s3_bucket", "b", {"bucket": "prod-backups"}),
		fx.create("aws_s3_bucket_versioning", "b", _versioning("Suspended")),
	]
	_gaps(changes, "aws_s3_bucket.b") == {"versioning-off", "object-lock-off"}
}

test_object_lock_without_default_retention_fires if {
	changes := [fx.create("aws_s3_bucket", "b", _bucket("prod-backups"))]
	_gaps(changes, "aws_s3_bucket.b") == {"object-lock-no-retention"}
}

test_bucket_tagged_backup_is_in_scope if {
	changes := [fx.create("aws_s3_bucket", "b", {"bucket": "ledger", "tags": {"Backup": "true"}, "force_destroy": true})]
	_gaps(changes, "aws_s3_bucket.b") == {"force-destroy", "versioning-off", "object-lock-off"}
}

test_ordinary_bucket_is_out_of_scope if {
	count(_findings([fx.create("aws_s3_bucket", "b", {"bucket": "app-assets", "tags": {"Backup": "false"}})])) == 0
}

# --- vault policies that only look protective ----------------------------------------------------

_vault_with_policy(statement) := [
	fx.create("aws_backup_vault", "prod", _vault),
	fx.create("aws_backup_vault_lock_configuration", "prod", _compliance_lock),
	fx.create("aws_backup_vault_policy", "prod", _vault_policy(fx.policy([statement]))),
]

_deny_all_but(op, key, values) := object.union(
	fx.deny("backup:DeleteRecoveryPoint", "*"),
	{"Principal": "*", "Condition": {op: {key: values}}},
)

_break_glass := "arn:aws:iam::123456789012:role/backup-breakglass"

test_deny_to_one_named_role_is_no_protection if {
	deny_ci := object.union(fx.deny("backup:DeleteRecoveryPoint", "*"), {"Principal": {"AWS": "arn:aws:iam::123456789012:role/ci"}})
	changes := _vault_with_policy(deny_ci)
	_gaps(changes, "aws_backup_vault.prod") == {"no-deny-delete-policy"}
	some f in _findings(changes)
	contains(f.message, "only to some principals")
}

test_exception_covering_the_account_is_no_protection if {
	every values in [
		"arn:aws:iam::123456789012:*", "arn:aws:iam::123456789012:role/*", "*",
		["arn:aws:iam::123456789012:role/a", "arn:aws:iam::*:user/*"],
	] {
		changes := _vault_with_policy(_deny_all_but("ArnNotLike", "aws:PrincipalArn", values))
		_gaps(changes, "aws_backup_vault.prod") == {"no-deny-delete-policy"}
	}
}

test_other_conditions_narrow_the_deny if {
	mfa_only := object.union(fx.deny("backup:DeleteRecoveryPoint", "*"), {
		"Principal": "*",
		"Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
	})
	_gaps(_vault_with_policy(mfa_only), "aws_backup_vault.prod") == {"no-deny-delete-policy"}
	account := _deny_all_but("StringNotEquals", "aws:PrincipalAccount", "123456789012")
	_gaps(_vault_with_policy(account), "aws_backup_vault.prod") == {"no-deny-delete-policy"}
}

test_exceptions_for_named_principals_protect if {
	every statement in [
		_deny_all_but("ArnNotEquals", "aws:PrincipalArn", [_break_glass, "arn:aws:iam::123456789012:user/ops/oncall"]),
		_deny_all_but("ArnNotLike", "aws:PrincipalArn", "arn:aws:iam::*:role/backup-breakglass"),
		_deny_all_but("StringNotLike", "aws:userid", "AROAEXAMPLEID1234567:*"),
		_deny_all_but("ArnNotEquals", "aws:PrincipalArn", "${aws_iam_role.break_glass_role_1A2B3C4D.arn}"),
	] {
		count(_findings(_vault_with_policy(statement))) == 0
	}
}

test_unknown_vault_policy_is_uncertain if {
	changes := [
		fx.create("aws_backup_vault", "prod", _vault),
		fx.create("aws_backup_vault_lock_configuration", "prod", _compliance_lock),
		fx.create("aws_backup_vault_policy", "prod", _vault_policy(fx.unknown(["aws_iam_role.break_glass.arn"]))),
	]
	_verdicts(changes) == {["aws_backup_vault.prod", "unknown", "new"]}
}

# --- stale provider mirrors -----------------------------------------------------------------------

_lock_mirror(mode) := [{"object_lock_enabled": "Enabled", "rule": [{"default_retention": [{"mode": mode, "days": 35}]}]}]

# The bucket as the provider reads it: versioning and lock blocks not set in the configuration.
_read_bucket(mode) := fx.change(["no-op"], "aws_s3_bucket", "b", _read_values(mode), _read_values(mode))

_read_values(mode) := {
	"bucket": "prod-backups", "object_lock_enabled": true,
	"object_lock_configuration": _lock_mirror(mode), "versioning": [{"enabled": true}],
}

# fx.change writes every after value into the configuration: drop the provider-computed ones.
_unconfigured(plan) := json.patch(plan, [
	{"op": "remove", "path": "/configuration/root_module/resources/0/expressions/object_lock_configuration"},
	{"op": "remove", "path": "/configuration/root_module/resources/0/expressions/versioning"},
])

test_deleted_lock_configuration_is_not_hidden_by_the_mirror if {
	plan := _unconfigured(fx.plan([
		_read_bucket("COMPLIANCE"),
		fx.delete("aws_s3_bucket_object_lock_configuration", "b", _object_lock("COMPLIANCE")),
	]))
	gaps := {e.statement | some f in rule.findings with input as plan; some e in f.evidence}
	gaps == {"object-lock-no-retention"}
}

test_mirror_counts_when_nothing_else_configures_the_bucket if {
	plan := _unconfigured(fx.plan([_read_bucket("COMPLIANCE")]))
	count(rule.findings) == 0 with input as plan
}

test_mirror_set_in_configuration_counts if {
	count(_findings([
		_read_bucket("COMPLIANCE"),
		fx.delete("aws_s3_bucket_object_lock_configuration", "b", _object_lock("COMPLIANCE")),
	])) == 0
}

# Without the configuration the plan cannot say whether the block is set: resources win.
test_without_configuration_resources_win_over_the_mirror if {
	plan := object.remove(
		fx.plan([
			_read_bucket("COMPLIANCE"),
			fx.noop("aws_s3_bucket_object_lock_configuration", "b", _object_lock("GOVERNANCE")),
		]),
		["configuration"],
	)
	gaps := {e.statement | some f in rule.findings with input as plan; some e in f.evidence}
	gaps == {"object-lock-governance"}
}

test_lock_configuration_enables_object_lock if {
	count(_findings([
		fx.create("aws_s3_bucket", "b", {"bucket": "prod-backups"}),
		fx.create("aws_s3_bucket_object_lock_configuration", "b", _object_lock("COMPLIANCE")),
	])) == 0
}

test_inline_governance_retention_is_governance if {
	inline := object.union(_bucket("prod-backups"), {"object_lock_configuration": _lock_mirror("GOVERNANCE")})
	changes := [fx.create("aws_s3_bucket", "b", inline)]
	_gaps(changes, "aws_s3_bucket.b") == {"object-lock-governance"}
	some f in _findings(changes)
	contains(f.message, "not COMPLIANCE mode")
}

test_bucket_named_by_prefix_is_named_by_it if {
	changes := [fx.create("aws_s3_bucket", "b", {"bucket_prefix": "acme-backups-", "bucket": fx.unknown([])})]
	some f in _findings(changes)
	f.principal == "acme-backups-*"
	contains(f.message, "backup storage acme-backups-* is not protected")
}

# Every example of examples/bad fires with a violation, every example of examples/good gives no
# finding (the examples are staged at data.examples by scripts/test-policy.sh).
test_bad_examples_fire if {
	count(data.examples.bh003_backup_protection_weakened.bad) > 0
	every plan in data.examples.bh003_backup_protection_weakened.bad {
		_example_verdicts(plan) & {"violation"} == {"violation"}
	}
}

test_good_examples_do_not_fire if {
	count(data.examples.bh003_backup_protection_weakened.good) > 0
	every plan in data.examples.bh003_backup_protection_weakened.good {
		_example_verdicts(plan) == set()
	}
}

_example_verdicts(plan) := {f.verdict | some f in findings} if {
	findings := rule.findings with input as plan
}
