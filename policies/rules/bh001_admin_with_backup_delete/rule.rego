# METADATA
# title: Admin with backup deletion
# description: |
#   One principal may both rewrite IAM permissions (or is allowed everything) and destroy
#   backups. Whoever steals that one credential can grant themselves anything and delete
#   production data together with every copy of it, as happened to Code Spaces in 2014.
#   The grants may come from different policies, groups and attachments; Deny statements
#   without conditions and permission boundaries are taken into account.
# custom:
#   id: BH001
#   severity: critical
#   enforcement: hard-mandatory
#   fix: |
#     Split the duty: keep IAM administration and backup deletion on different principals.
#     Attach a guardrail policy that denies the backup-destructive actions to every admin, or
#     give the admin a permission boundary without them; only a dedicated, MFA-protected
#     break-glass role should be able to delete backups.
package bulkhead.rules.bh001_admin_with_backup_delete

import data.bulkhead.lib.model
import data.bulkhead.lib.result
import data.bulkhead.lib.util

info := result.info(rego.metadata.chain())

findings contains result.finding(rego.metadata.chain(), facts) if {
	some p, caps in model.caps("after")
	caps.admin.worst
	caps.backup.worst
	mode := _widest_mode(p)
	certain := model.permissions("after", p, "certain")
	worst := _worst(p, mode, certain)
	verdict := _verdict(certain, worst)
	facts := {
		"verdict": verdict,
		"status": _status(p),
		"address": p,
		"message": _message(verdict, p, _granted(verdict, certain, worst)),
		"evidence": _evidence(verdict, p, certain),
	}
}

_widest_mode(p) := "worst" if model.has_unknowns("after", p)

else := "certain"

_worst(p, "worst", _) := model.permissions("after", p, "worst")

_worst(_, "certain", certain) := certain

_verdict(certain, _) := "violation" if _violates(certain)

_verdict(certain, worst) := "unknown" if {
	not _violates(certain)
	_violates(worst)
}

_violates(perms) if {
	count(perms.admin) > 0
	count(perms.backup) > 0
}

# Existing: the same principal already held both in the state before this plan.
_status(p) := "existing" if {
	model.is_principal("before", p)
	_violates(model.permissions("before", p, "certain"))
} else := "new"

_granted("violation", certain, _) := certain

_granted("unknown", _, worst) := worst

_message(verdict, p, perms) := util.format(
	concat(" ", [
		"%s %s change IAM permissions (%s) and delete backups (%s):",
		"one stolen credential can take over the account and destroy every backup",
	]),
	[
		result.principal_name(p),
		_modal(verdict),
		result.action_list(perms.admin, 3),
		result.action_list(perms.backup, 3),
	],
)

_modal("violation") := "can"

_modal("unknown") := "may, once values unknown until apply are known,"

_evidence("violation", p, certain) := array.concat(
	model.grants("after", p, "admin", certain.admin),
	model.grants("after", p, "backup", certain.backup),
)

_evidence("unknown", p, certain) := array.flatten([
	model.grants("after", p, "admin", certain.admin),
	model.grants("after", p, "backup", certain.backup),
	model.unknown_documents("after", p),
])
