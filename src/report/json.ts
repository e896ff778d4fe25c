/**
 * The JSON output contract, schemaVersion 1 (schemas/report.schema.json): the Report itself, its
 * keys in the order of src/engine/types.ts whatever order the engine built them in, and nothing
 * the contract does not name. Several plans: a ReportSet holding one such Report per plan.
 */
import type {
  AppliedWaiver,
  Evidence,
  Exemption,
  Finding,
  FindingGraph,
  Report,
  ReportSet,
  SetSummary,
  Summary,
  WaiverUse,
} from "../engine/types";
import type { Formatter, SetFormatter } from "./format";

export const formatJson: Formatter = (report) => JSON.stringify(orderedReport(report), null, 2) + "\n";

export const formatJsonSet: SetFormatter = (set) => JSON.stringify(orderedSet(set), null, 2) + "\n";

function orderedSet(s: ReportSet): ReportSet {
  return {
    schemaVersion: s.schemaVersion,
    tool: { name: s.tool.name, version: s.tool.version },
    reports: s.reports.map(orderedReport),
    waivers: s.waivers.map(orderedWaiverUse),
    summary: orderedSetSummary(s.summary),
  };
}

function orderedReport(r: Report): Report {
  return {
    schemaVersion: r.schemaVersion,
    tool: { name: r.tool.name, version: r.tool.version },
    source: {
      path: r.source.path,
      formatVersion: r.source.formatVersion,
      terraformVersion: r.source.terraformVersion,
    },
    findings: r.findings.map(orderedFinding),
    waivers: r.waivers.map(orderedWaiverUse),
    summary: orderedSummary(r.summary),
  };
}

function orderedFinding(f: Finding): Finding {
  return {
    ruleId: f.ruleId,
    title: f.title,
    severity: f.severity,
    enforcement: f.enforcement,
    verdict: f.verdict,
    status: f.status,
    address: f.address,
    principal: f.principal,
    message: f.message,
    evidence: f.evidence.map(orderedEvidence),
    graph: f.graph === undefined ? undefined : orderedGraph(f.graph),
    waived: f.waived,
    waiver: f.waiver === undefined ? undefined : orderedWaiver(f.waiver),
    exemption: f.exemption === undefined ? undefined : orderedExemption(f.exemption),
    blocking: f.blocking,
  };
}

function orderedEvidence(e: Evidence): Evidence {
  return {
    grants: e.grants,
    policy: e.policy,
    statement: e.statement,
    via: e.via,
    actions: e.actions,
    reason: e.reason,
    state: e.state,
  };
}

function orderedGraph(g: FindingGraph): FindingGraph {
  return {
    nodes: g.nodes.map((n) => ({ id: n.id, kind: n.kind, label: n.label, detail: n.detail, state: n.state })),
    edges: g.edges.map((e) => ({ from: e.from, to: e.to, kind: e.kind, label: e.label, certain: e.certain })),
  };
}

function orderedWaiver(w: AppliedWaiver): AppliedWaiver {
  return {
    ruleId: w.ruleId,
    address: w.address,
    principal: w.principal,
    reason: w.reason,
    expires: w.expires,
    approvedBy: w.approvedBy,
    expired: w.expired,
    refused: w.refused,
  };
}

function orderedExemption(e: Exemption): Exemption {
  return { address: e.address, principal: e.principal, rules: e.rules, reason: e.reason };
}

function orderedWaiverUse(w: WaiverUse): WaiverUse {
  return {
    ruleId: w.ruleId,
    address: w.address,
    principal: w.principal,
    reason: w.reason,
    expires: w.expires,
    approvedBy: w.approvedBy,
    status: w.status,
    findings: w.findings,
  };
}

function orderedSummary(s: Summary): Summary {
  return {
    blocked: s.blocked,
    findings: s.findings,
    blocking: s.blocking,
    violations: s.violations,
    unknown: s.unknown,
    waived: s.waived,
    exempted: s.exempted,
    staleWaivers: s.staleWaivers,
    resources: s.resources,
    principals: s.principals,
    documents: s.documents,
    unverifiableDocuments: s.unverifiableDocuments,
  };
}

function orderedSetSummary(s: SetSummary): SetSummary {
  return {
    blocked: s.blocked,
    plans: s.plans,
    blockedPlans: s.blockedPlans,
    findings: s.findings,
    blocking: s.blocking,
    waived: s.waived,
    exempted: s.exempted,
    staleWaivers: s.staleWaivers,
  };
}
