# METADATA
# title: Credential reaches admin and backup deletion
# description: |
#   One credential can turn into IAM administration and into backup deletion without changing
#   any policy: it may assume roles, pass roles to compute it starts, mint keys or passwords of
#   users, or join groups, and what it reaches holds both powers between them. Whoever steals it
#   can take over the account and destroy every backup, as happened to Code Spaces in 2014,
#   although no single principal is allowed both. Trust statements that require MFA are not
#   followed; unconditional Deny statements and permission boundaries cut identity-side edges.
# custom:
#   id: BH006
#   severity: critical
#   enforcement: hard-mandatory
#   fix: |
#     Cut one of the edges: require MFA in the trust policy of the IAM-admin or the
#     backup-deleting role (aws:MultiFactorAuthPresent true with a short aws:MultiFactorAuthAge),
#     name the callers in the trust instead of the account root, scope sts:AssumeRole,
#     iam:PassRole, iam:CreateAccessKey/LoginProfile and iam:AddUserToGroup to the roles, users
#     and groups the principal needs, or deny them in a permission boundary. A credential that
#     can reach IAM administration must not reach backup deletion.
package bulkhead.rules.bh006_credential_reach

import data.bulkhead.lib.graph
import data.bulkhead.lib.model
import data.bulkhead.lib.result

info := result.info(rego.metadata.chain())

findings contains result.finding(rego.metadata.chain(), facts) if {
	some s in _candidates("after", "worst")
	verdict := _verdict(s)
	mode := _mode[verdict]
	closure := graph.reach("after", mode, s)
	admin := _path_to(s, mode, closure, "admin")
	backup := _path_to(s, mode, closure, "backup")
	facts := {
		"verdict": verdict,
		"status": _status(s),
		"address": s,
		"message": _message(verdict, s, admin, backup),
		"evidence": array.flatten([
			[_path_evidence("admin", admin)],
			_grants(mode, admin.target, "admin"),
			[_path_evidence("backup", backup)],
			_grants(mode, backup.target, "backup"),
		]),
	}
}

_mode := {"violation": "certain", "unknown": "worst"}

# Sources that can reach both a principal with admin and one with backup deletion: two passes
# over the reversed graph instead of a closure per source.
_candidates(state, mode) := ((graph.reaching(state, mode, _holders(state, mode, "admin")) & graph.reaching(state, mode, _holders(state, mode, "backup"))) & graph.sources(state)) - {h | some h in _holders(state, mode, "admin"); _holders(state, mode, "backup")[h]}

_holders(state, mode, what) := {p | some p, caps in model.caps(state); caps[what][mode]}

_verdict(s) := "violation" if _fires("after", "certain", s)

else := "unknown" if _fires("after", "worst", s)

_status(s) := "existing" if {
	_candidates("before", "certain")[s]
	_fires("before", "certain", s)
} else := "new"

# The closure of s holds a principal with admin and one with backup deletion, and no principal
# with both (that one is BH001's).
_fires(state, mode, s) if {
	closure := graph.reach(state, mode, s)
	caps := model.caps(state)
	some a in closure
	caps[a].admin[mode]
	some b in closure
	caps[b].backup[mode]
	not _one_has_both(caps, closure, mode)
}

_one_has_both(caps, closure, mode) if {
	some n in closure
	caps[n].admin[mode]
	caps[n].backup[mode]
}

_effective_mode(_, _, "certain") := "certain"

_effective_mode(state, p, "worst") := "worst" if model.has_unknowns(state, p)

else := "certain"

# The shortest path from s to a principal with the capability.
_path_to(s, mode, closure, what) := {"target": nodes[count(nodes) - 1], "steps": graph.steps("after", mode, nodes)} if {
	targets := {n | some n in closure; model.caps("after")[n][what][mode]}
	nodes := graph.shortest(graph.adjacency("after", mode), s, targets)
} else := {"target": t, "steps": []} if {
	# deeper than the search goes: name the principal reached, without the steps
	t := min({n | some n in closure; model.caps("after")[n][what][mode]})
}

_path_evidence(what, path) := {"grants": "path", "reaches": what, "principal": path.target, "steps": path.steps}

_grants(mode, p, what) := model.grants("after", p, what, model.allowed("after", p, _effective_mode("after", p, mode), what))

_message(verdict, s, admin, backup) := sprintf(
	"%s %s reach IAM administration (%s) and backup deletion (%s): one stolen credential can take over the account and destroy every backup",
	[result.principal_name(s), _modal(verdict), _path_text(s, admin), _path_text(s, backup)],
)

_modal("violation") := "can"

_modal("unknown") := "may, once values unknown until apply are known,"

# "ci → assumes iam-admin"
_path_text(s, path) := concat(" → ", array.concat([result.principal_name(s)], [concat(" ", [_verb[st.edge], result.principal_name(st.to)]) | some st in path.steps])) if {
	count(path.steps) > 0
} else := "itself" if {
	path.target == s
} else := concat(" ", ["through", result.principal_name(path.target)])

_verb := {"assume": "assumes", "pass": "passes to compute", "mint": "mints credentials of", "join": "joins"}
