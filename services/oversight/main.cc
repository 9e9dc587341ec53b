// shouhu-oversight: the oversight service (流程监控, 案件质量评查) binary. Configuration is
// read here only: the shared flags (common/server/flags/service_flags.h), the data keys
// (common/server/flags/data_flags.h: appeal texts are sealed), the notice flags and the
// review flags below. API in proto/shouhu/oversight/v1/oversight.proto
// (DeadlineWatchService) and review.proto (QualityReviewService). The access table must
// cover every RPC or the service refuses to start. Every event delivered is recorded in
// the inbox; "deadline.changed" updates the read model and "case.closed" queues the
// case's review in the same transaction. The notice job raises and delivers notices, the
// review job runs due reviews, asking the four record services for the case's facts
// (CaseFactsService) with this service's own certificate.
#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "common/base/status_macros.h"
#include "common/ops/log.h"
#include "common/server/flags/data_flags.h"
#include "common/server/flags/service_flags.h"
#include "oversight/access_policy.h"
#include "oversight/facts_source.h"
#include "oversight/notice_job.h"
#include "oversight/notifier.h"
#include "oversight/review_core.h"
#include "oversight/review_grpc.h"
#include "oversight/watch_core.h"
#include "oversight/watch_grpc.h"
#include "shouhu/oversight/v1/oversight.grpc.pb.h"
#include "shouhu/oversight/v1/review.grpc.pb.h"

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

ABSL_FLAG(std::string, aid_addr, shouhu::EnvOr("SHOUHU_AID_ADDR", ""),
          "the aid service (case facts for the review); empty: reviews wait for it");
ABSL_FLAG(std::string, guardianship_addr, shouhu::EnvOr("SHOUHU_GUARDIANSHIP_ADDR", ""),
          "the guardianship service (case facts for the review)");
ABSL_FLAG(std::string, visit_addr, shouhu::EnvOr("SHOUHU_VISIT_ADDR", ""),
          "the visit service (case facts for the review)");
ABSL_FLAG(int, review_delay_seconds, shouhu::EnvIntOr("SHOUHU_REVIEW_DELAY_SECONDS", 600),
          "a closed case's review runs this long after the closing");
ABSL_FLAG(int, review_interval_seconds, shouhu::EnvIntOr("SHOUHU_REVIEW_INTERVAL_SECONDS", 30),
          "how often the review job runs");

namespace shouhu::oversight {
namespace {

struct NoticeFlags {
  std::string notifier;
  WebhookOptions webhook;
  int lead_days = 0;
  int interval_seconds = 30;
  // The review.
  DataOptions data;
  std::string referral_addr;
  std::string aid_addr;
  std::string guardianship_addr;
  std::string visit_addr;
  int review_delay_seconds = 600;
  int review_interval_seconds = 30;
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
  if (f.review_delay_seconds < 0 || f.review_delay_seconds > 7 * 24 * 3600) {
    return absl::InvalidArgumentError("--review_delay_seconds must be 0-604800");
  }
  ASSIGN_OR_RETURN(std::unique_ptr<Notifier> made, MakeNotifier(f));
  Notifier* notifier = ctx.Own(std::move(made));
  ASSIGN_OR_RETURN(ServiceData data, LoadServiceData(f.data, ctx));

  // The review's facts: every record service, over mTLS with this service's certificate. A
  // service without an address is a source that never answers, so reviews wait (and say
  // which service is missing) instead of running on part of the facts.
  ASSIGN_OR_RETURN(std::shared_ptr<grpc::ChannelCredentials> creds, ctx.ClientCredentials());
  std::vector<const FactsSource*> sources;
  for (const auto& [name, addr] : {std::pair<std::string, std::string>{"referral", f.referral_addr},
                                   {"aid", f.aid_addr},
                                   {"guardianship", f.guardianship_addr},
                                   {"visit", f.visit_addr}}) {
    if (addr.empty()) {
      Log(LogLevel::kWarning, "oversight.review_source_missing", {{"source", name}});
      sources.push_back(ctx.Own(std::make_unique<UnconfiguredFactsSource>(name)));
    } else {
      sources.push_back(ctx.Own(std::make_unique<GrpcFactsSource>(name, addr, creds)));
    }
  }

  OversightDeps deps;
  deps.pool = &ctx.pool();
  deps.clock = &ctx.clock();
  deps.ids = &IdGenerator::Random();
  deps.metrics = &ctx.metrics();
  deps.cipher = data.cipher;
  deps.timing.lead_days = f.lead_days;

  WatchCore* core = ctx.Own(std::make_unique<WatchCore>(deps));
  ReviewCore* review = ctx.Own(std::make_unique<ReviewCore>(
      deps, std::move(sources), ReviewOptions{.delay = absl::Seconds(f.review_delay_seconds)}));
  ctx.SetEventReaction([core, review](db::Tx& tx, const common::v1::Event& e) {
    if (e.topic() == kTopicCaseClosed) return review->ReactToEvent(tx, e);
    return core->ReactToEvent(tx, e);
  });
  ctx.AddBackgroundJob(std::make_unique<NoticeJob>(
      deps, notifier,
      NoticeJobOptions{.interval = absl::Seconds(std::max(1, f.interval_seconds))}));
  ctx.AddBackgroundJob(
      std::make_unique<ReviewJob>(review, absl::Seconds(std::max(1, f.review_interval_seconds))));
  RETURN_IF_ERROR(AddRpcService<v1::DeadlineWatchService>(ctx, DeadlineWatchMethods(core)));
  return AddRpcService<v1::QualityReviewService>(ctx, QualityReviewMethods(review));
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
  flags.data = DataOptionsFromFlags();
  flags.referral_addr = options.referral_addr;
  flags.aid_addr = absl::GetFlag(FLAGS_aid_addr);
  flags.guardianship_addr = absl::GetFlag(FLAGS_guardianship_addr);
  flags.visit_addr = absl::GetFlag(FLAGS_visit_addr);
  flags.review_delay_seconds = absl::GetFlag(FLAGS_review_delay_seconds);
  flags.review_interval_seconds = absl::GetFlag(FLAGS_review_interval_seconds);
  return RunService(std::move(options),
                    [&flags](ServiceContext& ctx) { return oversight::Register(flags, ctx); });
}
