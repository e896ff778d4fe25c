# METADATA
# title: Long-lived access key
# description: |
#   An IAM user gets (or keeps) an active access key: a long-lived secret that works from
#   anywhere until someone rotates it, the kind of credential stolen in the Code Spaces breach.
#   Workloads can use roles (instance profiles, IRSA, ECS task roles, OIDC for CI, IAM Roles
#   Anywhere outside AWS) whose credentials expire within hours.
# custom:
#   id: BH005
#   severity: medium
#   enforcement: soft-mandatory
#   fix: |
#     Replace the access key with a role: an instance profile or task role for workloads in AWS,
#     GitHub/GitLab OIDC federation for CI, IAM Roles Anywhere for servers outside AWS. Waive the
#     finding with a reason and an expiry only where no role can be used.
package bulkhead.rules.bh005_long_lived_access_key

import data.bulkhead.lib.plan
import data.bulkhead.lib.result
import data.bulkhead.lib.util

info := result.info(rego.metadata.chain())

findings contains result.finding(rego.metadata.chain(), facts) if {
	some a in plan.index(plan.by_type, "after", "aws_iam_access_key")
	key := plan.instances.after[a]
	not key.values.status == "Inactive"
	user := _user(key)
	verdict := _verdict(key)
	facts := {
		"verdict": verdict,
		"status": _status(a),
		"address": a,
		"principal": result.principal_name(user),
		"message": util.format(_messages[verdict], [result.principal_name(user), a]),
		"evidence": [object.union({"grants": "access-key", "policy": a, "via": user}, _reason(verdict))],
	}
}

# A status unknown until apply may be Active: the worst case, verdict unknown.
_verdict(key) := "unknown" if plan.is_unknown(key, "status")

else := "violation"

_messages := {
	"violation": "%s has a long-lived access key (%s): use a role whose credentials expire",
	"unknown": "%s may have an active long-lived access key (%s): its status is unknown until apply; use a role whose credentials expire",
}

_reason("unknown") := {"reason": "status unknown until apply"}

_reason("violation") := {}

# The user the key belongs to: the user resource when joined, else the user name.
_user(key) := user if {
	user := plan.join("after", key, "user", {"aws_iam_user"}).targets[0]
} else := object.get(key.values, "user", key.address)

_status(a) := "existing" if {
	key := plan.instances.before[a]
	not key.values.status == "Inactive"
} else := "new"
