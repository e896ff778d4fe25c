package bulkhead.lib.storage_test

import data.bulkhead.lib.fixtures_test as fx
import data.bulkhead.lib.storage

test_backup_storage_by_name_tag_and_configuration if {
	arns := storage.backup_arns with input as fx.plan([
		fx.create("aws_s3_bucket", "named", {"bucket": "prod-backups"}),
		fx.create("aws_s3_bucket", "tagged", {"bucket": "vault-data", "tags": {"Backup": "true"}}),
		fx.create("aws_s3_bucket", "purpose", {"bucket": "archive", "tags": {"Purpose": "Backup copies"}}),
		fx.create("aws_s3_bucket", "off", {"bucket": "app", "tags": {"Backup": "false"}}),
		fx.create("aws_dynamodb_table", "t", {"name": "backup-index", "arn": "arn:aws:dynamodb:eu-west-1:123456789012:table/backup-index"}),
	])
		with data.bulkhead.config.backup_resource_patterns as ["arn:aws:s3:::company-dr-*"]
	arns == {
		"arn:aws:s3:::company-dr-*",
		"arn:aws:s3:::prod-backups", "arn:aws:s3:::prod-backups/*",
		"arn:aws:s3:::vault-data", "arn:aws:s3:::vault-data/*",
		"arn:aws:s3:::archive", "arn:aws:s3:::archive/*",
		"arn:aws:dynamodb:eu-west-1:123456789012:table/backup-index",
	}
}
