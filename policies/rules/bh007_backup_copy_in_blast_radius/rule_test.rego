package bulkhead.rules.bh007_backup_copy_in_blast_radius_test

import data.bulkhead.lib.fixtures_test as fx
import data.bulkhead.rules.bh007_backup_copy_in_blast_radius as rule

_findings(changes) := findings if {
	findings := rule.findings with input as fx.plan(changes)
}

_verdicts(changes) := {[f.address, f.verdict, f.status] | some f in _findings(changes)}

_vault := fx.create("aws_backup_vault", "local", {"name": "prod-backups"})

_air_gapped(retention) := fx.create("aws_backup_logically_air_gapped_vault", "air", object.union({"name": "prod-air"}, retention))

_retention := {"min_retention_days": 7, "max_retention_days": 365}

_plan(copies) := {"name": "daily", "rule": [{
	"rule_name": "daily",
	"target_vault_name": "prod-backups",
	"copy_action": [{"destination_vault_arn": arn} | some arn in copies],
}]}

_arn(name) := concat("", ["arn:aws:backup:eu-west-1:111122223333:backup-vault:", name])

test_plan_without_copy_fires if {
	changes := [_vault, fx.create("aws_backup_plan", "daily", _plan([]))]
	_verdicts(changes) == {["aws_backup_plan.daily", "violation", "new"]}
	some f in _findings(changes)
	f.ruleId == "BH007"
	f.severity == "high"
	f.enforcement == "soft-mandatory"
	contains(f.message, "no rule has a copy_action")
}

test_copy_to_a_vault_of_the_same_account_fires if {
	reason := "copies only to prod-backups, a vault of the same account"
	changes := [_vault, fx.create("aws_backup_plan", "daily", _plan([_arn("prod-backups")]))]
	some f in _findings(changes)
	contains(f.message, reason)
	f.evidence == [{"grants": "backup-copy", "policy": "aws_backup_plan.daily", "statement": "daily", "reason": reason}]
}

test_copy_to_air_gapped_vault_passes if {
	changes := [_vault, _air_gapped(_retention), fx.create("aws_backup_plan", "daily", _plan([_arn("prod-air")]))]
	count(_findings(changes)) == 0
}

test_copy_to_air_gapped_vault_without_retention_fires if {
	changes := [_vault, _air_gapped({}), fx.create("aws_backup_plan", "daily", _plan([_arn("prod-air")]))]
	some f in _findings(changes)
	contains(f.message, "without minimum and maximum retention")
}

test_copy_to_another_accounts_vault_passes if {
	arn := "arn:aws:backup:eu-west-1:444455556666:backup-vault:central"
	count(_findings([_vault, fx.create("aws_backup_plan", "daily", _plan([_arn("prod-backups"), arn]))])) == 0
}

# A destination unknown until apply: the configuration's reference decides.
_plan_by_reference(ref) := {
	"rc": {
		"address": "aws_backup_plan.daily",
		"mode": "managed",
		"type": "aws_backup_plan",
		"name": "daily",
		"change": {
			"actions": ["create"],
			"before": null,
			"after": {"name": "daily", "rule": [{"rule_name": "daily", "copy_action": [{}]}]},
			"after_unknown": {"rule": [{"copy_action": [{"destination_vault_arn": true}]}]},
		},
	},
	"config": {
		"address": "aws_backup_plan.daily",
		"mode": "managed",
		"type": "aws_backup_plan",
		"name": "daily",
		"expressions": {"rule": [{"copy_action": [{"destination_vault_arn": {"references": [concat(".", [ref, "arn"]), ref]}}]}]},
	},
}

test_copy_by_reference_to_air_gapped_vault if {
	count(_findings([_air_gapped(_retention), _plan_by_reference("aws_backup_logically_air_gapped_vault.air")])) == 0
	count(_findings([_air_gapped({}), _plan_by_reference("aws_backup_logically_air_gapped_vault.air")])) == 1
}

test_copy_by_reference_to_local_vault if {
	some f in _findings([_vault, _plan_by_reference("aws_backup_vault.local")])
	contains(f.message, "a vault of the same account")
}

test_copy_by_reference_from_outside_the_plan if {
	count(_findings([_plan_by_reference("var.central_vault")])) == 0
}

test_existing_and_new if {
	without := _plan([])
	copied := _plan([_arn("prod-air")])
	air := _air_gapped(_retention)
	_verdicts([_vault, air, fx.noop("aws_backup_plan", "daily", without)]) == {["aws_backup_plan.daily", "violation", "existing"]}
	_verdicts([_vault, air, fx.update("aws_backup_plan", "daily", copied, without)]) == {["aws_backup_plan.daily", "violation", "new"]}
}

test_unnamed_rule_is_named_by_position if {
	p := {"name": "p", "rule": [{"target_vault_name": "prod-backups"}]}
	count(_findings([fx.create("aws_backup_plan", "p", p)])) == 1
	q := {"name": "q", "rule": [{"copy_action": {"destination_vault_arn": _arn("prod-backups")}}]}
	some f in _findings([_vault, fx.create("aws_backup_plan", "q", q)])
	f.evidence[0].statement == "rule #0"
}

# Every example of examples/bad fires with a violation, every example of examples/good gives no
# finding (the examples are staged at data.examples by scripts/test-policy.sh).
test_bad_examples_fire if {
	count(data.examples.bh007_backup_copy_in_blast_radius.bad) > 0
	every plan in data.examples.bh007_backup_copy_in_blast_radius.bad {
		_example_verdicts(plan) & {"violation"} == {"violation"}
	}
}

test_good_examples_do_not_fire if {
	count(data.examples.bh007_backup_copy_in_blast_radius.good) > 0
	every plan in data.examples.bh007_backup_copy_in_blast_radius.good {
		_example_verdicts(plan) == set()
	}
}

_example_verdicts(plan) := {f.verdict | some f in findings} if {
	findings := rule.findings with input as plan
}
