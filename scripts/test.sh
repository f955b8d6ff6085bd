#!/usr/bin/env bash
# The test command (README, CI): installs what is missing, then lint, type check, build and every
# Jest project (unit, then integration against a real Temporal dev server started by Jest's global setup).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
echo "== lint"; npx eslint .
echo "== typecheck"; npx tsc -p tsconfig.json --noEmit
echo "== build"; npm run --silent build
echo "== tests"; npx jest --ci "$@"
