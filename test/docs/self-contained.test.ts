/**
 * A clone of the repository is all a user or CI has: no tracked file may point at a sibling
 * folder of the checkout, and the real plans the tests read are vendored in test/fixtures/real
 * with their origin and licence.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { realPlans, realPlansDir, root } from "../helpers/engine";

// Built from parts so that this file does not contain what it looks for.
const sibling = ["..", "shared"].join("/");
const outside = ["", "work", "shared"].join("/");

function trackedFiles(): string[] {
  return execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" })
    .split("\0")
    .filter((f) => f !== "");
}

describe("the repository is self-contained", () => {
  test(`no tracked file refers to ${sibling} or ${outside}`, () => {
    const files = trackedFiles();
    expect(files.length).toBeGreaterThan(100);
    const offenders: string[] = [];
    for (const file of files) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(join(root, file));
      } catch {
        continue; // deleted in the work tree, not yet committed
      }
      for (const needle of [sibling, outside]) {
        let at = bytes.indexOf(needle);
        while (at !== -1) {
          const line = bytes.subarray(0, at).toString("latin1").split("\n").length;
          offenders.push(`${file}:${line}: ${needle}`);
          at = bytes.indexOf(needle, at + needle.length);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  test("the check finds a reference (it can fail)", () => {
    expect(Buffer.from(`see [x](${sibling}/docs/x.md)`).indexOf(sibling)).toBeGreaterThan(0);
  });

  test("every vendored real plan has its origin repository, path and licence in SOURCES.md", () => {
    const sources = readFileSync(join(realPlansDir, "SOURCES.md"), "utf8");
    const sections = new Map(
      sources
        .split(/^### /m)
        .slice(1)
        .map((s) => [s.slice(s.indexOf("`") + 1, s.indexOf("`", 1)), s] as const),
    );
    expect(realPlans().length).toBe(36);
    expect([...sections.keys()].sort()).toEqual(realPlans());
    for (const [file, section] of sections) {
      expect({ file, repo: /^- repo: https:\/\/github\.com\/[^\s]+ — path: `[^`]+`$/m.test(section) }).toEqual({
        file,
        repo: true,
      });
      expect({ file, licence: /^- license: (MIT|MIT-0|Apache-2\.0|MPL-2\.0)\b/m.test(section) }).toEqual({
        file,
        licence: true,
      });
    }
    expect(readdirSync(realPlansDir).filter((f) => !f.endsWith(".json"))).toEqual(["SOURCES.md"]);
  });
});
