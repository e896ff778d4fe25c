# METADATA
# title: bulkhead entrypoint
# description: |
#   The single wasm entrypoint: every finding of every rule under data.bulkhead.rules, sorted,
#   and the facts the summary needs. Each evaluation parses the whole plan once.
# entrypoint: true
package bulkhead.main

import data.bulkhead.lib.model
import data.bulkhead.lib.plan

# Every rule's METADATA, by id.
rules := {r.id: r | some name; r := data.bulkhead.rules[name].info}

report := {
	"findings": sort([f | some name; some f in data.bulkhead.rules[name].findings]),
	"stats": {
		"resources": count(plan.after_instances),
		"principals": count(model.principals("after")),
		"documents": count([id | some id, doc in model.documents; doc.state != "before"]),
		"unverifiable_documents": count([id | some id in model.unverifiable_documents; not startswith(id, "before:")]),
	},
}
