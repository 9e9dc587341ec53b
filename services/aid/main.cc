// shouhu-aid: judicial aid disbursement (国家司法救助). API defined in
// proto/shouhu/aid/v1/aid.proto; its RPCs answer UNIMPLEMENTED until the aid issue.
#include "common/server/planned_main.inc"
#include "shouhu/aid/v1/aid.grpc.pb.h"

int main(int argc, char** argv) {
  namespace aid = shouhu::aid::v1;
  aid::AidApplicationService::Service applications;
  aid::DisbursementService::Service disbursements;
  aid::RecoveryService::Service recoveries;
  aid::SocialAidService::Service social_aid;
  aid::AidStatisticsService::Service statistics;
  aid::AidConfigService::Service config;
  return RunPlannedService(
      argc, argv, "aid",
      {&applications, &disbursements, &recoveries, &social_aid, &statistics, &config});
}
