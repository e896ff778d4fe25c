package bulkhead.lib.catalogue_test

import data.bulkhead.lib.catalogue
import data.bulkhead.lib.fixtures_test as fx
import data.bulkhead.lib.model

test_catalogue_has_every_kind if {
	catalogue.admin["iam:putrolepolicy"] == ["role"]
	catalogue.backup["ec2:deletesnapshot"] == "only"
	catalogue.backup["s3:deleteobjectversion"] == "data"
	"sts:getsessiontoken" in catalogue.actions
	"ec2:deletesnapshot" in catalogue.by_service.ec2
	catalogue.name("iam:putrolepolicy") == "iam:PutRolePolicy"
}

test_extra_actions_from_the_org_configuration if {
	plan := fx.plan([fx.ops, fx.ops_policy("p", [fx.allow(["sso:CreatePermissionSet", "s3:DeleteBucket"], "*")])])
	perms := model.permissions("after", "aws_iam_role.ops", "certain") with input as plan
		with data.bulkhead.config as {"extra_admin_actions": ["sso:CreatePermissionSet"], "extra_backup_actions": ["s3:DeleteBucket"]}
	perms == {"admin": {"sso:createpermissionset"}, "backup": {"s3:deletebucket"}}
	plain := model.permissions("after", "aws_iam_role.ops", "certain") with input as plan
	plain == {"admin": set(), "backup": set()}
}
