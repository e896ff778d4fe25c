/**
 * Small plans in the `terraform show -json` format, built in the test: IAM roles with one inline
 * policy each, created by the plan or already there (no-op, in prior_state).
 */

export interface Statement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action: string | string[];
  Resource: string | string[];
}

export interface TinyRole {
  name: string;
  statements: Statement[];
  /** Already in the state and unchanged (no-op): its findings are "existing". @default false */
  existing?: boolean;
}

/** iam:PutRolePolicy on every role: admin for BH001. */
export const ADMIN: Statement = { Sid: "Admin", Effect: "Allow", Action: "iam:PutRolePolicy", Resource: "*" };
/** A backup-only destructive action: backup deletion for BH001. */
export const DELETE_BACKUPS: Statement = {
  Sid: "Backups",
  Effect: "Allow",
  Action: "backup:DeleteRecoveryPoint",
  Resource: "*",
};
/** A data action that destroys backups only where the bucket is backup storage. */
export const DELETE_VERSIONS: Statement = {
  Sid: "Versions",
  Effect: "Allow",
  Action: "s3:DeleteObjectVersion",
  Resource: "arn:aws:s3:::acme-app-assets/*",
};

const TRUST = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "ec2.amazonaws.com" } }],
});

interface Resource {
  address: string;
  mode: "managed";
  type: string;
  name: string;
  provider_name: string;
  schema_version: number;
  values: Record<string, unknown>;
  sensitive_values: Record<string, unknown>;
}

function resource(type: string, name: string, values: Record<string, unknown>): Resource {
  return {
    address: `${type}.${name}`,
    mode: "managed",
    type,
    name,
    provider_name: "registry.terraform.io/hashicorp/aws",
    schema_version: 0,
    values,
    sensitive_values: {},
  };
}

/** The plan object; `tinyPlanJson` gives its bytes. */
export function tinyPlan(roles: TinyRole[]): object {
  const pairs = roles.map((r) => ({
    existing: r.existing ?? false,
    resources: [
      resource("aws_iam_role", r.name, { name: r.name, assume_role_policy: TRUST, permissions_boundary: null }),
      resource("aws_iam_role_policy", r.name, {
        name: r.name,
        role: r.name,
        policy: JSON.stringify({ Version: "2012-10-17", Statement: r.statements }),
      }),
    ],
  }));
  const after = pairs.flatMap((p) => p.resources);
  const before = pairs.filter((p) => p.existing).flatMap((p) => p.resources);
  return {
    format_version: "1.2",
    terraform_version: "1.9.8",
    planned_values: { root_module: { resources: after } },
    resource_changes: pairs.flatMap((p) =>
      p.resources.map((r) => ({
        address: r.address,
        mode: r.mode,
        type: r.type,
        name: r.name,
        provider_name: r.provider_name,
        change: {
          actions: [p.existing ? "no-op" : "create"],
          before: p.existing ? r.values : null,
          after: r.values,
          after_unknown: {},
        },
      })),
    ),
    prior_state: {
      format_version: "1.0",
      terraform_version: "1.9.8",
      values: { root_module: { resources: before } },
    },
  };
}

export function tinyPlanJson(roles: TinyRole[]): Buffer {
  return Buffer.from(JSON.stringify(tinyPlan(roles)));
}
