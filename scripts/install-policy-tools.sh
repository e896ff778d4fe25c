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
# Go builds the tools; it is needed only when one is missing. OPA v1.22.3 and Regal v0.42.0 declare
# `go 1.26` in their go.mod: an older Go (1.21 or newer) fetches that toolchain itself unless
# GOTOOLCHAIN=local. Without a usable Go: one line that says what to install, exit 2.
need_go() {
  local get="install Go 1.26 or newer (https://go.dev/dl/) and put it on PATH, or place opa ${OPA_VERSION} in .tools/bin"
  command -v go >/dev/null || { echo "install-policy-tools: Go is required to build the policy tools (OPA, Regal): $get" >&2; exit 2; }
  local v minor
  v=$(go env GOVERSION 2>/dev/null || true)
  minor=$(printf '%s' "$v" | sed -n 's/^go1\.\([0-9][0-9]*\).*/\1/p')
  if [ -z "$minor" ]; then
    echo "install-policy-tools: \`go env GOVERSION\` gave '${v}', not a Go version: $get" >&2
    exit 2
  fi
  if [ "$minor" -lt 21 ] || { [ "$minor" -lt 26 ] && [ "$(go env GOTOOLCHAIN)" = local ]; }; then
    echo "install-policy-tools: ${v} is too old (OPA ${OPA_VERSION} needs Go 1.26): $get" >&2
    exit 2
  fi
}

if [ "$("$bin/opa" version 2>/dev/null | sed -n 's/^Version: //p')" != "${OPA_VERSION#v}" ]; then
  need_go
  echo "installing opa ${OPA_VERSION}" >&2
  GOBIN="$bin" CGO_ENABLED=0 go install "github.com/open-policy-agent/opa@${OPA_VERSION}"
fi

[ "${1:-}" = "--opa-only" ] && exit 0

if [ "$(cat "$bin/.regal-version" 2>/dev/null)" != "$REGAL_VERSION" ] || [ ! -x "$bin/regal" ]; then
  need_go
  echo "installing regal ${REGAL_VERSION}" >&2
  dir=$(go mod download -json "github.com/open-policy-agent/regal@${REGAL_VERSION}" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -n "$dir" ] || { echo "install-policy-tools: could not download regal ${REGAL_VERSION}" >&2; exit 2; }
  (cd "$dir" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -o "$bin/regal" .)
  echo "$REGAL_VERSION" > "$bin/.regal-version"
fi
