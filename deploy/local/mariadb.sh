#!/usr/bin/env bash
# A project-local MariaDB server in a data directory (never the system service).
#
# Usage:
#   mariadb.sh init DATADIR
#   mariadb.sh start DATADIR PORT
#   mariadb.sh stop DATADIR
#   mariadb.sh status DATADIR
#   mariadb.sh create-db DATADIR DBNAME USER PASSWORD [--all-privileges]
#
# The server listens on 127.0.0.1:PORT and on DATADIR/mysqld.sock. root has no
# password and is used only through the socket. Applications connect over TCP.
# Env: SHOUHU_MARIADB_EXTRA_ARGS  extra mariadbd options (space separated)
#      SHOUHU_MARIADB_START_TIMEOUT seconds to wait for start (default 30)
set -euo pipefail

PATH="$PATH:/usr/sbin:/usr/local/sbin"

die() { echo "mariadb: $*" >&2; exit 1; }

usage() {
  sed -n '4,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

abs_dir() {
  [[ -n "$1" ]] || die "empty data dir"
  mkdir -p "$1"
  (cd "$1" && pwd)
}

sock_of() { echo "$1/mysqld.sock"; }
pidfile_of() { echo "$1/mysqld.pid"; }

# Client tools: never read ~/.my.cnf or /etc/mysql.
admin() {
  local dir="$1"; shift
  mariadb-admin --no-defaults --socket="$(sock_of "$dir")" --user=root \
    --connect-timeout=2 "$@"
}

alive() {
  admin "$1" ping >/dev/null 2>&1
}

# True while PID exists and is not a zombie.
proc_running() {
  kill -0 "$1" 2>/dev/null || return 1
  local state=""
  if [[ -r "/proc/$1/stat" ]]; then
    state="$(sed -E 's/^.*\) ([A-Za-z]).*$/\1/' "/proc/$1/stat" 2>/dev/null || true)"
  fi
  [[ "$state" != "Z" ]]
}

server_pid() {
  local pf
  pf="$(pidfile_of "$1")"
  [[ -s "$pf" ]] || return 1
  local pid
  pid="$(tr -dc '0-9' <"$pf")"
  [[ -n "$pid" ]] && proc_running "$pid" || return 1
  echo "$pid"
}

check_socket_len() {
  local sock
  sock="$(sock_of "$1")"
  if ((${#sock} > 100)); then
    die "socket path too long (${#sock} > 100 chars): $sock; use a shorter data dir path"
  fi
}

cmd_init() {
  (($# == 1)) || usage
  local dir
  dir="$(abs_dir "$1")"
  if [[ -d "$dir/mysql" ]]; then
    echo "mariadb: $dir already initialised"
    return 0
  fi
  local user_args=()
  ((EUID == 0)) && user_args=(--user=root)
  # The bootstrap server has been seen to crash once in a while on a busy machine
  # (several servers starting at once): retry from an empty directory before giving up.
  local attempt log
  log="$(mktemp "${TMPDIR:-/tmp}/shouhu-mariadb-install.XXXXXX")"
  for attempt in 1 2 3; do
    if mariadb-install-db --no-defaults --datadir="$dir" "${user_args[@]}" \
        --auth-root-authentication-method=normal --skip-test-db --skip-name-resolve >"$log" 2>&1; then
      mv "$log" "$dir/install.log"
      echo "mariadb: initialised $dir"
      return 0
    fi
    echo "mariadb: init attempt $attempt failed; retrying" >&2
    rm -rf "${dir:?}"/* 2>/dev/null || true
    sleep 1
  done
  tail -n 20 "$log" >&2
  rm -f "$log"
  die "init failed: $dir"
}

cmd_start() {
  (($# == 2)) || usage
  local dir port
  dir="$(abs_dir "$1")"
  port="$2"
  [[ "$port" =~ ^[0-9]+$ ]] || die "bad port: $port"
  [[ -d "$dir/mysql" ]] || die "$dir is not initialised (run: init $dir)"
  check_socket_len "$dir"

  if alive "$dir"; then
    echo "mariadb: already running ($dir)"
    return 0
  fi
  local pid
  if pid="$(server_pid "$dir")"; then
    die "pid $pid holds $dir but does not answer; stop it first"
  fi
  rm -f "$(pidfile_of "$dir")" "$(sock_of "$dir")"

  local user_args=()
  ((EUID == 0)) && user_args=(--user=root)
  local extra=()
  if [[ -n "${SHOUHU_MARIADB_EXTRA_ARGS:-}" ]]; then
    read -r -a extra <<<"$SHOUHU_MARIADB_EXTRA_ARGS"
  fi

  local log="$dir/error.log"
  local start_line=1
  [[ -f "$log" ]] && start_line=$(($(wc -l <"$log") + 1))

  # The server must not hold any inherited descriptor (a test runner waits for
  # its pipes to close), so only stdio, pointed at /dev/null, is passed on.
  (
    for fd_path in /proc/self/fd/*; do
      fd="${fd_path##*/}"
      if ((fd > 2)); then exec {fd}>&-; fi
    done
    exec setsid mariadbd --no-defaults \
      --datadir="$dir" \
      --socket="$(sock_of "$dir")" \
      --port="$port" \
      --bind-address=127.0.0.1 \
      "${user_args[@]}" \
      --skip-name-resolve \
      --pid-file="$(pidfile_of "$dir")" \
      --log-error="$log" \
      --innodb-buffer-pool-size=128M \
      --innodb-log-file-size=48M \
      --innodb-log-buffer-size=8M \
      --max-connections=300 \
      --character-set-server=utf8mb4 \
      --collation-server=utf8mb4_unicode_ci \
      --skip-log-bin \
      --default-time-zone=+00:00 \
      --performance-schema=OFF \
      --key-buffer-size=8M \
      --aria-pagecache-buffer-size=16M \
      --query-cache-type=0 \
      --query-cache-size=0 \
      --table-open-cache=1000 \
      --thread-cache-size=16 \
      --tmp-table-size=16M \
      --max-heap-table-size=16M \
      --max-allowed-packet=64M \
      "${extra[@]}"
  ) </dev/null >/dev/null 2>&1 &
  local spawned=$!

  local timeout="${SHOUHU_MARIADB_START_TIMEOUT:-30}"
  local deadline=$((SECONDS + timeout))
  while ((SECONDS < deadline)); do
    if alive "$dir"; then
      echo "mariadb: running on 127.0.0.1:$port ($dir)"
      return 0
    fi
    if ! proc_running "$spawned"; then
      break
    fi
    sleep 0.2
  done
  echo "mariadb: start failed; error.log:" >&2
  [[ -f "$log" ]] && tail -n "+$start_line" "$log" | tail -n 25 >&2
  kill "$spawned" 2>/dev/null || true
  exit 1
}

cmd_stop() {
  (($# == 1)) || usage
  local dir
  [[ -d "$1" ]] || { echo "mariadb: no data dir $1"; return 0; }
  dir="$(abs_dir "$1")"
  local pid=""
  pid="$(server_pid "$dir" || true)"
  if ! alive "$dir" && [[ -z "$pid" ]]; then
    echo "mariadb: not running ($dir)"
    return 0
  fi
  admin "$dir" shutdown >/dev/null 2>&1 || true
  if [[ -n "$pid" ]]; then
    local i
    for ((i = 0; i < 300; i++)); do
      proc_running "$pid" || break
      sleep 0.1
    done
    if proc_running "$pid"; then
      echo "mariadb: shutdown timed out; killing $pid" >&2
      kill -TERM "$pid" 2>/dev/null || true
      for ((i = 0; i < 100; i++)); do
        proc_running "$pid" || break
        sleep 0.1
      done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  else
    local i
    for ((i = 0; i < 300; i++)); do
      alive "$dir" || break
      sleep 0.1
    done
  fi
  rm -f "$(pidfile_of "$dir")"
  echo "mariadb: stopped ($dir)"
}

cmd_status() {
  (($# == 1)) || usage
  [[ -d "$1" ]] || { echo "mariadb: no data dir $1"; return 3; }
  local dir pid
  dir="$(abs_dir "$1")"
  if alive "$dir"; then
    pid="$(server_pid "$dir" || echo "?")"
    echo "mariadb: running (pid $pid, $dir)"
    return 0
  fi
  echo "mariadb: not running ($dir)"
  return 3
}

sql_string() {
  # Quote a value as an SQL string literal.
  local s="${1//\\/\\\\}"
  s="${s//\'/\'\'}"
  printf "'%s'" "$s"
}

cmd_create_db() {
  (($# == 4 || $# == 5)) || usage
  local dir db user pass scope
  dir="$(abs_dir "$1")"
  db="$2"; user="$3"; pass="$4"
  [[ "$db" =~ ^[A-Za-z0-9_]{1,64}$ ]] || die "bad database name: $db"
  [[ "$user" =~ ^[A-Za-z0-9_]{1,80}$ ]] || die "bad user name: $user"
  [[ -n "$pass" ]] || die "empty password"
  scope="\`$db\`.*"
  if (($# == 5)); then
    [[ "$5" == "--all-privileges" ]] || usage
    scope="*.*"
  fi
  alive "$dir" || die "server not running ($dir)"
  local pw host sql
  pw="$(sql_string "$pass")"
  sql="CREATE DATABASE IF NOT EXISTS \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
  for host in 127.0.0.1 localhost; do
    sql+="CREATE USER IF NOT EXISTS '$user'@'$host' IDENTIFIED BY $pw;"
    sql+="ALTER USER '$user'@'$host' IDENTIFIED BY $pw;"
    sql+="GRANT ALL PRIVILEGES ON $scope TO '$user'@'$host';"
  done
  sql+="FLUSH PRIVILEGES;"
  mariadb --no-defaults --socket="$(sock_of "$dir")" --user=root --batch <<<"$sql" \
    || die "create-db failed"
  echo "mariadb: database $db ready for $user"
}

(($# >= 1)) || usage
command="$1"; shift
case "$command" in
  init) cmd_init "$@" ;;
  start) cmd_start "$@" ;;
  stop) cmd_stop "$@" ;;
  status) cmd_status "$@" ;;
  create-db) cmd_create_db "$@" ;;
  -h|--help|help) usage ;;
  *) echo "mariadb: unknown command: $command" >&2; usage ;;
esac
