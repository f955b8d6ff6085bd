#!/usr/bin/env bash
# The demo, end to end on a fresh clone: installs what is missing, builds, starts the local Temporal
# dev server (it keeps running so you can look at the run in the Web UI), and runs the sample corpus
# against the deterministic stand-in LLM server (a test double, not a model).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
source scripts/env.sh
npm run --silent build >/dev/null
bash scripts/temporal-dev.sh start
node dist/src/cli/main.js demo "$@"
echo "The Temporal dev server keeps running for the Web UI; stop it with: bash scripts/temporal-dev.sh stop"
