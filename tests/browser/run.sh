#!/usr/bin/env bash
# Browser tests of the console. Starts a throw-away local platform with deploy/local/up.sh
# (its own MariaDB, the five services, the demo tokens and data, shouhu-console with the
# development identities) in a temporary directory on free loopback ports, a second console
# with a short idle time (session expiry), then runs console_test.mjs with node's test
# runner:
# Debian's chromium, headless, through playwright-core. Everything is stopped and removed
# at the end.
#
# Env: SHOUHU_BINARY_DIR (build), SHOUHU_WEB_NODE_MODULES (the web app's npm ci),
#      SHOUHU_CHROMIUM (/usr/bin/chromium), SHOUHU_BROWSER_KEEP=1 keeps the directory.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${SHOUHU_BINARY_DIR:-$ROOT/build}"
export SHOUHU_WEB_NODE_MODULES="${SHOUHU_WEB_NODE_MODULES:-$BUILD/services/console/web-npm/node_modules}"
export SHOUHU_CHROMIUM="${SHOUHU_CHROMIUM:-/usr/bin/chromium}"
# The idle time of the second console (whole minutes): its session is opened first and
# checked last, so the wait overlaps the other tests.
SHORT_IDLE_MINUTES=1

TAG=browser
THROWAWAY_KEEP="${SHOUHU_BROWSER_KEEP:-0}"
die() { echo "browser: $*" >&2; exit 1; }
command -v node >/dev/null || die "node is missing (scripts/install-deps.sh)"
[[ -x "$SHOUHU_CHROMIUM" ]] || die "$SHOUHU_CHROMIUM is missing (scripts/install-deps.sh)"
[[ -d "$SHOUHU_WEB_NODE_MODULES/playwright-core" ]] ||
  die "no playwright-core in $SHOUHU_WEB_NODE_MODULES (build the shouhu-console-web target)"
[[ -x "$BUILD/services/console/shouhu-console" ]] || die "shouhu-console is not built"

# shellcheck source-path=SCRIPTDIR source=../support/throwaway_platform.sh
source "$ROOT/tests/support/throwaway_platform.sh"
SHORT_PORT="$THROWAWAY_SPARE_PORT"
throwaway_up

# up.sh started the console (SHOUHU_CONSOLE_PORT) with the demo identities; a second one
# with the same sign-in list and a short idle time checks session expiry.
throwaway_console "$SHORT_PORT" --session_idle_minutes="$SHORT_IDLE_MINUTES"

export SHOUHU_CONSOLE_URL="http://127.0.0.1:$SHOUHU_CONSOLE_PORT"
export SHOUHU_CONSOLE_SHORT_URL="http://127.0.0.1:$SHORT_PORT"
export SHOUHU_CONSOLE_SHORT_IDLE_SECONDS="$((SHORT_IDLE_MINUTES * 60))"
set +e
node --test --test-reporter=spec "$ROOT/tests/browser/console_test.mjs"
status=$?
set -e
if ((status != 0)); then
  echo "--- console log (tail)" >&2
  tail -n 30 "$SHOUHU_LOCAL_DIR/logs/console.log" >&2 || true
fi
exit "$status"
