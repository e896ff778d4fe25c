# METADATA
# title: Backup protection missing or weakened
# description: |
#   Backup storage that a stolen credential could empty: an AWS Backup vault without Vault Lock
#   in compliance mode, without a vault access policy that denies recovery-point deletion, or
#   with force_destroy; an S3 bucket marked as backup storage (name, name prefix or tags) without
#   versioning, without Object Lock in compliance mode, or with force_destroy. A vault policy
#   protects only with a Deny to every principal but named roles or users. "existing" when the
#   same protection was already missing before this plan.
# custom:
#   id: BH003
#   severity: high
#   enforcement: soft-mandatory
#   fix: |
#     Lock the backups so that no credential can delete them before their retention ends: add an
#     aws_backup_vault_lock_configuration with changeable_for_days (compliance mode) and a vault
#     access policy denying backup:DeleteRecoveryPoint to all but the break-glass role; for S3,
#     enable versioning and Object Lock in COMPLIANCE mode. Never set force_destroy on backups.
package bulkhead.rules.bh003_backup_protection_weakened

import data.bulkhead.lib.plan
import data.bulkhead.lib.protection
import data.bulkhead.lib.result
import data.bulkhead.lib.storage
import data.bulkhead.lib.util

info := result.info(rego.metadata.chain())

findings contains result.finding(rego.metadata.chain(), facts) if {
	some a in protection.storage_resources("after")
	gaps := protection.gaps("after", a)
	count(gaps) > 0
	before := _before_gaps(a)
	name := _name(a)
	facts := {
		"verdict": _verdict(gaps),
		"status": _status(gaps, before),
		"address": a,
		"principal": name,
		"message": util.format("backup storage %s is not protected: %s", [
			name,
			concat("; ", sort([g.detail | some g in gaps])),
		]),
		"evidence": sort([{"grants": "backup-protection", "statement": g.gap, "policy": a, "reason": g.detail} | some g in gaps]),
	}
}

# A bucket named at apply from its bucket_prefix is named by the prefix ("acme-backups-*").
_name(a) := n if n := storage.display_name(plan.instances.after[a])

else := result.principal_name(a)

# Unknown: every gap found may close once values unknown until apply are known.
_verdict(gaps) := "unknown" if {
	every g in gaps {
		g.uncertain
	}
} else := "violation"

_before_gaps(a) := {g.gap | some g in protection.gaps("before", a)} if plan.instances.before[a]

else := set()

# Existing: every gap it has now, it had before.
_status(gaps, before) := "existing" if {
	every g in gaps {
		g.gap in before
	}
} else := "new"
