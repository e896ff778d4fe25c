# METADATA
# title: Action catalogues
# description: |
#   The admin, backup-destructive and MFA-bootstrap actions (lower case), built from the bundled
#   data (policies/catalogue/actions.json expanded against the AWS service authorization data)
#   plus the org configuration's extra_admin_actions and extra_backup_actions. Extra actions
#   count on plan policies and on the AWS managed policy statements the bundle keeps (those
#   naming a catalogue action or a wildcard service); they are not verified against AWS data.
package bulkhead.lib.catalogue

_data := data.bulkhead.catalogue

default _extra_admin := []

_extra_admin := data.bulkhead.config.extra_admin_actions if is_array(data.bulkhead.config.extra_admin_actions)

default _extra_backup := []

_extra_backup := data.bulkhead.config.extra_backup_actions if is_array(data.bulkhead.config.extra_backup_actions)

# admin action → the IAM resource types it acts on (an extra action needs Resource "*").
admin := object.union({lower(a): [] | some a in _extra_admin; is_string(a)}, _data.admin)

# backup action → "only" (any resource counts) or "data" (only "*" or backup storage counts).
backup := object.union({lower(a): "only" | some a in _extra_backup; is_string(a)}, _data.backup)

mfa_bootstrap := _data.mfa_bootstrap

# BH006: edge action → its kind ("assume", "web_identity", "saml", "pass", "mint", "join").
reach := _data.reach

# BH006: service principal → the actions that start code running as a role passed to it, and
# launch action → the service principals it launches for.
launch := _data.launch

launch_services[a] contains svc if {
	some svc, actions in launch
	some a in actions
}

iam_sts_actions := _data.iam_sts_actions

actions := {a | some a in _data.all} | (object.keys(admin) | object.keys(backup))

by_service[svc] contains a if {
	some a in actions
	svc := split(a, ":")[0]
}

# An action as AWS spells it ("iam:AttachRolePolicy"), or as given.
name(a) := object.get(_data.names, a, a)
