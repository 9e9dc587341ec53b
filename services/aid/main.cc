// shouhu-aid: the aid service (国家司法救助) binary. Configuration is read here only: the
// shared flags (common/server/flags/service_flags.h) and the aid service's own. API in
// proto/shouhu/aid/v1/aid.proto; services without a method table answer UNIMPLEMENTED.
#include "absl/flags/flag.h"
#include "absl/time/clock.h"
#include "aid/application_core.h"
#include "aid/application_grpc.h"
#include "aid/case_facts_grpc.h"
#include "aid/config_grpc.h"
#include "aid/config_ops.h"
#include "aid/deps.h"
#include "aid/money_grpc.h"
#include "aid/rules.h"
#include "aid/stats_ops.h"
#include "aid/suggestion_grpc.h"
#include "common/base/status_macros.h"
#include "common/server/flags/data_flags.h"
#include "common/server/flags/service_flags.h"
#include "shouhu/aid/v1/aid.grpc.pb.h"
#include "shouhu/oversight/v1/review.grpc.pb.h"

ABSL_FLAG(std::string, aid_rules_file,
          shouhu::EnvOr("SHOUHU_AID_RULES_FILE", "deploy/aid/rules/eligibility-2021.1.json"),
          "the eligibility rule set (versioned rule data)");

namespace shouhu::aid {
namespace {

struct AidOptions {
  DataOptions data;
  std::string rules_file;
};

absl::Status Register(const AidOptions& o, ServiceContext& ctx) {
  ASSIGN_OR_RETURN(ServiceData data, LoadServiceData(o.data, ctx));
  ASSIGN_OR_RETURN(RuleSet rules, RuleSet::Load(o.rules_file));
  const RuleSet* rule_set = ctx.Own(std::make_unique<RuleSet>(std::move(rules)));
  ASSIGN_OR_RETURN(const AidDeps deps, CaseServiceDeps<AidDeps>(ctx, data));
  ApplicationCore* applications = ctx.Own(std::make_unique<ApplicationCore>(deps, rule_set));
  SuggestionCore* suggestions = ctx.Own(std::make_unique<SuggestionCore>(deps));
  // Needs found on visits draft suggestions; the case hub's events concern applications.
  ctx.SetEventReaction([applications, suggestions](db::Tx& tx, const common::v1::Event& e) {
    if (e.topic() == kTopicNeedFound) return suggestions->ReactToNeedFound(tx, e);
    return applications->ReactToEvent(tx, e);
  });
  StatsCore* stats = ctx.Own(std::make_unique<StatsCore>(deps));

  RETURN_IF_ERROR(
      AddRpcService<pb::AidApplicationService>(ctx, AidApplicationMethods(applications)));
  RETURN_IF_ERROR(AddRpcService<pb::DisbursementService>(
      ctx, DisbursementMethods(ctx.Own(std::make_unique<DisbursementCore>(deps)))));
  RETURN_IF_ERROR(
      AddRpcService<pb::FundService>(ctx, FundMethods(ctx.Own(std::make_unique<FundCore>(deps)))));
  RETURN_IF_ERROR(AddRpcService<pb::ReconciliationService>(
      ctx, ReconciliationMethods(ctx.Own(std::make_unique<ReconciliationCore>(deps)))));
  RETURN_IF_ERROR(AddRpcService<pb::RecoveryService>(
      ctx, RecoveryMethods(ctx.Own(std::make_unique<RecoveryCore>(deps)))));
  RETURN_IF_ERROR(AddRpcService<pb::SocialAidService>(ctx, SocialAidMethods(suggestions)));
  RETURN_IF_ERROR(AddRpcService<pb::AidStatisticsService>(ctx, StatsMethods(stats)));
  // The case facts of the case-quality review, for the oversight service.
  RETURN_IF_ERROR(AddRpcService<opb::CaseFactsService>(
      ctx, CaseFactsMethods(ctx.Own(std::make_unique<CaseFactsCore>(deps)))));
  return AddRpcService<pb::AidConfigService>(
      ctx, AidConfigMethods(ctx.Own(std::make_unique<ConfigCore>(deps))));
}

}  // namespace
}  // namespace shouhu::aid

int main(int argc, char** argv) {
  using namespace shouhu;  // NOLINT
  ServiceHost::BlockSignals();
  ParseServiceCommandLine(argc, argv);
  ServiceMainOptions options = ServiceOptionsFromFlags("aid");
  // At most 4 database connections, whatever --db_pool_size says: the fund's pot row is one
  // hot row per procuratorate, year and pot, so more connections only queue on its lock
  // instead of in the pool (docs/performance.md, the aid benchmark).
  options.database.db.pool_size = std::min(options.database.db.pool_size, 4);
  const aid::AidOptions own{DataOptionsFromFlags(), absl::GetFlag(FLAGS_aid_rules_file)};
  return RunService(std::move(options),
                    [&own](ServiceContext& ctx) { return aid::Register(own, ctx); });
}
