package bulkhead.main_test

import data.bulkhead.lib.fixtures_test as fx
import data.bulkhead.main

test_report_gathers_every_rule_and_counts if {
	r := main.report with input as fx.plan([
		fx.ops,
		fx.ops_policy("p", [fx.allow("*", "*")]),
		fx.create("aws_s3_bucket", "b", {"bucket": "app", "tags": {"Backup": "true"}}),
	])
	count(r.findings) == 2
	{f.ruleId | some f in r.findings} == {"BH001", "BH003"}
	r.stats == {"principals": 1, "documents": 2, "unverifiable_documents": 0, "format_version": "1.2"}
}

test_rules_are_described_by_their_metadata if {
	count(main.rules) >= 2
	every id, rule in main.rules {
		id == rule.id
		rule.title != ""
		rule.fix != ""
		rule.enforcement in {"advisory", "soft-mandatory", "hard-mandatory"}
	}
}
