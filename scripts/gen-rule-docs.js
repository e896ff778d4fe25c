#!/usr/bin/env node
// Writes docs/rules/<id>.md for every rule of the policy bundle, and docs/rules/README.md, from
// the rules' METADATA and examples (scripts/rule-docs.ts); removes pages of rules that no longer
// exist. `--check` writes nothing and exits 1 when a page is missing or differs.
// Runs the TypeScript sources directly (scripts/register-ts.js): no build needed.
"use strict";
require("./register-ts");
const fs = require("node:fs");
const path = require("node:path");
const { ruleDocs } = require("./rule-docs.ts");
const { Engine } = require("../src/engine/check.ts");

const root = path.resolve(__dirname, "..");
const check = process.argv.includes("--check");

function main() {
  const pages = ruleDocs(Engine.loadSync(), root);
  const rulesDir = path.join(root, "docs", "rules");
  const stale = fs.existsSync(rulesDir)
    ? fs
        .readdirSync(rulesDir)
        .map((f) => `docs/rules/${f}`)
        .filter((f) => f.endsWith(".md") && !pages.has(f))
    : [];
  const differing = [...pages].filter(([file, text]) => {
    const full = path.join(root, file);
    return !fs.existsSync(full) || fs.readFileSync(full, "utf8") !== text;
  });

  if (check) {
    for (const [file] of differing) console.error(`stale: ${file}`);
    for (const file of stale) console.error(`no such rule any more: ${file}`);
    process.exitCode = differing.length + stale.length > 0 ? 1 : 0;
  } else {
    fs.mkdirSync(rulesDir, { recursive: true });
    for (const [file, text] of differing) {
      fs.writeFileSync(path.join(root, file), text);
      console.log(`wrote ${file}`);
    }
    for (const file of stale) {
      fs.rmSync(path.join(root, file));
      console.log(`removed ${file}`);
    }
  }
}

try {
  main();
} catch (e) {
  console.error(`gen-rule-docs: ${e.message}`);
  process.exitCode = 1;
}
