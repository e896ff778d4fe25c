package bulkhead.lib.documents_test

import data.bulkhead.lib.documents
import data.bulkhead.lib.fixtures_test as fx
import data.bulkhead.lib.model

# A deferred data.aws_iam_policy_document (read at apply): statements known, resources unknown.
_deferred_document := _data_read(
	{"statement": [
		{"actions": ["iam:*"], "resources": ["*"], "effect": "Allow", "condition": []},
		{"actions": ["ec2:DeleteSnapshot", "s3:DeleteObjectVersion"], "resources": [null], "effect": "Allow", "condition": []},
	]},
	{"json": true, "statement": [{"resources": [false]}, {"resources": [true]}]},
)

_data_read(after, unknown) := {
	"address": "data.aws_iam_policy_document.d",
	"mode": "data", "type": "aws_iam_policy_document", "name": "d",
	"change": {"actions": ["read"], "before": null, "after": after, "after_unknown": unknown},
}

_policy_from_document := {
	"address": "aws_iam_role_policy.p", "mode": "managed", "type": "aws_iam_role_policy", "name": "p",
	"change": {"actions": ["create"], "before": null, "after": {"role": "ops", "name": "p"}, "after_unknown": {"policy": true}},
}

_plan := {
	"format_version": "1.2",
	"resource_changes": [fx.ops.rc, _policy_from_document, _deferred_document],
	"configuration": {"root_module": {"resources": [
		fx.ops.config,
		{
			"address": "aws_iam_role_policy.p", "mode": "managed", "type": "aws_iam_role_policy", "name": "p",
			"expressions": {
				"role": {"constant_value": "ops"},
				"policy": {"references": ["data.aws_iam_policy_document.d.json", "data.aws_iam_policy_document.d"]},
			},
		},
	]}},
}

test_unknown_json_read_from_policy_document_statements if {
	doc := documents.by_id["after:aws_iam_role_policy.p"] with input as _plan
	doc.known
	[s.uncertain | some s in doc.statements] == [false, true]
}

test_uncertain_statement_counts_only_in_the_worst_case if {
	certain := model.permissions("after", "aws_iam_role.ops", "certain") with input as _plan
	count(certain.admin) > 0

	# resources unknown: a backup-only action is granted for certain, a data action only at worst
	certain.backup == {"ec2:deletesnapshot"}
	worst := model.permissions("after", "aws_iam_role.ops", "worst") with input as _plan
	"s3:deleteobjectversion" in worst.backup
}

test_configuration_statements_when_values_absent if {
	plan := object.union(_plan, {
		"resource_changes": [fx.ops.rc, _policy_from_document, _data_read({}, {"json": true, "statement": true})],
		"configuration": {"root_module": {"resources": array.concat(_plan.configuration.root_module.resources, [{
			"address": "data.aws_iam_policy_document.d", "mode": "data", "type": "aws_iam_policy_document", "name": "d",
			"expressions": {"statement": [
				{"actions": {"constant_value": ["iam:PutRolePolicy"]}, "resources": {"constant_value": ["*"]}},
				{"actions": {"constant_value": ["backup:DeleteRecoveryPoint"]}, "resources": {"references": ["aws_backup_vault.v.arn"]}},
			]},
		}])}},
	})
	doc := documents.by_id["after:aws_iam_role_policy.p"] with input as plan
	[s.uncertain | some s in doc.statements] == [false, true]
}

test_role_inline_policy_blocks if {
	role := object.union(fx.role("ops"), {"inline_policy": [{"name": "all", "policy": fx.policy([fx.allow("*", "*")])}]})
	plan := fx.plan([fx.create("aws_iam_role", "ops", role)])
	perms := model.permissions("after", "aws_iam_role.ops", "certain") with input as plan
	count(perms.admin) > 0
	count(perms.backup) > 0
}

test_managed_key if {
	documents.managed_key("arn:aws:iam::aws:policy/job-function/DatabaseAdministrator") == "job-function/DatabaseAdministrator"
	documents.managed_key("arn:aws-us-gov:iam::aws:policy/AdministratorAccess") == "AdministratorAccess"
	not documents.managed_key("arn:aws:iam::123456789012:policy/AdministratorAccess")
}

test_unreadable_documents_are_counted if {
	plan := fx.plan([fx.create("aws_iam_policy", "p", {"name": "p", "policy": "{not json"})])
	documents.unverifiable == {"after:aws_iam_policy.p"} with input as plan
}

# --- composed documents (source_policy_documents / override_policy_documents) -------------------

_composed_plan(after, unknown) := object.union(_plan, {"resource_changes": [fx.ops.rc, _policy_from_document, _data_read(after, unknown)]})

_verdict_of(plan) := {mode: perms |
	some mode in ["certain", "worst"]
	perms := model.permissions("after", "aws_iam_role.ops", mode) with input as plan
}

test_known_source_document_is_read_for_certain if {
	source := fx.policy([fx.allow(["iam:AttachRolePolicy", "ec2:DeleteSnapshot"], "*")])
	perms := _verdict_of(_composed_plan({"source_policy_documents": [source], "statement": []}, {"json": true}))
	count(perms.certain.admin) > 0
	perms.certain.backup == {"ec2:deletesnapshot"}
}

test_override_replaces_the_statement_with_the_same_sid if {
	source := fx.policy([object.union(fx.allow("ec2:DeleteSnapshot", "*"), {"Sid": "Snap"})])
	override := fx.policy([object.union(fx.allow("ec2:DescribeSnapshots", "*"), {"Sid": "Snap"})])
	perms := _verdict_of(_composed_plan({"source_policy_documents": [source], "override_policy_documents": [override]}, {"json": true}))
	perms.worst.backup == set()
}

test_wholly_unknown_source_list_is_taken_at_its_worst if {
	perms := _verdict_of(_composed_plan({"statement": []}, {"json": true, "source_policy_documents": true}))
	perms.certain.backup == set()
	count(perms.worst.admin) > 0
	count(perms.worst.backup) > 0
}

test_unknown_source_element_is_taken_at_its_worst if {
	source := fx.policy([fx.allow("s3:GetObject", "*")])
	perms := _verdict_of(_composed_plan({"source_policy_documents": [source, null]}, {"json": true, "source_policy_documents": [false, true]}))
	count(perms.worst.backup) > 0
}

test_invalid_source_json_makes_the_document_unknown if {
	plan := _composed_plan({"source_policy_documents": ["{not json"]}, {"json": true})
	not documents.by_id["after:aws_iam_role_policy.p"].known with input as plan
}

test_statement_list_wholly_unknown_without_configuration_blocks_is_unknown if {
	plan := _composed_plan({"statement": []}, {"json": true, "statement": true})
	not documents.by_id["after:aws_iam_role_policy.p"].known with input as plan
}
