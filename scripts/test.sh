#!/usr/bin/env bash
# The one test command: installs what is missing, builds, runs every check and suite,
# and ends with one line "N passed, N failed" summing them all.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh || { echo "0 passed, 1 failed"; exit 1; }
source scripts/bootstrap-node.sh
export CI=${CI:-true}
mkdir -p .ci/artifacts
rm -f .ci/vitest.json .ci/e2e.json

passed=0
failed=0
skipped=0
check() {
  local name=$1
  shift
  echo "== $name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $name"; fi
}
# Reads "passed failed skipped" from a runner's JSON report; a missing report is one failure.
count() {
  node scripts/report-counts.mjs "$1" "$2" || echo "0 1 0"
}
add_counts() {
  read -r p f s <<<"$1"
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  echo "-- $2: $p passed, $f failed, $s skipped"
}

# Real servers on loopback for the whole run; stopped on exit whatever happens.
export BASTIDE_SERVERS_DIR=$(mktemp -d /tmp/bastide-servers-XXXXXX)
trap 'bash e2e/servers/servers.sh down "$BASTIDE_SERVERS_DIR"' EXIT
bash e2e/servers/servers.sh up "$BASTIDE_SERVERS_DIR" || { echo "0 passed, 1 failed"; exit 1; }

check typecheck npm run -s typecheck
check lint npm run -s lint
check "electron-builder.yml against its schema" node scripts/validate-builder-config.mjs electron-builder.yml
check "policy artefacts in sync with the schema" node scripts/policies/generate.mjs --check
check build npm run -s build

echo "== unit and integration tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile=.ci/vitest.json
add_counts "$(count vitest .ci/vitest.json)" vitest

echo "== end-to-end tests (playwright)"
npx playwright test
add_counts "$(count playwright .ci/e2e.json)" playwright

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
