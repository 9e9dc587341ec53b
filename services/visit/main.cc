// shouhu-visit: follow-up visits (跟踪回访). API defined in proto/shouhu/visit/v1/visit.proto;
// its RPCs answer UNIMPLEMENTED until the visit issue.
#include "common/server/planned_main.inc"
#include "shouhu/visit/v1/visit.grpc.pb.h"

int main(int argc, char** argv) {
  namespace visit = shouhu::visit::v1;
  visit::VisitPlanService::Service plans;
  visit::VisitService::Service visits;
  visit::VolunteerService::Service volunteers;
  return RunPlannedService(argc, argv, "visit", {&plans, &visits, &volunteers});
}
