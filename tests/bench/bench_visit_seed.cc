// Set-up of the visit recording and batch workloads (bench_visit.h): real cases through the
// referral core in-process (the visit service asks the referral service for each case),
// and plans of those cases whose slots are all open today, written straight into the
// database with bodies sealed as the plan repository seals them. Not timed.
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "bench/bench.h"
#include "bench/bench_aid.h"
#include "bench/bench_visit.h"
#include "common/base/dates.h"
#include "common/base/status_macros.h"
#include "common/db/transaction.h"
#include "shouhu/visit/v1/visit.pb.h"

namespace shouhu::bench {
namespace {

namespace vpb = ::shouhu::visit::v1;

constexpr int kBatch = 500;  // plans per INSERT

// Slots 1..k (the derived table `seqs`) of the plans with ids in [?, ?), all pending and
// open on the day given: opening 7 days before it, due on it, expiring 14 days after.
constexpr char kInsertSlotsHead[] =
    "INSERT INTO visit_slots (plan_id, sequence, procuratorate_code, case_id, assigned_to,"
    " label, suggested_kind, opens_on, due_on, expires_on, state, live)"
    " SELECT p.id, s.k, p.procuratorate_code, p.case_id, p.assigned_to, '定期回访', 1,"
    " CAST(? AS DATE) - INTERVAL 7 DAY, CAST(? AS DATE), CAST(? AS DATE) + INTERVAL 14 DAY,"
    " 0, 1 FROM visit_plans p JOIN (";
constexpr char kInsertSlotsTail[] = ") s WHERE p.id >= ? AND p.id < ?";

}  // namespace

absl::StatusOr<std::vector<std::vector<RecordPlan>>> FillRecordPlans(
    db::ConnectionPool& pool, const FieldCipher& cipher, const std::string& procuratorate,
    const std::string& tag, const std::vector<std::vector<std::string>>& cases_of_group,
    const std::vector<std::string>& caseworker_of_group, int plans_per_group, int slots) {
  const int groups = static_cast<int>(cases_of_group.size());
  const int total = groups * plans_per_group;
  auto plan_id = [&](int n) { return absl::StrFormat("vplan-%s-r%s_%07d", procuratorate, tag, n); };
  std::vector<std::vector<RecordPlan>> out(groups);
  const absl::CivilDay today = ChinaDay(absl::Now());
  const int64_t now_ms = absl::ToUnixMillis(absl::Now());
  std::string seqs = "SELECT 1 AS k";
  for (int k = 2; k <= slots; ++k) absl::StrAppend(&seqs, " UNION ALL SELECT ", k);
  for (int first = 0; first < total; first += kBatch) {
    const int last = std::min(total, first + kBatch);
    std::vector<vpb::VisitPlan> plans;
    for (int n = first; n < last; ++n) {
      const int g = n / plans_per_group;
      const std::vector<std::string>& cases = cases_of_group[g];
      vpb::VisitPlan p;
      p.set_plan_id(plan_id(n));
      p.set_case_id(cases[(n % plans_per_group) % cases.size()]);
      p.set_procuratorate_code(procuratorate);
      p.set_subject_display_name("张*");
      p.set_anchor_kind(vpb::ANCHOR_KIND_MANUAL);
      p.set_anchor_ref(absl::StrCat("bench-r", tag, "-", n));
      *p.mutable_anchor_date() = FromCivilDay(today - 30);
      p.set_status(vpb::PLAN_STATUS_ACTIVE);
      p.set_assigned_to(caseworker_of_group[g]);
      p.set_version(1);
      p.mutable_created_by()->set_principal("service:bench");
      out[g].push_back(RecordPlan{.plan_id = p.plan_id(), .case_id = p.case_id()});
      plans.push_back(std::move(p));
    }
    RETURN_IF_ERROR(WriteVisitPlanBatch(pool, cipher, plans, now_ms,
                                        absl::StrCat(kInsertSlotsHead, seqs, kInsertSlotsTail),
                                        [&](db::Query& q) {
                                          q.Str(DateString(today))
                                              .Str(DateString(today))
                                              .Str(DateString(today))
                                              .Str(plan_id(first))
                                              .Str(plan_id(last));
                                        }));
  }
  return out;
}

std::vector<std::vector<std::string>> SeedVisitCases(int groups, int count, uint64_t salt) {
  std::unique_ptr<Target> referrals = NewDirectTarget();
  {
    std::unique_ptr<Client> admin = referrals->NewClient();
    Generator setup_gen(salt, groups);
    if (absl::GetFlag(FLAGS_setup)) Setup(*admin, setup_gen);
  }
  referrals->AfterSetup();
  return SeedAidCases(*referrals, groups, count, salt);
}

}  // namespace shouhu::bench
