"use strict";
/**
 * Fuzz worker thread: evaluates inputs with the built engine (dist/) and answers with what the
 * CLI would make of it. Runs in a worker so that the harness can kill a hang (worker.terminate()
 * interrupts wasm too).
 */
const path = require("node:path");
const { parentPort } = require("node:worker_threads");

const ROOT = path.join(__dirname, "..", "..", "..");
const { Engine } = require(path.join(ROOT, "dist", "src", "engine", "check.js"));
const { validatePlan } = require(path.join(ROOT, "dist", "src", "engine", "input.js"));

const engine = Engine.loadSync();

function valid(bytes) {
  try {
    validatePlan(bytes, "fuzz");
    return { validPlan: true };
  } catch (e) {
    return { validPlan: false, validReason: e && e.message };
  }
}

parentPort.on("message", ({ id, bytes }) => {
  const input = Buffer.from(bytes);
  const start = process.hrtime.bigint();
  let answer;
  try {
    const report = engine.check(input, { name: "fuzz" });
    const text = JSON.stringify(report);
    const back = JSON.parse(text);
    answer = {
      outcome: "report",
      schemaVersion: back.schemaVersion,
      blocked: back.summary && back.summary.blocked,
      lines: back.findings.map((f) => `${f.ruleId} ${f.verdict} ${f.status} ${f.address}`).sort(),
      resources: back.summary && back.summary.resources,
    };
  } catch (e) {
    answer = {
      outcome: "error",
      errorName: e && e.constructor ? e.constructor.name : typeof e,
      kind: e && e.kind,
      message: e && e.message !== undefined ? String(e.message) : String(e),
    };
  }
  answer.ms = Number(process.hrtime.bigint() - start) / 1e6;
  Object.assign(answer, valid(input));
  parentPort.postMessage({ id, answer });
});
