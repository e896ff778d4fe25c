# METADATA
# title: Backups only inside the blast radius
# description: |
#   An AWS Backup plan whose recovery points never leave the account's reach: no rule copies
#   them (copy_action) to a logically air-gapped vault with its retention set, or to a vault in
#   another account. A credential that administers the account (or its root user) can then
#   reach every copy; a compliance lock keeps them from deletion but not from an account
#   closure, a ransom of the KMS key or a lost account. A copy to a vault of the same account,
#   or to an air-gapped vault without minimum and maximum retention, does not count.
# custom:
#   id: BH007
#   severity: high
#   enforcement: soft-mandatory
#   fix: |
#     Add a copy_action to every backup plan rule that sends the recovery points to an
#     aws_backup_logically_air_gapped_vault (min_retention_days and max_retention_days set) or
#     to a vault in a separate backup account (destination_vault_arn of that account's vault).
package bulkhead.rules.bh007_backup_copy_in_blast_radius

import data.bulkhead.lib.plan
import data.bulkhead.lib.result
import data.bulkhead.lib.util

info := result.info(rego.metadata.chain())

findings contains result.finding(rego.metadata.chain(), facts) if {
	some a in plan.index(plan.by_type, "after", "aws_backup_plan")
	inst := plan.instances.after[a]
	copies := _copies("after", inst)
	count([c | some c in copies; c.leaves]) == 0
	facts := {
		"verdict": "violation",
		"status": _status(a),
		"address": a,
		"message": util.format("the recovery points of backup plan %s never leave the account: %s", [
			result.principal_name(a),
			_reason(copies),
		]),
		"evidence": [{"grants": "backup-copy", "policy": a, "statement": c.rule, "reason": c.reason} | some c in copies],
	}
}

_reason(copies) := "no rule has a copy_action" if count(copies) == 0

else := concat("; ", sort({c.reason | some c in copies}))

_status(a) := "existing" if {
	before := plan.instances.before[a]
	count([c | some c in _copies("before", before); c.leaves]) == 0
} else := "new"

# Every copy_action of the plan: {"rule", "leaves", "reason"}.
_copies(state, inst) := [_copy(state, inst, i, j, rule_name, c) |
	some i, r in _list(object.get(inst.values, "rule", []))
	is_object(r)
	rule_name := _rule_name(r, i)
	some j, c in _list(object.get(r, "copy_action", []))
	is_object(c)
]

_rule_name(r, i) := r.rule_name if is_string(r.rule_name)

else := concat("", ["rule #", format_int(i, 10)])

_copy(state, inst, i, j, rule_name, c) := object.union({"rule": rule_name}, _destination(state, inst, i, j, c))

# A literal ARN: a vault of this plan (by name) stays in the account, any other vault left it.
_destination(state, _, _, _, c) := _by_name(state, name) if {
	arn := c.destination_vault_arn
	is_string(arn)
	parts := split(arn, ":backup-vault:")
	count(parts) == 2
	name := parts[1]
}

# Unknown until apply: the resource the configuration refers to.
_destination(state, inst, i, j, c) := _by_reference(state, inst, refs) if {
	not _literal(c)
	refs := _references(inst, i, j)
}

_literal(c) if is_string(c.destination_vault_arn)

_by_name(state, name) := _air_gapped(plan.instances[state][a]) if {
	some a in plan.index(plan.by_type, state, "aws_backup_logically_air_gapped_vault")
	plan.instances[state][a].values.name == name
} else := _same_account(name) if {
	plan.by_name[state].aws_backup_vault[name]
} else := {"leaves": true, "reason": concat("", ["copies to ", name, " outside this plan"])}

_by_reference(state, inst, refs) := _best([_air_gapped(plan.instances[state][a]) | some a in air]) if {
	air := _targets(state, inst, refs, "aws_backup_logically_air_gapped_vault")
	count(air) > 0
} else := _same_account(concat(", ", sort({_vault_name(plan.instances[state][a]) | some a in local}))) if {
	local := _targets(state, inst, refs, "aws_backup_vault")
	count(local) > 0
} else := {"leaves": true, "reason": "copies to a vault given from outside the plan"}

_targets(state, inst, refs, kind) := {a |
	some ref in refs
	some a in plan.resolve_reference(state, inst.module, plan.strip_keys(inst.module), ref, {kind})
}

_vault_name(vault) := vault.values.name if is_string(vault.values.name)

else := vault.address

# One copy reaching several vaults (count/for_each): it leaves if one of them is out of reach.
_best(results) := r if {
	some r in results
	r.leaves
} else := min(results)

_same_account(name) := {"leaves": false, "reason": util.format("copies only to %s, a vault of the same account", [name])}

_air_gapped(vault) := {"leaves": true, "reason": "copies to a logically air-gapped vault"} if {
	every attr in ["min_retention_days", "max_retention_days"] {
		_set(vault, attr)
	}
} else := {"leaves": false, "reason": util.format(
	"copies to %s, a logically air-gapped vault without minimum and maximum retention",
	[vault.address],
)}

_set(vault, attr) if is_number(object.get(vault.values, attr, null))

_set(vault, attr) if plan.is_unknown(vault, attr)

_references(inst, i, j) := refs if {
	config := object.get(plan.config_resources, inst.config, {})
	rules := _list(object.get(object.get(config, "expressions", {}), "rule", []))
	copies := _list(object.get(rules[i], "copy_action", []))
	refs := [r | some r in object.get(object.get(copies[j], "destination_vault_arn", {}), "references", []); is_string(r)]
	count(refs) > 0
}

_list(x) := x if is_array(x)

else := [x] if is_object(x)

else := []
