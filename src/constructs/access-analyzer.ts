import { Construct } from "constructs";
import { AccessanalyzerAnalyzer } from "@cdktf/provider-aws/lib/accessanalyzer-analyzer";
import { checkInteger, checkPattern } from "./validation";

export interface AccessAnalyzerProps {
  /**
   * Name of the analyzer.
   * @default "bulkhead-account"
   */
  readonly analyzerName?: string;
  /**
   * Region of the analyzer (IAM Access Analyzer is regional: one per region you use).
   * @default the provider's region
   */
  readonly region?: string;
  /**
   * `ACCOUNT` reports resources shared outside the account; `ACCOUNT_UNUSED_ACCESS` reports unused
   * roles, access keys, passwords and permissions (CIS 1.12–1.14; a paid analyzer).
   * @default "ACCOUNT"
   */
  readonly type?: "ACCOUNT" | "ACCOUNT_UNUSED_ACCESS";
  /**
   * For `ACCOUNT_UNUSED_ACCESS`: days without use after which access counts as unused.
   * @default 45
   */
  readonly unusedAccessAgeDays?: number;
  /**
   * Tags for the analyzer.
   * @default none
   */
  readonly tags?: Record<string, string>;
}

/**
 * IAM Access Analyzer for the account: resources shared outside it (type ACCOUNT), or unused
 * access (type ACCOUNT_UNUSED_ACCESS). Analyzers are regional: one per region.
 */
export class AccessAnalyzer extends Construct {
  readonly analyzer: AccessanalyzerAnalyzer;

  constructor(scope: Construct, id: string, props: AccessAnalyzerProps = {}) {
    super(scope, id);
    const analyzerName = props.analyzerName ?? "bulkhead-account";
    checkPattern(this, "analyzerName", analyzerName, /^[A-Za-z][A-Za-z0-9_.-]{0,254}$/, "a valid analyzer name");
    checkPattern(this, "region", props.region, /^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region");
    const type = props.type ?? "ACCOUNT";
    const unusedAccessAge = props.unusedAccessAgeDays ?? 45;
    checkInteger(this, "unusedAccessAgeDays", unusedAccessAge, { min: 1, max: 365 });
    this.analyzer = new AccessanalyzerAnalyzer(this, "analyzer", {
      analyzerName,
      type,
      configuration: type === "ACCOUNT_UNUSED_ACCESS" ? { unusedAccess: { unusedAccessAge } } : undefined,
      region: props.region,
      tags: props.tags,
    });
  }
}
