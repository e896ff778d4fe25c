#!/usr/bin/env node
"use strict";
/**
 * What the synth-time guard adds to the synth of the account-baseline stack:
 *
 *   node bench/guard.js [--runs 7]          prints one JSON line with the medians
 *
 * Each run is a fresh process (`node bench/guard.js --one on|off`) that loads cdktf and the
 * stack, then times `app.synth()` of account-baseline (`synthMs`) and the whole process up to
 * the end of the synth (`processMs`, module loading included). "off" replaces Bulkhead.guard by
 * a no-op before the stack is built; everything else is the same. Runs alternate on/off.
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const ROOT = path.join(__dirname, "..");

function one(mode) {
  const t0 = process.hrtime.bigint();
  const { App } = require("cdktf");
  const guard = require(path.join(ROOT, "dist/src/cdktf/guard.js"));
  if (mode === "off") guard.Bulkhead.guard = () => {};
  const { AccountBaselineStack } = require(path.join(ROOT, "dist/stacks/account-baseline.js"));
  const { exampleAccountBaseline } = require(path.join(ROOT, "dist/stacks/example-config.js"));
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "bulkhead-guard-bench-"));
  try {
    const t1 = process.hrtime.bigint();
    const app = new App({ outdir });
    new AccountBaselineStack(app, "account-baseline", exampleAccountBaseline);
    app.synth();
    const t2 = process.hrtime.bigint();
    process.stdout.write(`${JSON.stringify({ synthMs: Number(t2 - t1) / 1e6, processMs: Number(t2 - t0) / 1e6 })}\n`);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function measure(runs) {
  const out = { on: [], off: [] };
  for (let i = 0; i < runs * 2; i += 1) {
    const mode = i % 2 === 0 ? "on" : "off";
    const r = spawnSync(process.execPath, [__filename, "--one", mode], { cwd: ROOT, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`guard bench (${mode}) failed: ${(r.stderr || "").trim().split("\n").pop()}`);
    out[mode].push(JSON.parse(r.stdout.trim().split("\n").pop()));
  }
  const m = (mode, key) => median(out[mode].map((x) => x[key]));
  const result = {
    runs,
    synthMs: { on: m("on", "synthMs"), off: m("off", "synthMs") },
    processMs: { on: m("on", "processMs"), off: m("off", "processMs") },
  };
  result.addedMs = result.synthMs.on - result.synthMs.off;
  result.addedToSynth = result.addedMs / result.synthMs.off;
  result.addedToProcess = (result.processMs.on - result.processMs.off) / result.processMs.off;
  return result;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args[0] === "--one") one(args[1]);
  else {
    const i = args.indexOf("--runs");
    process.stdout.write(`${JSON.stringify(measure(i >= 0 ? Number(args[i + 1]) : 7))}\n`);
  }
}

module.exports = { measure };
