#!/usr/bin/env node
"use strict";
/**
 * npm run test:package — the package as users get it. Builds, packs the tarball, checks what it
 * holds (what the commands below need; no tests, fixtures or TypeScript sources), installs it into
 * a new project in a temporary directory (dependencies from the npm cache when they are there,
 * `--prefer-offline`), and there runs:
 *   - `npx --no-install bulkhead check plan.json` on a plan with a finding: exit 1, BH001 named;
 *   - `npx --no-install bulkhead rules`: every rule, with a page path that opens from the project;
 *   - the library: `require("bulkhead").checkPlan(...)` gives a blocked report;
 *   - with cdktf and constructs installed beside it, the synth-time guard on stacks of two raw
 *     resources (no provider package): an active access key fails `app.synth()` with BH005,
 *     an inactive one synthesizes.
 * No build step runs in the new project (no typescript there). Prints one line per step and the
 * tarball's size; exit 1 with the reason on the first failure. `--keep` keeps the directory.
 */
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const ROOT = path.join(__dirname, "..");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const keep = process.argv.includes("--keep");
const started = Date.now();

class Failure extends Error {}

function step(what) {
  console.log(`test:package: ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

/** Runs a command; returns {code, stdout, stderr}. Fails unless its exit code is one of `codes`. */
function sh(cmd, args, { cwd, codes = [0], timeout = 300_000 } = {}) {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: "utf8",
    timeout,
    env: { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" },
  });
  if (r.error) throw new Failure(`${cmd} ${args.join(" ")}: ${r.error.message}`);
  if (!codes.includes(r.status)) {
    const said = `${r.stderr}\n${r.stdout}`.trim().split("\n").slice(-5).join(" | ");
    throw new Failure(`${cmd} ${args.join(" ")} exited ${r.status} (expected ${codes.join(" or ")}): ${said}`);
  }
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function check(condition, message) {
  if (!condition) throw new Failure(message);
}

const REQUIRED = [
  "package.json",
  "README.md",
  "LICENSE",
  "bin/bulkhead.js",
  "dist/src/index.js",
  "dist/src/index.d.ts",
  "dist/src/cli/main.js",
  "dist/src/cdktf/index.js",
  "dist/src/cdktf/index.d.ts",
  "policies/dist/bulkhead.tar.gz",
  "schemas/report.schema.json",
  "docs/semantics.md",
  "docs/rules/README.md",
  "docs/rules/BH001.md",
];
/** Nothing a user does not run: tests, fixtures, TypeScript sources, the Rego sources and examples. */
const FORBIDDEN = [
  /^test\//,
  /fixtures/,
  /^examples\//,
  /\.test\.[jt]s$/,
  /^src\//,
  /^policies\/(rules|lib)\//,
  /^\.ci\//,
  /^bench\//,
];

function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bulkhead-package-"));
  try {
    run(tmp);
  } finally {
    if (keep) console.log(`test:package: kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function run(tmp) {
  sh("npm", ["run", "--silent", "build"], { cwd: ROOT });
  const packed = JSON.parse(
    sh("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", tmp], { cwd: ROOT }).stdout,
  );
  const { filename, size, unpackedSize, files } = packed[0];
  const tarball = path.join(tmp, filename);
  const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
  step(`packed ${filename}: ${kib(size)} (${kib(unpackedSize)} unpacked, ${files.length} files)`);

  const paths = files.map((f) => f.path);
  for (const f of REQUIRED) check(paths.includes(f), `the tarball lacks ${f}`);
  const extra = paths.filter((p) => FORBIDDEN.some((re) => re.test(p)));
  check(extra.length === 0, `the tarball holds what users do not need: ${extra.slice(0, 5).join(", ")}`);
  const stated = /packed tarball is about (\d+) KiB/.exec(fs.readFileSync(path.join(ROOT, "README.md"), "utf8"));
  check(stated !== null, "README.md does not state the tarball's size ('packed tarball is about N KiB')");
  const ratio = size / 1024 / Number(stated[1]);
  check(ratio > 0.75 && ratio < 1.25, `README.md says the tarball is about ${stated[1]} KiB; it is ${kib(size)}`);

  // A new project, as a user makes one.
  const project = path.join(tmp, "project");
  fs.mkdirSync(project);
  fs.writeFileSync(
    path.join(project, "package.json"),
    JSON.stringify({ name: "uses-bulkhead", version: "1.0.0", private: true }, null, 2),
  );
  sh("npm", ["install", "--prefer-offline", "--save-exact", tarball], { cwd: project });
  const installed = path.join(project, "node_modules", "bulkhead");
  check(fs.existsSync(path.join(installed, "dist", "src", "index.js")), "the installed package has no dist/");
  check(!fs.existsSync(path.join(project, "node_modules", "typescript")), "installing bulkhead brought typescript");
  step("installed into a new project (no build step, no typescript)");

  const plan = path.join(project, "plan.json");
  fs.copyFileSync(path.join(ROOT, "test", "fixtures", "real", "regula__admin_policy_infra.json"), plan);
  const checked = sh("npx", ["--no-install", "bulkhead", "check", "plan.json"], { cwd: project, codes: [1] });
  check(/BH001 Admin with backup deletion/.test(checked.stdout), "bulkhead check printed no BH001 finding");
  check(checked.stderr === "", `bulkhead check wrote to stderr: ${checked.stderr.trim()}`);
  step("npx bulkhead check plan.json: exit 1, BH001");

  const rules = sh("npx", ["--no-install", "bulkhead", "rules"], { cwd: project }).stdout;
  const rows = rules.trimEnd().split("\n").slice(1);
  check(rows.length >= 5 && rows[0].startsWith("BH001"), `bulkhead rules printed: ${rules.trim()}`);
  for (const row of rows) {
    const page = row.split(/\s+/).pop();
    check(page.startsWith("node_modules/bulkhead/docs/rules/"), `bulkhead rules names ${page}`);
    check(fs.existsSync(path.join(project, page)), `bulkhead rules names ${page}, which does not exist`);
  }
  step(`npx bulkhead rules: ${rows.length} rules, pages in node_modules/bulkhead/docs/rules`);

  const api = sh(
    "node",
    [
      "-e",
      `require("bulkhead").checkPlan("plan.json").then((r) => {
         console.log(JSON.stringify({ blocked: r.summary.blocked, rules: [...new Set(r.findings.map((f) => f.ruleId))] }));
       }, (e) => { console.error(e.message); process.exit(3); });`,
    ],
    { cwd: project },
  );
  const verdict = JSON.parse(api.stdout);
  check(verdict.blocked === true && verdict.rules.includes("BH001"), `checkPlan gave ${api.stdout.trim()}`);
  step('require("bulkhead").checkPlan: blocked, BH001');

  const peers = ["cdktf", "constructs"].map((name) => `${name}@${pkg.peerDependencies[name]}`);
  sh("npm", ["install", "--prefer-offline", "--save-exact", ...peers], { cwd: project });
  check(!fs.existsSync(path.join(project, "node_modules", "@cdktf", "provider-aws")), "a provider package came along");
  fs.writeFileSync(path.join(project, "guard.js"), GUARD);
  const blocked = sh("node", ["guard.js", "Active"], { cwd: project, codes: [1] });
  check(
    /BH005 Long-lived access key/.test(blocked.stderr),
    `the guard did not block with BH005: ${blocked.stderr.trim()}`,
  );
  const passed = sh("node", ["guard.js", "Inactive"], { cwd: project });
  check(passed.stdout.includes("synthesized"), `the clean stack did not synthesize: ${passed.stdout.trim()}`);
  step(`with ${peers.join(", ")}: Bulkhead.guard fails synth with BH005 on a raw stack, passes a clean one`);
}

/** A stack of two raw resources (no provider package): a user and its access key. */
const GUARD = `"use strict";
const { App, TerraformStack, TerraformResource } = require("cdktf");
const { Bulkhead } = require("bulkhead/dist/src/cdktf");

const app = new App({ outdir: "cdktf.out" });
const stack = new TerraformStack(app, "raw");
const user = new TerraformResource(stack, "ci", { terraformResourceType: "aws_iam_user" });
user.addOverride("name", "ci");
const key = new TerraformResource(stack, "ci_key", { terraformResourceType: "aws_iam_access_key" });
key.addOverride("user", user.getStringAttribute("name"));
key.addOverride("status", process.argv[2]);
Bulkhead.guard(stack);
try {
  app.synth();
  console.log("synthesized");
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
`;

try {
  main();
  step("passed");
} catch (e) {
  console.error(`test:package: ${e instanceof Failure ? e.message : e.stack}`);
  process.exit(1);
}
