# The web console of the local platform (sourced by up.sh after the services are up).
# shellcheck shell=bash
#
# start_console: writes var/local/console-identities.txt (the development sign-in: every
# token in var/local/tokens, the demo users first) and starts shouhu-console on
# 127.0.0.1:$(svc_port console) (7180, SHOUHU_CONSOLE_PORT) with the client certificate
# clients/shouhu-console, the services' addresses, --dev_identities and the web app
# (build/services/console/web, else services/console/web). Plain HTTP: loopback only.
# SHOUHU_CONSOLE_EXTRA_FLAGS adds flags. Kept running when it runs from the current binary.

CONSOLE_IDENTITIES="$LOCAL/console-identities.txt"

write_console_identities() {
  local entry sub f id
  local -A listed=()
  {
    echo "# Development sign-in of shouhu-console, written by deploy/local/up.sh."
    echo "# <identity> <token file, relative to this directory>"
    for entry in "${USERS[@]}"; do
      IFS='|' read -r sub _ <<<"$entry"
      echo "$sub tokens/$sub.jwt"
      listed[$sub]=1
    done
    # Other identities with a token (agency staff, ...), by name.
    for f in "$TOKENS"/*.jwt; do
      [[ -f "$f" ]] || continue
      id="$(basename "$f" .jwt)"
      [[ -n "${listed[$id]:-}" ]] && continue
      echo "$id tokens/$id.jwt"
    done
  } >"$CONSOLE_IDENTITIES.tmp"
  chmod 600 "$CONSOLE_IDENTITIES.tmp"
  mv -f "$CONSOLE_IDENTITIES.tmp" "$CONSOLE_IDENTITIES"
}

console_healthy() {
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 \
    "http://127.0.0.1:$(svc_port console)/healthz" 2>/dev/null || true)"
  [[ "$code" == "200" ]]
}

start_console() {
  local bin log pidfile pid port web_dir="" d i
  bin="$(svc_bin console)"
  log="$LOGS/console.log"
  pidfile="$(svc_pidfile console)"
  port="$(svc_port console)"
  [[ -x "$bin" ]] || die "missing $bin (build failed?)"
  write_console_identities
  if pid="$(svc_pid console)"; then
    if [[ "$bin" -nt "$pidfile" ]]; then
      echo "up: console was rebuilt; restarting"
      stop_pid "$pid" console
    elif console_healthy; then
      echo "up: console already running (pid $pid)"
      return 0
    fi
  fi
  if ! svc_pid console >/dev/null; then
    for d in "$BUILD/services/console/web" "$ROOT/services/console/web"; do
      if [[ -f "$d/index.html" ]]; then
        web_dir="$d"
        break
      fi
    done
    local flags=(
      --listen="127.0.0.1:$port"
      --tls_cert="$SECRETS/clients/shouhu-console.pem"
      --tls_key="$SECRETS/clients/shouhu-console.key"
      --tls_ca="$SECRETS/ca.pem"
      --jwt_public_key="$SECRETS/jwt-signing.pub"
      --referral_addr="127.0.0.1:$(svc_port referral)"
      --aid_addr="127.0.0.1:$(svc_port aid)"
      --visit_addr="127.0.0.1:$(svc_port visit)"
      --guardianship_addr="127.0.0.1:$(svc_port guardianship)"
      --oversight_addr="127.0.0.1:$(svc_port oversight)"
      --dev_identities="$CONSOLE_IDENTITIES"
    )
    if [[ -n "$web_dir" ]]; then
      flags+=(--web_dir="$web_dir")
    else
      echo "up: no web app built yet (build/services/console/web); the console serves its API only"
    fi
    if [[ -n "${SHOUHU_CONSOLE_EXTRA_FLAGS:-}" ]]; then
      local extra=()
      read -r -a extra <<<"$SHOUHU_CONSOLE_EXTRA_FLAGS"
      flags+=("${extra[@]}")
    fi
    printf '=== %s start\n' "$(date '+%F %T')" >>"$log"
    setsid "$bin" "${flags[@]}" </dev/null >>"$log" 2>&1 &
    echo "$!" >"$pidfile"
  fi
  for ((i = 0; i < 150; i++)); do
    if console_healthy; then
      echo "up: console healthy on http://127.0.0.1:$port/"
      return 0
    fi
    svc_pid console >/dev/null || break
    sleep 0.2
  done
  echo "up: console did not become healthy; var/local/logs/console.log:" >&2
  awk '/^=== /{n=0} {line[n++]=$0} END{for(i=(n>30?n-30:0);i<n;i++) print line[i]}' \
    "$log" >&2 || true
  exit 1
}
