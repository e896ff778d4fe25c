package bulkhead.lib.storage_test

import data.bulkhead.lib.documents
import data.bulkhead.lib.fixtures_test as fx
import data.bulkhead.lib.iam
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

_statement(resource) := iam.statements_of_json({"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": resource}]})[0]

# Every combination the index must find: literal and pattern resources, against literal ARNs,
# patterns with a short head, and patterns with a head past each index level (16, 32, 64).
test_reached_either_way if {
	patterns := [
		"arn:aws:s3:::*backup*",
		"arn:aws:s3:::company-dr-*",
		"arn:aws:s3:::company-dr-archive-of-the-finance-department-2026/*",
		"arn:aws:dynamodb:eu-west-1:123456789012:table/ledger",
	]
	every resource in [
		"arn:aws:s3:::prod-backups/*", "arn:aws:s3:::prod-backups/daily", "arn:aws:s3:::*",
		"arn:aws:s3:::company-*", "arn:aws:s3:::company-dr-archive-of-the-finance-department-2026/x",
		"arn:aws:s3:::company-dr-archive-of-the-finance-department-2026/*",
		"arn:aws:s3:::company-dr-archive-of-the-*", "arn:aws:dynamodb:*:*:table/ledger",
		"arn:aws:dynamodb:eu-west-1:123456789012:table/ledger", "arn:aws:s3:::company-dr-x",
		"arn:aws:s3:::co?pany-dr-*",
	] {
		storage.reached(_statement(resource)) with input as fx.plan([])
			with data.bulkhead.config.backup_resource_patterns as patterns
	}
	every resource in ["arn:aws:s3:::app", "arn:aws:s3:::app/*", "arn:aws:dynamodb:*:*:table/other", "arn:aws:s3:::company-x*"] {
		not storage.reached(_statement(resource)) with input as fx.plan([])
			with data.bulkhead.config.backup_resource_patterns as patterns
	}
}

test_reached_by_plan_buckets if {
	plan := fx.plan([fx.create("aws_s3_bucket", "named", {"bucket": "prod-backups"})])
	storage.reached(_statement("arn:aws:s3:::prod-backups/*")) with input as plan
	storage.reached(_statement("arn:aws:s3:::prod-backups/2026/*")) with input as plan
	storage.reached(_statement("arn:aws:s3:::prod-*")) with input as plan
	not storage.reached(_statement("arn:aws:s3:::prod-app/*")) with input as plan
}

test_bucket_named_by_prefix_is_backup_storage_by_its_prefix if {
	plan := fx.plan([fx.create("aws_s3_bucket", "p", {"bucket_prefix": "acme-backups-", "bucket": fx.unknown([])})])
	arns := storage.backup_arns with input as plan
	arns == {"arn:aws:s3:::acme-backups-*", "arn:aws:s3:::acme-backups-*/*"}
	storage.reached(_statement("arn:aws:s3:::acme-backups-20260101/*")) with input as plan
}

# A bucket without a bucket policy reads back `policy = ""`: no document, nothing unverifiable.
test_empty_bucket_policy_is_no_document if {
	plan := fx.plan([fx.noop("aws_s3_bucket", "b", {"bucket": "app", "policy": ""})])
	count(documents.unverifiable) == 0 with input as plan
	not documents.by_id["after:aws_s3_bucket.b"] with input as plan
}
