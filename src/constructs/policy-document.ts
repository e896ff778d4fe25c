/**
 * Plain IAM policy documents. The constructs serialize them with `JSON.stringify` so that the
 * synthesized cdk.tf.json holds the literal statements the policy engine reads; ARNs that are only
 * known at apply time appear as `${resource.attr}` references inside those strings.
 */
import { Fn } from "cdktf";

export type PolicyEffect = "Allow" | "Deny";

/** `{ Operator: { "condition:key": value } }`. */
export type PolicyCondition = Record<string, Record<string, string | string[]>>;

export type PolicyPrincipal = "*" | Record<string, string | string[]>;

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: PolicyEffect;
  readonly Principal?: PolicyPrincipal;
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly NotResource?: string | string[];
  readonly Condition?: PolicyCondition;
}

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: PolicyStatement[];
}

export function policyDocument(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

export function toJson(document: PolicyDocument): string {
  return JSON.stringify(document);
}

/**
 * The IAM policy variable `${aws:username}`, escaped so that Terraform does not read it as an
 * interpolation: it synthesizes as `$${aws:username}` and reaches AWS as `${aws:username}`.
 */
export const AWS_USERNAME = Fn.rawString("${aws:username}");

/** The condition block that makes an Allow (or a role trust) require a recent MFA sign-in. */
export function mfaCondition(maxMfaAgeSeconds: number): PolicyCondition {
  return {
    Bool: { "aws:MultiFactorAuthPresent": "true" },
    NumericLessThan: { "aws:MultiFactorAuthAge": String(maxMfaAgeSeconds) },
  };
}

export interface HumanTrustOptions {
  /** AWS principals allowed to assume the role (the account root delegates to IAM policies). */
  readonly principalArns: string[];
  readonly maxMfaAgeSeconds: number;
  /**
   * Only callers whose `aws:PrincipalArn` is one of these may assume the role.
   * @default any caller the principals allow
   */
  readonly callerArns?: string[];
}

/** Trust policy for a role that humans assume: MFA present and recent, every time. */
export function humanTrustPolicy(options: HumanTrustOptions): PolicyDocument {
  const condition: Record<string, Record<string, string | string[]>> = mfaCondition(options.maxMfaAgeSeconds);
  if (options.callerArns !== undefined && options.callerArns.length > 0) {
    condition.ArnLike = { "aws:PrincipalArn": [...options.callerArns] };
  }
  return policyDocument({
    Sid: "AllowAssumeWithRecentMfa",
    Effect: "Allow",
    Principal: { AWS: oneOrMany(options.principalArns) },
    Action: "sts:AssumeRole",
    Condition: condition,
  });
}

/** Trust policy for a role that AWS services assume. */
export function serviceTrustPolicy(servicePrincipals: string[]): PolicyDocument {
  return policyDocument({
    Sid: "AllowServiceToAssume",
    Effect: "Allow",
    Principal: { Service: oneOrMany(servicePrincipals) },
    Action: "sts:AssumeRole",
  });
}

function oneOrMany(values: string[]): string | string[] {
  return values.length === 1 ? values[0] : [...values];
}
