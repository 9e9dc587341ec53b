// The visit fill (bench_visit.h): plans written in batches of multi-row INSERTs with
// bodies sealed as the plan repository seals them (entity visit_plans, field body), then
// their slots by one INSERT ... SELECT per batch of plans, dates and states computed by
// the server.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "bench/bench_visit.h"
#include "common/base/dates.h"
#include "common/base/status_macros.h"
#include "common/db/transaction.h"
#include "shouhu/visit/v1/visit.pb.h"

namespace shouhu::bench {
namespace {

namespace vpb = ::shouhu::visit::v1;

constexpr int kBatch = 500;  // plans per INSERT

constexpr char kPlanExists[] = "SELECT COUNT(*) AS n FROM visit_plans WHERE id = ?";

// Slots of the plans with ids in [?, ?): `seqs` is the derived table of sequence numbers.
// Slot k of a plan is due anchor + 36k days, opens 7 days before, expires 14 after; of the
// slots due before today (?), 7 in 10 are DONE, 1 in 10 WAIVED (by a hash of plan and
// slot), live while open and the plan ACTIVE.
constexpr char kInsertSlotsHead[] =
    "INSERT INTO visit_slots (plan_id, sequence, procuratorate_code, case_id, assigned_to,"
    " label, suggested_kind, opens_on, due_on, expires_on, state, live)"
    " SELECT x.id, x.k, x.procuratorate_code, x.case_id, x.assigned_to, '定期回访', 1,"
    " x.due - INTERVAL 7 DAY, x.due, x.due + INTERVAL 14 DAY, x.state,"
    " IF(x.state = 0 AND x.status = 1, 1, 0)"
    " FROM (SELECT p.id, s.k, p.procuratorate_code, p.case_id, p.assigned_to, p.status,"
    " p.anchor_date + INTERVAL (36 * s.k) DAY AS due,"
    " CASE WHEN p.anchor_date + INTERVAL (36 * s.k) DAY >= ? THEN 0"
    " WHEN MOD(CRC32(CONCAT(p.id, s.k)), 10) < 7 THEN 5"
    " WHEN MOD(CRC32(CONCAT(p.id, s.k)), 10) = 7 THEN 6 ELSE 0 END AS state"
    " FROM visit_plans p JOIN (";
constexpr char kInsertSlotsTail[] = ") s WHERE p.id >= ? AND p.id < ?) x";
constexpr char kCountSlots[] =
    "SELECT COUNT(*) AS n, COALESCE(SUM(live), 0) AS l FROM visit_slots"
    " WHERE procuratorate_code = ? AND plan_id LIKE ?";

std::string PlanId(const VisitFill& f, int n) {
  return absl::StrFormat("vplan-%s-bench%07d", f.procuratorate, n);
}

vpb::PlanStatus StatusOf(int n) {
  const int r = (n * 7) % 10;
  if (r < 7) return vpb::PLAN_STATUS_ACTIVE;
  return r < 9 ? vpb::PLAN_STATUS_ENDED : vpb::PLAN_STATUS_CANCELLED;
}

}  // namespace

std::string VisitCaseworker(int index) { return absl::StrFormat("u-bench-vw-%03d", index); }

absl::StatusOr<VisitFillResult> FillVisitPlans(db::ConnectionPool& pool, const FieldCipher& cipher,
                                               const VisitFill& f) {
  VisitFillResult out;
  const absl::Time start = absl::Now();
  bool filled = false;
  RETURN_IF_ERROR(db::RunInTransaction(pool, [&](db::Tx& tx) -> absl::Status {
    auto rs = tx.Sql(kPlanExists).Str(PlanId(f, f.plans - 1)).Rows();
    filled = rs->next() && rs->getInt64("n") > 0;
    return absl::OkStatus();
  }));
  const int64_t now_ms = absl::ToUnixMillis(absl::Now());
  static const vpb::AnchorKind kKinds[] = {vpb::ANCHOR_KIND_AID_PAID, vpb::ANCHOR_KIND_ORDER_ISSUED,
                                           vpb::ANCHOR_KIND_CASE_CLOSED, vpb::ANCHOR_KIND_MANUAL};
  std::string seqs = "SELECT 1 AS k";
  for (int k = 2; k <= f.slots_per_plan; ++k) absl::StrAppend(&seqs, " UNION ALL SELECT ", k);
  for (int first = 0; !filled && first < f.plans; first += kBatch) {
    const int last = std::min(f.plans, first + kBatch);
    std::vector<vpb::VisitPlan> plans;
    for (int n = first; n < last; ++n) {
      vpb::VisitPlan p;
      p.set_plan_id(PlanId(f, n));
      p.set_case_id(absl::StrFormat("case-%s-bench%07d", f.procuratorate, n / 2));
      p.set_procuratorate_code(f.procuratorate);
      p.set_subject_person_id(absl::StrFormat("per-bench-%07d", n / 2));
      p.set_subject_display_name(n % 2 == 0 ? "王*" : "李*");
      p.set_anchor_kind(kKinds[n % 4]);
      p.set_anchor_ref(absl::StrFormat("bench-%07d", n));
      *p.mutable_anchor_date() = FromCivilDay(
          f.today - static_cast<int>((static_cast<int64_t>(n) * 7919) % f.anchor_span_days));
      p.set_status(StatusOf(n));
      p.set_assigned_to(VisitCaseworker(n % f.caseworkers));
      p.set_version(1);
      p.mutable_created_by()->set_principal("service:bench");
      plans.push_back(std::move(p));
    }
    RETURN_IF_ERROR(WriteVisitPlanBatch(
        pool, cipher, plans, now_ms, absl::StrCat(kInsertSlotsHead, seqs, kInsertSlotsTail),
        [&](db::Query& q) {
          q.Str(DateString(f.today)).Str(PlanId(f, first)).Str(PlanId(f, last));
        }));
    if ((first / kBatch) % 20 == 0) {
      std::fprintf(stderr, "bench: visit fill %d/%d plans\n", last, f.plans);
    }
  }
  out.reused = filled;
  RETURN_IF_ERROR(db::RunInTransaction(pool, [&](db::Tx& tx) -> absl::Status {
    auto rs = tx.Sql(kCountSlots)
                  .Str(f.procuratorate)
                  .Str(absl::StrCat("vplan-", f.procuratorate, "-bench%"))
                  .Rows();
    if (rs->next()) {
      out.slots = rs->getInt64("n");
      out.live_slots = rs->getInt64("l");
    }
    return absl::OkStatus();
  }));
  out.plans = f.plans;
  out.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  return out;
}

}  // namespace shouhu::bench
