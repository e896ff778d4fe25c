#!/usr/bin/env node
"use strict";
/**
 * The engine's own split, in one process, on the compiled classes of dist/src/engine:
 *
 *   node bench/split.js PLAN.json
 *
 * prints one JSON line: {ok, phases: {read, prepare, load, evaluate, report, total} in ms,
 * evaluatedBytes (what the pre-filter keeps), wasmParseMs (those bytes parsed by opa_json_parse
 * alone, after the check), wasmHeapMiB (wasm heap the evaluation used), maxRssKiB,
 * findings: {BH001: n, ...}} or {ok: false, phase, error}.
 *
 *   read      fs.readFileSync of the plan
 *   load      Engine.loadSync(): bundle read + sha256 + gunzip, wasm compile, instantiate, setData
 *   prepare   Engine.prepare: UTF-8 decode, JSON.parse, shape checks, pre-filter, instance count
 *   evaluate  Engine.evaluate without the report: copy into wasm, parse, Rego, result
 *   report    config, waivers, buildReport + the JSON formatter: what the CLI does after evaluating
 */
const fs = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..");
const dist = (p) => path.join(root, "dist", "src", p);

function ms(t0) {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function main(file) {
  const { Engine } = require(dist("engine/check.js"));
  const { formatters } = require(dist("report/index.js"));
  const phases = {};
  const name = file;
  let phase = "read";
  const t00 = process.hrtime.bigint();
  let t = t00;
  try {
    const bytes = fs.readFileSync(file);
    phases.read = ms(t);

    phase = "load";
    t = process.hrtime.bigint();
    const engine = Engine.loadSync();
    const rules = engine.rules();
    phases.load = ms(t);

    phase = "prepare";
    t = process.hrtime.bigint();
    const plan = engine.prepare(bytes, { name });
    phases.prepare = ms(t);

    phase = "evaluate";
    const policy = engine.policy;
    t = process.hrtime.bigint();
    const raw = policy.evaluate(plan.input, name);
    phases.evaluate = ms(t);
    const lp = policy.policy;
    const ex = lp.wasmInstance.exports;
    const wasmHeapMiB = (ex.opa_heap_ptr_get() - Number(lp.dataHeapPtr)) / 2 ** 20;

    // The rest of Engine.evaluate on the evaluated plan: the wasm evaluation stubbed with its result.
    phase = "report";
    engine.policy = new Proxy(policy, {
      get(target, key) {
        if (key === "evaluate") return () => raw;
        const v = target[key];
        return typeof v === "function" ? v.bind(target) : v;
      },
    });
    t = process.hrtime.bigint();
    const report = engine.evaluate(plan, { name });
    const text = formatters.json(report, { color: false, rules });
    phases.report = ms(t);
    engine.policy = policy;
    phases.total = ms(t00);

    // The evaluated bytes parsed inside the wasm alone (opa_json_parse), for the parse/Rego split.
    let wasmParseMs = null;
    try {
      ex.opa_heap_ptr_set(lp.dataHeapPtr);
      const addr = ex.opa_malloc(plan.input.length);
      new Uint8Array(lp.mem.buffer).set(plan.input, addr);
      t = process.hrtime.bigint();
      const parsed = ex.opa_json_parse(addr, plan.input.length);
      wasmParseMs = parsed ? ms(t) : null;
      ex.opa_heap_ptr_set(lp.dataHeapPtr);
    } catch {
      wasmParseMs = null;
    }

    const findings = {};
    for (const f of report.findings) findings[f.ruleId] = (findings[f.ruleId] || 0) + 1;
    process.stdout.write(
      `${JSON.stringify({
        ok: true,
        phases,
        evaluatedBytes: plan.input.length,
        wasmParseMs,
        wasmHeapMiB,
        maxRssKiB: process.resourceUsage().maxRSS,
        findings,
        outputBytes: Buffer.byteLength(text),
      })}\n`,
    );
  } catch (e) {
    process.stdout.write(
      `${JSON.stringify({ ok: false, phase, phases, elapsedMs: ms(t00), error: String(e && e.message ? e.message : e).slice(0, 300), maxRssKiB: process.resourceUsage().maxRSS })}\n`,
    );
    process.exitCode = 1;
  }
}

if (require.main === module) {
  if (!process.argv[2]) {
    process.stderr.write("usage: node bench/split.js PLAN.json\n");
    process.exit(2);
  }
  main(process.argv[2]);
}
