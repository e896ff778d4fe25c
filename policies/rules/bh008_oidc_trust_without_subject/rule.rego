# METADATA
# title: OIDC trust without a subject
# description: |
#   A role trusts an OpenID Connect provider (GitHub Actions, GitLab, Terraform Cloud, EKS
#   service accounts …) for sts:AssumeRoleWithWebIdentity without a condition on the token's
#   `sub` claim, or with one that matches any subject. Every repository, project or service
#   account the provider issues tokens for (for GitHub: any repository on github.com) can then
#   assume the role. A trust policy unknown until apply is read from the
#   data.aws_iam_policy_document it is built from (its statement blocks); a condition value
#   unknown until apply counts as naming a subject.
# custom:
#   id: BH008
#   severity: high
#   enforcement: soft-mandatory
#   fix: |
#     Add StringEquals (or StringLike) on `<provider host>:sub` naming the repositories and
#     branches or environments that may assume the role, e.g.
#     "token.actions.githubusercontent.com:sub": "repo:acme/infra:ref:refs/heads/main", and
#     StringEquals on `<provider host>:aud` ("sts.amazonaws.com" for GitHub Actions).
package bulkhead.rules.bh008_oidc_trust_without_subject

import data.bulkhead.lib.plan
import data.bulkhead.lib.result
import data.bulkhead.lib.util

info := result.info(rego.metadata.chain())

findings contains result.finding(rego.metadata.chain(), facts) if {
	some a in plan.index(plan.by_type, "after", "aws_iam_role")
	open := _open("after", plan.instances.after[a])
	count(open) > 0
	facts := {
		"verdict": "violation",
		"status": _status(a),
		"address": a,
		"message": util.format("any subject of the OIDC provider can assume %s: trust statement %s has no condition on the token's sub", [
			result.principal_name(a),
			concat(", ", sort(open)),
		]),
		"evidence": [{"grants": "trust", "policy": a, "statement": sid, "state": "after"} | some sid in open],
	}
}

_status(a) := "existing" if {
	count(_open("before", plan.instances.before[a])) > 0
} else := "new"

_open(state, inst) := _open_statements(inst) if _trust(inst)

else := _open_blocks(state, inst)

# A trust built by data.aws_iam_policy_document, unknown until apply: its statement blocks, as
# the data source's values show them and as the configuration writes them (references kept).
# A block is open when one view shows an OIDC principal and neither shows a subject condition.
_open_blocks(state, inst) := {_sid(views[0], i) |
	some d in plan.reference_targets(state, inst, "assume_role_policy", {"aws_iam_policy_document"})
	doc := plan.instances[state][d]
	values := _list(object.get(doc.values, "statement", []))
	config := [_unwrap_block(b) | some b in _config_blocks(doc)]

	# Positions of either list (the longer one's extra positions give no view).
	some i, _ in array.concat(values, config)
	views := array.concat(_at(values, i), _at(config, i))
	every b in views {
		_effect(b) == "allow"
		_web_identity_block(b)
		not _subject_restricted_block(b)
	}
	some b in views
	_oidc_block_principal(b)
}

# The block at position i of a list, as a list of zero or one.
_at(blocks, i) := [b | some j, b in blocks; j == i; is_object(b)]

_config_blocks(doc) := _list(object.get(
	object.get(object.get(plan.config_resources, doc.config, {}), "expressions", {}),
	"statement", [],
))

# Configuration blocks: constants unwrapped, references kept as {"references": […]}.
_unwrap_block(b) := {k: _unwrap(v) | some k, v in b}

_unwrap(v) := _constant(v) if not is_array(v)

else := [{k: _constant(x) | some k, x in nested} | some nested in v]

_constant(v) := v.constant_value if {
	is_object(v)
	"constant_value" in object.keys(v)
} else := v

_effect(b) := lower(b.effect) if is_string(b.effect)

else := "allow"

_oidc_block_principal(b) if {
	some p in _list(object.get(b, "principals", []))
	is_object(p)
	p.type == "Federated"
	_oidc_identifiers(p.identifiers)
}

_oidc_identifiers(ids) if {
	some f in _list(ids)
	is_string(f)
	_oidc_provider(lower(f))
}

_oidc_identifiers(ids) if {
	some r in object.get(ids, "references", [])
	startswith(r, "aws_iam_openid_connect_provider.")
}

_web_identity_block(b) if count(_list(object.get(b, "actions", []))) == 0

_web_identity_block(b) if {
	some a in _list(b.actions)
	is_string(a)
	glob.match(lower(a), [], "sts:assumerolewithwebidentity")
}

_subject_restricted_block(b) if {
	some c in _list(object.get(b, "condition", []))
	is_object(c)
	_restricting_operator(c.test)
	_subject_variable(c.variable)
	_block_values_name_subjects(c.values)
}

_subject_variable(v) if endswith(lower(v), ":sub")

# A variable built from a reference ("${provider.url}:sub") is unknown here: it may be the subject.
_subject_variable(v) if object.get(v, "references", null) != null

# Values unknown until apply (references) name whatever they will name.
_block_values_name_subjects(values) if object.get(values, "references", null) != null

_block_values_name_subjects(values) if {
	vs := _list(values)
	count(vs) > 0
	every v in vs {
		_names_a_subject(v)
	}
}

# Sids of the Allow statements that let an OIDC provider's tokens in with no subject restriction.
_open_statements(inst) := {_sid(s, i) |
	doc := _trust(inst)
	some i, s in _list(object.get(doc, "Statement", []))
	is_object(s)
	lower(object.get(s, "Effect", "")) == "allow"
	_oidc_principal(object.get(s, "Principal", {}))
	_web_identity(s)
	not _subject_restricted(object.get(s, "Condition", {}))
}

_trust(inst) := json.unmarshal(text) if {
	text := inst.values.assume_role_policy
	is_string(text)
	json.is_valid(text)
}

_list(x) := x if is_array(x)

else := [x]

# The statement's Sid (JSON) or sid (policy document block), else its position.
_sid(s, i) := s.Sid if {
	is_string(s.Sid)
	s.Sid != ""
} else := s.sid if {
	is_string(s.sid)
	s.sid != ""
} else := concat("", ["#", format_int(i, 10)])

_oidc_principal(p) if {
	is_object(p)
	some f in _list(object.get(p, "Federated", []))
	is_string(f)
	_oidc_provider(lower(f))
}

_oidc_provider(f) if contains(f, ":oidc-provider/")

# A reference to the provider resource, as a synthesized CDKTF stack spells it.
_oidc_provider(f) if contains(f, "aws_iam_openid_connect_provider.")

_web_identity(s) if not s.Action

_web_identity(s) if {
	some a in _list(s.Action)
	is_string(a)
	glob.match(lower(a), [], "sts:assumerolewithwebidentity")
}

# A positive string condition on <provider>:sub whose every value names something.
_subject_restricted(c) if {
	is_object(c)
	some op, keys in c
	_restricting_operator(op)
	is_object(keys)
	some key, values in keys
	endswith(lower(key), ":sub")
	vs := _list(values)
	count(vs) > 0
	every v in vs {
		_names_a_subject(v)
	}
}

_restricting_operator(op) if op in {
	"StringEquals", "StringLike", "StringEqualsIgnoreCase",
	"ForAnyValue:StringEquals", "ForAnyValue:StringLike",
}

_names_a_subject(v) if {
	is_string(v)
	not startswith(v, "*")
	not regex.match(`^repo:\*`, v)
	not regex.match(`^[a-z_]+:\*$`, v)
}
