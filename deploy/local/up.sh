#!/usr/bin/env bash
# Start the local Shouhu platform: MariaDB in var/local/mariadb, a development CA
# and keys, migrations, demo tokens, the five services, the demo data and the web
# console (deploy/local/console.sh).
# Re-runnable: what already exists or runs is kept.
#
# Env: SHOUHU_LOCAL_DB_PORT (33306), SHOUHU_<SVC>_PORT / SHOUHU_<SVC>_ADMIN_PORT
#      (referral 7101/9101, aid 7102/9102, visit 7103/9103, guardianship 7104/9104;
#      oversight 7105/9105: an event target of every service once it is built),
#      SHOUHU_CONSOLE_PORT (7180), SHOUHU_CONSOLE_EXTRA_FLAGS,
#      SHOUHU_<SVC>_EXTRA_FLAGS extra flags for one service,
#      SHOUHU_SKIP_DEPS=1 / SHOUHU_SKIP_BUILD=1 skip those steps.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

die() { echo "up: $*" >&2; exit 1; }

# sub|name|procuratorate|department|roles|env file
USERS=(
  "u-admin|系统管理员|520382|技术信息部|admin|admin"
  "u-zhang|张检察官|520382|第九检察部|caseworker|zhang"
  "u-li|李主任|520382|第九检察部|department_head|li"
  "u-wang|王检察长|520382|院领导|chief|wang|chief_procurator"
  "u-liu|刘副检察长|520382|院领导|chief|liu|deputy_chief_procurator"
  "u-zhao|赵会计|520382|计财部|finance|zhao"
  "u-chen|陈分析员|520382|办公室|analyst|chen"
  "u-vol|爱心妈妈刘|520382|志愿者|volunteer|vol"
  "u-xishui-head|习水县院部门负责人|520330|第九检察部|department_head|xishui-head"
)
AGENCIES=(edu-renhuai fulian-renhuai police-renhuai school-renhuai-1 edu-xishui minzheng-renhuai
  tuanwei-renhuai)

# 1. Dependencies and build.
[[ "${SHOUHU_SKIP_DEPS:-0}" == "1" ]] || bash scripts/install-deps.sh
# Only the platform (services, console, CLI, tools); the tests build in command 2.
[[ "${SHOUHU_SKIP_BUILD:-0}" == "1" ]] || bash scripts/build.sh shouhu-platform

mkdir -p "$SECRETS" "$TOKENS" "$LOGS" "$RUN" "$ENVS"
chmod 700 "$SECRETS" "$TOKENS"

# 2. MariaDB.
"$MARIADB_SH" init "$DB_DIR"
"$MARIADB_SH" start "$DB_DIR" "$DB_PORT"
actual_port="$(mariadb --no-defaults --socket="$DB_DIR/mysqld.sock" --user=root \
  --batch --skip-column-names -e 'SELECT @@port' 2>/dev/null || true)"
if [[ -n "$actual_port" && "$actual_port" != "$DB_PORT" ]]; then
  echo "up: MariaDB already runs on port $actual_port; using it"
  DB_PORT="$actual_port"
fi

PASSWORD_FILE="$SECRETS/db-password"
if [[ ! -s "$PASSWORD_FILE" ]]; then
  (umask 077 && printf '%s' "$(openssl rand -hex 16)" >"$PASSWORD_FILE")
fi
chmod 600 "$PASSWORD_FILE"
"$MARIADB_SH" create-db "$DB_DIR" shouhu shouhu "$(cat "$PASSWORD_FILE")"

# 3. Certificates and keys.
bash deploy/local/certs.sh "$SECRETS"

# 4. Migrations.
MIGRATE="$BUILD/services/tools/shouhu-migrate"
[[ -x "$MIGRATE" ]] || die "missing $MIGRATE (build failed?)"
"$MIGRATE" --db_host=127.0.0.1 --db_port="$DB_PORT" --db_user=shouhu \
  --db_password_file="$PASSWORD_FILE" --db_name=shouhu \
  --migrations_dir=deploy/migrations apply

# 5. Demo tokens (re-issued on every run; the signing key stays the same).
TOKEN_TOOL="$BUILD/services/tools/shouhu-token"
[[ -x "$TOKEN_TOOL" ]] || die "missing $TOKEN_TOOL (build failed?)"
for entry in "${USERS[@]}"; do
  IFS='|' read -r sub name proc dept roles _ title <<<"$entry"
  token="$("$TOKEN_TOOL" --key="$SECRETS/jwt-signing.key" --sub="$sub" --name="$name" \
    --procuratorate="$proc" --department="$dept" --roles="$roles" --title="${title:-}" \
    --ttl_hours=720)"
  (umask 077 && printf '%s\n' "$token" >"$TOKENS/$sub.jwt.tmp")
  mv -f "$TOKENS/$sub.jwt.tmp" "$TOKENS/$sub.jwt"
done
# Agency staff (one person per demo agency, for the browser console): sub|name|agency|procuratorate.
STAFF=(
  "s-edu-renhuai|仁怀市教育局 王老师|edu-renhuai|520382"
  "s-fulian-renhuai|仁怀市妇联 刘主任|fulian-renhuai|520382"
  "s-police-renhuai|仁怀市公安局 李警官|police-renhuai|520382"
  "s-school-renhuai-1|仁怀市第一中学 陈老师|school-renhuai-1|520382"
  "s-edu-xishui|习水县教育局 赵老师|edu-xishui|520330"
  "s-minzheng-renhuai|仁怀市民政局 周科长|minzheng-renhuai|520382"
  "s-tuanwei-renhuai|共青团仁怀市委员会 吴书记|tuanwei-renhuai|520382"
)
for entry in "${STAFF[@]}"; do
  IFS='|' read -r sub name agency proc <<<"$entry"
  token="$("$TOKEN_TOOL" --key="$SECRETS/jwt-signing.key" --sub="$sub" --name="$name" \
    --procuratorate="$proc" --agency="$agency" --roles=agency --ttl_hours=720)"
  (umask 077 && printf '%s\n' "$token" >"$TOKENS/$sub.jwt.tmp")
  mv -f "$TOKENS/$sub.jwt.tmp" "$TOKENS/$sub.jwt"
done
echo "up: ${#USERS[@]} user and ${#STAFF[@]} agency-staff tokens in var/local/tokens"

# 6. Environment files for the CLI, one per demo identity.
referral_addr="127.0.0.1:$(svc_port referral)"
write_env() {
  local file="$1" comment="$2" cert="$3" key="$4" token="${5:-}"
  {
    printf '# %s\n' "$comment"
    printf 'export SHOUHU_ADDR=%q\n' "$referral_addr"
    printf 'export SHOUHU_AID_ADDR=%q\n' "127.0.0.1:$(svc_port aid)"
    printf 'export SHOUHU_GUARDIANSHIP_ADDR=%q\n' "127.0.0.1:$(svc_port guardianship)"
    printf 'export SHOUHU_VISIT_ADDR=%q\n' "127.0.0.1:$(svc_port visit)"
    printf 'export SHOUHU_OVERSIGHT_ADDR=%q\n' "127.0.0.1:$(svc_port oversight)"
    printf 'export SHOUHU_CA=%q\n' "$SECRETS/ca.pem"
    printf 'export SHOUHU_CERT=%q\n' "$cert"
    printf 'export SHOUHU_KEY=%q\n' "$key"
    if [[ -n "$token" ]]; then
      printf 'export SHOUHU_TOKEN_FILE=%q\n' "$token"
    else
      printf 'unset SHOUHU_TOKEN_FILE\n'
    fi
  } >"$file"
}
for entry in "${USERS[@]}"; do
  IFS='|' read -r sub name proc dept roles who _ <<<"$entry"
  write_env "$ENVS/$who.sh" "$name ($sub, $roles, $proc $dept)" \
    "$SECRETS/clients/shouhu-cli.pem" "$SECRETS/clients/shouhu-cli.key" "$TOKENS/$sub.jwt"
done
for code in "${AGENCIES[@]}"; do
  write_env "$ENVS/$code.sh" "agency:$code (client certificate, no token)" \
    "$SECRETS/agencies/$code.pem" "$SECRETS/agencies/$code.key"
done

# 7. Services. Every producer's outbox also goes to the oversight service (deadline.changed).
svc_flags() {
  local svc="$1"
  # Every service publishes deadline.changed for the oversight service (流程监控): it is
  # a target of every relay once its binary is built (last: see common/server/events.h,
  # a target that is down holds back no other; its events wait in the outbox).
  local oversight=""
  if [[ -x "$(svc_bin oversight)" ]]; then
    oversight=",127.0.0.1:$(svc_port oversight)"
  fi
  FLAGS=(
    --listen="127.0.0.1:$(svc_port "$svc")"
    --admin_listen="127.0.0.1:$(svc_admin_port "$svc")"
    --db_host=127.0.0.1 --db_port="$DB_PORT" --db_user=shouhu
    --db_password_file="$SECRETS/db-password" --db_name=shouhu
    --tls_cert="$SECRETS/services/$svc.pem"
    --tls_key="$SECRETS/services/$svc.key"
    --tls_ca="$SECRETS/ca.pem"
    --jwt_public_key="$SECRETS/jwt-signing.pub"
    --migrations_dir=deploy/migrations
  )
  if [[ "$svc" != referral ]]; then
    FLAGS+=(--referral_addr="$referral_addr")
  fi
  if [[ "$svc" == aid ]]; then
    # The aid service's own flags: the data keys, the holiday calendar and the eligibility
    # rule set; its outbox (aid.paid) is delivered to the visit service.
    FLAGS+=(--data_key_file="$SECRETS/data-encryption.key"
      --hmac_key_file="$SECRETS/data-hmac.key" --calendar_dir=deploy/calendar
      --aid_rules_file=deploy/aid/rules/eligibility-2021.1.json
      --event_targets="127.0.0.1:$(svc_port visit)$oversight")
  fi
  if [[ "$svc" == guardianship ]]; then
    # The guardianship service's own flags: the data keys (orders are sealed) and the
    # holiday calendar (hand-off clocks); its outbox (order.issued) goes to the visit service.
    FLAGS+=(--data_key_file="$SECRETS/data-encryption.key"
      --hmac_key_file="$SECRETS/data-hmac.key" --calendar_dir=deploy/calendar
      --event_targets="127.0.0.1:$(svc_port visit)$oversight")
  fi
  if [[ "$svc" == visit ]]; then
    # The visit service's own flags: the data keys (visit records are sealed); its outbox
    # (visit.need_found, visit.need_withdrawn) is delivered to the aid service.
    FLAGS+=(--data_key_file="$SECRETS/data-encryption.key"
      --hmac_key_file="$SECRETS/data-hmac.key" --calendar_dir=deploy/calendar
      --event_targets="127.0.0.1:$(svc_port aid)$oversight")
  fi
  if [[ "$svc" == oversight ]]; then
    # The oversight service's own flags: notices go to the log (a partner system's
    # webhook: SHOUHU_OVERSIGHT_EXTRA_FLAGS="--notifier=webhook --notifier_webhook_url=...");
    # the data keys (appeals in the case-quality review are sealed); the record services
    # it asks for a closed case's facts (案件质量评查), reviewed a minute after closing here.
    FLAGS+=(--notifier=log
      --data_key_file="$SECRETS/data-encryption.key"
      --hmac_key_file="$SECRETS/data-hmac.key" --calendar_dir=deploy/calendar
      --aid_addr="127.0.0.1:$(svc_port aid)"
      --guardianship_addr="127.0.0.1:$(svc_port guardianship)"
      --visit_addr="127.0.0.1:$(svc_port visit)"
      --review_delay_seconds=60)
  fi
  if [[ "$svc" == referral ]]; then
    # The referral service's own flags: the data keys and the holiday calendar.
    FLAGS+=(--data_key_file="$SECRETS/data-encryption.key"
      --hmac_key_file="$SECRETS/data-hmac.key" --calendar_dir=deploy/calendar)
    # The referral service's outbox events (case.opened, referral.accepted, ...) are
    # delivered to the other services' EventReceiver endpoints.
    FLAGS+=(--event_targets="127.0.0.1:$(svc_port aid),127.0.0.1:$(svc_port visit),127.0.0.1:$(svc_port guardianship)$oversight")
  fi
  local extra_var="SHOUHU_${svc^^}_EXTRA_FLAGS"
  if [[ -n "${!extra_var:-}" ]]; then
    local extra=()
    read -r -a extra <<<"${!extra_var}"
    FLAGS+=("${extra[@]}")
  fi
}

# start_svc SVC: starts SVC unless it runs healthy from the current binary.
start_svc() {
  local svc="$1" bin pid log pidfile
  bin="$(svc_bin "$svc")"
  log="$LOGS/$svc.log"
  pidfile="$(svc_pidfile "$svc")"
  [[ -x "$bin" ]] || die "missing $bin (build failed?)"
  if pid="$(svc_pid "$svc")"; then
    if [[ "$bin" -nt "$pidfile" ]]; then
      echo "up: $svc was rebuilt; restarting"
      stop_pid "$pid" "$svc"
    elif svc_healthy "$svc"; then
      echo "up: $svc already running (pid $pid)"
      return 0
    else
      return 0  # running but not (yet) healthy: wait_svc decides
    fi
  fi
  svc_flags "$svc"
  printf '=== %s start\n' "$(date '+%F %T')" >>"$log"
  setsid "$bin" "${FLAGS[@]}" </dev/null >>"$log" 2>&1 &
  echo "$!" >"$pidfile"
}

wait_svc() {
  local svc="$1" i
  for ((i = 0; i < 150; i++)); do
    if svc_healthy "$svc"; then
      echo "up: $svc healthy on 127.0.0.1:$(svc_port "$svc")"
      return 0
    fi
    if ! svc_pid "$svc" >/dev/null; then
      break
    fi
    sleep 0.2
  done
  echo "up: $svc did not become healthy; var/local/logs/$svc.log:" >&2
  # Only this run's part of the log (after the last "=== start" line).
  awk '/^=== /{n=0} {line[n++]=$0} END{for(i=(n>30?n-30:0);i<n;i++) print line[i]}' \
    "$LOGS/$svc.log" >&2 || true
  exit 1
}

start_svc referral
wait_svc referral
for svc in aid visit guardianship oversight; do start_svc "$svc"; done
for svc in aid visit guardianship oversight; do wait_svc "$svc"; done

# 8. Demo data, once.
if [[ ! -f "$LOCAL/demo-loaded" ]]; then
  bash deploy/local/demo.sh
  date '+%F %T' >"$LOCAL/demo-loaded"
fi

# 8b. The web console, after the services it calls.
# shellcheck source-path=SCRIPTDIR source=console.sh
source deploy/local/console.sh
start_console

# 9. How to reach it.
cat <<INFO

守护 Shouhu 本地平台已就绪 / local platform is up

服务 Services (gRPC + mTLS)     管理端 Admin (HTTP: /healthz /metrics)
INFO
for svc in "${SERVICES[@]}"; do
  case "$svc" in
    referral) label="线索移送" ;;
    aid) label="司法救助" ;;
    visit) label="回访" ;;
    guardianship) label="监护令" ;;
    oversight) label="流程监控" ;;
  esac
  printf '  %-13s 127.0.0.1:%-5s  http://127.0.0.1:%s/healthz  /metrics  %s\n' \
    "$svc" "$(svc_port "$svc")" "$(svc_admin_port "$svc")" "$label"
done
cat <<INFO

控制台 Console  http://127.0.0.1:$(svc_port console)/

数据库 MariaDB      127.0.0.1:$DB_PORT  库/db shouhu  用户/user shouhu
                    密码/password: var/local/secrets/db-password
证书密钥 Secrets    var/local/secrets/  (CA, service/agency/client certs, keys)
令牌 Tokens         var/local/tokens/<user>.jwt
日志 Logs           var/local/logs/<service>.log

试用（在项目根目录）/ Try it (from the project root):
  # 承办人 张检察官 / caseworker u-zhang
  source var/local/env/zhang.sh && build/services/cli/shouhu list
  # 合作单位 仁怀市教育局 / agency edu-renhuai
  source var/local/env/edu-renhuai.sh && build/services/cli/shouhu list
  # 帮助 / help
  build/services/cli/shouhu help

  其他身份 Other identities: var/local/env/*.sh
    admin li wang liu zhao chen vol xishui-head
    fulian-renhuai police-renhuai school-renhuai-1 edu-xishui minzheng-renhuai tuanwei-renhuai

停止 Stop: deploy/local/down.sh     清除数据 Purge: deploy/local/down.sh --purge
INFO
