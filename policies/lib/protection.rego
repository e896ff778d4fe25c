# METADATA
# title: Backup protection
# description: |
#   The protections of backup storage in one state: for an AWS Backup vault its Vault Lock in
#   compliance mode, a vault access policy that denies recovery-point deletion, no force_destroy;
#   for an S3 bucket marked as backup storage versioning, Object Lock in compliance mode and no
#   force_destroy. gaps(state, address) lists the protections missing.
package bulkhead.lib.protection

import data.bulkhead.lib.documents
import data.bulkhead.lib.iam
import data.bulkhead.lib.plan
import data.bulkhead.lib.storage

# Backup storage of a state: every vault, and the buckets marked as backups.
storage_resources(state) := {a | some a in plan.index(plan.by_type, state, "aws_backup_vault")} | {a |
	some a in plan.index(plan.by_type, state, "aws_s3_bucket")
	storage.marked_backup(plan.instances[state][a])
}

# The protections a storage resource lacks: {"gap": id, "detail": text}.
gaps(state, a) := {g | some g in _gaps(state, plan.instances[state][a])}

_gaps(state, inst) := array.concat(
	[_gap("force-destroy") |
		inst.values.force_destroy == true
	],
	_type_gaps(state, inst),
)

_type_gaps(state, inst) := _vault_gaps(state, inst) if inst.type == "aws_backup_vault"

else := _bucket_gaps(state, inst) if inst.type == "aws_s3_bucket"

else := []

# --- AWS Backup vaults -------------------------------------------------------------------------

_vault_gaps(state, vault) := array.concat(_lock_gaps(state, vault), _policy_gaps(state, vault))

_lock_gaps(state, vault) := [_gap("no-vault-lock")] if {
	count(_attached(state, vault, "aws_backup_vault_lock_configuration", "backup_vault_name")) == 0
} else := [_gap("vault-lock-governance") |
	some lock in _attached(state, vault, "aws_backup_vault_lock_configuration", "backup_vault_name")
	not _compliance_lock(lock)
]

_compliance_lock(lock) if is_number(lock.values.changeable_for_days)

_compliance_lock(lock) if plan.is_unknown(lock, "changeable_for_days")

_policy_gaps(state, vault) := [] if {
	some policy in _attached(state, vault, "aws_backup_vault_policy", "backup_vault_name")
	_denies_deletion(state, policy)
} else := [_gap("no-deny-delete-policy")]

_denies_deletion(state, policy) if {
	some s in documents.by_id[documents.id(state, policy.address)].statements
	s.effect == "Deny"
	"backup:deleterecoverypoint" in iam.matched_actions(s)
}

_denies_deletion(_, policy) if plan.is_unknown(policy, "policy")

# --- S3 buckets marked as backups ----------------------------------------------------------------

_bucket_gaps(state, bucket) := array.concat(_versioning_gaps(state, bucket), _object_lock_gaps(state, bucket))

_versioning_gaps(state, bucket) := [] if {
	some v in _attached(state, bucket, "aws_s3_bucket_versioning", "bucket")
	_versioning_on(v)
} else := [] if {
	bucket.values.versioning[0].enabled == true
} else := [_gap("versioning-off")]

_versioning_on(v) if v.values.versioning_configuration[0].status == "Enabled"

_versioning_on(v) if plan.is_unknown(v, "versioning_configuration")

_object_lock_gaps(state, bucket) := [_gap("object-lock-off")] if {
	not bucket.values.object_lock_enabled == true
	not bucket.values.object_lock_configuration[0].object_lock_enabled == "Enabled"
	not plan.is_unknown(bucket, "object_lock_enabled")
} else := [_gap("object-lock-governance") |
	some lock in _attached(state, bucket, "aws_s3_bucket_object_lock_configuration", "bucket")
	not lock.values.rule[0].default_retention[0].mode == "COMPLIANCE"
	not plan.is_unknown(lock, "rule")
]

# Resources of a type whose attribute names the storage resource (by value or reference).
_attached(state, target, type, attr) := [inst |
	some a in plan.index(plan.by_type, state, type)
	inst := plan.instances[state][a]
	target.address in plan.join(state, inst, attr, {target.type}).targets
]

_gap(id) := {"gap": id, "detail": _details[id]}

_details := {
	"force-destroy": "force_destroy is true: destroying it deletes every backup in it",
	"no-vault-lock": "no Vault Lock configuration: recovery points can be deleted before their retention ends",
	"vault-lock-governance": "Vault Lock without changeable_for_days is governance mode: privileged principals can remove it",
	"no-deny-delete-policy": "no vault access policy denies backup:DeleteRecoveryPoint",
	"versioning-off": "versioning is not Enabled: overwritten or deleted objects are gone",
	"object-lock-off": "Object Lock is not enabled: object versions can be deleted",
	"object-lock-governance": "Object Lock default retention is not COMPLIANCE mode: s3:BypassGovernanceRetention lifts it",
}
