import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { buildShape, SHAPES } from "../../bench/shapes";
import { components } from "../../src/engine/split";
import { projectPlans, root, sharedEngine } from "../helpers/engine";

/**
 * A plan split into parts that share no join (src/engine/split.ts) gets the report it gets whole:
 * on every plan the project has, split into the smallest parts its joins allow (a part size of
 * one byte), every finding and every summary count is the same.
 */
const plans = projectPlans();

type Json = Record<string, unknown>;

const change = (address: string, type: string, after: Json, extra: Json = {}): Json => ({
  address,
  mode: "managed",
  type,
  name: address.split(".").pop()!.replace(/\[.*$/, ""),
  ...extra,
  change: { actions: ["create"], before: null, after, after_unknown: {} },
});

const plan = (...resourceChanges: Json[]): Json => ({ format_version: "1.2", resource_changes: resourceChanges });

const doc = (...Statement: Json[]): string => JSON.stringify({ Version: "2012-10-17", Statement });

/** The components as lists of addresses. */
const groups = (p: Json): string[][] =>
  components(p)
    .map((c) => c.addresses)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));

/**
 * Plans whose report the split changes today (run with it.failing: delete the entry when
 * src/engine/split.ts joins what the policies join).
 */
export const KNOWN_FAILURES: Record<string, string> = {};

describe("split", () => {
  const engine = sharedEngine();
  let split = 0;

  it("lists only existing plans as known failures", () => {
    const names = new Set(plans.map((p) => relative(root, p)));
    expect(Object.keys(KNOWN_FAILURES).filter((n) => !names.has(n))).toEqual([]);
  });

  describe.each(plans.map((p) => relative(root, p)))("%s", (name) => {
    const test = KNOWN_FAILURES[name] ? it.failing : it;
    test("same report split into its smallest parts", () => {
      const bytes = readFileSync(join(root, name));
      let whole;
      try {
        whole = engine.check(bytes, { name });
      } catch (e) {
        // A plan refused whole is refused split, with the same error.
        expect(() => engine.check(bytes, { name, partBytes: 1 })).toThrow((e as Error).message);
        return;
      }
      const prepared = engine.prepare(bytes, { name, partBytes: 1 });
      if (prepared.parts) split += 1;
      expect(engine.evaluate(prepared)).toEqual(whole);
    });
  });

  // groups is one component (every user is in the staff group); in managed and bh006 a planted
  // admin (IAMFullAccess, iam:*) may mint every user's key and pass every role, and in unknown a
  // document unknown until apply may, at worst, do the same: each joins every principal.
  it.each(SHAPES)("bench shape %s (1 000 instances): same report split into its smallest parts", (shape) => {
    const bytes = Buffer.from(JSON.stringify(buildShape(shape, 1000).plan));
    const prepared = engine.prepare(bytes, { name: shape, partBytes: 1 });
    expect((prepared.parts?.inputs.length ?? 1) > 1).toBe(!["groups", "managed", "unknown", "bh006"].includes(shape));
    expect(engine.evaluate(prepared)).toEqual(engine.check(bytes, { name: shape }));
  });

  it("split many of them into several parts", () => {
    expect(plans.length).toBeGreaterThan(300);
    expect(split).toBeGreaterThanOrEqual(15);
  });

  it("keeps apart what no join connects, and together what one does", () => {
    expect(
      groups(
        plan(
          change("aws_iam_user.a", "aws_iam_user", { name: "a" }),
          change("aws_iam_user.b", "aws_iam_user", { name: "b" }),
          change("aws_iam_user_policy_attachment.a", "aws_iam_user_policy_attachment", {
            user: "a",
            policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess",
          }),
          change("aws_iam_user_policy_attachment.b", "aws_iam_user_policy_attachment", {
            user: "b",
            policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess",
          }),
        ),
      ),
    ).toEqual([
      ["aws_iam_user.a", "aws_iam_user_policy_attachment.a"],
      ["aws_iam_user.b", "aws_iam_user_policy_attachment.b"],
    ]);
  });

  it("counts an AWS managed policy that several parts name once", () => {
    const attach = (u: string): Json[] => [
      change(`aws_iam_user.${u}`, "aws_iam_user", { name: u }),
      change(`aws_iam_user_policy_attachment.${u}`, "aws_iam_user_policy_attachment", {
        user: u,
        policy_arn: "arn:aws:iam::aws:policy/AmazonS3FullAccess",
      }),
    ];
    const bytes = Buffer.from(JSON.stringify(plan(...attach("a"), ...attach("b"), ...attach("c"))));
    const prepared = engine.prepare(bytes, { name: "p", partBytes: 1 });
    expect(prepared.parts?.inputs).toHaveLength(3);
    expect(prepared.parts?.managed).toEqual([["AmazonS3FullAccess"], ["AmazonS3FullAccess"], ["AmazonS3FullAccess"]]);
    const whole = engine.check(bytes, { name: "p" });
    expect(whole.summary.documents).toBe(1);
    expect(engine.evaluate(prepared)).toEqual(whole);
  });

  it("joins a role to the Allow that passes it by a pattern, not to one that names other roles", () => {
    const role = (name: string): Json =>
      change(`aws_iam_role.${name}`, "aws_iam_role", { name, path: "/", assume_role_policy: doc() });
    const passes = (user: string, resource: string): Json =>
      change(`aws_iam_user_policy.${user}`, "aws_iam_user_policy", {
        name: user,
        user,
        policy: doc({ Effect: "Allow", Action: ["iam:PassRole", "lambda:CreateFunction"], Resource: resource }),
      });
    expect(
      groups(
        plan(
          role("app-x"),
          role("db-y"),
          passes("u", "arn:aws:iam::111122223333:role/app-*"),
          passes("v", "arn:aws:iam::111122223333:role/web-*"),
        ),
      ),
    ).toEqual([["aws_iam_role.app-x", "aws_iam_user_policy.u"], ["aws_iam_role.db-y"], ["aws_iam_user_policy.v"]]);
    // Every role, for an Allow on roles by a wildcard name.
    expect(groups(plan(role("app-x"), role("db-y"), passes("u", "arn:aws:iam::111122223333:role/*")))).toHaveLength(1);
  });

  it("joins a role that trusts another role's ARN, and every principal to a trust of *", () => {
    const role = (name: string, principal: string): Json =>
      change(`aws_iam_role.${name}`, "aws_iam_role", {
        name,
        arn: `arn:aws:iam::111122223333:role/${name}`,
        assume_role_policy: doc({ Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: principal } }),
      });
    expect(
      groups(
        plan(
          role("a", "arn:aws:iam::111122223333:role/b"),
          role("b", "arn:aws:iam::111122223333:root"),
          role("c", "arn:aws:iam::111122223333:root"),
        ),
      ),
      // b and c trust the same account: one credential of it reaches both (a BH006 source)
    ).toEqual([["aws_iam_role.a", "aws_iam_role.b", "aws_iam_role.c"]]);
    expect(groups(plan(role("a", "*"), role("b", "arn:aws:iam::111122223333:root")))).toEqual([
      ["aws_iam_role.a", "aws_iam_role.b"],
    ]);
  });

  it("joins statements to the storage their resources overlap, but not a statement on * alone", () => {
    const bucket = (name: string): Json => change(`aws_s3_bucket.${name}`, "aws_s3_bucket", { bucket: name });
    const deletes = (user: string, resource: string): Json =>
      change(`aws_iam_user_policy.${user}`, "aws_iam_user_policy", {
        name: user,
        user,
        policy: doc({ Effect: "Allow", Action: "s3:DeleteObjectVersion", Resource: resource }),
      });
    expect(
      groups(
        plan(
          bucket("acme-backup"),
          bucket("logs"),
          deletes("u", "arn:aws:s3:::acme-*"),
          deletes("v", "*"),
          deletes("w", "*backup*"),
        ),
      ),
    ).toEqual([
      ["aws_iam_user_policy.u", "aws_iam_user_policy.w", "aws_s3_bucket.acme-backup", "aws_s3_bucket.logs"],
      ["aws_iam_user_policy.v"],
    ]);
  });

  it("joins by configuration references when a value is unknown, and to every principal when they reach none", () => {
    const attachment = (name: string): Json[] => [
      change(
        `module.m["${name}"].aws_iam_role_policy_attachment.a`,
        "aws_iam_role_policy_attachment",
        { policy_arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" },
        { module_address: `module.m["${name}"]` },
      ),
      {
        ...change(`module.m["${name}"].aws_iam_role.r`, "aws_iam_role", {}, { module_address: `module.m["${name}"]` }),
      },
    ];
    const withUnknownRole = (rcs: Json[]): Json[] =>
      rcs.map((rc) =>
        (rc.type as string).endsWith("attachment")
          ? { ...rc, change: { ...(rc.change as Json), after_unknown: { role: true } } }
          : rc,
      );
    const configured = (references: string[]): Json => ({
      root_module: {
        module_calls: {
          m: {
            source: "./m",
            module: {
              resources: [
                { address: "aws_iam_role.r", type: "aws_iam_role", name: "r", expressions: {} },
                {
                  address: "aws_iam_role_policy_attachment.a",
                  type: "aws_iam_role_policy_attachment",
                  name: "a",
                  expressions: { role: { references } },
                },
              ],
            },
          },
        },
      },
    });
    const p = (references: string[]): Json => ({
      ...plan(...withUnknownRole([...attachment("x"), ...attachment("y")])),
      configuration: configured(references),
    });
    // Per module instance: x with x, y with y.
    expect(groups(p(["aws_iam_role.r.name", "aws_iam_role.r"]))).toHaveLength(2);
    // Referencing nothing of the plan: joined to every principal.
    expect(groups(p(["var.role_name"]))).toHaveLength(1);
  });

  it("evaluates the parts in worker threads and merges their reports (compiled engine)", async () => {
    execFileSync(process.execPath, [
      join(root, "node_modules/typescript/bin/tsc"),
      "-p",
      join(root, "tsconfig.build.json"),
    ]);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const dist = require(join(root, "dist/src/engine/isolated.js")) as typeof import("../../src/engine/isolated");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Engine } = require(join(root, "dist/src/engine/check.js")) as typeof import("../../src/engine/check");
    const compiled = Engine.loadSync();
    const name = join(root, "examples/code-spaces.plan.json");
    const bytes = readFileSync(name);
    expect(compiled.prepare(bytes, { name, partBytes: 1 }).parts?.inputs.length).toBeGreaterThan(1);
    const whole = compiled.check(bytes, { name });
    const parallel = await dist.checkIsolated(compiled, bytes, { name, partBytes: 1 }, 60_000);
    expect(parallel).toEqual(whole);
  });
});
