# METADATA
# title: Backup storage
# description: |
#   The ARNs (and ARN patterns) of backup storage, where data actions such as
#   s3:DeleteObjectVersion destroy backups: patterns of the org configuration
#   (data.bulkhead.config.backup_resource_patterns) and resources of the plan marked as backups by
#   their name ("backup" in it) or tags (Backup, bulkhead:backup, or Purpose=backup).
package bulkhead.lib.storage

import data.bulkhead.lib.plan
import data.bulkhead.lib.util

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
} else := ""

_arns(inst) := [concat("", ["arn:aws:s3:::", b]), concat("", ["arn:aws:s3:::", b, "/*"])] if {
	inst.type == "aws_s3_bucket"
	b := object.get(inst.values, "bucket", null)
	is_string(b)
} else := [arn] if {
	arn := object.get(inst.values, "arn", null)
	is_string(arn)
} else := []
