#!/usr/bin/env bash
# Browser tests of the console. Starts a throw-away local platform with deploy/local/up.sh
# (its own MariaDB, the four services, shouhu-console with the development identities and
# the demo data) in a temporary directory on free loopback ports, a second console with a
# short idle time (session expiry), then runs console_test.mjs with node's test runner:
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

die() { echo "browser: $*" >&2; exit 1; }
command -v node >/dev/null || die "node is missing (scripts/install-deps.sh)"
[[ -x "$SHOUHU_CHROMIUM" ]] || die "$SHOUHU_CHROMIUM is missing (scripts/install-deps.sh)"
[[ -d "$SHOUHU_WEB_NODE_MODULES/playwright-core" ]] ||
  die "no playwright-core in $SHOUHU_WEB_NODE_MODULES (build the shouhu-console-web target)"
[[ -x "$BUILD/services/console/shouhu-console" ]] || die "shouhu-console is not built"

pick_ports() {
  python3 - "$1" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
PY
}

TMP="$(mktemp -d "${TMPDIR:-/tmp}/shouhu-browser.XXXXXX")"
export SHOUHU_LOCAL_DIR="$TMP/local"
read -r -a ports <<<"$(pick_ports 12)"
export SHOUHU_LOCAL_DB_PORT="${ports[0]}"
export SHOUHU_REFERRAL_PORT="${ports[1]}" SHOUHU_REFERRAL_ADMIN_PORT="${ports[2]}"
export SHOUHU_AID_PORT="${ports[3]}" SHOUHU_AID_ADMIN_PORT="${ports[4]}"
export SHOUHU_VISIT_PORT="${ports[5]}" SHOUHU_VISIT_ADMIN_PORT="${ports[6]}"
export SHOUHU_GUARDIANSHIP_PORT="${ports[7]}" SHOUHU_GUARDIANSHIP_ADMIN_PORT="${ports[8]}"
export SHOUHU_CONSOLE_PORT="${ports[9]}" SHOUHU_CONSOLE_ADMIN_PORT="${ports[10]}"
SHORT_PORT="${ports[11]}"
export SHOUHU_SKIP_DEPS=1 SHOUHU_SKIP_BUILD=1
short_pid=""

# shellcheck disable=SC2317  # invoked by trap
teardown() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$short_pid" ]]; then
    kill -TERM "$short_pid" 2>/dev/null || true
    wait "$short_pid" 2>/dev/null || true
  fi
  bash "$ROOT/deploy/local/down.sh" >"$TMP/down.log" 2>&1 || cat "$TMP/down.log" >&2
  if [[ "${SHOUHU_BROWSER_KEEP:-0}" == "1" ]]; then
    echo "browser: kept $TMP" >&2
  else
    rm -rf "$TMP"
  fi
  exit "$rc"
}
trap teardown EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

started=$SECONDS
if ! bash "$ROOT/deploy/local/up.sh" >"$TMP/up.log" 2>&1; then
  tail -n 40 "$TMP/up.log" >&2
  die "the local platform did not start"
fi
echo "browser: platform up in $((SECONDS - started)) s (console on 127.0.0.1:$SHOUHU_CONSOLE_PORT)"

# The same console again with a short idle time: its flags are those up.sh gave the first,
# with another address.
console_pid="$(tr -dc '0-9' <"$SHOUHU_LOCAL_DIR/run/console.pid")"
mapfile -d '' console_args < <(tail -c +1 "/proc/$console_pid/cmdline")
short_args=()
for arg in "${console_args[@]:1}"; do
  case "$arg" in
    --listen=*) short_args+=("--listen=127.0.0.1:$SHORT_PORT") ;;
    --admin_listen=*) ;;
    --session_idle*) ;;
    *) short_args+=("$arg") ;;
  esac
done
(cd "$ROOT" && exec "${console_args[0]}" "${short_args[@]}" \
  "--session_idle_minutes=$SHORT_IDLE_MINUTES") >"$TMP/console-short.log" 2>&1 &
short_pid=$!
for _ in $(seq 1 50); do
  curl -fs -o /dev/null "http://127.0.0.1:$SHORT_PORT/api/session" && break
  sleep 0.2
done

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
