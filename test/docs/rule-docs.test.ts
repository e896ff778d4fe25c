/**
 * docs/rules/ is generated (`npm run docs`): these tests fail when a committed page differs from
 * what the rules' METADATA and examples give now, when a rule has no page or a page no rule, and
 * when rule ids are missing or duplicated.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { metadataIds, ruleDocs, ruleFolders } from "../../scripts/rule-docs";
import { root, sharedEngine } from "../helpers/engine";

const engine = sharedEngine();

describe("rule ids", () => {
  const folders = ruleFolders(root);
  const ids = folders.flatMap((f) => f.ids);

  test("every rule folder declares exactly one id, BH and three digits", () => {
    expect(folders.length).toBeGreaterThan(0);
    for (const folder of folders) {
      expect({ dir: folder.dir, ids: folder.ids }).toEqual({
        dir: folder.dir,
        ids: [expect.stringMatching(/^BH\d{3}$/)],
      });
    }
  });

  test("no id is used twice", () => {
    const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(duplicates).toEqual([]);
  });

  test("the bundle's rules are exactly the rule folders' (rebuild the bundle when this fails)", () => {
    expect(engine.rules().map((r) => r.id)).toEqual([...ids].sort());
  });

  test("the id reader sees METADATA ids only, before the package line", () => {
    const rego = "# METADATA\n# custom:\n#   id: BH007\n#   severity: low\npackage x\n\n# id: BH008\n";
    expect(metadataIds(rego)).toEqual(["BH007"]);
    expect(metadataIds("# METADATA\n# custom:\n#   id: BH1\n#   id: BH2\npackage x\n")).toEqual(["BH1", "BH2"]);
    expect(metadataIds("package x\n")).toEqual([]);
  });
});

describe("docs/rules", () => {
  const pages = ruleDocs(engine, root);

  test("one page per rule, and the index", () => {
    expect([...pages.keys()].sort()).toEqual(
      [...engine.rules().map((r) => `docs/rules/${r.id}.md`), "docs/rules/README.md"].sort(),
    );
  });

  test("every committed page is what `npm run docs` generates now", () => {
    const stale = [...pages].filter(
      ([file, text]) => !existsSync(join(root, file)) || readFileSync(join(root, file), "utf8") !== text,
    );
    expect(stale.map(([file]) => `${file} is stale or missing: run npm run docs`)).toEqual([]);
  });

  test("the committed pages are Prettier-clean (so generated pages need no formatting)", () => {
    const prettier = join(root, "node_modules", "prettier", "bin", "prettier.cjs");
    expect(() =>
      execFileSync(process.execPath, [prettier, "--check", "docs/rules"], { cwd: root, stdio: "pipe" }),
    ).not.toThrow();
  });

  test("no page for a rule that does not exist", () => {
    const committed = readdirSync(join(root, "docs", "rules")).map((f) => `docs/rules/${f}`);
    expect(committed.filter((f) => !pages.has(f))).toEqual([]);
  });

  test("a page says the rule's level, severity, description and fix, and shows its examples", () => {
    for (const rule of engine.rules()) {
      const page = pages.get(`docs/rules/${rule.id}.md`) ?? "";
      expect(page).toContain(`# ${rule.id} — ${rule.title}\n`);
      expect(page).toContain(`Severity **${rule.severity}** · enforcement **${rule.enforcement}**`);
      expect(page).toContain("## How to fix it");
      const folder = ruleFolders(root).find((f) => f.ids.includes(rule.id));
      const examples =
        folder === undefined ? join(root, "nowhere") : join(root, "policies", "rules", folder.dir, "examples");
      const files = ["bad", "good"].flatMap((kind) =>
        existsSync(join(examples, kind)) ? readdirSync(join(examples, kind)).filter((f) => f.endsWith(".json")) : [],
      );
      for (const file of files) expect(page).toContain(`/${file})`);
      if (files.length === 0) expect(page).toContain("No examples yet");
    }
  });
});

describe("docs/semantics.md", () => {
  const text = readFileSync(join(root, "docs", "semantics.md"), "utf8");

  test("has a section, with the anchor the rule pages link, for every rule of the bundle", () => {
    const anchors = [...text.matchAll(/^<a id="(bh\d{3})"><\/a>\n\n## (BH\d{3}) — /gm)].map((m) => [m[1], m[2]]);
    for (const [anchor, id] of anchors) expect(anchor).toBe(id.toLowerCase());
    const ids = anchors.map(([, id]) => id);
    for (const rule of engine.rules()) expect(ids).toContain(rule.id);
  });

  test("the README and every rule page link it", () => {
    expect(readFileSync(join(root, "README.md"), "utf8")).toContain("](docs/semantics.md)");
    for (const rule of engine.rules()) {
      expect(readFileSync(join(root, "docs", "rules", `${rule.id}.md`), "utf8")).toContain(
        `](../semantics.md#${rule.id.toLowerCase()})`,
      );
    }
  });
});
