import fc from "fast-check";
import type { Finding, Report } from "../../src/engine/types";
import { sharedEngine } from "../helpers/engine";
import {
  address,
  capabilities,
  distances,
  edges,
  firing,
  hasCapability,
  type Identity,
  type Layout,
  type Role,
  type TrustStatement,
} from "./reference/reach";

/**
 * Differential test of BH006 (credential reach) against the independent reference in
 * ./reference/reach.ts: random small layouts of roles, users and groups with trust policies
 * (ARN, account root, bare account id, "*", Lambda, with or without MFA), sts:AssumeRole grants
 * on "*" or on some roles, iam:PassRole + lambda:CreateFunction, iam:CreateAccessKey,
 * iam:AddUserToGroup and unconditional Deny statements, some principals existing and some new.
 * Each layout becomes a terraform plan (the labelled-plan DSL) checked by the wasm engine.
 *
 * Compared: which sources BH006 reports, with verdict and status (new/existing from the reference
 * run on the BEFORE layout); every reported path is a path of the reference graph from the source
 * to a principal with the capability, and no shorter than the reference's shortest one.
 *
 * Seeded: BULKHEAD_PROPERTY_SEED and BULKHEAD_PROPERTY_RUNS override seed and run count.
 */
// The plan-builder DSL is CommonJS without types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Plan } = require("../fixtures/plans/lib/plan-builder");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { jsonencode } = require("../fixtures/plans/lib/dsl");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const A = require("../fixtures/plans/lib/aws");

const SEED = Number(process.env.BULKHEAD_PROPERTY_SEED ?? 20260115);
const RUNS = Number(process.env.BULKHEAD_PROPERTY_RUNS ?? 250);
const ACCOUNT = "111122223333";

// ---- generators -------------------------------------------------------------------------------

const indices = (max: number): fc.Arbitrary<number[]> => fc.array(fc.nat(9), { maxLength: max });
const rarely = (max: number): fc.Arbitrary<number[]> =>
  fc.oneof({ weight: 3, arbitrary: fc.constant([] as number[]) }, { weight: 1, arbitrary: indices(max) });

const identityArb: fc.Arbitrary<Identity> = fc.record({
  existing: fc.oneof({ weight: 2, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  capability: fc.constantFrom("none", "none", "none", "admin", "admin", "backup", "backup", "both"),
  assume: fc.oneof(
    { weight: 3, arbitrary: fc.constant([] as number[]) },
    { weight: 2, arbitrary: fc.constant("star" as const) },
    { weight: 3, arbitrary: indices(2) },
  ),
  pass: rarely(2),
  launch: fc.boolean(),
  mint: rarely(1),
  join: rarely(2),
  denyAssume: rarely(1),
  denyPass: rarely(1),
});

const trusteeArb = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("role" as const), index: fc.nat(9) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("user" as const), index: fc.nat(9) }) },
  { weight: 2, arbitrary: fc.constantFrom("root" as const, "bare" as const) },
  { weight: 1, arbitrary: fc.constant("*" as const) },
  { weight: 2, arbitrary: fc.constant("lambda" as const) },
);
const trustArb: fc.Arbitrary<TrustStatement> = fc.record({
  who: trusteeArb,
  mfa: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

const layoutArb: fc.Arbitrary<Layout> = fc
  .record({
    roles: fc.array(
      fc.tuple(identityArb, fc.array(trustArb, { maxLength: 3 })).map(([i, trust]): Role => ({ ...i, trust })),
      { minLength: 1, maxLength: 5 },
    ),
    users: fc.array(identityArb, { maxLength: 3 }),
    groups: fc.array(identityArb, { maxLength: 2 }),
  })
  .map(normalise);

/** Indices taken modulo the sizes (duplicates dropped); Lambda trust never carries MFA. */
function normalise(l: Layout): Layout {
  const mod = (xs: number[], n: number): number[] => (n === 0 ? [] : [...new Set(xs.map((x) => x % n))].sort());
  const nR = l.roles.length;
  const nU = l.users.length;
  const nG = l.groups.length;
  const identity = (i: Identity): Identity => ({
    ...i,
    assume: i.assume === "star" ? "star" : mod(i.assume, nR),
    pass: mod(i.pass, nR),
    mint: mod(i.mint, nU),
    join: mod(i.join, nG),
    denyAssume: mod(i.denyAssume, nR),
    denyPass: mod(i.denyPass, nR),
  });
  return {
    roles: l.roles.map((r) => ({
      ...identity(r),
      trust: r.trust.flatMap((t): TrustStatement[] => {
        if (typeof t.who === "string") return [t.who === "lambda" ? { who: t.who, mfa: false } : t];
        const n = t.who.kind === "role" ? nR : nU;
        return n === 0 ? [] : [{ who: { kind: t.who.kind, index: t.who.index % n }, mfa: t.mfa }];
      }),
    })),
    users: l.users.map(identity),
    groups: l.groups.map(identity),
  };
}

// ---- the plan ---------------------------------------------------------------------------------

const arn = (kind: "role" | "user" | "group", i: number): string => `arn:aws:iam::${ACCOUNT}:${kind}/${kind[0]}${i}`;

function trustStatement(t: TrustStatement): Record<string, unknown> {
  const principal =
    t.who === "lambda"
      ? { Service: "lambda.amazonaws.com" }
      : t.who === "root"
        ? { AWS: `arn:aws:iam::${ACCOUNT}:root` }
        : t.who === "bare"
          ? { AWS: ACCOUNT }
          : t.who === "*"
            ? { AWS: "*" }
            : { AWS: arn(t.who.kind, t.who.index) };
  return {
    Effect: "Allow",
    Action: "sts:AssumeRole",
    Principal: principal,
    ...(t.mfa ? { Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } } : {}),
  };
}

function statements(i: Identity): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const roles = (xs: number[]): string[] => xs.map((x) => arn("role", x));
  if (i.capability === "admin" || i.capability === "both") {
    out.push(A.allow(["iam:AttachRolePolicy", "iam:PutRolePolicy"], "*"));
  }
  if (i.capability === "backup" || i.capability === "both") out.push(A.allow("ec2:DeleteSnapshot", "*"));
  if (i.assume === "star") out.push(A.allow("sts:AssumeRole", "*"));
  else if (i.assume.length) out.push(A.allow("sts:AssumeRole", roles(i.assume)));
  if (i.pass.length) out.push(A.allow("iam:PassRole", roles(i.pass)));
  if (i.launch) out.push(A.allow("lambda:CreateFunction", "*"));
  if (i.mint.length)
    out.push(
      A.allow(
        "iam:CreateAccessKey",
        i.mint.map((x) => arn("user", x)),
      ),
    );
  // a group's join grant is generated too: only users may join (the engine must ignore it)
  if (i.join.length)
    out.push(
      A.allow(
        "iam:AddUserToGroup",
        i.join.map((x) => arn("group", x)),
      ),
    );
  if (i.denyAssume.length) out.push(A.deny("sts:AssumeRole", roles(i.denyAssume)));
  if (i.denyPass.length) out.push(A.deny("iam:PassRole", roles(i.denyPass)));
  return out;
}

function buildPlan(l: Layout): Buffer {
  const p = new Plan();
  // an existing, unattached policy: its ARN tells the plan's account
  p.keep("aws_iam_policy", "anchor", { name: "anchor", policy: jsonencode(A.doc(A.allow("s3:GetObject", "*"))) });
  const add = (kind: "role" | "user" | "group", i: number, x: Identity, extra: Record<string, unknown>): void => {
    const name = `${kind[0]}${i}`;
    const method = x.existing ? "keep" : "create";
    p[method](`aws_iam_${kind}`, name, { name, ...extra });
    const st = statements(x);
    if (st.length === 0) return;
    const ref = { role: A.roleName, user: A.userName, group: A.groupName }[kind](name, name);
    p[method](`aws_iam_${kind}_policy`, name, { [kind]: ref, name: "grants", policy: jsonencode(A.doc(...st)) });
  };
  l.roles.forEach((r, i) => {
    const trust = r.trust.length
      ? r.trust.map(trustStatement)
      : [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "ec2.amazonaws.com" } }];
    add("role", i, r, { assume_role_policy: jsonencode(A.doc(...trust)) });
  });
  l.users.forEach((u, i) => add("user", i, u, {}));
  l.groups.forEach((g, i) => add("group", i, g, {}));
  return Buffer.from(JSON.stringify(p.build()));
}

// ---- comparison -------------------------------------------------------------------------------

const engine = sharedEngine();

/** "address verdict status" of every BH006 finding. */
function reported(report: Report): string[] {
  return report.findings
    .filter((f) => f.ruleId === "BH006")
    .map((f) => `${f.address} ${f.verdict} ${f.status}`)
    .sort();
}

function expected(l: Layout): string[] {
  const before = firing(l, "before");
  return [...firing(l, "after")].map((s) => `${s} violation ${before.has(s) ? "existing" : "new"}`).sort();
}

/**
 * Each path of a finding follows edges of the reference graph from its source to a principal
 * with the capability; returns how many edges longer than the shortest it is.
 */
function checkPaths(l: Layout, f: Finding): number {
  const all = edges(l, "after");
  const keys = new Set(all.map((e) => `${e.edge} ${e.from} ${e.to}`));
  const caps = capabilities(l, "after");
  const dist = distances(all, f.address);
  let longer = 0;
  for (const what of ["admin", "backup"] as const) {
    const e = f.evidence.find((x) => x.grants === "path" && x.reaches === what);
    expect(e).toBeDefined();
    const steps = e?.steps ?? [];
    let at = f.address;
    for (const s of steps) {
      expect([s.from, keys.has(`${s.edge} ${s.from} ${s.to}`)]).toEqual([at, true]);
      at = s.to;
    }
    // without steps, the principal reached lies deeper than the search goes, or is the source
    const end = steps.length ? at : (e?.principal as string);
    expect([what, end, hasCapability(caps.get(end), what)]).toEqual([what, e?.principal, true]);
    const shortest = Math.min(...[...dist].filter(([n]) => hasCapability(caps.get(n), what)).map(([, d]) => d));
    if (steps.length || end === f.address) {
      expect(steps.length).toBeGreaterThanOrEqual(shortest);
      longer += steps.length - shortest;
    }
  }
  return longer;
}

describe("BH006 reachability: wasm vs reference", () => {
  it("the reference itself: a two-role layout fires for the caller only", () => {
    const none: Omit<Identity, "capability" | "existing"> = {
      assume: [],
      pass: [],
      launch: false,
      mint: [],
      join: [],
      denyAssume: [],
      denyPass: [],
    };
    const names = (who: number): TrustStatement[] => [{ who: { kind: "role", index: who }, mfa: false }];
    const layout: Layout = {
      roles: [
        { ...none, existing: true, capability: "admin", trust: names(2) },
        { ...none, existing: false, capability: "backup", trust: names(2) },
        { ...none, existing: true, capability: "none", trust: [] },
      ],
      users: [],
      groups: [],
    };
    expect([...firing(layout, "after")]).toEqual([address("role", 2)]);
    expect([...firing(layout, "before")]).toEqual([]);
    expect(reported(engine.check(buildPlan(layout), { name: "reach-sanity" }))).toEqual([
      "aws_iam_role.r2 violation new",
    ]);
  });

  it(`sources, verdict, status and paths agree (${RUNS} runs, seed ${SEED})`, () => {
    let firingLayouts = 0;
    let findings = 0;
    let longerPaths = 0;
    fc.assert(
      fc.property(layoutArb, (l) => {
        const report = engine.check(buildPlan(l), { name: "reach-property" });
        const want = expected(l);
        expect(reported(report)).toEqual(want);
        if (want.length) firingLayouts++;
        for (const f of report.findings.filter((x) => x.ruleId === "BH006")) {
          findings++;
          if (checkPaths(l, f) > 0) longerPaths++;
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // the generators must produce both outcomes, or the property says little
    expect(firingLayouts).toBeGreaterThan(RUNS / 10);
    expect(firingLayouts).toBeLessThan(RUNS);
    expect(findings).toBeGreaterThan(0);
    if (process.env.BULKHEAD_PROPERTY_VERBOSE) {
      process.stderr.write(`${firingLayouts} layouts fire, ${findings} findings, ${longerPaths} with a longer path\n`);
    }
  });
});
