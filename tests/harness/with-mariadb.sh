#!/usr/bin/env bash
# Run a command against a throw-away MariaDB server.
# Usage: tests/harness/with-mariadb.sh CMD [ARG...]
#
# Starts mariadbd in a temporary data dir on a free loopback port, creates
# database shouhu_test and user shouhu (ALL on *.*, so tests may create and drop
# their own databases), runs CMD with these variables exported, then always stops
# the server and deletes the data dir. Exits with CMD's status.
#
#   SHOUHU_TEST_DB_HOST SHOUHU_TEST_DB_PORT SHOUHU_TEST_DB_USER
#   SHOUHU_TEST_DB_PASSWORD SHOUHU_TEST_DB_NAME SHOUHU_TEST_DB_DATADIR
#   SHOUHU_TEST_DB_SOCKET
#   SHOUHU_TEST_MARIADB_SCRIPT   deploy/local/mariadb.sh; a test may run
#                                "$SHOUHU_TEST_MARIADB_SCRIPT" stop "$SHOUHU_TEST_DB_DATADIR" and
#                                "$SHOUHU_TEST_MARIADB_SCRIPT" start "$SHOUHU_TEST_DB_DATADIR" "$SHOUHU_TEST_DB_PORT"
#
# Env: SHOUHU_TEST_KEEP_DB=1 keeps the data dir (its path is printed).
set -euo pipefail

(($# >= 1)) || { echo "usage: $0 CMD [ARG...]" >&2; exit 2; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MARIADB="$ROOT/deploy/local/mariadb.sh"

# Test data is disposable: trade durability for speed. Exported so that a test
# restarting the server gets the same settings.
export SHOUHU_MARIADB_EXTRA_ARGS="--innodb-flush-log-at-trx-commit=2 --innodb-flush-method=nosync --innodb-doublewrite=0 --sync-binlog=0 ${SHOUHU_MARIADB_EXTRA_ARGS:-}"

BASE="$(mktemp -d "${TMPDIR:-/tmp}/shouhu-db.XXXXXX")"
DATADIR="$BASE/data"

# shellcheck disable=SC2317  # invoked by trap
teardown() {
  local rc=$?
  trap - EXIT INT TERM
  "$MARIADB" stop "$DATADIR" >/dev/null 2>&1 || true
  if [[ "${SHOUHU_TEST_KEEP_DB:-0}" == "1" ]]; then
    echo "harness: kept $BASE" >&2
  else
    rm -rf "$BASE"
  fi
  exit "$rc"
}
trap teardown EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

pick_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
    return
  fi
  local port
  while :; do
    port=$((20000 + RANDOM % 30000))
    if [[ -z "$(ss -Htln "sport = :$port" 2>/dev/null)" ]]; then
      echo "$port"
      return
    fi
  done
}

"$MARIADB" init "$DATADIR" >/dev/null

port=""
for attempt in 1 2 3 4 5; do
  candidate="$(pick_port)"
  if "$MARIADB" start "$DATADIR" "$candidate" >"$BASE/start.log" 2>&1; then
    port="$candidate"
    break
  fi
  echo "harness: start on port $candidate failed (attempt $attempt)" >&2
done
if [[ -z "$port" ]]; then
  cat "$BASE/start.log" >&2
  exit 1
fi

password="$(openssl rand -hex 16)"
"$MARIADB" create-db "$DATADIR" shouhu_test shouhu "$password" --all-privileges >/dev/null

export SHOUHU_TEST_DB_HOST=127.0.0.1
export SHOUHU_TEST_DB_PORT="$port"
export SHOUHU_TEST_DB_USER=shouhu
export SHOUHU_TEST_DB_PASSWORD="$password"
export SHOUHU_TEST_DB_NAME=shouhu_test
export SHOUHU_TEST_DB_DATADIR="$DATADIR"
export SHOUHU_TEST_DB_SOCKET="$DATADIR/mysqld.sock"
export SHOUHU_TEST_MARIADB_SCRIPT="$MARIADB"

echo "harness: mariadb on 127.0.0.1:$port"
set +e
"$@"
status=$?
set -e
exit "$status"
