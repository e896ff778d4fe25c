/** The typed result of a check: what the JSON output contract (schemaVersion 1) serializes. */

export type Verdict = "violation" | "unknown";
export type Status = "new" | "existing";
export type Severity = "critical" | "high" | "medium" | "low";
/** As in Sentinel: advisory never blocks, soft-mandatory blocks unless waived, hard-mandatory always blocks. */
export type Enforcement = "advisory" | "soft-mandatory" | "hard-mandatory";

/** One fact behind a finding: a statement that grants something, or a document that could not be read. */
export interface Evidence {
  /** "admin", "backup", "mfa-gate", "mfa-condition", "mfa-switch", "trust" or "unknown". */
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
}

export interface Waiver {
  ruleId: string;
  /** Glob over resource addresses. */
  address?: string;
  /** Glob over principal names. */
  principal?: string;
  reason: string;
  expires: string;
  approvedBy: string;
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
  waived: boolean;
  /** The waiver that applies (also set on an expired one, with waived=false). */
  waiver?: Waiver & { expired: boolean };
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
  summary: Summary;
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
