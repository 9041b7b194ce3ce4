#!/usr/bin/env bash
# The browser tests' Chromium (apps/web/e2e, docs/web.md): Debian's package at /usr/bin/chromium,
# driven by playwright-core (which downloads no browser). `npm test` runs this first. Installs the
# package when it is missing and this runs as root with apt-get; otherwise it says what to do and
# goes on (the browser test then fails naming the missing binary). PLEIN_CHROMIUM names another build.
set -euo pipefail
CHROMIUM="${PLEIN_CHROMIUM:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0
if [ -n "${PLEIN_CHROMIUM:-}" ]; then
  echo "plein: PLEIN_CHROMIUM=$CHROMIUM is not an executable; the browser test (apps/web) will fail" >&2
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "plein: no Chromium at $CHROMIUM and not root with apt-get: install it (sudo apt-get install -y chromium) or set PLEIN_CHROMIUM; the browser test (apps/web) fails until then" >&2
  exit 0
fi
log="${PLEIN_HOME:-/tmp}/chromium-install.log"
mkdir -p "$(dirname "$log")"
echo "plein: installing Chromium for the browser tests (apt-get install -y chromium; log: $log)" >&2
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y chromium >"$log" 2>&1; then
  # A fresh machine may not have the package lists yet.
  apt-get update >>"$log" 2>&1 && apt-get install -y chromium >>"$log" 2>&1 || {
    echo "plein: could not install Chromium (see $log); the browser test (apps/web) will fail" >&2
    exit 0
  }
fi
