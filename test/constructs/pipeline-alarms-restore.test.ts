import { Testing, TerraformStack } from "cdktf";
import {
  AuditTrail,
  GithubActionsDeployerRole,
  RestoreTesting,
  SecurityAlarms,
  type GithubActionsDeployerRoleProps,
} from "../../src/constructs";
import { documentOf, onlyResource, resourcesOf } from "./synth-helpers";

Testing.setupJest();

const stack = () => new TerraformStack(Testing.app(), "stack");
const repo: GithubActionsDeployerRoleProps = { repositories: [{ repository: "acme/infra" }] };

describe("GithubActionsDeployerRole", () => {
  it("trusts the configured repositories' branches and environments only, with the audience", () => {
    const synthesized = Testing.synthScope((scope) => {
      new GithubActionsDeployerRole(scope, "deployer", {
        repositories: [
          { repository: "acme/infra", branches: ["main", "release"] },
          { repository: "acme/app", branches: [], environments: ["prod"] },
        ],
        providerArn: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
      });
    });
    expect(resourcesOf(synthesized, "aws_iam_openid_connect_provider")).toEqual({});
    const [statement] = documentOf(onlyResource(synthesized, "aws_iam_role"), "assume_role_policy").Statement;
    expect(statement.Condition).toEqual({
      StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
      StringLike: {
        "token.actions.githubusercontent.com:sub": [
          "repo:acme/infra:ref:refs/heads/main",
          "repo:acme/infra:ref:refs/heads/release",
          "repo:acme/app:environment:prod",
        ],
      },
    });
  });

  it("creates the GitHub OIDC provider when none is given", () => {
    const synthesized = Testing.synthScope((scope) => new GithubActionsDeployerRole(scope, "deployer", repo));
    expect(onlyResource(synthesized, "aws_iam_openid_connect_provider")).toMatchObject({
      url: "https://token.actions.githubusercontent.com",
      client_id_list: ["sts.amazonaws.com"],
    });
  });

  it("refuses wildcard repositories or branches, no repository, and IAM on a whole resource type", () => {
    expect(() => new GithubActionsDeployerRole(stack(), "a", { repositories: [] })).toThrow(/at least one repository/);
    expect(() => new GithubActionsDeployerRole(stack(), "b", { repositories: [{ repository: "acme/*" }] })).toThrow(
      /without wildcards/,
    );
    expect(
      () =>
        new GithubActionsDeployerRole(stack(), "c", { repositories: [{ repository: "acme/infra", branches: ["*"] }] }),
    ).toThrow(/without wildcards/);
    expect(
      () => new GithubActionsDeployerRole(stack(), "d", { repositories: [{ repository: "acme/infra", branches: [] }] }),
    ).toThrow(/neither a branch nor an environment/);
    expect(
      () =>
        new GithubActionsDeployerRole(stack(), "e", { ...repo, managedIamArns: ["arn:aws:iam::111122223333:role/*"] }),
    ).toThrow(/IAM administrator/);
  });
});

describe("SecurityAlarms", () => {
  it("refuses alarms nobody receives and unknown protocols", () => {
    const alarms = [SecurityAlarms.rootSignIn()];
    expect(() => new SecurityAlarms(stack(), "a", { subscriptions: [], alarms })).toThrow(/someone to tell/);
    expect(
      () => new SecurityAlarms(stack(), "b", { subscriptions: [{ protocol: "pigeon", endpoint: "x" }], alarms }),
    ).toThrow(/SNS protocol/);
    expect(
      () =>
        new SecurityAlarms(stack(), "c", {
          subscriptions: [{ protocol: "email", endpoint: "a@example.com" }],
          alarms: [],
        }),
    ).toThrow(/at least one alarm/);
  });
});

describe("RestoreTesting and AuditTrail", () => {
  it("refuse names AWS rejects", () => {
    const vault = "arn:aws:backup:eu-west-1:111122223333:backup-vault:prod-backups";
    const role = "arn:aws:iam::111122223333:role/bulkhead/backup-restore-tester";
    expect(
      () => new RestoreTesting(stack(), "a", { planName: "prod-restore", vaultArns: [vault], restoreRoleArn: role }),
    ).toThrow(/restore testing plan name/);
    expect(() => new RestoreTesting(stack(), "b", { planName: "p", vaultArns: [], restoreRoleArn: role })).toThrow(
      /at least one vault/,
    );
    expect(
      () => new AuditTrail(stack(), "c", { trailName: "org", bucketName: "acme-trail", accountId: "12345" }),
    ).toThrow(/12-digit/);
  });
});
