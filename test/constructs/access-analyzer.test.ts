import { Testing, TerraformStack } from "cdktf";
import { AccessanalyzerAnalyzer } from "@cdktf/provider-aws/lib/accessanalyzer-analyzer";
import { AccessAnalyzer } from "../../src/constructs";

Testing.setupJest();

describe("AccessAnalyzer", () => {
  it("creates an ACCOUNT analyzer, in a given region when asked", () => {
    const synthesized = Testing.synthScope((stack) => {
      new AccessAnalyzer(stack, "default");
      new AccessAnalyzer(stack, "frankfurt", { analyzerName: "bulkhead-eu-central-1", region: "eu-central-1" });
    });
    expect(synthesized).toHaveResourceWithProperties(AccessanalyzerAnalyzer, {
      analyzer_name: "bulkhead-account",
      type: "ACCOUNT",
    });
    expect(synthesized).toHaveResourceWithProperties(AccessanalyzerAnalyzer, {
      analyzer_name: "bulkhead-eu-central-1",
      type: "ACCOUNT",
      region: "eu-central-1",
    });
  });

  it("rejects a bad region", () => {
    expect(() => new AccessAnalyzer(new TerraformStack(Testing.app(), "s"), "a", { region: "Frankfurt" })).toThrow(
      /AWS region/,
    );
  });
});
