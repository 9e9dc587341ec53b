// Visit statistics (GetVisitStatistics): whole months, quarters or years of the caller's
// procuratorate, one row per period or per department/caseworker; slots due, done on time,
// done late, overdue, missed, waived; needs found by kind and what became of them;
// volunteers' reports. Counts 1-4 suppressed for analysts.
#ifndef SHOUHU_VISIT_VISIT_STATS_H_
#define SHOUHU_VISIT_VISIT_STATS_H_

#include "absl/status/statusor.h"
#include "common/server/principal.h"
#include "shouhu/visit/v1/visit.pb.h"
#include "visit/deps.h"

namespace shouhu::visit {

absl::StatusOr<::shouhu::visit::v1::GetVisitStatisticsResponse> VisitStatistics(
    const VisitDeps& deps, const Principal& p,
    const ::shouhu::visit::v1::GetVisitStatisticsRequest& req);

}  // namespace shouhu::visit

#endif  // SHOUHU_VISIT_VISIT_STATS_H_
