// The visit workloads of shouhu-bench. The fill (bench_visit_fill.cc) writes a
// procuratorate's worth of visit plans and slots straight into the database, sealed as
// the service seals them, so that later workloads (visit recording, batch uploads) can
// start from the same data; --workload=visit-due (bench_visit_due.cc) measures "my due
// visits" (VisitPlanService.ListDueVisits) through the running visit service.
#ifndef SHOUHU_TESTS_BENCH_BENCH_VISIT_H_
#define SHOUHU_TESTS_BENCH_BENCH_VISIT_H_

#include <cstdint>
#include <string>

#include "absl/flags/declare.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/crypto/field_cipher.h"
#include "common/db/pool.h"

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

}  // namespace shouhu::bench

#endif  // SHOUHU_TESTS_BENCH_BENCH_VISIT_H_
