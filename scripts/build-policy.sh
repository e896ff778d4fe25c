#!/usr/bin/env bash
# Builds the policy bundle shipped in the package: policy data (catalogues, managed policies) and
# the Rego of policies/ (tests and examples left out), compiled by the pinned OPA to wasm.
# Output: policies/dist/bulkhead.tar.gz (+ .sha256). Same inputs give the same bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
opa=.tools/bin/opa
[ -x "$opa" ] || bash scripts/install-policy-tools.sh
out=${1:-policies/dist}

node scripts/build-policy-data.js
stage=.build/bundle-src
rm -rf "$stage"
mkdir -p "$stage/bulkhead"
cp .build/data/bulkhead/data.json "$stage/bulkhead/data.json"
find policies -name '*.rego' ! -name '*_test.rego' ! -path 'policies/dist/*' | LC_ALL=C sort | while read -r f; do
  mkdir -p "$stage/$(dirname "$f")"
  cp "$f" "$stage/$f"
done

mkdir -p "$out"
abs_out=$(cd "$out" && pwd)
abs_opa=$(cd "$(dirname "$opa")" && pwd)/opa
(cd "$stage" && "$abs_opa" build -b . -t wasm -O=0 -e bulkhead/main/report -o "$abs_out/bulkhead.tar.gz")
(cd "$out" && sha256sum bulkhead.tar.gz > bulkhead.tar.gz.sha256)
echo "policy bundle: $out/bulkhead.tar.gz ($(wc -c < "$out/bulkhead.tar.gz") bytes)" >&2
