#!/usr/bin/env bash
# Builds the policy bundle shipped in the package: policy data (catalogues, managed policies) and
# the Rego of policies/ (tests and examples left out), compiled by the pinned OPA to wasm.
# Output: DIR/bulkhead.tar.gz and its .sha256 (DIR defaults to policies/dist). Same inputs give
# the same bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .tools/bin/opa ] || bash scripts/install-policy-tools.sh --opa-only
out=${1:-policies/dist}
opa=$PWD/.tools/bin/opa

node scripts/build-policy-data.js >&2
stage=.build/bundle-src
bash scripts/stage-policy.sh "$stage"
mkdir -p "$out"
abs_out=$(cd "$out" && pwd)
(cd "$stage" && "$opa" build -b . -t wasm -O=0 -e bulkhead/main/report -e bulkhead/main/rules -e bulkhead/main/relevant -e bulkhead/main/reach -o "$abs_out/bulkhead.tar.gz")
(cd "$out" && sha256sum bulkhead.tar.gz > bulkhead.tar.gz.sha256)
echo "policy bundle: $out/bulkhead.tar.gz ($(wc -c < "$out/bulkhead.tar.gz") bytes)" >&2
