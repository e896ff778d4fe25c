#!/usr/bin/env bash
# Lays out policy sources for opa in one folder: Rego (with or without tests), the built data at
# data.bulkhead, and (with --examples) each rule's examples at data.examples.<rule>.<good|bad>.<name>.
# Usage: stage-policy.sh DIR [--tests] [--examples]
set -euo pipefail
cd "$(dirname "$0")/.."
stage=$1; shift
tests=0; examples=0
for a in "$@"; do case $a in --tests) tests=1;; --examples) examples=1;; esac; done

[ -f .build/data/bulkhead/data.json ] && [ .build/data/bulkhead/data.json -nt policies/catalogue/actions.json ] || node scripts/build-policy-data.js >&2
rm -rf "$stage"
mkdir -p "$stage/bulkhead"
cp .build/data/bulkhead/data.json "$stage/bulkhead/data.json"
find policies -name '*.rego' ! -path 'policies/dist/*' | LC_ALL=C sort | while read -r f; do
  case $f in *_test.rego) [ $tests = 1 ] || continue;; esac
  mkdir -p "$stage/$(dirname "$f")"
  cp "$f" "$stage/$f"
done
if [ $examples = 1 ]; then
  for f in policies/rules/*/examples/*/*.json; do
    [ -e "$f" ] || continue
    rule=$(basename "$(dirname "$(dirname "$(dirname "$f")")")")
    kind=$(basename "$(dirname "$f")")
    name=$(basename "$f" .json)
    mkdir -p "$stage/examples/$rule/$kind/$name"
    cp "$f" "$stage/examples/$rule/$kind/$name/data.json"
  done
fi
