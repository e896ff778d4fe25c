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
import data.bulkhead.lib.util

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

# A vault access policy protects the recovery points when one of its statements denies
# backup:DeleteRecoveryPoint to every principal ("*") but a few named ones. A Deny naming some
# principals, or excepting more than named principals (`arn:aws:iam::ACCOUNT:*`), or narrowed by
# any other condition leaves the others free to delete: it only looks protective. A policy
# unknown until apply, or a Deny whose parts are, may or may not protect: an uncertain gap.
_policy_gaps(state, vault) := [] if {
	some policy in _attached(state, vault, "aws_backup_vault_policy")
	named := _unknown_values_named(state, policy)
	some s in documents.by_id[documents.id(state, policy.address)].statements
	_protective(s, named)
} else := [object.union(_gap("no-deny-delete-policy"), {"uncertain": true})] if {
	some policy in _attached(state, vault, "aws_backup_vault_policy")
	not documents.analysis[documents.id(state, policy.address)]
} else := [object.union(_gap("no-deny-delete-policy"), {"uncertain": true})] if {
	some s in _vault_statements(state, vault)
	_may_protect(s)
} else := [object.union(_gap("no-deny-delete-policy"), {"detail": _details["deny-delete-partial"]})] if {
	some s in _vault_statements(state, vault)
	s.effect == "Deny"
	_denies_deletion(s)
} else := [_gap("no-deny-delete-policy")]

_vault_statements(state, vault) := [s |
	some policy in _attached(state, vault, "aws_backup_vault_policy")
	some s in documents.by_id[documents.id(state, policy.address)].statements
]

_denies_deletion(s) if iam.matched_actions(s)["backup:deleterecoverypoint"]

# Known parts that show the protection: a statement with parts unknown until apply protects
# when its known parts do and its unknown condition values are ARNs of roles or users (below).
_protective(s, named) if {
	s.effect == "Deny"
	_denies_deletion(s)
	"*" in s.aws_principals
	every c in s.conditions {
		_exception(c, named)
	}
}

_exception(c, _) if _named_exception(c)

_exception(c, true) if _exception_or_unknown(c)

# A Deny with parts unknown until apply that may protect once they are known.
_may_protect(s) if {
	s.effect == "Deny"
	s.uncertain == true
	_may_deny_deletion(s)
	every c in s.conditions {
		_exception_or_unknown(c)
	}
}

_may_deny_deletion(s) if s.actions_unknown == true

_may_deny_deletion(s) if _denies_deletion(s)

# An exception whose values are named principals or unknown until apply ("").
_exception_or_unknown(c) if {
	_exception_condition(c)
	count(c.values) > 0
	every v in c.values {
		_named_or_unknown(c.key, v)
	}
}

_named_or_unknown(_, "")

_named_or_unknown(key, v) if _named_principal(key, v)

# The condition values of a vault policy built from a data.aws_iam_policy_document read at
# apply are unknown when they name a role created in the same plan (`values =
# [aws_iam_role.break_glass.arn]`): the configuration says which. Named when every value the
# document's conditions refer to is the ARN of a role or user.
_unknown_values_named(state, policy) if {
	refs := [r |
		some a in plan.reference_targets(state, policy, "policy", {"aws_iam_policy_document"})
		config := object.get(plan.config_resources, plan.instances[state][a].config, {})
		some block in util.as_list(object.get(object.get(config, "expressions", {}), "statement", []))
		some c in util.as_list(object.get(block, "condition", []))
		some r in util.as_list(object.get(object.get(c, "values", {}), "references", []))
	]
	count(refs) > 0
	every r in refs {
		regex.match(`^(data\.)?aws_iam_(role|user)\.[A-Za-z0-9_-]+(\[[^\]]*\])?(\.arn)?$`, r)
	}
} else := false

# "Everyone but these principals": a negated ARN or string operator on the principal's ARN (or
# unique id), every value naming principals narrowly.
_named_exception(c) if {
	_exception_condition(c)
	count(c.values) > 0
	every v in c.values {
		_named_principal(c.key, v)
	}
}

_exception_condition(c) if {
	lower(c.op) in {
		"arnnotequals", "arnnotlike", "stringnotequals", "stringnotlike",
		"arnnotequalsifexists", "arnnotlikeifexists", "stringnotequalsifexists", "stringnotlikeifexists",
	}
	c.key in {"aws:principalarn", "aws:userid"}
}

# One role or user by ARN (any account, no wildcard in its type or name); condition values are
# lower case. A Terraform token for the ARN of one role or user (a synthesized configuration) is
# one principal too.
_named_principal("aws:principalarn", v) if regex.match(`^arn:[a-z-]+:iam::([0-9]{12}|\*):(role|user)/[^*?]+$`, v)

_named_principal("aws:principalarn", v) if regex.match(`^\$\{(data\.)?aws_iam_(role|user)\.[a-z0-9_-]+(\[[^\]]*\])?\.arn\}$`, v)

# aws:userid: a role's unique id (AROA…, any session of that role) or a user's (AIDA…).
_named_principal("aws:userid", v) if regex.match(`^(aroa[a-z0-9]{12,}(:.*)?|aida[a-z0-9]{12,})$`, v)

# --- S3 buckets marked as backups ----------------------------------------------------------------

_bucket_gaps(state, bucket) := array.concat(_versioning_gaps(state, bucket), _object_lock_gaps(state, bucket))

# The bucket's own `versioning` and `object_lock_configuration` blocks are provider-computed:
# unset in the configuration, they mirror what the provider last read, and the plan's
# aws_s3_bucket_versioning / aws_s3_bucket_object_lock_configuration resources change the bucket
# behind them (deleting the lock configuration removes the default retention while the mirror
# still shows it). Such a block counts when the bucket's configuration sets it, or when no
# resource of the plan, in either state, configures that setting of the bucket (set outside
# Terraform, the mirror is the bucket as it is and stays). A plan without the bucket's
# configuration cannot tell: the resources win there too.
_own(bucket, attr) := object.get(bucket.values, attr, []) if _sets(bucket, attr)

else := [] if _managed(bucket, _setting_types[attr])

else := object.get(bucket.values, attr, [])

_sets(bucket, attr) if {
	plan.config_resources[bucket.config]
	plan.configured(bucket, attr)
}

_setting_types := {
	"versioning": "aws_s3_bucket_versioning",
	"object_lock_configuration": "aws_s3_bucket_object_lock_configuration",
}

_managed(bucket, type) if {
	some state in plan.states
	count(_attached(state, bucket, type)) > 0
}

# Versioning: the aws_s3_bucket_versioning resources of the bucket when it has any, else the
# bucket's own block (above). Object Lock keeps versioning on for good (S3 needs versioning to
# enable it and refuses to suspend it after), so a locked bucket is versioned.
_versioning_gaps(state, bucket) := [] if _object_lock_enabled(state, bucket)

else := [] if {
	versioning := _attached(state, bucket, "aws_s3_bucket_versioning")
	count(versioning) > 0
	every v in versioning {
		_versioning_on(v)
	}
} else := [_gap("versioning-off")] if {
	count(_attached(state, bucket, "aws_s3_bucket_versioning")) > 0
} else := [] if {
	_own(bucket, "versioning")[0].enabled == true
} else := [_gap("versioning-off")]

_versioning_on(v) if v.values.versioning_configuration[0].status == "Enabled"

_versioning_on(v) if plan.is_unknown(v, "versioning_configuration")

# Object Lock, once on, stays on: the bucket's object_lock_enabled (configured or read) or its
# mirror say so for good. An aws_s3_bucket_object_lock_configuration turns it on for a bucket
# created without it (AWS allows this since 2023; the provider's own example).
_object_lock_enabled(_, bucket) if bucket.values.object_lock_enabled == true

_object_lock_enabled(_, bucket) if bucket.values.object_lock_configuration[0].object_lock_enabled == "Enabled"

_object_lock_enabled(_, bucket) if plan.is_unknown(bucket, "object_lock_enabled")

_object_lock_enabled(state, bucket) if count(_attached(state, bucket, "aws_s3_bucket_object_lock_configuration")) > 0

# Object Lock protects nothing by itself: objects are locked by a default retention in
# COMPLIANCE mode (GOVERNANCE yields to s3:BypassGovernanceRetention). The default retention
# comes from the lock configuration resources and the bucket's own block (above).
_object_lock_gaps(state, bucket) := [_gap("object-lock-off")] if not _object_lock_enabled(state, bucket)

else := [] if "COMPLIANCE" in _retention_modes(state, bucket)

else := [_gap("object-lock-governance")] if count(_retention_modes(state, bucket)) > 0

else := [_gap("object-lock-no-retention")]

# The default retention modes of a bucket; a rule unknown until apply is taken as COMPLIANCE.
_retention_modes(state, bucket) := array.concat(
	[mode |
		some lock in _attached(state, bucket, "aws_s3_bucket_object_lock_configuration")
		mode := _lock_mode(lock)
	],
	[block.rule[0].default_retention[0].mode |
		some block in _own(bucket, "object_lock_configuration")
		is_string(block.rule[0].default_retention[0].mode)
	],
)

_lock_mode(lock) := "COMPLIANCE" if plan.is_unknown(lock, "rule")

else := mode if {
	mode := lock.values.rule[0].default_retention[0].mode
	is_string(mode)
}

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
	"deny-delete-partial": concat("", [
		"the vault access policy denies backup:DeleteRecoveryPoint only to some principals ",
		"(a Deny to \"*\" may except named roles or users only): the others can delete",
	]),
	"versioning-off": "versioning is not Enabled: overwritten or deleted objects are gone",
	"object-lock-off": "Object Lock is not enabled: object versions can be deleted",
	"object-lock-governance": "Object Lock default retention is not COMPLIANCE mode: s3:BypassGovernanceRetention lifts it",
	"object-lock-no-retention": "Object Lock has no default retention: objects are locked only if each upload asks for it",
}
