#!/usr/bin/env bash
# The local Temporal dev server (SQLite file, so runs survive a restart; Web UI on 8233).
#   bash scripts/temporal-dev.sh start|stop|status|logs
# Settings: AUGCON_TEMPORAL_PORT (7233), AUGCON_TEMPORAL_UI_PORT (8233), AUGCON_TEMPORAL_DB
# (.augcon/temporal/temporal.db), AUGCON_TEMPORAL_HEADLESS=1 (no UI), AUGCON_TEMPORAL_START_TIMEOUT (120 s).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
command -v temporal >/dev/null 2>&1 || { bash scripts/install-temporal.sh; source scripts/env.sh; }

state_dir=.augcon/temporal
port="${AUGCON_TEMPORAL_PORT:-7233}"
ui_port="${AUGCON_TEMPORAL_UI_PORT:-8233}"
db="${AUGCON_TEMPORAL_DB:-$state_dir/temporal.db}"
pid_file="$state_dir/server-$port.pid"
log_file="$state_dir/server-$port.log"
timeout="${AUGCON_TEMPORAL_START_TIMEOUT:-120}"

healthy() { temporal operator cluster health --address "localhost:$port" >/dev/null 2>&1; }
running_pid() { [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null && cat "$pid_file"; }

case "${1:-}" in
  start)
    if healthy; then echo "temporal dev server already running on localhost:$port (UI http://localhost:$ui_port)"; exit 0; fi
    mkdir -p "$state_dir" "$(dirname "$db")"
    flags=()
    while IFS= read -r line; do
      line="${line%%#*}"; line="$(echo "$line" | xargs)"
      [ -n "$line" ] && read -r -a words <<<"$line" && flags+=("${words[@]}")
    done < temporal-config/dev-server.conf
    ui_flags=(--ui-port "$ui_port"); [ "${AUGCON_TEMPORAL_HEADLESS:-0}" = 1 ] && ui_flags=(--headless)
    nohup temporal server start-dev --port "$port" "${ui_flags[@]}" --db-filename "$db" --log-level warn "${flags[@]}" >"$log_file" 2>&1 &
    echo $! >"$pid_file"
    for ((waited = 0; waited < timeout; waited++)); do
      if healthy; then
        echo "temporal dev server on localhost:$port (UI http://localhost:$ui_port, data $db, log $log_file)"
        exit 0
      fi
      if ! kill -0 "$(cat "$pid_file")" 2>/dev/null; then break; fi
      sleep 1
    done
    echo "temporal dev server did not become healthy within ${timeout}s; last log lines:" >&2
    tail -n 30 "$log_file" >&2 || true
    exit 1
    ;;
  stop)
    pid="$(running_pid || true)"
    if [ -z "$pid" ]; then echo "temporal dev server on port $port is not running (no live pid in $pid_file)"; exit 0; fi
    kill -TERM "$pid"
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || { rm -f "$pid_file"; echo "stopped"; exit 0; }; sleep 1; done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$pid_file"
    echo "stopped (killed after 30 s)"
    ;;
  status)
    if healthy; then echo "running on localhost:$port (pid $(running_pid || echo unknown), UI http://localhost:$ui_port)"; else echo "not running on localhost:$port"; exit 3; fi
    ;;
  logs)
    tail -n "${2:-100}" "$log_file"
    ;;
  *)
    echo "usage: $0 start|stop|status|logs" >&2
    exit 2
    ;;
esac
