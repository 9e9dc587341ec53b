# Shared settings of the local platform scripts (sourced, not run).
# shellcheck shell=bash
# shellcheck disable=SC2034  # variables are used by the sourcing scripts

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# SHOUHU_LOCAL_DIR: another place than var/local (e.g. a throw-away platform of a test).
LOCAL="${SHOUHU_LOCAL_DIR:-$ROOT/var/local}"
SECRETS="$LOCAL/secrets"
TOKENS="$LOCAL/tokens"
LOGS="$LOCAL/logs"
RUN="$LOCAL/run"
ENVS="$LOCAL/env"
DB_DIR="$LOCAL/mariadb"
MARIADB_SH="$ROOT/deploy/local/mariadb.sh"
BUILD="${SHOUHU_BUILD_DIR:-$ROOT/build}"
CLI="$BUILD/services/cli/shouhu"

DB_PORT="${SHOUHU_LOCAL_DB_PORT:-33306}"
SERVICES=(referral aid visit guardianship oversight)

# svc_port SVC / svc_admin_port SVC: gRPC and admin (HTTP) ports, overridable by
# SHOUHU_<SVC>_PORT and SHOUHU_<SVC>_ADMIN_PORT.
svc_port() {
  local var="SHOUHU_${1^^}_PORT" def
  case "$1" in
    referral) def=7101 ;; aid) def=7102 ;; visit) def=7103 ;; guardianship) def=7104 ;;
    oversight) def=7105 ;;  # 流程监控 (deadline.changed from every service)
    console) def=7180 ;;  # the web console (HTTP on loopback; its /healthz on the same port)
    *) return 1 ;;
  esac
  echo "${!var:-$def}"
}

svc_admin_port() {
  local var="SHOUHU_${1^^}_ADMIN_PORT" def
  case "$1" in
    referral) def=9101 ;; aid) def=9102 ;; visit) def=9103 ;; guardianship) def=9104 ;;
    oversight) def=9105 ;;
    *) return 1 ;;
  esac
  echo "${!var:-$def}"
}

svc_bin() { echo "$BUILD/services/$1/shouhu-$1"; }
svc_pidfile() { echo "$RUN/$1.pid"; }

# svc_pid SVC: prints the pid of our running SVC process, fails if there is none.
svc_pid() {
  local pf pid arg0
  pf="$(svc_pidfile "$1")"
  [[ -s "$pf" ]] || return 1
  pid="$(tr -dc '0-9' <"$pf")"
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  arg0="$(tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | head -n 1 || true)"
  [[ "$arg0" == *"shouhu-$1" ]] || return 1
  echo "$pid"
}

svc_healthy() {
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 \
    "http://127.0.0.1:$(svc_admin_port "$1")/healthz" 2>/dev/null || true)"
  [[ "$code" == "200" ]]
}

# stop_pid PID NAME: SIGTERM, wait up to 15 s, then SIGKILL.
stop_pid() {
  local pid="$1" name="$2" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 150; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  echo "$name: still running after 15 s; killing" >&2
  kill -KILL "$pid" 2>/dev/null || true
}
