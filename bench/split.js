#!/usr/bin/env node
"use strict";
/**
 * The engine's own split, in one process, on the compiled classes of dist/src/engine:
 *
 *   node bench/split.js PLAN.json
 *
 * prints one JSON line: {ok, phases: {read, validate, load, evaluate, report, total} in ms,
 * wasmParseMs (the plan parsed by opa_json_parse alone, after the check), wasmMemoryMiB (linear
 * memory after the evaluation), maxRssKiB, findings: {BH001: n, ...}} or {ok: false, phase, error}.
 *
 *   read      fs.readFileSync of the plan
 *   validate  validatePlan (UTF-8 decode, JSON.parse, shape checks)    dist/src/engine/input.js
 *   load      Engine.loadSync(): bundle read + sha256 + gunzip, wasm compile, setData
 *   evaluate  CompiledPolicy.evaluate: memory reserve, copy into wasm, parse, Rego, result
 *   report    Engine.check with the plan already validated and evaluated (config, waivers,
 *             buildReport) + the JSON formatter: what the CLI does after evaluating
 */
const fs = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..");
const dist = (p) => path.join(root, "dist", "src", p);

function ms(t0) {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function main(file) {
  const input = require(dist("engine/input.js"));
  const { Engine } = require(dist("engine/check.js"));
  const { formatters } = require(dist("report/index.js"));
  const phases = {};
  const name = file;
  let phase = "read";
  const t00 = process.hrtime.bigint();
  try {
    let t = process.hrtime.bigint();
    const bytes = fs.readFileSync(file);
    phases.read = ms(t);

    phase = "validate";
    t = process.hrtime.bigint();
    const plan = input.validatePlan(bytes, name);
    phases.validate = ms(t);

    phase = "load";
    t = process.hrtime.bigint();
    const engine = Engine.loadSync();
    const rules = engine.rules();
    phases.load = ms(t);

    phase = "evaluate";
    const policy = engine.policy;
    t = process.hrtime.bigint();
    const raw = policy.evaluate(plan.bytes, name);
    phases.evaluate = ms(t);
    const wasmMemoryMiB = policy.policy && policy.policy.mem ? policy.policy.mem.buffer.byteLength / 2 ** 20 : null;

    // The rest of Engine.check on the evaluated plan: validation and evaluation stubbed with
    // their results, so nothing runs twice.
    phase = "report";
    const realValidate = input.validatePlan;
    input.validatePlan = () => plan;
    engine.policy = new Proxy(policy, {
      get(target, key) {
        if (key === "evaluate") return () => raw;
        const v = target[key];
        return typeof v === "function" ? v.bind(target) : v;
      },
    });
    t = process.hrtime.bigint();
    const report = engine.check(bytes, { name });
    const text = formatters.json(report, { color: false, rules });
    phases.report = ms(t);
    input.validatePlan = realValidate;
    engine.policy = policy;
    phases.total = ms(t00);

    // The plan parsed inside the wasm alone (opa_json_parse), for the parse/Rego split.
    let wasmParseMs = null;
    try {
      const lp = policy.policy;
      const ex = lp.wasmInstance.exports;
      ex.opa_heap_ptr_set(lp.dataHeapPtr);
      const addr = ex.opa_malloc(bytes.length);
      new Uint8Array(lp.mem.buffer).set(bytes, addr);
      t = process.hrtime.bigint();
      const parsed = ex.opa_json_parse(addr, bytes.length);
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
        wasmParseMs,
        wasmMemoryMiB,
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
