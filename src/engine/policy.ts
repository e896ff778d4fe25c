import { loadPolicySync, type LoadedPolicy } from "@open-policy-agent/opa-wasm";
import { BulkheadError, internalError, inputError } from "./errors";
import { readBundle, type PolicyBundle } from "./bundle";
import type { PolicyConfig } from "./config";
import type { Relevance } from "./prefilter";
import { reachingManagedPolicies } from "./split";
import type { Evidence, ReachGraph, RuleInfo } from "./types";

const PAGE = 64 * 1024;
/**
 * The most wasm memory an evaluation gets: 4 GiB less a page (OPA's allocator takes the memory
 * size as a 32-bit number: a full 4 GiB reads as 0), all a 32-bit wasm memory can address. opa-wasm
 * reads addresses as signed 32-bit numbers (2 GiB) where it calls JavaScript builtins and reads
 * results; the policies call no JavaScript builtin (a test checks the bundle's list is empty)
 * and the engine reads the result itself (evaluateRaw).
 */
const MEMORY_PAGES = 65535;
/**
 * The memory an instance starts with: the bundle's data and small plans. Under V8's 64 MiB
 * external-memory soft limit, so that loading the policies forces no full garbage collection of
 * the host's heap (one of 18 ms in a CDKTF synth).
 */
const INITIAL_PAGES = 768;
/**
 * OPA's allocator reads the memory size once, when the instance starts, and past it grows the
 * memory one page at a time (measured 2.6 s against 0.8 s on a 10 000-instance plan). A plan
 * whose estimate does not fit the instance gets a new instance of twice the estimate (pages are
 * committed only when touched).
 */
const HEADROOM = 2;
/**
 * Evaluating takes up to about 40× the bytes the policies get of wasm memory, plus up to 8 MiB
 * for the AWS managed policies a plan names (measured on the generated plans of 1 000–50 000
 * instances: 37–41×, and on every real plan, fixture and example). The estimate refuses a plan
 * before it runs; one that passes it and still outgrows the memory fails the allocation inside
 * the wasm and is refused the same way.
 */
const MEMORY_PER_INPUT_BYTE = 40;
const MEMORY_FIXED = 16 * 2 ** 20;

const memory = (pages: number): { initial: number; maximum: number } => ({
  initial: Math.min(MEMORY_PAGES, Math.max(INITIAL_PAGES, pages)),
  maximum: MEMORY_PAGES,
});

/** The memory for an instance that is to evaluate a plan of that size (0: not known yet). */
const memoryFor = (planBytes: number): { initial: number; maximum: number } =>
  memory(Math.ceil((HEADROOM * (MEMORY_FIXED + planBytes * MEMORY_PER_INPUT_BYTE)) / PAGE));

/** What one evaluation of the bundle's entrypoint returns. */
export interface RawReport {
  findings: RawFinding[];
  stats: {
    principals: number;
    documents: number;
    unverifiable_documents: number;
    /** The plan's format_version as the policies read it (null: they read no plan). */
    format_version: string | null;
  };
}

export interface RawFinding {
  ruleId: string;
  title: string;
  severity: string;
  enforcement: string;
  verdict: string;
  status: string;
  address: string;
  principal: string;
  message: string;
  evidence: Evidence[];
}

/** The compiled policies, loaded once. Evaluations reuse the instance until a plan outgrows its memory. */
export class CompiledPolicy {
  private relevant?: Relevance;
  private reaching?: Set<string>;
  /** The config the wasm data holds now; the bundle's data.json has none (every list empty). */
  private configKey = JSON.stringify(NO_CONFIG);
  private bundledData?: { bulkhead: Record<string, unknown> };

  /** What the instance's data holds: the bundle's data.json, or it with a config added. */
  private data: ArrayBuffer | object;

  private constructor(
    private policy: LoadedPolicy,
    readonly bundle: PolicyBundle,
  ) {
    this.data = toArrayBuffer(bundle.data);
    policy.setData(this.data);
  }

  /**
   * planBytes: the size of the plan about to be checked, when known. The memory is then sized
   * for it from the start (what the policies get of it can only be smaller): no second instance.
   */
  static async load(bundle: PolicyBundle = readBundle(), planBytes = 0): Promise<CompiledPolicy> {
    // The module is compiled already: instantiating it is synchronous work either way, and
    // opa-wasm's async loadPolicy tests its argument against the global Response, which makes
    // Node load its fetch implementation (undici): 30 ms of every start, for nothing.
    return Promise.resolve(CompiledPolicy.loadSync(bundle, planBytes));
  }

  static loadSync(bundle: PolicyBundle = readBundle(), planBytes = 0): CompiledPolicy {
    return new CompiledPolicy(loadPolicySync(bundle.module, memoryFor(planBytes)), bundle);
  }

  /**
   * Makes data.bulkhead.config what the policies read for the next evaluations: the bundle's
   * data with `config` added. Setting data resets the wasm heap, so this is done only when the
   * config changes.
   */
  setConfig(config: PolicyConfig): void {
    const key = JSON.stringify(config);
    if (key === this.configKey) return;
    this.bundledData ??= JSON.parse(new TextDecoder().decode(this.bundle.data)) as {
      bulkhead: Record<string, unknown>;
    };
    const data = { bulkhead: { ...this.bundledData.bulkhead, config } };
    try {
      this.policy.setData(data);
      this.data = data;
    } catch (e) {
      throw internalError(`cannot load the config into the policies: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.configKey = key;
  }

  /** Evaluates the plan bytes (validated JSON) and returns every finding of every rule. */
  evaluate(plan: Uint8Array, name: string): RawReport {
    const result = this.runPlan(plan, name, "bulkhead/main/report");
    if (!isRawReport(result)) throw internalError("the policy bundle returned no report for this plan");
    return result;
  }

  /** The names of the AWS managed policies the bundle's data holds ("job-function/ViewOnlyAccess"). */
  managedPolicyNames(): Set<string> {
    this.bundledData ??= JSON.parse(new TextDecoder().decode(this.bundle.data)) as {
      bulkhead: Record<string, unknown>;
    };
    return new Set(Object.keys((this.bundledData.bulkhead.managed_policies as object | undefined) ?? {}));
  }

  /** The AWS managed policies that may assume or pass roles, mint credentials or join groups. */
  reachingManagedPolicies(): Set<string> {
    this.managedPolicyNames();
    return (this.reaching ??= reachingManagedPolicies(
      (this.bundledData!.bulkhead.managed_policies as Record<string, unknown> | undefined) ?? {},
    ));
  }

  /** The credential-reach graph of the plan's AFTER state (`bulkhead/main/reach`). */
  reachGraph(plan: Uint8Array, name: string): ReachGraph {
    const graph = this.runPlan(plan, name, "bulkhead/main/reach") as ReachGraph | undefined;
    if (typeof graph !== "object" || graph === null || !Array.isArray(graph.edges)) {
      throw internalError("the policy bundle returned no reach graph for this plan");
    }
    return graph;
  }

  /** The resource types the policies read (cached). */
  relevance(): Relevance {
    return (this.relevant ??= this.run({}, "bulkhead/main/relevant") as Relevance);
  }

  rules(): RuleInfo[] {
    const rules = this.run({}, "bulkhead/main/rules") as Record<string, RuleInfo> | undefined;
    if (!rules) throw internalError("the policy bundle lists no rules");
    return Object.values(rules).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** An entrypoint on the plan's bytes, in memory reserved for them; too large: refused with the size. */
  private runPlan(plan: Uint8Array, name: string, entrypoint: string): unknown {
    this.reserve(plan.byteLength, name);
    try {
      return this.run(plan, entrypoint);
    } catch (e) {
      if (e instanceof BulkheadError && e.message === OUT_OF_MEMORY) throw tooLarge(name, plan.byteLength);
      throw e;
    }
  }

  /** An entrypoint on JSON bytes (copied into wasm memory as they are) or on a small value ({}). */
  private run(input: Uint8Array | object, entrypoint: string): unknown {
    let out: unknown;
    try {
      const bytes = input instanceof Uint8Array ? input : new TextEncoder().encode(JSON.stringify(input));
      out = evaluateRaw(this.policy, bytes, entrypoint);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (/Maximum call stack/.test(message)) throw inputError(`the plan is nested too deeply to evaluate`);
      if (/out of memory|Cannot allocate|could not allocate|opa_malloc: failed/i.test(message)) {
        throw inputError(OUT_OF_MEMORY);
      }
      throw internalError(`policy evaluation failed: ${message}`);
    }
    return Array.isArray(out) && out.length > 0 ? (out[0] as { result: unknown }).result : undefined;
  }

  /** Refuses a plan that cannot fit in the wasm memory. */
  refuseTooLarge(bytes: number, name: string): void {
    if (!this.fits(bytes)) throw tooLarge(name, bytes);
  }

  /** Whether that many bytes of plan fit in the wasm memory of one instance, by the estimate. */
  fits(bytes: number): boolean {
    return this.estimate(bytes) <= MEMORY_PAGES * PAGE;
  }

  /**
   * Makes room for evaluating that many bytes: refuses a plan that cannot fit in the wasm memory,
   * and moves to a new instance with memory for it when the plan outgrows this one.
   */
  private reserve(bytes: number, name: string): void {
    this.refuseTooLarge(bytes, name);
    this.fit(bytes);
  }

  /** The wasm memory evaluating that many bytes takes, by the estimate (data included). */
  private estimate(bytes: number): number {
    const base = Number((this.policy as unknown as { dataHeapPtr: number }).dataHeapPtr);
    return base + MEMORY_FIXED + bytes * MEMORY_PER_INPUT_BYTE;
  }

  /** A new instance, with memory for the plan, when the plan's estimate outgrows this one's. */
  private fit(bytes: number): void {
    const need = this.estimate(bytes);
    if (need <= this.policy.mem.buffer.byteLength) return;
    const policy = loadPolicySync(this.bundle.module, memory(Math.ceil((HEADROOM * need) / PAGE)));
    policy.setData(this.data);
    this.policy = policy;
  }
}

const OUT_OF_MEMORY = "the plan does not fit in wasm memory (4 GiB)";

/** The parts of opa-wasm's LoadedPolicy an evaluation uses (ABI 1.2: one opa_eval call). */
interface Instance {
  minorVersion: number;
  mem: { buffer: ArrayBuffer; grow(pages: number): number };
  wasmInstance: { exports: Record<string, unknown> };
  dataAddr: number;
  dataHeapPtr: number;
  entrypoints: Record<string, number>;
}

/**
 * Evaluates an entrypoint on JSON bytes as opa-wasm's evaluate does (ABI 1.2: the input copied
 * after the data, one opa_eval call), reading the result's address as the unsigned number it is:
 * past 2 GiB of wasm memory opa-wasm reads it as negative.
 */
export function evaluateRaw(policy: LoadedPolicy, input: Uint8Array, entrypoint: string): unknown {
  const lp = policy as unknown as Instance;
  const id = lp.entrypoints[entrypoint];
  if (id === undefined) throw internalError(`the policy bundle has no entrypoint ${entrypoint}`);
  if (!(lp.minorVersion >= 2))
    throw internalError(`the policy bundle's wasm ABI 1.${lp.minorVersion} is older than 1.2`);
  const inputAddr = lp.dataHeapPtr >>> 0;
  const end = inputAddr + input.byteLength;
  if (end > lp.mem.buffer.byteLength) lp.mem.grow(Math.ceil((end - lp.mem.buffer.byteLength) / PAGE));
  new Uint8Array(lp.mem.buffer).set(input, inputAddr);
  const exports = lp.wasmInstance.exports as { opa_eval: (...args: number[]) => number };
  const result = exports.opa_eval(0, id, lp.dataAddr >>> 0, inputAddr, input.byteLength, end, 0) >>> 0;
  const memory = new Uint8Array(lp.mem.buffer);
  const stop = memory.indexOf(0, result);
  return JSON.parse(new TextDecoder().decode(memory.subarray(result, stop < 0 ? memory.length : stop)));
}

function tooLarge(name: string, bytes: number): BulkheadError {
  const limit = Math.floor((MEMORY_PAGES * PAGE - MEMORY_FIXED) / MEMORY_PER_INPUT_BYTE / 2 ** 20);
  return inputError(
    `${name} holds ${(bytes / 2 ** 20).toFixed(0)} MiB of resources the rules read: too large to evaluate in wasm memory (4 GiB holds about ${limit} MiB of them)`,
  );
}

const NO_CONFIG: PolicyConfig = { backup_resource_patterns: [], extra_admin_actions: [], extra_backup_actions: [] };

/** The bytes as an ArrayBuffer (opa-wasm copies them into wasm memory): no copy when they fill it. */
function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) {
    return bytes.buffer;
  }
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function isRawReport(v: unknown): v is RawReport {
  return (
    typeof v === "object" &&
    v !== null &&
    Array.isArray((v as RawReport).findings) &&
    typeof (v as RawReport).stats === "object"
  );
}
