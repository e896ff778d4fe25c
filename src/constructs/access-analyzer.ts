import { Construct } from "constructs";
import { AccessanalyzerAnalyzer } from "@cdktf/provider-aws/lib/accessanalyzer-analyzer";
import { checkPattern } from "./validation";

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
   * Tags for the analyzer.
   * @default none
   */
  readonly tags?: Record<string, string>;
}

/** IAM Access Analyzer for the account (type ACCOUNT): reports resources shared outside it. */
export class AccessAnalyzer extends Construct {
  readonly analyzer: AccessanalyzerAnalyzer;

  constructor(scope: Construct, id: string, props: AccessAnalyzerProps = {}) {
    super(scope, id);
    const analyzerName = props.analyzerName ?? "bulkhead-account";
    checkPattern(this, "analyzerName", analyzerName, /^[A-Za-z][A-Za-z0-9_.-]{0,254}$/, "a valid analyzer name");
    checkPattern(this, "region", props.region, /^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region");
    this.analyzer = new AccessanalyzerAnalyzer(this, "analyzer", {
      analyzerName,
      type: "ACCOUNT",
      region: props.region,
      tags: props.tags,
    });
  }
}
