# Shared by the benchmark scripts (run.sh, run_visit_report.sh), sourced inside the
# throw-away MariaDB of tests/harness/with-mariadb.sh. The caller sets ROOT and BUILD_DIR,
# and SERVICES (the services it starts, for logs) and STOP_ORDER (the order to stop them);
# start_svc fills PIDS[svc], PORT[svc] and ADMIN[svc].
# shellcheck shell=bash

WORK="$(mktemp -d "${TMPDIR:-/tmp}/shouhu-bench.XXXXXX")"
declare -A PIDS=() PORT=() ADMIN=()

# On exit: stops the services (TERM, then KILL after 10 s), shows the last lines of their
# logs when the run failed, and removes the work directory.
# shellcheck disable=SC2317  # invoked by trap
bench_cleanup() {
  local rc=$? svc pid i
  trap - EXIT INT TERM
  for svc in "${STOP_ORDER[@]}"; do
    pid="${PIDS[$svc]:-}"
    [[ -n "$pid" ]] || continue
    kill -TERM "$pid" 2>/dev/null || continue
    for ((i = 0; i < 100; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if ((rc != 0)); then
    for svc in "${SERVICES[@]}"; do
      [[ -f "$WORK/$svc.log" ]] || continue
      echo "--- $svc.log (last lines)" >&2
      tail -n 15 "$WORK/$svc.log" >&2
    done
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap bench_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 30000))
    if [[ -z "$(ss -Htln "sport = :$port" 2>/dev/null)" ]]; then
      echo "$port"
      return
    fi
  done
}

# Keys and certificates in $CERTS, the database password file, DB_FLAGS, the schema.
CERTS="$WORK/certs"
bash "$ROOT/deploy/local/certs.sh" "$CERTS" >&2
(umask 077 && printf '%s' "$SHOUHU_TEST_DB_PASSWORD" >"$WORK/db-password")
DB_FLAGS=(
  --db_host="$SHOUHU_TEST_DB_HOST" --db_port="$SHOUHU_TEST_DB_PORT"
  --db_user="$SHOUHU_TEST_DB_USER" --db_password_file="$WORK/db-password"
  --db_name="$SHOUHU_TEST_DB_NAME"
)
"$BUILD_DIR/services/tools/shouhu-migrate" "${DB_FLAGS[@]}" \
  --migrations_dir="$ROOT/deploy/migrations" apply >&2

# BASE_FLAGS: the flags every service gets (listen, admin, database, TLS with the
# certificate of `cert`, token key, migrations).
base_flags() {
  local svc="$1" cert="${2:-$1}"
  BASE_FLAGS=(
    --listen="127.0.0.1:${PORT[$svc]}" --admin_listen="127.0.0.1:${ADMIN[$svc]}"
    "${DB_FLAGS[@]}"
    --tls_cert="$CERTS/services/$cert.pem" --tls_key="$CERTS/services/$cert.key"
    --tls_ca="$CERTS/ca.pem" --jwt_public_key="$CERTS/jwt-signing.pub"
    --migrations_dir="$ROOT/deploy/migrations"
  )
}

# Waits up to 30 s for the service's admin /healthz to answer 200.
wait_healthy() {
  local svc="$1" i code
  for ((i = 0; i < 150; i++)); do
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 \
      "http://127.0.0.1:${ADMIN[$svc]}/healthz" 2>/dev/null || true)"
    [[ "$code" == 200 ]] && return 0
    kill -0 "${PIDS[$svc]}" 2>/dev/null || break
    sleep 0.2
  done
  echo "bench: $svc did not become healthy" >&2
  exit 1
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
