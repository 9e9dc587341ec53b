// shouhu-referral: the referral service (线索移送) binary. Configuration is read here only:
// the shared flags (common/server/flags/service_flags.h) and the referral service's own.
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/base/status_macros.h"
#include "common/server/flags/service_flags.h"
#include "referral/backfill.h"
#include "referral/grpc_service.h"

ABSL_FLAG(std::string, data_key_file, shouhu::EnvOr("SHOUHU_DATA_KEY_FILE", ""),
          "AES-256 key for sensitive fields (64 hex chars)");
ABSL_FLAG(std::string, hmac_key_file, shouhu::EnvOr("SHOUHU_HMAC_KEY_FILE", ""),
          "HMAC key for matching ID numbers (64 hex chars)");
ABSL_FLAG(std::string, calendar_dir, shouhu::EnvOr("SHOUHU_CALENDAR_DIR", "deploy/calendar"),
          "working-day calendar files");
ABSL_FLAG(int, watch_poll_ms, 1000,
          "how often watched referrals are re-read for changes made by other replicas");

namespace shouhu::referral {
namespace {

struct ReferralOptions {
  std::string data_key_file;
  std::string hmac_key_file;
  std::string calendar_dir;
  absl::Duration watch_poll;
};

absl::Status Register(const ReferralOptions& o, ServiceContext& ctx) {
  ASSIGN_OR_RETURN(std::unique_ptr<FieldCipher> cipher,
                   FieldCipher::FromKeyFiles(o.data_key_file, o.hmac_key_file));
  // Rows written before migration 0005 hold names, facts and notes in clear: encrypt them
  // before serving (batch by batch; a restart after a crash resumes).
  ASSIGN_OR_RETURN(BackfillCounts sealed, SealClearPersonalData(ctx.pool(), *cipher));
  if (sealed.total() > 0) {
    Log(LogLevel::kInfo, "backfill.sealed",
        {{"persons", absl::StrCat(sealed.persons)},
         {"referrals", absl::StrCat(sealed.referrals)},
         {"timeline_entries", absl::StrCat(sealed.events)},
         {"cases", absl::StrCat(sealed.cases)},
         {"idempotency_responses", absl::StrCat(sealed.responses)}});
  }
  ASSIGN_OR_RETURN(WorkingCalendar loaded, LoadCalendarForService(o.calendar_dir));
  const WorkingCalendar* calendar = ctx.Own(std::make_unique<WorkingCalendar>(std::move(loaded)));
  // A year without its holiday file does not stop the service: deadlines are counted
  // Monday to Friday for that year, and it says so loudly until the file is added.
  const CalendarCoverage coverage = CheckCoverage(*calendar, absl::Now());
  Gauge& covered = ctx.metrics().AddGauge(
      "shouhu_calendar_year_covered",
      "1 if the holiday calendar of the year is loaded, 0 if days are counted Monday-Friday",
      {"year"});
  covered.WithLabels({absl::StrCat(coverage.year)}).Set(coverage.current ? 1 : 0);
  covered.WithLabels({absl::StrCat(coverage.year + 1)}).Set(coverage.next ? 1 : 0);
  const std::vector<std::string> warnings = coverage.Warnings();
  for (const std::string& w : warnings) {
    Log(LogLevel::kWarning, "calendar.missing_year", {{"warning", w}});
  }
  if (!warnings.empty()) ctx.AddHealthDetails([warnings] { return warnings; });

  CoreDeps deps;
  deps.pool = &ctx.pool();
  deps.clock = &ctx.clock();
  deps.ids = &IdGenerator::Random();
  deps.cipher = ctx.Own(std::move(cipher));
  deps.calendar = calendar;
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
  const referral::ReferralOptions own{
      absl::GetFlag(FLAGS_data_key_file), absl::GetFlag(FLAGS_hmac_key_file),
      absl::GetFlag(FLAGS_calendar_dir), absl::Milliseconds(absl::GetFlag(FLAGS_watch_poll_ms))};
  return RunService(std::move(options),
                    [&own](ServiceContext& ctx) { return referral::Register(own, ctx); });
}
