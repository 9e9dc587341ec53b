#!/usr/bin/env bash
# Stop the local platform: the web console, the five services (SIGTERM, up to 15 s,
# then SIGKILL) and MariaDB.
# Usage: deploy/local/down.sh [--purge]     --purge also deletes var/local
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

purge=0
case "${1:-}" in
  "") ;;
  --purge) purge=1 ;;
  *) echo "usage: $0 [--purge]" >&2; exit 2 ;;
esac

# Dependents first (the console calls every service), the referral service last.
for svc in console oversight guardianship visit aid referral; do
  if pid="$(svc_pid "$svc")"; then
    stop_pid "$pid" "$svc"
    echo "down: $svc stopped"
  fi
  rm -f "$(svc_pidfile "$svc")"
done

if [[ -d "$DB_DIR" ]]; then
  "$MARIADB_SH" stop "$DB_DIR"
fi

if ((purge)); then
  rm -rf "$LOCAL"
  echo "down: removed var/local"
fi
