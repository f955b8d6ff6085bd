#!/usr/bin/env bash
# A throw-away local PostgreSQL server for the shared store (tests, and trying several workers on one
# machine): start | stop | status | url. Data in .augcon/postgres/<port> (or AUGCON_POSTGRES_DIR),
# loopback only, trust authentication, database "augcon". Settings: AUGCON_POSTGRES_PORT (55432).
set -euo pipefail
cd "$(dirname "$0")/.."
port="${AUGCON_POSTGRES_PORT:-55432}"
dir="${AUGCON_POSTGRES_DIR:-$PWD/.augcon/postgres/$port}"
url="postgres://augcon@127.0.0.1:$port/augcon"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -n "$bin" ] || { echo "postgres-dev: no PostgreSQL binaries; run bash scripts/install-postgres.sh" >&2; exit 1; }

# PostgreSQL refuses to run as root: as root, run its tools as the package's postgres user.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    if as_owner "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then echo "$url"; exit 0; fi
    if [ ! -f "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir" && chmod 700 "$dir"
      as_owner "$bin/initdb" -D "$dir" -U augcon --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    fi
    as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
    as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U augcon -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'augcon'" | grep -q 1 \
      || as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U augcon -d postgres -qc "CREATE DATABASE augcon" >/dev/null
    echo "$url"
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$dir" -m fast stop >/dev/null 2>&1 && echo stopped || echo "not running"
    ;;
  status)
    as_owner "$bin/pg_ctl" -D "$dir" status
    ;;
  url)
    echo "$url"
    ;;
  *)
    echo "usage: $0 start|stop|status|url" >&2
    exit 2
    ;;
esac
