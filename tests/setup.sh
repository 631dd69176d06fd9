#!/usr/bin/env bash
# Installs what the test suite needs beyond the .NET SDK. Safe to run again: it skips what is present.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

# Node tools pinned in tests/tools/package.json: Azurite (Azure Storage emulator) for the Azure Table storage tests,
# json-logic-js (the JsonLogic reference implementation) for the rules' differential test.
if [ -f "$root/tests/tools/package.json" ] && { [ ! -x "$root/tests/tools/node_modules/.bin/azurite-table" ] \
  || [ ! -f "$root/tests/tools/node_modules/json-logic-js/logic.js" ]; }; then
  npm ci --prefix "$root/tests/tools" --no-audit --no-fund
fi

# Debian packages for the cluster tests: redis-server (clustering membership) and docker-compose (validates
# docker-compose.yml; no Docker engine is needed for `docker-compose config`). The package index is updated once,
# and only when something is missing.
missing_packages=()
command -v redis-server >/dev/null 2>&1 || missing_packages+=(redis-server)
command -v docker-compose >/dev/null 2>&1 || missing_packages+=(docker-compose)
command -v chromium >/dev/null 2>&1 || missing_packages+=(chromium)
if [ "${#missing_packages[@]}" -gt 0 ]; then
  sudo_if_needed=()
  [ "$(id -u)" -eq 0 ] || sudo_if_needed=(sudo)
  "${sudo_if_needed[@]}" apt-get update
  "${sudo_if_needed[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing_packages[@]}"
fi
