# A throw-away local platform for the browser tests and the console benchmark, sourced:
# deploy/local/up.sh (its own MariaDB, the four services, the demo tokens and data,
# shouhu-console with the development identities) in a temporary directory on free
# loopback ports, stopped and removed when the sourcing script exits.
#
# The caller sets ROOT, BUILD and TAG (a word for messages and the directory name), may add
# process ids to THROWAWAY_PIDS (stopped first at exit) and sets THROWAWAY_KEEP=1 to keep
# the directory. After `throwaway_up`: SHOUHU_LOCAL_DIR, SHOUHU_*_PORT (exported),
# THROWAWAY_SPARE_PORT (one more free port) and TMP (the directory).
# shellcheck shell=bash

throwaway_die() { echo "$TAG: $*" >&2; exit 1; }

# N free loopback ports (bound together, then released).
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

TMP="$(mktemp -d "${TMPDIR:-/tmp}/shouhu-$TAG.XXXXXX")"
export SHOUHU_LOCAL_DIR="$TMP/local"
read -r -a _ports <<<"$(pick_ports 13)"
export SHOUHU_LOCAL_DB_PORT="${_ports[0]}"
export SHOUHU_REFERRAL_PORT="${_ports[1]}" SHOUHU_REFERRAL_ADMIN_PORT="${_ports[2]}"
export SHOUHU_AID_PORT="${_ports[3]}" SHOUHU_AID_ADMIN_PORT="${_ports[4]}"
export SHOUHU_VISIT_PORT="${_ports[5]}" SHOUHU_VISIT_ADMIN_PORT="${_ports[6]}"
export SHOUHU_GUARDIANSHIP_PORT="${_ports[7]}" SHOUHU_GUARDIANSHIP_ADMIN_PORT="${_ports[8]}"
export SHOUHU_CONSOLE_PORT="${_ports[9]}"
export SHOUHU_OVERSIGHT_PORT="${_ports[11]}" SHOUHU_OVERSIGHT_ADMIN_PORT="${_ports[12]}"
# shellcheck disable=SC2034  # for the sourcing script
THROWAWAY_SPARE_PORT="${_ports[10]}"
export SHOUHU_SKIP_DEPS=1 SHOUHU_SKIP_BUILD=1 SHOUHU_BUILD_DIR="$BUILD"
THROWAWAY_PIDS=()

# shellcheck disable=SC2317  # invoked by trap
throwaway_teardown() {
  local rc=$? pid
  trap - EXIT INT TERM
  for pid in "${THROWAWAY_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  bash "$ROOT/deploy/local/down.sh" >"$TMP/down.log" 2>&1 || cat "$TMP/down.log" >&2
  if [[ "${THROWAWAY_KEEP:-0}" == "1" ]]; then
    echo "$TAG: kept $TMP" >&2
  else
    rm -rf "$TMP"
  fi
  exit "$rc"
}
trap throwaway_teardown EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

throwaway_up() {
  local started=$SECONDS
  if ! bash "$ROOT/deploy/local/up.sh" >"$TMP/up.log" 2>&1; then
    tail -n 40 "$TMP/up.log" >&2
    throwaway_die "the local platform did not start"
  fi
  echo "$TAG: platform up in $((SECONDS - started)) s"
}

# Another shouhu-console over the platform on port $1 with the same development sign-in
# list and any further flags ($2...), in THROWAWAY_PIDS; waits until it answers.
throwaway_console() {
  local port="$1" i
  shift
  local dir="$SHOUHU_LOCAL_DIR"
  (cd "$ROOT" && exec "$BUILD/services/console/shouhu-console" \
    --listen="127.0.0.1:$port" --web_dir="$BUILD/services/console/web" \
    --dev_identities="$dir/console-identities.txt" \
    --tls_cert="$dir/secrets/clients/shouhu-console.pem" \
    --tls_key="$dir/secrets/clients/shouhu-console.key" \
    --tls_ca="$dir/secrets/ca.pem" --jwt_public_key="$dir/secrets/jwt-signing.pub" \
    --referral_addr="127.0.0.1:$SHOUHU_REFERRAL_PORT" --aid_addr="127.0.0.1:$SHOUHU_AID_PORT" \
    --visit_addr="127.0.0.1:$SHOUHU_VISIT_PORT" \
    --guardianship_addr="127.0.0.1:$SHOUHU_GUARDIANSHIP_PORT" \
    --oversight_addr="127.0.0.1:$SHOUHU_OVERSIGHT_PORT" "$@") \
    >"$TMP/console-$port.log" 2>&1 &
  THROWAWAY_PIDS+=("$!")
  for ((i = 0; i < 100; i++)); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" && return 0
    sleep 0.1
  done
  tail -n 30 "$TMP/console-$port.log" >&2
  throwaway_die "the console on port $port did not start"
}
