#!/usr/bin/env bash
# Provides the pinned Temporal CLI (dev server + Web UI). Order of preference:
#   1. the cached build in $AUGCON_TEMPORAL_BIN_DIR;
#   2. `temporal` already on PATH;
#   3. `go install github.com/temporalio/cli/cmd/temporal@v1.5.1` from the Go module proxy
#      (v1.5.1 is the newest tag whose go.mod has no replace directive), installing Go from
#      Debian's packages if it is missing. The result is cached.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

if [ -x "$AUGCON_TEMPORAL_BIN_DIR/temporal" ]; then exit 0; fi
if command -v temporal >/dev/null 2>&1; then
  echo "install-temporal: using $(command -v temporal) ($(temporal --version))"
  exit 0
fi
if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then PATH="$PATH:/usr/local/go/bin"; fi
if ! command -v go >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq golang-go >/dev/null
  else echo "install-temporal: neither temporal nor go is installed; install Go (apt-get install golang-go) and rerun" >&2; exit 1; fi
fi
echo "install-temporal: building temporal CLI $AUGCON_TEMPORAL_CLI_VERSION with $(go version) (takes a few minutes once)"
mkdir -p "$AUGCON_TEMPORAL_BIN_DIR"
GOBIN="$AUGCON_TEMPORAL_BIN_DIR" GOFLAGS=-mod=mod go install "github.com/temporalio/cli/cmd/temporal@$AUGCON_TEMPORAL_CLI_VERSION"
"$AUGCON_TEMPORAL_BIN_DIR/temporal" --version
