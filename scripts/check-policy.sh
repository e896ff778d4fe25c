#!/usr/bin/env bash
# Policy hygiene: opa fmt, opa check --strict, regal lint.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-policy-tools.sh
.tools/bin/opa fmt --fail --list policies >/dev/null || { echo "opa fmt: these files need formatting (run .tools/bin/opa fmt -w policies):" >&2; .tools/bin/opa fmt --list policies >&2; exit 1; }
stage=.build/check-src
bash scripts/stage-policy.sh "$stage" --tests
.tools/bin/opa check --strict "$stage"
.tools/bin/regal lint --config-file .regal/config.yaml policies
