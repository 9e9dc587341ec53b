#!/usr/bin/env bash
# Latency of the console's dashboard and workbench endpoints (docs/performance.md
# "Console"): a throw-away local platform (tests/support/throwaway_platform.sh: MariaDB, the
# four services, shouhu-console, the demo data of deploy/local/demo.sh), then
# tests/bench/console_latency.mjs against its console.
#
#   bash tests/bench/run_console_latency.sh [REPORT_FILE]
#
# Env: SHOUHU_BUILD_DIR (build), SHOUHU_BENCH_CALLS (200), SHOUHU_BENCH_CONCURRENCY (8),
#      SHOUHU_BENCH_NODELAY_COMPARE=1 also measures a second console started with
#      --tcp_nodelay=false on the same platform, right after the first (side by side).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${SHOUHU_BUILD_DIR:-$ROOT/build}"
TAG=console-bench
REPORT="${1:-}"
[[ -x "$BUILD/services/console/shouhu-console" ]] || {
  echo "$TAG: shouhu-console is not built" >&2
  exit 1
}
# shellcheck source-path=SCRIPTDIR source=../support/throwaway_platform.sh
source "$ROOT/tests/support/throwaway_platform.sh"
throwaway_up
out="$TMP/report.md"
measure() {
  echo "$TAG: $1 (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  printf '%s\n\n' "$1" >>"$out"
  node "$ROOT/tests/bench/console_latency.mjs" --base="http://127.0.0.1:$2" \
    --calls="${SHOUHU_BENCH_CALLS:-200}" --concurrency="${SHOUHU_BENCH_CONCURRENCY:-8}" >>"$out"
  printf '\n' >>"$out"
}
measure "shouhu-console as command 1 starts it:" "$SHOUHU_CONSOLE_PORT"
if [[ "${SHOUHU_BENCH_NODELAY_COMPARE:-0}" == "1" ]]; then
  throwaway_console "$THROWAWAY_SPARE_PORT" --tcp_nodelay=false
  measure "the same binary with --tcp_nodelay=false:" "$THROWAWAY_SPARE_PORT"
fi
echo "$TAG: load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
cat "$out"
if [[ -n "$REPORT" ]]; then cp "$out" "$REPORT"; fi
