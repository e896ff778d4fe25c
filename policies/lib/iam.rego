# METADATA
# title: IAM statement semantics
# description: |
#   Normalises policy documents (JSON strings or data.aws_iam_policy_document statement blocks)
#   into one statement shape, and answers which catalogue actions a statement grants or denies,
#   on which resources, and under which MFA conditions. Matching is case-insensitive; `*` matches
#   any run of characters and `?` exactly one, the service prefix included.
package bulkhead.lib.iam

import data.bulkhead.lib.catalogue
import data.bulkhead.lib.wildcard

# A statement in normal form:
#   {sid, index, effect, actions | null, not_actions | null, resources, not_resource,
#    conditions: [{op, key, values}], aws_principal: bool}
# Action patterns and condition keys are lower case; condition operators keep their spelling.

# Statements of a policy JSON document (already unmarshalled). A document that is not an
# object yields no statement list: the caller treats it as unknown.
statements_of_json(doc) := [_json_statement(s, i) |
	some i, s in _as_list(doc.Statement)
	is_object(s)
]

_json_statement(s, i) := {
	"sid": _sid(object.get(s, "Sid", null), i),
	"effect": _effect(object.get(s, "Effect", "")),
	"actions": _lower_list_or_null(object.get(s, "Action", null)),
	"not_actions": _lower_list_or_null(object.get(s, "NotAction", null)),
	"resources": _string_list(object.get(s, "Resource", object.get(s, "NotResource", []))),
	"not_resource": "NotResource" in object.keys(s),
	"conditions": _json_conditions(object.get(s, "Condition", {})),
	"aws_principal": count(_aws_principals(object.get(s, "Principal", null))) > 0,
	"aws_principals": _aws_principals(object.get(s, "Principal", null)),
	"service_principals": _typed_principals(object.get(s, "Principal", null), "Service"),
	"federated_principals": _typed_principals(object.get(s, "Principal", null), "Federated"),
}

# Statements of data.aws_iam_policy_document `statement` blocks (values or constant
# configuration expressions have the same shape once unwrapped).
statements_of_blocks(blocks) := [_block_statement(b, i) |
	some i, b in _as_list(blocks)
	is_object(b)
]

_block_statement(b, i) := {
	"sid": _sid(object.get(b, "sid", null), i),
	"effect": _effect(_or_default(object.get(b, "effect", null), "Allow")),
	"actions": _block_actions(b, "actions"),
	"not_actions": _block_actions(b, "not_actions"),
	"resources": _block_resources(b),
	"not_resource": count(_string_list(object.get(b, "not_resources", []))) > 0,
	"conditions": [c |
		some cond in _as_list(object.get(b, "condition", []))
		c := {
			"op": object.get(cond, "test", ""),
			"key": lower(_string(object.get(cond, "variable", ""))),
			"values": _condition_values(object.get(cond, "values", [])),
		}
	],
	"aws_principal": count(_block_aws_principals(b)) > 0,
	"aws_principals": _block_aws_principals(b),
	"service_principals": _block_principals(b, "Service"),
	"federated_principals": _block_principals(b, "Federated"),
}

_block_actions(b, key) := null if {
	count(_string_list(object.get(b, key, []))) == 0
} else := _lower_list_or_null(object.get(b, key, []))

_block_resources(b) := _string_list(object.get(b, "not_resources", [])) if {
	count(_string_list(object.get(b, "not_resources", []))) > 0
} else := ["*"] if {
	count(_string_list(object.get(b, "resources", []))) == 0
} else := _string_list(object.get(b, "resources", []))

# Statements without a Sid are named by their position, "#0", "#1", …
_sid(sid, _) := sid if _named(sid)

_sid(sid, index) := concat("", ["#", format_int(index, 10)]) if {
	not _named(sid)
}

_named(sid) if {
	is_string(sid)
	sid != ""
}

_effect(e) := "Deny" if lower(_string(e)) == "deny"

else := "Allow"

_or_default(null, d) := d

_or_default(v, _) := v if v != null

# The AWS principals (account roots, user and role ARNs, "*") a statement names, lower case.
_aws_principals(p) := ["*"] if p == "*"

else := [lower(x) | some x in _as_list(p.AWS); is_string(x)] if is_object(p)

else := []

# Service or Federated principals of a statement, lower case.
_typed_principals(p, type) := [lower(x) | some x in _as_list(object.get(p, type, [])); is_string(x)] if is_object(p)

else := []

_block_principals(b, type) := [lower(x) |
	some p in _as_list(object.get(b, "principals", []))
	p.type == type
	some x in _as_list(object.get(p, "identifiers", []))
	is_string(x)
]

_block_aws_principals(b) := _block_principals(b, "AWS")

_json_conditions(c) := [] if not is_object(c)

_json_conditions(c) := [{"op": op, "key": lower(key), "values": _condition_values(v)} |
	some op, keys in c
	is_object(keys)
	some key, v in keys
] if is_object(c)

_condition_values(v) := [_scalar(x) | some x in _as_list(v)]

# Condition values as lower-case strings (booleans and numbers spelled out).
_scalar(x) := lower(x) if is_string(x)

else := "true" if x == true

else := "false" if x == false

else := format_int(x, 10) if is_number(x)

else := ""

_as_list(v) := v if is_array(v)

else := [] if v == null

else := [v]

_string(v) := v if is_string(v)

else := ""

_string_list(v) := [x | some x in _as_list(v); is_string(x)]

_lower_list_or_null(null) := null

_lower_list_or_null(v) := [lower(x) | some x in _as_list(v); is_string(x)] if v != null

# --- action matching -------------------------------------------------------------------------

# Catalogue actions that one action pattern matches. A pattern too complex to match (see
# wildcard) matches every candidate when wide (what an Allow grants), none when narrow (what a
# Deny takes away), so that it can never hide a violation.
pattern_matches(p, _) := {p} & catalogue.actions if _literal(p)

pattern_matches(p, wide) := {a | some a in _candidates(p)} if {
	not _literal(p)
	wildcard.too_complex(p)
	wide == true
}

pattern_matches(p, wide) := set() if {
	not _literal(p)
	wildcard.too_complex(p)
	not wide
}

pattern_matches(p, _) := {a | some a in _candidates(p); wildcard.match(p, a)} if {
	not _literal(p)
	not wildcard.too_complex(p)
}

_literal(p) if {
	not contains(p, "*")
	not contains(p, "?")
}

_candidates(p) := object.get(catalogue.by_service, svc, set()) if {
	count(split(p, ":")) == 2
	svc := split(p, ":")[0]
	not contains(svc, "*")
	not contains(svc, "?")
} else := catalogue.actions

# Catalogue actions a statement's Action/NotAction names (wide for an Allow, narrow for a Deny).
matched_actions(s) := matched_actions_with(s, {})

# The same, with the matches of patterns already known: {match_key(wide, pattern): actions}
# (documents matches each distinct pattern of the plan once: thousands of statements repeat the
# same few patterns, "s3:Get*").
matched_actions_with(s, known) := {a | some p in s.actions; some a in _matches(known, p, s.effect == "Allow")} if s.actions != null

matched_actions_with(s, known) := catalogue.actions - {a | some p in s.not_actions; some a in _matches(known, p, s.effect != "Allow")} if {
	s.actions == null
	s.not_actions != null
}

matched_actions_with(s, _) := set() if {
	s.actions == null
	s.not_actions == null
}

_matches(known, p, wide) := known[match_key(wide, p)] if {
	known[match_key(wide, p)]
} else := pattern_matches(p, wide)

match_key(true, p) := concat("", ["wide|", p])

match_key(false, p) := concat("", ["narrow|", p])

# --- resources -------------------------------------------------------------------------------

# The statement applies to every resource.
covers_everything(s) if {
	not s.not_resource
	"*" in s.resources
}

# NotResource on an Allow grants everything but a few resources: counted as everything
# (over-approximation, documented).
covers_everything(s) if {
	s.not_resource
	s.effect == "Allow"
}

# For an admin action: the statement covers every IAM resource of the type the action acts on
# (e.g. arn:aws:iam::*:role/* for iam:PutRolePolicy), in any account.
covers_admin(s, _) if covers_everything(s)

covers_admin(s, action) if {
	not s.not_resource
	some r in s.resources
	some probe_type in catalogue.admin[action]
	_matches_probe(lower(r), probe_type)
}

_matches_probe(pattern, _) if wildcard.too_complex(pattern)

_matches_probe(pattern, rtype) if {
	parts := split(pattern, ":")
	count(parts) >= 6
	probe := concat(":", [
		"arn", _literal_or(parts[1], "aws"), "iam", "",
		_literal_or(parts[4], "123456789012"),
		concat("", [rtype, "/bulkhead-probe/any-name"]),
	])
	wildcard.match(pattern, probe)
}

_matches_probe(pattern, _) if {
	count(split(pattern, ":")) < 6
	wildcard.match(pattern, "arn:aws:iam::123456789012:role/bulkhead-probe/any-name")
}

_literal_or(part, _) := part if _is_literal(part)

_literal_or(part, fallback) := fallback if {
	not _is_literal(part)
}

_is_literal(part) if {
	not contains(part, "*")
	not contains(part, "?")
	part != ""
}

# Two ARN patterns (or ARNs) name a common resource: either matches the other. A pattern too
# complex to match overlaps everything (it can never hide a violation).
overlaps(a, b) if wildcard.match(a, b)

overlaps(a, b) if wildcard.match(b, a)

overlaps(a, _) if wildcard.too_complex(a)

# The literal head of an ARN pattern: everything before its first `*` or `?` (the whole ARN when
# it has none). When two patterns overlap, the head of one is a prefix of the head of the other:
# indexes of ARNs by head (storage) look at a few candidates instead of every ARN.
head(p) := substring(p, 0, min(wildcards)) if {
	wildcards := {i | some c in ["*", "?"]; i := indexof(p, c); i >= 0}
	count(wildcards) > 0
} else := p

# --- conditions ------------------------------------------------------------------------------

unconditional(s) if count(s.conditions) == 0

# Operators compared case-insensitively; a set operator prefix (ForAnyValue:/ForAllValues:)
# makes a condition something else, never an MFA requirement.
_op(c) := lower(c.op)

# Strength of the MFA requirement an Allow statement carries: 2 strict (absent key fails), 1 weak
# (the IfExists form lets long-term keys through), 0 none.
allow_mfa_level(s) := max(array.concat([0], [_allow_condition_level(c) | some c in s.conditions]))

_allow_condition_level(c) := 2 if {
	_op(c) == "bool"
	c.key == "aws:multifactorauthpresent"
	c.values == ["true"]
} else := 1 if {
	_op(c) == "boolifexists"
	c.key == "aws:multifactorauthpresent"
	c.values == ["true"]
} else := 2 if {
	_op(c) in {"numericlessthan", "numericlessthanequals"}
	c.key == "aws:multifactorauthage"
} else := 1 if {
	_op(c) in {"numericlessthanifexists", "numericlessthanequalsifexists"}
	c.key == "aws:multifactorauthage"
} else := 2 if {
	_op(c) == "null"
	c.key == "aws:multifactorauthage"
	c.values == ["false"]
} else := 0

# The largest MultiFactorAuthAge an Allow statement accepts, or null when it sets none.
allow_mfa_age(s) := min(ages) if {
	ages := {to_number(v) |
		some c in s.conditions
		_op(c) in {"numericlessthan", "numericlessthanequals", "numericlessthanifexists", "numericlessthanequalsifexists"}
		c.key == "aws:multifactorauthage"
		some v in c.values
		regex.match(`^[0-9]+$`, v)
	}
	count(ages) > 0
} else := null

# Strength of a Deny statement as an MFA gate condition: 2 when it also denies requests that
# carry no MFA key at all (BoolIfExists false, Null MultiFactorAuthAge true), 1 for Bool false
# (long-term access keys pass), 0 when it is not an MFA condition. A gate statement may carry
# nothing but MFA conditions: any other condition narrows when it applies. Without any condition
# the Deny refuses every request, with MFA or without: stricter than any gate (level 2).
deny_mfa_level(s) := 2 if {
	count(s.conditions) == 0
} else := 0 if {
	some c in s.conditions
	not c.key in {"aws:multifactorauthpresent", "aws:multifactorauthage"}
} else := max(array.concat([0], [_deny_condition_level(c) | some c in s.conditions]))

_deny_condition_level(c) := 2 if {
	_op(c) == "boolifexists"
	c.key == "aws:multifactorauthpresent"
	c.values == ["false"]
} else := 2 if {
	_op(c) == "null"
	c.key == "aws:multifactorauthage"
	c.values == ["true"]
} else := 1 if {
	_op(c) == "bool"
	c.key == "aws:multifactorauthpresent"
	c.values == ["false"]
} else := 0

# A Deny that covers every action, or every action but the MFA bootstrap ones (the AWS
# force-MFA pattern), on every resource.
denies_all_but_bootstrap(s) if {
	s.effect == "Deny"
	covers_everything(s)
	s.actions != null
	some p in s.actions
	p in {"*", "*:*"}
}

denies_all_but_bootstrap(s) if {
	s.effect == "Deny"
	covers_everything(s)
	s.actions == null
	s.not_actions != null
	every p in s.not_actions {
		_bootstrap_only(p)
	}
}

# Every IAM/STS action the pattern names is an MFA bootstrap action.
_bootstrap_only(p) if {
	_literal(p)
	catalogue.mfa_bootstrap[p]
}

_bootstrap_only(p) if {
	not _literal(p)
	named := {a | some a in catalogue.iam_sts_actions; wildcard.match(p, a)}
	count(named) > 0
	every a in named {
		catalogue.mfa_bootstrap[a]
	}
}

# Stable identity of a statement for pairing BEFORE with AFTER when it has no Sid.
shape(s) := {
	"effect": s.effect,
	"actions": _sorted(s.actions),
	"not_actions": _sorted(s.not_actions),
	"resources": sort([lower(r) | some r in s.resources]),
}

_sorted(null) := []

_sorted(l) := sort(l) if l != null
