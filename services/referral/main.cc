// shouhu-referral: the referral service (线索移送) binary. Configuration is read here only:
// the shared flags (common/server/flags/service_flags.h) and the referral service's own.
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/base/status_macros.h"
#include "common/server/flags/data_flags.h"
#include "common/server/flags/service_flags.h"
#include "referral/backfill.h"
#include "referral/grpc_service.h"

ABSL_FLAG(int, watch_poll_ms, 1000,
          "how often watched referrals are re-read for changes made by other replicas");

namespace shouhu::referral {
namespace {

struct ReferralOptions {
  DataOptions data;
  absl::Duration watch_poll;
};

absl::Status Register(const ReferralOptions& o, ServiceContext& ctx) {
  ASSIGN_OR_RETURN(ServiceData data, LoadServiceData(o.data, ctx));
  // Rows written before migration 0005 hold names, facts and notes in clear: encrypt them
  // before serving (batch by batch; a restart after a crash resumes).
  ASSIGN_OR_RETURN(BackfillCounts sealed, SealClearPersonalData(ctx.pool(), *data.cipher));
  if (sealed.total() > 0) {
    Log(LogLevel::kInfo, "backfill.sealed",
        {{"persons", absl::StrCat(sealed.persons)},
         {"referrals", absl::StrCat(sealed.referrals)},
         {"timeline_entries", absl::StrCat(sealed.events)},
         {"cases", absl::StrCat(sealed.cases)},
         {"idempotency_responses", absl::StrCat(sealed.responses)}});
  }

  CoreDeps deps;
  deps.pool = &ctx.pool();
  deps.clock = &ctx.clock();
  deps.ids = &IdGenerator::Random();
  deps.cipher = data.cipher;
  deps.calendar = data.calendar;
  deps.metrics = &ctx.metrics();  // counts values that fail to decrypt
  ReferralCore* core = ctx.Own(std::make_unique<ReferralCore>(deps));
  ctx.SetAgencyLookup([core](const std::string& code) -> absl::StatusOr<AgencyIdentity> {
    ASSIGN_OR_RETURN(pb::Agency a, core->LookupAgency(code));
    return AgencyIdentity{a.agency_code(), a.name(), a.procuratorate_code(), a.active()};
  });
  ASSIGN_OR_RETURN(
      std::unique_ptr<ReferralGrpc> grpc,
      ReferralGrpc::Create(core, &ctx.env(), &ctx.workers(),
                           ReferralGrpc::Options{.watch = {.poll_interval = o.watch_poll}}));
  // ReferralService, CaseService, PersonService, RegistryService, and CaseFactsService
  // (shouhu.oversight.v1: the case facts, for the oversight service's quality review).
  for (auto& s : grpc->TakeServices()) ctx.AddService(std::move(s));
  ReferralGrpc* raw = ctx.Own(std::move(grpc));
  ctx.OnDrainStart([raw] { raw->BeginShutdown(); });
  return absl::OkStatus();
}

}  // namespace
}  // namespace shouhu::referral

int main(int argc, char** argv) {
  using namespace shouhu;  // NOLINT
  ServiceHost::BlockSignals();
  ParseServiceCommandLine(argc, argv);
  ServiceMainOptions options = ServiceOptionsFromFlags("referral");
  options.referral_addr.clear();  // it is the referral service
  const referral::ReferralOptions own{DataOptionsFromFlags(),
                                      absl::Milliseconds(absl::GetFlag(FLAGS_watch_poll_ms))};
  return RunService(std::move(options),
                    [&own](ServiceContext& ctx) { return referral::Register(own, ctx); });
}
