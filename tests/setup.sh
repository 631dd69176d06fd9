#!/usr/bin/env bash
# Installs what the test suite needs beyond the .NET SDK. Safe to run again: it skips what is present.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

# Azurite (Azure Storage emulator) for the Azure Table storage tests, pinned in tests/tools/package.json.
if [ -f "$root/tests/tools/package.json" ] && [ ! -x "$root/tests/tools/node_modules/.bin/azurite-table" ]; then
  npm ci --prefix "$root/tests/tools" --no-audit --no-fund
fi
