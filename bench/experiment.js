#!/usr/bin/env node
"use strict";
/**
 * What the suggested changes would gain, measured without touching policies/ or src/: variants of
 * the staged Rego compiled to wasm bundles under .bench/exp/, evaluated on the generated plans the
 * way the engine does it (or with the suggested engine change), each run in its own process with a
 * timeout, every result checked against the planted findings.
 *
 *   node bench/experiment.js [--sizes 1000,4000,10000] [--variants base,memo,idx,memo+idx]
 *                            [--modes engine,initial,filter] [--timeout 180]
 *
 * Variants (string patches on a staged copy of policies/; a patch that no longer applies is an error):
 *   base   the Rego as it is
 *   memo   mfa.gate reads per-document gating statements computed once (no per-principal
 *          iam.denies_all_but_bootstrap / _bootstrap_only glob loops)
 *   princ  model.principals(state) looks up a rule computed once per state instead of rebuilding
 *          the set at every call (BH001/BH002 call it once per principal: quadratic)
 *   hash   plan instances deduplicated by the index of their resource_changes entry instead of
 *          sets of whole instance objects (every insertion hashes all the values)
 *   backup a statement on "*" is not compared with every backup-storage ARN as well
 *   idx    wildcard._find: the first occurrence of a segment without "?" by indexof, instead of a
 *          set over numbers.range(from, last) of substring comparisons
 * Modes:
 *   engine   CompiledPolicy.loadSync(bundle).evaluate(): the shipped engine (memory.grow after load)
 *   initial  the wasm instantiated with its memory sized from the plan (WebAssembly.Memory initial)
 *   filter   "initial" (memory sized from the whole plan) on the plan reduced in JS to what the
 *            Rego reads (resource types the rules name, data sources of the state trees, no
 *            *_sensitive mirrors)
 *
 *   max      the wasm instantiated with 2 GiB of memory whatever the plan (pages are committed
 *            only when used), so the allocator never grows it; "filter-max" the same on the
 *            filtered plan
 *
 * Output: a table on stdout and .bench/exp/results.json.
 */
const fs = require("node:fs");
const path = require("node:path");
const { spawnSync, spawn } = require("node:child_process");

const ROOT = path.join(__dirname, "..");
const EXP = path.join(ROOT, ".bench", "exp");
const PLANS = path.join(ROOT, ".bench", "plans");
const OPA = path.join(ROOT, ".tools", "bin", "opa");
const PAGE = 65536;
/** wasm memory to instantiate with, per plan byte ("initial" and "filter" modes). */
const INITIAL_PER_BYTE = 24;

// ---- Rego variants ------------------------------------------------------------------------------

function replaceOnce(text, from, to, what) {
  if (!text.includes(from)) throw new Error(`patch ${what} no longer applies`);
  return text.replace(from, to);
}

const PATCHES = {
  memo(dir) {
    const f = path.join(dir, "policies/lib/mfa.rego");
    let t = fs.readFileSync(f, "utf8");
    t = replaceOnce(
      t,
      `	gates := [{"level": level, "policy": e.label, "statement": s.sid, "via": e.via} |
		some e in edges
		not e.uncertain
		some s in documents.by_id[e.doc].statements
		not s.uncertain == true
		iam.denies_all_but_bootstrap(s)
		level := iam.deny_mfa_level(s)
		level > 0
	]`,
      `	gates := [{"level": g.level, "policy": e.label, "statement": g.statement, "via": e.via} |
		some e in edges
		not e.uncertain
		some g in object.get(_gating, e.doc, [])
	]`,
      "memo/gate",
    );
    t += `
# The gating statements of every document, computed once per document (not per principal).
_gating[id] := [{"level": level, "statement": s.sid} |
	some s in doc.statements
	not s.uncertain == true
	iam.denies_all_but_bootstrap(s)
	level := iam.deny_mfa_level(s)
	level > 0
] if {
	some id, doc in documents.by_id
}
`;
    fs.writeFileSync(f, t);
  },
  princ(dir) {
    const f = path.join(dir, "policies/lib/model.rego");
    let t = fs.readFileSync(f, "utf8");
    t = replaceOnce(
      t,
      "principals(state) := {a | some t in principal_types; some a in plan.index(plan.by_type, state, t)}",
      `principals(state) := object.get(_principals, state, set())

# Computed once per state (a function body runs again at every call in the wasm).
_principals[state] contains a if {
	some state in plan.states
	some t in principal_types
	some a in plan.index(plan.by_type, state, t)
}`,
      "princ/principals",
    );
    fs.writeFileSync(f, t);
  },
  hash(dir) {
    const f = path.join(dir, "policies/lib/plan.rego");
    let t = fs.readFileSync(f, "utf8");
    t = replaceOnce(
      t,
      `_after_candidates[rc.address] contains _instance(rc, rc.change.after, object.get(rc.change, "after_unknown", {})) if {
	some rc in _changes`,
      `_after_candidates[rc.address] contains i if {
	some i, rc in _changes`,
      "hash/after",
    );
    t = replaceOnce(
      t,
      `_before_candidates[rc.address] contains _instance(rc, rc.change.before, {}) if {
	some rc in _changes`,
      `_before_candidates[rc.address] contains i if {
	some i, rc in _changes`,
      "hash/before",
    );
    t = replaceOnce(
      t,
      "_after_changes[a] := util.first(c) if some a, c in _after_candidates",
      `_after_changes[a] := _instance(rc, rc.change.after, object.get(rc.change, "after_unknown", {})) if {
	some a, ids in _after_candidates
	rc := _changes[min(ids)]
}`,
      "hash/after_changes",
    );
    t = replaceOnce(
      t,
      "_before_changes[a] := util.first(c) if some a, c in _before_candidates",
      `_before_changes[a] := _instance(rc, rc.change.before, {}) if {
	some a, ids in _before_candidates
	rc := _changes[min(ids)]
}`,
      "hash/before_changes",
    );
    fs.writeFileSync(f, t);
  },
  backup(dir) {
    const f = path.join(dir, "policies/lib/documents.rego");
    let t = fs.readFileSync(f, "utf8");
    t = replaceOnce(
      t,
      `_backup_resource_ok(s, "data") if {
	not s.uncertain == true
	iam.touches_any(s, storage.backup_arns)
}`,
      `_backup_resource_ok(s, "data") if {
	not s.uncertain == true
	not iam.covers_everything(s)
	iam.touches_any(s, storage.backup_arns)
}`,
      "backup/_backup_resource_ok",
    );
    fs.writeFileSync(f, t);
  },
  idx(dir) {
    const f = path.join(dir, "policies/lib/wildcard.rego");
    let t = fs.readFileSync(f, "utf8");
    t = replaceOnce(
      t,
      `_find(s, segment, from, last) := min(positions) if {
	last >= from`,
      `_find(s, segment, from, last) := at if {
	not contains(segment, "?")
	last >= from
	i := indexof(substring(s, from, -1), segment)
	i >= 0
	at := from + i
	at <= last
}

_find(s, segment, from, last) := min(positions) if {
	contains(segment, "?")
	last >= from`,
      "idx/_find",
    );
    fs.writeFileSync(f, t);
  },
};

function buildVariant(name) {
  const src = path.join(EXP, `src-${name}`);
  const r = spawnSync("bash", ["scripts/stage-policy.sh", src], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`stage-policy.sh: ${r.stderr}`);
  const skipped = [];
  for (const p of name === "base" ? [] : name.split("+")) {
    try {
      PATCHES[p](src);
    } catch (e) {
      // policies/ moves on (other engineers land the same fixes): say so instead of failing.
      skipped.push(p);
      process.stderr.write(`variant ${name}: ${e.message} (already in policies/?): left out\n`);
    }
  }
  const out = path.join(EXP, `bundle-${name}.tar.gz`);
  const b = spawnSync(
    OPA,
    ["build", "-b", ".", "-t", "wasm", "-O=0", "-e", "bulkhead/main/report", "-e", "bulkhead/main/rules", "-o", out],
    { cwd: src, encoding: "utf8" },
  );
  if (b.status !== 0) throw new Error(`opa build ${name}: ${b.stderr}`);
  const sha = spawnSync("sha256sum", [path.basename(out)], { cwd: EXP, encoding: "utf8" }).stdout;
  fs.writeFileSync(`${out}.sha256`, sha);
  return { src, bundle: out, skipped };
}

// ---- the pre-filter (mode "filter") -------------------------------------------------------------

/** Resource types the Rego names (read from the staged sources). */
function typesRead(src) {
  const types = new Set();
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith(".rego") && !p.endsWith("_test.rego"))
        for (const m of fs.readFileSync(p, "utf8").matchAll(/"(aws_[a-z0-9_]+)"/g)) types.add(m[1]);
    }
  };
  walk(path.join(src, "policies"));
  return types;
}

/** A copy of an object without some keys. */
function omit(o, keys) {
  const out = {};
  for (const [k, v] of Object.entries(o)) if (!keys.includes(k)) out[k] = v;
  return out;
}

function filterPlan(plan, keep) {
  const out = { ...plan };
  out.resource_changes = (plan.resource_changes || [])
    .filter((rc) => keep.has(rc.type))
    .map((rc) => ({ ...rc, change: omit(rc.change, ["before_sensitive", "after_sensitive"]) }));
  const dataOnly = (m) => {
    if (!m) return m;
    const o = {};
    if (m.address) o.address = m.address;
    const rs = (m.resources || [])
      .filter((r) => r.mode === "data" && keep.has(r.type))
      .map((r) => omit(r, ["sensitive_values"]));
    if (rs.length) o.resources = rs;
    const cs = (m.child_modules || []).map(dataOnly).filter((c) => c.resources || c.child_modules);
    if (cs.length) o.child_modules = cs;
    return o;
  };
  if (plan.planned_values) out.planned_values = { root_module: dataOnly(plan.planned_values.root_module) };
  if (plan.prior_state)
    out.prior_state = { ...plan.prior_state, values: { root_module: dataOnly(plan.prior_state.values.root_module) } };
  const cfg = (m) => {
    const o = { ...m };
    if (m.resources) o.resources = m.resources.filter((r) => keep.has(r.type));
    if (m.module_calls)
      o.module_calls = Object.fromEntries(
        Object.entries(m.module_calls).map(([k, c]) => [k, { ...c, module: cfg(c.module) }]),
      );
    return o;
  };
  if (plan.configuration)
    out.configuration = { ...plan.configuration, root_module: cfg(plan.configuration.root_module) };
  return out;
}

// ---- one evaluation (child process) -------------------------------------------------------------

function evalOnce(bundlePath, planPath, mode, src) {
  const { readBundle } = require(path.join(ROOT, "dist/src/engine/bundle.js"));
  const { CompiledPolicy } = require(path.join(ROOT, "dist/src/engine/policy.js"));
  const { loadPolicySync } = require(path.join(ROOT, "node_modules/@open-policy-agent/opa-wasm"));
  let bytes = fs.readFileSync(planPath);
  if (mode === "max+filter") mode = "filter-max";
  // The memory the Rego needs follows the IAM content, which the filter keeps: size it from the
  // whole plan.
  const sizingBytes = bytes.length;
  const t0 = process.hrtime.bigint();
  let filterMs = 0;
  if (mode === "filter" || mode === "filter-max") {
    const f = filterPlan(JSON.parse(bytes.toString("utf8")), typesRead(src));
    bytes = Buffer.from(JSON.stringify(f));
    filterMs = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  const bundle = readBundle(bundlePath);
  const ab = (u) => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength);
  let result;
  let memMiB;
  let heapMiB = null;
  const t1 = process.hrtime.bigint();
  if (mode === "engine") {
    const policy = CompiledPolicy.loadSync(bundle);
    const t = process.hrtime.bigint();
    result = policy.evaluate(bytes, planPath);
    memMiB = policy.policy.mem.buffer.byteLength / 2 ** 20;
    return finish(t, result, memMiB, 0, bytes.length, Number(t - t1) / 1e6);
  }
  // "max": 2 GiB reserved up front; the pages are only committed when the allocator touches them.
  const initial =
    mode === "max" || mode === "filter-max"
      ? 32767
      : Math.min(65535, Math.ceil((sizingBytes * INITIAL_PER_BYTE) / PAGE) + 160);
  const lp = loadPolicySync(bundle.wasm, { initial });
  lp.setData(ab(bundle.data));
  const t = process.hrtime.bigint();
  const out = evaluateUnsigned(lp, bytes, "bulkhead/main/report");
  result = out[0].result;
  memMiB = lp.mem.buffer.byteLength / 2 ** 20;
  heapMiB = lp.wasmInstance.exports.opa_heap_ptr_get() / 2 ** 20;
  return {
    ...finish(t, result, memMiB, filterMs, bytes.length, Number(t - t1) / 1e6, (initial * PAGE) / 2 ** 20),
    heapMiB,
  };
}

/**
 * LoadedPolicy.evaluate (ABI 1.2 path) with the result address read as unsigned: the SDK reads it
 * as a signed i32, so a result above 2 GiB of wasm memory fails ("Start offset -… is outside the
 * bounds of the buffer").
 */
function evaluateUnsigned(lp, bytes, entrypoint) {
  const ex = lp.wasmInstance.exports;
  const inputAddr = lp.dataHeapPtr;
  const missing = inputAddr + bytes.length - lp.mem.buffer.byteLength;
  if (missing > 0) lp.mem.grow(Math.ceil(missing / PAGE));
  new Uint8Array(lp.mem.buffer).set(bytes, inputAddr);
  const ret =
    ex.opa_eval(0, lp.entrypoints[entrypoint], lp.dataAddr, inputAddr, bytes.length, inputAddr + bytes.length, 0) >>> 0;
  const mem = new Uint8Array(lp.mem.buffer);
  const end = mem.indexOf(0, ret);
  return JSON.parse(Buffer.from(mem.subarray(ret, end)).toString("utf8"));
}

function finish(t, result, memMiB, filterMs, inputBytes, loadMs, initialMiB) {
  const evalMs = Number(process.hrtime.bigint() - t) / 1e6;
  const findings = {};
  for (const f of result.findings) findings[f.ruleId] = (findings[f.ruleId] || 0) + 1;
  return {
    evalMs,
    filterMs,
    loadMs,
    memMiB,
    initialMiB: initialMiB || null,
    inputBytes,
    findings,
    addresses: result.findings
      .filter((f) => f.ruleId === "BH001" || f.ruleId === "BH002")
      .map((f) => `${f.ruleId} ${f.address}`),
  };
}

// ---- driver -------------------------------------------------------------------------------------

function child(args, timeoutS) {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, ["--max-old-space-size=8192", __filename, ...args], {
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    c.stdout.on("data", (d) => (out += d));
    c.stderr.on("data", (d) => (err += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-c.pid, "SIGKILL");
      } catch {
        /* gone */
      }
    }, timeoutS * 1000);
    c.on("exit", () => {
      clearTimeout(timer);
      if (timedOut) return resolve({ error: `timeout after ${timeoutS} s` });
      try {
        resolve(JSON.parse(out.trim().split("\n").pop()));
      } catch {
        resolve({ error: (err.trim().split("\n").pop() || "no output").slice(0, 200) });
      }
    });
  });
}

async function main(argv) {
  if (argv[0] === "--eval") {
    try {
      process.stdout.write(`${JSON.stringify(evalOnce(argv[1], argv[2], argv[3], argv[4]))}\n`);
    } catch (e) {
      process.stdout.write(`${JSON.stringify({ error: String(e && e.message ? e.message : e).slice(0, 200) })}\n`);
    }
    return;
  }
  const opt = (name, d) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : d;
  };
  const sizes = opt("--sizes", "1000,4000,10000").split(",").map(Number);
  const variants = opt("--variants", "base,memo,idx,memo+idx").split(",");
  const modes = opt("--modes", "engine,initial,filter").split(",");
  const timeoutS = Number(opt("--timeout", "180"));
  fs.mkdirSync(EXP, { recursive: true });
  const { generate } = require("./generate");
  for (const n of sizes) if (!fs.existsSync(path.join(PLANS, `plan-${n}.json`))) generate(n, PLANS);
  const built = {};
  for (const v of variants) built[v] = buildVariant(v);
  const rows = [];
  for (const n of sizes) {
    const plan = path.join(PLANS, `plan-${n}.json`);
    const expected = JSON.parse(fs.readFileSync(path.join(PLANS, `plan-${n}.expected.json`), "utf8"));
    const want = expected.expected.map((f) => `${f.ruleId} ${f.address}`).sort();
    for (const v of variants) {
      for (const mode of modes) {
        const r = await child(["--eval", built[v].bundle, plan, mode, built[v].src], timeoutS);
        if (!r.error) r.correct = JSON.stringify([...r.addresses].sort()) === JSON.stringify(want);
        delete r.addresses;
        rows.push({ size: n, variant: v, skipped: built[v].skipped, mode, ...r });
        const line = r.error
          ? `${n}\t${v}\t${mode}\tFAILED: ${r.error}`
          : `${n}\t${v}\t${mode}\teval ${(r.evalMs / 1000).toFixed(2)} s\tload ${(r.loadMs / 1000).toFixed(2)} s${r.filterMs ? `\tfilter ${(r.filterMs / 1000).toFixed(2)} s` : ""}\tinput ${(r.inputBytes / 2 ** 20).toFixed(1)} MiB\twasm ${r.memMiB.toFixed(0)} MiB${r.initialMiB ? ` (initial ${r.initialMiB.toFixed(0)}, heap top ${(r.heapMiB || 0).toFixed(0)})` : ""}\t${r.rssMiB ? `rss ${r.rssMiB.toFixed(0)} MiB\t` : ""}planted ${r.correct ? "exact" : "WRONG"}\t${JSON.stringify(r.findings)}`;
        process.stdout.write(`${line}\n`);
      }
    }
  }
  fs.writeFileSync(path.join(EXP, "results.json"), `${JSON.stringify(rows, null, 2)}\n`);
}

main(process.argv.slice(2));
