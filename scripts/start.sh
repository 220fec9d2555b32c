#!/usr/bin/env bash
# Runs Bastide. With no server configured it opens the built-in demo workspace.
# Electron when its binary is available; otherwise the same app in Chromium through the test host.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/bootstrap-node.sh
npm run -s build

electron_bin=""
if [ -f node_modules/electron/path.txt ]; then
  candidate="node_modules/electron/dist/$(cat node_modules/electron/path.txt)"
  [ -x "$candidate" ] && electron_bin=$candidate
fi
if [ -z "$electron_bin" ]; then
  # The electron package fetches its binary on first use; on a machine without internet this fails at once.
  node -e "require('electron')" >/dev/null 2>&1 || true
  if [ -f node_modules/electron/path.txt ]; then electron_bin="node_modules/electron/dist/$(cat node_modules/electron/path.txt)"; fi
fi

if [ -n "$electron_bin" ]; then
  exec "$electron_bin" out/main/index.cjs "$@"
fi
echo "start: no Electron binary on this machine; opening the app through the test host instead."
exec node --disable-warning=ExperimentalWarning out/host/serve.mjs --open "$@"
