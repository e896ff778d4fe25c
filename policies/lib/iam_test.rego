package bulkhead.lib.iam_test

import data.bulkhead.lib.iam

_s(statement) := iam.statements_of_json({"Statement": statement})[0]

test_statement_object_and_string_forms if {
	s := _s({"Effect": "Allow", "Action": "IAM:PutRolePolicy", "Resource": "*"})
	s.actions == ["iam:putrolepolicy"]
	s.sid == "#0"
	s.not_actions == null
	not s.not_resource
}

test_not_action_matches_everything_but if {
	s := _s({"Effect": "Allow", "NotAction": ["iam:*", "ec2:*"], "Resource": "*"})
	not "iam:putrolepolicy" in iam.matched_actions(s)
	not "ec2:deletesnapshot" in iam.matched_actions(s)
	"rds:deletedbsnapshot" in iam.matched_actions(s)
}

test_pattern_with_glob_syntax_is_literal if {
	iam.pattern_matches("iam:put{role,user}policy", true) == set()
	iam.pattern_matches("iam:putrolepolicy", true) == {"iam:putrolepolicy"}
	"iam:putrolepolicy" in iam.pattern_matches("*:put*", true)
}

test_too_complex_patterns_are_wide_for_allow_and_narrow_for_deny if {
	complex := "iam:*a*b*c*d*e*f*g*h*i*j"
	"iam:putrolepolicy" in iam.pattern_matches(complex, true)
	iam.pattern_matches(complex, false) == set()
	allow := _s({"Effect": "Allow", "Action": complex, "Resource": "*"})
	"iam:putrolepolicy" in iam.matched_actions(allow)
	deny := _s({"Effect": "Deny", "Action": complex, "Resource": "*"})
	iam.matched_actions(deny) == set()
}

test_admin_resource_probes if {
	iam.covers_admin(_s({"Effect": "Allow", "Action": "iam:PutRolePolicy", "Resource": "arn:aws:iam::*:role/*"}), "iam:putrolepolicy")
	iam.covers_admin(_s({"Effect": "Allow", "Action": "iam:PutRolePolicy", "Resource": "arn:*"}), "iam:putrolepolicy")
	not iam.covers_admin(_s({"Effect": "Allow", "Action": "iam:PutRolePolicy", "Resource": "arn:aws:iam::*:user/*"}), "iam:putrolepolicy")
	iam.covers_admin(_s({"Effect": "Allow", "Action": "iam:PutRolePolicy", "NotResource": "arn:aws:iam::*:role/x"}), "iam:putrolepolicy")
}

test_deny_with_not_resource_does_not_cover_everything if {
	not iam.covers_everything(_s({"Effect": "Deny", "Action": "*", "NotResource": "arn:aws:s3:::x"}))
}

test_overlaps_either_way if {
	iam.overlaps("arn:aws:s3:::prod-backups/*", "arn:aws:s3:::*backup*")
	iam.overlaps("arn:aws:s3:::prod-backups/*", "arn:aws:s3:::prod-backups/daily")
	not iam.overlaps("arn:aws:s3:::prod-backups/*", "arn:aws:s3:::app")
}

test_head_is_the_part_before_the_first_wildcard if {
	iam.head("arn:aws:s3:::prod-?ackups/*") == "arn:aws:s3:::prod-"
	iam.head("arn:aws:s3:::prod-backups/*") == "arn:aws:s3:::prod-backups/"
	iam.head("arn:aws:s3:::app") == "arn:aws:s3:::app"
}

_gate(op, key, value) := _s({
	"Effect": "Deny", "NotAction": ["iam:EnableMFADevice", "sts:GetSessionToken"], "Resource": "*",
	"Condition": {op: {key: value}},
})

test_gate_levels if {
	iam.denies_all_but_bootstrap(_gate("BoolIfExists", "aws:MultiFactorAuthPresent", "false"))
	iam.deny_mfa_level(_gate("BoolIfExists", "aws:MultiFactorAuthPresent", "false")) == 2
	iam.deny_mfa_level(_gate("BoolIfExists", "aws:MultiFactorAuthPresent", false)) == 2
	iam.deny_mfa_level(_gate("Null", "aws:MultiFactorAuthAge", "true")) == 2
	iam.deny_mfa_level(_gate("Bool", "aws:MultiFactorAuthPresent", ["false"])) == 1
	iam.deny_mfa_level(_gate("BoolIfExists", "aws:MultiFactorAuthPresent", "true")) == 0
	iam.deny_mfa_level(_gate("ForAnyValue:BoolIfExists", "aws:MultiFactorAuthPresent", "false")) == 0
	iam.deny_mfa_level(_gate("BoolIfExists", "aws:MultiFactorAuthPresnt", "false")) == 0
}

test_unconditional_deny_all_is_a_gate if {
	iam.deny_mfa_level(_s({"Effect": "Deny", "NotAction": ["iam:EnableMFADevice"], "Resource": "*"})) == 2
}

test_gate_with_other_condition_is_no_gate if {
	s := _s({
		"Effect": "Deny", "Action": "*", "Resource": "*",
		"Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}},
	})
	iam.deny_mfa_level(s) == 0
}

test_gate_exempting_all_of_iam_is_no_gate if {
	not iam.denies_all_but_bootstrap(_s({"Effect": "Deny", "NotAction": ["iam:*"], "Resource": "*"}))
	iam.denies_all_but_bootstrap(_s({"Effect": "Deny", "Action": "*", "Resource": "*"}))

	# iam:*MFADevice also names DeactivateMFADevice: not only bootstrap actions
	not iam.denies_all_but_bootstrap(_s({"Effect": "Deny", "NotAction": ["iam:*MFADevice"], "Resource": "*"}))
	iam.denies_all_but_bootstrap(_s({"Effect": "Deny", "NotAction": ["iam:*VirtualMFADevices", "iam:GetUser"], "Resource": "*"}))
}

test_allow_mfa_levels_and_ages if {
	iam.allow_mfa_level(_s({"Effect": "Allow", "Action": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": true}}})) == 2
	iam.allow_mfa_level(_s({"Effect": "Allow", "Action": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}})) == 1
	weak_age := {"NumericLessThanIfExists": {"aws:MultiFactorAuthAge": "60"}}
	iam.allow_mfa_level(_s({"Effect": "Allow", "Action": "*", "Condition": weak_age})) == 1
	iam.allow_mfa_level(_s({"Effect": "Allow", "Action": "*", "Condition": {"Null": {"aws:MultiFactorAuthAge": "false"}}})) == 2
	iam.allow_mfa_age(_s({"Effect": "Allow", "Action": "*", "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": 3600}}})) == 3600
	iam.allow_mfa_age(_s({"Effect": "Allow", "Action": "*"})) == null
}

test_policy_document_blocks if {
	s := iam.statements_of_blocks([{
		"sid": "", "effect": null, "actions": ["s3:GetObject"], "not_actions": [], "resources": [],
		"not_resources": [], "condition": [{"test": "Bool", "variable": "aws:MultiFactorAuthPresent", "values": ["true"]}],
		"principals": [{"type": "AWS", "identifiers": ["arn:aws:iam::123456789012:root"]}],
	}])[0]
	s.effect == "Allow"
	s.sid == "#0"
	s.resources == ["*"]
	s.aws_principal
	iam.allow_mfa_level(s) == 2
}

test_shape_ignores_order_and_case if {
	a := _s({"Effect": "Allow", "Action": ["s3:B", "s3:a"], "Resource": ["R2", "r1"]})
	b := _s({"Effect": "Allow", "Action": ["S3:A", "s3:b"], "Resource": ["r1", "R2"]})
	iam.shape(a) == iam.shape(b)
}

test_principals_of_a_statement if {
	_s({"Effect": "Deny", "Principal": "*", "Action": "*"}).aws_principals == ["*"]
	root := {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:ROOT"]}, "Action": "*"}
	_s(root).aws_principals == ["arn:aws:iam::111122223333:root"]
	_s({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "*"}).aws_principals == []
}
