import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { PolicyDocument, policyDocument, PolicyStatement, toJson } from "./policy-document";

/** A role's own statements as its inline policy "permissions"; none given, no policy. */
export function inlinePermissions(
  scope: Construct,
  role: IamRole,
  statements: PolicyStatement[] | undefined,
): PolicyDocument | undefined {
  if (statements === undefined || statements.length === 0) return undefined;
  const document = policyDocument(...statements);
  new IamRolePolicy(scope, "permissions", { name: "permissions", role: role.name, policy: toJson(document) });
  return document;
}
