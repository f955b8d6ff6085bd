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
echo "== tests"
# unpdf and node-llama-cpp are ES modules that our CommonJS code import()s; Jest needs VM modules for that.
mkdir -p test-results
status=0
node --experimental-vm-modules --no-warnings=ExperimentalWarning node_modules/jest/bin/jest.js --ci --json --outputFile=test-results/jest.json "$@" || status=$?
# One plain closing line for CI: "tests: N passed, N failed, N skipped".
node -e 'const r = require("./test-results/jest.json"); console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`)' || true
exit "$status"
