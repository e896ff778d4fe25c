#!/usr/bin/env node
// Regenerates the README's screenshots of the HTML report (docs/report/*.png) from the examples
// of scripts/report-examples.ts, in the system's Chromium (scripts/chromium.ts): the top of the
// bundled example's page, its BH001 finding through a group, a BH002 finding (before | after),
// and the hand-made BH006 report (until the BH006 rule lands). `npm run docs:screenshots`.
"use strict";
require("./register-ts");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { launchChromium } = require("./chromium.ts");
const { examples } = require("./report-examples.ts");

const root = path.resolve(__dirname, "..");
const out = path.join(root, "docs", "report");

/** [file, example, what to shoot: a selector, or null for the top of the page] */
const SHOTS = [
  ["overview.png", "code-spaces", null],
  ["bh001.png", "code-spaces", "#f2"],
  ["bh002.png", "bh002", "#f1"],
  // the fourth finding of the BH006 example: the GitHub token, through the CI role, to both powers
  ["bh006.png", "bh006", "#f4"],
];

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bulkhead-shots-"));
  const browser = await launchChromium();
  try {
    const pages = new Map(examples().map((e) => [e.name, e]));
    fs.mkdirSync(out, { recursive: true });
    for (const [file, name, selector] of SHOTS) {
      const html = path.join(dir, `${name}.html`);
      fs.writeFileSync(html, pages.get(name).html);
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, colorScheme: "light" });
      await page.goto(pathToFileURL(html).href);
      const target = path.join(out, file);
      if (selector === null) await page.screenshot({ path: target });
      else await page.locator(selector).screenshot({ path: target });
      await page.close();
      console.log(`wrote ${path.relative(root, target)}`);
    }
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`docs:screenshots: ${e.message.split("\n")[0]}`);
  process.exit(1);
});
