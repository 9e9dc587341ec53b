#!/usr/bin/env bash
# Load the demo data into the running local platform through the CLI:
# procuratorates, partner agencies, then every deploy/local/demo/<agency>__<name>.json
# submitted as that agency. Safe to re-run (upserts; submissions carry a fixed
# request id per file, so a repeat is answered from the first result).
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"

[[ -x "$CLI" ]] || { echo "demo: missing $CLI (build failed?)" >&2; exit 1; }

SHOUHU_ADDR="127.0.0.1:$(svc_port referral)"
export SHOUHU_ADDR
export SHOUHU_CA="$SECRETS/ca.pem"

as_admin() {
  SHOUHU_CERT="$SECRETS/clients/shouhu-cli.pem" SHOUHU_KEY="$SECRETS/clients/shouhu-cli.key" \
    SHOUHU_TOKEN_FILE="$TOKENS/u-admin.jwt" "$CLI" "$@" >/dev/null
}

as_agency() {
  local code="$1"; shift
  (
    unset SHOUHU_TOKEN_FILE
    SHOUHU_CERT="$SECRETS/agencies/$code.pem" SHOUHU_KEY="$SECRETS/agencies/$code.key" \
      "$CLI" "$@" >/dev/null
  )
}

as_admin admin procuratorate 520382 贵州省仁怀市人民检察院
as_admin admin procuratorate 520330 贵州省习水县人民检察院
as_admin admin agency edu-renhuai 仁怀市教育局 EDUCATION 520382 520382
as_admin admin agency fulian-renhuai 仁怀市妇联 WOMENS_FEDERATION 520382 520382
as_admin admin agency police-renhuai 仁怀市公安局 POLICE 520382 520382
as_admin admin agency school-renhuai-1 仁怀市第一中学 SCHOOL 520382 520382
as_admin admin agency edu-xishui 习水县教育局 EDUCATION 520330 520330
echo "demo: 2 procuratorates, 5 agencies"

shopt -s nullglob
files=(deploy/local/demo/*__*.json)
count=0
for file in "${files[@]}"; do
  base="$(basename "$file" .json)"
  code="${base%%__*}"
  if [[ ! -f "$SECRETS/agencies/$code.pem" ]]; then
    echo "demo: no certificate for agency '$code' ($file)" >&2
    exit 1
  fi
  request_id="demo-$(printf '%s' "$base" | sha256sum | cut -c1-32)"
  as_agency "$code" --request_id="$request_id" submit "$file"
  count=$((count + 1))
done
echo "demo: $count referrals submitted"
