# METADATA
# title: Findings
# description: |
#   The one constructor of a finding. A rule's id, severity, enforcement level and title live
#   only in its package METADATA (custom: id, severity, enforcement); the rule gives the facts.
package bulkhead.lib.result

import data.bulkhead.lib.catalogue
import data.bulkhead.lib.plan

# finding(rego.metadata.chain(), {"verdict", "status", "address", "message", "evidence"})
finding(chain, facts) := object.union(
	{
		"ruleId": meta.custom.id,
		"severity": meta.custom.severity,
		"enforcement": meta.custom.enforcement,
		"title": meta.title,
		"principal": principal_name(facts.address),
	},
	facts,
) if {
	some link in chain
	meta := link.annotations
	meta.custom.id
}

# The name a person knows a principal or resource by: its name when known, else its address.
principal_name(address) := names[0] if {
	names := [n |
		some state in ["after", "before"]
		some key in ["name", "bucket"]
		n := plan.instances[state][address].values[key]
		is_string(n)
	]
	count(names) > 0
} else := address

# Catalogue actions as AWS spells them, sorted, at most `n` of them with a count of the rest.
action_list(actions, n) := concat(", ", names) if {
	count(actions) <= n
	names := sort([catalogue.name(a) | some a in actions])
} else := concat("", [
	concat(", ", array.slice(sort([catalogue.name(a) | some a in actions]), 0, n)),
	" and ", format_int(count(actions) - n, 10), " more",
])

# A rule as its METADATA describes it (for `bulkhead rules`, SARIF and the rule docs).
info(chain) := {
	"id": meta.custom.id,
	"title": meta.title,
	"description": trim_space(meta.description),
	"severity": meta.custom.severity,
	"enforcement": meta.custom.enforcement,
	"fix": trim_space(meta.custom.fix),
} if {
	some link in chain
	meta := link.annotations
	meta.custom.id
}
