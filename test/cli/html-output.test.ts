/**
 * `bulkhead check plan.json -f html -o report.html` on the bundled example: the page is written
 * whole, with one article and one graph per finding, drawn from the same graphs as the JSON.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Report } from "../../src/engine/types";
import { root } from "../helpers/engine";
import { run } from "./run";

const example = join(root, "examples", "code-spaces.plan.json");

test("-f html -o FILE writes the page; -f json beside it carries the graphs it draws", async () => {
  const dir = mkdtempSync(join(tmpdir(), "bulkhead-html-"));
  const html = join(dir, "report.html");
  const json = join(dir, "report.json");
  const r = await run(["check", example, "-f", "html", "-o", html, "-f", "json", "-o", json]);
  expect(r.code).toBe(1);
  const page = readFileSync(html, "utf8");
  const report = JSON.parse(readFileSync(json, "utf8")) as Report;
  expect(page.startsWith("<!doctype html>")).toBe(true);
  expect(page).toContain("<h1>bulkhead: BLOCKED</h1>");
  expect(page.match(/<article id="f\d+"/g)).toHaveLength(report.findings.length);
  for (const [i, f] of report.findings.entries()) {
    const start = page.indexOf(`<article id="f${i + 1}"`);
    const article = page.slice(start, page.indexOf("</article>", start));
    expect(article.match(/<g class="node /g)).toHaveLength(f.graph?.nodes.length ?? -1);
    expect(article.match(/<path class="edge /g)).toHaveLength(f.graph?.edges.length ?? -1);
  }
});

test("-f html on stdout, and html named among the formats of an unknown --format", async () => {
  const r = await run(["check", example, "-f", "html"]);
  expect(r.code).toBe(1);
  expect(r.stdout.startsWith("<!doctype html>")).toBe(true);
  const bad = await run(["check", example, "-f", "pdf"]);
  expect(bad.stderr).toBe("bulkhead: unknown --format pdf (text, json, sarif, junit, github, markdown, html)\n");
});
