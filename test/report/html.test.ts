/**
 * The HTML page as text: one self-contained document (its CSP allows only its own style and
 * script, nothing loads), a graph per finding drawn from the finding's graph, every plan string
 * escaped, sets with a section per plan, and the page and dagre loaded only when html is asked
 * for. The browser test (npm run test:browser) opens the same pages in Chromium.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { findingGraph } from "../../src/engine/graph";
import type { Finding, Report } from "../../src/engine/types";
import { formatHtml, formatHtmlSet } from "../../src/report/html";
import { REPORTS, RULES, SETS } from "./reports";

const options = { color: false, rules: RULES };

function between(html: string, open: string, close: string): string[] {
  return [...html.matchAll(new RegExp(`${open}([\\s\\S]*?)${close}`, "g"))].map((m) => m[1]);
}

const sha = (s: string) => `'sha256-${createHash("sha256").update(s).digest("base64")}'`;

describe("html format", () => {
  test.each(Object.entries(REPORTS))("%s: one document, one article and one graph per finding", (_name, report) => {
    const html = formatHtml(report, options);
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html.endsWith("</html>\n")).toBe(true);
    expect(html).toContain(`<h1>bulkhead: ${report.summary.blocked ? "BLOCKED" : "passed"}</h1>`);
    expect(between(html, '<article id="f', '"')).toHaveLength(report.findings.length);
    expect(html.match(/<svg /g) ?? []).toHaveLength(report.findings.length);
    for (const [i, f] of report.findings.entries()) {
      const article = html.slice(
        html.indexOf(`<article id="f${i + 1}"`),
        html.indexOf("</article>", html.indexOf(`<article id="f${i + 1}"`)),
      );
      const graph = findingGraph(f);
      expect(article.match(/<g class="node /g) ?? []).toHaveLength(graph.nodes.length);
      expect(article.match(/<path class="edge /g) ?? []).toHaveLength(graph.edges.length);
      expect(article).toContain(
        `data-rule="${f.ruleId}" data-verdict="${f.verdict}" data-status="${f.status}" data-waived="${f.waived ? "yes" : "no"}"`,
      );
    }
    expect(formatHtml(report, options)).toBe(html);
  });

  test("nothing loads: the CSP allows only the page's own style and script, by hash", () => {
    const html = formatHtml(REPORTS.blocked, options);
    const [style] = between(html, "<style>", "</style>");
    const [script] = between(html, "<script>", "</script>");
    const [csp] = between(html, 'http-equiv="Content-Security-Policy" content="', '"');
    expect(csp).toBe(
      `default-src 'none'; style-src ${sha(style)}; script-src ${sha(script)}; img-src 'none'; base-uri 'none'; form-action 'none'`,
    );
    // No URL but the SVG namespace: no CDN, no font, no image.
    expect(html.match(/(?:https?:)?\/\/[^\s"'<>]+/g)?.filter((u) => u !== "http://www.w3.org/2000/svg") ?? []).toEqual(
      [],
    );
    expect(html).not.toMatch(/@import|url\(\s*["']?(?!#)/);
  });

  test("the graph in the JSON is the one drawn; a finding without one gets it built from its evidence", () => {
    const f = REPORTS.blocked.findings[0];
    const own: Finding = {
      ...f,
      graph: { nodes: [{ id: "n1", kind: "principal", label: "drawn-from-json" }], edges: [] },
    };
    const html = formatHtml({ ...REPORTS.blocked, findings: [own] }, options);
    expect(html).toContain("drawn-from-json");
    expect(html.match(/<g class="node /g) ?? []).toHaveLength(1);
  });

  test("plan strings are escaped everywhere: addresses, names, messages, evidence, waivers, paths", () => {
    const base = REPORTS.blocked;
    const hostile: Report = {
      ...base,
      source: { ...base.source, path: "<iframe src=x>.json" },
      findings: [
        {
          ...base.findings[0],
          address: 'aws_iam_user.x["<script>alert(1)</script>"]',
          principal: '"><img src=x onerror=alert(2)>',
          message: "</p><script>alert(3)</script>' & \u0007",
          evidence: [
            {
              grants: "admin",
              policy: "<svg onload=alert(5)>",
              statement: "</text><script>",
              via: "a (group <b>g</b> via <style>x</style>)",
              actions: ["iam:<i>x</i>"],
            },
          ],
        },
      ],
      waivers: [
        { ...SETS.plans.waivers[0], principal: "<script>w</script>", reason: "</td><script>alert(8)</script>" },
      ],
    };
    const html = formatHtml(hostile, options);
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html).not.toMatch(/<(img|iframe|b|i|svg onload)[ >]/);
    expect(html).not.toMatch(/<[^>]*\son(error|load)=/);
    expect(html).toContain("aws_iam_user.x[&#34;&#60;script&#62;alert(1)&#60;/script&#62;&#34;]");
    expect(html).toContain("&#60;svg onload=alert(5)&#62;");
    expect(html).toContain("\ufffd");
    expect(html).not.toContain("\u0007");
  });

  test("a set: a plan column, a details section per plan, the set's waivers", () => {
    const set = SETS.plans;
    const html = formatHtmlSet(set, options);
    expect(html).toContain('<th scope="col">Plan</th>');
    for (const [i, r] of set.reports.entries()) expect(html).toContain(`<h2 id="plan-${i + 1}">Plan ${r.source.path}`);
    const findings = set.reports.flatMap((r) => r.findings);
    expect(html.match(/<svg /g) ?? []).toHaveLength(findings.length);
    expect(html.match(/<tr data-finding=/g) ?? []).toHaveLength(findings.length);
    expect(
      between(between(html, '<h2 id="waivers-h">', "</section>")[0], "<tbody>", "</tbody>")[0].match(/<tr>/g) ?? [],
    ).toHaveLength(set.waivers.length);
  });

  test("the filters offer the rules present, and are hidden until the script shows them", () => {
    const html = formatHtml(REPORTS.blocked, options);
    expect(html).toContain('<form id="filters" class="filters" hidden');
    const rules = [...new Set(REPORTS.blocked.findings.map((f) => f.ruleId))].sort();
    const select = between(html, '<select id="filter-rule" name="rule">', "</select>")[0];
    expect(select.match(/value="([^"]*)"/g)).toEqual(['value=""', ...rules.map((r) => `value="${r}"`)]);
  });
});

test("the html formatter and dagre load only when html is asked for", () => {
  const root = join(__dirname, "..", "..");
  const loaded = (code: string): string[] =>
    JSON.parse(
      execFileSync(process.execPath, ["-r", "./scripts/register-ts.js", "-e", code], { cwd: root, encoding: "utf8" }),
    ) as string[];
  const probe = (use: string) =>
    `const r = require("./src/report"); ${use}; console.log(JSON.stringify(Object.keys(require.cache).filter((k) => /dagre|report[\\\\/]html/.test(k))))`;
  expect(loaded(probe("r.formatters.json"))).toEqual([]);
  const report = JSON.stringify(REPORTS.empty);
  expect(loaded(probe(`r.formatters.html(${report}, { color: false, rules: [] })`)).length).toBeGreaterThan(0);
});
