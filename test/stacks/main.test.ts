import * as fs from "fs";
import * as path from "path";
import { synthExample } from "../../stacks/main";
import { tempDir } from "../helpers/tmp";

describe("stacks/main", () => {
  it("writes both example stacks to cdktf.out without terraform", () => {
    const outdir = tempDir("synth");
    try {
      synthExample(outdir);
      const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as {
        stacks: Record<string, unknown>;
      };
      expect(Object.keys(manifest.stacks).sort()).toEqual(["account-baseline", "org-guardrails"]);
      for (const stack of ["account-baseline", "org-guardrails"]) {
        const tf = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as {
          resource: object;
        };
        expect(Object.keys(tf.resource).length).toBeGreaterThan(0);
      }
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
