import { App } from "cdktf";
import { AccountBaselineStack } from "./account-baseline";
import { exampleAccountBaseline, exampleOrgGuardrails } from "./example-config";
import { OrgGuardrailsStack } from "./org-guardrails";

/** Synthesizes the example stacks into cdktf.out/ (`node dist/stacks/main.js`; no terraform needed). */
export function synthExample(outdir?: string): App {
  const app = new App(outdir === undefined ? {} : { outdir });
  new AccountBaselineStack(app, "account-baseline", exampleAccountBaseline);
  new OrgGuardrailsStack(app, "org-guardrails", exampleOrgGuardrails);
  app.synth();
  return app;
}

if (require.main === module) synthExample();
