#!/usr/bin/env node
"use strict";
/**
 * npm run bench: bulkhead against the parse floor, native OPA and checkov on the same generated
 * plans, in one process tree and one sitting. Writes BENCHMARKS.md and .bench/results.json.
 *
 * Environment:
 *   BENCH_STRESS=1        also the 100 000-instance stress plan (reported separately)
 *   BENCH_SIZES=100,1000  only these sizes
 *   BENCH_BUDGET_S=840    wall-clock budget of the whole run; runs that would not fit are skipped
 *   BENCH_NO_CHECKOV=1    leave checkov out
 *   BENCH_NO_GUARD=1      leave the synth-time guard measurement (bench/guard.js) out
 *   BENCH_OUT=FILE        where the report goes (default BENCHMARKS.md)
 *   BENCH_SHAPES=a,b      only these plan shapes of bench/shapes.js at 10 000 instances (default
 *                         all; "none" leaves them out)
 *   BENCH_SHAPE_GROWTH=a,b  these shapes also at 50 000 (default modules,groups,bh006)
 *   BENCH_NO_SMALL=1      leave the small-plan fixed cost (bulkhead vs node -e 0) out
 *
 *   node bench/run.js --report-only   rewrites the report from .bench/results.json
 *
 * Every bulkhead run must report exactly the planted BH001/BH002 findings (by count and by
 * address, from the generator's sidecar); a wrong count, a crash or a timeout fails the bench
 * (exit 1) after the report is written. Timings are medians; peak RSS comes from GNU time (%M).
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { spawn, spawnSync } = require("node:child_process");
const { generate, DEFAULT_SEED } = require("./generate");
const { SHAPES, writeShape } = require("./shapes");

const ROOT = path.join(__dirname, "..");
const BENCH = path.join(ROOT, ".bench");
const PLANS = path.join(BENCH, "plans");
const OUT = path.join(BENCH, "out");
const STAGE = path.join(BENCH, "stage");
const VENV = path.join(BENCH, "venv");
const OPA = path.join(ROOT, ".tools", "bin", "opa");
const CHECKOV = path.join(VENV, "bin", "checkov");
const GNU_TIME = "/usr/bin/time";
const PLANTED = ["BH001", "BH002"];

const T_START = Date.now();
const BUDGET_MS = Number(process.env.BENCH_BUDGET_S || 870) * 1000;
const elapsed = () => Date.now() - T_START;
const left = () => BUDGET_MS - elapsed();

/** Runs per tool and size (medians over these), and per-run timeouts. */
const PLAN = {
  100: { floor: 7, bulkhead: 5, split: 3, opa: 5, checkov: 3 },
  1000: { floor: 5, bulkhead: 5, split: 3, opa: 3, checkov: 2 },
  10000: { floor: 5, bulkhead: 3, split: 2, opa: 2, checkov: 1 },
  50000: { floor: 3, bulkhead: 2, split: 1, opa: 1, checkov: 0 },
  100000: { floor: 3, bulkhead: 1, split: 1, opa: 1, checkov: 0 },
};
/** Fresh processes per mode (guard on, guard off) for bench/guard.js. */
const GUARD_RUNS = 7;
const GUARD_CLI_RUNS = 5;
const TIMEOUT_S = { floor: 60, bulkhead: 180, split: 180, opa: 150, checkov: 300 };
/** checkov above this size is estimated to take many minutes: not run, said so in the report. */
const CHECKOV_MAX = 10000;

const log = (s) => process.stderr.write(`[bench ${(elapsed() / 1000).toFixed(0).padStart(4)} s] ${s}\n`);

// ---- process running ----------------------------------------------------------------------------

/**
 * Runs a command in its own process group under GNU time; kills the whole group on timeout.
 * Returns {code, signal, ms, rssKiB, timedOut, stdoutFile, stderr}.
 */
function run(cmd, args, { timeoutS, stdoutFile, env } = {}) {
  return new Promise((resolve) => {
    const timeFile = path.join(OUT, `.time-${process.pid}`);
    const haveTime = fs.existsSync(GNU_TIME);
    const argv = haveTime ? ["-f", "%e %M", "-o", timeFile, cmd, ...args] : args;
    const out = stdoutFile ? fs.openSync(stdoutFile, "w") : "ignore";
    const errFile = path.join(OUT, `.stderr-${process.pid}`);
    const err = fs.openSync(errFile, "w");
    const t0 = process.hrtime.bigint();
    const child = spawn(haveTime ? GNU_TIME : cmd, argv, {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", out, err],
      env: { ...process.env, ...env },
    });
    let timedOut = false;
    const timer = setTimeout(
      () => {
        timedOut = true;
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          /* already gone */
        }
      },
      (timeoutS || 600) * 1000,
    );
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (typeof out === "number") fs.closeSync(out);
      fs.closeSync(err);
      let rssKiB = null;
      let innerCode = code;
      if (haveTime && fs.existsSync(timeFile)) {
        const lines = fs.readFileSync(timeFile, "utf8").trim().split("\n");
        const last = lines[lines.length - 1].trim().split(/\s+/);
        if (last.length === 2) rssKiB = Number(last[1]);
        fs.rmSync(timeFile, { force: true });
      }
      const stderr = fs.readFileSync(errFile, "utf8");
      fs.rmSync(errFile, { force: true });
      if (haveTime && /Command terminated by signal/.test(stderr)) innerCode = null;
      resolve({
        code: innerCode,
        signal,
        ms,
        rssKiB,
        timedOut,
        stdoutFile,
        stderr: stderr.replace(/Command exited with non-zero status \d+\n?/, "").trim(),
      });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return null;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// ---- setup -------------------------------------------------------------------------------------

function sh(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { cwd: ROOT, encoding: "utf8", ...opts });
}

function machine() {
  const cpuinfo = fs.readFileSync("/proc/cpuinfo", "utf8");
  const model = (/model name\s*:\s*(.+)/.exec(cpuinfo) || [])[1] || os.cpus()[0].model;
  const mem = Number((/MemTotal:\s+(\d+)/.exec(fs.readFileSync("/proc/meminfo", "utf8")) || [])[1] || 0);
  const nproc = sh("nproc", []).stdout.trim() || String(os.cpus().length);
  const opa = fs.existsSync(OPA) ? (/Version:\s*(\S+)/.exec(sh(OPA, ["version"]).stdout) || [])[1] : null;
  return {
    nproc: Number(nproc),
    memoryGiB: Number((mem / 2 ** 20).toFixed(1)),
    cpu: model.trim(),
    kernel: os.release(),
    node: process.version,
    opa,
    gnuTime: fs.existsSync(GNU_TIME),
    loadAtStart: os.loadavg().map((x) => Number(x.toFixed(2))),
  };
}

function newest(dir, ext) {
  let t = 0;
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith(ext)) t = Math.max(t, fs.statSync(p).mtimeMs);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return t;
}

/** dist/ must exist; rebuilt (npm run build) when a source is newer. */
function ensureBuilt(notes) {
  const marker = path.join(ROOT, "dist", "src", "engine", "check.js");
  const stale = !fs.existsSync(marker) || newest(path.join(ROOT, "src"), ".ts") > fs.statSync(marker).mtimeMs;
  if (!stale) return;
  log("dist/ is missing or older than src/: npm run build");
  const r = sh("npm", ["run", "build", "--silent"]);
  if (r.status !== 0) {
    if (!fs.existsSync(marker)) throw new Error(`npm run build failed:\n${r.stdout}${r.stderr}`);
    notes.push(
      `npm run build failed (sources being edited?); measured the existing dist/: ${(r.stdout + r.stderr).trim().split("\n").slice(-1)[0]}`,
    );
  }
}

function ensureOpa(notes) {
  if (fs.existsSync(OPA)) return true;
  log("OPA missing: bash scripts/install-policy-tools.sh --opa-only");
  const r = sh("bash", ["scripts/install-policy-tools.sh", "--opa-only"]);
  if (r.status !== 0 || !fs.existsSync(OPA)) {
    notes.push(
      "native OPA could not be installed (scripts/install-policy-tools.sh --opa-only failed): opa eval not measured",
    );
    return false;
  }
  return true;
}

function stage(notes) {
  const r = sh("bash", ["scripts/stage-policy.sh", STAGE]);
  if (r.status !== 0) {
    notes.push(
      `scripts/stage-policy.sh failed: opa eval not measured (${(r.stderr || "").trim().split("\n").slice(-1)[0]})`,
    );
    return false;
  }
  return true;
}

function ensureCheckov(notes) {
  if (process.env.BENCH_NO_CHECKOV) {
    notes.push("checkov left out (BENCH_NO_CHECKOV)");
    return null;
  }
  if (!fs.existsSync(CHECKOV)) {
    log("checkov missing: python3 -m venv .bench/venv && .bench/venv/bin/pip install checkov==3.3.30");
    let r = sh("python3", ["-m", "venv", VENV]);
    if (r.status === 0)
      r = sh(path.join(VENV, "bin", "pip"), ["install", "--quiet", "checkov==3.3.30"], { timeout: 420000 });
    if (r.status !== 0 || !fs.existsSync(CHECKOV)) {
      notes.push(
        `checkov 3.3.30 could not be installed (pip: ${((r.stderr || r.error || "") + "").trim().split("\n").slice(-1)[0]}): checkov skipped`,
      );
      return null;
    }
  }
  const v = sh(CHECKOV, ["--version"]);
  return v.status === 0 ? v.stdout.trim() : null;
}

// ---- measuring ---------------------------------------------------------------------------------

/** Counts findings by rule in a parsed bulkhead / opa report. */
function byRule(findings) {
  const out = {};
  for (const f of findings) out[f.ruleId] = (out[f.ruleId] || 0) + 1;
  return out;
}

/** Planted-finding check: BH001/BH002 by count and by address. Returns null when right, else why. */
function verify(findings, expected) {
  const problems = [];
  for (const rule of PLANTED) {
    const got = findings
      .filter((f) => f.ruleId === rule)
      .map((f) => f.address)
      .sort();
    const want = expected.expected
      .filter((f) => f.ruleId === rule)
      .map((f) => f.address)
      .sort();
    if (got.length !== want.length) problems.push(`${rule}: ${got.length} findings, ${want.length} planted`);
    const gs = new Set(got);
    const ws = new Set(want);
    const missing = want.filter((a) => !gs.has(a));
    const extra = got.filter((a) => !ws.has(a));
    if (missing.length)
      problems.push(`${rule} missing ${missing.slice(0, 3).join(", ")}${missing.length > 3 ? " …" : ""}`);
    if (extra.length)
      problems.push(`${rule} unexpected ${extra.slice(0, 3).join(", ")}${extra.length > 3 ? " …" : ""}`);
  }
  // The shapes also say how many BH006 findings they are designed to produce.
  if (typeof expected.bh006 === "number") {
    const got = findings.filter((f) => f.ruleId === "BH006").length;
    if (got !== expected.bh006) problems.push(`BH006: ${got} findings, ${expected.bh006} designed`);
  }
  return problems.length ? problems.join("; ") : null;
}

/** One run of the floor: read + JSON.parse of the plan in a fresh node. */
async function runFloor(rel) {
  const r = await run("node", ["-e", 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))', rel], {
    timeoutS: TIMEOUT_S.floor,
  });
  return { ms: r.ms, rssKiB: r.rssKiB, error: r.code === 0 ? null : describeFailure(r, "floor") };
}

/**
 * One run of `bulkhead check -f json` end to end: an error unless it reports exactly what the plan
 * plants (`verify`); `seen` gets the findings of a run that produced a report.
 */
async function runBulkhead(rel, outName, expected, seen) {
  const outFile = path.join(OUT, outName);
  const r = await run("node", ["bin/bulkhead.js", "check", rel, "-f", "json"], {
    timeoutS: TIMEOUT_S.bulkhead,
    stdoutFile: outFile,
  });
  if (r.timedOut || (r.code !== 0 && r.code !== 1))
    return { ms: r.ms, rssKiB: r.rssKiB, error: describeFailure(r, "bulkhead") };
  let report;
  try {
    report = JSON.parse(fs.readFileSync(outFile, "utf8"));
  } catch (e) {
    return { ms: r.ms, rssKiB: r.rssKiB, error: `output is not JSON (${e.message})` };
  }
  seen(report.findings);
  const wrong = verify(report.findings, expected);
  return { ms: r.ms, rssKiB: r.rssKiB, error: wrong ? `wrong findings: ${wrong}` : null };
}

/** Estimated duration of a run, for the budget: same tool, same size, else scaled from a smaller size. */
function estimate(results, tool, size) {
  const same = results.sizes[size] && results.sizes[size][tool];
  if (same && same.runs.length) return Math.max(...same.runs.map((r) => r.ms));
  const smaller = Object.keys(results.sizes)
    .map(Number)
    .filter((s) => s < size && results.sizes[s][tool] && results.sizes[s][tool].runs.length)
    .sort((a, b) => b - a)[0];
  if (smaller) {
    const r = results.sizes[smaller][tool].runs;
    return median(r.map((x) => x.ms)) * (size / smaller) ** 1.3;
  }
  return 1000;
}

async function measure(results, size, tool, n, once, mustRun = false) {
  const entry = (results.sizes[size][tool] = { runs: [], notes: [] });
  for (let i = 0; i < n; i += 1) {
    const est = Math.min(estimate(results, tool, size), TIMEOUT_S[tool] * 1000);
    if (i > 0 && est > left()) {
      entry.notes.push(`${n - i} of ${n} runs skipped: the ${Math.round(BUDGET_MS / 1000)} s budget would be exceeded`);
      break;
    }
    if (i === 0 && !mustRun && est > left()) {
      entry.notes.push(
        `not run: about ${Math.round(est / 1000)} s expected, ${Math.max(0, Math.round(left() / 1000))} s of the budget left`,
      );
      break;
    }
    const r = await once(i);
    entry.runs.push(r);
    log(
      `${tool.padEnd(8)} ${String(size).padStart(6)}  run ${i + 1}/${n}: ${(r.ms / 1000).toFixed(2)} s${r.rssKiB ? `, ${(r.rssKiB / 1024).toFixed(0)} MiB` : ""}${r.error ? `  ${r.error}` : ""}`,
    );
    if (r.error) break; // a failed run is not repeated
  }
  const ok = entry.runs.filter((r) => !r.error);
  entry.medianMs = ok.length ? median(ok.map((r) => r.ms)) : null;
  entry.medianRssKiB = ok.length && ok[0].rssKiB !== null ? median(ok.map((r) => r.rssKiB)) : null;
  entry.errors = entry.runs.filter((r) => r.error).map((r) => r.error);
  return entry;
}

function describeFailure(r, tool) {
  if (r.timedOut) return `timed out after ${TIMEOUT_S[tool]} s`;
  const last = (r.stderr || "").split("\n").filter(Boolean).slice(-1)[0] || "";
  return `exit ${r.code === null ? `signal ${r.signal || "?"}` : r.code}${last ? `: ${last.slice(0, 200)}` : ""}`;
}

async function benchSize(results, size, checkov) {
  const counts = PLAN[size] || PLAN[50000];
  const file = path.join(PLANS, `plan-${size}.json`);
  const expected = JSON.parse(fs.readFileSync(path.join(PLANS, `plan-${size}.expected.json`), "utf8"));
  const res = (results.sizes[size] = {
    bytes: fs.statSync(file).size,
    planted: expected.findings,
    composition: expected.composition,
  });
  const rel = path.relative(ROOT, file);

  // 1. The floor: read + JSON.parse in a fresh node.
  await measure(results, size, "floor", counts.floor, () => runFloor(rel));

  // 2. bulkhead end to end; every run must find exactly the planted findings.
  await measure(
    results,
    size,
    "bulkhead",
    counts.bulkhead,
    (i) =>
      runBulkhead(rel, `bulkhead-${size}.json`, expected, (findings) => {
        if (i === 0) res.bulkheadFindings = byRule(findings);
      }),
    true,
  );
  const bh = res.bulkhead;
  res.bulkheadFailed = bh.runs.length === 0 ? null : bh.errors.length > 0;

  // 3. The engine's split, in-process (skipped where the end-to-end run failed: it fails the same way).
  if (bh.errors.length) {
    results.sizes[size].split = {
      runs: [],
      notes: ["not run: bulkhead failed at this size"],
      medianMs: null,
      errors: [],
    };
  } else {
    await measure(results, size, "split", counts.split, async () => {
      const outFile = path.join(OUT, `split-${size}.json`);
      const r = await run("node", ["bench/split.js", rel], { timeoutS: TIMEOUT_S.split, stdoutFile: outFile });
      let s = null;
      try {
        s = JSON.parse(fs.readFileSync(outFile, "utf8").trim().split("\n").pop());
      } catch {
        s = null;
      }
      if (!s || !s.ok)
        return { ms: r.ms, rssKiB: r.rssKiB, error: s ? `${s.phase}: ${s.error}` : describeFailure(r, "split") };
      return { ms: r.ms, rssKiB: r.rssKiB, split: s, error: null };
    });
    const ok = res.split.runs.filter((r) => r.split);
    if (ok.length) {
      const ph = {};
      for (const k of Object.keys(ok[0].split.phases)) ph[k] = median(ok.map((r) => r.split.phases[k]));
      res.split.phases = ph;
      res.split.wasmParseMs = median(ok.map((r) => r.split.wasmParseMs).filter((x) => x !== null));
      res.split.wasmHeapMiB = median(ok.map((r) => r.split.wasmHeapMiB));
      res.split.evaluatedBytes = ok[0].split.evaluatedBytes;
    }
  }

  // 4. Native OPA on the same Rego and data.
  if (results.opaStaged) {
    await measure(results, size, "opa", counts.opa, async (i) => {
      const outFile = path.join(OUT, `opa-${size}.json`);
      const r = await run(
        OPA,
        ["eval", "-d", path.relative(ROOT, STAGE), "-i", rel, "data.bulkhead.main.report", "-f", "json"],
        { timeoutS: TIMEOUT_S.opa, stdoutFile: outFile },
      );
      if (r.timedOut || r.code !== 0) return { ms: r.ms, rssKiB: r.rssKiB, error: describeFailure(r, "opa") };
      if (i === 0) {
        try {
          const value = JSON.parse(fs.readFileSync(outFile, "utf8")).result[0].expressions[0].value;
          res.opaFindings = byRule(value.findings);
          res.opaMismatch = verify(value.findings, expected);
        } catch (e) {
          res.opaMismatch = `unreadable output (${e.message})`;
        }
      }
      return { ms: r.ms, rssKiB: r.rssKiB, error: null };
    });
  }

  // 5. checkov on the same plan (its own checks; its findings are reported, not verified).
  if (checkov) {
    if (size > CHECKOV_MAX || !counts.checkov) {
      results.sizes[size].checkov = {
        runs: [],
        notes: [`not run above ${CHECKOV_MAX} instances: it grows to many minutes (see the 10 000 run)`],
        medianMs: null,
        errors: [],
      };
    } else {
      await measure(results, size, "checkov", counts.checkov, async (i) => {
        const outFile = path.join(OUT, `checkov-${size}.json`);
        const r = await run(
          CHECKOV,
          ["-f", rel, "--framework", "terraform_plan", "--quiet", "--compact", "-o", "json"],
          { timeoutS: TIMEOUT_S.checkov, stdoutFile: outFile },
        );
        if (r.timedOut || (r.code !== 0 && r.code !== 1))
          return { ms: r.ms, rssKiB: r.rssKiB, error: describeFailure(r, "checkov") };
        if (i === 0) {
          try {
            let doc = JSON.parse(fs.readFileSync(outFile, "utf8"));
            if (Array.isArray(doc)) doc = doc.find((d) => d.check_type === "terraform_plan") || doc[0];
            res.checkovSummary = {
              passed: doc.summary.passed,
              failed: doc.summary.failed,
              resources: doc.summary.resource_count,
            };
          } catch (e) {
            res.checkovSummary = { error: e.message };
          }
        }
        return { ms: r.ms, rssKiB: r.rssKiB, error: null };
      });
    }
  }
}

// ---- shapes and the small plan -------------------------------------------------------------------

/** Runs per shape size: floor and bulkhead (each bulkhead run must find exactly the planted findings). */
const SHAPE_RUNS = { 10000: { floor: 3, bulkhead: 2 }, 50000: { floor: 2, bulkhead: 1 } };
const SMALL_PLAN = "examples/code-spaces.plan.json";
const SMALL_RUNS = 11;

function selectedShapes() {
  const pick = (v, all) => (v === undefined ? all : v === "none" ? [] : v.split(",").filter(Boolean));
  const shapes = pick(process.env.BENCH_SHAPES, SHAPES);
  const growth = pick(process.env.BENCH_SHAPE_GROWTH, ["modules", "groups", "bh006"]).filter((s) => shapes.includes(s));
  for (const s of shapes) if (!SHAPES.includes(s)) throw new Error(`unknown shape ${s} (${SHAPES.join(", ")})`);
  return { shapes, growth };
}

async function benchShapes(results) {
  const { shapes, growth } = selectedShapes();
  results.shapes = {};
  for (const size of [10000, 50000]) {
    for (const shape of size === 10000 ? shapes : growth) {
      const t0 = Date.now();
      const { file, expected: expectedFile } = writeShape(shape, size, PLANS);
      const expected = JSON.parse(fs.readFileSync(expectedFile, "utf8"));
      const key = `${shape}-${size}`;
      const res = (results.shapes[key] = {
        shape,
        size,
        bytes: fs.statSync(file).size,
        planted: expected.findings,
        bh006: expected.bh006,
      });
      log(`shape ${key}: ${fmtBytes(res.bytes)}, planted BH001 ${expected.findings.BH001} (${Date.now() - t0} ms)`);
      const rel = path.relative(ROOT, file);
      const counts = SHAPE_RUNS[size];
      results.sizes[key] = {}; // measure() records runs here; moved to results.shapes below
      res.floor = await measure(results, key, "floor", counts.floor, () => runFloor(rel));
      res.bulkhead = await measure(
        results,
        key,
        "bulkhead",
        counts.bulkhead,
        (i) =>
          runBulkhead(rel, `bulkhead-${key}.json`, expected, (findings) => {
            if (i === 0) res.findings = byRule(findings);
          }),
        size === 10000, // the growth runs may be skipped when the budget is spent (said in the notes)
      );
      delete results.sizes[key];
      for (const n of [...res.floor.notes, ...res.bulkhead.notes]) results.notes.push(`shape ${key}: ${n}`);
      Object.assign(res, { failed: res.bulkhead.runs.length === 0 ? null : res.bulkhead.errors.length > 0 });
    }
  }
}

/** What a small real plan pays end to end against Node's own start (`node -e 0`), alternating. */
async function benchSmall(results) {
  const node = [];
  const bh = [];
  for (let i = 0; i < SMALL_RUNS; i++) {
    node.push((await run("node", ["-e", "0"], { timeoutS: 30 })).ms);
    const r = await run("node", ["bin/bulkhead.js", "check", SMALL_PLAN, "-f", "json"], {
      timeoutS: 60,
      stdoutFile: path.join(OUT, "small.json"),
    });
    if (r.code !== 0 && r.code !== 1) {
      results.notes.push(`small plan: bulkhead failed (${describeFailure(r, "bulkhead")})`);
      return;
    }
    bh.push(r.ms);
  }
  results.small = {
    plan: SMALL_PLAN,
    bytes: fs.statSync(path.join(ROOT, SMALL_PLAN)).size,
    runs: SMALL_RUNS,
    nodeMs: median(node),
    bulkheadMs: median(bh),
  };
  log(`small plan: bulkhead ${results.small.bulkheadMs} ms, node -e 0 ${results.small.nodeMs} ms`);
}

function shapesTable(results) {
  const rows = Object.values(results.shapes || {});
  if (rows.length === 0) return "not run (BENCH_SHAPES=none)";
  const at10 = (shape) => results.shapes[`${shape}-10000`];
  const lines = [
    "| shape | instances | plan | floor | bulkhead e2e | × floor | bulkhead RSS | RSS ÷ plan | 50 000 ÷ 10 000 | planted BH001/BH002 found | other rules | BH006 designed |",
    "| :-- | --: | --: | --: | --: | --: | --: | --: | --: | :-- | :-- | --: |",
  ];
  for (const r of rows) {
    const b = r.bulkhead.medianMs;
    const f = r.floor.medianMs;
    const rss = r.bulkhead.medianRssKiB;
    const base = r.size === 50000 ? at10(r.shape) : undefined;
    const growth = base && base.bulkhead.medianMs && b ? `${(b / base.bulkhead.medianMs).toFixed(2)}×` : "–";
    const other = Object.entries(r.findings || {})
      .filter(([k]) => !PLANTED.includes(k))
      .map(([k, v]) => `${k} ${v}`)
      .join(", ");
    lines.push(
      `| ${r.shape} | ${fmtInt(r.size)} | ${fmtBytes(r.bytes)} | ${sec(f)} | ${r.bulkhead.errors.length ? "**failed**" : sec(b)} | ${ratio(b, f)} | ${mib(rss)} | ${rss ? `${((rss * 1024) / r.bytes).toFixed(1)}×` : "–"} | ${growth} | ${r.failed === false ? `yes, ${r.planted.BH001}/${r.planted.BH002}` : r.failed ? `**no**: ${r.bulkhead.errors[0]}` : "–"} | ${other || "–"} | ${r.bh006} |`,
    );
  }
  return lines.join("\n");
}

// ---- report ------------------------------------------------------------------------------------

const sec = (ms) =>
  ms === null || ms === undefined ? "–" : ms < 10000 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(1)} s`;
const mib = (kib) => (kib === null || kib === undefined ? "–" : `${(kib / 1024).toFixed(0)} MiB`);
const ratio = (a, b) => (a && b ? `${(a / b).toFixed(a / b < 10 ? 2 : 1)}×` : "–");
const fmtInt = (n) => n.toLocaleString("en-US").replace(/,/g, " ");
const fmtBytes = (b) => (b === null || b === undefined ? "–" : `${(b / 2 ** 20).toFixed(1)} MiB`);

function cell(entry) {
  if (!entry) return "–";
  if (entry.medianMs !== null && entry.medianMs !== undefined)
    return `${sec(entry.medianMs)} (n=${entry.runs.filter((r) => !r.error).length})`;
  if (entry.errors && entry.errors.length) return `**FAILED** after ${sec(entry.runs[entry.runs.length - 1].ms)}`;
  return entry.notes && entry.notes.length ? "not run" : "–";
}

function table(results, sizes) {
  const rows = [
    "| instances | plan | floor (node JSON.parse) | bulkhead e2e | × floor | bulkhead RSS | RSS ÷ plan | opa eval | bulkhead ÷ opa | opa RSS | checkov | checkov ÷ bulkhead | checkov RSS | planted BH001/BH002 found |",
    "| --------: | ---: | ----------------------: | -----------: | ------: | -----------: | ---------: | -------: | -------------: | ------: | ------: | -----------------: | ----------: | :------------------------ |",
  ];
  for (const size of sizes) {
    const s = results.sizes[size];
    if (!s) continue;
    const f = s.floor || {};
    const b = s.bulkhead || {};
    const o = s.opa || {};
    const c = s.checkov || {};
    const planted = `${s.planted.BH001}/${s.planted.BH002}`;
    const found =
      b.errors && b.errors.length ? `**FAIL** (${planted} planted)` : b.medianMs ? `yes, ${planted} in every run` : "–";
    rows.push(
      `| ${fmtInt(size)} | ${(s.bytes / 2 ** 20).toFixed(1)} MiB | ${cell(f)} · ${mib(f.medianRssKiB)} | ${cell(b)} | ${ratio(b.medianMs, f.medianMs)} | ${mib(b.medianRssKiB)} | ${b.medianRssKiB ? `${((b.medianRssKiB * 1024) / s.bytes).toFixed(1)}×` : "–"} | ${cell(o)} | ${ratio(b.medianMs, o.medianMs)} | ${mib(o.medianRssKiB)} | ${cell(c)} | ${ratio(c.medianMs, b.medianMs)} | ${mib(c.medianRssKiB)} | ${found} |`,
    );
  }
  return rows.join("\n");
}

function splitTable(results, sizes) {
  const rows = [
    "| instances | read | wasm load | prepare (JSON.parse, pre-filter) | evaluated bytes | evaluate | of which wasm JSON parse | report | total in-process | wasm heap used | heap ÷ evaluated bytes |",
    "| --------: | ---: | --------: | -------------------------------: | --------------: | -------: | -----------------------: | -----: | ---------------: | -------------: | ---------------------: |",
  ];
  for (const size of sizes) {
    const s = results.sizes[size];
    if (!s || !s.split) continue;
    const p = s.split.phases;
    if (!p) {
      rows.push(
        `| ${fmtInt(size)} | ${(s.split.notes || []).concat(s.split.errors || []).join("; ") || "–"} | | | | | | | | | |`,
      );
      continue;
    }
    const ms = (x) => (x === null || x === undefined ? "–" : `${x < 100 ? x.toFixed(1) : x.toFixed(0)} ms`);
    const heap = s.split.wasmHeapMiB;
    const evaluated = s.split.evaluatedBytes;
    rows.push(
      `| ${fmtInt(size)} | ${ms(p.read)} | ${ms(p.load)} | ${ms(p.prepare)} | ${fmtBytes(evaluated)} | ${ms(p.evaluate)} | ${ms(s.split.wasmParseMs)} | ${ms(p.report)} | ${ms(p.total)} | ${heap === undefined ? "–" : `${heap.toFixed(0)} MiB`} | ${heap === undefined || !evaluated ? "–" : `${((heap * 2 ** 20) / evaluated).toFixed(1)}×`} |`,
    );
  }
  return rows.join("\n");
}

function targets(results) {
  const s10 = results.sizes[10000];
  const s50 = results.sizes[50000];
  const lines = [];
  const verdict = (ok) => (ok === null ? "not measurable" : ok ? "met" : "**missed**");
  const b10 = s10 && s10.bulkhead && s10.bulkhead.medianMs;
  const b50 = s50 && s50.bulkhead && s50.bulkhead.medianMs;
  const f10 = s10 && s10.floor && s10.floor.medianMs;
  const o10 = s10 && s10.opa && s10.opa.medianMs;
  const c10 = s10 && s10.checkov && s10.checkov.medianMs;
  const r10 = s10 && s10.bulkhead && s10.bulkhead.medianRssKiB;
  const fail10 =
    s10 && s10.bulkhead && s10.bulkhead.errors.length ? ` (bulkhead failed at 10 000: ${s10.bulkhead.errors[0]})` : "";
  const fail50 =
    s50 && s50.bulkhead && s50.bulkhead.errors.length ? `bulkhead failed at 50 000: ${s50.bulkhead.errors[0]}` : null;
  lines.push(`| target (10 000-instance plan unless said) | measured | verdict |`);
  lines.push(`| :-- | :-- | :-- |`);
  lines.push(
    `| bulkhead end to end ≤ 2.0 × the floor | ${b10 && f10 ? `${(b10 / f10).toFixed(1)}× (${sec(b10)} vs ${sec(f10)})` : `–${fail10}`} | ${verdict(b10 && f10 ? b10 / f10 <= 2 : null)} |`,
  );
  lines.push(
    `| faster than opa eval | ${b10 && o10 ? `${sec(b10)} vs ${sec(o10)}` : `–${fail10}`} | ${verdict(b10 && o10 ? b10 < o10 : null)} |`,
  );
  lines.push(
    `| ≥ 20 × faster than checkov | ${b10 && c10 ? `${(c10 / b10).toFixed(1)}× (${sec(c10)} vs ${sec(b10)})` : "–"} | ${verdict(b10 && c10 ? c10 / b10 >= 20 : null)} |`,
  );
  lines.push(
    `| 50 000 costs ≤ 5.5 × 10 000 | ${b10 && b50 ? `${(b50 / b10).toFixed(2)}×` : fail50 || "–"} | ${fail50 ? "**missed**" : verdict(b10 && b50 ? b50 / b10 <= 5.5 : null)} |`,
  );
  lines.push(
    `| peak RSS ≤ 8 × plan bytes | ${r10 ? `${((r10 * 1024) / s10.bytes).toFixed(1)}× (${mib(r10)} for ${fmtBytes(s10.bytes)})` : "–"} | ${verdict(r10 ? (r10 * 1024) / s10.bytes <= 8 : null)} |`,
  );
  const shapes = Object.values(results.shapes || {});
  if (shapes.length) {
    const at10 = shapes.filter((r) => r.size === 10000 && r.bulkhead.medianMs && r.floor.medianMs);
    const worst = at10.sort(
      (a, b) => b.bulkhead.medianMs / b.floor.medianMs - a.bulkhead.medianMs / a.floor.medianMs,
    )[0];
    lines.push(
      `| every shape at 10 000 ≤ 2.0 × the floor | ${at10.map((r) => `${r.shape} ${(r.bulkhead.medianMs / r.floor.medianMs).toFixed(1)}×`).join(", ") || "–"} | ${verdict(worst ? worst.bulkhead.medianMs / worst.floor.medianMs <= 2 : null)} |`,
    );
    const grown = shapes
      .filter((r) => r.size === 50000 && r.bulkhead.medianMs)
      .map((r) => [r.shape, r.bulkhead.medianMs / (results.shapes[`${r.shape}-10000`].bulkhead.medianMs || NaN)]);
    lines.push(
      `| every measured shape: 50 000 ≤ 5.5 × 10 000 | ${grown.map(([s, g]) => `${s} ${g.toFixed(2)}×`).join(", ") || "–"} | ${verdict(grown.length ? grown.every(([, g]) => g <= 5.5) : null)} |`,
    );
  }
  const small = results.small;
  if (small) {
    lines.push(
      `| a small real plan (${(small.bytes / 1024).toFixed(0)} KiB) end to end ≤ 2.0 × \`node -e 0\` | ${(small.bulkheadMs / small.nodeMs).toFixed(2)}× (${small.bulkheadMs.toFixed(0)} ms vs ${small.nodeMs.toFixed(0)} ms, medians of ${small.runs} alternating runs) | ${verdict(small.bulkheadMs / small.nodeMs <= 2)} |`,
    );
  }
  const g = results.guard;
  const gc = results.guardCli;
  lines.push(
    `| the synth-time guard ≤ 10 % of \`cdktf synth\` of account-baseline (the real CLI, cdktf-cli 0.21.0) | ${gc ? `${gc.addedMs >= 0 ? "+" : ""}${gc.addedMs.toFixed(0)} ms: ${(100 * gc.addedToCli).toFixed(1)} % (${gc.cliMs.off.toFixed(0)} → ${gc.cliMs.on.toFixed(0)} ms, medians of ${gc.runs} alternating runs)` : "not measured"} | ${verdict(gc ? gc.addedToCli <= 0.1 : null)} |`,
  );
  lines.push(
    `| the same against in-process \`app.synth()\` (reported, not the target) | ${g ? `+${g.addedMs.toFixed(0)} ms: ${(100 * g.addedToSynth).toFixed(0)} % of \`app.synth()\` (${g.synthMs.off.toFixed(0)} → ${g.synthMs.on.toFixed(0)} ms), ${(100 * g.addedToProcess).toFixed(0)} % of the whole process (${g.processMs.off.toFixed(0)} → ${g.processMs.on.toFixed(0)} ms)` : "not measured"} | – |`,
  );
  return lines.join("\n");
}

async function writeReport(results, file) {
  const sizes = Object.keys(results.sizes)
    .map(Number)
    .sort((a, b) => a - b);
  const main = sizes.filter((s) => s <= 50000);
  const stress = sizes.filter((s) => s > 50000);
  const m = results.machine;
  const notes = [...results.notes];
  for (const size of sizes) {
    for (const [tool, e] of Object.entries(results.sizes[size])) {
      if (!e || !e.runs) continue;
      for (const n of e.notes || []) notes.push(`${fmtInt(size)} · ${tool}: ${n}`);
      for (const err of e.errors || []) notes.push(`${fmtInt(size)} · ${tool} **failed**: ${err}`);
    }
    const s = results.sizes[size];
    if (s.opaMismatch)
      notes.push(
        `${fmtInt(size)} · opa eval: the staged Rego does not give the planted findings (${s.opaMismatch}); the bundle and the sources may differ while policies/ is being edited`,
      );
  }
  const analysisFile = path.join(__dirname, "ANALYSIS.md");
  const analysis = fs.existsSync(analysisFile) ? fs.readFileSync(analysisFile, "utf8").trim() : "";
  const findingsLine = sizes
    .map((s) => {
      const r = results.sizes[s];
      const other = r.bulkheadFindings ? Object.entries(r.bulkheadFindings).filter(([k]) => !PLANTED.includes(k)) : [];
      return `${fmtInt(s)}: planted BH001 ${r.planted.BH001}, BH002 ${r.planted.BH002}${other.length ? `; other rules reported ${other.map(([k, v]) => `${k} ${v}`).join(", ")}` : ""}${r.checkovSummary && r.checkovSummary.failed !== undefined ? `; checkov ${r.checkovSummary.failed} failed / ${r.checkovSummary.passed} passed checks on ${r.checkovSummary.resources} resources` : ""}`;
    })
    .join("\n- ");
  const text = `# Benchmarks

Generated by \`npm run bench\` (bench/run.js) on ${results.date}; raw numbers in \`.bench/results.json\`.
${results.failed ? "\n> **The bench FAILED**: bulkhead did not report exactly the planted findings on every size (a wrong count, a crash or a timeout: see the table and the notes).\n" : ""}
## Machine

| | |
| :-- | :-- |
| CPU | ${m.cpu}, ${m.nproc} cores (nproc) |
| memory | ${m.memoryGiB} GiB |
| kernel | ${m.kernel} |
| node | ${m.node} |
| opa | ${m.opa || "–"} (native, \`.tools/bin/opa\`) |
| checkov | ${results.checkov || "not available"} (\`.bench/venv\`) |
| bundle | \`policies/dist/bulkhead.tar.gz\` sha256 ${results.bundleSha256.slice(0, 16)}… |
| load average | ${m.loadAtStart.join(" ")} at the start, ${results.loadAtEnd.join(" ")} at the end (the machine is shared: compare ratios, not absolute times) |
| run time | ${(results.durationMs / 1000).toFixed(0)} s for the whole \`npm run bench\` |

## Plans

\`node bench/generate.js\` (seed \`${results.seed}\`): exactly N resource instances of \`terraform show -json\` (format 1.2),
about 40 % IAM (users, groups, both membership kinds, roles, customer and AWS-managed policies, every attachment kind,
inline policies, data.aws_iam_policy_document, modules with count/for_each, unknown ARNs joined by references, updates,
deletes and replaces) and 60 % other resources, plus planted BH001/BH002 violations listed in
\`.bench/plans/plan-N.expected.json\`.

- ${findingsLine}

## Results (medians; n = runs)

${table(results, main)}
${stress.length ? `\n### Stress size (BENCH_STRESS=1)\n\n${table(results, stress)}\n` : ""}
### The engine's split (in-process, \`node bench/split.js PLAN\`)

${splitTable(results, sizes)}

### Plan shapes (\`node bench/shapes.js\`, BENCH_SHAPES)

Built with the fixture library (test/fixtures/plans/lib); each shape repeats one unit and plants
BH001 findings in every 25th unit (see bench/shapes.js). "BH006 designed": the BH006 findings a
shape is built to produce; every bulkhead run must report exactly the planted BH001/BH002 findings and that many BH006 findings.

${shapesTable(results)}

### Targets (issues 5 and 12)

${targets(results)}

## Exact commands

Per size N, each under \`/usr/bin/time -f "%e %M"\` (wall time from the parent, peak RSS from GNU time), from the repository root:

\`\`\`sh
node bench/generate.js --sizes N --out .bench/plans            # writes plan-N.json and plan-N.expected.json
node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' .bench/plans/plan-N.json   # the floor
node bin/bulkhead.js check .bench/plans/plan-N.json -f json    # bulkhead end to end (exit 1: blocked, expected)
node bench/split.js .bench/plans/plan-N.json                   # the engine's split, in-process, on dist/src/engine
node bench/shapes.js --shapes S --size N --out .bench/plans   # a named shape: shape-S-N.json and its .expected.json
bash scripts/stage-policy.sh .bench/stage                      # once: the same Rego and data for native OPA
.tools/bin/opa eval -d .bench/stage -i .bench/plans/plan-N.json 'data.bulkhead.main.report' -f json
python3 -m venv .bench/venv && .bench/venv/bin/pip install checkov==3.3.30   # once
.bench/venv/bin/checkov -f .bench/plans/plan-N.json --framework terraform_plan --quiet --compact -o json
node bench/guard.js --runs ${GUARD_RUNS}                                  # synth of account-baseline with and without the guard
node bench/guard.js --cli --runs ${GUARD_CLI_RUNS}                              # the same through \`cdktf synth --app\` (cdktf-cli 0.21.0)
\`\`\`

Runs per size: ${Object.entries(PLAN)
    .filter(([s]) => sizes.includes(Number(s)))
    .map(
      ([s, c]) =>
        `${fmtInt(Number(s))}: floor ${c.floor}, bulkhead ${c.bulkhead}, split ${c.split}, opa ${c.opa}, checkov ${Number(s) > CHECKOV_MAX ? 0 : c.checkov}`,
    )
    .join("; ")}. Per-run timeouts: ${Object.entries(TIMEOUT_S)
    .map(([k, v]) => `${k} ${v} s`)
    .join(
      ", ",
    )}; a failed run is not repeated; runs that would overrun the ${Math.round(BUDGET_MS / 1000)} s budget are skipped.

## Notes

${notes.length ? notes.map((n) => `- ${n}`).join("\n") : "- none"}

${analysis}
`;
  // Formatted like the rest of the repository (prettier --check is part of npm run lint).
  let out = text;
  try {
    const prettier = require("prettier");
    const options = (await prettier.resolveConfig(file)) || {};
    out = await prettier.format(text, { ...options, filepath: file });
  } catch {
    out = text;
  }
  fs.writeFileSync(file, out);
}

// ---- main --------------------------------------------------------------------------------------

async function main() {
  if (process.argv.includes("--report-only")) {
    // Rewrites the report from .bench/results.json (after editing bench/ANALYSIS.md).
    const results = JSON.parse(fs.readFileSync(path.join(BENCH, "results.json"), "utf8"));
    const file = path.resolve(ROOT, process.env.BENCH_OUT || "BENCHMARKS.md");
    await writeReport(results, file);
    process.stdout.write(`written: ${path.relative(process.cwd(), file)} from .bench/results.json\n`);
    return;
  }
  fs.mkdirSync(OUT, { recursive: true });
  fs.mkdirSync(PLANS, { recursive: true });
  const notes = [];
  const sizes = process.env.BENCH_SIZES
    ? process.env.BENCH_SIZES.split(",").map((s) => Number(s.replace(/_/g, "")))
    : [100, 1000, 10000, 50000, ...(process.env.BENCH_STRESS === "1" ? [100000] : [])];
  const results = { date: new Date().toISOString(), seed: DEFAULT_SEED, machine: machine(), notes, sizes: {} };
  log(
    `machine: ${results.machine.cpu}, ${results.machine.nproc} cores, ${results.machine.memoryGiB} GiB, load ${results.machine.loadAtStart.join(" ")}`,
  );
  ensureBuilt(notes);
  results.opaStaged = ensureOpa(notes) && stage(notes);
  results.checkov = ensureCheckov(notes);
  const shaFile = path.join(ROOT, "policies", "dist", "bulkhead.tar.gz.sha256");
  results.bundleSha256 = fs.existsSync(shaFile) ? fs.readFileSync(shaFile, "utf8").split(/\s+/)[0] : "?";
  if (!results.machine.gnuTime) notes.push("GNU time (/usr/bin/time) missing: no peak RSS");

  for (const size of sizes) {
    const t0 = Date.now();
    const g = generate(size, PLANS);
    log(
      `plan ${size}: ${(g.bytes / 2 ** 20).toFixed(1)} MiB, planted BH001 ${g.expected.findings.BH001}, BH002 ${g.expected.findings.BH002} (${Date.now() - t0} ms)`,
    );
  }
  // The cheap measurements first: when the budget runs out, the last shape runs are skipped.
  if (process.env.BENCH_NO_SMALL !== "1") await benchSmall(results);
  if (process.env.BENCH_NO_GUARD !== "1") {
    log("guard: synth of account-baseline with and without Bulkhead.guard");
    try {
      results.guard = require("./guard").measure(GUARD_RUNS);
    } catch (e) {
      notes.push(`guard not measured: ${e.message}`);
    }
    log("guard: cdktf synth (cdktf-cli) of account-baseline with and without Bulkhead.guard");
    try {
      results.guardCli = require("./guard").measureCli(GUARD_CLI_RUNS);
    } catch (e) {
      notes.push(`guard not measured through cdktf synth: ${e.message}`);
    }
  }
  for (const size of sizes) await benchSize(results, size, results.checkov);
  await benchShapes(results);

  results.loadAtEnd = os.loadavg().map((x) => Number(x.toFixed(2)));
  results.durationMs = elapsed();
  results.failed =
    sizes.some((s) => results.sizes[s].bulkheadFailed !== false) ||
    Object.values(results.shapes).some((r) => r.failed === true);
  fs.writeFileSync(path.join(BENCH, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  const file = path.resolve(ROOT, process.env.BENCH_OUT || "BENCHMARKS.md");
  await writeReport(results, file);
  process.stdout.write(
    `\n${table(results, sizes)}\n\n${splitTable(results, sizes)}\n\n${shapesTable(results)}\n\n${targets(results)}\n\nwritten: ${path.relative(process.cwd(), file)}, .bench/results.json (${(results.durationMs / 1000).toFixed(0)} s)\n`,
  );
  if (results.failed) {
    process.stderr.write("bench FAILED: bulkhead did not report exactly the planted findings on every size\n");
    process.exitCode = 1;
  }
}

main().catch((e) => {
  process.stderr.write(`bench: ${e.stack || e}\n`);
  process.exitCode = 2;
});
