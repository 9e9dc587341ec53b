#!/usr/bin/env bash
# Install dependencies, build everything into build/ and run all tests (ctest)
# against a throw-away MariaDB (tests/harness/with-mariadb.sh).
# Usage: scripts/test.sh [CTEST_ARG...]     e.g. scripts/test.sh -L unit
# Prints "N passed, N failed" last; exits non-zero on any failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/install-deps.sh
bash scripts/build.sh

LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT

set +e
bash tests/harness/with-mariadb.sh \
  ctest --test-dir build --output-on-failure -j2 --timeout 300 "$@" 2>&1 | tee "$LOG"
status=${PIPESTATUS[0]}
set -e

# ctest: "100% tests passed, 0 tests failed out of 42"
summary="$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$LOG" | tail -n 1 || true)"
if [[ -n "$summary" ]]; then
  failed="$(sed -E 's/.* ([0-9]+) tests? failed out of.*/\1/' <<<"$summary")"
  total="$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$summary")"
  echo "$((total - failed)) passed, $failed failed"
  if ((failed > 0 && status == 0)); then
    status=1
  fi
elif grep -q 'No tests were found' "$LOG"; then
  echo "0 passed, 0 failed"
else
  echo "test: no ctest summary (exit $status)" >&2
  echo "0 passed, 0 failed"
  ((status != 0)) || status=1
fi
exit "$status"
