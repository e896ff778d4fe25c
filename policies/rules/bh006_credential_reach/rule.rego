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

import data.bulkhead.lib.model
import data.bulkhead.lib.paths
import data.bulkhead.lib.reachability
import data.bulkhead.lib.result
import data.bulkhead.lib.util

info := result.info(rego.metadata.chain())

findings contains result.finding(rego.metadata.chain(), facts) if {
	some s in _firing_after.worst
	verdict := _verdict(s)
	mode := _mode[verdict]
	admin := _path_to(s, mode, "admin")
	backup := _path_to(s, mode, "backup")
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

# The sources whose closure holds a principal with admin and one with backup deletion, and no
# principal with both (that one is BH001's). Three passes over the reversed graph per state and
# mode, never a closure per source: s reaches an admin iff s is among the nodes that reach one.
# (Complete rules: computed once; the state before the change only when a finding needs its status.)
# regal ignore:prefer-set-or-object-rule
_firing_after := {mode: _fires("after", mode, _holders_after[mode]) | some mode in ["certain", "worst"]}

_firing_before := _fires("before", "certain", _holders("before", "certain"))

_fires(state, mode, holders) := ((to_admin & to_backup) & reachability.sources(state)) - to_both if {
	admins := holders.admin
	deleters := holders.backup
	to_admin := reachability.reaching(state, mode, admins)
	to_backup := reachability.reaching(state, mode, deleters)
	to_both := reachability.reaching(state, mode, admins & deleters)
}

# regal ignore:prefer-set-or-object-rule
_holders_after := {mode: _holders("after", mode) | some mode in ["certain", "worst"]}

_holders(state, mode) := {what: {p | some p, caps in model.caps(state); caps[what][mode]} | some what in ["admin", "backup"]}

_verdict(s) := "violation" if _firing_after.certain[s]

else := "unknown"

_status(s) := "existing" if _firing_before[s]

else := "new"

_effective_mode(_, _, "certain") := "certain"

_effective_mode(state, p, "worst") := "worst" if model.has_unknowns(state, p)

else := "certain"

# The shortest path from s to a principal with the capability: one search from the holders over
# the reversed graph serves every source (per mode, only when a finding of that mode needs it).
_path_to(s, mode, what) := {"target": nodes[count(nodes) - 1], "steps": reachability.steps("after", mode, nodes)} if {
	nodes := paths.route(_towards(mode)[what], s)
} else := {"target": t, "steps": []} if {
	# deeper than the search goes: name the principal reached, without the steps
	t := min(reachability.reach("after", mode, s) & _holders_after[mode][what])
}

_towards("certain") := _towards_certain

_towards("worst") := _towards_worst

_towards_certain := _searches("certain")

_towards_worst := _searches("worst")

_searches(mode) := {what: paths.towards(reachability.reversed("after", mode), _holders_after[mode][what]) |
	some what in ["admin", "backup"]
}

_path_evidence(what, path) := {"grants": "path", "reaches": what, "principal": path.target, "steps": path.steps}

_grants(mode, p, what) := model.grants("after", p, what, model.allowed("after", p, _effective_mode("after", p, mode), what))

_message(verdict, s, admin, backup) := util.format(
	"%s %s reach IAM administration (%s) and backup deletion (%s): one stolen credential can take over the account and destroy every backup",
	[result.principal_name(s), _modal(verdict), _path_text(s, admin), _path_text(s, backup)],
)

_modal("violation") := "can"

_modal("unknown") := "may, once values unknown until apply are known,"

# "ci → assumes iam-admin"
_path_text(s, path) := concat(" → ", array.concat([result.principal_name(s)], [_hop(st) | some st in path.steps])) if {
	count(path.steps) > 0
} else := "itself" if {
	path.target == s
} else := concat(" ", ["through", result.principal_name(path.target)])

_hop(step) := concat(" ", [_verb[step.edge], result.principal_name(step.to)])

_verb := {"assume": "assumes", "pass": "passes to compute", "mint": "mints credentials of", "join": "joins"}
