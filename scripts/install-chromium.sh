#!/usr/bin/env bash
# Installs Debian's chromium package when it is missing: the report test (test/integration/report.test.ts)
# opens the run report in headless Chromium through playwright-core, which downloads no browser of its
# own. Idempotent; needs root on a machine without Chromium.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "install-chromium: /usr/bin/chromium is missing; install Debian's chromium package (as root: apt-get install chromium)" >&2
  exit 1
fi
echo "install-chromium: installing Debian's chromium package"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
if [ ! -x /usr/bin/chromium ]; then
  echo "install-chromium: apt-get installed chromium but /usr/bin/chromium is not there" >&2
  exit 1
fi
echo "install-chromium: $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium installed')"
