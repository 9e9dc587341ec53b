// shouhu-visit: the visit service (跟踪回访) binary. Configuration is read here only: the
// shared flags (common/server/flags/service_flags.h) and the data keys. API in
// proto/shouhu/visit/v1/visit.proto; VisitPlanService (plans, templates, settings, due
// visits), VisitService (visits, needs, amendments, offline batches, statistics) and
// VolunteerService (assignments, daily reports; the reports of offline batches) are bound,
// and CaseFactsService (review.proto: a case's facts for the oversight service's review).
// The access table must cover every RPC of the API or the service refuses to start. Every
// event delivered is recorded in the inbox; plans react to aid.paid, order.issued,
// order.ended, case.closed and case.transferred, needs to aid.suggestion_changed, in the
// same transaction.
#include <algorithm>
#include <memory>

#include "common/base/concurrency_gate.h"
#include "common/base/status_macros.h"
#include "common/server/flags/data_flags.h"
#include "common/server/flags/service_flags.h"
#include "shouhu/oversight/v1/review.grpc.pb.h"
#include "shouhu/visit/v1/visit.grpc.pb.h"
#include "visit/access_policy.h"
#include "visit/case_facts.h"
#include "visit/case_facts_grpc.h"
#include "visit/deps.h"
#include "visit/plan_grpc.h"
#include "visit/plan_ops.h"
#include "visit/visit_core.h"
#include "visit/visit_grpc.h"
#include "visit/volunteer_grpc.h"
#include "visit/volunteer_ops.h"

namespace shouhu::visit {
namespace {

absl::Status Register(const DataOptions& o, ServiceContext& ctx) {
  RETURN_IF_ERROR(VisitAccessPolicy().CheckCovers(VisitServices()));
  ASSIGN_OR_RETURN(ServiceData data, LoadServiceData(o, ctx));
  if (ctx.cases() == nullptr) {
    return absl::FailedPreconditionError("the visit service needs --referral_addr (cases)");
  }

  VisitDeps deps;
  deps.pool = &ctx.pool();
  deps.clock = &ctx.clock();
  deps.ids = &IdGenerator::Random();
  deps.cipher = data.cipher;
  deps.cases = ctx.cases();
  deps.metrics = &ctx.metrics();
  // Long offline batches may hold half the pool (at least one connection), one per
  // uploader: short calls always find a connection.
  deps.batches = ctx.Own(
      std::make_unique<ConcurrencyGate>(std::max(1, ctx.pool().options().pool_size / 2), 1));

  PlanCore* plans = ctx.Own(std::make_unique<PlanCore>(deps));
  VolunteerCore* volunteers = ctx.Own(std::make_unique<VolunteerCore>(deps));
  VisitCore* visits = ctx.Own(std::make_unique<VisitCore>(deps, volunteers));
  CaseFactsCore* facts = ctx.Own(std::make_unique<CaseFactsCore>(deps));
  ctx.SetEventReaction([plans, visits](db::Tx& tx, const common::v1::Event& e) {
    if (e.topic() == kTopicSuggestionChanged) return visits->ReactToEvent(tx, e);
    return plans->ReactToEvent(tx, e);
  });
  RETURN_IF_ERROR(AddRpcService<pb::VisitPlanService>(ctx, VisitPlanMethods(plans)));
  RETURN_IF_ERROR(AddRpcService<pb::VisitService>(ctx, VisitMethods(visits)));
  RETURN_IF_ERROR(AddRpcService<pb::VolunteerService>(ctx, VolunteerMethods(volunteers)));
  return AddRpcService<opb::CaseFactsService>(ctx, CaseFactsMethods(facts));
}

}  // namespace
}  // namespace shouhu::visit

int main(int argc, char** argv) {
  using namespace shouhu;  // NOLINT
  ServiceHost::BlockSignals();
  ParseServiceCommandLine(argc, argv);
  ServiceMainOptions options = ServiceOptionsFromFlags("visit");
  options.database.db.pool_size = std::min(options.database.db.pool_size, 4);
  const DataOptions own = DataOptionsFromFlags();
  return RunService(std::move(options),
                    [&own](ServiceContext& ctx) { return visit::Register(own, ctx); });
}
