# METADATA
# title: Backup storage
# description: |
#   The ARNs (and ARN patterns) of backup storage, where data actions such as
#   s3:DeleteObjectVersion destroy backups: patterns of the org configuration
#   (data.bulkhead.config.backup_resource_patterns) and resources of the plan marked as backups by
#   their name ("backup" in it) or tags (Backup, bulkhead:backup, or Purpose=backup). A bucket
#   named by `bucket_prefix` (its name unknown until apply) is marked and named by its prefix.
package bulkhead.lib.storage

import data.bulkhead.lib.iam
import data.bulkhead.lib.plan
import data.bulkhead.lib.util
import data.bulkhead.lib.wildcard

backup_arns := {lower(p) | some p in _configured_patterns; is_string(p)} | _plan_backup_arns

default _configured_patterns := []

_configured_patterns := data.bulkhead.config.backup_resource_patterns if is_array(data.bulkhead.config.backup_resource_patterns)

_storage_types := {"aws_s3_bucket", "aws_dynamodb_table", "aws_kms_key", "aws_backup_vault"}

_plan_backup_arns contains arn if {
	some state in plan.states
	some type in _storage_types
	some a in plan.index(plan.by_type, state, type)
	inst := plan.instances[state][a]
	marked_backup(inst)
	some arn in _arns(inst)
}

marked_backup(inst) if contains(lower(_name(inst)), "backup")

marked_backup(inst) if {
	some k, v in util.object_or_empty(object.get(inst.values, "tags", {}))
	is_string(v)
	_backup_tag(lower(k), lower(v))
}

_backup_tag("purpose", v) if contains(v, "backup")

_backup_tag(k, v) if {
	k in {"backup", "bulkhead:backup"}
	not v in {"false", "no", "0", "none", "off"}
}

_name(inst) := name if {
	some key in ["bucket", "name"]
	name := object.get(inst.values, key, null)
	is_string(name)
} else := _prefix(inst) if _prefix(inst)

else := ""

# The prefix of a bucket whose name is chosen at apply (`bucket_prefix`, `bucket` unknown).
_prefix(inst) := p if {
	inst.type == "aws_s3_bucket"
	not is_string(object.get(inst.values, "bucket", null))
	p := object.get(inst.values, "bucket_prefix", null)
	is_string(p)
	p != ""
}

# How findings name a storage resource: its name, or "<prefix>*" while only its prefix is known.
display_name(inst) := concat("", [_prefix(inst), "*"]) if _prefix(inst)

_arns(inst) := [concat("", ["arn:aws:s3:::", b]), concat("", ["arn:aws:s3:::", b, "/*"])] if {
	inst.type == "aws_s3_bucket"
	b := object.get(inst.values, "bucket", null)
	is_string(b)
} else := [concat("", ["arn:aws:s3:::", p, "*"]), concat("", ["arn:aws:s3:::", p, "*/*"])] if {
	p := _prefix(inst)
} else := [arn] if {
	arn := object.get(inst.values, "arn", null)
	is_string(arn)
} else := []

# --- which statements reach backup storage -----------------------------------------------------

# Some resource of the statement names backup storage: a backup ARN or ARN pattern, either way
# round (a statement resource may be narrower or wider than a backup-storage pattern).
reached(s) if {
	not s.not_resource
	some r in s.resources
	_reaches(lower(r))
}

_reaches(r) if backup_arns[r]

_reaches(r) if {
	wildcard.too_complex(r)
	count(backup_arns) > 0
}

_reaches(r) if {
	not wildcard.too_complex(r)
	some arn in _candidates(r)
	iam.overlaps(r, arn)
}

# Backup ARNs that may overlap r: those whose head is a prefix of r's head and, when r is a
# pattern, those whose head extends r's head. Every ARN that overlaps r is among them.
_candidates(r) := _shorter(h) | _longer(r, h) if h := iam.head(r)

_shorter(h) := {arn |
	some n in _head_lengths
	n <= count(h)
	some arn in object.get(_by_head, substring(h, 0, n), set())
}

_longer(r, _) := set() if r == iam.head(r)

_longer(r, h) := {arn |
	level := max({l | some l in _levels; l <= count(h)})
	some arn in object.get(object.get(_by_prefix, level, {}), substring(h, 0, level), set())
	startswith(iam.head(arn), h)
} if {
	r != h
	count(h) >= _levels[0]
}

_longer(r, h) := {arn | some arn in backup_arns; startswith(iam.head(arn), h)} if {
	r != h
	count(h) < _levels[0]
}

_levels := [16, 32, 64]

_by_head[iam.head(arn)] contains arn if some arn in backup_arns

_head_lengths contains count(h) if some h, _ in _by_head

_by_prefix[level][substring(h, 0, level)] contains arn if {
	some h, arns in _by_head
	some level in _levels
	count(h) >= level
	some arn in arns
}
