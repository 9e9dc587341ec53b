#include "visit/visit_stats.h"

namespace shouhu::visit {

absl::StatusOr<::shouhu::visit::v1::GetVisitStatisticsResponse> VisitStatistics(
    const VisitDeps&, const Principal&, const ::shouhu::visit::v1::GetVisitStatisticsRequest&) {
  return absl::UnimplementedError("visit statistics are not built yet");
}

}  // namespace shouhu::visit
