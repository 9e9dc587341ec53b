// shouhu-visit: follow-up visits (跟踪回访). API defined in proto/shouhu/visit/v1/visit.proto;
// its RPCs answer UNIMPLEMENTED until the visit issue.
#include "common/base/status_macros.h"
#include "common/server/flags/service_flags.h"
#include "shouhu/visit/v1/visit.grpc.pb.h"

int main(int argc, char** argv) {
  using namespace shouhu;  // NOLINT
  namespace visit = shouhu::visit::v1;
  ServiceHost::BlockSignals();
  ParseServiceCommandLine(argc, argv);
  ServiceMainOptions options = ServiceOptionsFromFlags("visit");
  options.database.db.pool_size = std::min(options.database.db.pool_size, 4);
  return RunService(std::move(options), [](ServiceContext& ctx) -> absl::Status {
    RETURN_IF_ERROR(AddRpcService<visit::VisitPlanService>(ctx));
    RETURN_IF_ERROR(AddRpcService<visit::VisitService>(ctx));
    return AddRpcService<visit::VolunteerService>(ctx);
  });
}
