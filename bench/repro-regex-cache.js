#!/usr/bin/env node
"use strict";
/**
 * Reproduces the OPA wasm regex-cache failure that made bulkhead hang or crash on the 5 000- and
 * 10 000-instance plans while policies/ used glob.match on ARN patterns:
 *
 *   node bench/repro-regex-cache.js
 *
 * OPA's wasm runtime (wasm/src/regex.cc, cap added by open-policy-agent/opa#6846) caches at most
 * 100 compiled patterns; when full, reuse() deletes cache()->begin() — which can be the very
 * pattern in use — then inserts it again: a use-after-free. One evaluation that matches more than
 * 100 distinct glob/regex patterns, each more than once, then hangs, overflows the stack, traps
 * or aborts ("size_ <= max_size()"). Each case runs in its own process with a 10 s timeout.
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const ROOT = path.join(__dirname, "..");

const REGO = `package repro

hits := count([x |
	some p in input.patterns
	some v in input.values
	glob.match(p, ["\\n"], v)
	x := [p, v]
])
`;

function one(dir, n, reps) {
  const { loadPolicySync } = require(path.join(ROOT, "node_modules/@open-policy-agent/opa-wasm"));
  const policy = loadPolicySync(fs.readFileSync(path.join(dir, "policy.wasm")));
  const patterns = Array.from({ length: n }, (_, i) => `arn:aws:s3:::bucket-${i}/*`);
  const values = Array.from({ length: reps }, (_, i) => `arn:aws:s3:::bucket-${i * 7}/x`);
  const hits = policy.evaluate({ patterns, values })[0].result;
  return `${n} patterns × ${reps} values: ${hits} hits (want ${reps})`;
}

function main(argv) {
  if (argv[0] === "--one") {
    try {
      process.stdout.write(`${one(argv[1], Number(argv[2]), Number(argv[3]))}\n`);
    } catch (e) {
      process.stdout.write(`${argv[2]} patterns × ${argv[3]} values: ERROR ${e.message}\n`);
    }
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bulkhead-regex-cache-"));
  fs.writeFileSync(path.join(dir, "repro.rego"), REGO);
  const b = spawnSync(
    path.join(ROOT, ".tools/bin/opa"),
    ["build", "-t", "wasm", "-e", "repro/hits", "repro.rego", "-o", "bundle.tar.gz"],
    { cwd: dir, encoding: "utf8" },
  );
  if (b.status !== 0) throw new Error(b.stderr);
  spawnSync("tar", ["xzf", "bundle.tar.gz"], { cwd: dir });
  for (const [n, reps] of [
    [99, 3],
    [100, 1],
    [150, 1],
    [150, 3],
    [400, 3],
    [2000, 3],
  ]) {
    const r = spawnSync(process.execPath, [__filename, "--one", dir, String(n), String(reps)], {
      encoding: "utf8",
      timeout: 10000,
    });
    process.stdout.write(r.error || r.signal ? `${n} patterns × ${reps} values: killed after 10 s (hung)\n` : r.stdout);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

main(process.argv.slice(2));
