#!/usr/bin/env bash
# opa test over every rule's tests and examples, with coverage of the bundled Rego >= 90 %.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .tools/bin/opa ] || bash scripts/install-policy-tools.sh --opa-only
min=${POLICY_COVERAGE_MIN:-90}
stage=.build/test-src
bash scripts/stage-policy.sh "$stage" --tests --examples
.tools/bin/opa test --timeout 120s "$stage" -v 2>&1 | grep -E "^(PASS|FAIL|ERROR)|: (FAIL|ERROR)" || true
.tools/bin/opa test --timeout 120s "$stage" >/dev/null
.tools/bin/opa test --timeout 120s "$stage" --coverage --format json | node -e '
const min = Number(process.argv[1]);
const report = JSON.parse(require("fs").readFileSync(0, "utf8"));
let covered = 0, total = 0;
for (const [file, f] of Object.entries(report.files)) {
  if (file.endsWith("_test.rego")) continue;
  const c = (f.covered || []).reduce((n, r) => n + r.end.row - r.start.row + 1, 0);
  const u = (f.not_covered || []).reduce((n, r) => n + r.end.row - r.start.row + 1, 0);
  covered += c; total += c + u;
  console.log(`${(100 * c / Math.max(1, c + u)).toFixed(1).padStart(6)} %  ${file.replace(/^.*?policies\//, "policies/")}`);
}
const pct = 100 * covered / Math.max(1, total);
console.log(`${pct.toFixed(1).padStart(6)} %  policy coverage (minimum ${min} %)`);
if (pct < min) { console.error(`policy coverage ${pct.toFixed(1)} % is under ${min} %`); process.exit(1); }
' "$min"
