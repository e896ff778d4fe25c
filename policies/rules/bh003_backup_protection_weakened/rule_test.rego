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
