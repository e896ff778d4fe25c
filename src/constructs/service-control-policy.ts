import { Construct } from "constructs";
import { Token } from "cdktf";
import { OrganizationsPolicy } from "@cdktf/provider-aws/lib/organizations-policy";
import { OrganizationsPolicyAttachment } from "@cdktf/provider-aws/lib/organizations-policy-attachment";
import { PolicyDocument, toJson } from "./policy-document";
import { checkPattern, fail } from "./validation";

/** AWS Organizations limit on an SCP document. */
export const MAX_SCP_CHARACTERS = 5120;

export interface ServiceControlPolicyProps {
  /** Name of the SCP. */
  readonly policyName: string;
  /** What the SCP is for. */
  readonly description: string;
  /** The SCP document (Deny statements; SCPs never grant). */
  readonly document: PolicyDocument;
  /** Roots (r-…), organizational units (ou-…) or accounts (12 digits) to attach it to. */
  readonly targetIds: string[];
  /**
   * Tags for the policy.
   * @default none
   */
  readonly tags?: Record<string, string>;
}

/**
 * A service control policy and its attachments. Validates what Organizations would reject at
 * apply time: documents over 5,120 characters, statements with a Principal, bad target ids.
 */
export class ServiceControlPolicy extends Construct {
  readonly policy: OrganizationsPolicy;
  readonly document: PolicyDocument;
  readonly attachments: OrganizationsPolicyAttachment[];

  constructor(scope: Construct, id: string, props: ServiceControlPolicyProps) {
    super(scope, id);
    checkPattern(this, "policyName", props.policyName, /^[\s\S]{1,128}$/, "an SCP name (1–128 characters)");
    if (props.targetIds.length === 0) fail(this, "targetIds", "must name at least one root, OU or account");
    for (const target of props.targetIds) {
      checkPattern(
        this,
        "targetIds",
        target,
        /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/,
        "a root, OU or account id",
      );
    }
    if (props.document.Statement.some((statement) => statement.Principal !== undefined)) {
      fail(this, "document", "SCP statements take no Principal");
    }
    const content = toJson(props.document);
    if (content.length > MAX_SCP_CHARACTERS) {
      fail(this, "document", `${content.length} characters exceed the SCP limit of ${MAX_SCP_CHARACTERS}`);
    }
    this.document = props.document;
    this.policy = new OrganizationsPolicy(this, "policy", {
      name: props.policyName,
      description: props.description,
      type: "SERVICE_CONTROL_POLICY",
      content,
      tags: props.tags,
    });
    this.attachments = props.targetIds.map(
      (targetId, index) =>
        new OrganizationsPolicyAttachment(this, `attach-${Token.isUnresolved(targetId) ? index : targetId}`, {
          policyId: this.policy.id,
          targetId,
        }),
    );
  }
}
