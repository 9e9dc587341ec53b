// shouhu-aid: judicial aid disbursement (国家司法救助). API defined in
// proto/shouhu/aid/v1/aid.proto; its RPCs answer UNIMPLEMENTED until the aid issue.
#include "common/base/status_macros.h"
#include "common/server/flags/service_flags.h"
#include "shouhu/aid/v1/aid.grpc.pb.h"

int main(int argc, char** argv) {
  using namespace shouhu;  // NOLINT
  namespace aid = shouhu::aid::v1;
  ServiceHost::BlockSignals();
  ParseServiceCommandLine(argc, argv);
  ServiceMainOptions options = ServiceOptionsFromFlags("aid");
  options.database.db.pool_size = std::min(options.database.db.pool_size, 4);
  return RunService(std::move(options), [](ServiceContext& ctx) -> absl::Status {
    RETURN_IF_ERROR(AddRpcService<aid::AidApplicationService>(ctx));
    RETURN_IF_ERROR(AddRpcService<aid::DisbursementService>(ctx));
    RETURN_IF_ERROR(AddRpcService<aid::RecoveryService>(ctx));
    RETURN_IF_ERROR(AddRpcService<aid::SocialAidService>(ctx));
    RETURN_IF_ERROR(AddRpcService<aid::AidStatisticsService>(ctx));
    return AddRpcService<aid::AidConfigService>(ctx);
  });
}
