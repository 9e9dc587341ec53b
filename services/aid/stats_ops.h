// AidStatisticsService (救助统计): figures of the caller's procuratorate for one whole
// period, grouped by month, department, caseworker or channel (aid/stats.h). Analysts
// (aggregates only) get small counts suppressed; department heads and the chief, who may
// read the records themselves, get exact figures.
//
// What each figure counts, by the date it is about:
//   applications_accepted, ex_officio_count   registered_on in the period
//   people_aided, decided_on_time/late,       decided_on in the period (aided: a grant
//   median_decision_days                      still APPROVED or PAID)
//   emergency_count                           emergency advance approved in the period
//   amount_paid_fen                           payments (not FAILED) paid_on in the period
//   recovered_fen                             recovery receipts received_on in the period
//   suggestions_issued/completed, measures    suggestions issued_on in the period
// Grouping uses the application's month of that date, department, caseworker or channel;
// suggestions without an application count under the empty key of non-month groupings.
#ifndef SHOUHU_AID_STATS_OPS_H_
#define SHOUHU_AID_STATS_OPS_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "aid/deps.h"
#include "common/server/principal.h"
#include "common/server/rpc_service.h"
#include "shouhu/aid/v1/aid.pb.h"

namespace shouhu::aid {

class StatsCore {
 public:
  explicit StatsCore(AidDeps deps) : d_(deps) {}

  absl::StatusOr<pb::GetAidStatisticsResponse> Get(const Principal& p,
                                                   const pb::GetAidStatisticsRequest& req);

 private:
  AidDeps d_;
};

// The statements Get runs for `group_by` (name, SQL with "?" parameters: procuratorate,
// from, to), for the EXPLAIN test.
std::vector<std::pair<std::string, std::string>> StatsStatements(pb::StatsGroupBy group_by);

// AidStatisticsService's method table (behind the aid access table).
MethodTable StatsMethods(StatsCore* core);

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_STATS_OPS_H_
