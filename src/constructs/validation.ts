import { IConstruct } from "constructs";
import { Token } from "cdktf";

/** A construct prop that would weaken the baseline or that AWS would reject. */
export class BaselineValidationError extends Error {
  override readonly name = "BaselineValidationError";
  constructor(
    /** Construct path of the offending construct. */
    readonly path: string,
    /** The prop at fault. */
    readonly prop: string,
    /** One line: what is wrong and how to fix it. */
    readonly reason: string,
  ) {
    super(`${path}: ${prop}: ${reason}`);
  }
}

export function fail(scope: IConstruct, prop: string, reason: string): never {
  throw new BaselineValidationError(scope.node.path, prop, reason);
}

export interface NumberRule {
  readonly min?: number;
  readonly max?: number;
}

/** Checks an integer prop; unresolved tokens are skipped (their value is only known at apply). */
export function checkInteger(scope: IConstruct, prop: string, value: number | undefined, rule: NumberRule): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!Number.isInteger(value)) fail(scope, prop, `must be an integer, got ${value}`);
  if (rule.min !== undefined && value < rule.min) fail(scope, prop, `must be at least ${rule.min}, got ${value}`);
  if (rule.max !== undefined && value > rule.max) fail(scope, prop, `must be at most ${rule.max}, got ${value}`);
}

/** Checks a string prop against a pattern; unresolved tokens are skipped. */
export function checkPattern(
  scope: IConstruct,
  prop: string,
  value: string | undefined,
  pattern: RegExp,
  what: string,
): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!pattern.test(value)) fail(scope, prop, `${JSON.stringify(value)} is not ${what}`);
}

/** True when the value is a concrete number (not an unresolved token). */
export function isResolvedNumber(value: number | undefined): value is number {
  return value !== undefined && !Token.isUnresolved(value);
}

export const IAM_NAME = /^[\w+=,.@-]{1,64}$/;
export const IAM_GROUP_NAME = /^[\w+=,.@-]{1,128}$/;
export const IAM_POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
export const IAM_PATH = /^\/([\x21-\x7E]{0,510}\/)?$/;
export const IAM_ACTION = /^[a-z0-9-]+:[a-z0-9*?]+$/i;
export const ARN = /^arn:[a-z-]+:[a-z0-9-]+:[a-z0-9-]*:(\d{12}|\*|aws)?:.+$/;
