# METADATA
# title: Policy documents
# description: |
#   Every policy document of both states (identity, trust and resource policies of the plan,
#   and the AWS managed policies it names), parsed into statements once, with what each one
#   grants and denies over the catalogue actions. A document that cannot be read (unknown until
#   apply, invalid JSON, outside the plan) is kept with known = false and the reason.
package bulkhead.lib.documents

import data.bulkhead.lib.catalogue
import data.bulkhead.lib.iam
import data.bulkhead.lib.plan
import data.bulkhead.lib.storage
import data.bulkhead.lib.util

# The policy attribute each document-carrying resource type has, and what kind of policy it is.
attributes := {
	"aws_iam_policy": {"attr": "policy", "kind": "identity"},
	"aws_iam_role_policy": {"attr": "policy", "kind": "identity"},
	"aws_iam_user_policy": {"attr": "policy", "kind": "identity"},
	"aws_iam_group_policy": {"attr": "policy", "kind": "identity"},
	"aws_iam_role": {"attr": "assume_role_policy", "kind": "trust"},
	"aws_s3_bucket_policy": {"attr": "policy", "kind": "resource"},
	"aws_s3_bucket": {"attr": "policy", "kind": "resource"},
	"aws_backup_vault_policy": {"attr": "policy", "kind": "resource"},
	"aws_kms_key": {"attr": "policy", "kind": "resource"},
	"aws_glacier_vault": {"attr": "access_policy", "kind": "resource"},
}

# Document ids: "<state>:<address>" for the policy attribute of a plan resource,
# "<state>:<address>/inline/<name>" for an inline_policy block of a role, and
# "aws:<path/name>" for an AWS managed policy. by_id[id] is
#   {id, state, address, label, kind, known, reason, statements}
by_id := object.union_n([_attribute_documents, _inline_documents, _managed_documents])

# One complete object (not a rule keyed by a computed id): a lookup by id is then a plain object
# access, not a new pass over the plan (the interpreter re-evaluates a partial rule per key).
_attribute_documents[doc.id] := doc if {
	some state in plan.states
	some type, spec in attributes
	some a in plan.index(plan.by_type, state, type)
	doc := _attribute_document(state, plan.instances[state][a], spec)
}

_inline_documents[doc.id] := doc if {
	some state in plan.states
	some a in plan.index(plan.by_type, state, "aws_iam_role")
	inst := plan.instances[state][a]
	some block in util.as_list(object.get(inst.values, "inline_policy", []))
	is_string(object.get(block, "name", null))
	block.name != ""
	doc := _inline_block_document(state, inst, block)
}

_managed_documents[id] := _managed_document(id, key) if {
	some key in _managed_keys
	id := concat(":", ["aws", key])
}

id(state, address) := concat(":", [state, address])

# Each distinct policy text is parsed once: most resources of a plan are unchanged, and their
# BEFORE and AFTER documents are the same text.
# regal ignore:prefer-set-or-object-rule
_parsed := {text: parse_json(text) | some text in _policy_texts}

_policy_texts contains text if {
	some state in plan.states
	some type, spec in attributes
	some a in plan.index(plan.by_type, state, type)
	text := plan.instances[state][a].values[spec.attr]
	is_string(text)
}

_attribute_document(state, inst, spec) := object.union(
	{"id": id(state, inst.address), "state": state, "address": inst.address, "label": inst.address, "kind": spec.kind},
	_parsed_or_referenced(state, inst, spec.attr),
) if {
	_has_document(inst, spec.attr)
}

# A policy attribute that is set, or unknown until apply. An empty string is no policy.
_has_document(inst, attr) if {
	is_string(object.get(inst.values, attr, null))
	object.get(inst.values, attr, null) != ""
}

_has_document(inst, attr) if plan.is_unknown(inst, attr)

_parsed_or_referenced(_, inst, attr) := object.union(_parsed[text], {"text": text}) if {
	text := object.get(inst.values, attr, null)
	is_string(text)
}

_parsed_or_referenced(state, inst, attr) := _referenced_documents(state, inst, attr) if {
	not is_string(object.get(inst.values, attr, null))
}

_inline_block_document(state, inst, block) := object.union(
	{
		"id": concat("/inline/", [id(state, inst.address), block.name]),
		"state": state, "address": inst.address,
		"label": concat("", [inst.address, " inline policy \"", block.name, "\""]),
		"kind": "identity",
		"name": block.name,
	},
	_block_policy(block),
)

_block_policy(block) := parse_json(block.policy) if is_string(object.get(block, "policy", null))

else := _unknown("inline policy unknown until apply")

_unknown(reason) := {"known": false, "reason": reason, "statements": []}

_known(statements) := {"known": true, "reason": "", "statements": statements}

# A policy JSON string: valid JSON with a Statement gives statements, anything else is unknown.
parse_json(s) := _known(iam.statements_of_json(doc)) if {
	json.is_valid(s)
	doc := json.unmarshal(s)
	is_object(doc)
} else := _unknown("policy is not valid JSON")

# An unknown policy string: the statements of the data.aws_iam_policy_document it references.
_referenced_documents(state, inst, attr) := _known([s | some p in parts; some s in p.statements]) if {
	targets := {a | some a in plan.reference_targets(state, inst, attr, {"aws_iam_policy_document"})}
	count(targets) > 0
	parts := [_policy_document_data(plan.instances[state][a]) | some a in targets]
	every p in parts {
		p.known
	}
} else := _unknown("policy unknown until apply and not built from a policy document in the plan")

# data.aws_iam_policy_document: its JSON when known, else its statement blocks (values, else
# the configuration's constant expressions); statements whose parts are unknown are marked
# uncertain. Merged source/override documents make an unknown JSON unknown.
_policy_document_data(d) := parse_json(d.values.json) if {
	is_string(object.get(d.values, "json", null))
} else := _composed(d) if {
	some key in _composing
	_composes(d, key)
} else := _known(_own_statements(d)) if {
	_has_own_statements(d)
} else := _unknown("policy document unknown until apply")

# The statement blocks of the document itself: known values (parts marked uncertain), else the
# configuration's blocks. A list wholly unknown until apply with no block in the configuration
# (dynamic blocks) is unknown.
_own_statements(d) := _with_principal_refs(d, _uncertain_marked(
	iam.statements_of_blocks(d.values.statement),
	object.get(d.unknown, "statement", false),
)) if {
	is_array(object.get(d.values, "statement", null))
	not _statements_wholly_unknown(d)
} else := _with_principal_refs(d, _config_statements(d)) if {
	count(_config_statement_blocks(d)) > 0
}

_has_own_statements(d) if _own_statements(d)

_statements_wholly_unknown(d) if {
	d.unknown.statement == true
	count(d.values.statement) == 0
}

_uncertain_marked(statements, unknown) := [object.union(s, _uncertainty(_unknown_fields(unknown, i))) |
	some i, s in statements
]

# The fields of statement block i that are unknown until apply.
_unknown_fields(unknown, i) := {k | some k, v in util.object_or_empty(unknown[i]); util.any_true(v)} if is_array(unknown)

else := {"statement"} if unknown == true

else := set()

# A statement is uncertain when any part of it is unknown until apply; when only its resources
# are, what it grants on any resource (backup-only actions) is still certain.
_uncertainty(fields) := {
	"uncertain": count(fields) > 0,
	"resources_only": fields == {"resources"},
	"actions_unknown": count(fields & {"actions", "not_actions", "effect", "statement"}) > 0,
}

# Statement blocks of the configuration: constant values unwrapped; an expression with
# references only makes that statement uncertain.
_config_statement_blocks(d) := util.as_list(object.get(
	object.get(object.get(plan.config_resources, d.config, {}), "expressions", {}),
	"statement", [],
))

_config_statements(d) := [object.union(s, _uncertainty(_referenced_fields(blocks[i]))) |
	blocks := _config_statement_blocks(d)
	some i, s in iam.statements_of_blocks([_unwrap_block(b) | some b in blocks])
]

# AWS principals a statement block names by configuration reference (ARNs unknown until apply):
# {"module": the module instance of the document, "ref": "aws_iam_role.ci.arn"}, resolved to
# principals of the plan by the credential-reach graph.
_with_principal_refs(d, statements) := [object.union(st, {"principal_refs": _principal_refs(d, i)}) |
	some i, st in statements
]

_principal_refs(d, i) := [{"module": d.module, "ref": r} |
	some p in util.as_list(object.get(object.get(_config_statement_blocks(d), i, {}), "principals", []))
	p.type.constant_value == "AWS"
	some r in util.as_list(object.get(object.get(p, "identifiers", {}), "references", []))
	is_string(r)
]

_referenced_fields(block) := {k | some k, v in block; contains(json.marshal(v), "\"references\"")}

# Statement blocks nest one level (condition, principals): unwrapped to that depth.
_unwrap_block(b) := {k: _unwrap(v) | some k, v in util.object_or_empty(b)}

_unwrap(v) := _constant(v) if not is_array(v)

else := [{k: _constant(x) | some k, x in util.object_or_empty(nested)} | some nested in v]

_constant(v) := v.constant_value if {
	is_object(v)
	"constant_value" in object.keys(v)
} else := null

_managed_document(id, key) := object.union(
	{"id": id, "state": "", "address": "", "kind": "identity", "label": concat("", ["arn:aws:iam::aws:policy/", key])},
	_known(iam.statements_of_json(data.bulkhead.managed_policies[key])),
)

# AWS managed policies the plan names by value (only these are analysed).
_managed_keys contains key if {
	some state, instances in plan.instances
	some inst in instances
	some attr in ["policy_arn", "policy_arns", "managed_policy_arns", "permissions_boundary"]
	some arn in plan.known_strings(inst, attr)
	key := managed_key(arn)
	data.bulkhead.managed_policies[key]
}

# "arn:aws:iam::aws:policy/job-function/DatabaseAdministrator" → "job-function/DatabaseAdministrator"
managed_key(arn) := substring(arn, indexof(arn, ":policy/") + 8, -1) if {
	contains(arn, "::aws:policy/")
	parts := split(arn, ":")
	count(parts) == 6
	parts[0] == "arn"
	parts[2] == "iam"
	parts[4] == "aws"
	startswith(parts[5], "policy/")
}

# --- documents named by ARN --------------------------------------------------------------------

# The documents an ARN attribute names: [{"id": document id, or "" for a document bulkhead
# cannot see (unknown until apply, or outside the plan), "label", "reason"}].
references(state, inst, attr) := array.concat(
	[by_arn(state, arn) | some arn in plan.known_strings(inst, attr)],
	_by_reference(state, inst, attr),
)

# The document one known policy ARN names.
by_arn(state, arn) := {"id": id(state, a), "label": a} if {
	some a in plan.index(plan.by_arn, state, arn)
	plan.instances[state][a].type == "aws_iam_policy"
} else := {"id": concat(":", ["aws", key]), "label": arn} if {
	key := managed_key(arn)
	data.bulkhead.managed_policies[key]
} else := {"id": "", "label": arn, "reason": "policy outside the plan"} if {
	arn != ""
} else := {"id": "", "label": "(empty policy ARN)", "reason": "policy ARN is empty"}

_by_reference(state, inst, attr) := [] if not plan.is_unknown(inst, attr)

else := [{"id": id(state, a), "label": a} | some a in targets] if {
	targets := {a | some a in plan.reference_targets(state, inst, attr, {"aws_iam_policy"})}
	count(targets) > 0
} else := [{
	"id": "",
	"label": concat(".", [inst.address, attr]),
	"reason": "policy ARN unknown until apply and not joined to a policy of the plan",
}]

# --- what a document grants --------------------------------------------------------------------

# What one known document grants and denies, over the catalogue actions, computed once per
# document. "admin"/"backup" count certain statements only; the "_worst" sets also count
# statements whose parts are unknown until apply. Denies subtract only when unconditional and on
# every resource.
analysis[id] := _analysed[doc.text] if {
	some id, doc in by_id
	doc.known
	doc.text
}

analysis[id] := analyse(doc.statements) if {
	some id, doc in by_id
	doc.known
	not doc.text
}

# Once per distinct policy text (BEFORE and AFTER of an unchanged resource share it).
# regal ignore:prefer-set-or-object-rule
_analysed := {text: analyse(doc.statements) |
	some text, doc in _parsed
	doc.known
}

analyse(statements) := {
	"admin": {a | some e in entries; some a in e.admin},
	"backup": {a | some e in entries; some a in e.backup},
	"admin_worst": {a | some e in entries; some a in e.admin_worst},
	"backup_worst": {a | some e in entries; some a in e.backup_worst},
	"deny": {a | some e in entries; some a in e.deny},
	"reach": [r | some i, e in entries; r := _reach_entry(statements[i], e.reach)],
} if {
	entries := [statement_entry(s) | some s in statements]
}

# What one statement says about the BH006 edge and launch actions (catalogue.reach and
# catalogue.launch), with the resources it says it on: Allow statements whatever their
# condition, unconditional Deny statements. A statement whose actions are unknown until apply
# may, at worst, name any of them.
_reach_entry(s, actions) := {
	"sid": s.sid,
	"effect": s.effect,
	"kinds": {_edge_kind(a) | some a in actions},
	"resources": s.resources,
	"not_resource": s.not_resource,
	"everything": _reach_everything(s),
	"certain": _is_certain(s),
} if {
	count(actions) > 0
	_reach_counts(s)
}

# The kind of edge an action makes: a catalogue.reach kind ("assume", "pass", "mint", "join", …)
# or "launch:<service principal>" for an action that starts code as a passed role.
_edge_kind(a) := catalogue.reach[a]

_edge_kind(a) := concat(":", ["launch", svc]) if {
	not catalogue.reach[a]
	some svc in catalogue.launch_services[a]
}

_reach_counts(s) if s.effect == "Allow"

_reach_counts(s) if {
	s.effect == "Deny"
	not s.uncertain == true
	iam.unconditional(s)
	not s.not_resource
}

_reach_everything(s) if iam.covers_everything(s)

else if _uncertain_allow(s)

else := false

_is_certain(s) := false if s.uncertain == true

else := true

_reach_actions := object.keys(catalogue.reach) | object.keys(catalogue.launch_services)

# The catalogue actions one statement certainly allows as admin / as backup deletion, may allow
# at worst, and certainly denies. A statement with unknown parts grants for certain only what no
# unknown part can take away, and denies nothing.
statement_entry(s) := {
	"admin": admin,
	"backup": backup,
	"admin_worst": _worst(s, admin, {a | some a in worst; catalogue.admin[a]}),
	"backup_worst": _worst(s, backup, {a | some a in worst; catalogue.backup[a]}),
	"deny": _denied(s, matched),
	"reach": _reach_of(s, matched),
} if {
	matched := _matched_actions(s)
	worst := _worst_actions(s, matched)
	admin := _allowed_admin(s, matched)
	backup := _allowed_backup(s, matched)
}

_matched_actions(s) := iam.matched_actions_with(s, _action_matches)

# The catalogue actions of every distinct action pattern of the plan's documents, matched once.
# regal ignore:prefer-set-or-object-rule
_action_matches := {iam.match_key(k[0], k[1]): iam.pattern_matches(k[1], k[0]) | some k in _action_patterns}

_action_patterns contains [s.effect == "Allow", p] if {
	some doc in by_id
	some s in doc.statements
	is_array(s.actions)
	some p in s.actions
}

_action_patterns contains [s.effect != "Allow", p] if {
	some doc in by_id
	some s in doc.statements
	s.actions == null
	is_array(s.not_actions)
	some p in s.not_actions
}

_reach_of(s, matched) := _reach_actions if {
	s.actions_unknown == true
	s.effect == "Allow"
} else := matched & _reach_actions

# Actions unknown until apply may, at worst, be any action.
_worst_actions(s, _) := catalogue.actions if s.actions_unknown == true

_worst_actions(s, matched) := matched if not s.actions_unknown == true

_allowed_admin(s, matched) := {a |
	s.effect == "Allow"
	not s.uncertain == true
	some a in matched
	catalogue.admin[a]
	iam.covers_admin(s, a)
}

_allowed_backup(s, matched) := only | _on_storage(s, data_plane) if {
	s.effect == "Allow"
	_certain_enough(s)
	only := {a | some a in matched; catalogue.backup[a] == "only"}
	data_plane := {a | some a in matched; catalogue.backup[a] == "data"}
} else := set()

_certain_enough(s) if not s.uncertain == true

_certain_enough(s) if s.resources_only == true

# Data actions count only on backup storage: decided once per statement, not once per action.
_on_storage(s, actions) := actions if {
	count(actions) > 0
	not s.uncertain == true
	_reaches_backup_storage(s)
} else := set()

_reaches_backup_storage(s) if iam.covers_everything(s)

_reaches_backup_storage(s) if {
	not iam.covers_everything(s)
	storage.reached(s)
}

# A statement with unknown parts may, in the worst case, cover every resource.
_worst(s, _, everything) := everything if _uncertain_allow(s)

_worst(s, certain, _) := certain if not _uncertain_allow(s)

_uncertain_allow(s) if {
	s.uncertain == true
	s.effect == "Allow"
}

_denied(s, matched) := matched if {
	s.effect == "Deny"
	not s.uncertain == true
	iam.unconditional(s)
	iam.covers_everything(s)
} else := set()

# The force-MFA gate statements of a known document, computed once per document:
# [{"level": 1 | 2, "statement": sid}] (see iam.deny_mfa_level).
gates[id] := [{"level": level, "statement": s.sid} |
	some s in doc.statements
	not s.uncertain == true
	iam.denies_all_but_bootstrap(s)
	level := iam.deny_mfa_level(s)
	level > 0
] if {
	some id, doc in by_id
	doc.known
}

# Documents that could not be read at all (for the summary).
unverifiable contains id if {
	some id, doc in by_id
	not doc.known
}
