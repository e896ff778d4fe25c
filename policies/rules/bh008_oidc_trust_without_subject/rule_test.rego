package bulkhead.rules.bh008_oidc_trust_without_subject_test

import data.bulkhead.lib.fixtures_test as fx
import data.bulkhead.rules.bh008_oidc_trust_without_subject as rule

_provider := "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"

_trust(condition) := json.marshal({
	"Version": "2012-10-17",
	"Statement": [object.union(
		{
			"Sid": "GithubActions",
			"Effect": "Allow",
			"Principal": {"Federated": _provider},
			"Action": "sts:AssumeRoleWithWebIdentity",
		},
		condition,
	)],
})

_aud := {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}

_sub(op, value) := {op: {"token.actions.githubusercontent.com:sub": value}}

_role(condition) := {"name": "deployer", "assume_role_policy": _trust(condition)}

_findings(changes) := findings if {
	findings := rule.findings with input as fx.plan(changes)
}

_verdicts(changes) := {[f.address, f.verdict, f.status] | some f in _findings(changes)}

test_trust_without_sub_fires if {
	_verdicts([fx.create("aws_iam_role", "deployer", _role({"Condition": _aud}))]) == {["aws_iam_role.deployer", "violation", "new"]}
}

test_trust_without_any_condition_fires if {
	some f in _findings([fx.create("aws_iam_role", "deployer", _role({}))])
	f.ruleId == "BH008"
	f.severity == "high"
	f.enforcement == "soft-mandatory"
	f.evidence == [{"grants": "trust", "policy": "aws_iam_role.deployer", "statement": "GithubActions", "state": "after"}]
}

test_wildcard_subjects_fire if {
	every value in ["*", "repo:*", "repo:*:ref:refs/heads/main", ["repo:acme/infra:*", "*"]] {
		condition := {"Condition": object.union(_aud, _sub("StringLike", value))}
		count(_findings([fx.create("aws_iam_role", "deployer", _role(condition))])) == 1
	}
}

test_negated_or_if_exists_sub_fires if {
	every op in ["StringNotEquals", "StringLikeIfExists", "StringNotLike"] {
		condition := {"Condition": object.union(_aud, _sub(op, "repo:acme/infra:ref:refs/heads/main"))}
		count(_findings([fx.create("aws_iam_role", "deployer", _role(condition))])) == 1
	}
}

test_named_subjects_pass if {
	every value in ["repo:acme/infra:ref:refs/heads/main", ["repo:acme/infra:environment:prod", "repo:acme/app:*"]] {
		every op in ["StringEquals", "StringLike"] {
			condition := {"Condition": object.union(_aud, _sub(op, value))}
			count(_findings([fx.create("aws_iam_role", "deployer", _role(condition))])) == 0
		}
	}
}

test_provider_by_reference_is_oidc if {
	trust := json.marshal({"Statement": [{
		"Effect": "Allow",
		"Principal": {"Federated": "${aws_iam_openid_connect_provider.github.arn}"},
		"Action": ["sts:AssumeRoleWithWebIdentity"],
	}]})
	_verdicts([fx.create("aws_iam_role", "ci", {"name": "ci", "assume_role_policy": trust})]) == {["aws_iam_role.ci", "violation", "new"]}
}

test_statement_without_sid_is_named_by_position if {
	trust := json.marshal({"Statement": [{
		"Effect": "Allow",
		"Principal": {"Federated": _provider},
		"Action": "sts:AssumeRoleWithWebIdentity",
	}]})
	some f in _findings([fx.create("aws_iam_role", "ci", {"name": "ci", "assume_role_policy": trust})])
	f.evidence[0].statement == "#0"
}

test_other_trusts_do_not_fire if {
	service := json.marshal({"Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
	saml := json.marshal({"Statement": [{
		"Effect": "Allow",
		"Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/corp"},
		"Action": "sts:AssumeRoleWithSAML",
	}]})
	deny := json.marshal({"Statement": [{"Effect": "Deny", "Principal": {"Federated": _provider}, "Action": "sts:AssumeRoleWithWebIdentity"}]})
	every text in [service, saml, deny, "not json"] {
		count(_findings([fx.create("aws_iam_role", "r", {"name": "r", "assume_role_policy": text})])) == 0
	}
}

# A trust from data.aws_iam_policy_document, unknown until apply (the provider is created too).
_document(conditions) := {
	"rc": {
		"address": "data.aws_iam_policy_document.trust",
		"mode": "data",
		"type": "aws_iam_policy_document",
		"name": "trust",
		"change": {"actions": ["read"], "before": null, "after": {}, "after_unknown": {"json": true, "statement": true}},
	},
	"config": {
		"address": "data.aws_iam_policy_document.trust",
		"mode": "data",
		"type": "aws_iam_policy_document",
		"name": "trust",
		"expressions": {"statement": [{
			"actions": {"constant_value": ["sts:AssumeRoleWithWebIdentity"]},
			"principals": [{
				"type": {"constant_value": "Federated"},
				"identifiers": {"references": ["aws_iam_openid_connect_provider.github.arn", "aws_iam_openid_connect_provider.github"]},
			}],
			"condition": conditions,
		}]},
	},
}

_condition(test, variable, values) := {"test": {"constant_value": test}, "variable": {"constant_value": variable}, "values": values}

_aud_block := _condition("StringEquals", "token.actions.githubusercontent.com:aud", {"constant_value": ["sts.amazonaws.com"]})

_role_from_document := fx.create("aws_iam_role", "ci", {
	"name": "ci",
	"assume_role_policy": fx.unknown(["data.aws_iam_policy_document.trust.json", "data.aws_iam_policy_document.trust"]),
})

test_policy_document_trust_without_sub_fires if {
	_verdicts([_document([_aud_block]), _role_from_document]) == {["aws_iam_role.ci", "violation", "new"]}
	some f in _findings([_document([_aud_block]), _role_from_document])
	f.evidence[0].statement == "#0"
}

_sid_patch := [{"op": "add", "path": "/config/expressions/statement/0/sid", "value": {"constant_value": "Ci"}}]

test_policy_document_block_named_by_its_sid if {
	some f in _findings([json.patch(_document([_aud_block]), _sid_patch), _role_from_document])
	f.evidence[0].statement == "Ci"
}

test_policy_document_trust_with_sub_passes if {
	sub := _condition("StringLike", "token.actions.githubusercontent.com:sub", {"constant_value": ["repo:acme/infra:ref:refs/heads/main"]})
	count(_findings([_document([_aud_block, sub]), _role_from_document])) == 0
	unknown_sub := _condition("StringEquals", "token.actions.githubusercontent.com:sub", {"references": ["var.subject"]})
	count(_findings([_document([_aud_block, unknown_sub]), _role_from_document])) == 0
	wildcard := _condition("StringLike", "token.actions.githubusercontent.com:sub", {"constant_value": ["repo:*"]})
	count(_findings([_document([_aud_block, wildcard]), _role_from_document])) == 1
}

# The checkov corpus: a sub condition whose variable is "${provider.url}:sub" in the
# configuration and "accounts.google.com:sub" in the data source's values.
test_sub_variable_from_a_reference_restricts if {
	by_reference := {
		"test": {"constant_value": "StringEquals"},
		"variable": {"references": ["aws_iam_openid_connect_provider.github.url"]},
		"values": {"references": ["each.value"]},
	}
	count(_findings([_document([_aud_block, by_reference]), _role_from_document])) == 0
	known := json.patch(_document([_aud_block]), [{"op": "replace", "path": "/rc/change/after", "value": {"statement": [{
		"actions": ["sts:AssumeRoleWithWebIdentity"],
		"principals": [{"type": "Federated", "identifiers": [null]}],
		"condition": [{"test": "StringEquals", "variable": "accounts.google.com:sub", "values": ["system:serviceaccount:p1:default"]}],
	}]}}])
	count(_findings([known, _role_from_document])) == 0
}

test_open_before_is_existing if {
	open := _role({"Condition": _aud})
	_verdicts([fx.noop("aws_iam_role", "deployer", open)]) == {["aws_iam_role.deployer", "violation", "existing"]}
	fixed := _role({"Condition": object.union(_aud, _sub("StringEquals", "repo:acme/infra:ref:refs/heads/main"))})
	_verdicts([fx.update("aws_iam_role", "deployer", fixed, open)]) == {["aws_iam_role.deployer", "violation", "new"]}
	count(_findings([fx.update("aws_iam_role", "deployer", open, fixed)])) == 0
}

# Every example of examples/bad fires with a violation, every example of examples/good gives no
# finding (the examples are staged at data.examples by scripts/test-policy.sh).
test_bad_examples_fire if {
	count(data.examples.bh008_oidc_trust_without_subject.bad) > 0
	every plan in data.examples.bh008_oidc_trust_without_subject.bad {
		_example_verdicts(plan) & {"violation"} == {"violation"}
	}
}

test_good_examples_do_not_fire if {
	count(data.examples.bh008_oidc_trust_without_subject.good) > 0
	every plan in data.examples.bh008_oidc_trust_without_subject.good {
		_example_verdicts(plan) == set()
	}
}

_example_verdicts(plan) := {f.verdict | some f in findings} if {
	findings := rule.findings with input as plan
}
