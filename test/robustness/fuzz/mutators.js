"use strict";
/**
 * Seeded mutations of plan JSON for fuzzing bulkhead's input path (test/robustness/fuzz.test.ts,
 * scripts/fuzz.js). Pure functions of (seed, corpus): the same seed gives the same inputs.
 *
 * Every mutation returns {op, bytes, same}: `same` marks a rewrite that keeps the plan's meaning
 * (re-indented, keys reordered, strings \u-escaped, a duplicate key placed before the original
 * so the original wins), whose findings must equal the original's or be refused (exit 2).
 */
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.join(__dirname, "..", "..", "..");
const REAL = path.join(ROOT, "test", "fixtures", "real");

/** mulberry32: a small seeded PRNG with helpers. */
class Rand {
  constructor(seed) {
    this.state = seed >>> 0;
  }
  next() {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n) {
    return Math.floor(this.next() * n);
  }
  chance(p) {
    return this.next() < p;
  }
  pick(list) {
    return list[this.int(list.length)];
  }
}

/** Every plan of test/fixtures/real (public real plans) and of the labelled fixtures: [{name, bytes}]. */
function loadCorpus() {
  const out = [];
  const add = (dir, label) => {
    if (!fs.existsSync(dir)) return;
    for (const f of fs.readdirSync(dir).sort()) {
      const file = path.join(dir, f);
      if (fs.statSync(file).isDirectory()) add(file, `${label}/${f}`);
      else if (f.endsWith(".json") && !f.endsWith(".expected.json") && f !== "index.json") {
        out.push({ name: `${label}/${f}`, bytes: fs.readFileSync(file) });
      }
    }
  };
  add(REAL, "real");
  add(path.join(ROOT, "test", "fixtures", "plans"), "plans");
  add(path.join(ROOT, "test", "fixtures", "evasion"), "evasion");
  return out;
}

// ---- JSON tree helpers -------------------------------------------------------------------------

/** Paths to nodes of a parsed document (arrays of keys/indices), at most `limit`, breadth-first. */
function paths(doc, limit = 5000) {
  const out = [];
  const queue = [[]];
  while (queue.length && out.length < limit) {
    const p = queue.shift();
    out.push(p);
    const v = get(doc, p);
    if (Array.isArray(v)) v.forEach((_, i) => queue.push([...p, i]));
    else if (v && typeof v === "object") Object.keys(v).forEach((k) => queue.push([...p, k]));
  }
  return out;
}

function get(doc, p) {
  return p.reduce((v, k) => (v == null ? undefined : v[k]), doc);
}

function set(doc, p, value) {
  if (p.length === 0) return value;
  const parent = get(doc, p.slice(0, -1));
  if (parent && typeof parent === "object") parent[p[p.length - 1]] = value;
  return doc;
}

const typeOf = (v) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

function otherValue(rand, v) {
  const kinds = ["null", "number", "string", "boolean", "array", "object"].filter((k) => k !== typeOf(v));
  switch (rand.pick(kinds)) {
    case "null":
      return null;
    case "number":
      return rand.pick([0, -1, 1.5, 1e308, -0, 2 ** 53 + 1]);
    case "string":
      return rand.pick(["", "*", "true", "1.2", "arn:aws:iam::aws:policy/AdministratorAccess", "{}", "\u0000"]);
    case "boolean":
      return rand.chance(0.5);
    case "array":
      return rand.pick([[], [null], ["*"], [{}]]);
    default:
      return rand.pick([{}, { "": null }, { Statement: [] }]);
  }
}

function shuffleKeys(rand, v) {
  if (Array.isArray(v)) return v.map((x) => shuffleKeys(rand, x));
  if (v && typeof v === "object") {
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i > 0; i--) {
      const j = rand.int(i + 1);
      [keys[i], keys[j]] = [keys[j], keys[i]];
    }
    const out = {};
    for (const k of keys) out[k] = shuffleKeys(rand, v[k]);
    return out;
  }
  return v;
}

/** JSON text with every non-ASCII character, and some ASCII letters, written as \u escapes. */
function escapeStrings(rand, text) {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString && ch === "\\") {
      out += ch + text[++i];
      continue;
    }
    if (ch === '"') inString = !inString;
    const code = ch.charCodeAt(0);
    if (inString && ch !== '"' && (code > 0x7e || (/[a-z]/i.test(ch) && rand.chance(0.2)))) {
      out += `\\u${code.toString(16).padStart(4, "0")}`;
    } else out += ch;
  }
  return out;
}

// ---- mutations ---------------------------------------------------------------------------------

const DEPTH = 10000;

/**
 * The mutation operators. Sizes: opts.hugeBytes (huge strings), opts.patternChars (one action
 * pattern in a policy document: IAM allows a few KB per policy, real actions are < 100
 * characters).
 */
const OPS = {
  truncate(rand, bytes) {
    return { bytes: bytes.subarray(0, rand.int(bytes.length)) };
  },
  bitflip(rand, bytes) {
    const b = Buffer.from(bytes);
    const n = 1 + rand.int(8);
    for (let i = 0; i < n; i++) b[rand.int(b.length)] ^= 1 << rand.int(8);
    return { bytes: b };
  },
  typeSwap(rand, bytes, doc) {
    const ps = paths(doc);
    const p = rand.pick(ps.slice(1).length ? ps.slice(1) : ps);
    return { doc: set(doc, p, otherValue(rand, get(doc, p))), at: p.join(".") };
  },
  deleteKey(rand, bytes, doc) {
    const objects = paths(doc).filter((p) => {
      const v = get(doc, p);
      return v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length;
    });
    const p = rand.pick(objects);
    const o = get(doc, p);
    const k = rand.pick(Object.keys(o));
    delete o[k];
    return { doc, at: [...p, k].join(".") };
  },
  hugeString(rand, bytes, doc, opts) {
    const size = 1 + rand.int(opts.hugeBytes);
    const fill = rand.pick(["A", "\\", '"', "é", "*", "\u2028", "😀"]);
    const s = fill.repeat(Math.ceil(size / Buffer.byteLength(fill)));
    const strings = paths(doc).filter((p) => typeof get(doc, p) === "string");
    if (strings.length && rand.chance(0.7)) {
      const p = rand.pick(strings);
      return { doc: set(doc, p, s), at: p.join(".") };
    }
    return { doc: { ...doc, bulkhead_fuzz: s } };
  },
  deepNesting(rand, bytes, doc) {
    const depth = DEPTH + rand.int(DEPTH);
    const [open, close] = rand.chance(0.5) ? ["[", "]"] : ['{"a":', "}"];
    const deep = `${open.repeat(depth)}${open === "[" ? "" : "1"}${close.repeat(depth)}`;
    const containers = paths(doc, 2000).filter((p) => {
      const v = get(doc, p);
      return v && typeof v === "object" && !Array.isArray(v);
    });
    const p = rand.pick(containers);
    const marker = "__bulkhead_fuzz_deep__";
    get(doc, p)[marker] = marker;
    const text = JSON.stringify(doc).replace(`"${marker}":"${marker}"`, `"${marker}":${deep}`);
    return { bytes: Buffer.from(text), at: p.join(".") };
  },
  nulBytes(rand, bytes, doc) {
    if (rand.chance(0.5)) {
      // raw NUL bytes in the text: never valid JSON
      const b = Buffer.from(bytes);
      const at = rand.int(b.length);
      return { bytes: Buffer.concat([b.subarray(0, at), Buffer.from([0]), b.subarray(at)]) };
    }
    const strings = paths(doc).filter((p) => typeof get(doc, p) === "string");
    const p = rand.pick(strings);
    const v = get(doc, p);
    const at = rand.int(v.length + 1);
    return { doc: set(doc, p, `${v.slice(0, at)}\u0000${v.slice(at)}`), at: p.join(".") };
  },
  duplicateKeys(rand, bytes, doc) {
    // A duplicate of a top-level key with another value, placed FIRST: JSON parsers that keep the
    // last value (V8, Go, OPA) read the original: the plan means the same.
    const keys = Object.keys(doc);
    const k = rand.pick(keys);
    const decoy = JSON.stringify(otherValue(rand, doc[k]));
    const text = JSON.stringify(doc);
    return { bytes: Buffer.from(`{${JSON.stringify(k)}:${decoy},${text.slice(1)}`), same: true, at: k };
  },
  duplicateKeysLast(rand, bytes, doc) {
    // The same, placed LAST: the decoy wins.
    const keys = Object.keys(doc);
    const k = rand.pick(keys);
    const decoy = JSON.stringify(otherValue(rand, doc[k]));
    const text = JSON.stringify(doc);
    return { bytes: Buffer.from(`${text.slice(0, -1)},${JSON.stringify(k)}:${decoy}}`), at: k };
  },
  nonUtf8(rand, bytes) {
    const bad = rand.pick([
      [0xff],
      [0xc3, 0x28],
      [0xe2, 0x82],
      [0xf0, 0x9f, 0x98],
      [0xed, 0xa0, 0x80],
      [0xc0, 0xaf],
      [0xfe, 0xff],
    ]);
    const b = Buffer.from(bytes);
    const at = rand.int(b.length);
    return { bytes: Buffer.concat([b.subarray(0, at), Buffer.from(bad), b.subarray(at)]) };
  },
  formatVersion(rand, bytes, doc) {
    doc.format_version = rand.pick([
      "2.0",
      "1",
      "1.x",
      "",
      "0.1",
      "10.1",
      "01.0",
      " 1.0",
      "1.0 ",
      1.0,
      null,
      "v1.0",
      "2",
      "-1.0",
    ]);
    return { doc };
  },
  structure(rand, bytes, doc) {
    const rc = Array.isArray(doc.resource_changes) ? doc.resource_changes : null;
    const choice = rand.int(5);
    if (rc && rc.length && choice === 0)
      rc.push(JSON.parse(JSON.stringify(rand.pick(rc)))); // same address twice
    else if (rc && rc.length && choice === 1) {
      const c = rand.pick(rc);
      if (c && c.change)
        c.change.actions = rand.pick([
          ["delete", "create"],
          ["create", "delete"],
          ["read"],
          ["no-op"],
          ["update"],
          ["forget"],
        ]);
    } else if (rc && rc.length && choice === 2) {
      const c = rand.pick(rc);
      if (c && c.change) [c.change.before, c.change.after] = [c.change.after, c.change.before];
    } else if (choice === 3) delete doc.configuration;
    else delete doc.prior_state;
    return { doc };
  },
  splice(rand, bytes, doc, opts) {
    const other = JSON.parse(rand.pick(opts.corpus).bytes.toString("utf8"));
    const mine = paths(doc, 2000);
    const theirs = paths(other, 2000);
    const p = rand.pick(mine.slice(1).length ? mine.slice(1) : mine);
    return { doc: set(doc, p, get(other, rand.pick(theirs))), at: p.join(".") };
  },
  policyDocument(rand, bytes, doc, o) {
    // Mutates a policy document inside the plan (a JSON string attribute such as policy,
    // assume_role_policy or json): the documents are where the policies parse user-written JSON.
    const docs = paths(doc, 20000).filter((p) => {
      const v = get(doc, p);
      return typeof v === "string" && /^\s*\{[\s\S]*"Statement"/.test(v);
    });
    if (docs.length === 0) return OPS.typeSwap(rand, bytes, doc);
    const p = rand.pick(docs);
    let policy;
    try {
      policy = JSON.parse(get(doc, p));
    } catch {
      return { doc: set(doc, p, `${get(doc, p)}}`), at: p.join(".") };
    }
    const inner = paths(policy, 2000);
    const q = rand.pick(inner.slice(1).length ? inner.slice(1) : inner);
    let text;
    switch (rand.int(7)) {
      case 0:
        text = JSON.stringify(set(policy, q, otherValue(rand, get(policy, q))));
        break;
      case 1: {
        const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
        policy.Statement = rand.chance(0.5) ? statements[0] : [...statements, ...statements];
        text = JSON.stringify(policy);
        break;
      }
      case 2:
        text = JSON.stringify(policy).slice(0, rand.int(JSON.stringify(policy).length));
        break;
      case 3: {
        const depth = 1000 + rand.int(4000);
        text = JSON.stringify(set(policy, q, "__deep__")).replace(
          '"__deep__"',
          `${"[".repeat(depth)}${"]".repeat(depth)}`,
        );
        break;
      }
      case 4:
        text = JSON.stringify(set(policy, q, "iam:".padEnd(4 + rand.int(o.patternChars), rand.pick(["*", "a", "?"]))));
        break;
      case 5:
        text = escapeStrings(rand, JSON.stringify(policy));
        break;
      default:
        text = JSON.stringify(set(policy, q, rand.pick([{ Bool: [] }, { "": {} }, [[["*"]]], "\u0000*", -1e309])));
    }
    return { doc: set(doc, p, text), at: `${p.join(".")} → ${q.join(".")}` };
  },
  // ---- rewrites that keep the meaning ----
  reindent(rand, bytes, doc) {
    return { bytes: Buffer.from(JSON.stringify(doc, null, rand.pick([0, 1, 2, 4, "\t"]))), same: true };
  },
  shuffleKeys(rand, bytes, doc) {
    return { doc: shuffleKeys(rand, doc), same: true };
  },
  escapeStrings(rand, bytes, doc) {
    return { bytes: Buffer.from(escapeStrings(rand, JSON.stringify(doc))), same: true };
  },
  extraKeys(rand, bytes, doc) {
    // keys a later plan format may add: readers ignore what they do not know
    doc[`bulkhead_fuzz_${rand.int(1000)}`] = rand.pick([{}, [1, 2], "x", null]);
    for (const rc of Array.isArray(doc.resource_changes) ? doc.resource_changes : []) {
      if (rc && typeof rc === "object" && rand.chance(0.5)) rc.bulkhead_fuzz = { nested: [true] };
    }
    if (typeof doc.format_version === "string" && /^1\.\d+$/.test(doc.format_version))
      doc.format_version = `1.${rand.int(99)}`;
    return { doc, same: true };
  },
  whitespace(rand, bytes) {
    const ws = () => Buffer.from(rand.pick([" ", "\n", "\r\n", "\t", "  \n\t "]));
    return { bytes: Buffer.concat([ws(), bytes, ws()]), same: true };
  },
};

// Operators that hit known bugs (docs/robustness.md), kept out of the default mix of the test;
// npm run fuzz runs them.

/** A UTF-8 byte order mark before the plan (bug 1). */
OPS.bom = (rand, bytes) => ({ bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]), same: true });

/** A long run of whitespace in a value that error messages quote (bug 9). */
OPS.longWhitespace = (rand, bytes, doc) => {
  const run = rand.pick([" ", "\t", "\u2028", "\u00a0"]).repeat(20000 + rand.int(2000000));
  if (rand.chance(0.5) || !Array.isArray(doc.resource_changes) || !doc.resource_changes.length) {
    doc.format_version = rand.chance(0.5) ? run : `3.${run}`;
    return { doc, at: "format_version" };
  }
  const rc = rand.pick(doc.resource_changes);
  if (rc && typeof rc === "object") rc.address = run;
  return { doc, at: "resource_changes[].address" };
};

const KNOWN_BUG_OPS = ["bom", "longWhitespace"];
const DEFAULT_OPS = Object.keys(OPS).filter((k) => !KNOWN_BUG_OPS.includes(k));

/**
 * One mutated input from the corpus: {source, op, bytes, same, at}. Parsing failures of the
 * source (it is always valid JSON) never happen; mutations that need a parsed document get a copy.
 */
function mutate(rand, corpus, opts = {}) {
  const o = {
    corpus,
    hugeBytes: opts.hugeBytes ?? 2 * 2 ** 20,
    patternChars: opts.patternChars ?? 20000,
    ops: opts.ops ?? DEFAULT_OPS,
  };
  const source = rand.pick(corpus);
  const op = rand.pick(o.ops);
  const doc = JSON.parse(source.bytes.toString("utf8"));
  const r = OPS[op](rand, source.bytes, doc, o);
  const bytes = r.bytes ?? Buffer.from(JSON.stringify(r.doc));
  return { source: source.name, op, bytes, same: Boolean(r.same), at: r.at };
}

// ---- independent facts about an input ---------------------------------------------------------

/**
 * How many resource_changes entries of a parsed input plainly create, update or keep a managed
 * resource (an object with a string address, type and name, and a change whose actions are one
 * of those): a report of such a plan must count at least one resource.
 */
function plainChanges(bytes) {
  let doc;
  try {
    doc = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return 0;
  }
  const rcs = doc && Array.isArray(doc.resource_changes) ? doc.resource_changes : [];
  return rcs.filter(
    (rc) =>
      rc &&
      typeof rc === "object" &&
      !Array.isArray(rc) &&
      ["address", "type", "name"].every((k) => typeof rc[k] === "string") &&
      (rc.mode === undefined || rc.mode === "managed") &&
      !("deposed" in rc) &&
      rc.change &&
      typeof rc.change === "object" &&
      rc.change.after &&
      typeof rc.change.after === "object" &&
      !Array.isArray(rc.change.after) &&
      Array.isArray(rc.change.actions) &&
      ["create", "update", "no-op"].includes(rc.change.actions.join(",")),
  ).length;
}

/**
 * What must be refused whatever the engine does: not UTF-8, not JSON, not an object, no string
 * format_version of major 0 or 1. Returns the reason, or null when these checks pass.
 */
function mustRefuse(bytes) {
  if (bytes.length === 0) return "empty";
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return "not UTF-8";
  }
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    return "not JSON";
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) return "not an object";
  if (typeof doc.format_version !== "string" || !/^[01](\.|$)/.test(doc.format_version)) return "format_version";
  return null;
}

module.exports = { Rand, loadCorpus, mutate, mustRefuse, plainChanges, OPS, DEFAULT_OPS, KNOWN_BUG_OPS };
