#!/usr/bin/env bash
# Reproduces the numbers of docs/performance.md in one command:
#
#   bash tests/bench/run.sh [REPORT_FILE]
#
# Builds the load generator and the service binaries, starts a throw-away MariaDB
# (tests/harness/with-mariadb.sh), creates a development CA and keys in a temporary
# directory, migrates, starts the four services, measures each service's idle resident
# memory, then runs every workload directly against the database (baseline) and through
# gRPC + mTLS + auth, at the same concurrency and database pool size. Prints a markdown
# report and writes it to REPORT_FILE when given. Everything it starts is stopped at the end.
# Then sysbench's oltp_insert and oltp_write_only run against the same MariaDB with the same
# number of clients: the store's ceiling for one-statement and five-statement transactions.
# Each configuration of SHOUHU_BENCH_DURABILITY gets its own fresh MariaDB and report section.
#
# Env: SHOUHU_BENCH_DURATION_S  timed window per run, seconds (20)
#      SHOUHU_BENCH_WARMUP_S    warm-up per run, seconds (3)
#      SHOUHU_BENCH_CLIENTS     concurrent clients (16)
#      SHOUHU_BENCH_POOL_SIZE   --db_pool_size of the referral service and the baseline (16)
#      SHOUHU_BENCH_MAX_THREADS --max_threads of the referral service (its default when unset)
#      SHOUHU_BENCH_WORKLOADS   workloads to run ("intake triage mixed aid")
#      SHOUHU_BENCH_AID_POOL_SIZE --db_pool_size of the aid baseline (4: what the aid service
#                               runs with, services/aid/main.cc caps its pool at 4)
#      SHOUHU_BENCH_AID_CASES   open cases seeded per client for the aid workload (4)
#      SHOUHU_BENCH_REPEATS     pairs of runs (direct, gRPC) per workload (3)
#      SHOUHU_BENCH_TRIAGE_POOL referrals seeded before each triage run (10000)
#      SHOUHU_BENCH_IDLE_S      seconds the services sit idle before RSS is read (5)
#      SHOUHU_BUILD_DIR         build directory (scripts/build.sh; default build/)
#      SHOUHU_SKIP_BUILD=1      use the binaries already built
#      SHOUHU_BENCH_DURABILITY  "fast", "durable" or "fast durable" (fast): fast is the
#                               harness's setting (commits not flushed to disk, no fsync);
#                               durable flushes and fsyncs the redo log at every commit
#                               (innodb_flush_log_at_trx_commit=1, flush method fsync,
#                               doublewrite on, sync_binlog=1), as production would
#      SHOUHU_BENCH_SYSBENCH    1: also run sysbench when installed (1); 0: skip it
#      SHOUHU_MARIADB_EXTRA_ARGS extra mariadbd options (after the defaults below)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD_DIR="${SHOUHU_BUILD_DIR:-$ROOT/build}"
export SHOUHU_BUILD_DIR="$BUILD_DIR"

if [[ "${1:-}" != "--inside-harness" ]]; then
  report="${1:-}"
  if [[ -n "$report" ]]; then
    mkdir -p "$(dirname "$report")"
    report="$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"
  fi
  if [[ "${SHOUHU_SKIP_BUILD:-0}" != "1" ]]; then
    bash "$ROOT/scripts/build.sh" shouhu-bench shouhu-referral shouhu-aid shouhu-visit \
      shouhu-guardianship shouhu-migrate >&2
  fi
  # The runs write a few hundred MB; a buffer pool that holds them keeps later runs (gRPC
  # after direct) from paying for disk reads the earlier ones did not.
  base_args="--innodb-buffer-pool-size=1G --innodb-log-file-size=256M ${SHOUHU_MARIADB_EXTRA_ARGS:-}"
  parts=()
  for durability in ${SHOUHU_BENCH_DURABILITY:-fast}; do
    case "$durability" in
      fast) args="$base_args" ;;
      # After the harness's defaults, so these win.
      durable)
        args="$base_args --innodb-flush-log-at-trx-commit=1 --innodb-flush-method=fsync"
        args+=" --innodb-doublewrite=1 --sync-binlog=1"
        ;;
      *)
        echo "bench: SHOUHU_BENCH_DURABILITY: unknown configuration $durability" >&2
        exit 2
        ;;
    esac
    part="$(mktemp "${TMPDIR:-/tmp}/shouhu-bench-$durability.XXXXXX")"
    parts+=("$part")
    SHOUHU_MARIADB_EXTRA_ARGS="$args" SHOUHU_BENCH_CONFIG="$durability" \
      bash "$ROOT/tests/harness/with-mariadb.sh" bash "${BASH_SOURCE[0]}" --inside-harness \
      "$part"
  done
  cat "${parts[@]}"
  if [[ -n "$report" ]]; then
    cat "${parts[@]}" >"$report"
    echo "bench: report written to $report" >&2
  fi
  rm -f "${parts[@]}"
  exit 0
fi

# ----------------------------------------------------------------- inside the harness
REPORT="${2:-}"
CONFIG="${SHOUHU_BENCH_CONFIG:-fast}"
SYSBENCH="${SHOUHU_BENCH_SYSBENCH:-1}"
DURATION="${SHOUHU_BENCH_DURATION_S:-20}"
WARMUP="${SHOUHU_BENCH_WARMUP_S:-3}"
CLIENTS="${SHOUHU_BENCH_CLIENTS:-16}"
POOL_SIZE="${SHOUHU_BENCH_POOL_SIZE:-16}"
MAX_THREADS="${SHOUHU_BENCH_MAX_THREADS:-}"
WORKLOADS="${SHOUHU_BENCH_WORKLOADS:-intake triage mixed aid}"
AID_POOL_SIZE="${SHOUHU_BENCH_AID_POOL_SIZE:-4}"
AID_CASES="${SHOUHU_BENCH_AID_CASES:-4}"
REPEATS="${SHOUHU_BENCH_REPEATS:-3}"
TRIAGE_POOL="${SHOUHU_BENCH_TRIAGE_POOL:-10000}"
IDLE_S="${SHOUHU_BENCH_IDLE_S:-5}"
BENCH="$BUILD_DIR/tests/bench/shouhu-bench"
MIGRATE="$BUILD_DIR/services/tools/shouhu-migrate"
SERVICES=(referral aid visit guardianship)

for bin in "$BENCH" "$MIGRATE"; do
  [[ -x "$bin" ]] || { echo "bench: missing $bin" >&2; exit 1; }
done
for svc in "${SERVICES[@]}"; do
  [[ -x "$BUILD_DIR/services/$svc/shouhu-$svc" ]] || {
    echo "bench: missing $BUILD_DIR/services/$svc/shouhu-$svc" >&2
    exit 1
  }
done

STOP_ORDER=(guardianship visit aid referral)
# 1. Work directory, clean-up, keys, certificates, database password, schema.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$ROOT/tests/bench/lib.sh"

# 2. The four services, flagged as deploy/local/up.sh does.
for svc in "${SERVICES[@]}"; do
  PORT[$svc]="$(free_port)"
  ADMIN[$svc]="$(free_port)"
done
referral_addr="127.0.0.1:${PORT[referral]}"

start_svc() {
  local svc="$1" flags
  base_flags "$svc"
  flags=("${BASE_FLAGS[@]}")
  if [[ "$svc" == referral ]]; then
    flags+=(--db_pool_size="$POOL_SIZE"
      --data_key_file="$CERTS/data-encryption.key" --hmac_key_file="$CERTS/data-hmac.key"
      --calendar_dir="$ROOT/deploy/calendar"
      --event_targets="127.0.0.1:${PORT[aid]},127.0.0.1:${PORT[visit]},127.0.0.1:${PORT[guardianship]}")
    [[ -z "$MAX_THREADS" ]] || flags+=(--max_threads="$MAX_THREADS")
    # The bench drives all its clients through one agency and one user on purpose: lift
    # their per-caller call and rate limits (docs/architecture.md "Per-caller limits").
    flags+=(--agency_max_calls=0 --user_max_calls=0 --agency_rate=0 --user_rate=0)
  else
    flags+=(--referral_addr="$referral_addr")
  fi
  if [[ "$svc" == guardianship ]]; then
    # As deploy/local/up.sh: data keys, calendar; order.issued goes to visits.
    flags+=(--data_key_file="$CERTS/data-encryption.key" --hmac_key_file="$CERTS/data-hmac.key"
      --calendar_dir="$ROOT/deploy/calendar" --event_targets="127.0.0.1:${PORT[visit]}")
  fi
  if [[ "$svc" == visit ]]; then
    # As deploy/local/up.sh: data keys (visit records are sealed), calendar; needs go to aid.
    flags+=(--data_key_file="$CERTS/data-encryption.key" --hmac_key_file="$CERTS/data-hmac.key"
      --calendar_dir="$ROOT/deploy/calendar" --event_targets="127.0.0.1:${PORT[aid]}")
  fi
  if [[ "$svc" == aid ]]; then
    # As deploy/local/up.sh: data keys, calendar, rule set; aid.paid goes to visits.
    flags+=(--data_key_file="$CERTS/data-encryption.key" --hmac_key_file="$CERTS/data-hmac.key"
      --calendar_dir="$ROOT/deploy/calendar"
      --aid_rules_file="$ROOT/deploy/aid/rules/eligibility-2021.1.json"
      --event_targets="127.0.0.1:${PORT[visit]}")
    # One caseworker per client, but one head, chief and finance user for all 16: lift the
    # per-caller limits as for the referral service.
    flags+=(--user_max_calls=0 --user_rate=0)
  fi
  # In a session of its own, as deploy/local/up.sh starts it (own scheduling group).
  setsid "$BUILD_DIR/services/$svc/shouhu-$svc" "${flags[@]}" </dev/null >"$WORK/$svc.log" 2>&1 &
  PIDS[$svc]=$!
}

start_svc referral
wait_healthy referral
for svc in aid visit guardianship; do start_svc "$svc"; done
for svc in aid visit guardianship; do wait_healthy "$svc"; done

# rss_kb PID: "VmRSS RssAnon" in kB (resident in all; of which anonymous, i.e. not pages of
# the binary and shared libraries).
rss_kb() { awk '/^VmRSS:/ {r = $2} /^RssAnon:/ {a = $2} END {print r, a}' "/proc/$1/status"; }

sleep "$IDLE_S"
declare -A RSS_IDLE=() RSS_AFTER=()
for svc in "${SERVICES[@]}"; do RSS_IDLE[$svc]="$(rss_kb "${PIDS[$svc]}")"; done

# 3. The runs: for each workload, the direct baseline then gRPC.
BENCH_COMMON=(
  --clients="$CLIENTS" --duration_s="$DURATION" --warmup_s="$WARMUP"
  --triage_pool="$TRIAGE_POOL" --db_pool_size="$POOL_SIZE"
)
GRPC_FLAGS=(
  --addr="$referral_addr" --ca="$CERTS/ca.pem"
  --agency_cert="$CERTS/agencies/edu-renhuai.pem" --agency_key="$CERTS/agencies/edu-renhuai.key"
  --client_cert="$CERTS/clients/shouhu-bench.pem" --client_key="$CERTS/clients/shouhu-bench.key"
  --jwt_signing_key="$CERTS/jwt-signing.key"
)
DIRECT_FLAGS=(
  "${DB_FLAGS[@]}"
  --data_key_file="$CERTS/data-encryption.key" --hmac_key_file="$CERTS/data-hmac.key"
  --calendar_dir="$ROOT/deploy/calendar" --migrations_dir="$ROOT/deploy/migrations"
)

# The aid workload (both modes): cases through the referral core in-process on the same
# database (DIRECT_FLAGS); direct mode asks the running referral service for cases with
# the aid service's certificate, as the service does; gRPC mode calls the aid service.
AID_COMMON=(
  "${DIRECT_FLAGS[@]}" --db_pool_size="$AID_POOL_SIZE" --aid_cases_per_client="$AID_CASES"
  --ca="$CERTS/ca.pem"
)
AID_DIRECT_FLAGS=(
  --aid_rules_file="$ROOT/deploy/aid/rules/eligibility-2021.1.json"
  --aid_referral_addr="$referral_addr"
  --aid_service_cert="$CERTS/services/aid.pem" --aid_service_key="$CERTS/services/aid.key"
)
AID_GRPC_FLAGS=(
  --addr="127.0.0.1:${PORT[aid]}"
  --client_cert="$CERTS/clients/shouhu-bench.pem" --client_key="$CERTS/clients/shouhu-bench.key"
  --jwt_signing_key="$CERTS/jwt-signing.key"
)

MARIADB_PID="$(tr -dc '0-9' <"$SHOUHU_TEST_DB_DATADIR/mysqld.pid" 2>/dev/null || true)"
WATCH="referral:${PIDS[referral]}"
[[ -z "$MARIADB_PID" ]] || WATCH+=",mariadb:$MARIADB_PID"
AID_WATCH="aid:${PIDS[aid]},$WATCH"

# field JSON KEY: the first (top-level) numeric or boolean value of KEY.
field() { grep -o "\"$2\":[0-9.a-z]*" <<<"$1" | head -n 1 | cut -d: -f2; }
# cpu JSON NAME: CPU milliseconds per operation of NAME during the window ("-" if absent).
cpu() {
  local v
  v="$(grep -o "\"$2\":{\"cores\":[0-9.]*,\"ms_per_op\":[0-9.]*" <<<"$1" | sed 's/.*://')"
  if [[ -n "$v" ]]; then awk -v v="$v" 'BEGIN { printf "%.2f", v }'; else echo "-"; fi
}
# ms JSON KEY: a latency rounded to 0.1 ms.
ms() { awk -v v="$(field "$1" "$2")" 'BEGIN { printf "%.1f", v }'; }

# median [DIGITS]: the median of the numbers on stdin (mean of the middle two for an even
# count), with DIGITS decimals (2).
median() {
  awk 'NF' | sort -g | awk -v d="${1:-2}" '{ v[NR] = $1 } END {
    if (NR == 0) { print "-"; exit }
    m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.*f", d, m }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

# Pairs of runs, direct and gRPC back to back, alternating which goes first (D G, G D, ...)
# so that drift in the machine's load does not favour one mode.
declare -A RESULT=() LOAD=()
salt=0
for workload in $WORKLOADS; do
  for ((rep = 1; rep <= REPEATS; rep++)); do
    order=(direct grpc)
    ((rep % 2 == 1)) || order=(grpc direct)
    for mode in "${order[@]}"; do
      salt=$((salt + 1))  # each run draws its own people and request ids
      key="$workload.$mode.$rep"
      echo "bench: $workload / $mode / $rep of $REPEATS (load $(loadavg))" >&2
      LOAD[$key]="$(loadavg)"
      watch="$WATCH"
      if [[ "$workload" == aid ]]; then
        watch="$AID_WATCH"
        extra=("${AID_COMMON[@]}")
        if [[ "$mode" == direct ]]; then
          extra+=("${AID_DIRECT_FLAGS[@]}")
        else
          extra+=("${AID_GRPC_FLAGS[@]}")
        fi
      elif [[ "$mode" == direct ]]; then
        extra=("${DIRECT_FLAGS[@]}")
      else
        extra=("${GRPC_FLAGS[@]}")
      fi
      # Later flags win: the aid workload's pool size replaces the common one.
      "$BENCH" --mode="$mode" --workload="$workload" "${BENCH_COMMON[@]}" "${extra[@]}" \
        --watch_pids="$watch" --salt="$salt" >"$WORK/$key.out" 2>"$WORK/$key.err" || {
        cat "$WORK/$key.err" >&2
        exit 1
      }
      cat "$WORK/$key.out" >&2
      RESULT[$key]="$(tail -n 1 "$WORK/$key.out")"
      LOAD[$key]+=" → $(loadavg)"
    done
  done
done

sleep "$IDLE_S"
for svc in "${SERVICES[@]}"; do RSS_AFTER[$svc]="$(rss_kb "${PIDS[$svc]}")"; done

# The store's ceiling: sysbench on the same server, settings and number of clients (while
# the services sit idle for the memory reading below).
declare -A SB=()
SB_TESTS=(oltp_insert oltp_write_only)
if [[ "$SYSBENCH" == 1 ]] && command -v sysbench >/dev/null 2>&1; then
  SB_ARGS=(
    --db-driver=mysql --mysql-host="$SHOUHU_TEST_DB_HOST" --mysql-port="$SHOUHU_TEST_DB_PORT"
    --mysql-user="$SHOUHU_TEST_DB_USER" --mysql-password="$SHOUHU_TEST_DB_PASSWORD"
    --mysql-db="$SHOUHU_TEST_DB_NAME" --tables=4 --table-size=10000 --threads="$CLIENTS"
    --percentile=99
  )
  for t in "${SB_TESTS[@]}"; do
    echo "bench: sysbench $t (load $(loadavg))" >&2
    sysbench "$t" "${SB_ARGS[@]}" prepare >"$WORK/sb-$t.prepare" 2>&1
    # sysbench 1.0 has no warm-up option: a short run first, not reported.
    sysbench "$t" "${SB_ARGS[@]}" --time="$(printf '%.0f' "$WARMUP")" run >/dev/null 2>&1 || true
    SB[$t.load]="$(loadavg)"
    sysbench "$t" "${SB_ARGS[@]}" --time="$(printf '%.0f' "$DURATION")" run \
      >"$WORK/sb-$t.out" 2>&1 || { cat "$WORK/sb-$t.out" >&2; exit 1; }
    SB[$t.load]+=" → $(loadavg)"
    sysbench "$t" "${SB_ARGS[@]}" cleanup >/dev/null 2>&1
    cat "$WORK/sb-$t.out" >&2
    SB[$t.tps]="$(sed -n 's/.*transactions: *[0-9]* *(\([0-9.]*\) per sec.*/\1/p' "$WORK/sb-$t.out")"
    SB[$t.qps]="$(sed -n 's/.*queries: *[0-9]* *(\([0-9.]*\) per sec.*/\1/p' "$WORK/sb-$t.out")"
    SB[$t.avg]="$(awk '$1 == "avg:" {print $2; exit}' "$WORK/sb-$t.out")"
    SB[$t.p99]="$(awk '$1 == "99th" {print $3; exit}' "$WORK/sb-$t.out")"
  done
fi
# The services hand freed heap back to the system every 30 s (HostOptions::
# memory_trim_interval): read again once that has happened.
sleep 30
declare -A RSS_LATER=()
for svc in "${SERVICES[@]}"; do RSS_LATER[$svc]="$(rss_kb "${PIDS[$svc]}")"; done

# 4. The report.
# mib "RSS ANON": "<rss> (<anon>)" in MiB.
mib() { awk -v v="$1" 'BEGIN { split(v, k, " "); printf "%.1f (%.1f)", k[1] / 1024, k[2] / 1024 }'; }
# over WORKLOAD MODE KEY [cpu]: the values of KEY in every repetition, one a line.
over() {
  local rep r
  for ((rep = 1; rep <= REPEATS; rep++)); do
    r="${RESULT[$1.$2.$rep]}"
    if [[ "${4:-}" == cpu ]]; then cpu "$r" "$3"; else field "$r" "$3"; fi
    echo
  done
}
# The aid workload's part of the report (aid_report).
# shellcheck source=tests/bench/run_aid_report.sh
source "$ROOT/tests/bench/run_aid_report.sh"
# The processes whose CPU a workload's table shows: the aid workload adds the aid service.
procs() { if [[ "$1" == aid ]]; then echo "bench aid referral mariadb"; else echo "bench referral mariadb"; fi; }
cpu_medians() {
  local p out=""
  for p in $(procs "$1"); do out+="${out:+ · }$(over "$1" "$2" "$p" cpu | median)"; done
  echo "$out"
}
cpu_of() {
  local p out=""
  for p in $(procs "$1"); do out+="${out:+ · }$(cpu "$2" "$p")"; done
  echo "$out"
}
{
  echo "## Results, $CONFIG commits ($(date -u '+%Y-%m-%d %H:%M UTC'))"
  echo
  echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) RAM."
  echo "Clients $CLIENTS, window ${DURATION} s after ${WARMUP} s warm-up, $REPEATS pairs of runs per workload,"
  echo "database pool $POOL_SIZE, referral --max_threads ${MAX_THREADS:-default}, triage pool $TRIAGE_POOL referrals."
  echo
  echo "MariaDB: $SHOUHU_MARIADB_EXTRA_ARGS"
  echo
  echo "Medians over the repetitions; grpc/direct is the median of the ratios of each pair;"
  echo "CPU is milliseconds of CPU per operation (bench · referral · mariadb; for aid, where one"
  echo "operation is one whole flow of 8 calls: bench · aid · referral · mariadb)."
  echo
  echo "| workload | mode | ops/s | p50 ms | p95 ms | p99 ms | errors | grpc/direct | CPU ms/op |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---|"
  for workload in $WORKLOADS; do
    for mode in direct grpc; do
      ratio_col="—"
      if [[ "$mode" == grpc ]]; then
        ratio_col="$(for ((rep = 1; rep <= REPEATS; rep++)); do
          ratio "$(field "${RESULT[$workload.grpc.$rep]}" ops_per_s)" \
            "$(field "${RESULT[$workload.direct.$rep]}" ops_per_s)"
          echo
        done | median)"
      fi
      errors="$(over "$workload" "$mode" errors | awk '{ s += $1 } END { print s + 0 }')"
      echo "| $workload | $mode | $(over "$workload" "$mode" ops_per_s | median 1) | $(over "$workload" "$mode" p50_ms | median 1) | $(over "$workload" "$mode" p95_ms | median 1) | $(over "$workload" "$mode" p99_ms | median 1) | $errors | $ratio_col | $(cpu_medians "$workload" "$mode") |"
    done
  done
  [[ " $WORKLOADS " != *" aid "* ]] || aid_report
  if [[ -n "${SB[oltp_insert.tps]:-}" ]]; then
    echo
    echo "The store's ceiling: sysbench $(sysbench --version | awk '{print $2}'), same server and settings,"
    echo "$CLIENTS threads, ${DURATION} s after ${WARMUP} s warm-up, 4 tables of 10,000 rows."
    echo
    echo "| sysbench test | statements per transaction | tx/s | statements/s | avg ms | p99 ms | load avg before → after |"
    echo "|---|---|---:|---:|---:|---:|---|"
    echo "| oltp_insert | 1 insert (autocommit) | ${SB[oltp_insert.tps]} | ${SB[oltp_insert.qps]} | ${SB[oltp_insert.avg]} | ${SB[oltp_insert.p99]} | ${SB[oltp_insert.load]} |"
    echo "| oltp_write_only | begin, 2 updates, delete, insert, commit | ${SB[oltp_write_only.tps]} | ${SB[oltp_write_only.qps]} | ${SB[oltp_write_only.avg]} | ${SB[oltp_write_only.p99]} | ${SB[oltp_write_only.load]} |"
  fi
  echo
  echo "Resident memory (VmRSS) of each idle service, MiB; in brackets the anonymous part"
  echo "(RssAnon: heap, stacks; the rest are pages of the binary and shared libraries)."
  echo
  echo "| service | idle at start (${IDLE_S} s) | ${IDLE_S} s after the runs | $((IDLE_S + 30)) s after the runs |"
  echo "|---|---:|---:|---:|"
  for svc in "${SERVICES[@]}"; do
    echo "| $svc | $(mib "${RSS_IDLE[$svc]}") | $(mib "${RSS_AFTER[$svc]}") | $(mib "${RSS_LATER[$svc]}") |"
  done
  echo
  echo "Every run:"
  echo
  echo "| workload | pair | mode | ops/s | p50 ms | p95 ms | p99 ms | max ms | errors | grpc/direct | CPU ms/op | load avg before → after |"
  echo "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---|"
  for workload in $WORKLOADS; do
    for ((rep = 1; rep <= REPEATS; rep++)); do
      for mode in direct grpc; do
        r="${RESULT[$workload.$mode.$rep]}"
        ratio_col="—"
        if [[ "$mode" == grpc ]]; then
          ratio_col="$(ratio "$(field "$r" ops_per_s)" "$(field "${RESULT[$workload.direct.$rep]}" ops_per_s)")"
        fi
        note=""
        [[ "$(field "$r" exhausted)" == true ]] && note=" (pool exhausted)"
        echo "| $workload | $rep | $mode | $(field "$r" ops_per_s)$note | $(ms "$r" p50_ms) | $(ms "$r" p95_ms) | $(ms "$r" p99_ms) | $(ms "$r" max_ms) | $(field "$r" errors) | $ratio_col | $(cpu_of "$workload" "$r") | ${LOAD[$workload.$mode.$rep]} |"
      done
    done
  done
  echo
  echo "Raw summaries (one JSON line per run, in the order of the table above):"
  echo
  echo '```'
  for workload in $WORKLOADS; do
    for ((rep = 1; rep <= REPEATS; rep++)); do
      for mode in direct grpc; do echo "${RESULT[$workload.$mode.$rep]}"; done
    done
  done
  echo '```'
} >"$WORK/report.md"

cat "$WORK/report.md"
if [[ -n "$REPORT" ]]; then
  cp "$WORK/report.md" "$REPORT"
  echo "bench: report written to $REPORT" >&2
fi
