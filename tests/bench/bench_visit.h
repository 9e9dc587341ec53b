// The visit workloads of shouhu-bench. The fill (bench_visit_fill.cc) writes a
// procuratorate's worth of visit plans and slots straight into the database, sealed as
// the service seals them, so that later workloads (visit recording, batch uploads) can
// start from the same data; --workload=visit-due (bench_visit_due.cc) measures "my due
// visits" (VisitPlanService.ListDueVisits) through the running visit service.
#ifndef SHOUHU_TESTS_BENCH_BENCH_VISIT_H_
#define SHOUHU_TESTS_BENCH_BENCH_VISIT_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/crypto/field_cipher.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "shouhu/visit/v1/visit.pb.h"

ABSL_DECLARE_FLAG(bool, visit_fill);
ABSL_DECLARE_FLAG(int, visit_plans);
ABSL_DECLARE_FLAG(int, visit_slots_per_plan);
ABSL_DECLARE_FLAG(int, visit_caseworkers);
ABSL_DECLARE_FLAG(int, visit_horizon_days);

namespace shouhu::bench {

// What the fill writes, all in one procuratorate. Plan n (0-based) is
// "vplan-<procuratorate>-bench<n, 7 digits>", assigned to VisitCaseworker(n % caseworkers),
// of case "case-<procuratorate>-bench<n / 2>", anchored (kind AID_PAID, ORDER_ISSUED,
// CASE_CLOSED, MANUAL in turn) on a day spread over the `anchor_span_days` before `today`;
// 7 in 10 plans ACTIVE, 2 ENDED, 1 CANCELLED. Each plan has `slots_per_plan` slots, due
// every 36 days from its anchor, opening 7 days before and expiring 14 days after; of the
// slots due before today 7 in 10 are DONE and 1 in 10 WAIVED, the rest left open.
struct VisitFill {
  std::string procuratorate = "520382";
  int plans = 100000;
  int slots_per_plan = 10;
  int caseworkers = 100;
  int anchor_span_days = 3 * 365;
  absl::CivilDay today;
};

struct VisitFillResult {
  int64_t plans = 0;
  int64_t slots = 0;
  int64_t live_slots = 0;
  double seconds = 0;
  bool reused = false;  // the plans were there already (same procuratorate and size)
};

// Writes `plans` (version 1; bodies sealed as the plan repository seals them) in one
// multi-row INSERT, then their slots by `slots_sql` (an INSERT ... SELECT over the plans)
// with the parameters `bind_slots` binds, in one transaction.
absl::Status WriteVisitPlanBatch(db::ConnectionPool& pool, const FieldCipher& cipher,
                                 const std::vector<visit::v1::VisitPlan>& plans, int64_t now_ms,
                                 const std::string& slots_sql,
                                 const std::function<void(db::Query&)>& bind_slots);

// The user id of caseworker `index` of the fill ("u-bench-vw-007").
std::string VisitCaseworker(int index);

// Writes the fill (plans in sealed batches, slots by INSERT ... SELECT from the plans);
// when the procuratorate already holds the fill's last plan, writes nothing.
absl::StatusOr<VisitFillResult> FillVisitPlans(db::ConnectionPool& pool, const FieldCipher& cipher,
                                               const VisitFill& fill);

// --workload=visit-due: fills (--visit_fill) unless already filled, then `clients` callers,
// each a caseworker of the fill with a connection of its own, call ListDueVisits back to
// back through --addr during the window; prints one JSON line of latencies.
int RunVisitDueWorkload(int clients);

// --- Visit recording and offline batches (bench_visit_seed.cc, bench_visit_record.cc) ---

// Plans to record against: ACTIVE, version 1, each with `slots` pending slots open today
// (opening 7 days before, due today, expiring in 14 days), sealed as the plan repository
// seals them. Group g's plans are "vplan-<procuratorate>-r<tag>_<n, 7 digits>", of the
// cases of group g in turn, assigned to the group's caseworker.
struct RecordPlan {
  std::string plan_id;
  std::string case_id;
};
absl::StatusOr<std::vector<std::vector<RecordPlan>>> FillRecordPlans(
    db::ConnectionPool& pool, const FieldCipher& cipher, const std::string& procuratorate,
    const std::string& tag, const std::vector<std::vector<std::string>>& cases_of_group,
    const std::vector<std::string>& caseworker_of_group, int plans_per_group, int slots);

// Cases opened through the referral core in-process (set-up, not timed), `count` for each
// of `groups`, assigned to AidCaseworker(group).
std::vector<std::vector<std::string>> SeedVisitCases(int groups, int count, uint64_t salt);

// --workload=visit-record: `clients` caseworkers each record planned visits (four
// assessments and one need) completing fresh slots of plans of their own, back to back,
// through the running visit service (--mode=grpc, --addr) or VisitCore in-process on the
// same database (--mode=direct); prints one JSON line of latencies.
int RunVisitRecordWorkload(const std::string& mode, int clients, uint64_t salt);

// --workload=visit-batch: one caseworker uploads --visit_batches batches of
// --visit_batch_items items (half planned, half unscheduled, one in five with a need)
// through --addr, then each batch again under a new request id (every item REPLAYED);
// prints one JSON line of wall times per batch.
int RunVisitBatchWorkload(uint64_t salt);

}  // namespace shouhu::bench

#endif  // SHOUHU_TESTS_BENCH_BENCH_VISIT_H_
