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

# 督促监护令 (guardianship): the 妇联's concern about 田宇航 assigned and accepted into a
# case; a supervision order drafted, submitted, approved by the chief procurator, served on
# the father with 训诫, and a first guidance session recorded by the 妇联; a second order
# (责令接受家庭教育指导) left in draft; an 事实无人抚养 check assessed. Inputs in
# deploy/local/demo/guardianship/ (guardian ids filled in here). Fixed request ids: a
# re-run is answered from the first results.
SHOUHU_GUARDIANSHIP_ADDR="127.0.0.1:$(svc_port guardianship)"
export SHOUHU_GUARDIANSHIP_ADDR
GUARD_DEMO=deploy/local/demo/guardianship
today="$(TZ=Asia/Shanghai date +%F)"

# A field of the JSON on stdin: json_field KEY [KEY...] (nested keys).
json_field() {
  python3 -c '
import json, sys
data = json.load(sys.stdin)
for key in sys.argv[1:]:
    data = data.get(key, "") if isinstance(data, dict) else ""
print(data)
' "$@"
}

# The 妇联 concern naming the father (the demo file fulian-renhuai__guardianship-concern).
concern=""
for id in $(as_user u-zhang list --kind=GUARDIANSHIP_CONCERN --all --json | python3 -c '
import json, sys
rows = json.load(sys.stdin).get("referrals", [])
for r in rows:
    if r.get("agency_code") == "fulian-renhuai":
        print(r["referral_id"])
'); do
  if as_user u-zhang show "$id" --json | python3 -c '
import json, sys
people = json.load(sys.stdin).get("people", [])
sys.exit(0 if any(p.get("relation") == "父亲" for p in people) else 1)
'; then
    concern="$id"
    break
  fi
done
[[ -n "$concern" ]] || { echo "demo: the 妇联 guardianship concern is missing" >&2; exit 1; }
if [[ "$(as_user u-zhang show "$concern" --json | json_field status)" == "REFERRAL_STATUS_SUBMITTED" ]]; then
  as_user u-li --request_id="demo-assign-$concern" assign "$concern" u-zhang >/dev/null
  as_user u-zhang --request_id="demo-accept-$concern" accept "$concern" \
    --message="已受理，拟依法制发督促监护令。" >/dev/null
fi
referral_json="$(as_user u-zhang show "$concern" --json)"
guard_case="$(json_field case_id <<<"$referral_json")"
father="$(python3 -c '
import json, sys
for p in json.load(sys.stdin).get("people", []):
    if p.get("relation") == "父亲":
        print(p["person"]["person_id"])
        break
' <<<"$referral_json")"

# The input file with the father as the addressee (or as the father in a 事实无人抚养 check).
with_father() {
  python3 -c '
import json, sys
data = json.load(open(sys.argv[1]))
for a in data.get("addressees", []):
    a["person_id"] = sys.argv[2]
for p in data.get("parents", []):
    if p.get("role") == "PARENT_ROLE_FATHER":
        p["person_id"] = sys.argv[2]
print(json.dumps(data, ensure_ascii=False))
' "$1" "$father"
}

order="$(with_father "$GUARD_DEMO/order-supervision.json" |
  as_user u-zhang --request_id="demo-order-1-draft" --json order draft "$guard_case" - |
  json_field order_id)"
# Each step once: a re-run (maybe on another day) finds the order past it.
order_status() { as_user u-zhang order show "$order" --json | json_field status; }
if [[ "$(order_status)" == "ORDER_STATUS_DRAFT" ]]; then
  as_user u-zhang --request_id="demo-order-1-submit" order submit "$order" >/dev/null
fi
if [[ "$(order_status)" == "ORDER_STATUS_PENDING_APPROVAL" ]]; then
  as_user u-wang --request_id="demo-order-1-approve" order approve "$order" --agree \
    --note="同意制发。" >/dev/null
fi
if [[ "$(order_status)" == "ORDER_STATUS_ISSUED" ]]; then
  as_user u-zhang --request_id="demo-order-1-serve" order serve "$order" --person="$father" \
    --method=direct --on="$today" --place=仁怀市人民检察院 --admonished \
    --admonition="当面训诫，告知监护职责及不履行的法律后果" --signed --attendees=妇联,村委会 \
    >/dev/null
fi
sessions="$(as_user u-zhang order sessions "$order" --json | python3 -c '
import json, sys
print(len(json.load(sys.stdin).get("sessions", [])))
')"
if [[ "$sessions" == "0" ]]; then
  as_agency fulian-renhuai --request_id="demo-order-1-session-1" order session "$order" \
    --arrangement=0 --on="$today" --minutes=90 --topic=监护责任与亲子沟通
fi
draft="$(with_father "$GUARD_DEMO/order-draft-only.json" |
  as_user u-zhang --request_id="demo-order-2-draft" --json order draft "$guard_case" - |
  json_field order_id)"
check="$(with_father "$GUARD_DEMO/unattended-check.json" |
  as_user u-zhang --request_id="demo-unattended-1" --json order unattended-assess \
    "$guard_case" - --order="$order" | json_field check_id)"
echo "demo: guardianship order $order served (妇联 guidance session recorded), order $draft in draft, 事实无人抚养 check $check assessed (case $guard_case)"

# 跟踪回访 (visits): the plans the visit service made from the demo's events (the order
# served above: order.issued), a manual plan for the judicial-aid case, two visits of it
# (the first completing the plan's first slot with a need, answered interactively from a
# scripted stdin; an unscheduled phone visit from a file), the volunteer 爱心妈妈刘 (u-vol)
# assigned to the case's minor with today's daily report, and at the end the demo
# caseworker's due list. Inputs in deploy/local/demo/visit/. Each step is skipped once
# done (a re-run, maybe on another day, adds nothing); a step that fails fails the demo.
SHOUHU_VISIT_ADDR="127.0.0.1:$(svc_port visit)"
export SHOUHU_VISIT_ADDR
VISIT_DEMO=deploy/local/demo/visit

# The number of rows of a list (--json on stdin) under KEY.
json_count() {
  python3 -c '
import json, sys
print(len(json.load(sys.stdin).get(sys.argv[1], [])))
' "$1"
}

# Plans from events are made when the outbox delivers: wait for the order's (at most a
# minute on a loaded machine).
event_plans=0
for _ in $(seq 1 120); do
  event_plans="$(as_user u-zhang visit plans --case="$guard_case" --json | json_count plans)"
  [[ "$event_plans" != "0" ]] && break
  sleep 0.5
done
if [[ "$event_plans" == "0" ]]; then
  echo "demo: no visit plan from the order.issued event after a minute (case $guard_case)" >&2
  exit 1
fi
echo "demo: visit plans made from events (order.issued) for case $guard_case:"
as_user u-zhang visit plans --case="$guard_case"

aid_json="$(as_user u-zhang cases --kind=JUDICIAL_AID --json | python3 -c '
import json, sys
cases = json.load(sys.stdin).get("cases", [])
print(json.dumps(cases[0] if cases else {}))
')"
aid_case="$(json_field case_id <<<"$aid_json")"
minor="$(json_field subject_person_id <<<"$aid_json")"
[[ -n "$aid_case" ]] || { echo "demo: the judicial-aid case is missing" >&2; exit 1; }

manual_plan="$(as_user u-zhang visit plans --case="$aid_case" --json | python3 -c '
import json, sys
for p in json.load(sys.stdin).get("plans", []):
    if p.get("anchor_kind") == "ANCHOR_KIND_MANUAL" and p.get("status") == "PLAN_STATUS_ACTIVE":
        print(p["plan_id"])
        break
')"
if [[ -z "$manual_plan" ]]; then
  manual_plan="$(as_user u-zhang --request_id="demo-visit-plan-1" --json visit plan-create \
    "$aid_case" "$VISIT_DEMO/plan-manual.json" --anchor=manual --on="$today" |
    json_field plan_id)"
fi
echo "demo: manual visit plan $manual_plan for the judicial-aid case $aid_case"

visits="$(as_user u-zhang visit list "$aid_case" --json | json_count visits)"
if [[ "$visits" == "0" ]]; then
  # The first slot opens on the anchor date: a home visit today completes it; the
  # answers (four ratings with notes, the summary, one need) come from the file.
  # The prompts go to stderr: shown only if the call fails.
  prompts="$(as_user u-zhang --request_id="demo-visit-1" visit record --case="$aid_case" \
    --plan="$manual_plan" --slot=1 --kind=home --on="$today" \
    <"$VISIT_DEMO/visit-home-answers.txt" 2>&1 >/dev/null)" || {
    echo "$prompts" >&2
    exit 1
  }
  visits=1
fi
if [[ "$visits" == "1" ]]; then
  as_user u-zhang --request_id="demo-visit-2" visit record "$VISIT_DEMO/visit-phone.json" \
    --case="$aid_case" --on="$today" >/dev/null
fi
echo "demo: 2 visits recorded for case $aid_case (the first completes slot 1, with a need):"
as_user u-zhang visit list "$aid_case"
assignment="$(as_user u-zhang visit volunteers --case="$aid_case" --active --json | python3 -c '
import json, sys
for a in json.load(sys.stdin).get("assignments", []):
    if a.get("volunteer_id") == "u-vol":
        print(a["assignment_id"])
        break
')"
if [[ -z "$assignment" ]]; then
  assignment="$(as_user u-zhang --request_id="demo-volunteer-1" --json visit volunteer-assign \
    "$aid_case" u-vol --person="$minor" --alias=小宇 --from="$today" --every=1 \
    --notes="腿伤康复中，留意情绪和复查安排" | json_field assignment_id)"
fi
as_user u-vol --request_id="demo-volunteer-report-$today" visit report \
  --assignment="$assignment" --contact=phone --on="$today" --mood=1 --physical=3 \
  --text="电话联系，孩子按时复查，情绪平稳。" >/dev/null
echo "demo: volunteer u-vol (爱心妈妈刘) assigned ($assignment), today's daily report submitted"

echo "demo: the due visits of 张检察官 (u-zhang), the next 30 days:"
as_user u-zhang visit due --horizon=30 --missed
