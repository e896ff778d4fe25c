# METADATA
# title: Plan reading
# description: |
#   The BEFORE and AFTER views of a `terraform show -json` / `tofu show -json` plan: every
#   resource instance with its values and unknown marks, indexed once by name, ARN and
#   configuration address, and the joins between instances, by value when known and else by
#   the configuration references of the attribute (module-aware, count/for_each-aware).
package bulkhead.lib.plan

import data.bulkhead.lib.util

# --- instances ---------------------------------------------------------------------------------

_changes := [rc |
	some rc in util.as_list(object.get(input, "resource_changes", []))
	is_object(rc)
	is_object(object.get(rc, "change", null))
	is_string(object.get(rc, "address", null))
	not "deposed" in object.keys(rc)
]

# Sets and maps looked up by a computed key are complete rules: the interpreter evaluates a
# partial rule again for each key, the wasm build scans a set with `in`.
# regal ignore:prefer-set-or-object-rule
_changed_addresses := {rc.address | some rc in _changes}

_actions(rc) := util.as_list(object.get(object.get(rc, "change", {}), "actions", []))

_instance(rc, values, unknown) := {
	"address": rc.address,
	"type": object.get(rc, "type", ""),
	"mode": object.get(rc, "mode", "managed"),
	"module": object.get(rc, "module_address", ""),
	"config": config_key(rc),
	"values": util.object_or_empty(values),
	"unknown": util.object_or_empty(unknown),
	"actions": _actions(rc),
}

# A plan can name one address twice (older Terraform wrote duplicate state entries): each
# index keeps the first entry of an address, so no input makes an object conflict. Entries are
# deduplicated by their position (hashing positions, not whole instances).
_after_positions[rc.address] contains i if {
	some i, rc in _changes
	not _actions(rc) == ["delete"]
}

_before_positions[rc.address] contains i if {
	some i, rc in _changes
	not _actions(rc) in {["create"], ["read"]}
	is_object(_before_values(rc))
}

# A no-op change leaves the resource as it is: its BEFORE is its AFTER (Terraform writes the same
# object twice; the engine's pre-filter keeps one copy).
_before_values(rc) := rc.change.after if _actions(rc) == ["no-op"]

else := object.get(rc.change, "before", null)

_after_changes[a] := _instance(rc, rc.change.after, object.get(rc.change, "after_unknown", {})) if {
	some a, positions in _after_positions
	rc := _changes[min(positions)]
}

_before_changes[a] := _instance(rc, _before_values(rc), {}) if {
	some a, positions in _before_positions
	rc := _changes[min(positions)]
}

# Data sources read at plan time are not in resource_changes: take them from the state. So are
# the managed resources a `-target` plan leaves out: its resource_changes and planned_values hold
# only the targeted resources, its prior_state all of them. A managed resource of prior_state
# with no change is unchanged: in BEFORE and AFTER with its prior values.
_state_roots := {
	"prior": _at(input, ["prior_state", "values", "root_module"]),
	"planned": _at(input, ["planned_values", "root_module"]),
}

# The data sources of each state and the unchanged managed resources of the prior state, in
# order: {"module": module address, "resource": r}.
_state_data[source] := [{"module": object.get(m, "address", ""), "resource": r} |
	some m in util.modules(root)
	some r in util.as_list(object.get(m, "resources", []))
	_read_from_state(source, object.get(r, "mode", "managed"))
	is_string(object.get(r, "address", null))
	not _changed_addresses[r.address]
] if some source, root in _state_roots

_read_from_state(_, "data")

_read_from_state("prior", "managed")

_state_positions[source][e.resource.address] contains i if {
	some source, entries in _state_data
	some i, e in entries
}

_state_instances(source) := {a: _instance(located, e.resource.values, {}) |
	some a, positions in object.get(_state_positions, source, {})
	e := _state_data[source][min(positions)]
	located := object.union(e.resource, {"module_address": e.module})
}

_prior_data := _state_instances("prior")

_planned_data := _state_instances("planned")

# A nested object member, or {} when any step is missing or not an object.
_at(v, path) := object.get(util.object_or_empty(v), path, {})

_data_instances := object.union(_planned_data, _prior_data)

_base_instances := {
	"before": object.union(_data_instances, _before_changes),
	"after": object.union(_data_instances, _after_changes),
}

before_instances := object.union(_base_instances.before, outside_principals)

after_instances := object.union(_base_instances.after, outside_principals)

# --- principals outside the plan ---------------------------------------------------------------

# The attributes by which a resource names a user, group or role (by name), and what the
# resource gives that principal: "inline" (its own policy document), "policy" (the attribute
# holding policy ARNs), "membership" (the user or the group side of a group membership), or
# nothing the model reads (instance profiles, access keys and login profiles only name it).
# The principal model (model.rego) reads its attachments and memberships from this one table.
principal_names := [
	{"type": "aws_iam_role_policy", "attr": "role", "principal_type": "aws_iam_role", "inline": true},
	{"type": "aws_iam_user_policy", "attr": "user", "principal_type": "aws_iam_user", "inline": true},
	{"type": "aws_iam_group_policy", "attr": "group", "principal_type": "aws_iam_group", "inline": true},
	_attaches("aws_iam_role_policy_attachment", "role", "aws_iam_role", "policy_arn"),
	_attaches("aws_iam_user_policy_attachment", "user", "aws_iam_user", "policy_arn"),
	_attaches("aws_iam_group_policy_attachment", "group", "aws_iam_group", "policy_arn"),
	_attaches("aws_iam_policy_attachment", "roles", "aws_iam_role", "policy_arn"),
	_attaches("aws_iam_policy_attachment", "users", "aws_iam_user", "policy_arn"),
	_attaches("aws_iam_policy_attachment", "groups", "aws_iam_group", "policy_arn"),
	_attaches("aws_iam_role_policy_attachments_exclusive", "role_name", "aws_iam_role", "policy_arns"),
	_attaches("aws_iam_user_policy_attachments_exclusive", "user_name", "aws_iam_user", "policy_arns"),
	_attaches("aws_iam_group_policy_attachments_exclusive", "group_name", "aws_iam_group", "policy_arns"),
	{"type": "aws_iam_user_group_membership", "attr": "user", "principal_type": "aws_iam_user", "membership": "user"},
	{"type": "aws_iam_user_group_membership", "attr": "groups", "principal_type": "aws_iam_group", "membership": "group"},
	{"type": "aws_iam_group_membership", "attr": "users", "principal_type": "aws_iam_user", "membership": "user"},
	{"type": "aws_iam_group_membership", "attr": "group", "principal_type": "aws_iam_group", "membership": "group"},
	{"type": "aws_iam_instance_profile", "attr": "role", "principal_type": "aws_iam_role"},
	{"type": "aws_iam_access_key", "attr": "user", "principal_type": "aws_iam_user"},
	{"type": "aws_iam_user_login_profile", "attr": "user", "principal_type": "aws_iam_user"},
]

_attaches(type, attr, principal_type, policy) := {"type": type, "attr": attr, "principal_type": principal_type, "policy": policy}

# Names of the principals the plan holds (managed or data sources, either state), by type.
_plan_principal_names[t] contains n if {
	some state, m in _base_instances
	some i in m
	t := i.type
	t in {"aws_iam_user", "aws_iam_group", "aws_iam_role"}
	n := i.values.name
	is_string(n)
}

# A principal that an attachment, inline policy, membership, instance profile or key names and
# that the plan does not hold (created elsewhere: `role = "legacy-ci"`, a variable, a module
# output) is modelled by its name, in both states, with what the plan gives it.
# regal ignore:prefer-set-or-object-rule
outside_principals := {outside_address(spec.principal_type, n): _outside_instance(spec.principal_type, n) |
	some spec in principal_names
	some state, m in _base_instances
	some a in object.get(_base_by_type[state], spec.type, set())
	some n in known_strings(m[a], spec.attr)
	n != ""
	not object.get(_plan_principal_names, spec.principal_type, set())[n]
}

_base_by_type[state][t] contains a if {
	some state, m in _base_instances
	some a, i in m
	t := i.type
}

# `aws_iam_role "legacy-ci" (outside the plan)`
outside_address(type, name) := concat("", [type, " \"", name, "\" (outside the plan)"])

_outside_instance(type, name) := {
	"address": outside_address(type, name),
	"type": type,
	"mode": "managed",
	"module": "",
	"config": "",
	"values": {"name": name},
	"unknown": {},
	"actions": ["no-op"],
	"outside": true,
}

# --- configuration -----------------------------------------------------------------------------

# The configuration address of an instance: module path without instance keys + local address.
config_key(r) := util.join_address(strip_keys(object.get(r, "module_address", "")), _local(r))

_local(r) := concat(".", ["data", r.type, r.name]) if r.mode == "data"

else := concat(".", [r.type, r.name])

# "module.a[0].module.b[\"k\"]" → "module.a.module.b" (a key that itself holds "]" is not split
# correctly; such keys do not occur in practice). Most addresses have no key: returned as they are.
strip_keys(address) := address if {
	is_string(address)
	not contains(address, "[")
} else := concat("", array.concat([parts[0]], [substring(p, indexof(p, "]") + 1, -1) |
	some i, p in parts
	i > 0
])) if {
	is_string(address)
	parts := split(address, "[")
} else := ""

_configuration := object.get(input, "configuration", {})

# Configuration modules with their address prefix ("" for the root module).
config_modules := util.config_modules(object.get(util.object_or_empty(_configuration), "root_module", {}))

config_resources[k] := util.first(c) if some k, c in _config_candidates

_config_candidates[util.join_address(m.prefix, r.address)] contains r if {
	some m in config_modules
	some r in util.as_list(object.get(m.module, "resources", []))
	is_string(object.get(r, "address", null))
}

# The references of an attribute's configuration expression.
references(inst, attr) := [r |
	some r in util.as_list(object.get(object.get(object.get(config_resources, inst.config, {}), "expressions", {}), attr, {}).references)
	is_string(r)
]

# --- views -------------------------------------------------------------------------------------

states := ["before", "after"]

# The resource types the rules read: every aws_iam_* type (principals, policies, attachments,
# memberships, credentials, policy documents) and these. The engine drops every other resource
# before evaluation; a test proves that no finding changes on any plan the project has.
relevant_prefixes := ["aws_iam_"]

relevant_types := {
	"aws_s3_bucket", "aws_s3_bucket_policy", "aws_s3_bucket_versioning",
	"aws_s3_bucket_object_lock_configuration", "aws_backup_vault", "aws_backup_vault_policy",
	"aws_backup_vault_lock_configuration", "aws_kms_key", "aws_glacier_vault", "aws_dynamodb_table",
	"aws_cognito_user_pool", "aws_caller_identity", "aws_backup_plan", "aws_backup_logically_air_gapped_vault",
}

# Both states, keyed "before" and "after"; every function below takes the state's name.
instances := {"before": before_instances, "after": after_instances}

# The attribute other resources name an instance by, for the types joins look up by name.
_name_attributes := {
	"aws_iam_user": "name", "aws_iam_group": "name", "aws_iam_role": "name",
	"aws_backup_vault": "name", "aws_s3_bucket": "bucket",
}

# Indexes built once, in one pass each (multi-value rules: no nested scans).
by_config[state][k] contains a if {
	some state, m in instances
	some a, i in m
	k := i.config
}

# The same by module instance: "module.a[\"k\"]|module.a.aws_iam_role.r" (a reference made inside
# one instance of a for_each module joins only that instance's resources: without this index,
# each reference would scan the resources of every instance of the module).
by_module_config[state][k] contains a if {
	some state, m in instances
	some a, i in m
	k := concat("|", [i.module, i.config])
}

by_type[state][t] contains a if {
	some state, m in instances
	some a, i in m
	t := i.type
}

by_name[state][t][n] contains a if {
	some state, m in instances
	some a, i in m
	t := i.type
	n := i.values[_name_attributes[t]]
	is_string(n)
}

by_arn[state][arn] contains a if {
	some state, m in instances
	some a, i in m
	arn := i.values.arn
	is_string(arn)
}

# One entry of an index: index(by_type, "after", "aws_iam_role") is a set of addresses.
index(rule, state, key) := object.get(object.get(rule, state, {}), key, set())

# --- joins -------------------------------------------------------------------------------------

# An attribute of an instance is (partly) unknown until apply, and set by the configuration.
is_unknown(inst, attr) if {
	_marked_unknown(object.get(inst.unknown, attr, false))
	configured(inst, attr)
}

_marked_unknown(true)

_marked_unknown(u) if {
	is_array(u)
	true in u
}

# The configuration sets the attribute (a constant, references, or a function call). Attributes
# the provider computes when they are not set (managed_policy_arns, inline_policy, …) are unknown
# at create but stay empty unless the configuration sets them.
configured(inst, attr) if attr in object.keys(object.get(object.get(config_resources, inst.config, {}), "expressions", {}))

# The configuration of the instance is not in the plan: assume the attribute may be set.
configured(inst, _) if not config_resources[inst.config]

# Known string values of an attribute (a string or a list of strings).
known_strings(inst, attr) := [s | some s in util.as_list(object.get(inst.values, attr, null)); is_string(s)]

# Instances of the given types that an attribute of inst names:
#   {"targets": [addresses], "unresolved": bool}   (state: "before" or "after")
# By value when the value is known (names, or ARNs), else by configuration references. A value
# that is unknown and whose references reach no instance of those types is unresolved.
join(state, inst, attr, types) := {
	"targets": array.concat(by_value, by_ref),
	"unresolved": _unresolved(inst, attr, by_ref),
} if {
	by_value := [a |
		some s in known_strings(inst, attr)
		some a in _by_value(state, s, types)
	]
	by_ref := reference_targets(state, inst, attr, types)
}

_by_value(state, s, types) := named if {
	named := [a |
		some t in types
		some a in object.get(object.get(object.get(by_name, state, {}), t, {}), s, set())
	]
	count(named) > 0
} else := [a | some a in index(by_arn, state, s); instances[state][a].type in types]

_unresolved(inst, attr, by_ref) if {
	is_unknown(inst, attr)
	count(by_ref) == 0
}

_unresolved(inst, attr, _) := false if not is_unknown(inst, attr)

_unresolved(inst, attr, by_ref) := false if {
	is_unknown(inst, attr)
	count(by_ref) > 0
}

# Instances reached through the configuration references of inst.attr, when the value is unknown.
reference_targets(state, inst, attr, types) := [a |
	refs := references(inst, attr)
	pinned := {t.local | some r in refs; t := _parse_reference(r); t.key != ""}
	some ref in refs
	not _unpinned_twin(ref, pinned)
	some a in resolve_reference(state, inst.module, _module_prefix(inst), ref, types)
] if is_unknown(inst, attr)

else := []

_module_prefix(inst) := strip_keys(inst.module)

# Terraform lists "aws_iam_policy.p" after "aws_iam_policy.p[0]": the bare twin of a reference
# pinned to one instance must not join every instance.
_unpinned_twin(ref, pinned) if {
	t := _parse_reference(ref)
	t.key == ""
	t.local in pinned
}

# Resolves one reference made inside the module instance `module` (config prefix `prefix`):
# "aws_iam_role.r.name", "aws_iam_role.r[0]", "data.aws_iam_policy_document.d.json", or
# "module.m.output" (followed one level into the module's output expression).
resolve_reference(state, module, prefix, ref, types) := _resolve_local(state, module, prefix, ref, types) if not startswith(ref, "var.")

# "var.x" inside a module: the references of the module call's argument x, resolved in the
# calling module (one level up).
resolve_reference(state, module, prefix, ref, types) := [a |
	call := _module_call(prefix)
	parts := split(ref, ".")
	some r in util.as_list(object.get(object.get(object.get(call.call, "expressions", {}), parts[1], {}), "references", []))
	not startswith(r, "var.")
	some a in _resolve_local(state, _parent_module(module), call.parent, r, types)
] if startswith(ref, "var.")

# The call of the module at a configuration prefix: {"parent": the caller's prefix, "call"}.
_module_call(prefix) := {"parent": parent, "call": call} if {
	parts := split(prefix, ".module.")
	name := trim_prefix(parts[count(parts) - 1], "module.")
	parent := _parent_prefix(parts)
	some m in config_modules
	m.prefix == parent
	call := m.module.module_calls[name]
}

_parent_prefix(parts) := "" if count(parts) == 1

_parent_prefix(parts) := concat(".module.", array.slice(parts, 0, count(parts) - 1)) if count(parts) > 1

# "module.a[0].module.b[\"k\"]" → "module.a[0]"; a root module's child → "".
_parent_module(module) := concat(".module.", array.slice(parts, 0, count(parts) - 1)) if {
	parts := split(module, ".module.")
	count(parts) > 1
} else := ""

_resolve_local(state, module, prefix, ref, types) := [a |
	target := _parse_reference(ref)
	target.type in types
	some a in index(by_module_config, state, concat("|", [module, util.join_address(prefix, target.local)]))
	_key_matches(instances[state][a], module, target)
] if not startswith(ref, "module.")

_resolve_local(state, module, prefix, ref, types) := [a |
	parts := split(ref, ".")
	count(parts) >= 3
	child := util.join_address(prefix, concat(".", ["module", parts[1]]))
	some m in config_modules
	m.prefix == child
	some out_ref in util.as_list(object.get(object.get(object.get(m.module, "outputs", {}), parts[2], {}), "expression", {}).references)
	target := _parse_reference(out_ref)
	target.type in types
	some a in index(by_config, state, util.join_address(child, target.local))
	inst := instances[state][a]
	_in_child_module(inst.module, module, parts[1])
] if startswith(ref, "module.")

_in_child_module(inst_module, parent, name) if {
	base := util.join_address(parent, concat(".", ["module", name]))
	inst_module == base
}

_in_child_module(inst_module, parent, name) if {
	base := util.join_address(parent, concat(".", ["module", name]))
	startswith(inst_module, concat("", [base, "["]))
	not contains(substring(inst_module, count(base), -1), ".module.")
}

# "aws_iam_role.r[0].name" → {type: "aws_iam_role", local: "aws_iam_role.r", key: "[0]"}
_parse_reference(ref) := _reference_parts("data", parts[1], parts[2]) if {
	parts := split(ref, ".")
	parts[0] == "data"
	count(parts) >= 3
} else := _reference_parts("", parts[0], parts[1]) if {
	parts := split(ref, ".")
	count(parts) >= 2
	not parts[0] in {"data", "var", "local", "each", "count", "path", "terraform", "self", "module"}
}

_reference_parts(mode, type, name_key) := {
	"type": type,
	"local": util.join_address(mode, concat(".", [type, name])),
	"key": key,
} if {
	parts := split(name_key, "[")
	name := parts[0]
	key := _key_of(name_key, parts)
}

_key_of(_, parts) := "" if count(parts) == 1

_key_of(name_key, parts) := substring(name_key, count(parts[0]), -1) if count(parts) > 1

# A reference without an instance key joins to every instance of a count/for_each resource.
_key_matches(_, _, target) if target.key == ""

_key_matches(inst, module, target) if {
	target.key != ""
	inst.address == util.join_address(module, concat("", [target.local, target.key]))
}
