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
storage_resources(state) := object.get(_storage, state, set())

_storage[state] contains a if {
	some state in plan.states
	some a in plan.index(plan.by_type, state, "aws_backup_vault")
}

_storage[state] contains a if {
	some state in plan.states
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
	count(_attached(state, vault, "aws_backup_vault_lock_configuration")) == 0
} else := [_gap("vault-lock-governance") |
	some lock in _attached(state, vault, "aws_backup_vault_lock_configuration")
	not _compliance_lock(lock)
]

_compliance_lock(lock) if is_number(lock.values.changeable_for_days)

_compliance_lock(lock) if plan.is_unknown(lock, "changeable_for_days")

# A vault policy unknown until apply may or may not deny deletion: an uncertain gap.
_policy_gaps(state, vault) := [] if {
	some policy in _attached(state, vault, "aws_backup_vault_policy")
	_denies_deletion(state, policy)
} else := [object.union(_gap("no-deny-delete-policy"), {"uncertain": true})] if {
	some policy in _attached(state, vault, "aws_backup_vault_policy")
	not documents.analysis[documents.id(state, policy.address)]
} else := [_gap("no-deny-delete-policy")]

_denies_deletion(state, policy) if {
	some s in documents.by_id[documents.id(state, policy.address)].statements
	s.effect == "Deny"
	iam.matched_actions(s)["backup:deleterecoverypoint"]
}

# --- S3 buckets marked as backups ----------------------------------------------------------------

_bucket_gaps(state, bucket) := array.concat(_versioning_gaps(state, bucket), _object_lock_gaps(state, bucket))

# Versioning: the aws_s3_bucket_versioning resources of the bucket when it has any (the bucket's
# own versioning block only mirrors what the provider read), else the bucket's own setting.
# Object Lock turns versioning on for good, so a locked bucket is versioned.
_versioning_gaps(state, bucket) := [] if _object_lock_enabled(bucket)

else := [] if {
	versioning := _attached(state, bucket, "aws_s3_bucket_versioning")
	count(versioning) > 0
	every v in versioning {
		_versioning_on(v)
	}
} else := [_gap("versioning-off")] if {
	count(_attached(state, bucket, "aws_s3_bucket_versioning")) > 0
} else := [] if {
	bucket.values.versioning[0].enabled == true
} else := [_gap("versioning-off")]

_versioning_on(v) if v.values.versioning_configuration[0].status == "Enabled"

_versioning_on(v) if plan.is_unknown(v, "versioning_configuration")

_object_lock_enabled(bucket) if bucket.values.object_lock_enabled == true

_object_lock_enabled(bucket) if bucket.values.object_lock_configuration[0].object_lock_enabled == "Enabled"

_object_lock_enabled(bucket) if plan.is_unknown(bucket, "object_lock_enabled")

# Object Lock protects nothing by itself: objects are locked by a default retention in
# COMPLIANCE mode (GOVERNANCE yields to s3:BypassGovernanceRetention).
_object_lock_gaps(state, bucket) := [_gap("object-lock-off")] if not _object_lock_enabled(bucket)

else := [] if {
	some lock in _attached(state, bucket, "aws_s3_bucket_object_lock_configuration")
	_compliance_retention(lock)
} else := [] if {
	bucket.values.object_lock_configuration[0].rule[0].default_retention[0].mode == "COMPLIANCE"
} else := [_gap("object-lock-governance")] if {
	some lock in _attached(state, bucket, "aws_s3_bucket_object_lock_configuration")
	lock.values.rule[0].default_retention[0].mode
} else := [_gap("object-lock-no-retention")]

_compliance_retention(lock) if lock.values.rule[0].default_retention[0].mode == "COMPLIANCE"

_compliance_retention(lock) if plan.is_unknown(lock, "rule")

# Resources of a type whose attribute names the storage resource (by value or reference).
_attached(state, target, type) := [inst |
	some a in object.get(object.get(object.get(_attachments, state, {}), type, {}), target.address, set())
	inst := plan.instances[state][a]
]

# The resources that configure storage, and the attribute naming the storage they configure.
_configures := {
	"aws_backup_vault_lock_configuration": {"attr": "backup_vault_name", "storage": "aws_backup_vault"},
	"aws_backup_vault_policy": {"attr": "backup_vault_name", "storage": "aws_backup_vault"},
	"aws_s3_bucket_versioning": {"attr": "bucket", "storage": "aws_s3_bucket"},
	"aws_s3_bucket_object_lock_configuration": {"attr": "bucket", "storage": "aws_s3_bucket"},
}

# _attachments[state][type][storage address] contains the address of a resource of that type
# naming it: joined once per resource, not once per storage resource.
_attachments[state][type][target] contains a if {
	some state in plan.states
	some type, spec in _configures
	some a in plan.index(plan.by_type, state, type)
	some target in plan.join(state, plan.instances[state][a], spec.attr, {spec.storage}).targets
}

_gap(id) := {"gap": id, "detail": _details[id], "uncertain": false}

_details := {
	"force-destroy": "force_destroy is true: destroying it deletes every backup in it",
	"no-vault-lock": "no Vault Lock configuration: recovery points can be deleted before their retention ends",
	"vault-lock-governance": "Vault Lock without changeable_for_days is governance mode: privileged principals can remove it",
	"no-deny-delete-policy": "no vault access policy denies backup:DeleteRecoveryPoint",
	"versioning-off": "versioning is not Enabled: overwritten or deleted objects are gone",
	"object-lock-off": "Object Lock is not enabled: object versions can be deleted",
	"object-lock-governance": "Object Lock default retention is not COMPLIANCE mode: s3:BypassGovernanceRetention lifts it",
	"object-lock-no-retention": "Object Lock has no default retention: objects are locked only if each upload asks for it",
}
