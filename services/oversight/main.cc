// shouhu-oversight: the oversight service (流程监控) binary. Configuration is read here
// only: the shared flags (common/server/flags/service_flags.h) and the notice flags
// below. API in proto/shouhu/oversight/v1/oversight.proto (DeadlineWatchService). The
// access table must cover every RPC or the service refuses to start. Every event
// delivered is recorded in the inbox; "deadline.changed" updates the read model in the
// same transaction. The notice job raises and delivers notices in the background.
#include <algorithm>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "common/base/status_macros.h"
#include "common/server/flags/service_flags.h"
#include "oversight/access_policy.h"
#include "oversight/notice_job.h"
#include "oversight/notifier.h"
#include "oversight/watch_core.h"
#include "oversight/watch_grpc.h"
#include "shouhu/oversight/v1/oversight.grpc.pb.h"

ABSL_FLAG(std::string, notifier, shouhu::EnvOr("SHOUHU_NOTIFIER", "log"),
          "where notices go: log (one JSON log line each) or webhook");
ABSL_FLAG(std::string, notifier_webhook_url, shouhu::EnvOr("SHOUHU_NOTIFIER_WEBHOOK_URL", ""),
          "the partner system's HTTPS endpoint for --notifier=webhook");
ABSL_FLAG(std::string, notifier_webhook_ca, shouhu::EnvOr("SHOUHU_NOTIFIER_WEBHOOK_CA", ""),
          "CA bundle for the webhook's certificate (empty: the system's)");
ABSL_FLAG(int, notice_lead_days, shouhu::EnvIntOr("SHOUHU_NOTICE_LEAD_DAYS", 0),
          "raise the DUE notice this many China days before the due day (0: on the day)");
ABSL_FLAG(int, notice_interval_seconds, shouhu::EnvIntOr("SHOUHU_NOTICE_INTERVAL_SECONDS", 30),
          "how often the notice job runs");

namespace shouhu::oversight {
namespace {

struct NoticeFlags {
  std::string notifier;
  WebhookOptions webhook;
  int lead_days = 0;
  int interval_seconds = 30;
};

absl::StatusOr<std::unique_ptr<Notifier>> MakeNotifier(const NoticeFlags& f) {
  if (f.notifier == "log") return std::unique_ptr<Notifier>(new LogNotifier());
  if (f.notifier == "webhook") {
    ASSIGN_OR_RETURN(auto webhook, WebhookNotifier::Create(f.webhook));
    return std::unique_ptr<Notifier>(std::move(webhook));
  }
  return absl::InvalidArgumentError("--notifier must be log or webhook");
}

absl::Status Register(const NoticeFlags& f, ServiceContext& ctx) {
  RETURN_IF_ERROR(OversightAccessPolicy().CheckCovers(OversightServices()));
  if (f.lead_days < 0 || f.lead_days > 30) {
    return absl::InvalidArgumentError("--notice_lead_days must be 0-30");
  }
  ASSIGN_OR_RETURN(std::unique_ptr<Notifier> made, MakeNotifier(f));
  Notifier* notifier = ctx.Own(std::move(made));

  OversightDeps deps;
  deps.pool = &ctx.pool();
  deps.clock = &ctx.clock();
  deps.ids = &IdGenerator::Random();
  deps.metrics = &ctx.metrics();
  deps.timing.lead_days = f.lead_days;

  WatchCore* core = ctx.Own(std::make_unique<WatchCore>(deps));
  ctx.SetEventReaction(
      [core](db::Tx& tx, const common::v1::Event& e) { return core->ReactToEvent(tx, e); });
  ctx.AddBackgroundJob(std::make_unique<NoticeJob>(
      deps, notifier,
      NoticeJobOptions{.interval = absl::Seconds(std::max(1, f.interval_seconds))}));
  return AddRpcService<v1::DeadlineWatchService>(ctx, DeadlineWatchMethods(core));
}

}  // namespace
}  // namespace shouhu::oversight

int main(int argc, char** argv) {
  using namespace shouhu;  // NOLINT
  ServiceHost::BlockSignals();
  ParseServiceCommandLine(argc, argv);
  ServiceMainOptions options = ServiceOptionsFromFlags("oversight");
  options.database.db.pool_size = std::min(options.database.db.pool_size, 4);
  oversight::NoticeFlags flags;
  flags.notifier = absl::GetFlag(FLAGS_notifier);
  flags.webhook.url = absl::GetFlag(FLAGS_notifier_webhook_url);
  flags.webhook.ca_file = absl::GetFlag(FLAGS_notifier_webhook_ca);
  flags.lead_days = absl::GetFlag(FLAGS_notice_lead_days);
  flags.interval_seconds = absl::GetFlag(FLAGS_notice_interval_seconds);
  return RunService(std::move(options),
                    [&flags](ServiceContext& ctx) { return oversight::Register(flags, ctx); });
}
