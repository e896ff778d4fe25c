# METADATA
# title: OIDC trust without a subject
# description: |
#   A role trusts an OpenID Connect provider (GitHub Actions, GitLab, Terraform Cloud, EKS
#   service accounts …) for sts:AssumeRoleWithWebIdentity without a condition on the token's
#   `sub` claim, or with one that matches any subject. Every repository, project or service
#   account the provider issues tokens for (for GitHub: any repository on github.com) can then
#   assume the role. Trust policies whose text is unknown until apply are not read.
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

info := result.info(rego.metadata.chain())

findings contains result.finding(rego.metadata.chain(), facts) if {
	some a in plan.index(plan.by_type, "after", "aws_iam_role")
	open := _open_statements(plan.instances.after[a])
	count(open) > 0
	facts := {
		"verdict": "violation",
		"status": _status(a),
		"address": a,
		"message": sprintf("any subject of the OIDC provider can assume %s: trust statement %s has no condition on the token's sub", [
			result.principal_name(a),
			concat(", ", sort(open)),
		]),
		"evidence": [{"grants": "trust", "policy": a, "statement": sid, "state": "after"} | some sid in open],
	}
}

_status(a) := "existing" if {
	count(_open_statements(plan.instances.before[a])) > 0
} else := "new"

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

_sid(s, i) := s.Sid if {
	is_string(s.Sid)
	s.Sid != ""
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
