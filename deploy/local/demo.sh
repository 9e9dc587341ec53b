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
as_admin admin agency minzheng-renhuai 仁怀市民政局 CIVIL_AFFAIRS 520382 520382
as_admin admin agency tuanwei-renhuai 共青团仁怀市委员会 YOUTH_LEAGUE 520382 520382
echo "demo: 2 procuratorates, 7 agencies"

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

# 司法救助 (aid): the province's average monthly wage of the last two years, this year's
# fund, and the judicial-aid lead accepted, which drafts an ex officio application for
# the caseworker (依职权主动救助). Fixed request ids: a re-run is answered from the first.
SHOUHU_AID_ADDR="127.0.0.1:$(svc_port aid)"
export SHOUHU_AID_ADDR

as_user() {
  local who="$1"; shift
  SHOUHU_CERT="$SECRETS/clients/shouhu-cli.pem" SHOUHU_KEY="$SECRETS/clients/shouhu-cli.key" \
    SHOUHU_TOKEN_FILE="$TOKENS/$who.jwt" "$CLI" "$@"
}

year="$(TZ=Asia/Shanghai date +%Y)"
as_user u-admin --request_id="demo-wage-520000-$((year - 1))" aid wage-set 520000 \
  "$((year - 1))" --wage=8650.00 --source="贵州省统计公报（演示数据）" \
  --basis=城镇非私营单位在岗职工 >/dev/null
as_user u-admin --request_id="demo-wage-520000-$((year - 2))" aid wage-set 520000 \
  "$((year - 2))" --wage=8320.00 --source="贵州省统计公报（演示数据）" \
  --basis=城镇非私营单位在岗职工 >/dev/null
as_user u-zhao --request_id="demo-fund-regular-$year" aid fund-allocate --pot=regular \
  --amount=500000 --source="仁财行〔${year}〕12号（演示数据）" >/dev/null
as_user u-zhao --request_id="demo-fund-emergency-$year" aid fund-allocate --pot=emergency \
  --amount=50000 --source="仁财行〔${year}〕13号（演示数据）" >/dev/null
echo "demo: aid wage table ($((year - 2))-$((year - 1))) and the $year fund (¥500,000 + ¥50,000 emergency)"

# The judicial-aid lead: assigned by the department head, accepted by the caseworker.
lead="$(as_user u-zhang list --kind=JUDICIAL_AID --json | python3 -c '
import json, sys
data = json.load(sys.stdin)
rows = data.get("referrals", []) if isinstance(data, dict) else data
for r in rows:
    if r.get("status") in ("REFERRAL_STATUS_SUBMITTED", 1):
        print(r.get("referral_id") or r.get("referralId"))
        break
')"
if [[ -n "$lead" ]]; then
  as_user u-li --request_id="demo-assign-$lead" assign "$lead" u-zhang >/dev/null
  as_user u-zhang --request_id="demo-accept-$lead" accept "$lead" \
    --message="已受理，依职权启动司法救助。" >/dev/null
  echo "demo: judicial-aid lead $lead accepted (an ex officio aid application is drafted)"
fi
