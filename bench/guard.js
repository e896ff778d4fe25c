#!/usr/bin/env node
"use strict";
/**
 * What the synth-time guard adds to the synth of the account-baseline stack:
 *
 *   node bench/guard.js [--runs 7]          prints one JSON line with the medians
 *   node bench/guard.js --cli [--runs 3]    the same through the real CLI: \`cdktf synth --app\`
 *
 * Each run is a fresh process (`node bench/guard.js --one on|off`) that loads cdktf and the
 * stack, then times `app.synth()` of account-baseline (`synthMs`) and the whole process up to
 * the end of the synth (`processMs`, module loading included). "off" replaces Bulkhead.guard by
 * a no-op before the stack is built; everything else is the same. Runs alternate on/off.
 *
 * --cli: each run is \`cdktf synth --app "node bench/guard.js --app on|off"\` of cdktf-cli 0.21.0
 * (what a team runs): the CLI starts, runs this file as the app (account-baseline into the
 * CLI's output directory) and reads the manifest; wall time of the whole command.
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const ROOT = path.join(__dirname, "..");

function one(mode, cli = false) {
  const t0 = process.hrtime.bigint();
  const { App } = require("cdktf");
  const guard = require(path.join(ROOT, "dist/src/cdktf/guard.js"));
  if (mode === "off") guard.Bulkhead.guard = () => {};
  const { AccountBaselineStack } = require(path.join(ROOT, "dist/stacks/account-baseline.js"));
  const { exampleAccountBaseline } = require(path.join(ROOT, "dist/stacks/example-config.js"));
  const outdir = cli ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), "bulkhead-guard-bench-"));
  try {
    const t1 = process.hrtime.bigint();
    // Under the CLI the App takes its output directory from the CLI (CDKTF_OUTDIR).
    const app = new App(cli ? {} : { outdir });
    new AccountBaselineStack(app, "account-baseline", exampleAccountBaseline);
    app.synth();
    const t2 = process.hrtime.bigint();
    process.stdout.write(`${JSON.stringify({ synthMs: Number(t2 - t1) / 1e6, processMs: Number(t2 - t0) / 1e6 })}\n`);
  } finally {
    if (outdir) fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Wall time of `cdktf synth` with the guard on and off, alternating; medians. */
function measureCli(runs) {
  const cdktf = path.join(ROOT, "node_modules", ".bin", "cdktf");
  const out = { on: [], off: [] };
  for (let i = 0; i < runs * 2; i += 1) {
    const mode = i % 2 === 0 ? "on" : "off";
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bulkhead-guard-cli-"));
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cdktf, ["synth", "--app", `node ${__filename} --app ${mode}`, "--output", dir], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "1", DISABLE_VERSION_CHECK: "1" },
    });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const manifest = fs.existsSync(path.join(dir, "manifest.json"));
    fs.rmSync(dir, { recursive: true, force: true });
    if (r.status !== 0 || !manifest)
      throw new Error(`cdktf synth (${mode}) failed: ${(r.stderr || r.stdout || "").trim().split("\n").pop()}`);
    out[mode].push(ms);
  }
  const result = { runs, cliMs: { on: median(out.on), off: median(out.off) } };
  result.addedMs = result.cliMs.on - result.cliMs.off;
  result.addedToCli = result.addedMs / result.cliMs.off;
  return result;
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
  const i = args.indexOf("--runs");
  if (args[0] === "--one") one(args[1]);
  else if (args[0] === "--app") one(args[1], true);
  else if (args[0] === "--cli")
    process.stdout.write(`${JSON.stringify(measureCli(i >= 0 ? Number(args[i + 1]) : 3))}\n`);
  else process.stdout.write(`${JSON.stringify(measure(i >= 0 ? Number(args[i + 1]) : 7))}\n`);
}

module.exports = { measure, measureCli };
