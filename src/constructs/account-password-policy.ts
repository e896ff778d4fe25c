import { Construct } from "constructs";
import { IamAccountPasswordPolicy } from "@cdktf/provider-aws/lib/iam-account-password-policy";
import { checkInteger, fail, isResolvedNumber } from "./validation";

/** CIS AWS Foundations: at least 14 characters. */
export const MIN_STRONG_PASSWORD_LENGTH = 14;
/** CIS AWS Foundations: remember the last 24 passwords (the AWS maximum). */
export const STRONG_PASSWORD_REUSE_PREVENTION = 24;

export interface AccountPasswordPolicyProps {
  /**
   * Minimum password length (AWS accepts 6–128).
   * @default 14
   */
  readonly minimumPasswordLength?: number;
  /**
   * How many previous passwords a user may not reuse (AWS accepts 1–24).
   * @default 24
   */
  readonly passwordReusePrevention?: number;
  /**
   * Days before a password expires (AWS accepts 1–1095).
   * @default 90
   */
  readonly maxPasswordAge?: number;
  /**
   * Accept a minimum length below 14 or a reuse prevention below 24. Community modules default to
   * 8-character passwords; this opt-out makes such a choice visible in code review.
   * @default false
   */
  readonly allowWeakPasswordPolicy?: boolean;
}

/**
 * The account's IAM password policy: long passwords with upper and lower case letters, numbers and
 * symbols, no reuse of the last 24, expiry after 90 days; users may change their own password and
 * an expired password can still be changed at sign-in (no hard expiry lock-out).
 */
export class AccountPasswordPolicy extends Construct {
  readonly policy: IamAccountPasswordPolicy;

  constructor(scope: Construct, id: string, props: AccountPasswordPolicyProps = {}) {
    super(scope, id);
    const minimumPasswordLength = props.minimumPasswordLength ?? MIN_STRONG_PASSWORD_LENGTH;
    const passwordReusePrevention = props.passwordReusePrevention ?? STRONG_PASSWORD_REUSE_PREVENTION;
    const maxPasswordAge = props.maxPasswordAge ?? 90;

    checkInteger(this, "minimumPasswordLength", minimumPasswordLength, { min: 6, max: 128 });
    checkInteger(this, "passwordReusePrevention", passwordReusePrevention, { min: 1, max: 24 });
    checkInteger(this, "maxPasswordAge", maxPasswordAge, { min: 1, max: 1095 });
    if (props.allowWeakPasswordPolicy !== true) {
      if (isResolvedNumber(minimumPasswordLength) && minimumPasswordLength < MIN_STRONG_PASSWORD_LENGTH) {
        fail(
          this,
          "minimumPasswordLength",
          `${minimumPasswordLength} is below ${MIN_STRONG_PASSWORD_LENGTH} (CIS); set allowWeakPasswordPolicy: true to accept it`,
        );
      }
      if (isResolvedNumber(passwordReusePrevention) && passwordReusePrevention < STRONG_PASSWORD_REUSE_PREVENTION) {
        fail(
          this,
          "passwordReusePrevention",
          `${passwordReusePrevention} is below ${STRONG_PASSWORD_REUSE_PREVENTION} (CIS); set allowWeakPasswordPolicy: true to accept it`,
        );
      }
    }

    this.policy = new IamAccountPasswordPolicy(this, "policy", {
      minimumPasswordLength,
      passwordReusePrevention,
      maxPasswordAge,
      requireUppercaseCharacters: true,
      requireLowercaseCharacters: true,
      requireNumbers: true,
      requireSymbols: true,
      allowUsersToChangePassword: true,
      hardExpiry: false,
    });
  }
}
