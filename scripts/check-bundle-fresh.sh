#!/usr/bin/env bash
# Fails when the committed policy bundle differs from a rebuild of the sources.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bash scripts/build-policy.sh "$tmp" 2>/dev/null
if ! cmp -s "$tmp/bulkhead.tar.gz" policies/dist/bulkhead.tar.gz || ! cmp -s "$tmp/bulkhead.tar.gz.sha256" policies/dist/bulkhead.tar.gz.sha256; then
  echo "policies/dist/bulkhead.tar.gz is stale: run npm run policy:build and commit the result" >&2
  exit 1
fi
echo "policy bundle is fresh ($(cut -c1-12 policies/dist/bulkhead.tar.gz.sha256))"
