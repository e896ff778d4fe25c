# Policy documents, continued (the package METADATA is in documents.rego): composed documents.
package bulkhead.lib.documents

import data.bulkhead.lib.plan

# source_policy_documents / override_policy_documents (and the older source_json /
# override_json): known JSON is read and merged as the provider does (statements with the same
# Sid replace the source's, then the override's replace those); a list or an element unknown
# until apply, or own statements that cannot be read, add a statement that may allow anything.
_composing := ["source_policy_documents", "override_policy_documents", "source_json", "override_json"]

_composes(d, key) if not object.get(d.values, key, null) in {null, [], ""}

_composes(d, key) if plan.is_unknown(d, key)

_composed(d) := _unknown("a source or override policy document is not valid JSON") if {
	some key in _composing
	some text in plan.known_strings(d, key)
	not parse_json(text).known
} else := _known(array.concat(merged, worst)) if {
	sources := _composing_statements(d, ["source_policy_documents", "source_json"])
	overrides := _composing_statements(d, ["override_policy_documents", "override_json"])
	merged := _merge(_merge(sources, _own_or_empty(d)), overrides)
	worst := [_anything("#unknown") | _composition_unknown(d)]
}

_composing_statements(d, keys) := [st |
	some key in keys
	some text in plan.known_strings(d, key)
	some st in parse_json(text).statements
]

_own_or_empty(d) := _own_statements(d) if _has_own_statements(d)

else := []

_composition_unknown(d) if {
	some key in _composing
	plan.is_unknown(d, key)
}

_composition_unknown(d) if {
	not _has_own_statements(d)
	plan.is_unknown(d, "statement")
}

# Statements of `top` replace those of `base` with the same Sid (positions "#N" are no Sid).
_merge(base, top) := array.concat([st | some st in base; not _sid_in(top, st.sid)], top)

_sid_in(statements, sid) if {
	not startswith(sid, "#")
	some st in statements
	st.sid == sid
}

# A statement unknown until apply: at worst it allows any action on every resource.
_anything(sid) := {
	"sid": sid, "effect": "Allow", "actions": ["*"], "not_actions": null, "resources": ["*"],
	"not_resource": false, "conditions": [], "aws_principal": false, "aws_principals": [],
	"service_principals": [], "federated_principals": [],
	"uncertain": true, "resources_only": false, "actions_unknown": true,
}
