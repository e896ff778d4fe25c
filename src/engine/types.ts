/** The typed result of a check: what the JSON output contract (schemaVersion 1) serializes. */

export type Verdict = "violation" | "unknown";
export type Status = "new" | "existing";
export type Severity = "critical" | "high" | "medium" | "low";
/** As in Sentinel: advisory never blocks, soft-mandatory blocks unless waived, hard-mandatory always blocks. */
export type Enforcement = "advisory" | "soft-mandatory" | "hard-mandatory";

/** One fact behind a finding: a statement that grants something, or a document that could not be read. */
export interface Evidence {
  /**
   * What it is: "admin", "backup", "mfa-gate", "mfa-condition", "mfa-switch", "trust", "unknown",
   * "backup-protection" …; rules add kinds (lower case, hyphenated).
   */
  grants: string;
  /** Policy address, AWS managed policy ARN, or resource address. */
  policy?: string;
  /** Statement Sid, or "#N" for the N-th statement without one. */
  statement?: string;
  /** How the policy reaches the principal (attachment, group membership …). */
  via?: string;
  /** The catalogue actions the statement grants, as AWS spells them. */
  actions?: string[];
  /** Why a document could not be read. */
  reason?: string;
  /** BEFORE or AFTER state, for rules that compare the two. */
  state?: "before" | "after";
  /** BH006 ("grants": "path"): the capability the path reaches. */
  reaches?: "admin" | "backup";
  /** BH006: the principal the path ends at (a node id: address, "account:…", "federated:…"). */
  principal?: string;
  /** BH006: the edges from the credential to that principal, shortest first. */
  steps?: PathStep[];
}

/** A capability of a principal: held for certain, or only if unknown values are at their worst. */
export interface Capability {
  certain: boolean;
  worst: boolean;
}

/** The credential-reach graph of a plan (BH006's, hubs folded): its edges and what each node may do. */
export interface ReachGraph {
  edges: PathStep[];
  nodes: Record<string, { name: string; admin: Capability; backup: Capability }>;
}

/** One edge of a BH006 path: whoever holds `from` can act as `to`. */
export interface PathStep {
  edge: "assume" | "pass" | "mint" | "join";
  from: string;
  to: string;
  /** The resources that make the edge: trust and identity statements, instance profiles. */
  via: PathVia[];
  /** False when the edge holds only if values unknown until apply are at their worst. */
  certain: boolean;
}

export interface PathVia {
  kind: "trust" | "identity" | "instance_profile" | "membership" | "launch";
  /** Resource address or policy label. */
  resource: string;
  /** Statement Sid or "#N" ("" for an instance profile). */
  statement: string;
  /** How an identity policy reaches the principal. */
  through?: string;
}

/**
 * A thing in a finding's picture: a principal, a credential source, a membership or attachment,
 * a policy, a statement, a capability, a resource, or what is missing.
 */
export interface GraphNode {
  /** Unique in its graph: a resource address, "account:ID", "federated:PROVIDER", or "KIND:…". */
  id: string;
  /**
   * "principal", "source", "membership", "attachment", "policy", "unknown" (a policy that could
   * not be read), "statement", "capability", "requirement", "missing", "resource", "evidence".
   */
  kind: string;
  label: string;
  /** More about it: the address behind a name, why a document could not be read, an MFA operator. */
  detail?: string;
  /** BH002 pictures: the side of the plan it belongs to. */
  state?: "before" | "after";
}

/** How one node leads to another: "member", "attached", "attaches", "inline", "boundary", "contains", "grants", "may-grant", "requires", "missing", "holds", "setting", and BH006's "assume", "pass", "mint", "join". */
export interface GraphEdge {
  from: string;
  to: string;
  kind: string;
  label?: string;
  /** false: the step holds only if values unknown until apply are at their worst. */
  certain?: boolean;
}

/** A finding's picture, built from its evidence (src/engine/graph.ts). */
export interface FindingGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/**
 * An accepted finding, declared in a waivers file: which findings (a rule, and a glob over
 * addresses and/or principal names), why, until when, and who approved it.
 */
export interface Waiver {
  ruleId: string;
  /** Glob over resource addresses (`*` any run of characters, `?` one character). */
  address?: string;
  /** Glob over principal names. */
  principal?: string;
  /** Why the finding is acceptable: at least 10 characters. */
  reason: string;
  /** Last day (UTC) the waiver applies, YYYY-MM-DD. */
  expires: string;
  approvedBy: string;
}

/** A waiver as it applies to one finding. */
export interface AppliedWaiver extends Waiver {
  /** Its expiry date has passed: it no longer waives. */
  expired: boolean;
  /** The rule is hard-mandatory: waivers do not apply to it. */
  refused: boolean;
}

/** What a waiver did in a check: "stale" when it matches no finding. */
export type WaiverStatus = "applied" | "expired" | "refused" | "stale";

export interface WaiverUse extends Waiver {
  status: WaiverStatus;
  /** The findings it matches. */
  findings: number;
}

/**
 * Principals exempted by design in the org config (a break-glass role): their findings are
 * reported and never block.
 */
export interface Exemption {
  /** Glob over resource addresses. */
  address?: string;
  /** Glob over principal names. */
  principal?: string;
  /** The rules it covers. @default every rule */
  rules?: string[];
  reason: string;
}

export interface Finding {
  ruleId: string;
  title: string;
  severity: Severity;
  enforcement: Enforcement;
  verdict: Verdict;
  status: Status;
  /** Resource address of the principal or resource the finding is about. */
  address: string;
  /** Its name when known, else its address. */
  principal: string;
  message: string;
  evidence: Evidence[];
  /** The picture of the finding, built from its evidence: what reaches what. */
  graph?: FindingGraph;
  waived: boolean;
  /** The waiver that matches (also an expired or refused one, with waived=false). */
  waiver?: AppliedWaiver;
  /** The org config exempts this principal by design: the finding never blocks. */
  exemption?: Exemption;
  /** Whether this finding makes the check fail. */
  blocking: boolean;
}

export interface Summary {
  blocked: boolean;
  findings: number;
  blocking: number;
  violations: number;
  unknown: number;
  waived: number;
  exempted: number;
  /** Waivers that match no finding. */
  staleWaivers: number;
  /** Resource instances in the AFTER state. */
  resources: number;
  principals: number;
  documents: number;
  /** Policy documents that could not be read (unknown until apply, invalid JSON, outside the plan). */
  unverifiableDocuments: number;
}

export interface Report {
  schemaVersion: 1;
  tool: { name: "bulkhead"; version: string };
  source: { path: string; formatVersion: string; terraformVersion?: string };
  findings: Finding[];
  /** Every waiver of the waivers file, in its order, with what it did to this plan. */
  waivers: WaiverUse[];
  summary: Summary;
}

/** Several plans checked at once: one Report per plan and the waivers over all of them. */
export interface ReportSet {
  schemaVersion: 1;
  tool: { name: "bulkhead"; version: string };
  reports: Report[];
  /** A waiver is stale here only when it matches no finding in any of the plans. */
  waivers: WaiverUse[];
  summary: SetSummary;
}

export interface SetSummary {
  blocked: boolean;
  plans: number;
  blockedPlans: number;
  findings: number;
  blocking: number;
  waived: number;
  exempted: number;
  staleWaivers: number;
}

/** A rule as its METADATA describes it. */
export interface RuleInfo {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  enforcement: Enforcement;
  fix: string;
}
