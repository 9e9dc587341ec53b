// shouhu-guardianship: guardianship orders (督促监护令). API defined in
// proto/shouhu/guardianship/v1/guardianship.proto; its RPCs answer UNIMPLEMENTED until the
// guardianship issue.
#include "common/server/planned_main.inc"
#include "shouhu/guardianship/v1/guardianship.grpc.pb.h"

int main(int argc, char** argv) {
  namespace g = shouhu::guardianship::v1;
  g::GuardianshipOrderService::Service orders;
  g::EscalationService::Service escalations;
  g::GuardianshipConfigService::Service config;
  return RunPlannedService(argc, argv, "guardianship", {&orders, &escalations, &config});
}
