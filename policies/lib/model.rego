# METADATA
# title: Principal model
# description: |
#   Built twice, for the BEFORE and the AFTER state: every policy document of the plan (identity,
#   trust and resource policies, and the AWS managed policies it attaches), which documents reach
#   which principal (inline, attachments of every kind, group membership, permission
#   boundaries), and the catalogue actions each principal is allowed. Unknown values are kept
#   apart so that a verdict can be "certain" (known facts only) or hold only in the "worst" case.
package bulkhead.lib.model

import data.bulkhead.lib.iam
import data.bulkhead.lib.plan
import data.bulkhead.lib.util

_catalogue := data.bulkhead.catalogue

_states := ["before", "after"]

# --- documents ---------------------------------------------------------------------------------

# The policy attribute each document-carrying resource type has, and what kind of policy it is.
document_attributes := {
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
# "aws:<path/name>" for an AWS managed policy. documents[id] is
#   {id, state, address, label, kind, known, reason, statements}
documents[id] := doc if {
	some state in _states
	some type, spec in document_attributes
	some a in plan.index(plan.by_type, state, type)
	inst := plan.instances[state][a]
	doc := _attribute_document(state, inst, spec.attr, spec.kind)
	id := doc.id
}

documents[id] := doc if {
	some state in _states
	some a in plan.index(plan.by_type, state, "aws_iam_role")
	inst := plan.instances[state][a]
	some block in util.as_list(object.get(inst.values, "inline_policy", []))
	is_object(block)
	is_string(object.get(block, "name", null))
	block.name != ""
	doc := _inline_block_document(state, inst, block)
	id := doc.id
}

documents[id] := doc if {
	some key in _managed_keys
	id := concat(":", ["aws", key])
	doc := _managed_document(id, key)
}

_document_id(state, address) := concat(":", [state, address])

_attribute_document(state, inst, attr, kind) := object.union(
	{"id": _document_id(state, inst.address), "state": state, "address": inst.address, "label": inst.address, "kind": kind},
	_parsed_or_unknown(state, inst, attr),
) if {
	_has_document(inst, attr)
}

# A policy attribute that is set, or unknown until apply.
_has_document(inst, attr) if is_string(object.get(inst.values, attr, null))

_has_document(inst, attr) if plan.is_unknown(inst, attr)

_parsed_or_unknown(_, inst, attr) := parse_json_document(inst.values[attr]) if {
	is_string(object.get(inst.values, attr, null))
}

_parsed_or_unknown(state, inst, attr) := _referenced_documents(state, inst, attr) if {
	not is_string(object.get(inst.values, attr, null))
}

_inline_block_document(state, inst, block) := object.union(
	{
		"id": concat("/inline/", [_document_id(state, inst.address), block.name]),
		"state": state, "address": inst.address,
		"label": concat("", [inst.address, " inline policy \"", block.name, "\""]),
		"kind": "identity",
	},
	_block_policy(block),
)

_block_policy(block) := parse_json_document(block.policy) if is_string(object.get(block, "policy", null))

else := {"known": false, "reason": "inline policy unknown until apply", "statements": []}

# A policy JSON string: valid JSON with a Statement gives statements, anything else is unknown.
parse_json_document(s) := {"known": true, "reason": "", "statements": iam.statements_of_json(doc)} if {
	json.is_valid(s)
	doc := json.unmarshal(s)
	is_object(doc)
} else := {"known": false, "reason": "policy is not valid JSON", "statements": []}

# An unknown policy string: the statements of the data.aws_iam_policy_document it references.
_referenced_documents(state, inst, attr) := {"known": true, "reason": "", "statements": statements} if {
	targets := [a |
		some ref in plan.references(inst, attr)
		some a in plan.resolve_reference(state, inst.module, plan.strip_keys(inst.module), ref, {"aws_iam_policy_document"})
	]
	count(targets) > 0
	parts := [_policy_document_data(plan.instances[state][a]) | some a in targets]
	every p in parts {
		p.known
	}
	statements := [s | some p in parts; some s in p.statements]
} else := {"known": false, "reason": "policy unknown until apply and not built from a policy document in the plan", "statements": []}

# data.aws_iam_policy_document: its JSON when known, else its statement blocks (values, else
# the configuration's constant expressions); statements whose parts are unknown are marked
# uncertain. Merged source/override documents make an unknown JSON unknown.
_policy_document_data(d) := parse_json_document(d.values.json) if {
	is_string(object.get(d.values, "json", null))
} else := {"known": false, "reason": "policy document merges other documents unknown until apply", "statements": []} if {
	some key in ["source_policy_documents", "override_policy_documents", "source_json", "override_json"]
	_set(object.get(d.values, key, null))
} else := {"known": true, "reason": "", "statements": _uncertain_marked(
	iam.statements_of_blocks(d.values.statement),
	object.get(d.unknown, "statement", false),
)} if {
	is_array(object.get(d.values, "statement", null))
} else := {"known": true, "reason": "", "statements": _config_statements(d)} if {
	count(_config_statement_blocks(d)) > 0
} else := {"known": false, "reason": "policy document unknown until apply", "statements": []}

_set(v) if {
	v != null
	v != []
	v != ""
}

_uncertain_marked(statements, unknown) := [object.union(s, {"uncertain": _block_unknown(unknown, i)}) |
	some i, s in statements
]

_block_unknown(unknown, _) if unknown == true

_block_unknown(unknown, i) := util.any_true(unknown[i]) if is_array(unknown)

_block_unknown(unknown, _) := false if {
	unknown != true
	not is_array(unknown)
}

# Statement blocks of the configuration: constant values unwrapped; an expression with
# references only makes that statement uncertain.
_config_statement_blocks(d) := util.as_list(object.get(object.get(object.get(plan.config_resources, d.config, {}), "expressions", {}), "statement", []))

_config_statements(d) := [object.union(s, {"uncertain": _block_has_references(blocks[i])}) |
	blocks := _config_statement_blocks(d)
	some i, s in iam.statements_of_blocks([_unwrap_block(b) | some b in blocks])
]

# Statement blocks nest one level (condition, principals): unwrapped to that depth.
_unwrap_block(b) := {k: _unwrap(v) | some k, v in util.object_or_empty(b)}

_unwrap(v) := _constant(v) if not is_array(v)

else := [{k: _constant(x) | some k, x in util.object_or_empty(nested)} | some nested in v]

_constant(v) := v.constant_value if {
	is_object(v)
	"constant_value" in object.keys(v)
} else := null

_block_has_references(b) if contains(json.marshal(b), "\"references\"")

_block_has_references(b) := false if not contains(json.marshal(b), "\"references\"")

_managed_document(id, key) := {
	"id": id, "state": "", "address": "", "kind": "identity",
	"label": concat("", ["arn:aws:iam::aws:policy/", key]),
	"known": true, "reason": "",
	"statements": iam.statements_of_json(data.bulkhead.managed_policies[key]),
}

# AWS managed policies the plan attaches (only these are analysed).
_managed_keys contains key if {
	some state in _states
	some edge in _all_policy_references[state]
	key := edge.managed
}

# --- document analysis -------------------------------------------------------------------------

# What one known document grants and denies, over the catalogue actions, computed once per
# document. "admin"/"backup" count certain statements only; the "_worst" sets also count
# statements whose parts are unknown until apply. Denies subtract only when unconditional and on
# every resource.
analysis[id] := result if {
	some id, doc in documents
	doc.known
	result := analyse(doc.statements)
}

analyse(statements) := {
	"admin": {a | some e in entries; not e.uncertain; some a in e.admin},
	"backup": {a | some e in entries; not e.uncertain; some a in e.backup},
	"admin_worst": {a | some e in entries; some a in e.admin_worst},
	"backup_worst": {a | some e in entries; some a in e.backup_worst},
	"deny": {a | some e in entries; not e.uncertain; some a in e.deny},
} if {
	entries := [_statement_entry(s) | some s in statements]
}

_statement_entry(s) := {
	"uncertain": object.get(s, "uncertain", false),
	"admin": admin,
	"backup": backup,
	"admin_worst": _worst(s, admin, {a | some a in matched; _catalogue.admin[a]}),
	"backup_worst": _worst(s, backup, {a | some a in matched; _catalogue.backup[a]}),
	"deny": _denied(s, matched),
} if {
	matched := iam.matched_actions(s)
	admin := _allowed_admin(s, matched)
	backup := _allowed_backup(s, matched)
}

_allowed_admin(s, matched) := {a |
	s.effect == "Allow"
	some a in matched
	_catalogue.admin[a]
	iam.covers_admin(s, a)
}

_allowed_backup(s, matched) := {a |
	s.effect == "Allow"
	some a in matched
	kind := _catalogue.backup[a]
	_backup_resource_ok(s, kind)
}

_backup_resource_ok(_, "only")

_backup_resource_ok(s, "data") if iam.covers_everything(s)

_backup_resource_ok(s, "data") if iam.touches_any(s, backup_storage_arns)

# A statement with unknown parts may, in the worst case, cover every resource.
_worst(s, _, all) := all if {
	object.get(s, "uncertain", false)
	s.effect == "Allow"
}

_worst(s, certain, _) := certain if not object.get(s, "uncertain", false)

_worst(s, _, _) := set() if {
	object.get(s, "uncertain", false)
	s.effect != "Allow"
}

_denied(s, matched) := matched if {
	s.effect == "Deny"
	iam.unconditional(s)
	iam.covers_everything(s)
} else := set()

# --- backup storage ----------------------------------------------------------------------------

_backup_storage_types := {
	"aws_s3_bucket": ["arn:aws:s3:::%s", "arn:aws:s3:::%s/*"],
	"aws_dynamodb_table": [],
	"aws_kms_key": [],
}

_backup_tag_keys := {"backup", "bulkhead:backup", "purpose"}

# ARNs (and ARN patterns) of backup storage: from the org configuration
# (data.bulkhead.config.backup_resource_patterns) and resources of the plan whose name or tags
# mark them as backups (a tag Backup / bulkhead:backup, or Purpose=backup, or "backup" in the name).
backup_storage_arns := {lower(p) | some p in _configured_backup_patterns; is_string(p)} | _plan_backup_arns

_configured_backup_patterns := data.bulkhead.config.backup_resource_patterns if {
	is_array(data.bulkhead.config.backup_resource_patterns)
} else := []

_plan_backup_arns contains arn if {
	some state in _states
	some type in object.keys(_backup_storage_types)
	some a in plan.index(plan.by_type, state, type)
	inst := plan.instances[state][a]
	_marked_backup(inst)
	some arn in _storage_arns(inst)
}

_marked_backup(inst) if contains(lower(_storage_name(inst)), "backup")

_marked_backup(inst) if {
	some k, v in util.object_or_empty(object.get(inst.values, "tags", {}))
	lower(k) in _backup_tag_keys
	_backup_tag_value(lower(k), lower(v))
}

_backup_tag_value("purpose", v) if contains(v, "backup")

_backup_tag_value(k, v) if {
	k != "purpose"
	not v in {"false", "no", "0", "none", "off"}
}

_storage_name(inst) := name if {
	some key in ["bucket", "name", "description"]
	name := object.get(inst.values, key, null)
	is_string(name)
} else := ""

_storage_arns(inst) := [arn] if {
	arn := object.get(inst.values, "arn", null)
	is_string(arn)
	inst.type != "aws_s3_bucket"
}

_storage_arns(inst) := [concat("", ["arn:aws:s3:::", b]), concat("", ["arn:aws:s3:::", b, "/*"])] if {
	inst.type == "aws_s3_bucket"
	b := object.get(inst.values, "bucket", null)
	is_string(b)
}

# --- who gets which document -------------------------------------------------------------------

# How policies reach principals. "principal" is the attribute naming the principal, "self" marks
# attributes of the principal itself; "inline" documents are the resource's own policy.
_attachment_kinds := [
	{"type": "aws_iam_role_policy", "principal": "role", "principal_type": "aws_iam_role", "inline": true},
	{"type": "aws_iam_user_policy", "principal": "user", "principal_type": "aws_iam_user", "inline": true},
	{"type": "aws_iam_group_policy", "principal": "group", "principal_type": "aws_iam_group", "inline": true},
	{"type": "aws_iam_role_policy_attachment", "principal": "role", "principal_type": "aws_iam_role", "policy": "policy_arn"},
	{"type": "aws_iam_user_policy_attachment", "principal": "user", "principal_type": "aws_iam_user", "policy": "policy_arn"},
	{"type": "aws_iam_group_policy_attachment", "principal": "group", "principal_type": "aws_iam_group", "policy": "policy_arn"},
	{"type": "aws_iam_policy_attachment", "principal": "roles", "principal_type": "aws_iam_role", "policy": "policy_arn"},
	{"type": "aws_iam_policy_attachment", "principal": "users", "principal_type": "aws_iam_user", "policy": "policy_arn"},
	{"type": "aws_iam_policy_attachment", "principal": "groups", "principal_type": "aws_iam_group", "policy": "policy_arn"},
	{"type": "aws_iam_role_policy_attachments_exclusive", "principal": "role_name", "principal_type": "aws_iam_role", "policy": "policy_arns"},
	{"type": "aws_iam_user_policy_attachments_exclusive", "principal": "user_name", "principal_type": "aws_iam_user", "policy": "policy_arns"},
	{"type": "aws_iam_group_policy_attachments_exclusive", "principal": "group_name", "principal_type": "aws_iam_group", "policy": "policy_arns"},
	{"type": "aws_iam_role", "self": true, "principal_type": "aws_iam_role", "policy": "managed_policy_arns"},
]

# The principals an attachment reaches: the join's targets, or, when the join cannot be
# resolved, every principal of that type (marked uncertain: worst case only).
_reached(state, inst, kind) := [{"address": inst.address, "uncertain": false}] if {
	object.get(kind, "self", false)
} else := array.concat(
	[{"address": a, "uncertain": false} | some a in j.targets],
	[{"address": a, "uncertain": true} | j.unresolved; some a in plan.index(plan.by_type, state, kind.principal_type)],
) if {
	j := plan.join(state, inst, kind.principal, {kind.principal_type})
}

# The documents an attachment brings: its own policy (inline kinds) or the policies its ARN
# attribute names.
_brought(state, inst, kind) := [{"id": _document_id(state, inst.address), "label": inst.address}] if {
	object.get(kind, "inline", false)
	documents[_document_id(state, inst.address)]
} else := [r |
	some r in policy_references(state, inst, kind.policy)
] if {
	not object.get(kind, "inline", false)
} else := []

# Every policy reference of an ARN attribute (for the managed-document set).
_all_policy_references[state] contains r if {
	some state in _states
	some kind in _attachment_kinds
	not object.get(kind, "inline", false)
	some a in plan.index(plan.by_type, state, kind.type)
	some r in policy_references(state, plan.instances[state][a], kind.policy)
}

_all_policy_references[state] contains r if {
	some state in _states
	some type in ["aws_iam_role", "aws_iam_user"]
	some a in plan.index(plan.by_type, state, type)
	some r in policy_references(state, plan.instances[state][a], "permissions_boundary")
}

# The documents an ARN attribute names: {"id": document id | "", "label", "managed": key?}.
# An id of "" is a document bulkhead cannot see (unknown until apply, or outside the plan).
policy_references(state, inst, attr) := array.concat(known, referenced) if {
	known := [_policy_by_arn(state, arn) | some arn in plan.known_strings(inst, attr)]
	referenced := _policy_by_reference(state, inst, attr)
}

_policy_by_arn(state, arn) := {"id": _document_id(state, a), "label": a} if {
	some a in plan.index(plan.by_arn, state, arn)
	plan.instances[state][a].type == "aws_iam_policy"
} else := {"id": concat(":", ["aws", key]), "label": arn, "managed": key} if {
	key := _managed_key(arn)
	data.bulkhead.managed_policies[key]
} else := {"id": "", "label": arn, "reason": "policy outside the plan"} if {
	arn != ""
} else := {"id": "", "label": "(empty policy ARN)", "reason": "policy ARN is empty"}

# "arn:aws:iam::aws:policy/job-function/DatabaseAdministrator" → "job-function/DatabaseAdministrator"
_managed_key(arn) := substring(arn, indexof(arn, ":policy/") + 8, -1) if {
	parts := split(arn, ":")
	count(parts) == 6
	parts[0] == "arn"
	parts[2] == "iam"
	parts[4] == "aws"
	startswith(parts[5], "policy/")
}

_policy_by_reference(state, inst, attr) := [] if not plan.is_unknown(inst, attr)

else := refs if {
	targets := [a |
		some ref in plan.references(inst, attr)
		some a in plan.resolve_reference(state, inst.module, plan.strip_keys(inst.module), ref, {"aws_iam_policy"})
		plan.instances[state][a].type == "aws_iam_policy"
	]
	count(targets) > 0
	refs := [{"id": _document_id(state, a), "label": a} | some a in targets]
} else := [{"id": "", "label": concat(".", [inst.address, attr]), "reason": "policy ARN unknown until apply and not joined to a policy of the plan"}]

# policy_edges[state][principal] contains {doc, label, via, uncertain}
policy_edges[state][p] contains edge if {
	some state in _states
	some kind in _attachment_kinds
	some a in plan.index(plan.by_type, state, kind.type)
	inst := plan.instances[state][a]
	some doc in _brought(state, inst, kind)
	some reached in _reached(state, inst, kind)
	p := reached.address
	edge := {"doc": doc.id, "label": doc.label, "via": a, "uncertain": reached.uncertain, "reason": object.get(doc, "reason", "")}
}

policy_edges[state][p] contains edge if {
	some state, by_role in _inline_documents
	some p, ids in by_role
	some id in ids
	edge := {"doc": id, "label": documents[id].label, "via": p, "uncertain": false, "reason": ""}
}

_inline_documents[state][p] contains id if {
	some id, doc in documents
	contains(id, "/inline/")
	state := doc.state
	p := doc.address
}

policy_edges[state][p] contains edge if {
	some state in _states
	some p in plan.index(plan.by_type, state, "aws_iam_role")
	plan.is_unknown(plan.instances[state][p], "inline_policy")
	edge := {"doc": "", "label": concat("", [p, " inline policies"]), "via": p, "uncertain": false, "reason": "inline policies unknown until apply"}
}

# Group membership: memberships[state][user] contains {group, via, uncertain}
memberships[state][u] contains m if {
	some state in _states
	some a in plan.index(plan.by_type, state, "aws_iam_user_group_membership")
	inst := plan.instances[state][a]
	some user in _reached(state, inst, {"principal": "user", "principal_type": "aws_iam_user"})
	some group in _reached(state, inst, {"principal": "groups", "principal_type": "aws_iam_group"})
	u := user.address
	m := {"group": group.address, "via": a, "uncertain": _either(user.uncertain, group.uncertain)}
}

memberships[state][u] contains m if {
	some state in _states
	some a in plan.index(plan.by_type, state, "aws_iam_group_membership")
	inst := plan.instances[state][a]
	some group in _reached(state, inst, {"principal": "group", "principal_type": "aws_iam_group"})
	some user in _reached(state, inst, {"principal": "users", "principal_type": "aws_iam_user"})
	u := user.address
	m := {"group": group.address, "via": a, "uncertain": _either(user.uncertain, group.uncertain)}
}

_either(a, b) if true in {a, b}

else := false

# Every identity document of a principal: its own and, for a user, its groups'.
identity_edges(state, p) := array.concat(own, inherited) if {
	own := [e | some e in object.get(object.get(policy_edges, state, {}), p, set())]
	inherited := [object.union(e, {
		"via": concat("", [e.via, " (group ", m.group, " via ", m.via, ")"]),
		"uncertain": _either(e.uncertain, m.uncertain),
		"group": m.group,
	}) |
		some m in object.get(object.get(memberships, state, {}), p, set())
		some e in object.get(object.get(policy_edges, state, {}), m.group, set())
	]
}

# Permission boundary documents of a principal (empty: none set).
boundary_refs(state, p) := policy_references(state, plan.instances[state][p], "permissions_boundary")

# --- effective permissions ---------------------------------------------------------------------

principal_types := {"aws_iam_user", "aws_iam_group", "aws_iam_role"}

principals(state) := {a | some t in principal_types; some a in plan.index(plan.by_type, state, t)}

# The catalogue actions P is allowed: {"admin": set, "backup": set} in mode "certain" (known facts
# only) or "worst" (every unknown document or join at its worst).
permissions(state, p, mode) := {
	"admin": _effective(edges, boundary, mode, "admin"),
	"backup": _effective(edges, boundary, mode, "backup"),
} if {
	edges := identity_edges(state, p)
	boundary := boundary_refs(state, p)
}

_effective(edges, boundary, mode, what) := (_granted(edges, mode, what) - _denied_by(edges)) & _bounded(boundary, mode, what)

_granted(edges, "certain", what) := {a |
	some e in edges
	not e.uncertain
	some a in object.get(analysis, e.doc, {})[what]
}

_granted(edges, "worst", what) := {a |
	some e in edges
	some a in _worst_grant(e.doc, what)
}

_worst_grant(id, what) := analysis[id][concat("_", [what, "worst"])] if analysis[id]

else := _everything[what]

_everything := {
	"admin": {a | some a, _ in _catalogue.admin},
	"backup": {a | some a, _ in _catalogue.backup},
}

_denied_by(edges) := {a |
	some e in edges
	not e.uncertain
	some a in object.get(analysis, e.doc, {"deny": set()}).deny
}

# A boundary allows what its documents allow; none set allows everything. An unknown boundary
# allows nothing for certain and everything in the worst case.
_bounded(boundary, _, what) := _everything[what] if count(boundary) == 0

_bounded(boundary, mode, what) := {a | some b in boundary; some a in _boundary_allows(b, mode, what)} - {a |
	some b in boundary
	some a in object.get(analysis, b.id, {"deny": set()}).deny
} if count(boundary) > 0

_boundary_allows(b, _, what) := analysis[b.id][what] if analysis[b.id]

_boundary_allows(b, "worst", what) := _everything[what] if not analysis[b.id]

_boundary_allows(b, "certain", _) := set() if not analysis[b.id]

# Statements of P's documents that grant some of the given actions ("admin" or "backup"):
# the evidence of a finding.
grants(state, p, what, actions) := [{
	"grants": what,
	"policy": e.label,
	"statement": s.sid,
	"via": e.via,
	"actions": sort([object.get(_catalogue.names, a, a) | some a in hit]),
} |
	some e in identity_edges(state, p)
	not e.uncertain
	doc := documents[e.doc]
	some s in doc.statements
	not object.get(s, "uncertain", false)
	entry := _statement_entry(s)
	hit := entry[what] & actions
	count(hit) > 0
]

# Documents of P that could not be read (unknown until apply, outside the plan, or joined only
# in the worst case): the evidence of an "unknown" verdict.
unknown_documents(state, p) := array.concat(
	[{"grants": "unknown", "policy": e.label, "via": e.via, "reason": _reason(e)} |
		some e in identity_edges(state, p)
		_unknown_edge(e)
	],
	[{"grants": "unknown", "policy": b.label, "via": "permissions boundary", "reason": _reason(object.union(b, {"doc": b.id, "uncertain": false}))} |
		some b in boundary_refs(state, p)
		not analysis[b.id]
	],
)

_unknown_edge(e) if e.uncertain

_unknown_edge(e) if not analysis[e.doc]

_unknown_edge(e) if {
	doc := documents[e.doc]
	some s in doc.statements
	object.get(s, "uncertain", false)
}

_reason(e) := "the principal it is attached to is unknown until apply" if e.uncertain

else := documents[e.doc].reason if documents[e.doc].reason != ""

else := "some statement's resources are unknown until apply" if documents[e.doc]

else := object.get(e, "reason", "policy document unknown")

# Documents that could not be read at all (for the summary).
unverifiable_documents := {id | some id, doc in documents; not doc.known}
