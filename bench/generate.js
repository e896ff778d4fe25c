#!/usr/bin/env node
"use strict";
/**
 * Deterministic generator of large, IAM-heavy `terraform show -json` plans for the benchmarks.
 *
 *   node bench/generate.js                      100, 1000, 10000 and 50000 instances into .bench/
 *   node bench/generate.js --sizes 100,100000   chosen sizes
 *   node bench/generate.js --out DIR --seed S   other directory / seed
 *
 * Writes DIR/plan-<N>.json (compact, as `terraform show -json` prints it) and next to it
 * DIR/plan-<N>.expected.json: the planted BH001/BH002 findings (per rule and by address) and what
 * the plan holds. Same seed and size, same bytes: the only randomness is a seeded PRNG.
 *
 * What a plan holds (format_version 1.2, Terraform 1.9.8, AWS provider 5.x): exactly N resource
 * instances (resource_changes plus the data sources read while planning, which show only in
 * prior_state), with planned_values, prior_state and a configuration whose expressions carry the
 * references Terraform records. About 40 % are IAM, laid out the way teams write it:
 *   module.team[k]         groups, users (count), both membership kinds, the force-MFA gate
 *                          (count = var.enforce_mfa), ReadOnly/ViewOnly, a customer policy built
 *                          from data.aws_iam_policy_document, inline group/user policies,
 *                          user attachments, group *_policy_attachments_exclusive;
 *   module.ecs_service[k]  role, customer policy from a policy document (deferred read when its
 *                          bucket is new: resources unknown), role attachments, inline role policy;
 *   module.lambda_fn[k]    role with managed_policy_arns and inline_policy blocks configured;
 *   module.ec2_app[k]      role, instance profile, role *_policy_attachments_exclusive;
 *   module.platform        aws_iam_policy_attachment with role lists, module.platform.module.ci[k]
 *                          (GitHub OIDC roles), an audit policy reached through a module output;
 *   root                   the force-MFA policy, MFA-guarded human roles (ReadOnly, PowerUser,
 *                          DatabaseAdministrator), an aws_iam_policy_attachment with users and
 *                          groups, and the planted violations.
 * The other 60 % are S3 buckets, EC2 instances and volumes, RDS, security groups, SQS, DynamoDB,
 * KMS, Lambda, log groups, alarms and DNS records (module.estate[k] and the service modules).
 * Plans mix creates (unknown ARNs joined by configuration references), no-ops, updates, deletes
 * (whole teams and services, single users) and replaces.
 *
 * Planted violations (the only ones: every other principal has narrow policies, and no admin
 * ever meets backup deletion):
 *   BH001  AdministratorAccess on a role, a user, a role's managed_policy_arns, or a group (the
 *          group and each member are findings); IAMFullAccess + AWSBackupFullAccess over two
 *          attachments (on a role, or user attachment + group membership); an inline policy
 *          (role, user, or a role's inline_policy block) with iam:PutRolePolicy +
 *          ec2:DeleteSnapshot on "*".
 *   BH002  the force-MFA group policy attachment deleted from a group with members (the group
 *          and each member are findings); a human role's trust statement losing
 *          Bool aws:MultiFactorAuthPresent "true".
 */
const fs = require("node:fs");
const path = require("node:path");

const { ACCOUNT, REGION, TF_VERSION, PROVIDER, TIMESTAMP, CREATED } = require("../test/fixtures/plans/lib/constants");
const { UNKNOWN, isUnknown, expandRef } = require("../test/fixtures/plans/lib/dsl");
const { MANAGED, doc, forceMfaDoc } = require("../test/fixtures/plans/lib/aws");
const DEFAULT_SEED = "bulkhead-bench-1";
const SIZES = [100, 1000, 10000, 50000];

// ---- deterministic randomness -----------------------------------------------------------------

function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: small, fast, good enough for layout decisions; seeded from a string. */
class Rng {
  constructor(seed) {
    this.state = fnv1a(String(seed)) | 0;
  }
  next() {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n) {
    return Math.floor(this.next() * n);
  }
  range(lo, hi) {
    return lo + this.int(hi - lo + 1);
  }
  chance(p) {
    return this.next() < p;
  }
  pick(xs) {
    return xs[this.int(xs.length)];
  }
  text(alphabet, n) {
    let out = "";
    for (let i = 0; i < n; i += 1) out += alphabet[this.int(alphabet.length)];
    return out;
  }
  hex(n) {
    return this.text("0123456789abcdef", n);
  }
  upper(n) {
    return this.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", n);
  }
}

// ---- values and expressions -------------------------------------------------------------------

const C = (v) => ({ constant_value: v });
const R = (...exprs) => ({ references: exprs.flatMap(expandRef) });
/** A function call without references (jsonencode of constants, format(...)). */
const F = () => ({});

function sortDeep(v) {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v && typeof v === "object" && !isUnknown(v)) {
    const out = {};
    for (const k of Object.keys(v).sort()) out[k] = sortDeep(v[k]);
    return out;
  }
  return v;
}

/** What Terraform's jsonencode prints: compact, keys sorted. */
const jsonencode = (doc) => JSON.stringify(sortDeep(doc));

/** Known part of a value: unknown attributes dropped, unknown list elements null. */
function known(v) {
  if (isUnknown(v)) return null;
  if (Array.isArray(v)) return v.map(known);
  if (v && typeof v === "object") {
    let has = false;
    for (const x of Object.values(v)) if (isUnknown(x) || (x && typeof x === "object")) has = true;
    if (!has) return v;
    const out = {};
    for (const [k, x] of Object.entries(v)) if (!isUnknown(x)) out[k] = known(x);
    return out;
  }
  return v;
}

const isComposite = (x) => x !== null && typeof x === "object" && !isUnknown(x);

/** after_unknown: true where unknown, composites mirrored, known primitives left out of objects. */
function unknownMirror(v) {
  if (isUnknown(v)) return true;
  if (Array.isArray(v)) return v.map((x) => (isComposite(x) ? unknownMirror(x) : isUnknown(x)));
  const out = {};
  for (const [k, x] of Object.entries(v)) {
    if (isUnknown(x)) out[k] = true;
    else if (isComposite(x)) out[k] = unknownMirror(x);
  }
  return out;
}

/** before_sensitive / after_sensitive / sensitive_values. */
function sensitiveMirror(v, sensitive) {
  const out = {};
  for (const [k, x] of Object.entries(v)) {
    if (sensitive && sensitive.includes(k) && x !== null && !isUnknown(x)) out[k] = true;
    else if (isComposite(x)) out[k] = mirrorFalse(x);
  }
  return out;
}

function mirrorFalse(v) {
  if (Array.isArray(v)) return v.map((x) => (isComposite(x) ? mirrorFalse(x) : false));
  const out = {};
  for (const [k, x] of Object.entries(v)) if (isComposite(x)) out[k] = mirrorFalse(x);
  return out;
}

// ---- policy documents -------------------------------------------------------------------------

/** AWS's force-MFA policy, as the labelled fixtures build it. */
const FORCE_MFA_DOC = forceMfaDoc();

/** The planted inline admin + backup deletion document. */
const ESCALATE_AND_DELETE = doc({
  Sid: "OpsAutomation",
  Effect: "Allow",
  Action: ["iam:PutRolePolicy", "ec2:DeleteSnapshot", "ec2:DescribeSnapshots"],
  Resource: "*",
});

const trustService = (service) => doc({ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: service } });

const MFA_TRUE = { Bool: { "aws:MultiFactorAuthPresent": "true" } };
const humanTrust = (mfa) =>
  doc({
    Sid: "AccountPrincipalsWithMFA",
    Effect: "Allow",
    Action: "sts:AssumeRole",
    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
    ...(mfa ? { Condition: { ...MFA_TRUE, NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } } } : {}),
  });

const githubTrust = (repo) =>
  doc({
    Effect: "Allow",
    Action: "sts:AssumeRoleWithWebIdentity",
    Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` },
    Condition: {
      StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
      StringLike: { "token.actions.githubusercontent.com:sub": `repo:acme/${repo}:*` },
    },
  });

/** Narrow application statements: nothing IAM-administrative, nothing that deletes backups. */
function appStatements(rng, bucket, queue, table) {
  const out = [
    {
      Sid: "ReadWriteOwnBucket",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      Resource: `arn:aws:s3:::${bucket}/*`,
    },
    { Sid: "ListOwnBucket", Effect: "Allow", Action: ["s3:ListBucket"], Resource: `arn:aws:s3:::${bucket}` },
  ];
  if (queue)
    out.push({
      Sid: "ConsumeQueue",
      Effect: "Allow",
      Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:SendMessage", "sqs:GetQueueAttributes"],
      Resource: `arn:aws:sqs:${REGION}:${ACCOUNT}:${queue}`,
    });
  if (table)
    out.push({
      Sid: "TableAccess",
      Effect: "Allow",
      Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"],
      Resource: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${table}`,
    });
  if (rng.chance(0.5))
    out.push({
      Sid: "Parameters",
      Effect: "Allow",
      Action: ["ssm:GetParameter", "ssm:GetParametersByPath"],
      Resource: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/${bucket}/*`,
    });
  if (rng.chance(0.4)) out.push({ Sid: "Metrics", Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*" });
  return out;
}

// ---- resource schemas (AWS provider 5.x, the attributes that matter plus realistic bulk) -------

const tagsAll = (v) => v.tags || {};
const azOf = (rng) => `${REGION}${rng.pick(["a", "b", "c"])}`;

/**
 * Per type: optional argument defaults, attributes the provider computes (unknown at create
 * unless configured), their values in state (ctx: {rng, address}), sensitive attributes.
 */
const SCHEMAS = {
  aws_iam_user: {
    optional: { force_destroy: false, path: "/", permissions_boundary: null, tags: null },
    computed: ["arn", "id", "unique_id"],
    state: (v, { rng }) => ({
      arn: `arn:aws:iam::${ACCOUNT}:user${v.path}${v.name}`,
      id: v.name,
      tags_all: tagsAll(v),
      unique_id: `AIDA${rng.upper(17)}`,
    }),
  },
  aws_iam_group: {
    optional: { path: "/" },
    computed: ["arn", "id", "unique_id"],
    state: (v, { rng }) => ({
      arn: `arn:aws:iam::${ACCOUNT}:group${v.path}${v.name}`,
      id: v.name,
      unique_id: `AGPA${rng.upper(17)}`,
    }),
  },
  aws_iam_role: {
    optional: {
      description: "",
      force_detach_policies: false,
      max_session_duration: 3600,
      path: "/",
      permissions_boundary: null,
      tags: null,
    },
    computed: ["arn", "create_date", "id", "inline_policy", "managed_policy_arns", "name_prefix", "unique_id"],
    state: (v, { rng }) => ({
      arn: `arn:aws:iam::${ACCOUNT}:role${v.path}${v.name}`,
      create_date: CREATED,
      id: v.name,
      inline_policy: [],
      managed_policy_arns: [],
      name_prefix: "",
      tags_all: tagsAll(v),
      unique_id: `AROA${rng.upper(17)}`,
    }),
  },
  aws_iam_policy: {
    optional: { description: "", path: "/", tags: null },
    computed: ["arn", "attachment_count", "id", "name_prefix", "policy_id"],
    state: (v, { rng }) => {
      const arn = `arn:aws:iam::${ACCOUNT}:policy${v.path}${v.name}`;
      return {
        arn,
        attachment_count: 0,
        id: arn,
        name_prefix: "",
        policy_id: `ANPA${rng.upper(17)}`,
        tags_all: tagsAll(v),
      };
    },
  },
  aws_iam_role_policy_attachment: {
    optional: {},
    computed: ["id"],
    state: (v, { rng }) => ({ id: `${v.role}-${20240311093000 + rng.int(1e6)}${rng.text("0123456789", 6)}` }),
  },
  aws_iam_user_policy_attachment: {
    optional: {},
    computed: ["id"],
    state: (v, { rng }) => ({ id: `${v.user}-${20240311093000 + rng.int(1e6)}${rng.text("0123456789", 6)}` }),
  },
  aws_iam_group_policy_attachment: {
    optional: {},
    computed: ["id"],
    state: (v, { rng }) => ({ id: `${v.group}-${20240311093000 + rng.int(1e6)}${rng.text("0123456789", 6)}` }),
  },
  aws_iam_policy_attachment: {
    optional: { groups: null, roles: null, users: null },
    computed: ["id"],
    state: (v) => ({ id: v.name }),
  },
  aws_iam_role_policy_attachments_exclusive: { optional: {}, computed: [], state: () => ({}) },
  aws_iam_user_policy_attachments_exclusive: { optional: {}, computed: [], state: () => ({}) },
  aws_iam_group_policy_attachments_exclusive: { optional: {}, computed: [], state: () => ({}) },
  aws_iam_role_policy: {
    optional: { name_prefix: null },
    computed: ["id"],
    state: (v) => ({ id: `${v.role}:${v.name}` }),
  },
  aws_iam_user_policy: {
    optional: { name_prefix: null },
    computed: ["id"],
    state: (v) => ({ id: `${v.user}:${v.name}` }),
  },
  aws_iam_group_policy: {
    optional: { name_prefix: null },
    computed: ["id"],
    state: (v) => ({ id: `${v.group}:${v.name}` }),
  },
  aws_iam_user_group_membership: {
    optional: {},
    computed: ["id"],
    state: (v, { rng }) => ({ id: `terraform-${rng.text("0123456789", 26)}` }),
  },
  aws_iam_group_membership: { optional: {}, computed: ["id"], state: (v) => ({ id: v.name }) },
  aws_iam_instance_profile: {
    optional: { path: "/", tags: null },
    computed: ["arn", "create_date", "id", "name_prefix", "unique_id"],
    state: (v, { rng }) => ({
      arn: `arn:aws:iam::${ACCOUNT}:instance-profile${v.path}${v.name}`,
      create_date: CREATED,
      id: v.name,
      name_prefix: "",
      tags_all: tagsAll(v),
      unique_id: `AIPA${rng.upper(17)}`,
    }),
  },
  aws_s3_bucket: {
    optional: { force_destroy: false, object_lock_enabled: false, tags: null, timeouts: null },
    computed: [
      "acceleration_status",
      "acl",
      "arn",
      "bucket_domain_name",
      "bucket_prefix",
      "bucket_regional_domain_name",
      "cors_rule",
      "grant",
      "hosted_zone_id",
      "id",
      "lifecycle_rule",
      "logging",
      "object_lock_configuration",
      "policy",
      "region",
      "replication_configuration",
      "request_payer",
      "server_side_encryption_configuration",
      "versioning",
      "website",
      "website_domain",
      "website_endpoint",
    ],
    state: (v, { rng }) => ({
      acceleration_status: "",
      acl: null,
      arn: `arn:aws:s3:::${v.bucket}`,
      bucket_domain_name: `${v.bucket}.s3.amazonaws.com`,
      bucket_prefix: "",
      bucket_regional_domain_name: `${v.bucket}.s3.${REGION}.amazonaws.com`,
      cors_rule: [],
      grant: [{ id: rng.hex(64), permissions: ["FULL_CONTROL"], type: "CanonicalUser", uri: "" }],
      hosted_zone_id: "Z1BKCTXD74EZPE",
      id: v.bucket,
      lifecycle_rule: [],
      logging: [],
      object_lock_configuration: [],
      policy: "",
      region: REGION,
      replication_configuration: [],
      request_payer: "BucketOwner",
      server_side_encryption_configuration: [
        {
          rule: [
            {
              apply_server_side_encryption_by_default: [{ kms_master_key_id: "", sse_algorithm: "AES256" }],
              bucket_key_enabled: false,
            },
          ],
        },
      ],
      tags_all: tagsAll(v),
      versioning: [{ enabled: true, mfa_delete: false }],
      website: [],
      website_domain: null,
      website_endpoint: null,
    }),
  },
  aws_s3_bucket_versioning: {
    optional: { expected_bucket_owner: "", mfa: null },
    computed: ["id"],
    sensitive: ["mfa"],
    state: (v) => ({ id: v.bucket }),
  },
  aws_s3_bucket_public_access_block: {
    optional: {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    },
    computed: ["id"],
    state: (v) => ({ id: v.bucket }),
  },
  aws_instance: {
    optional: {
      associate_public_ip_address: false,
      disable_api_stop: false,
      disable_api_termination: false,
      ebs_optimized: false,
      get_password_data: false,
      hibernation: false,
      iam_instance_profile: "",
      monitoring: false,
      source_dest_check: true,
      tags: null,
      timeouts: null,
      user_data_replace_on_change: false,
      volume_tags: null,
    },
    computed: [
      "arn",
      "availability_zone",
      "capacity_reservation_specification",
      "cpu_options",
      "credit_specification",
      "ebs_block_device",
      "enclave_options",
      "ephemeral_block_device",
      "host_id",
      "id",
      "instance_initiated_shutdown_behavior",
      "instance_lifecycle",
      "instance_state",
      "ipv6_address_count",
      "ipv6_addresses",
      "key_name",
      "maintenance_options",
      "metadata_options",
      "network_interface",
      "outpost_arn",
      "password_data",
      "placement_group",
      "placement_partition_number",
      "primary_network_interface_id",
      "private_dns",
      "private_dns_name_options",
      "private_ip",
      "public_dns",
      "public_ip",
      "root_block_device",
      "secondary_private_ips",
      "security_groups",
      "spot_instance_request_id",
      "tenancy",
    ],
    state: (v, { rng }) => {
      const ip = `10.${rng.int(256)}.${rng.int(256)}.${rng.range(4, 250)}`;
      const id = `i-${rng.hex(17)}`;
      return {
        arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/${id}`,
        availability_zone: azOf(rng),
        capacity_reservation_specification: [
          { capacity_reservation_preference: "open", capacity_reservation_target: [] },
        ],
        cpu_options: [{ amd_sev_snp: "", core_count: 1, threads_per_core: 2 }],
        credit_specification: [{ cpu_credits: "unlimited" }],
        ebs_block_device: [],
        enclave_options: [{ enabled: false }],
        ephemeral_block_device: [],
        host_id: "",
        id,
        instance_initiated_shutdown_behavior: "stop",
        instance_lifecycle: "",
        instance_state: "running",
        ipv6_address_count: 0,
        ipv6_addresses: [],
        key_name: "",
        maintenance_options: [{ auto_recovery: "default" }],
        metadata_options: [
          {
            http_endpoint: "enabled",
            http_protocol_ipv6: "disabled",
            http_put_response_hop_limit: 2,
            http_tokens: "required",
            instance_metadata_tags: "disabled",
          },
        ],
        network_interface: [],
        outpost_arn: "",
        password_data: "",
        placement_group: "",
        placement_partition_number: 0,
        primary_network_interface_id: `eni-${rng.hex(17)}`,
        private_dns: `ip-${ip.replace(/\./g, "-")}.${REGION}.compute.internal`,
        private_dns_name_options: [
          {
            enable_resource_name_dns_a_record: false,
            enable_resource_name_dns_aaaa_record: false,
            hostname_type: "ip-name",
          },
        ],
        private_ip: ip,
        public_dns: "",
        public_ip: "",
        root_block_device: [
          {
            delete_on_termination: true,
            device_name: "/dev/xvda",
            encrypted: true,
            iops: 3000,
            kms_key_id: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`,
            tags: {},
            tags_all: {},
            throughput: 125,
            volume_id: `vol-${rng.hex(17)}`,
            volume_size: rng.pick([8, 20, 30, 50]),
            volume_type: "gp3",
          },
        ],
        secondary_private_ips: [],
        security_groups: [],
        spot_instance_request_id: "",
        tags_all: tagsAll(v),
        tenancy: "default",
      };
    },
  },
  aws_ebs_volume: {
    optional: { final_snapshot: false, multi_attach_enabled: false, outpost_arn: null, tags: null, timeouts: null },
    computed: ["arn", "encrypted", "id", "iops", "kms_key_id", "snapshot_id", "throughput", "type"],
    state: (v, { rng }) => {
      const id = `vol-${rng.hex(17)}`;
      return {
        arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:volume/${id}`,
        encrypted: true,
        id,
        iops: 3000,
        kms_key_id: "",
        snapshot_id: "",
        tags_all: tagsAll(v),
        throughput: 125,
        type: "gp3",
      };
    },
  },
  aws_security_group: {
    optional: { description: "Managed by Terraform", revoke_rules_on_delete: false, tags: null, timeouts: null },
    computed: ["arn", "id", "name_prefix", "owner_id"],
    state: (v, { rng }) => {
      const id = `sg-${rng.hex(17)}`;
      return {
        arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${id}`,
        id,
        name_prefix: "",
        owner_id: ACCOUNT,
        tags_all: tagsAll(v),
      };
    },
  },
  aws_db_instance: {
    optional: {
      allow_major_version_upgrade: null,
      apply_immediately: false,
      auto_minor_version_upgrade: true,
      copy_tags_to_snapshot: true,
      delete_automated_backups: false,
      deletion_protection: true,
      final_snapshot_identifier: null,
      iam_database_authentication_enabled: true,
      max_allocated_storage: 0,
      monitoring_interval: 0,
      performance_insights_enabled: false,
      skip_final_snapshot: false,
      storage_encrypted: true,
      tags: null,
      timeouts: null,
    },
    computed: [
      "address",
      "arn",
      "availability_zone",
      "backup_target",
      "backup_window",
      "ca_cert_identifier",
      "character_set_name",
      "db_name",
      "db_subnet_group_name",
      "endpoint",
      "engine_version_actual",
      "hosted_zone_id",
      "id",
      "identifier_prefix",
      "iops",
      "kms_key_id",
      "latest_restorable_time",
      "license_model",
      "listener_endpoint",
      "maintenance_window",
      "master_user_secret",
      "monitoring_role_arn",
      "multi_az",
      "nchar_character_set_name",
      "network_type",
      "option_group_name",
      "parameter_group_name",
      "port",
      "replicas",
      "resource_id",
      "status",
      "storage_throughput",
      "storage_type",
      "timezone",
    ],
    sensitive: ["password"],
    state: (v, { rng }) => ({
      address: `${v.identifier}.${rng.text("abcdefghijklmnopqrstuvwxyz0123456789", 12)}.${REGION}.rds.amazonaws.com`,
      arn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:${v.identifier}`,
      availability_zone: azOf(rng),
      backup_target: "region",
      backup_window: "03:00-04:00",
      ca_cert_identifier: "rds-ca-rsa2048-g1",
      character_set_name: "",
      db_name: "app",
      db_subnet_group_name: `${v.identifier}-subnets`,
      endpoint: `${v.identifier}.${REGION}.rds.amazonaws.com:5432`,
      engine_version_actual: "16.3",
      hosted_zone_id: "Z29XKXDKYMONMX",
      id: `db-${rng.upper(26)}`,
      identifier_prefix: "",
      iops: 3000,
      kms_key_id: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`,
      latest_restorable_time: "2026-01-15T09:55:00Z",
      license_model: "postgresql-license",
      listener_endpoint: [],
      maintenance_window: "sun:05:00-sun:06:00",
      master_user_secret: [],
      monitoring_role_arn: "",
      multi_az: true,
      nchar_character_set_name: "",
      network_type: "IPV4",
      option_group_name: "default:postgres-16",
      parameter_group_name: "default.postgres16",
      port: 5432,
      replicas: [],
      resource_id: `db-${rng.upper(26)}`,
      status: "available",
      storage_throughput: 125,
      storage_type: "gp3",
      tags_all: tagsAll(v),
      timezone: "",
    }),
  },
  aws_sqs_queue: {
    optional: {
      delay_seconds: 0,
      fifo_queue: false,
      max_message_size: 262144,
      message_retention_seconds: 345600,
      receive_wait_time_seconds: 0,
      tags: null,
      visibility_timeout_seconds: 30,
    },
    computed: [
      "arn",
      "id",
      "kms_data_key_reuse_period_seconds",
      "policy",
      "redrive_allow_policy",
      "redrive_policy",
      "sqs_managed_sse_enabled",
      "url",
    ],
    state: (v) => ({
      arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:${v.name}`,
      id: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${v.name}`,
      kms_data_key_reuse_period_seconds: 300,
      policy: "",
      redrive_allow_policy: "",
      redrive_policy: "",
      sqs_managed_sse_enabled: true,
      tags_all: tagsAll(v),
      url: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${v.name}`,
    }),
  },
  aws_dynamodb_table: {
    optional: {
      billing_mode: "PAY_PER_REQUEST",
      deletion_protection_enabled: true,
      range_key: null,
      stream_enabled: false,
      table_class: "STANDARD",
      tags: null,
      timeouts: null,
    },
    computed: [
      "arn",
      "id",
      "read_capacity",
      "replica",
      "server_side_encryption",
      "stream_arn",
      "stream_label",
      "stream_view_type",
      "write_capacity",
    ],
    state: (v) => ({
      arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${v.name}`,
      id: v.name,
      read_capacity: 0,
      replica: [],
      server_side_encryption: [],
      stream_arn: "",
      stream_label: "",
      stream_view_type: "",
      tags_all: tagsAll(v),
      write_capacity: 0,
    }),
  },
  aws_kms_key: {
    optional: {
      bypass_policy_lockout_safety_check: false,
      customer_master_key_spec: "SYMMETRIC_DEFAULT",
      deletion_window_in_days: 30,
      enable_key_rotation: true,
      is_enabled: true,
      key_usage: "ENCRYPT_DECRYPT",
      tags: null,
    },
    computed: [
      "arn",
      "custom_key_store_id",
      "id",
      "key_id",
      "multi_region",
      "policy",
      "rotation_period_in_days",
      "xks_key_id",
    ],
    state: (v, { rng }) => {
      const id = `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`;
      return {
        arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${id}`,
        custom_key_store_id: "",
        id,
        key_id: id,
        multi_region: false,
        policy: jsonencode(
          doc({
            Sid: "Enable IAM User Permissions",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
            Action: "kms:*",
            Resource: "*",
          }),
        ),
        rotation_period_in_days: 365,
        tags_all: tagsAll(v),
        xks_key_id: "",
      };
    },
  },
  aws_lambda_function: {
    optional: {
      architectures: ["arm64"],
      memory_size: 256,
      publish: false,
      reserved_concurrent_executions: -1,
      tags: null,
      timeout: 30,
      timeouts: null,
    },
    computed: [
      "arn",
      "code_sha256",
      "id",
      "invoke_arn",
      "last_modified",
      "qualified_arn",
      "qualified_invoke_arn",
      "signing_job_arn",
      "source_code_size",
      "version",
    ],
    state: (v, { rng }) => {
      const arn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${v.function_name}`;
      return {
        arn,
        code_sha256: rng.text("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 43) + "=",
        id: v.function_name,
        invoke_arn: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${arn}/invocations`,
        last_modified: "2025-11-02T08:14:31.000+0000",
        qualified_arn: `${arn}:$LATEST`,
        qualified_invoke_arn: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${arn}:$LATEST/invocations`,
        signing_job_arn: "",
        source_code_size: rng.range(2000, 9000000),
        tags_all: tagsAll(v),
        version: "$LATEST",
      };
    },
  },
  aws_cloudwatch_log_group: {
    optional: { kms_key_id: "", log_group_class: "STANDARD", retention_in_days: 30, skip_destroy: false, tags: null },
    computed: ["arn", "id"],
    state: (v) => ({ arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${v.name}`, id: v.name, tags_all: tagsAll(v) }),
  },
  aws_cloudwatch_metric_alarm: {
    optional: {
      actions_enabled: true,
      datapoints_to_alarm: 0,
      evaluate_low_sample_count_percentiles: "",
      extended_statistic: "",
      insufficient_data_actions: [],
      ok_actions: [],
      tags: null,
      threshold_metric_id: "",
      treat_missing_data: "missing",
      unit: "",
    },
    computed: ["arn", "id"],
    state: (v) => ({
      arn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${v.alarm_name}`,
      id: v.alarm_name,
      tags_all: tagsAll(v),
    }),
  },
  aws_route53_record: {
    optional: { alias: [], allow_overwrite: null, health_check_id: "", set_identifier: "" },
    computed: ["fqdn", "id"],
    state: (v) => ({ fqdn: v.name, id: `Z0123456789ABCDEFGHIJ_${v.name}_${v.type}` }),
  },
  "data.aws_iam_policy_document": {
    optional: {},
    computed: ["id", "json", "minified_json"],
    state: (v) => {
      const statement = v.statement.map(stateStatement);
      const rendered = renderDocument(statement);
      const json = JSON.stringify(rendered, null, 2);
      return {
        id: String(fnv1a(json)),
        json,
        minified_json: JSON.stringify(rendered),
        override_policy_documents: null,
        policy_id: null,
        source_policy_documents: null,
        statement,
        version: "2012-10-17",
      };
    },
  },
};

const sorted = (xs) => (xs ? [...xs].sort() : []);

function stateStatement(s) {
  return {
    actions: sorted(s.actions),
    condition: (s.condition || []).map((c) => ({ test: c.test, values: c.values, variable: c.variable })),
    effect: s.effect || "Allow",
    not_actions: sorted(s.not_actions),
    not_principals: [],
    not_resources: sorted(s.not_resources),
    principals: [],
    resources: sorted(s.resources),
    sid: s.sid || "",
  };
}

const one = (xs) => (xs.length === 1 ? xs[0] : xs);

/** The document aws_iam_policy_document renders into `json` (provider 5.x field order). */
function renderDocument(statements) {
  return {
    Version: "2012-10-17",
    Statement: statements.map((s) => {
      const o = {};
      if (s.sid) o.Sid = s.sid;
      o.Effect = s.effect;
      if (s.actions.length) o.Action = one(s.actions);
      if (s.not_actions.length) o.NotAction = one(s.not_actions);
      if (s.resources.length) o.Resource = one(s.resources);
      if (s.not_resources.length) o.NotResource = one(s.not_resources);
      return o;
    }),
  };
}

// ---- the plan model ---------------------------------------------------------------------------

const moduleAddressOf = (mod) =>
  mod.map((m) => `module.${m.name}${m.key === undefined ? "" : keySuffix(m.key)}`).join(".");
const keySuffix = (k) => (typeof k === "number" ? `[${k}]` : `[${JSON.stringify(k)}]`);

class PlanModel {
  constructor(seed) {
    this.rng = new Rng(seed);
    this.items = [];
    this.addresses = new Set();
    this.blocks = new Map(); // config module path "team/ci" -> Map(local -> block)
    this.calls = new Map(); // config module path -> {source, expressions, variables, outputs}
    this.vars = new Map(); // config module path -> Set of variables its expressions read
    this.expected = [];
  }

  /**
   * One resource instance. mod: [{name, key?}]; o: {index, mode, before, after, replace,
   * read: "plan"|"apply", exprs: config expressions (recorded once per configuration block),
   * count, forEach}. before/after are configured arguments (values may be UNKNOWN).
   */
  add(type, name, mod, o) {
    const mode = o.mode || "managed";
    const schema = SCHEMAS[mode === "data" ? `data.${type}` : type];
    if (!schema) throw new Error(`no schema for ${type}`);
    const moduleAddress = moduleAddressOf(mod);
    const local = `${mode === "data" ? "data." : ""}${type}.${name}`;
    const address = `${moduleAddress ? `${moduleAddress}.` : ""}${local}${o.index === undefined ? "" : keySuffix(o.index)}`;
    if (this.addresses.has(address)) throw new Error(`duplicate ${address}`);
    this.addresses.add(address);
    const it = { type, name, mode, mod, moduleAddress, local, address, index: o.index, schema, ...o };
    const ctx = { rng: this.rng };
    if (mode === "data") {
      if (o.read === "plan") it.stateValues = sortDeep(schema.state(o.after, ctx));
      else it.afterValues = sortDeep(deferredDocument(o.after));
      it.actions = o.read === "apply" ? ["read"] : null;
    } else {
      if (o.before) it.beforeValues = stateValues(schema, o.before, ctx);
      if (o.after) {
        if (!o.before || o.replace) it.afterValues = createValues(schema, o.after, ctx);
        else it.afterValues = updateValues(it.beforeValues, o.after, o.derive);
      }
      if (o.replace) it.actions = ["delete", "create"];
      else if (!o.before) it.actions = ["create"];
      else if (!o.after) it.actions = ["delete"];
      else it.actions = JSON.stringify(it.beforeValues) === JSON.stringify(it.afterValues) ? ["no-op"] : ["update"];
    }
    if (o.after && o.exprs) this.block(mod, local, type, name, mode, o);
    this.items.push(it);
    return it;
  }

  block(mod, local, type, name, mode, o) {
    const key = mod.map((m) => m.name).join("/");
    if (!this.blocks.has(key)) this.blocks.set(key, new Map());
    const blocks = this.blocks.get(key);
    if (blocks.has(local)) return;
    this.useVars(key, [o.exprs, o.count, o.forEach]);
    const b = {
      address: local,
      mode,
      type,
      name,
      provider_config_key: "aws",
      expressions: sortDeep(o.exprs),
      schema_version: 0,
    };
    if (o.count) b.count_expression = o.count;
    if (o.forEach) b.for_each_expression = o.forEach;
    blocks.set(local, b);
  }

  moduleCall(path, call) {
    const key = path.join("/");
    if (this.calls.has(key)) return;
    this.calls.set(key, call);
    this.useVars(path.slice(0, -1).join("/"), [call.expressions, call.forEach, call.count]);
    this.useVars(key, [call.outputs]);
  }

  /** Records the variables (var.x) that expressions of a configuration module read. */
  useVars(key, exprs) {
    if (!this.vars.has(key)) this.vars.set(key, new Set());
    const set = this.vars.get(key);
    const walk = (e) => {
      if (Array.isArray(e)) e.forEach(walk);
      else if (e && typeof e === "object") {
        if (Array.isArray(e.references))
          for (const r of e.references) if (r.startsWith("var.")) set.add(r.slice(4).split(/[.[]/)[0]);
        for (const v of Object.values(e)) if (v && typeof v === "object") walk(v);
      }
    };
    walk(exprs);
  }

  expect(ruleId, address, why) {
    this.expected.push({ ruleId, address, why });
  }

  /** Provider mirrors of the BEFORE layout: role managed_policy_arns/inline_policy, attachment_count. */
  applyMirrors() {
    const before = this.items.filter((it) => it.beforeValues);
    const roleManaged = new Map();
    const roleInline = new Map();
    const counts = new Map();
    const push = (map, k, v) => {
      if (!map.has(k)) map.set(k, []);
      map.get(k).push(v);
    };
    const bump = (arn, n = 1) => counts.set(arn, (counts.get(arn) || 0) + n);
    for (const it of before) {
      const v = it.beforeValues;
      switch (it.type) {
        case "aws_iam_role_policy_attachment":
          push(roleManaged, v.role, v.policy_arn);
          bump(v.policy_arn);
          break;
        case "aws_iam_user_policy_attachment":
        case "aws_iam_group_policy_attachment":
          bump(v.policy_arn);
          break;
        case "aws_iam_policy_attachment":
          for (const r of v.roles || []) push(roleManaged, r, v.policy_arn);
          bump(v.policy_arn, (v.roles || []).length + (v.users || []).length + (v.groups || []).length);
          break;
        case "aws_iam_role_policy_attachments_exclusive":
          for (const a of v.policy_arns) {
            push(roleManaged, v.role_name, a);
            bump(a);
          }
          break;
        case "aws_iam_user_policy_attachments_exclusive":
        case "aws_iam_group_policy_attachments_exclusive":
          for (const a of v.policy_arns) bump(a);
          break;
        case "aws_iam_role_policy":
          push(roleInline, v.role, { name: v.name, policy: v.policy });
          break;
        case "aws_iam_role":
          if (it.before.managed_policy_arns) for (const a of v.managed_policy_arns) bump(a);
          break;
        default:
      }
    }
    for (const it of before) {
      if (it.type === "aws_iam_role") {
        const mirror = {};
        if (!("managed_policy_arns" in it.before))
          mirror.managed_policy_arns = [...new Set(roleManaged.get(it.beforeValues.name) || [])].sort();
        if (!("inline_policy" in it.before))
          mirror.inline_policy = (roleInline.get(it.beforeValues.name) || []).sort((a, b) =>
            a.name < b.name ? -1 : 1,
          );
        Object.assign(it.beforeValues, mirror);
        // A configuration that does not set the attribute leaves the stale mirror in AFTER.
        if (it.afterValues && !it.replace) Object.assign(it.afterValues, mirror);
      }
      if (it.type === "aws_iam_policy") {
        it.beforeValues.attachment_count = counts.get(it.beforeValues.arn) || 0;
        if (it.afterValues && !it.replace) it.afterValues.attachment_count = it.beforeValues.attachment_count;
      }
    }
    for (const it of before) {
      if (it.afterValues && it.actions[0] !== "delete" && it.actions.length === 1) {
        it.actions = JSON.stringify(it.beforeValues) === JSON.stringify(it.afterValues) ? ["no-op"] : ["update"];
      }
    }
  }
}

function stateValues(schema, cfg, ctx) {
  const base = { ...schema.optional, ...cfg };
  const computed = schema.state(base, ctx);
  for (const [k, x] of Object.entries(computed)) if (!(k in cfg)) base[k] = x;
  return sortDeep(base);
}

function createValues(schema, cfg, ctx) {
  const values = stateValues(schema, cfg, ctx);
  for (const k of schema.computed) if (!(k in cfg)) values[k] = UNKNOWN;
  return values;
}

function updateValues(before, cfg, derive) {
  const values = { ...before, ...cfg };
  if ("tags" in cfg && "tags_all" in before) values.tags_all = cfg.tags || {};
  if (derive) Object.assign(values, derive(values));
  return sortDeep(values);
}

/** A data.aws_iam_policy_document read at apply: statements known except their resources. */
function deferredDocument(cfg) {
  return {
    id: UNKNOWN,
    json: UNKNOWN,
    minified_json: UNKNOWN,
    override_policy_documents: null,
    policy_id: null,
    source_policy_documents: null,
    statement: cfg.statement.map((s) => ({
      actions: s.actions,
      condition: [],
      effect: s.effect || "Allow",
      not_actions: null,
      not_principals: [],
      not_resources: null,
      principals: [],
      resources: s.resources.map((r) => (isUnknown(r) ? UNKNOWN : r)).some(isUnknown) ? UNKNOWN : s.resources,
      sid: s.sid || "",
    })),
    version: null,
  };
}

// ---- layout: the units a plan is made of ------------------------------------------------------

const WORDS = [
  "atlas",
  "birch",
  "cobalt",
  "delta",
  "ember",
  "fjord",
  "garnet",
  "harbor",
  "iris",
  "juniper",
  "kestrel",
  "lumen",
  "maple",
  "nimbus",
  "onyx",
  "pylon",
  "quartz",
  "raven",
  "sierra",
  "tundra",
  "umber",
  "vector",
  "willow",
  "xenon",
  "yarrow",
  "zephyr",
];
const FIRST = [
  "ana",
  "ben",
  "chen",
  "dara",
  "eli",
  "fatima",
  "gus",
  "hana",
  "ivan",
  "jo",
  "kai",
  "lena",
  "mo",
  "nia",
  "omar",
  "pia",
  "quinn",
  "ravi",
  "sofia",
  "tom",
  "uma",
  "vik",
  "wen",
  "yusuf",
  "zoe",
];

/** Unit lifecycles: most units exist and do not change; some are new, some are being removed. */
function lifecycle(rng) {
  const r = rng.next();
  if (r < 0.72) return "keep";
  if (r < 0.9) return "new";
  return "gone";
}

/** keep (maybe update) / create / destroy one instance, per lifecycle. */
function put(p, life, type, name, mod, o) {
  const { cfg, next, ...rest } = o;
  if (life === "new") return p.add(type, name, mod, { ...rest, before: null, after: cfg });
  if (life === "gone") return p.add(type, name, mod, { ...rest, before: stripUnknown(cfg, type), after: null });
  return p.add(type, name, mod, { ...rest, before: stripUnknown(cfg, type), after: next || cfg });
}

/** Before values of an existing resource: every reference is resolved (nothing is unknown). */
function stripUnknown(cfg, type) {
  if (!cfg) return cfg;
  for (const [k, v] of Object.entries(cfg)) {
    if (isUnknown(v) || (Array.isArray(v) && v.some(isUnknown))) throw new Error(`unknown ${k} in existing ${type}`);
  }
  return cfg;
}

const policyArn = (name, pathPrefix = "/") => `arn:aws:iam::${ACCOUNT}:policy${pathPrefix}${name}`;
const tags = (team, extra = {}) => ({
  CostCenter: `cc-${(fnv1a(team) % 900) + 100}`,
  ManagedBy: "terraform",
  Team: team,
  ...extra,
});

class Layout {
  constructor(p, target) {
    this.p = p;
    this.rng = p.rng;
    this.target = target;
    this.names = new Set();
    this.counter = 0;
  }

  get count() {
    return this.p.items.length;
  }

  /** A unique, readable name. */
  name(prefix) {
    for (;;) {
      const n = `${prefix}-${this.rng.pick(WORDS)}-${(this.counter += 1).toString(36)}`;
      if (!this.names.has(n)) {
        this.names.add(n);
        return n;
      }
    }
  }

  // ---- root ---------------------------------------------------------------------------------

  root() {
    const p = this.p;
    // The account's force-MFA policy, attached by every team module (by value: it exists).
    this.forceMfaArn = policyArn("force-mfa");
    p.add("aws_iam_policy", "force_mfa", [], {
      before: {
        name: "force-mfa",
        description: "Deny everything except MFA set-up unless signed in with MFA",
        policy: jsonencode(FORCE_MFA_DOC),
      },
      after: {
        name: "force-mfa",
        description: "Deny everything except MFA set-up unless signed in with MFA",
        policy: jsonencode(FORCE_MFA_DOC),
      },
      exprs: {
        name: C("force-mfa"),
        description: C("Deny everything except MFA set-up unless signed in with MFA"),
        policy: F(),
      },
    });
    this.humanRoles = [];
  }

  /** An MFA-guarded human role (root, for_each), with a job-function policy. */
  humanRole({ dropMfa = false } = {}) {
    const p = this.p;
    const key = this.name("human");
    const mod = [];
    const job = this.rng.pick([MANAGED.readOnly, MANAGED.powerUser, MANAGED.dba, MANAGED.viewOnly]);
    const cfg = {
      name: key,
      assume_role_policy: jsonencode(humanTrust(true)),
      max_session_duration: 3600,
      tags: { Access: "human" },
    };
    const next = dropMfa
      ? { ...cfg, assume_role_policy: jsonencode(humanTrust(false)) }
      : this.rng.chance(0.15)
        ? { ...cfg, max_session_duration: 7200 }
        : cfg;
    const exprs = {
      name: R("each.key"),
      assume_role_policy: R("data.aws_iam_policy_document.human_trust.json"),
      max_session_duration: R("each.value.session"),
      tags: C({ Access: "human" }),
    };
    p.add("aws_iam_role", "human", mod, { index: key, before: cfg, after: next, exprs, forEach: R("var.human_roles") });
    p.add("aws_iam_role_policy_attachment", "human", mod, {
      index: key,
      before: { role: key, policy_arn: job },
      after: { role: key, policy_arn: job },
      exprs: { role: R("aws_iam_role.human[each.key].name"), policy_arn: R("each.value.policy_arn") },
      forEach: R("var.human_roles"),
    });
    if (dropMfa)
      p.expect(
        "BH002",
        `aws_iam_role.human[${JSON.stringify(key)}]`,
        "trust statement lost Bool aws:MultiFactorAuthPresent",
      );
    // The trust document as the configuration reads it (a data source read while planning).
    if (!this.humanTrustDoc) {
      this.humanTrustDoc = true;
      p.add("aws_iam_policy_document", "human_trust", mod, {
        mode: "data",
        read: "plan",
        after: { statement: [{ sid: "AccountPrincipalsWithMFA", actions: ["sts:AssumeRole"], resources: [] }] },
        exprs: { statement: [{ sid: C("AccountPrincipalsWithMFA"), actions: C(["sts:AssumeRole"]) }] },
      });
    }
    this.humanRoles.push(key);
  }

  // ---- module.team --------------------------------------------------------------------------

  team({ gateDeleted = false, life = lifecycle(this.rng) } = {}) {
    const p = this.p;
    const rng = this.rng;
    if (gateDeleted) life = "keep";
    const team = this.name("team");
    const mod = [{ name: "team", key: team }];
    p.moduleCall(["team"], {
      source: "./modules/team",
      forEach: R("var.teams"),
      expressions: {
        name: R("each.key"),
        members: R("each.value.members"),
        enforce_mfa: R("each.value.enforce_mfa"),
        force_mfa_policy_arn: R("aws_iam_policy.force_mfa.arn"),
      },
      variables: [
        "name",
        "members",
        "enforce_mfa",
        "force_mfa_policy_arn",
        "per_user_membership",
        "exclusive",
        "s3_readers",
      ],
    });
    const members = [];
    const n = rng.range(2, 7);
    for (let i = 0; i < n; i += 1) members.push(`${rng.pick(FIRST)}.${team.split("-").slice(1).join("")}${i}`);
    const perUser = rng.chance(0.35);
    const exclusive = rng.chance(0.3);
    const teamTags = tags(team);

    const g = put(p, life, "aws_iam_group", "this", mod, {
      cfg: { name: team, path: "/teams/" },
      exprs: { name: R("var.name"), path: C("/teams/") },
    });
    const groupRef = R("aws_iam_group.this.name");
    // Users: count = length(var.members); one member joins or leaves now and then.
    const leaving = life === "keep" && !gateDeleted && rng.chance(0.15) ? n - 1 : -1;
    const joining = life === "keep" && !gateDeleted && rng.chance(0.15);
    const userNames = [];
    const nowNames = [];
    for (let i = 0; i < n + (joining ? 1 : 0); i += 1) {
      const uname = i < n ? members[i] : `${rng.pick(FIRST)}.${team.split("-").slice(1).join("")}${i}`;
      const userLife = i === leaving ? "gone" : i >= n ? "new" : life;
      put(p, userLife, "aws_iam_user", "member", mod, {
        index: i,
        cfg: { name: uname, force_destroy: true, tags: teamTags },
        exprs: { name: R("var.members", "count.index"), force_destroy: C(true), tags: R("var.tags") },
        count: R("var.members"),
      });
      if (i < n) userNames.push(uname);
      if (userLife !== "gone") nowNames.push(uname);
    }
    // Membership: one aws_iam_group_membership, or one aws_iam_user_group_membership per user.
    if (!perUser) {
      const cfgBefore = { name: `${team}-members`, group: team, users: userNames };
      const cfgAfter = { name: `${team}-members`, group: team, users: nowNames };
      const o = {
        index: 0,
        exprs: { name: F(), group: groupRef, users: R("aws_iam_user.member") },
        count: R("var.per_user_membership"),
      };
      if (life === "new") p.add("aws_iam_group_membership", "this", mod, { ...o, before: null, after: cfgAfter });
      else if (life === "gone")
        p.add("aws_iam_group_membership", "this", mod, { ...o, before: cfgBefore, after: null });
      else p.add("aws_iam_group_membership", "this", mod, { ...o, before: cfgBefore, after: cfgAfter });
    } else {
      for (let i = 0; i < n + (joining ? 1 : 0); i += 1) {
        const uname = i < n ? userNames[i] : nowNames[nowNames.length - 1];
        const memLife = i === leaving ? "gone" : i >= n ? "new" : life;
        put(p, memLife, "aws_iam_user_group_membership", "member", mod, {
          index: i,
          cfg: { user: uname, groups: [team] },
          exprs: {
            user: R("aws_iam_user.member[count.index].name"),
            groups: { references: ["aws_iam_group.this.name", "aws_iam_group.this"] },
          },
          count: R("var.per_user_membership", "var.members"),
        });
      }
    }
    // The force-MFA gate (count = var.enforce_mfa ? 1 : 0). Planted: enforce_mfa turned off.
    const gate = { group: team, policy_arn: this.forceMfaArn };
    const gateExprs = {
      exprs: { group: groupRef, policy_arn: R("var.force_mfa_policy_arn") },
      count: R("var.enforce_mfa"),
    };
    if (gateDeleted) {
      p.add("aws_iam_group_policy_attachment", "force_mfa", mod, { index: 0, before: gate, after: null, ...gateExprs });
      p.expect("BH002", g.address, "force-MFA group attachment deleted");
      for (let i = 0; i < n; i += 1)
        p.expect(
          "BH002",
          `${moduleAddressOf(mod)}.aws_iam_user.member[${i}]`,
          "member of a group that lost its force-MFA gate",
        );
    } else {
      put(p, life, "aws_iam_group_policy_attachment", "force_mfa", mod, { index: 0, cfg: gate, ...gateExprs });
    }
    put(p, life, "aws_iam_group_policy_attachment", "read_only", mod, {
      cfg: { group: team, policy_arn: rng.chance(0.5) ? MANAGED.readOnly : MANAGED.viewOnly },
      exprs: { group: groupRef, policy_arn: R("var.read_only_policy_arn") },
    });
    // The team's customer policy, from a policy document read while planning.
    const bucket = `acme-${team}-artifacts`;
    const statement = [
      {
        sid: "TeamArtifacts",
        actions: ["s3:GetObject", "s3:ListBucket", "s3:PutObject"],
        resources: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
      },
      {
        sid: "Logs",
        actions: ["logs:FilterLogEvents", "logs:GetLogEvents"],
        resources: [`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/${team}/*`],
      },
      { sid: "PassTeamRoles", actions: ["iam:PassRole"], resources: [`arn:aws:iam::${ACCOUNT}:role/${team}-*`] },
    ];
    const docState = SCHEMAS["data.aws_iam_policy_document"].state({ statement });
    if (life !== "gone") {
      p.add("aws_iam_policy_document", "team", mod, {
        mode: "data",
        read: "plan",
        after: { statement },
        exprs: {
          statement: [
            { sid: C("TeamArtifacts"), actions: C(statement[0].actions), resources: R("var.name") },
            { sid: C("Logs"), actions: C(statement[1].actions), resources: R("var.name") },
            { sid: C("PassTeamRoles"), actions: C(["iam:PassRole"]), resources: R("var.name") },
          ],
        },
      });
    }
    const teamPolicy = `${team}-access`;
    let policyAfter = { name: teamPolicy, path: "/teams/", policy: docState.json, tags: teamTags };
    if (life === "keep" && rng.chance(0.1)) {
      // The team widens its read access (still narrow): an update of the policy document.
      const wider = [...statement, { sid: "Describe", actions: ["ec2:DescribeInstances"], resources: ["*"] }];
      policyAfter = {
        ...policyAfter,
        policy: SCHEMAS["data.aws_iam_policy_document"].state({ statement: wider }).json,
      };
    }
    put(p, life, "aws_iam_policy", "team", mod, {
      cfg: { name: teamPolicy, path: "/teams/", policy: docState.json, tags: teamTags },
      next: policyAfter,
      exprs: {
        name: F(),
        path: C("/teams/"),
        policy: R("data.aws_iam_policy_document.team.json"),
        tags: R("var.tags"),
      },
    });
    const teamArn = policyArn(teamPolicy, "/teams/");
    put(p, life, "aws_iam_group_policy_attachment", "team", mod, {
      cfg: { group: team, policy_arn: life === "new" ? UNKNOWN : teamArn },
      exprs: { group: groupRef, policy_arn: R("aws_iam_policy.team.arn") },
    });
    put(p, life, "aws_iam_group_policy", "tools", mod, {
      cfg: {
        name: "tools",
        group: team,
        policy: jsonencode(
          doc({
            Sid: "Tooling",
            Effect: "Allow",
            Action: [
              "codeartifact:ReadFromRepository",
              "codeartifact:GetAuthorizationToken",
              "sts:GetServiceBearerToken",
            ],
            Resource: "*",
          }),
        ),
      },
      exprs: { name: C("tools"), group: groupRef, policy: F() },
    });
    if (exclusive) {
      put(p, life, "aws_iam_group_policy_attachments_exclusive", "this", mod, {
        index: 0,
        cfg: { group_name: team, policy_arns: [MANAGED.changePassword, life === "new" ? UNKNOWN : teamArn] },
        exprs: { group_name: groupRef, policy_arns: R("aws_iam_policy.team.arn") },
        count: R("var.exclusive"),
      });
    }
    // Some members read S3 directly, some have an inline policy of their own.
    const readers = userNames.filter((_, i) => rng.chance(0.3) && i !== leaving);
    readers.forEach((u, i) => {
      put(p, life, "aws_iam_user_policy_attachment", "s3_read", mod, {
        index: i,
        cfg: { user: u, policy_arn: MANAGED.s3Read },
        exprs: { user: R("var.s3_readers", "count.index"), policy_arn: C(MANAGED.s3Read) },
        count: R("var.s3_readers"),
      });
    });
    if (rng.chance(0.3)) {
      put(p, life, "aws_iam_user_policy", "oncall", mod, {
        index: 0,
        cfg: {
          name: "oncall",
          user: userNames[0],
          policy: jsonencode(
            doc({
              Sid: "Pager",
              Effect: "Allow",
              Action: ["sns:Publish"],
              Resource: `arn:aws:sns:${REGION}:${ACCOUNT}:${team}-pager`,
            }),
          ),
        },
        exprs: { name: C("oncall"), user: R("aws_iam_user.member[0].name"), policy: F() },
        count: R("var.oncall"),
      });
    }
    return team;
  }

  // ---- module.ecs_service -------------------------------------------------------------------

  ecsService() {
    const p = this.p;
    const rng = this.rng;
    const life = lifecycle(rng);
    const svc = this.name("svc");
    const mod = [{ name: "ecs_service", key: svc }];
    p.moduleCall(["ecs_service"], {
      source: "./modules/ecs-service",
      forEach: R("var.services"),
      expressions: { name: R("each.key"), team: R("each.value.team") },
      variables: ["name", "team"],
    });
    const t = tags(svc, { Service: svc });
    const bucket = `acme-${svc}-data`;
    const queue = `${svc}-jobs`;
    const table = `${svc}-state`;
    const bucketIt = put(p, life, "aws_s3_bucket", "data", mod, {
      cfg: { bucket, tags: t },
      exprs: { bucket: F(), tags: R("var.tags") },
    });
    put(p, life, "aws_s3_bucket_versioning", "data", mod, {
      cfg: { bucket, versioning_configuration: [{ mfa_delete: "", status: "Enabled" }] },
      exprs: { bucket: R("aws_s3_bucket.data.id"), versioning_configuration: [{ status: C("Enabled") }] },
    });
    put(p, life, "aws_s3_bucket_public_access_block", "data", mod, {
      cfg: { bucket },
      exprs: { bucket: R("aws_s3_bucket.data.id") },
    });
    put(p, life, "aws_sqs_queue", "jobs", mod, {
      cfg: { name: queue, tags: t },
      exprs: { name: F(), tags: R("var.tags") },
    });
    put(p, life, "aws_dynamodb_table", "state", mod, {
      cfg: {
        name: table,
        hash_key: "pk",
        attribute: [{ name: "pk", type: "S" }],
        point_in_time_recovery: [{ enabled: true }],
        tags: t,
      },
      next:
        life === "keep" && rng.chance(0.1)
          ? {
              name: table,
              hash_key: "pk",
              attribute: [{ name: "pk", type: "S" }],
              point_in_time_recovery: [{ enabled: true }],
              tags: { ...t, Tier: "gold" },
            }
          : undefined,
      exprs: {
        name: F(),
        hash_key: C("pk"),
        attribute: [{ name: C("pk"), type: C("S") }],
        point_in_time_recovery: [{ enabled: C(true) }],
        tags: R("var.tags"),
      },
    });
    put(p, life, "aws_cloudwatch_log_group", "app", mod, {
      cfg: { name: `/ecs/${svc}`, tags: t },
      exprs: { name: F(), tags: R("var.tags") },
    });
    this.securityGroup(life, mod, svc, t);

    const roleName = `${svc}-task`;
    put(p, life, "aws_iam_role", "task", mod, {
      cfg: { name: roleName, assume_role_policy: jsonencode(trustService("ecs-tasks.amazonaws.com")), tags: t },
      exprs: { name: F(), assume_role_policy: F(), tags: R("var.tags") },
    });
    // The task policy: a document over the service's own resources. A new bucket makes its ARN
    // unknown, so the document is read at apply (deferred) and the policy JSON is unknown.
    const statement = [
      {
        sid: "ReadWriteOwnBucket",
        actions: ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"],
        resources: [`arn:aws:s3:::${bucket}/*`],
      },
      {
        sid: "ConsumeQueue",
        actions: ["sqs:DeleteMessage", "sqs:ReceiveMessage", "sqs:SendMessage"],
        resources: [`arn:aws:sqs:${REGION}:${ACCOUNT}:${queue}`],
      },
      {
        sid: "TableAccess",
        actions: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"],
        resources: [`arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${table}`],
      },
    ];
    const docExprs = {
      statement: [
        { sid: C("ReadWriteOwnBucket"), actions: C(statement[0].actions), resources: R("aws_s3_bucket.data.arn") },
        { sid: C("ConsumeQueue"), actions: C(statement[1].actions), resources: R("aws_sqs_queue.jobs.arn") },
        { sid: C("TableAccess"), actions: C(statement[2].actions), resources: R("aws_dynamodb_table.state.arn") },
      ],
    };
    const policyName = `${svc}-task`;
    if (life === "new") {
      const deferred = statement.map((s) => ({ ...s, resources: [UNKNOWN] }));
      p.add("aws_iam_policy_document", "task", mod, {
        mode: "data",
        read: "apply",
        after: { statement: deferred },
        exprs: docExprs,
      });
      p.add("aws_iam_policy", "task", mod, {
        before: null,
        after: { name: policyName, policy: UNKNOWN, tags: t },
        exprs: { name: F(), policy: R("data.aws_iam_policy_document.task.json"), tags: R("var.tags") },
      });
    } else {
      const json = SCHEMAS["data.aws_iam_policy_document"].state({ statement }).json;
      if (life === "keep")
        p.add("aws_iam_policy_document", "task", mod, {
          mode: "data",
          read: "plan",
          after: { statement },
          exprs: docExprs,
        });
      put(p, life, "aws_iam_policy", "task", mod, {
        cfg: { name: policyName, policy: json, tags: t },
        exprs: { name: F(), policy: R("data.aws_iam_policy_document.task.json"), tags: R("var.tags") },
      });
    }
    put(p, life, "aws_iam_role_policy_attachment", "task", mod, {
      cfg: { role: roleName, policy_arn: life === "new" ? UNKNOWN : policyArn(policyName) },
      exprs: { role: R("aws_iam_role.task.name"), policy_arn: R("aws_iam_policy.task.arn") },
    });
    put(p, life, "aws_iam_role_policy_attachment", "execution", mod, {
      cfg: { role: roleName, policy_arn: MANAGED.ecsExec },
      exprs: { role: R("aws_iam_role.task.name"), policy_arn: C(MANAGED.ecsExec) },
    });
    put(p, life, "aws_iam_role_policy", "telemetry", mod, {
      cfg: {
        name: "telemetry",
        role: roleName,
        policy: jsonencode(
          doc({
            Sid: "Xray",
            Effect: "Allow",
            Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
            Resource: "*",
          }),
        ),
      },
      exprs: { name: C("telemetry"), role: R("aws_iam_role.task.id"), policy: F() },
    });
    return bucketIt;
  }

  securityGroup(life, mod, name, t) {
    const ingress = [
      {
        cidr_blocks: ["10.0.0.0/8"],
        description: "internal",
        from_port: 443,
        ipv6_cidr_blocks: [],
        prefix_list_ids: [],
        protocol: "tcp",
        security_groups: [],
        self: false,
        to_port: 443,
      },
    ];
    const egress = [
      {
        cidr_blocks: ["0.0.0.0/0"],
        description: "",
        from_port: 0,
        ipv6_cidr_blocks: [],
        prefix_list_ids: [],
        protocol: "-1",
        security_groups: [],
        self: false,
        to_port: 0,
      },
    ];
    const cfg = { name: `${name}-sg`, vpc_id: "vpc-0a1b2c3d4e5f67890", ingress, egress, tags: t };
    const next =
      life === "keep" && this.rng.chance(0.08)
        ? { ...cfg, ingress: [...ingress, { ...ingress[0], description: "metrics", from_port: 9090, to_port: 9090 }] }
        : undefined;
    put(this.p, life, "aws_security_group", "this", mod, {
      cfg,
      next,
      exprs: { name: F(), vpc_id: R("var.vpc_id"), ingress: C(ingress), egress: C(egress), tags: R("var.tags") },
    });
  }

  // ---- module.lambda_fn ---------------------------------------------------------------------

  lambdaFn() {
    const p = this.p;
    const rng = this.rng;
    const life = lifecycle(rng);
    const fn = this.name("fn");
    const mod = [{ name: "lambda_fn", key: fn }];
    p.moduleCall(["lambda_fn"], {
      source: "./modules/lambda",
      forEach: R("var.functions"),
      expressions: { name: R("each.key") },
      variables: ["name"],
    });
    const t = tags(fn, { Function: fn });
    const roleName = `${fn}-exec`;
    const policyName = `${fn}-access`;
    const bucket = `acme-${fn}-input`;
    put(p, life, "aws_iam_policy", "access", mod, {
      cfg: { name: policyName, policy: jsonencode(doc(...appStatements(rng, bucket, `${fn}-dlq`, null))), tags: t },
      exprs: { name: F(), policy: F(), tags: R("var.tags") },
    });
    // managed_policy_arns and inline_policy configured on the role itself.
    const inline = [
      {
        name: "dlq",
        policy: jsonencode(
          doc({
            Sid: "Dlq",
            Effect: "Allow",
            Action: "sqs:SendMessage",
            Resource: `arn:aws:sqs:${REGION}:${ACCOUNT}:${fn}-dlq`,
          }),
        ),
      },
    ];
    put(p, life, "aws_iam_role", "exec", mod, {
      cfg: {
        name: roleName,
        assume_role_policy: jsonencode(trustService("lambda.amazonaws.com")),
        managed_policy_arns: [MANAGED.lambdaBasic, life === "new" ? UNKNOWN : policyArn(policyName)],
        inline_policy: inline,
        tags: t,
      },
      exprs: {
        name: F(),
        assume_role_policy: F(),
        managed_policy_arns: R("aws_iam_policy.access.arn"),
        inline_policy: [{ name: C("dlq"), policy: F() }],
        tags: R("var.tags"),
      },
    });
    put(p, life, "aws_sqs_queue", "dlq", mod, {
      cfg: { name: `${fn}-dlq`, tags: t },
      exprs: { name: F(), tags: R("var.tags") },
    });
    put(p, life, "aws_cloudwatch_log_group", "fn", mod, {
      cfg: { name: `/aws/lambda/${fn}`, retention_in_days: 14, tags: t },
      exprs: { name: F(), retention_in_days: C(14), tags: R("var.tags") },
    });
    const fcfg = {
      function_name: fn,
      handler: "index.handler",
      runtime: "nodejs20.x",
      role: life === "new" ? UNKNOWN : `arn:aws:iam::${ACCOUNT}:role/${roleName}`,
      filename: "build/lambda.zip",
      environment: [{ variables: { BUCKET: bucket, STAGE: "prod" } }],
      tags: t,
    };
    const next = life === "keep" && rng.chance(0.2) ? { ...fcfg, memory_size: 512 } : undefined;
    put(p, life, "aws_lambda_function", "this", mod, {
      cfg: fcfg,
      next,
      exprs: {
        function_name: R("var.name"),
        handler: C("index.handler"),
        runtime: C("nodejs20.x"),
        role: R("aws_iam_role.exec.arn"),
        filename: C("build/lambda.zip"),
        environment: [{ variables: F() }],
        tags: R("var.tags"),
      },
    });
    put(p, life, "aws_cloudwatch_metric_alarm", "errors", mod, this.alarm(`${fn}-errors`, "Errors", "AWS/Lambda"));
  }

  alarm(alarmName, metric, namespace) {
    return {
      cfg: {
        alarm_name: alarmName,
        comparison_operator: "GreaterThanThreshold",
        evaluation_periods: 2,
        metric_name: metric,
        namespace,
        period: 300,
        statistic: "Sum",
        threshold: 5,
        alarm_actions: [`arn:aws:sns:${REGION}:${ACCOUNT}:alerts`],
        dimensions: { Name: alarmName },
      },
      exprs: {
        alarm_name: F(),
        comparison_operator: C("GreaterThanThreshold"),
        evaluation_periods: C(2),
        metric_name: C(metric),
        namespace: C(namespace),
        period: C(300),
        statistic: C("Sum"),
        threshold: C(5),
        alarm_actions: R("var.alarm_topic_arn"),
        dimensions: F(),
      },
    };
  }

  // ---- module.ec2_app -----------------------------------------------------------------------

  ec2App() {
    const p = this.p;
    const rng = this.rng;
    const life = lifecycle(rng);
    const app = this.name("app");
    const mod = [{ name: "ec2_app", key: app }];
    p.moduleCall(["ec2_app"], {
      source: "./modules/ec2-app",
      forEach: R("var.apps"),
      expressions: { name: R("each.key"), instance_count: R("each.value.count") },
      variables: ["name", "instance_count", "database"],
    });
    const t = tags(app, { App: app });
    const roleName = `${app}-instance`;
    const policyName = `${app}-runtime`;
    put(p, life, "aws_iam_role", "instance", mod, {
      cfg: { name: roleName, assume_role_policy: jsonencode(trustService("ec2.amazonaws.com")), tags: t },
      exprs: { name: F(), assume_role_policy: F(), tags: R("var.tags") },
    });
    put(p, life, "aws_iam_policy", "runtime", mod, {
      cfg: {
        name: policyName,
        policy: jsonencode(doc(...appStatements(rng, `acme-${app}-assets`, null, `${app}-sessions`))),
        tags: t,
      },
      exprs: { name: F(), policy: F(), tags: R("var.tags") },
    });
    put(p, life, "aws_iam_role_policy_attachments_exclusive", "instance", mod, {
      cfg: {
        role_name: roleName,
        policy_arns: [MANAGED.cwAgent, MANAGED.ssmCore, life === "new" ? UNKNOWN : policyArn(policyName)],
      },
      exprs: { role_name: R("aws_iam_role.instance.name"), policy_arns: R("aws_iam_policy.runtime.arn") },
    });
    put(p, life, "aws_iam_instance_profile", "instance", mod, {
      cfg: { name: roleName, role: roleName, tags: t },
      exprs: { name: F(), role: R("aws_iam_role.instance.name"), tags: R("var.tags") },
    });
    this.securityGroup(life, mod, app, t);
    const n = rng.range(1, 6);
    for (let i = 0; i < n; i += 1) {
      const cfg = {
        ami: "ami-0c1c30571d2dae5c9",
        instance_type: "m7g.large",
        subnet_id: `subnet-${(fnv1a(app) + i).toString(16)}`,
        iam_instance_profile: roleName,
        vpc_security_group_ids: [`sg-${fnv1a(app).toString(16)}`],
        user_data: null,
        tags: { ...t, Name: `${app}-${i}` },
      };
      const o = {
        index: i,
        exprs: {
          ami: R("var.ami"),
          instance_type: R("var.instance_type"),
          subnet_id: R("var.subnet_ids", "count.index"),
          iam_instance_profile: R("aws_iam_instance_profile.instance.name"),
          vpc_security_group_ids: R("aws_security_group.this.id"),
          tags: F(),
        },
        count: R("var.instance_count"),
      };
      if (life === "keep" && rng.chance(0.06)) {
        p.add("aws_instance", "this", mod, {
          ...o,
          before: cfg,
          after: { ...cfg, ami: "ami-0f9c27b471bdcd702" },
          replace: true,
          replacePaths: [["ami"]],
        });
      } else if (life === "keep" && rng.chance(0.1)) {
        p.add("aws_instance", "this", mod, { ...o, before: cfg, after: { ...cfg, instance_type: "m7g.xlarge" } });
      } else put(p, life, "aws_instance", "this", mod, { ...o, cfg });
      put(p, life, "aws_ebs_volume", "data", mod, {
        index: i,
        cfg: { availability_zone: `${REGION}a`, size: 100, tags: { ...t, Name: `${app}-${i}-data` } },
        exprs: { availability_zone: R("var.azs", "count.index"), size: C(100), tags: F() },
        count: R("var.instance_count"),
      });
    }
    if (rng.chance(0.35)) {
      put(p, life, "aws_db_instance", "this", mod, {
        index: 0,
        cfg: {
          identifier: `${app}-db`,
          engine: "postgres",
          engine_version: "16.3",
          instance_class: "db.r6g.large",
          allocated_storage: 100,
          username: "app",
          password: "generated-in-ssm-0000",
          backup_retention_period: 14,
          vpc_security_group_ids: [`sg-${fnv1a(app).toString(16)}`],
          tags: t,
        },
        exprs: {
          identifier: F(),
          engine: C("postgres"),
          engine_version: C("16.3"),
          instance_class: R("var.db_class"),
          allocated_storage: C(100),
          username: C("app"),
          password: R("var.db_password"),
          backup_retention_period: C(14),
          vpc_security_group_ids: R("aws_security_group.this.id"),
          tags: R("var.tags"),
        },
        count: R("var.database"),
      });
    }
  }

  // ---- module.estate (unrelated bulk) -------------------------------------------------------

  estate() {
    const p = this.p;
    const rng = this.rng;
    const life = rng.chance(0.85) ? "keep" : rng.chance(0.6) ? "new" : "gone";
    const key = this.name("estate");
    const mod = [{ name: "estate", key }];
    p.moduleCall(["estate"], {
      source: "./modules/estate",
      forEach: R("var.estates"),
      expressions: { name: R("each.key") },
      variables: ["name", "buckets", "records"],
    });
    const t = tags(key);
    const buckets = rng.range(2, 6);
    for (let i = 0; i < buckets; i += 1) {
      // Some buckets hold backups (their name says so): data actions on them count as backup deletion.
      const name = `acme-${key}-${i % 5 === 4 ? "backup" : "store"}-${i}`;
      const cfg = { bucket: name, tags: t };
      const next = life === "keep" && rng.chance(0.1) ? { bucket: name, tags: { ...t, Retention: "long" } } : undefined;
      put(p, life, "aws_s3_bucket", "store", mod, {
        index: i,
        cfg,
        next,
        exprs: { bucket: F(), tags: R("var.tags") },
        count: R("var.buckets"),
      });
    }
    const records = rng.range(3, 10);
    for (let i = 0; i < records; i += 1) {
      const rlife = life === "keep" && rng.chance(0.05) ? "gone" : life;
      put(p, rlife, "aws_route53_record", "this", mod, {
        index: i,
        cfg: {
          zone_id: "Z0123456789ABCDEFGHIJ",
          name: `${key}-${i}.internal.acme.example`,
          type: "A",
          ttl: 300,
          records: [`10.${rng.int(256)}.${rng.int(256)}.${rng.range(4, 250)}`],
        },
        exprs: {
          zone_id: R("var.zone_id"),
          name: F(),
          type: C("A"),
          ttl: C(300),
          records: R("var.records", "count.index"),
        },
        count: R("var.records"),
      });
    }
    const alarms = rng.range(2, 6);
    for (let i = 0; i < alarms; i += 1)
      put(p, life, "aws_cloudwatch_metric_alarm", "cpu", mod, {
        index: i,
        ...this.alarm(`${key}-cpu-${i}`, "CPUUtilization", "AWS/EC2"),
        count: R("var.alarms"),
      });
    if (rng.chance(0.5)) {
      put(p, life, "aws_kms_key", "this", mod, {
        index: 0,
        cfg: { description: `${key} data key`, tags: t },
        exprs: { description: F(), tags: R("var.tags") },
        count: R("var.kms"),
      });
    }
    const vms = rng.range(2, 8);
    for (let i = 0; i < vms; i += 1) {
      const cfg = {
        ami: "ami-0c1c30571d2dae5c9",
        instance_type: rng.pick(["t3.medium", "m7i.large", "c7g.xlarge"]),
        subnet_id: `subnet-${fnv1a(key).toString(16)}`,
        tags: { ...t, Name: `${key}-vm-${i}` },
      };
      const next =
        life === "keep" && rng.chance(0.08) ? { ...cfg, tags: { ...cfg.tags, Patch: "2026-01" } } : undefined;
      put(p, life, "aws_instance", "vm", mod, {
        index: i,
        cfg,
        next,
        exprs: { ami: R("var.ami"), instance_type: R("var.instance_type"), subnet_id: R("var.subnet_id"), tags: F() },
        count: R("var.vms"),
      });
    }
  }

  // ---- module.platform, module.platform.module.ci -----------------------------------------

  platform(repos) {
    const p = this.p;
    const rng = this.rng;
    const mod = [{ name: "platform" }];
    p.moduleCall(["platform"], {
      source: "./modules/platform",
      expressions: { repos: R("var.repos") },
      variables: ["repos"],
      outputs: { audit_policy_arn: R("aws_iam_policy.audit.arn"), ci_role_names: R("module.ci") },
    });
    p.moduleCall(["platform", "ci"], {
      source: "./modules/ci-role",
      forEach: R("var.repos"),
      expressions: { repo: R("each.key") },
      variables: ["repo"],
    });
    const roles = [];
    for (let i = 0; i < repos; i += 1) {
      const repo = this.name("repo");
      const life = lifecycle(rng);
      const cmod = [{ name: "platform" }, { name: "ci", key: repo }];
      const roleName = `ci-${repo}`;
      put(p, life, "aws_iam_role", "deploy", cmod, {
        cfg: { name: roleName, assume_role_policy: jsonencode(githubTrust(repo)), max_session_duration: 3600 },
        exprs: { name: F(), assume_role_policy: F(), max_session_duration: C(3600) },
      });
      const policyName = `ci-${repo}-deploy`;
      put(p, life, "aws_iam_policy", "deploy", cmod, {
        cfg: {
          name: policyName,
          policy: jsonencode(
            doc(...appStatements(rng, `acme-${repo}-releases`, null, null), {
              Sid: "Ecr",
              Effect: "Allow",
              Action: ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload"],
              Resource: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${repo}`,
            }),
          ),
        },
        exprs: { name: F(), policy: F() },
      });
      put(p, life, "aws_iam_role_policy_attachment", "deploy", cmod, {
        cfg: { role: roleName, policy_arn: life === "new" ? UNKNOWN : policyArn(policyName) },
        exprs: { role: R("aws_iam_role.deploy.name"), policy_arn: R("aws_iam_policy.deploy.arn") },
      });
      if (life !== "gone") roles.push({ name: roleName, life });
    }
    // One common policy attached to every CI role with aws_iam_policy_attachment (role list).
    const common = {
      name: "ci-common",
      policy: jsonencode(
        doc({
          Sid: "Describe",
          Effect: "Allow",
          Action: ["ec2:DescribeImages", "ecr:GetAuthorizationToken", "sts:GetCallerIdentity"],
          Resource: "*",
        }),
      ),
    };
    p.add("aws_iam_policy", "ci_common", mod, {
      before: common,
      after: common,
      exprs: { name: C("ci-common"), policy: F() },
    });
    const beforeRoles = roles.filter((r) => r.life !== "new").map((r) => r.name);
    p.add("aws_iam_policy_attachment", "ci_common", mod, {
      before: { name: "ci-common", policy_arn: policyArn("ci-common"), roles: beforeRoles },
      after: { name: "ci-common", policy_arn: policyArn("ci-common"), roles: roles.map((r) => r.name) },
      exprs: { name: C("ci-common"), policy_arn: R("aws_iam_policy.ci_common.arn"), roles: R("module.ci") },
    });
    // A new audit policy, reached from the root through a module output (unknown ARN).
    p.add("aws_iam_policy", "audit", mod, {
      before: null,
      after: {
        name: "platform-audit",
        policy: jsonencode(
          doc({
            Sid: "Audit",
            Effect: "Allow",
            Action: ["cloudtrail:LookupEvents", "config:Get*", "config:Describe*"],
            Resource: "*",
          }),
        ),
      },
      exprs: { name: C("platform-audit"), policy: F() },
    });
    return roles;
  }

  // ---- root IAM -----------------------------------------------------------------------------

  rootIam() {
    const p = this.p;
    // The audit role attaches the platform's new audit policy through module.platform.audit_policy_arn.
    p.add("aws_iam_role", "auditor", [], {
      before: { name: "auditor", assume_role_policy: jsonencode(humanTrust(true)) },
      after: { name: "auditor", assume_role_policy: jsonencode(humanTrust(true)) },
      exprs: { name: C("auditor"), assume_role_policy: R("data.aws_iam_policy_document.human_trust.json") },
    });
    p.add("aws_iam_role_policy_attachment", "auditor_platform", [], {
      before: null,
      after: { role: "auditor", policy_arn: UNKNOWN },
      exprs: { role: R("aws_iam_role.auditor.name"), policy_arn: R("module.platform.audit_policy_arn") },
    });
  }

  /** aws_iam_policy_attachment with user and group lists (root): the support policy. */
  supportAttachment(users, groups) {
    const p = this.p;
    const support = {
      name: "support-tickets",
      policy: jsonencode(doc({ Sid: "Support", Effect: "Allow", Action: ["support:*"], Resource: "*" })),
    };
    p.add("aws_iam_policy", "support", [], {
      before: support,
      after: support,
      exprs: { name: C("support-tickets"), policy: F() },
    });
    p.add("aws_iam_policy_attachment", "support", [], {
      before: {
        name: "support-tickets",
        policy_arn: policyArn("support-tickets"),
        users: users.before,
        groups: groups.before,
      },
      after: {
        name: "support-tickets",
        policy_arn: policyArn("support-tickets"),
        users: users.after,
        groups: groups.after,
      },
      exprs: {
        name: C("support-tickets"),
        policy_arn: R("aws_iam_policy.support.arn"),
        users: R("var.support_users"),
        groups: R("var.support_groups"),
      },
    });
  }

  // ---- planted BH001 ------------------------------------------------------------------------

  plantedBh001(kind) {
    const p = this.p;
    const rng = this.rng;
    const life = rng.chance(0.5) ? "new" : "keep";
    const n = this.name("ops").replace(/-/g, "_");
    const name = n.replace(/_/g, "-");
    const mod = [];
    const expect = (address, why) => p.expect("BH001", address, why);
    const role = (extra = {}) =>
      put(p, life, "aws_iam_role", n, mod, {
        cfg: { name, assume_role_policy: jsonencode(trustService("ec2.amazonaws.com")), ...extra },
        exprs: {
          name: C(name),
          assume_role_policy: F(),
          ...Object.fromEntries(
            Object.keys(extra).map((k) => [
              k,
              k === "managed_policy_arns" ? C(extra[k]) : [{ name: C("ops"), policy: F() }],
            ]),
          ),
        },
      });
    const user = () => put(p, life, "aws_iam_user", n, mod, { cfg: { name }, exprs: { name: C(name) } });
    switch (kind) {
      case "admin-role": {
        const r = role();
        put(p, life, "aws_iam_role_policy_attachment", `${n}_admin`, mod, {
          cfg: { role: name, policy_arn: MANAGED.admin },
          exprs: { role: R(`aws_iam_role.${n}.name`), policy_arn: C(MANAGED.admin) },
        });
        expect(r.address, "AdministratorAccess on a role");
        break;
      }
      case "admin-user": {
        const u = user();
        put(p, life, "aws_iam_user_policy_attachment", `${n}_admin`, mod, {
          cfg: { user: name, policy_arn: MANAGED.admin },
          exprs: { user: R(`aws_iam_user.${n}.name`), policy_arn: C(MANAGED.admin) },
        });
        expect(u.address, "AdministratorAccess on a user");
        break;
      }
      case "admin-managed-arns": {
        const r = role({ managed_policy_arns: [MANAGED.admin] });
        expect(r.address, "AdministratorAccess in a role's managed_policy_arns");
        break;
      }
      case "split-role": {
        const r = role();
        put(p, life, "aws_iam_role_policy_attachment", `${n}_iam`, mod, {
          cfg: { role: name, policy_arn: MANAGED.iamFull },
          exprs: { role: R(`aws_iam_role.${n}.name`), policy_arn: C(MANAGED.iamFull) },
        });
        put(p, life, "aws_iam_role_policy_attachment", `${n}_backup`, mod, {
          cfg: { role: name, policy_arn: MANAGED.backupFull },
          exprs: { role: R(`aws_iam_role.${n}.name`), policy_arn: C(MANAGED.backupFull) },
        });
        expect(r.address, "IAMFullAccess + AWSBackupFullAccess on two role attachments");
        break;
      }
      case "split-user-group": {
        // The user has IAMFullAccess; its group (which alone is fine) has AWSBackupFullAccess.
        const u = user();
        put(p, life, "aws_iam_user_policy_attachment", `${n}_iam`, mod, {
          cfg: { user: name, policy_arn: MANAGED.iamFull },
          exprs: { user: R(`aws_iam_user.${n}.name`), policy_arn: C(MANAGED.iamFull) },
        });
        put(p, life, "aws_iam_group", n, mod, {
          cfg: { name: `${name}-backup` },
          exprs: { name: C(`${name}-backup`) },
        });
        put(p, life, "aws_iam_group_policy_attachment", `${n}_backup`, mod, {
          cfg: { group: `${name}-backup`, policy_arn: MANAGED.backupFull },
          exprs: { group: R(`aws_iam_group.${n}.name`), policy_arn: C(MANAGED.backupFull) },
        });
        put(p, life, "aws_iam_user_group_membership", n, mod, {
          cfg: { user: name, groups: [`${name}-backup`] },
          exprs: { user: R(`aws_iam_user.${n}.name`), groups: R(`aws_iam_group.${n}.name`) },
        });
        expect(u.address, "IAMFullAccess on the user + AWSBackupFullAccess through its group");
        break;
      }
      case "inline-role": {
        const r = role();
        put(p, life, "aws_iam_role_policy", n, mod, {
          cfg: { name: "ops-automation", role: name, policy: jsonencode(ESCALATE_AND_DELETE) },
          exprs: { name: C("ops-automation"), role: R(`aws_iam_role.${n}.id`), policy: F() },
        });
        expect(r.address, "inline role policy: iam:PutRolePolicy + ec2:DeleteSnapshot on *");
        break;
      }
      case "inline-user": {
        const u = user();
        put(p, life, "aws_iam_user_policy", n, mod, {
          cfg: { name: "ops-automation", user: name, policy: jsonencode(ESCALATE_AND_DELETE) },
          exprs: { name: C("ops-automation"), user: R(`aws_iam_user.${n}.name`), policy: F() },
        });
        expect(u.address, "inline user policy: iam:PutRolePolicy + ec2:DeleteSnapshot on *");
        break;
      }
      case "inline-block": {
        const r = role({ inline_policy: [{ name: "ops-automation", policy: jsonencode(ESCALATE_AND_DELETE) }] });
        expect(r.address, "role inline_policy block: iam:PutRolePolicy + ec2:DeleteSnapshot on *");
        break;
      }
      case "admin-group": {
        // A group with AdministratorAccess: the group and each member are findings.
        const g = put(p, life, "aws_iam_group", n, mod, {
          cfg: { name: `${name}-admins` },
          exprs: { name: C(`${name}-admins`) },
        });
        put(p, life, "aws_iam_group_policy_attachment", `${n}_admin`, mod, {
          cfg: { group: `${name}-admins`, policy_arn: MANAGED.admin },
          exprs: { group: R(`aws_iam_group.${n}.name`), policy_arn: C(MANAGED.admin) },
        });
        expect(g.address, "AdministratorAccess on a group");
        const members = [];
        const k = rng.range(1, 3);
        for (let i = 0; i < k; i += 1) {
          const u = put(p, life, "aws_iam_user", `${n}_admin`, mod, {
            index: i,
            cfg: { name: `${name}-admin-${i}` },
            exprs: { name: F() },
            count: C(k),
          });
          members.push(`${name}-admin-${i}`);
          expect(u.address, "member of a group with AdministratorAccess");
        }
        put(p, life, "aws_iam_group_membership", n, mod, {
          cfg: { name: `${name}-admins`, group: `${name}-admins`, users: members },
          exprs: {
            name: C(`${name}-admins`),
            group: R(`aws_iam_group.${n}.name`),
            users: R(`aws_iam_user.${n}_admin`),
          },
        });
        break;
      }
      case "admin-policy-attachment": {
        // aws_iam_policy_attachment with a list of roles: one of them is new, joined by name.
        const r = role();
        put(p, life, "aws_iam_policy_attachment", `${n}_admin`, mod, {
          cfg: { name: `${name}-admin`, policy_arn: MANAGED.admin, roles: [name] },
          exprs: { name: C(`${name}-admin`), policy_arn: C(MANAGED.admin), roles: R(`aws_iam_role.${n}.name`) },
        });
        expect(r.address, "AdministratorAccess through aws_iam_policy_attachment roles");
        break;
      }
      default:
        throw new Error(`unknown planted kind ${kind}`);
    }
  }
}

const BH001_KINDS = [
  "admin-role",
  "split-role",
  "inline-role",
  "admin-user",
  "split-user-group",
  "inline-block",
  "admin-managed-arns",
  "inline-user",
  "admin-group",
  "admin-policy-attachment",
];

// ---- the plan ---------------------------------------------------------------------------------

/**
 * Builds the plan with exactly `instances` resource instances. Returns {plan parts, expected}.
 */
function build(instances, seed = DEFAULT_SEED) {
  if (!Number.isInteger(instances) || instances < 60)
    throw new Error(`instances must be an integer >= 60, got ${instances}`);
  const p = new PlanModel(`${seed}/${instances}`);
  const L = new Layout(p, instances);
  L.root();
  // Planted violations: about one BH001 per 400 instances and one BH002 per 1 000 (at least 4 and 2).
  const nBh001 = Math.max(4, Math.round(instances / 400));
  const nGate = Math.max(1, Math.round(instances / 2500));
  const nTrust = Math.max(1, Math.round(instances / 2500));
  for (let i = 0; i < nBh001; i += 1) L.plantedBh001(BH001_KINDS[i % BH001_KINDS.length]);
  const humans = Math.max(2, Math.round(instances / 500));
  const trustDrops = new Set();
  while (trustDrops.size < nTrust) trustDrops.add(L.rng.int(humans));
  for (let i = 0; i < humans; i += 1) L.humanRole({ dropMfa: trustDrops.has(i) });
  L.platform(Math.max(1, Math.round(instances / 800)));
  L.rootIam();
  const gateTeams = [];
  for (let i = 0; i < nGate; i += 1) gateTeams.push(L.team({ gateDeleted: true }));
  // Support attachment (users and groups lists): a few existing groups and planted-free users.
  const supportTeams = [];
  // The bulk: rounds of teams, services and estates until close to the target, ~40 % IAM.
  const budget = () => instances - p.items.length;
  for (let round = 0; budget() > 40; round += 1) {
    const before = p.items.length;
    const roll = L.rng.next();
    if (roll < 0.19) supportTeams.push(L.team({ life: "keep" }));
    else if (roll < 0.25) L.team();
    else if (roll < 0.42) L.ecsService();
    else if (roll < 0.54) L.lambdaFn();
    else if (roll < 0.68) L.ec2App();
    else L.estate();
    if (p.items.length > instances) throw new Error(`overshoot at round ${round} (${before} → ${p.items.length})`);
  }
  const groups = (supportTeams.length ? supportTeams : gateTeams).slice(0, 8);
  L.supportAttachment({ before: [], after: [] }, { before: groups.slice(0, -1), after: groups });
  // Exact count: fill the rest with DNS records of the root (count), all unchanged.
  const fill = budget();
  if (fill < 0) throw new Error(`overshoot: ${p.items.length} > ${instances}`);
  for (let i = 0; i < fill; i += 1) {
    const life = i % 17 === 5 ? "new" : i % 23 === 7 ? "gone" : "keep";
    put(p, life, "aws_route53_record", "service", [], {
      index: i,
      cfg: {
        zone_id: "Z0123456789ABCDEFGHIJ",
        name: `svc-${i}.acme.example`,
        type: "CNAME",
        ttl: 60,
        records: [`lb-${i}.${REGION}.elb.amazonaws.com`],
      },
      exprs: { zone_id: R("var.zone_id"), name: F(), type: C("CNAME"), ttl: C(60), records: F() },
      count: R("var.service_records"),
    });
  }
  p.applyMirrors();
  if (p.items.length !== instances) throw new Error(`built ${p.items.length} instances, wanted ${instances}`);
  return { model: p, expected: expectedOf(p, instances, seed) };
}

function expectedOf(p, instances, seed) {
  const byRule = { BH001: 0, BH002: 0 };
  for (const f of p.expected) byRule[f.ruleId] += 1;
  const types = {};
  const actions = {};
  let iam = 0;
  for (const it of p.items) {
    types[it.type] = (types[it.type] || 0) + 1;
    const a = it.actions ? it.actions.join(",") : "read-at-plan";
    actions[a] = (actions[a] || 0) + 1;
    if (it.type.startsWith("aws_iam")) iam += 1;
  }
  return {
    generator: "bench/generate.js",
    seed,
    instances,
    findings: { total: p.expected.length, ...byRule },
    expected: [...p.expected].sort((a, b) => (a.ruleId + a.address < b.ruleId + b.address ? -1 : 1)),
    composition: {
      iamInstances: iam,
      iamShare: Number((iam / instances).toFixed(3)),
      actions: sortDeep(actions),
      types: sortDeep(types),
    },
  };
}

// ---- rendering (streamed: a 100 000-instance plan never becomes one string) -------------------

function cmpItems(a, b) {
  const ka = `${a.moduleAddress ? `1${a.moduleAddress}` : "0"}|${a.address}`;
  const kb = `${b.moduleAddress ? `1${b.moduleAddress}` : "0"}|${b.address}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function resourceValues(it, values) {
  const r = { address: it.address, mode: it.mode, type: it.type, name: it.name };
  if (it.index !== undefined) r.index = it.index;
  r.provider_name = PROVIDER;
  r.schema_version = 0;
  r.values = known(values);
  r.sensitive_values = sensitiveMirror(values, it.schema.sensitive);
  return r;
}

function resourceChange(it) {
  const rc = { address: it.address };
  if (it.moduleAddress) rc.module_address = it.moduleAddress;
  rc.mode = it.mode;
  rc.type = it.type;
  rc.name = it.name;
  if (it.index !== undefined) rc.index = it.index;
  rc.provider_name = PROVIDER;
  const before = it.beforeValues || null;
  const after = it.afterValues || null;
  const sens = it.schema.sensitive;
  rc.change = {
    actions: it.actions,
    before: before ? known(before) : null,
    after: after ? known(after) : null,
    after_unknown: after ? unknownMirror(after) : {},
    before_sensitive: before ? sensitiveMirror(before, sens) : false,
    after_sensitive: after ? sensitiveMirror(after, sens) : false,
  };
  if (it.replace) {
    rc.change.replace_paths = it.replacePaths || [["name"]];
    rc.action_reason = "replace_because_cannot_update";
  }
  if (it.mode === "data" && it.read === "apply") rc.action_reason = "read_because_dependency_pending";
  return rc;
}

/** Module tree of planned_values / prior_state; visit(resourceJson) per resource, streamed. */
function moduleTree(items) {
  const root = { resources: [], children: new Map() };
  for (const it of items) {
    let node = root;
    let prefix = "";
    for (const m of it.mod) {
      const seg = `module.${m.name}${m.key === undefined ? "" : keySuffix(m.key)}`;
      prefix = prefix ? `${prefix}.${seg}` : seg;
      if (!node.children.has(seg)) node.children.set(seg, { resources: [], children: new Map(), address: prefix });
      node = node.children.get(seg);
    }
    node.resources.push(it);
  }
  return root;
}

class Writer {
  constructor(file) {
    this.fd = fs.openSync(file, "w");
    this.chunks = [];
    this.size = 0;
    this.bytes = 0;
  }
  write(s) {
    this.chunks.push(s);
    this.size += s.length;
    if (this.size > 1 << 20) this.flush();
  }
  flush() {
    if (this.chunks.length === 0) return;
    const buf = Buffer.from(this.chunks.join(""), "utf8");
    fs.writeSync(this.fd, buf);
    this.bytes += buf.length;
    this.chunks = [];
    this.size = 0;
  }
  close() {
    this.flush();
    fs.closeSync(this.fd);
  }
}

function writeModule(w, node, render) {
  w.write("{");
  let first = true;
  if (node.resources.length) {
    w.write('"resources":[');
    node.resources.forEach((it, i) => w.write((i ? "," : "") + JSON.stringify(render(it))));
    w.write("]");
    first = false;
  }
  if (node.address) {
    w.write(`${first ? "" : ","}"address":${JSON.stringify(node.address)}`);
    first = false;
  }
  if (node.children.size) {
    w.write(`${first ? "" : ","}"child_modules":[`);
    [...node.children.keys()].sort().forEach((k, i) => {
      if (i) w.write(",");
      writeModule(w, node.children.get(k), render);
    });
    w.write("]");
  }
  w.write("}");
}

function configModule(p, path) {
  const key = path.join("/");
  const out = {};
  const blocks = p.blocks.get(key);
  if (blocks && blocks.size) out.resources = [...blocks.values()].sort((a, b) => (a.address < b.address ? -1 : 1));
  const used = p.vars.get(key);
  const declared = new Set([...(used || []), ...((p.calls.get(key) || {}).variables || [])]);
  if (declared.size)
    out.variables = Object.fromEntries(
      [...declared].sort().map((v) => [v, { description: `${v.replace(/_/g, " ")}` }]),
    );
  const children = [...p.calls.keys()].filter((k) => {
    const parts = k.split("/");
    return parts.length === path.length + 1 && parts.slice(0, -1).join("/") === key;
  });
  if (children.length) {
    out.module_calls = {};
    for (const k of children.sort()) {
      const call = p.calls.get(k);
      const parts = k.split("/");
      const inner = configModule(p, parts);
      if (call.outputs)
        inner.outputs = Object.fromEntries(Object.entries(call.outputs).map(([n, e]) => [n, { expression: e }]));
      const c = { source: call.source, expressions: call.expressions };
      if (call.forEach) c.for_each_expression = call.forEach;
      c.module = inner;
      out.module_calls[parts[parts.length - 1]] = c;
    }
  }
  return out;
}

/** Writes the plan as compact JSON; returns its size in bytes. */
function writePlan(file, model) {
  const items = [...model.items].sort(cmpItems);
  const w = new Writer(file);
  w.write(`{"format_version":"1.2","terraform_version":${JSON.stringify(TF_VERSION)}`);
  w.write(`,"variables":{"environment":{"value":"prod"},"region":{"value":${JSON.stringify(REGION)}}}`);
  w.write(',"planned_values":{"root_module":');
  writeModule(w, moduleTree(items.filter((it) => it.afterValues)), (it) => resourceValues(it, it.afterValues));
  w.write('},"resource_changes":[');
  let n = 0;
  for (const it of items) {
    if (!it.actions) continue;
    w.write((n ? "," : "") + JSON.stringify(resourceChange(it)));
    n += 1;
  }
  w.write("]");
  const prior = items.filter((it) => it.beforeValues || it.stateValues);
  if (prior.length) {
    w.write(
      `,"prior_state":{"format_version":"1.0","terraform_version":${JSON.stringify(TF_VERSION)},"values":{"root_module":`,
    );
    writeModule(w, moduleTree(prior), (it) => resourceValues(it, it.beforeValues || it.stateValues));
    w.write("}}");
  }
  const configuration = {
    provider_config: {
      aws: { name: "aws", full_name: PROVIDER, version_constraint: "~> 5.80", expressions: { region: C(REGION) } },
    },
    root_module: configModule(model, []),
  };
  w.write(`,"configuration":${JSON.stringify(configuration)}`);
  w.write(`,"timestamp":${JSON.stringify(TIMESTAMP)},"applyable":true,"complete":true,"errored":false}`);
  w.close();
  return w.bytes;
}

/** Generates one plan and its sidecar into dir; returns {file, expectedFile, bytes, expected}. */
function generate(instances, dir, seed = DEFAULT_SEED) {
  fs.mkdirSync(dir, { recursive: true });
  const { model, expected } = build(instances, seed);
  const file = path.join(dir, `plan-${instances}.json`);
  const bytes = writePlan(file, model);
  expected.bytes = bytes;
  const expectedFile = path.join(dir, `plan-${instances}.expected.json`);
  fs.writeFileSync(expectedFile, `${JSON.stringify(expected, null, 2)}\n`);
  return { file, expectedFile, bytes, expected };
}

function main(argv) {
  const opt = (name, dflt) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : dflt;
  };
  const sizes = opt("--sizes", SIZES.join(","))
    .split(",")
    .map((s) => Number(s.replace(/_/g, "")));
  const dir = path.resolve(opt("--out", path.join(__dirname, "..", ".bench")));
  const seed = opt("--seed", DEFAULT_SEED);
  for (const n of sizes) {
    const t0 = process.hrtime.bigint();
    const r = generate(n, dir, seed);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    process.stdout.write(
      `${path.relative(process.cwd(), r.file)}: ${n} instances, ${(r.bytes / 2 ** 20).toFixed(1)} MiB, planted BH001=${r.expected.findings.BH001} BH002=${r.expected.findings.BH002}, IAM ${(r.expected.composition.iamShare * 100).toFixed(0)} % (${(ms / 1000).toFixed(1)} s)\n`,
    );
  }
}

module.exports = { generate, build, writePlan, SIZES, DEFAULT_SEED, Rng };

if (require.main === module) main(process.argv.slice(2));
