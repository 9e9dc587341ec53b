#!/usr/bin/env bash
# Latency of the console's dashboard and workbench endpoints (docs/performance.md
# "Console"): a throw-away local platform (tests/support/throwaway_platform.sh: MariaDB, the
# four services, shouhu-console, the demo data of deploy/local/demo.sh), then
# tests/bench/console_latency.mjs against its console.
#
#   bash tests/bench/run_console_latency.sh [REPORT_FILE]
#
# Env: SHOUHU_BUILD_DIR (build), SHOUHU_BENCH_CALLS (200), SHOUHU_BENCH_CONCURRENCY (8).
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
echo "$TAG: load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
node "$ROOT/tests/bench/console_latency.mjs" --base="http://127.0.0.1:$SHOUHU_CONSOLE_PORT" \
  --calls="${SHOUHU_BENCH_CALLS:-200}" --concurrency="${SHOUHU_BENCH_CONCURRENCY:-8}" >"$out"
echo "$TAG: load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
cat "$out"
if [[ -n "$REPORT" ]]; then cp "$out" "$REPORT"; fi
