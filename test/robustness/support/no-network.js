"use strict";
/**
 * Preload (node --require) that forbids the network: every way a Node program can open a
 * connection, resolve a name or start a process is replaced by a function that records the
 * attempt in the file named by BULKHEAD_NET_LOG (one JSON line each) and throws. Used by
 * test/robustness/no-network.test.ts.
 */
const fs = require("node:fs");

const log = process.env.BULKHEAD_NET_LOG;

function record(what, args) {
  let detail = "";
  try {
    detail = JSON.stringify(args.map((a) => (typeof a === "function" ? "[function]" : a)));
  } catch {
    detail = "[unserialisable]";
  }
  if (log) fs.appendFileSync(log, `${JSON.stringify({ what, detail: detail.slice(0, 500), pid: process.pid })}\n`);
  throw new Error(`network access blocked by no-network preload: ${what}`);
}

function block(object, name, label) {
  if (!object || typeof object[name] !== "function") return;
  object[name] = function blocked(...args) {
    return record(label, args);
  };
}

const net = require("node:net");
block(net.Socket.prototype, "connect", "net.Socket.connect");
block(net, "connect", "net.connect");
block(net, "createConnection", "net.createConnection");
block(net.Server.prototype, "listen", "net.Server.listen");

const tls = require("node:tls");
block(tls, "connect", "tls.connect");

for (const mod of ["node:http", "node:https"]) {
  const m = require(mod);
  block(m, "request", `${mod}.request`);
  block(m, "get", `${mod}.get`);
}

const http2 = require("node:http2");
block(http2, "connect", "http2.connect");

const dgram = require("node:dgram");
block(dgram, "createSocket", "dgram.createSocket");

const dns = require("node:dns");
for (const fn of [
  "lookup",
  "lookupService",
  "resolve",
  "resolve4",
  "resolve6",
  "resolveAny",
  "resolveCname",
  "resolveTxt",
  "reverse",
]) {
  block(dns, fn, `dns.${fn}`);
  block(dns.promises, fn, `dns.promises.${fn}`);
}
if (dns.Resolver) {
  for (const fn of ["resolve", "resolve4", "resolve6", "reverse"])
    block(dns.Resolver.prototype, fn, `dns.Resolver.${fn}`);
}

if (typeof globalThis.fetch === "function") {
  globalThis.fetch = async (...args) => record("fetch", args);
}
if (typeof globalThis.WebSocket === "function") {
  globalThis.WebSocket = function BlockedWebSocket(...args) {
    record("WebSocket", args);
  };
}
// Starting a process (terraform, curl …) could reach the network too: a JSON plan needs none.
const childProcess = require("node:child_process");
for (const fn of ["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "fork"]) {
  block(childProcess, fn, `child_process.${fn}`);
}

// Worker threads inherit process.execArgv, so this preload runs in them too (the test checks it).
