# The aid workload's section of tests/bench/run.sh's report: per-step latency, statements
# per step, server-wide statements per flow. Sourced by run.sh; uses its RESULT, REPEATS,
# AID_POOL_SIZE, AID_CASES and its helpers over, median.
# shellcheck shell=bash disable=SC2154

# step JSON STEP KEY: KEY of STEP's latency object (the first, under "by_op").
step() { grep -o "\"$2\":{[^}]*}" <<<"$1" | head -n 1 | grep -o "\"$3\":[0-9.]*" | cut -d: -f2; }
# stmts JSON STEP KEY: KEY of STEP's statement counts (under "statements").
stmts() {
  grep -o "\"$2\":{[^}]*}" <<<"${1#*\"statements\":}" | head -n 1 |
    grep -o "\"$3\":[0-9.]*" | cut -d: -f2
}
# over_step MODE STEP KEY: KEY of STEP in every aid repetition of MODE, one a line.
over_step() {
  local rep
  for ((rep = 1; rep <= REPEATS; rep++)); do step "${RESULT[aid.$1.$rep]}" "$2" "$3"; echo; done
}
AID_STEPS=(register propose review decide plan arrived pay receipt)

# aid_report: prints the aid section (markdown) to stdout.
aid_report() {
  local st dm gm r1 r2 mode
  echo
  echo "The aid flow, per step: latency in ms of each call as the client saw it (medians over"
  echo "the repetitions; the flow is the 8 calls back to back), database pool $AID_POOL_SIZE"
  echo "(the aid service's), $AID_CASES open cases per client."
  echo
  echo "| step | direct p50 | direct p95 | direct p99 | gRPC p50 | gRPC p95 | gRPC p99 | gRPC − direct, mean |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for st in "${AID_STEPS[@]}"; do
    dm="$(over_step direct "$st" mean_ms | median 2)"
    gm="$(over_step grpc "$st" mean_ms | median 2)"
    echo "| $st | $(over_step direct "$st" p50_ms | median 1) | $(over_step direct "$st" p95_ms | median 1) | $(over_step direct "$st" p99_ms | median 1) | $(over_step grpc "$st" p50_ms | median 1) | $(over_step grpc "$st" p95_ms | median 1) | $(over_step grpc "$st" p99_ms | median 1) | $(awk -v a="$gm" -v b="$dm" 'BEGIN { printf "%+.2f", a - b }') |"
  done
  echo "| **flow** | $(over aid direct p50_ms | median 1) | $(over aid direct p95_ms | median 1) | $(over aid direct p99_ms | median 1) | $(over aid grpc p50_ms | median 1) | $(over aid grpc p95_ms | median 1) | $(over aid grpc p99_ms | median 1) | $(awk -v a="$(over aid grpc mean_ms | median 2)" -v b="$(over aid direct mean_ms | median 2)" 'BEGIN { printf "%+.2f", a - b }') |"
  echo
  echo "Statements per step, from MariaDB's global counters read around each step of flows"
  echo "run one at a time before timing (the least of them, less the cost of reading the"
  echo "counters; register includes the referral service's case lookup; other clients of the"
  echo "server, e.g. outbox relays, can add one or two), direct / gRPC run of the first pair."
  echo "Blocking round trips are the prepared executions plus the commits."
  echo
  echo "| step | prepared executions | commits | of which SELECT | Questions |"
  echo "|---|---:|---:|---:|---:|"
  r1="${RESULT[aid.direct.1]}"
  r2="${RESULT[aid.grpc.1]}"
  for st in "${AID_STEPS[@]}" flow; do
    echo "| $st | $(stmts "$r1" "$st" executes) / $(stmts "$r2" "$st" executes) | $(stmts "$r1" "$st" commits) / $(stmts "$r2" "$st" commits) | $(stmts "$r1" "$st" selects) / $(stmts "$r2" "$st" selects) | $(stmts "$r1" "$st" questions) / $(stmts "$r2" "$st" questions) |"
  done
  echo
  echo "Server-wide during the timed window, per completed flow (everything the server ran:"
  echo "the flows, the referral service's case lookups, the services' outbox relays):"
  echo
  echo "| mode | prepared executions per flow | commits per flow | Questions per flow | calls/s |"
  echo "|---|---:|---:|---:|---:|"
  for mode in direct grpc; do
    echo "| $mode | $(over aid "$mode" executes_per_flow | median 1) | $(over aid "$mode" commits_per_flow | median 1) | $(over aid "$mode" questions_per_flow | median 1) | $(over aid "$mode" calls_per_s | median 1) |"
  done
}
