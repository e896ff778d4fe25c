#!/usr/bin/env node
"use strict";
/**
 * Where the time goes, on a generated plan (default 10 000 instances):
 *
 *   node bench/profile.js [--size 10000] [--skip-opa]
 *   node bench/profile.js --plan .bench/plans/shape-bh006-2000.json   (any plan, e.g. a shape)
 *
 * 1. native OPA: opa eval --profile --profile-limit 20 on the staged Rego (.bench/stage)
 *    → .bench/profile/opa-N.txt (hottest Rego expressions, by file:line)
 * 2. the wasm, as the engine runs it: node --cpu-prof on bench/split.js
 *    → .bench/profile/wasm-N.txt (self time by function, and inclusive time of the compiled Rego
 *    rules and functions, named g0.data.<package>.<rule> in the wasm)
 */
const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");
const { generate } = require("./generate");

const ROOT = path.join(__dirname, "..");
const OUT = path.join(ROOT, ".bench", "profile");
const PLANS = path.join(ROOT, ".bench", "plans");

/** Self and inclusive milliseconds per function name of a .cpuprofile. */
function aggregate(file) {
  const p = JSON.parse(fs.readFileSync(file, "utf8"));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const self = new Map();
  for (let i = 0; i < p.samples.length; i += 1)
    self.set(p.samples[i], (self.get(p.samples[i]) || 0) + (p.timeDeltas[i] || 0));
  const selfByName = new Map();
  const incl = new Map();
  let total = 0;
  for (const [id, t] of self) {
    total += t;
    const name = byId.get(id).callFrame.functionName || "(anonymous)";
    selfByName.set(name, (selfByName.get(name) || 0) + t);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const k = byId.get(cur).callFrame.functionName || "(anonymous)";
      if (!seen.has(k)) {
        seen.add(k);
        incl.set(k, (incl.get(k) || 0) + t);
      }
    }
  }
  const fmt = ([k, t]) =>
    `${(t / 1000).toFixed(0).padStart(8)} ms ${((100 * t) / total).toFixed(1).padStart(5)} %  ${k.length > 100 ? `${k.slice(0, 97)}...` : k}`;
  return [
    `total ${(total / 1000).toFixed(0)} ms sampled`,
    "",
    "self time, top 15:",
    ...[...selfByName]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(fmt),
    "",
    "inclusive time of compiled Rego (g0.data.*), top 30:",
    ...[...incl]
      .filter(([k]) => k.startsWith("g0.data."))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 30)
      .map(fmt),
  ].join("\n");
}

function main(argv) {
  const opt = (name, d) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : d;
  };
  const size = Number(opt("--size", "10000"));
  fs.mkdirSync(OUT, { recursive: true });
  const given = opt("--plan", "");
  const plan = given ? path.resolve(given) : path.join(PLANS, `plan-${size}.json`);
  if (!given && !fs.existsSync(plan)) generate(size, PLANS);
  const tag = given ? path.basename(given, ".json") : String(size);

  if (!argv.includes("--skip-opa")) {
    spawnSync("bash", ["scripts/stage-policy.sh", ".bench/stage"], { cwd: ROOT, stdio: "inherit" });
    const t0 = Date.now();
    const r = spawnSync(
      path.join(ROOT, ".tools/bin/opa"),
      [
        "eval",
        "-d",
        ".bench/stage",
        "-i",
        path.relative(ROOT, plan),
        "data.bulkhead.main.report",
        "--profile",
        "--profile-limit",
        "20",
        "--format",
        "pretty",
      ],
      { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 30 },
    );
    // The result document first, then the metrics and profile tables: keep the tables.
    const text = r.stdout.includes("┌") ? r.stdout.slice(r.stdout.indexOf("┌")) : r.stdout + r.stderr;
    const file = path.join(OUT, `opa-${tag}.txt`);
    fs.writeFileSync(
      file,
      `opa eval --profile --profile-limit 20 on ${path.relative(ROOT, plan)} (${((Date.now() - t0) / 1000).toFixed(1)} s with profiling)\n\n${text}`,
    );
    process.stdout.write(`${path.relative(ROOT, file)}\n`);
  }

  const dir = fs.mkdtempSync(path.join(OUT, "cpu-"));
  const args = ["--cpu-prof", `--cpu-prof-dir=${dir}`, path.join(__dirname, "split.js"), plan];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 28 });
  const prof = fs.readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  const name = `wasm-${tag}.txt`;
  const file = path.join(OUT, name);
  fs.writeFileSync(
    file,
    `node --cpu-prof ${args
      .slice(2)
      .map((a) => path.relative(ROOT, a) || a)
      .join(
        " ",
      )}\n${(r.stdout || "").trim()}\n\n${prof ? aggregate(path.join(dir, prof)) : `no profile: ${r.stderr}`}\n`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`${path.relative(ROOT, file)}\n`);
}

main(process.argv.slice(2));
