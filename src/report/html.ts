/**
 * One self-contained HTML page: inline CSS, inline SVG, one small inline script (the filters),
 * and a Content-Security-Policy that allows nothing else (no request of any kind). A banner,
 * counts, the findings table with filters (rule, verdict, status, waived), per finding its graph
 * laid out at report time (graph-svg.ts) and its evidence, and the waivers. Without scripts the
 * page shows everything and the filters stay hidden; it prints without the filters, in light
 * colours, one graph per page region. Every string from the plan is escaped.
 */
import { createHash } from "node:crypto";
import { findingGraph } from "../engine/graph";
import type { Evidence, Finding, Report, ReportSet, RuleInfo, WaiverUse } from "../engine/types";
import {
  describeEvidence,
  exemptionNote,
  findingState,
  firstParagraph,
  groupBy,
  principalLabel,
  ruleCatalogue,
  ruleUrl,
  setSummaryLine,
  summaryLine,
  waiverNote,
} from "./common";
import type { FormatOptions, Formatter, SetFormatter } from "./format";
import { esc, graphSvg } from "./graph-svg";

export const formatHtml: Formatter = (report, options) =>
  page({
    title: `bulkhead: ${report.summary.blocked ? "blocked" : "passed"} — ${report.source.path}`,
    blocked: report.summary.blocked,
    summary: summaryLine(report.summary),
    scope: `Plan ${report.source.path} (format ${report.source.formatVersion}${
      report.source.terraformVersion === undefined ? "" : `, Terraform ${report.source.terraformVersion}`
    }), bulkhead ${report.tool.version}`,
    plans: [report],
    waivers: report.waivers,
    options,
  });

export const formatHtmlSet: SetFormatter = (set: ReportSet, options) =>
  page({
    title: `bulkhead: ${set.summary.blocked ? "blocked" : "passed"} — ${set.summary.plans} plans`,
    blocked: set.summary.blocked,
    summary: setSummaryLine(set.summary),
    scope: `${set.summary.plans} plans, bulkhead ${set.tool.version}`,
    plans: set.reports,
    waivers: set.waivers,
    options,
  });

interface Page {
  title: string;
  blocked: boolean;
  summary: string;
  scope: string;
  plans: Report[];
  waivers: readonly WaiverUse[];
  options: FormatOptions;
}

/** A finding with its place in the page: "f3" is the third finding of the whole document. */
interface Entry {
  n: number;
  f: Finding;
  plan: Report;
}

const SCRIPT = `(() => {
  const form = document.getElementById("filters");
  const shown = document.getElementById("shown");
  if (!form || !shown) return;
  const items = Array.from(document.querySelectorAll("[data-finding]"));
  const total = new Set(items.map((el) => el.dataset.finding)).size;
  const keys = ["rule", "verdict", "status", "waived"];
  const apply = () => {
    const want = Object.fromEntries(new FormData(form));
    const visible = new Set();
    for (const el of items) {
      const ok = keys.every((k) => !want[k] || el.dataset[k] === want[k]);
      el.hidden = !ok;
      if (ok) visible.add(el.dataset.finding);
    }
    shown.textContent = "Showing " + visible.size + " of " + total + " findings";
  };
  form.addEventListener("change", apply);
  form.addEventListener("reset", () => setTimeout(apply));
  form.addEventListener("submit", (e) => { e.preventDefault(); apply(); });
  form.hidden = false;
  apply();
})();`;

const STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --panel: #f6f8fa;
  --blocked: #a40e26; --passed: #1a7f37; --on-banner: #ffffff; --link: #0550ae;
  --n-principal: #dbeafe; --n-principal-b: #1d4ed8; --n-source: #ede9fe; --n-source-b: #6d28d9;
  --n-link: #f3f4f6; --n-link-b: #6b7280; --n-policy: #ccfbf1; --n-policy-b: #0f766e;
  --n-statement: #ffffff; --n-statement-b: #475569; --n-capability: #fee2e2; --n-capability-b: #b91c1c;
  --n-unknown: #fef3c7; --n-unknown-b: #b45309; --n-requirement: #dcfce7; --n-requirement-b: #15803d;
  --n-resource: #e0e7ff; --n-resource-b: #4338ca; --edge: #57606a; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9da7b3; --line: #30363d; --panel: #161b22;
    --blocked: #b62324; --passed: #1f6f32; --link: #79b8ff;
    --n-principal: #0c2d6b; --n-principal-b: #79b8ff; --n-source: #3b1f73; --n-source-b: #c4a5ff;
    --n-link: #21262d; --n-link-b: #8b949e; --n-policy: #0b3b36; --n-policy-b: #5eead4;
    --n-statement: #161b22; --n-statement-b: #9da7b3; --n-capability: #5c1010; --n-capability-b: #ff9492;
    --n-unknown: #4a3108; --n-unknown-b: #f2cc60; --n-requirement: #0f3d1f; --n-requirement-b: #7ee2a8;
    --n-resource: #1e1f5c; --n-resource-b: #a5b4fc; --edge: #9da7b3; }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main, .banner-inner { max-width: 1200px; margin: 0 auto; padding: 0 20px; }
a { color: var(--link); }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 0.92em; overflow-wrap: anywhere; }
.banner { color: var(--on-banner); padding: 18px 0; }
.banner.blocked { background: var(--blocked); }
.banner.passed { background: var(--passed); }
.banner h1 { margin: 0 0 4px; font-size: 1.6em; }
.banner p { margin: 2px 0; }
h2 { margin-top: 32px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
th, td { border: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: var(--panel); }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
.counts { display: flex; flex-wrap: wrap; gap: 0 24px; align-items: flex-start; }
.counts table { width: auto; min-width: 220px; }
.counts th[scope=row] { font-weight: normal; }
.counts td.num, .counts th.num { text-align: right; }
.filters { display: flex; flex-wrap: wrap; gap: 10px 18px; align-items: end; padding: 10px 12px; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; }
.filters label { display: flex; flex-direction: column; font-weight: 600; font-size: 0.9em; }
.filters select, .filters button { font: inherit; font-weight: normal; padding: 3px 6px; margin-top: 2px; }
select:focus-visible, button:focus-visible, a:focus-visible, .graph-scroll:focus-visible, summary:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; }
.badge { display: inline-block; padding: 0 6px; border-radius: 10px; border: 1px solid currentColor; font-size: 0.85em; white-space: nowrap; }
.finding { border: 1px solid var(--line); border-radius: 6px; padding: 4px 16px 12px; margin: 16px 0; }
.finding h3 { margin: 10px 0 4px; overflow-wrap: anywhere; }
.meta { color: var(--muted); margin: 0 0 8px; }
figure { margin: 8px 0; }
figcaption { color: var(--muted); font-size: 0.9em; }
.graph-scroll { overflow: auto; border: 1px solid var(--line); border-radius: 6px; background: var(--panel); padding: 6px; }
svg.graph { display: block; max-width: none; }
svg.graph text { fill: var(--fg); font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 12px; }
svg.graph text.caption { fill: var(--muted); font: 10.5px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
svg.graph text.panel-heading { font: 600 13px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--fg); }
svg.graph .divider { stroke: var(--line); stroke-width: 2; stroke-dasharray: 6 4; }
svg.graph .node rect { stroke-width: 1.5; fill: var(--n-link); stroke: var(--n-link-b); }
svg.graph .k-principal rect { fill: var(--n-principal); stroke: var(--n-principal-b); }
svg.graph .k-source rect { fill: var(--n-source); stroke: var(--n-source-b); stroke-width: 2.5; }
svg.graph .k-policy rect { fill: var(--n-policy); stroke: var(--n-policy-b); }
svg.graph .k-statement rect { fill: var(--n-statement); stroke: var(--n-statement-b); }
svg.graph .k-capability rect { fill: var(--n-capability); stroke: var(--n-capability-b); stroke-width: 2.5; }
svg.graph .k-unknown rect { fill: var(--n-unknown); stroke: var(--n-unknown-b); stroke-dasharray: 5 3; }
svg.graph .k-requirement rect { fill: var(--n-requirement); stroke: var(--n-requirement-b); }
svg.graph .k-missing rect { fill: var(--n-capability); stroke: var(--n-capability-b); stroke-dasharray: 5 3; stroke-width: 2; }
svg.graph .k-resource rect { fill: var(--n-resource); stroke: var(--n-resource-b); }
svg.graph .edge { fill: none; stroke: var(--edge); stroke-width: 1.5; stroke-linejoin: round; }
svg.graph .edge.uncertain, svg.graph .edge.e-may-grant { stroke-dasharray: 6 4; }
svg.graph .edge.e-assume, svg.graph .edge.e-pass, svg.graph .edge.e-mint, svg.graph .edge.e-join { stroke: var(--n-source-b); stroke-width: 2.2; }
svg.graph .edge.e-grants { stroke: var(--n-capability-b); }
svg.graph .arrowhead { fill: var(--edge); }
svg.graph .edge-label rect { fill: var(--bg); stroke: var(--line); }
svg.graph .edge-label text { font-size: 10.5px; }
details { margin: 6px 0; }
summary { cursor: pointer; }
ul.evidence { padding-left: 20px; }
ul.evidence li { overflow-wrap: anywhere; }
.status-expired, .status-refused, .status-stale { font-weight: 600; }
@media print {
  :root { --bg: #ffffff; --fg: #000000; --muted: #333333; --line: #999999; --panel: #ffffff; --link: #000000;
    --n-principal: #dbeafe; --n-principal-b: #1d4ed8; --n-source: #ede9fe; --n-source-b: #6d28d9;
    --n-link: #f3f4f6; --n-link-b: #6b7280; --n-policy: #ccfbf1; --n-policy-b: #0f766e;
    --n-statement: #ffffff; --n-statement-b: #475569; --n-capability: #fee2e2; --n-capability-b: #b91c1c;
    --n-unknown: #fef3c7; --n-unknown-b: #b45309; --n-requirement: #dcfce7; --n-requirement-b: #15803d;
    --n-resource: #e0e7ff; --n-resource-b: #4338ca; --edge: #333333; }
  body { font-size: 11pt; }
  .filters, #shown, .skip { display: none !important; }
  .banner { color: #000; background: none !important; border: 3px solid #000; }
  .graph-scroll { overflow: visible; max-height: none; border: none; padding: 0; }
  svg.graph { max-width: 100%; height: auto; }
  .finding, figure, tr { break-inside: avoid; }
  details > *:not(summary) { display: block; }
}
.skip { position: absolute; left: -10000px; }
.skip:focus { left: 8px; top: 8px; background: var(--bg); padding: 4px 8px; }
`;

const sha256 = (s: string): string => createHash("sha256").update(s, "utf8").digest("base64");

/** Nothing loads from anywhere: only this style and this script run. */
const CSP = `default-src 'none'; style-src 'sha256-${sha256(STYLE)}'; script-src 'sha256-${sha256(SCRIPT)}'; img-src 'none'; base-uri 'none'; form-action 'none'`;

function page(p: Page): string {
  const entries: Entry[] = p.plans.flatMap((plan) => plan.findings.map((f) => ({ f, plan, n: 0 })));
  entries.forEach((e, i) => (e.n = i + 1));
  const rules = new Map<string, RuleInfo>();
  for (const plan of p.plans)
    for (const r of ruleCatalogue(plan, p.options.rules)) if (!rules.has(r.id)) rules.set(r.id, r);
  const several = p.plans.length > 1;
  const state = p.blocked ? "blocked" : "passed";
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${esc(p.title)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    '<a class="skip" href="#findings">Skip to the findings</a>',
    `<header class="banner ${state}"><div class="banner-inner">`,
    `<h1>bulkhead: ${p.blocked ? "BLOCKED" : "passed"}</h1>`,
    `<p>${esc(p.summary)}</p>`,
    `<p>${esc(p.scope)}</p>`,
    "</div></header>",
    "<main>",
    counts(entries, rules),
    findingsTable(entries, several, rules, p.options),
    ...(several
      ? p.plans.map((plan, i) => planDetails(plan, i + 1, entries, rules, p.options))
      : [details(entries, rules, p.options, "Finding details", "details")]),
    waiverSection(p.waivers),
    "</main>",
    `<script>${SCRIPT}</script>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

function counts(entries: Entry[], rules: Map<string, RuleInfo>): string {
  const fs = entries.map((e) => e.f);
  const row = (label: string, list: Finding[]): string =>
    `<tr><th scope="row">${label}</th><td class="num">${list.length}</td><td class="num">${list.filter((f) => f.blocking).length}</td></tr>`;
  const table = (caption: string, rows: string[]): string =>
    [
      `<table><caption>${caption}</caption>`,
      '<thead><tr><th scope="col">' +
        caption.replace(/^By /, "") +
        '</th><th scope="col" class="num">findings</th><th scope="col" class="num">blocking</th></tr></thead>',
      `<tbody>${rows.join("")}</tbody></table>`,
    ].join("");
  const byRule = [...groupBy(fs, (f) => f.ruleId)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [
    '<section aria-labelledby="counts-h">',
    '<h2 id="counts-h">Counts</h2>',
    '<div class="counts">',
    table(
      "By rule",
      byRule.length === 0
        ? ['<tr><td colspan="3">no findings</td></tr>']
        : byRule.map(([id, list]) => row(`${esc(id)} ${esc(rules.get(id)?.title ?? "")}`, list)),
    ),
    table("By verdict", [
      row(
        "violation",
        fs.filter((f) => f.verdict === "violation"),
      ),
      row(
        "unknown",
        fs.filter((f) => f.verdict === "unknown"),
      ),
    ]),
    table("By status", [
      row(
        "new",
        fs.filter((f) => f.status === "new"),
      ),
      row(
        "existing",
        fs.filter((f) => f.status === "existing"),
      ),
    ]),
    table("Waived", [
      row(
        "waived",
        fs.filter((f) => f.waived),
      ),
      row(
        "exempt by config",
        fs.filter((f) => f.exemption !== undefined),
      ),
      row(
        "neither",
        fs.filter((f) => !f.waived && f.exemption === undefined),
      ),
    ]),
    "</div>",
    "</section>",
  ].join("\n");
}

function dataAttributes(e: Entry): string {
  const f = e.f;
  return `data-finding="${e.n}" data-rule="${esc(f.ruleId)}" data-verdict="${esc(f.verdict)}" data-status="${esc(f.status)}" data-waived="${f.waived ? "yes" : "no"}"`;
}

function select(name: string, label: string, options: [string, string][]): string {
  return [
    `<label for="filter-${name}">${label}`,
    `<select id="filter-${name}" name="${name}">`,
    '<option value="">all</option>',
    ...options.map(([value, text]) => `<option value="${esc(value)}">${esc(text)}</option>`),
    "</select></label>",
  ].join("");
}

function findingsTable(
  entries: Entry[],
  several: boolean,
  rules: Map<string, RuleInfo>,
  options: FormatOptions,
): string {
  const ruleIds = [...new Set(entries.map((e) => e.f.ruleId))].sort();
  const head = [
    ...(several ? ["Plan"] : []),
    "#",
    "Rule",
    "Principal or resource",
    "Verdict",
    "Status",
    "Waived",
    "Blocking",
    "Message",
  ];
  const rows = entries.map((e) => {
    const f = e.f;
    const rule =
      options.docsBaseUrl === undefined
        ? esc(f.ruleId)
        : `<a href="${esc(ruleUrl(options.docsBaseUrl, f.ruleId))}">${esc(f.ruleId)}</a>`;
    const cells = [
      ...(several ? [`<td class="mono">${esc(e.plan.source.path)}</td>`] : []),
      `<td><a href="#f${e.n}">${e.n}</a></td>`,
      `<td>${rule} ${esc(rules.get(f.ruleId)?.title ?? f.title)}</td>`,
      `<td class="mono">${esc(principalLabel(f))}</td>`,
      `<td>${esc(f.verdict)}</td>`,
      `<td>${esc(f.status)}</td>`,
      `<td>${f.waived ? "waived" : f.exemption !== undefined ? "exempt" : "no"}</td>`,
      `<td>${f.blocking ? "<strong>blocking</strong>" : esc(findingState(f))}</td>`,
      `<td>${esc(f.message)}</td>`,
    ];
    return `<tr ${dataAttributes(e)}>${cells.join("")}</tr>`;
  });
  return [
    '<section aria-labelledby="findings">',
    '<h2 id="findings">Findings</h2>',
    '<form id="filters" class="filters" hidden aria-label="Filter the findings">',
    select(
      "rule",
      "Rule",
      ruleIds.map((id) => [id, id]),
    ),
    select("verdict", "Verdict", [
      ["violation", "violation"],
      ["unknown", "unknown"],
    ]),
    select("status", "Status", [
      ["new", "new"],
      ["existing", "existing"],
    ]),
    select("waived", "Waived", [
      ["yes", "waived"],
      ["no", "not waived"],
    ]),
    '<button type="reset">Show all</button>',
    "</form>",
    `<p id="shown" role="status">${entries.length} finding${entries.length === 1 ? "" : "s"}</p>`,
    entries.length === 0
      ? "<p>No findings.</p>"
      : [
          '<table id="findings-table">',
          `<thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join("")}</tr></thead>`,
          `<tbody>${rows.join("\n")}</tbody>`,
          "</table>",
        ].join("\n"),
    "</section>",
  ].join("\n");
}

function planDetails(
  plan: Report,
  n: number,
  entries: Entry[],
  rules: Map<string, RuleInfo>,
  options: FormatOptions,
): string {
  const mine = entries.filter((e) => e.plan === plan);
  const heading = `Plan ${plan.source.path}: ${plan.summary.blocked ? "blocked" : "passed"}`;
  return [details(mine, rules, options, heading, `plan-${n}`), `<p>${esc(summaryLine(plan.summary, false))}</p>`].join(
    "\n",
  );
}

function details(
  entries: Entry[],
  rules: Map<string, RuleInfo>,
  options: FormatOptions,
  heading: string,
  id: string,
): string {
  return [
    `<section aria-labelledby="${id}">`,
    `<h2 id="${id}">${esc(heading)}</h2>`,
    ...(entries.length === 0
      ? ["<p>No findings.</p>"]
      : entries.map((e) => findingArticle(e, rules.get(e.f.ruleId), options))),
    "</section>",
  ].join("\n");
}

function findingArticle(e: Entry, rule: RuleInfo | undefined, options: FormatOptions): string {
  const f = e.f;
  const graph = f.graph ?? findingGraph(f);
  const id = `f${e.n}`;
  const notes = [exemptionNote(f), waiverNote(f)].filter((n): n is string => n !== undefined);
  const fix = rule === undefined ? "" : firstParagraph(rule.fix);
  const docs =
    options.docsBaseUrl === undefined
      ? ""
      : ` · <a href="${esc(ruleUrl(options.docsBaseUrl, f.ruleId))}">rule page</a>`;
  const title = `Graph of finding ${e.n}, ${f.ruleId} ${principalLabel(f)}: ${graph.nodes.length} nodes, ${graph.edges.length} edges`;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const name = (nodeId: string): string => {
    const n = byId.get(nodeId);
    return n === undefined ? nodeId : `${n.state === undefined ? "" : `${n.state}: `}${n.label}`;
  };
  return [
    `<article id="${id}" class="finding" ${dataAttributes(e)} aria-labelledby="${id}-h">`,
    `<h3 id="${id}-h">${e.n}. ${esc(f.ruleId)} ${esc(f.title)} — <span class="mono">${esc(principalLabel(f))}</span></h3>`,
    `<p class="meta">${esc(f.severity)} · ${esc(f.enforcement)} · ${esc(f.verdict)} · ${esc(f.status)} · <span class="badge">${esc(findingState(f))}</span>${docs}</p>`,
    `<p>${esc(f.message)}</p>`,
    `<figure aria-labelledby="${id}-cap">`,
    `<div class="graph-scroll" tabindex="0" role="group" aria-label="${esc(`Graph of finding ${e.n}, scrollable`)}">`,
    graphSvg(graph, `${id}-g`, title),
    "</div>",
    `<figcaption id="${id}-cap">${esc(caption(f))}</figcaption>`,
    "</figure>",
    "<details>",
    "<summary>The graph as text</summary>",
    `<ul class="evidence">${graph.edges
      .map(
        (g) =>
          `<li>${esc(name(g.from))} → ${esc(g.label ?? g.kind)} → ${esc(name(g.to))}${g.certain === false ? " (if unknown values allow)" : ""}</li>`,
      )
      .join("")}</ul>`,
    "</details>",
    `<h4>Evidence</h4>`,
    f.evidence.length === 0
      ? "<p>No evidence entries: the finding is what is missing.</p>"
      : `<ul class="evidence">${f.evidence.map((ev) => `<li class="mono">${esc(evidenceLine(ev))}</li>`).join("")}</ul>`,
    ...notes.map((n) => `<p><strong>${esc(n)}</strong></p>`),
    ...(fix === "" ? [] : [`<p><strong>Fix:</strong> ${esc(fix)}</p>`]),
    "</article>",
  ].join("\n");
}

function caption(f: Finding): string {
  switch (f.ruleId) {
    case "BH001":
      return "From the principal through its memberships and attachments to the policies and statements that grant IAM administration and backup deletion.";
    case "BH002":
      return "Before the plan, the MFA requirement that held; after it, what replaced it.";
    case "BH006":
      return "From the credential through each assume, pass, mint and join step to IAM administration and to backup deletion; dashed: only if values unknown until apply allow it.";
    default:
      return "The resource and what it is missing.";
  }
}

/** A BH006 path entry, or any evidence entry as the other formats word it. */
function evidenceLine(e: Evidence): string {
  const path = e as Evidence & { reaches?: unknown; principal?: unknown; steps?: unknown };
  if (e.grants === "path" && Array.isArray(path.steps)) {
    const steps = (path.steps as { edge?: unknown; from?: unknown; to?: unknown }[])
      .map((s) => `${String(s.from)} —${String(s.edge)}→ ${String(s.to)}`)
      .join(", ");
    return `path to ${String(path.reaches)} at ${String(path.principal)}: ${steps}`;
  }
  return describeEvidence(e);
}

function waiverSection(waivers: readonly WaiverUse[]): string {
  const rows = waivers.map((w, i) => {
    const target = [
      w.address === undefined ? "" : `address ${w.address}`,
      w.principal === undefined ? "" : `principal ${w.principal}`,
    ]
      .filter((s) => s !== "")
      .join(", ");
    return [
      "<tr>",
      `<td>${i + 1}</td>`,
      `<td>${esc(w.ruleId)}</td>`,
      `<td class="mono">${esc(target)}</td>`,
      `<td class="status-${esc(w.status)}">${esc(w.status)}</td>`,
      `<td>${esc(w.expires)}</td>`,
      `<td>${w.findings}</td>`,
      `<td>${esc(w.reason)}</td>`,
      `<td>${esc(w.approvedBy)}</td>`,
      "</tr>",
    ].join("");
  });
  return [
    '<section aria-labelledby="waivers-h">',
    '<h2 id="waivers-h">Waivers</h2>',
    waivers.length === 0
      ? "<p>No waivers.</p>"
      : [
          "<table><caption>Every waiver of the waivers file, in its order, and what it did</caption>",
          '<thead><tr><th scope="col">#</th><th scope="col">Rule</th><th scope="col">Matches</th><th scope="col">Status</th><th scope="col">Expires</th><th scope="col">Findings</th><th scope="col">Reason</th><th scope="col">Approved by</th></tr></thead>',
          `<tbody>${rows.join("\n")}</tbody></table>`,
        ].join("\n"),
    "</section>",
  ].join("\n");
}
