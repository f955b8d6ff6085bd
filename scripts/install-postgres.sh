#!/usr/bin/env bash
# Installs Debian's PostgreSQL server package when no PostgreSQL binaries are present (for the shared
# store of issue 6: several workers on several machines). Idempotent; needs root on a fresh machine.
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "install-postgres: PostgreSQL is missing; install Debian's postgresql package (as root: apt-get install postgresql)" >&2
  exit 1
fi
echo "install-postgres: installing Debian's postgresql package"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
