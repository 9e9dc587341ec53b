#!/usr/bin/env bash
# Configure (if needed) and build into build/ with Ninja + ccache (RelWithDebInfo).
# Usage: scripts/build.sh [TARGET...]     (no targets: build all)
# Env:   SHOUHU_BUILD_DIR (default: <root>/build), SHOUHU_BUILD_JOBS (default: nproc)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${SHOUHU_BUILD_DIR:-$ROOT/build}"
JOBS="${SHOUHU_BUILD_JOBS:-$(nproc)}"

export CCACHE_BASEDIR="$ROOT"
export CCACHE_NOHASHDIR=1

if [[ ! -f "$BUILD_DIR/build.ninja" || ! -f "$BUILD_DIR/CMakeCache.txt" ]]; then
  echo "build: configuring $BUILD_DIR"
  launcher=()
  if command -v ccache >/dev/null 2>&1; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  fi
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}"
fi

if (($# > 0)); then
  cmake --build "$BUILD_DIR" --parallel "$JOBS" --target "$@"
else
  cmake --build "$BUILD_DIR" --parallel "$JOBS"
fi
