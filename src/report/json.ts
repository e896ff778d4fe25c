/**
 * The JSON output contract, schemaVersion 1 (schemas/report.schema.json): the Report itself, its
 * keys in the order of src/engine/types.ts whatever order the engine built them in, and nothing
 * the contract does not name.
 */
import type { Evidence, Finding, Report, Summary, Waiver } from "../engine/types";
import type { Formatter } from "./format";

export const formatJson: Formatter = (report) => JSON.stringify(orderedReport(report), null, 2) + "\n";

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
    waived: f.waived,
    waiver: f.waiver === undefined ? undefined : orderedWaiver(f.waiver),
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

function orderedWaiver(w: Waiver & { expired: boolean }): Waiver & { expired: boolean } {
  return {
    ruleId: w.ruleId,
    address: w.address,
    principal: w.principal,
    reason: w.reason,
    expires: w.expires,
    approvedBy: w.approvedBy,
    expired: w.expired,
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
    resources: s.resources,
    principals: s.principals,
    documents: s.documents,
    unverifiableDocuments: s.unverifiableDocuments,
  };
}
