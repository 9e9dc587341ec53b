#include "oversight/watch_grpc.h"

#include "common/server/policy_bind.h"
#include "oversight/access_policy.h"
#include "shouhu/oversight/v1/oversight.grpc.pb.h"

namespace shouhu::oversight {

MethodTable DeadlineWatchMethods(WatchCore* core) {
  MethodTable t = MethodTable::For<v1::DeadlineWatchService>();
  const AccessPolicy& policy = OversightAccessPolicy();
  BindPolicy(t, policy, "ListMyDeadlines", core, &WatchCore::ListMyDeadlines);
  BindPolicy(t, policy, "ListDepartmentDeadlines", core, &WatchCore::ListDepartmentDeadlines);
  BindPolicy(t, policy, "ListNotices", core, &WatchCore::ListNotices);
  BindPolicy(t, policy, "AcknowledgeNotice", core, &WatchCore::AcknowledgeNotice);
  BindPolicy(t, policy, "GetMonthlyLedger", core, &WatchCore::GetMonthlyLedger);
  return t;
}

}  // namespace shouhu::oversight
