// shouhu-guardianship: the guardianship service (监护令) binary. Configuration is read here
// only: the shared flags (common/server/flags/service_flags.h). API in
// proto/shouhu/guardianship/v1/guardianship.proto; services without a method table answer
// UNIMPLEMENTED. The access table must cover every RPC of the API or the service refuses to
// start.
#include "common/base/status_macros.h"
#include "common/server/flags/data_flags.h"
#include "common/server/flags/service_flags.h"
#include "guardianship/access_policy.h"
#include "guardianship/case_facts.h"
#include "guardianship/config_grpc.h"
#include "guardianship/config_ops.h"
#include "guardianship/deps.h"
#include "guardianship/escalation_grpc.h"
#include "guardianship/escalation_ops.h"
#include "guardianship/order_grpc.h"
#include "guardianship/stats_ops.h"
#include "guardianship/unattended_grpc.h"
#include "guardianship/unattended_ops.h"
#include "shouhu/guardianship/v1/guardianship.grpc.pb.h"
#include "shouhu/oversight/v1/review.grpc.pb.h"

namespace shouhu::guardianship {
namespace {

absl::Status Register(const DataOptions& o, ServiceContext& ctx) {
  RETURN_IF_ERROR(GuardianshipAccessPolicy().CheckCovers(GuardianshipServices()));
  ASSIGN_OR_RETURN(ServiceData data, LoadServiceData(o, ctx));
  ASSIGN_OR_RETURN(const GuardDeps deps, CaseServiceDeps<GuardDeps>(ctx, data));

  OrderCore* orders = ctx.Own(std::make_unique<OrderCore>(deps));
  // The case hub's events concern orders (case.transferred moves open orders).
  ctx.SetEventReaction(
      [orders](db::Tx& tx, const common::v1::Event& e) { return orders->ReactToEvent(tx, e); });
  MethodTable order_methods = GuardianshipOrderMethods(orders);
  BindOrderStatistics(order_methods, ctx.Own(std::make_unique<StatsCore>(deps)));
  RETURN_IF_ERROR(AddRpcService<pb::GuardianshipOrderService>(ctx, std::move(order_methods)));
  RETURN_IF_ERROR(AddRpcService<pb::EscalationService>(
      ctx, EscalationMethods(ctx.Own(std::make_unique<EscalationCore>(deps)))));
  RETURN_IF_ERROR(AddRpcService<pb::UnattendedChildService>(
      ctx, UnattendedMethods(ctx.Own(std::make_unique<UnattendedCore>(deps)))));
  // The case facts of the case-quality review, for the oversight service.
  RETURN_IF_ERROR(AddRpcService<opb::CaseFactsService>(
      ctx, CaseFactsMethods(ctx.Own(std::make_unique<CaseFactsCore>(deps)))));
  return AddRpcService<pb::GuardianshipConfigService>(
      ctx, GuardianshipConfigMethods(ctx.Own(std::make_unique<ConfigCore>(deps))));
}

}  // namespace
}  // namespace shouhu::guardianship

int main(int argc, char** argv) {
  using namespace shouhu;  // NOLINT
  ServiceHost::BlockSignals();
  ParseServiceCommandLine(argc, argv);
  ServiceMainOptions options = ServiceOptionsFromFlags("guardianship");
  options.database.db.pool_size = std::min(options.database.db.pool_size, 4);
  const DataOptions own = DataOptionsFromFlags();
  return RunService(std::move(options),
                    [&own](ServiceContext& ctx) { return guardianship::Register(own, ctx); });
}
