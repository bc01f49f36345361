#!/usr/bin/env bash
# Installs Debian's Chromium for the HTML report's browser tests (tests/html.rs), if missing.
# Needs root and apt (Debian/Ubuntu); elsewhere install Chromium yourself or set FRAMESCOPE_CHROMIUM.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [[ -n "${FRAMESCOPE_CHROMIUM:-}" ]]; then
  exit 0
fi
if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  echo "error: the browser tests need Chromium: install it (Debian: apt-get install chromium) or set FRAMESCOPE_CHROMIUM" >&2
  exit 1
fi
echo "installing chromium (Debian package) for the browser tests ..." >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
