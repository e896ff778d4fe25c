#!/usr/bin/env bash
# Installs the pinned policy toolchain into .tools/bin (git-ignored): OPA and Regal, built from
# source with the Go module proxy. Idempotent: a tool already at its pinned version is kept.
set -euo pipefail
OPA_VERSION=v1.22.3
# The newest Regal release the module proxy serves here (it refuses the version list, so
# `go install …@latest` cannot resolve; the version is pinned and built from its module).
REGAL_VERSION=v0.42.0

cd "$(dirname "$0")/.."
bin="$PWD/.tools/bin"
mkdir -p "$bin"
command -v go >/dev/null || { echo "install-policy-tools: Go is required (go install builds OPA and Regal)" >&2; exit 2; }

if [ "$("$bin/opa" version 2>/dev/null | sed -n 's/^Version: //p')" != "${OPA_VERSION#v}" ]; then
  echo "installing opa ${OPA_VERSION}" >&2
  GOBIN="$bin" CGO_ENABLED=0 go install "github.com/open-policy-agent/opa@${OPA_VERSION}"
fi

[ "${1:-}" = "--opa-only" ] && exit 0

if [ "$(cat "$bin/.regal-version" 2>/dev/null)" != "$REGAL_VERSION" ] || [ ! -x "$bin/regal" ]; then
  echo "installing regal ${REGAL_VERSION}" >&2
  dir=$(go mod download -json "github.com/open-policy-agent/regal@${REGAL_VERSION}" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -n "$dir" ] || { echo "install-policy-tools: could not download regal ${REGAL_VERSION}" >&2; exit 2; }
  (cd "$dir" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -o "$bin/regal" .)
  echo "$REGAL_VERSION" > "$bin/.regal-version"
fi
