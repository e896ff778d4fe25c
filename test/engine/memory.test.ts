import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Engine } from "../../src/engine/check";
import type { CheckOptions } from "../../src/engine/check";
import { readBundle } from "../../src/engine/bundle";
import { evaluateRaw } from "../../src/engine/policy";
import type { LoadedPolicy } from "@open-policy-agent/opa-wasm";

/**
 * The wasm memory follows the plans: an engine starts small and moves to an instance sized for a
 * plan that outgrows it (OPA's allocator reads the memory size only when an instance starts).
 * Whatever the order of plans and configs, an engine reports what a fresh engine reports.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Plan } = require("../fixtures/plans/lib/plan-builder");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { jsonencode } = require("../fixtures/plans/lib/dsl");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const A = require("../fixtures/plans/lib/aws");

const example = readFileSync(join(__dirname, "..", "..", "examples", "code-spaces.plan.json"));

/** Roles enough to outgrow the first instance (about 3 MiB evaluated), one of them admin with a custom backup action. */
function bigPlan(): Buffer {
  const p = new Plan();
  p.create("aws_iam_role", "admin", A.role("admin"));
  p.create("aws_iam_role_policy", "admin", {
    role: A.roleName("admin", "admin"),
    name: "admin",
    policy: jsonencode(A.doc(A.allow(["iam:*", "vault:DestroyEverything"]))),
  });
  for (let i = 0; i < 2500; i += 1) {
    p.create("aws_iam_role", `app${i}`, A.role(`app-${i}`, { description: "x".repeat(200) }));
    p.create("aws_iam_role_policy", `app${i}`, {
      role: A.roleName(`app${i}`, `app-${i}`),
      name: "app",
      policy: jsonencode(A.doc(A.allow(["s3:GetObject", "sqs:SendMessage"], `arn:aws:s3:::app-${i}/*`))),
    });
  }
  return Buffer.from(JSON.stringify(p.build()));
}

const now = new Date("2026-11-26T00:00:00Z");
const withCustomBackup: CheckOptions = { config: { extraBackupActions: ["vault:DestroyEverything"] }, now };

describe("wasm memory sized per plan", () => {
  const big = bigPlan();
  const fresh = (bytes: Buffer, options: CheckOptions) => Engine.loadSync().check(bytes, options);

  it("a plan that outgrows the engine's memory is evaluated like on a fresh engine, config kept", () => {
    const engine = Engine.loadSync();
    const small = engine.check(example, { now });
    const large = engine.check(big, withCustomBackup);
    expect(large.findings.map((f) => `${f.ruleId} ${f.address}`)).toContain("BH001 aws_iam_role.admin");
    expect(large).toEqual(fresh(big, withCustomBackup));
    // Back to a small plan and no config on the grown instance.
    expect(engine.check(example, { now })).toEqual(small);
    expect(engine.check(big, { now }).findings.some((f) => f.ruleId === "BH001")).toBe(false);
  });

  type Instance = { mem: { buffer: ArrayBuffer } };
  const instanceOf = (engine: Engine): Instance =>
    (engine as unknown as { policy: { policy: Instance } }).policy.policy;

  it("moves to a larger instance once: plans up to that size then stay on it", () => {
    const engine = Engine.loadSync();
    const first = instanceOf(engine);
    engine.check(big, { now });
    const grown = instanceOf(engine);
    expect(grown).not.toBe(first);
    expect(grown.mem.buffer.byteLength).toBeGreaterThan(2 * first.mem.buffer.byteLength);
    engine.check(big, withCustomBackup);
    engine.check(example, { now });
    expect(instanceOf(engine)).toBe(grown);
  });

  it("an engine loaded for a plan's size starts with the memory for it", () => {
    const engine = Engine.loadSync(undefined, big.byteLength);
    const instance = instanceOf(engine);
    expect(engine.check(big, withCustomBackup)).toEqual(fresh(big, withCustomBackup));
    expect(instanceOf(engine)).toBe(instance);
  });
});

describe("wasm memory past 2 GiB", () => {
  it("the policies call no JavaScript builtin (opa-wasm reads their addresses as signed numbers)", () => {
    const { module } = readBundle();
    // The TypeScript lib of this project has no WebAssembly types beyond Module.
    const wasm = WebAssembly as unknown as {
      Memory: new (d: { initial: number }) => { buffer: ArrayBuffer };
      Instance: new (m: unknown, imports: unknown) => { exports: unknown };
    };
    const memory = new wasm.Memory({ initial: 64 });
    const stub = () => 0;
    const env = { memory, opa_abort: stub, opa_println: stub };
    const builtins = Object.fromEntries([0, 1, 2, 3, 4].map((n) => [`opa_builtin${n}`, stub]));
    const instance = new wasm.Instance(module, { env: { ...env, ...builtins } });
    const exports = instance.exports as Record<string, (...a: number[]) => number>;
    const address = exports.opa_json_dump(exports.builtins()) >>> 0;
    const bytes = new Uint8Array(memory.buffer);
    const text = new TextDecoder().decode(bytes.subarray(address, bytes.indexOf(0, address)));
    expect(JSON.parse(text)).toEqual({});
  });

  it("evaluateRaw reads a result past 2 GiB, which a signed read would put at a negative address", () => {
    const buffer = new ArrayBuffer(2 ** 31 + 2 * 65536);
    const at = 2 ** 31 + 4096;
    new Uint8Array(buffer).set(new TextEncoder().encode('[{"result":{"ok":true}}]\0'), at);
    const fake = {
      minorVersion: 3,
      mem: { buffer, grow: () => 0 },
      dataAddr: 16,
      dataHeapPtr: 1024,
      entrypoints: { "bulkhead/main/report": 0 },
      // opa_eval returns an i32: the address as JavaScript sees it, negative past 2 GiB
      wasmInstance: { exports: { opa_eval: () => at | 0 } },
    };
    expect(at | 0).toBeLessThan(0);
    expect(
      evaluateRaw(fake as unknown as LoadedPolicy, new TextEncoder().encode("{}"), "bulkhead/main/report"),
    ).toEqual([{ result: { ok: true } }]);
  });
});
