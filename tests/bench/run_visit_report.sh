#!/usr/bin/env bash
# The visit service through the real shouhu-visit binary (mTLS, tokens): "my due visits"
# (VisitPlanService.ListDueVisits) on a fill of 100,000 plans and 1,000,000 slots over 100
# caseworkers (tests/bench/bench_visit.h) at 1 and 16 clients; visit recording (RecordVisit
# completing fresh slots) at 1 and 16 clients through gRPC and through VisitCore in-process
# on the same database; offline batches (UploadBatch of 1,000 items, then replayed).
# Reproduces the "Visit" sections of docs/performance.md in one command:
#
#   bash tests/bench/run_visit_report.sh [REPORT_FILE]
#
# Starts a throw-away MariaDB (tests/harness/with-mariadb.sh), a development CA and keys
# in a temporary directory, migrates, starts shouhu-referral and shouhu-visit as
# deploy/local/up.sh does (the visit service's per-user limits lifted: each client is a
# caseworker of its own, but the bench measures the query, not the limiter), fills once
# (not timed), then runs each concurrency REPEATS times and prints the medians as markdown,
# plus the EXPLAIN of the due-visits statement for one caseworker. Everything it starts is
# stopped at the end.
#
# Env: SHOUHU_BENCH_DURATION_S   timed window per run, seconds (20)
#      SHOUHU_BENCH_WARMUP_S     warm-up per run, seconds (3)
#      SHOUHU_BENCH_REPEATS      runs per concurrency (3)
#      SHOUHU_BENCH_VISIT_PLANS  plans of the fill (100000; 10 slots each)
#      SHOUHU_BENCH_VISIT_BEFORE an earlier shouhu-visit binary: the due visits are also
#                                measured against it (started beside the current one on
#                                the same database), runs alternating, for a before/after
#      SHOUHU_BENCH_VISIT_BATCHES batches of 1,000 items (3)
#      SHOUHU_BENCH_VISIT_PARTS  which measurements ("due record batch")
#      SHOUHU_BUILD_DIR          build directory (default build/)
#      SHOUHU_SKIP_BUILD=1       use the binaries already built
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
    bash "$ROOT/scripts/build.sh" shouhu-bench shouhu-referral shouhu-visit shouhu-migrate >&2
  fi
  part="$(mktemp "${TMPDIR:-/tmp}/shouhu-bench-visit.XXXXXX")"
  SHOUHU_MARIADB_EXTRA_ARGS="--innodb-buffer-pool-size=1G --innodb-log-file-size=256M ${SHOUHU_MARIADB_EXTRA_ARGS:-}" \
    bash "$ROOT/tests/harness/with-mariadb.sh" bash "${BASH_SOURCE[0]}" --inside-harness "$part"
  cat "$part"
  if [[ -n "$report" ]]; then
    cp "$part" "$report"
    echo "bench: report written to $report" >&2
  fi
  rm -f "$part"
  exit 0
fi

# ----------------------------------------------------------------- inside the harness
REPORT="${2:-}"
DURATION="${SHOUHU_BENCH_DURATION_S:-20}"
WARMUP="${SHOUHU_BENCH_WARMUP_S:-3}"
REPEATS="${SHOUHU_BENCH_REPEATS:-3}"
PLANS="${SHOUHU_BENCH_VISIT_PLANS:-100000}"
BENCH="$BUILD_DIR/tests/bench/shouhu-bench"
MIGRATE="$BUILD_DIR/services/tools/shouhu-migrate"
BEFORE_BIN="${SHOUHU_BENCH_VISIT_BEFORE:-}"
BATCHES="${SHOUHU_BENCH_VISIT_BATCHES:-3}"
PARTS=" ${SHOUHU_BENCH_VISIT_PARTS:-due record batch} "
part() { [[ "$PARTS" == *" $1 "* ]]; }
SERVICES=(referral visit)
[[ -n "$BEFORE_BIN" ]] && SERVICES+=(visit_before)
for bin in "$BENCH" "$MIGRATE" "$BUILD_DIR/services/referral/shouhu-referral" \
  "$BUILD_DIR/services/visit/shouhu-visit"; do
  [[ -x "$bin" ]] || { echo "bench: missing $bin" >&2; exit 1; }
done

STOP_ORDER=(visit_before visit referral)
# 1. Work directory, clean-up, keys, certificates, database password, schema.
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$ROOT/tests/bench/lib.sh"

# 2. The referral service (the visit service's case hub) and the visit service.
for svc in "${SERVICES[@]}"; do
  PORT[$svc]="$(free_port)"
  ADMIN[$svc]="$(free_port)"
done
start_svc() {
  local svc="$1" flags bin="$BUILD_DIR/services/$1/shouhu-$1" cert="$1"
  if [[ "$svc" == visit_before ]]; then
    bin="$BEFORE_BIN"
    cert=visit
  fi
  base_flags "$svc" "$cert"
  flags=(
    "${BASE_FLAGS[@]}"
    --data_key_file="$CERTS/data-encryption.key" --hmac_key_file="$CERTS/data-hmac.key"
    --calendar_dir="$ROOT/deploy/calendar"
  )
  if [[ "$cert" == visit ]]; then
    flags+=(--referral_addr="127.0.0.1:${PORT[referral]}" --user_max_calls=0 --user_rate=0)
  fi
  setsid "$bin" "${flags[@]}" </dev/null >"$WORK/$svc.log" 2>&1 &
  PIDS[$svc]=$!
}
start_svc referral
wait_healthy referral
start_svc visit
wait_healthy visit
if [[ -n "$BEFORE_BIN" ]]; then
  start_svc visit_before
  wait_healthy visit_before
fi

COMMON_FLAGS=(
  "${DB_FLAGS[@]}"
  --data_key_file="$CERTS/data-encryption.key" --hmac_key_file="$CERTS/data-hmac.key"
  --calendar_dir="$ROOT/deploy/calendar" --migrations_dir="$ROOT/deploy/migrations"
  --ca="$CERTS/ca.pem"
  --client_cert="$CERTS/clients/shouhu-bench.pem" --client_key="$CERTS/clients/shouhu-bench.key"
  --jwt_signing_key="$CERTS/jwt-signing.key"
  --duration_s="$DURATION" --warmup_s="$WARMUP"
)
BENCH_FLAGS=(--workload=visit-due "${COMMON_FLAGS[@]}" --db_pool_size=2 --visit_plans="$PLANS")

# 3. The fill (first run only: later runs find it) and the runs.
field() { grep -o "\"$2\":[0-9.]*" <<<"$1" | head -n 1 | cut -d: -f2 || true; }
median() {
  sort -g | awk -v d="${1:-2}" '{ v[NR] = $1 } END {
    if (NR == 0) { print "-"; exit }
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.*f\n", d, m }'
}
declare -A RESULT=()
DUE_TARGETS=(visit)
[[ -n "$BEFORE_BIN" ]] && DUE_TARGETS=(visit_before visit)
LOAD_DUE_START="$(loadavg)"
part due || DUE_TARGETS=()
for clients in 1 16; do
  for ((rep = 1; rep <= REPEATS; rep++)); do
    for svc in "${DUE_TARGETS[@]}"; do
      echo "bench: visit-due ($svc), $clients clients, run $rep" >&2
      RESULT[$svc.$clients.$rep]="$("$BENCH" "${BENCH_FLAGS[@]}" --addr="127.0.0.1:${PORT[$svc]}" \
        --clients="$clients" | tail -n 1)"
      echo "${RESULT[$svc.$clients.$rep]}" >&2
    done
  done
done
LOAD_DUE_END="$(loadavg)"

# Recording: gRPC against the same operations in-process, runs alternating.
RECORD_FLAGS=(--workload=visit-record "${COMMON_FLAGS[@]}" --addr="127.0.0.1:${PORT[visit]}"
  --visit_referral_addr="127.0.0.1:${PORT[referral]}"
  --visit_service_cert="$CERTS/services/visit.pem" --visit_service_key="$CERTS/services/visit.key")
LOAD_REC_START="$(loadavg)"
REC_MODES=(grpc direct)
part record || REC_MODES=()
for clients in 1 16; do
  for ((rep = 1; rep <= REPEATS; rep++)); do
    for mode in "${REC_MODES[@]}"; do
      echo "bench: visit-record ($mode), $clients clients, run $rep" >&2
      # direct: the pool size of the service (services/visit/main.cc: at most 4).
      RESULT[rec-$mode.$clients.$rep]="$("$BENCH" "${RECORD_FLAGS[@]}" --mode="$mode" \
        --db_pool_size=4 --clients="$clients" | tail -n 1)"
      echo "${RESULT[rec-$mode.$clients.$rep]}" >&2
    done
  done
done
LOAD_REC_END="$(loadavg)"

# Offline batches.
LOAD_BATCH_START="$(loadavg)"
BATCH="(not run)"
if part batch; then
  echo "bench: visit-batch, $BATCHES batches" >&2
  BATCH="$("$BENCH" --workload=visit-batch "${COMMON_FLAGS[@]}" --addr="127.0.0.1:${PORT[visit]}" \
    --db_pool_size=2 --visit_batches="$BATCHES" | tail -n 1)"
  echo "$BATCH" >&2
fi
LOAD_BATCH_END="$(loadavg)"

over() {
  local rep
  for ((rep = 1; rep <= REPEATS; rep++)); do field "${RESULT[$1.$rep]:-}" "$2"; done
}
all_of() {
  local rep out=""
  for ((rep = 1; rep <= REPEATS; rep++)); do out+="${out:+, }$(field "${RESULT[$1.$rep]:-}" "$2")"; done
  echo "$out"
}

# EXPLAIN of the statement as the service runs it, for caseworker 0 today.
MYSQL=(mariadb -h"$SHOUHU_TEST_DB_HOST" -P"$SHOUHU_TEST_DB_PORT" -u"$SHOUHU_TEST_DB_USER"
  -p"$SHOUHU_TEST_DB_PASSWORD" "$SHOUHU_TEST_DB_NAME")
EXPLAIN="(no fill)"
part due && EXPLAIN="$("${MYSQL[@]}" -t -e "EXPLAIN SELECT s.seq, s.plan_id, s.sequence, s.label,
  s.suggested_kind, s.opens_on, s.due_on, s.expires_on, s.state, s.case_id, s.assigned_to,
  p.body_enc, p.id FROM visit_slots s JOIN visit_plans p ON p.id = s.plan_id
  WHERE s.procuratorate_code = '520382' AND s.assigned_to = 'u-bench-vw-000' AND s.live = 1
  AND s.due_on <= CURDATE() + INTERVAL 90 DAY
  AND (s.opens_on <= CURDATE() OR s.due_on <= CURDATE() + INTERVAL 14 DAY)
  ORDER BY s.due_on, s.seq LIMIT 51" 2>&1 || true)"

{
if part due; then
  first="${RESULT[${DUE_TARGETS[0]:-none}.1.1]:-}"
  echo
  echo "Fill: $(field "$first" plans) plans, $(field "$first" slots) slots ($(field "$first" live_slots) live), written in $(field "$first" fill_s) s"
  echo "(first run; 100 caseworkers, anchors over 3 years). ListDueVisits as one caseworker"
  echo "(horizon 14 days, missed included, default page), $DURATION s window after ${WARMUP} s"
  echo "warm-up, medians of $REPEATS runs, ms as the client saw each call (TLS, token, the"
  echo "real binary):"
  echo
  echo "Load average (1, 5, 15 min) at start and end: $LOAD_DUE_START -> $LOAD_DUE_END"
  echo
  echo "| binary | clients | calls/s | rows per call | plans per call | p50 | p95 (each run) | p99 | max |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for clients in 1 16; do
    for svc in "${DUE_TARGETS[@]}"; do
      k="$svc.$clients"
      echo "| ${svc/visit_before/before} | $clients | $(over "$k" calls_per_s | median 1) | $(over "$k" rows_per_call | median 1) | $(over "$k" plans_per_call | median 1) | $(over "$k" p50_ms | median 2) | $(over "$k" p95_ms | median 2) ($(all_of "$k" p95_ms)) | $(over "$k" p99_ms | median 2) | $(over "$k" max_ms | median 2) |"
    done
  done
  echo
fi
if part record; then
  echo "RecordVisit (planned, four assessments, one need), medians of $REPEATS runs, gRPC and"
  echo "in-process alternating; load average $LOAD_REC_START -> $LOAD_REC_END:"
  echo
  echo "| clients | mode | calls/s | p50 | p95 | p99 (each run) | max | gRPC/direct |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|"
  for clients in 1 16; do
    g="$(over "rec-grpc.$clients" calls_per_s | median 1)"
    d="$(over "rec-direct.$clients" calls_per_s | median 1)"
    ratio="$(awk -v g="$g" -v d="$d" 'BEGIN { if (d > 0) printf "%.2f", g / d; else print "-" }')"
    for mode in grpc direct; do
      k="rec-$mode.$clients"
      echo "| $clients | $mode | $(over "$k" calls_per_s | median 1) | $(over "$k" p50_ms | median 2) | $(over "$k" p95_ms | median 2) | $(over "$k" p99_ms | median 2) ($(all_of "$k" p99_ms)) | $(over "$k" max_ms | median 2) | $([[ $mode == grpc ]] && echo "$ratio") |"
    done
  done
  echo
fi
if part batch; then
  echo "UploadBatch, $BATCHES batches of 1,000 items; load average $LOAD_BATCH_START -> $LOAD_BATCH_END:"
  echo
  echo '```'
  echo "$BATCH"
  echo '```'
  echo
fi
if part due; then
  echo "The plan of the statement for one caseworker:"
  echo
  echo '```'
  echo "$EXPLAIN"
  echo '```'
fi
} >"$REPORT"
