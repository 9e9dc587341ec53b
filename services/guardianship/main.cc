// shouhu-guardianship: guardianship orders (督促监护令). API defined in
// proto/shouhu/guardianship/v1/guardianship.proto; its RPCs answer UNIMPLEMENTED until the
// guardianship issue.
#include "common/base/status_macros.h"
#include "common/server/flags/service_flags.h"
#include "shouhu/guardianship/v1/guardianship.grpc.pb.h"

int main(int argc, char** argv) {
  using namespace shouhu;  // NOLINT
  namespace g = shouhu::guardianship::v1;
  ServiceHost::BlockSignals();
  ParseServiceCommandLine(argc, argv);
  ServiceMainOptions options = ServiceOptionsFromFlags("guardianship");
  options.database.db.pool_size = std::min(options.database.db.pool_size, 4);
  return RunService(std::move(options), [](ServiceContext& ctx) -> absl::Status {
    RETURN_IF_ERROR(AddRpcService<g::GuardianshipOrderService>(ctx));
    RETURN_IF_ERROR(AddRpcService<g::EscalationService>(ctx));
    return AddRpcService<g::GuardianshipConfigService>(ctx);
  });
}
