#!/usr/bin/env bash
# Install the Debian packages the build, tests and local platform need.
# Only missing packages are installed; apt-get update runs only if something is missing.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git python3
  protobuf-compiler protobuf-compiler-grpc libprotobuf-dev libgrpc++-dev libabsl-dev
  libmysqlcppconn-dev libgtest-dev libgmock-dev libjwt-dev libssl-dev openssl
  libcpp-httplib-dev nlohmann-json3-dev mariadb-server mariadb-client clang-format curl iproute2
  sysbench
  # The console's web app and its browser tests: npm ci (echarts, playwright-core, axe-core)
  # and Debian's chromium, driven headless.
  nodejs npm chromium
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
  if [[ "$status" != "install ok installed" ]]; then
    # A Node.js that bundles npm (not Debian's split packages) already gives the command.
    if [[ "$pkg" == npm ]] && command -v npm >/dev/null 2>&1; then
      continue
    fi
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=()
if ((EUID != 0)); then
  SUDO=(sudo)
fi

echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "deps: done"
