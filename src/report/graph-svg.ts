/**
 * A finding's graph as static SVG, laid out at report time by dagre (@dagrejs/dagre: layered
 * Sugiyama layout, synchronous, no DOM): left to right, so a wide fan-out (a principal with many
 * policies) grows downwards and the page scrolls. Nodes with a `state` (BH002) are laid out per
 * state and drawn side by side, BEFORE then AFTER. Every string is escaped; long labels are
 * wrapped and cut, with the whole text in the node's <title>.
 */
import dagre from "@dagrejs/dagre";
import { resourceKind } from "../engine/graph";
import type { FindingGraph, GraphEdge, GraphNode } from "../engine/types";
import { withoutControls } from "./common";

/** Width of one character of the 12px monospace label font, and the node padding. */
const CHAR = 7.3;
const SMALL_CHAR = 6.4;
const PAD = 10;
const LINE = 15;
const LABEL_CHARS = 34;
const LABEL_LINES = 3;
const EDGE_LABEL_CHARS = 30;
const EDGE_LABEL_LINES = 4;
const EDGE_LINE = 13;
const PANEL_GAP = 48;
const HEADING = 26;

interface Placed {
  node: GraphNode;
  caption: string;
  lines: string[];
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Routed {
  edge: GraphEdge;
  /** The label, wrapped; empty: none. */
  lines: string[];
  points: { x: number; y: number }[];
  lx: number;
  ly: number;
}

interface Panel {
  heading?: string;
  width: number;
  height: number;
  nodes: Placed[];
  edges: Routed[];
}

/** HTML/XML text and attribute escaping, after replacing control characters. */
export function esc(s: string): string {
  return withoutControls(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** "user", "policy", "unreadable policy" …: the small caption above a node's label. */
export function caption(n: GraphNode): string {
  switch (n.kind) {
    case "principal":
      return resourceKind(n.detail ?? n.id);
    case "source":
      return n.id.startsWith("federated:") ? "federated identity" : n.id.startsWith("account:") ? "account" : "source";
    case "unknown":
      return "unreadable policy";
    case "missing":
      return "missing";
    case "requirement":
      return "requirement";
    default:
      return n.kind;
  }
}

/** The label in at most LABEL_LINES lines of LABEL_CHARS, broken after . / : _ - or a space. */
export function wrap(text: string, width = LABEL_CHARS, lines = LABEL_LINES): string[] {
  const out: string[] = [];
  let rest = withoutControls(text).replace(/\s+/g, " ").trim();
  while (rest.length > width && out.length < lines) {
    const window = rest.slice(0, width);
    let cut = -1;
    for (let i = window.length - 1; i >= width / 2; i--) {
      if (/[./:;_\-\s,]/.test(window[i])) {
        cut = i + 1;
        break;
      }
    }
    if (cut < 0) cut = width;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest !== "") out.push(rest);
  if (out.length > lines) {
    out.length = lines;
    out[lines - 1] = cut1(out[lines - 1], width);
  }
  return out.length === 0 ? [""] : out;
}

function cut1(s: string, width: number): string {
  return s.length >= width ? `${s.slice(0, width - 1)}…` : `${s}…`;
}

/** The page's content width: a graph wider than this scrolls. */
const FIT_WIDTH = 1130;

/**
 * Lays the panel out left to right and top to bottom and keeps the one that fits the page's
 * width (of two that fit, the smaller; of two that do not, the narrower). Side by side panels
 * (BEFORE | AFTER) always run top to bottom, so both fit the width together.
 */
function layoutPanel(nodes: GraphNode[], edges: GraphEdge[], heading?: string): Panel {
  if (heading !== undefined) return layoutOnce(nodes, edges, "TB", heading);
  const lr = layoutOnce(nodes, edges, "LR");
  if (lr.width <= FIT_WIDTH) return lr;
  const tb = layoutOnce(nodes, edges, "TB");
  return tb.width < lr.width ? tb : lr;
}

function layoutOnce(nodes: GraphNode[], edges: GraphEdge[], rankdir: "LR" | "TB", heading?: string): Panel {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir, nodesep: 18, ranksep: rankdir === "LR" ? 46 : 34, edgesep: 12, marginx: 6, marginy: 6 });
  const byId = new Map<string, Placed>();
  for (const node of nodes) {
    const cap = caption(node);
    const lines = wrap(nodeLabel(node));
    const width = Math.ceil(Math.max(...lines.map((l) => l.length * CHAR), cap.length * SMALL_CHAR) + 2 * PAD);
    const height = 23 + lines.length * LINE;
    byId.set(node.id, { node, caption: cap, lines, x: 0, y: 0, width, height });
    g.setNode(node.id, { width, height });
  }
  const kept = edges.filter((e) => byId.has(e.from) && byId.has(e.to));
  const labels = kept.map((e) => (e.label === undefined ? [] : wrap(e.label, EDGE_LABEL_CHARS, EDGE_LABEL_LINES)));
  kept.forEach((e, i) => {
    const lines = labels[i];
    const size =
      lines.length === 0 ? {} : { width: labelWidth(lines), height: lines.length * EDGE_LINE + 4, labelpos: "c" };
    g.setEdge(e.from, e.to, size, String(i));
  });
  dagre.layout(g);
  for (const p of byId.values()) {
    const n = g.node(p.node.id);
    p.x = (n.x ?? 0) - p.width / 2;
    p.y = (n.y ?? 0) - p.height / 2;
  }
  const routed = kept.map((edge, i): Routed => {
    const e = g.edge(edge.from, edge.to, String(i));
    return { edge, lines: labels[i], points: e.points ?? [], lx: e.x ?? 0, ly: e.y ?? 0 };
  });
  const size = g.graph();
  return {
    heading,
    width: Math.ceil(size.width ?? 0),
    height: Math.ceil(size.height ?? 0),
    nodes: [...byId.values()],
    edges: routed,
  };
}

/** A source's label without the "account:" / "federated:" its caption already says. */
function nodeLabel(n: GraphNode): string {
  return n.kind === "source" && n.label === n.id ? n.label.replace(/^(account|federated):/, "") : n.label;
}

function labelWidth(lines: string[]): number {
  return Math.ceil(Math.max(...lines.map((l) => l.length)) * SMALL_CHAR + 8);
}

const n1 = (v: number): string => String(Math.round(v * 10) / 10);

/**
 * The graph as one <svg>; `id` makes its marker and title ids unique in the page, `title` is its
 * accessible name.
 */
export function graphSvg(graph: FindingGraph, id: string, title: string): string {
  const states = [...new Set(graph.nodes.map((n) => n.state))];
  const panels =
    states.length === 1 && states[0] === undefined
      ? [layoutPanel(graph.nodes, graph.edges)]
      : states.map((state) =>
          layoutPanel(
            graph.nodes.filter((n) => n.state === state),
            graph.edges,
            state === undefined ? undefined : `${state === "before" ? "before" : "after"} the plan`,
          ),
        );
  const top = panels.some((p) => p.heading !== undefined) ? HEADING : 0;
  let x = 0;
  const parts: string[] = [];
  panels.forEach((panel, i) => {
    if (i > 0) {
      const mid = x - PANEL_GAP / 2;
      parts.push(`<line class="divider" x1="${n1(mid)}" y1="4" x2="${n1(mid)}" y2="${n1(top + panel.height)}"/>`);
    }
    parts.push(`<g transform="translate(${n1(x)} ${n1(top)})">`);
    if (panel.heading !== undefined) {
      parts.push(`<text class="panel-heading" x="6" y="-10">${esc(panel.heading)}</text>`);
    }
    parts.push(...panel.edges.map((e) => edgeSvg(e, id)), ...panel.nodes.map(nodeSvg), "</g>");
    x += panel.width + PANEL_GAP;
  });
  const width = Math.max(1, Math.ceil(x - PANEL_GAP));
  const height = Math.max(1, Math.ceil(top + Math.max(...panels.map((p) => p.height))));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="graph" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-title">`,
    `<title id="${id}-title">${esc(title)}</title>`,
    `<defs><marker id="${id}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="arrowhead" d="M0,0L10,5L0,10z"/></marker></defs>`,
    ...parts,
    "</svg>",
  ].join("\n");
}

function edgeSvg(r: Routed, id: string): string {
  const d = r.points.map((p, i) => `${i === 0 ? "M" : "L"}${n1(p.x)},${n1(p.y)}`).join("");
  const cls = `edge e-${cssName(r.edge.kind)}${r.edge.certain === false ? " uncertain" : ""}`;
  const path = `<path class="${cls}" d="${d}" marker-end="url(#${id}-arrow)"><title>${esc(edgeTitle(r.edge))}</title></path>`;
  if (r.lines.length === 0) return path;
  const w = labelWidth(r.lines);
  const h = r.lines.length * EDGE_LINE + 4;
  const top = r.ly - h / 2;
  const text = r.lines
    .map((l, i) => `<tspan x="${n1(r.lx)}" y="${n1(top + 13 + i * EDGE_LINE)}">${esc(l)}</tspan>`)
    .join("");
  return [
    path,
    `<g class="edge-label"><rect x="${n1(r.lx - w / 2)}" y="${n1(top)}" width="${n1(w)}" height="${n1(h)}" rx="3"/>`,
    `<text text-anchor="middle">${text}</text></g>`,
  ].join("");
}

function edgeTitle(e: GraphEdge): string {
  const text = e.label === undefined ? e.kind : e.label;
  return e.certain === false ? `${text} (only if values unknown until apply allow it)` : text;
}

function nodeSvg(p: Placed): string {
  const title = [p.node.label, p.node.detail].filter((s) => s !== undefined && s !== "").join("\n");
  const tx = p.x + PAD;
  const lines = p.lines.map((l, i) => `<tspan x="${n1(tx)}" y="${n1(p.y + 31 + i * LINE)}">${esc(l)}</tspan>`).join("");
  return [
    `<g class="node k-${cssName(p.node.kind)}"><title>${esc(title)}</title>`,
    `<rect x="${n1(p.x)}" y="${n1(p.y)}" width="${n1(p.width)}" height="${n1(p.height)}" rx="5"/>`,
    `<text class="caption" x="${n1(tx)}" y="${n1(p.y + 14)}">${esc(p.caption)}</text>`,
    `<text class="label">${lines}</text></g>`,
  ].join("");
}

/** A kind as a CSS class name part: lower-case letters and hyphens only. */
function cssName(kind: string): string {
  return kind.toLowerCase().replace(/[^a-z-]/g, "-");
}
