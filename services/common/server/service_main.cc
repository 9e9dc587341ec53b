#include "common/server/service_main.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/base/file.h"
#include "common/base/status_macros.h"
#include "common/db/outbox.h"
#include "common/db/retention.h"
#include "common/server/tls.h"
#include "common/token/token.h"

namespace shouhu {

namespace {

int Fail(const absl::Status& status, absl::string_view step) {
  Log(LogLevel::kError, "startup.failed",
      {{"step", std::string(step)}, {"error", status.ToString()}});
  return 1;
}

class RelayJob final : public BackgroundJob {
 public:
  explicit RelayJob(std::unique_ptr<db::OutboxRelay> relay) : relay_(std::move(relay)) {}
  void Start() override { relay_->Start(); }
  void Stop() override { relay_->Stop(); }  // flushes what is due

 private:
  std::unique_ptr<db::OutboxRelay> relay_;
};

class RetentionJob final : public BackgroundJob {
 public:
  explicit RetentionJob(std::unique_ptr<db::IdempotencyRetention> retention)
      : retention_(std::move(retention)) {}
  void Start() override { retention_->Start(); }
  void Stop() override { retention_->Stop(); }

 private:
  std::unique_ptr<db::IdempotencyRetention> retention_;
};

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ServiceContext::ClientCredentials() {
  if (client_creds_ != nullptr) return client_creds_;
  if (tls_ == nullptr) return absl::FailedPreconditionError("no TLS configuration");
  ASSIGN_OR_RETURN(client_creds_, ClientTlsCredentials(*tls_));
  return client_creds_;
}

int RunService(ServiceMainOptions options,
               const std::function<absl::Status(ServiceContext&)>& register_services) {
  SetMinLogLevel(options.log_level);
  auto pool = OpenDatabase(options.database);
  if (!pool.ok()) return Fail(pool.status(), "database");
  auto jwt_pem = ReadFile(options.jwt_public_key_file);
  if (!jwt_pem.ok()) return Fail(jwt_pem.status(), "token key");
  auto verifier = TokenVerifier::FromPublicKeyPem(*jwt_pem);
  if (!verifier.ok()) return Fail(verifier.status(), "token key");

  ServiceContext context;
  // The registration below may provide the agency registry; until then (and in services
  // without one) agency certificates are refused.
  std::shared_ptr<AgencyLookup> agencies = context.agency_lookup_;
  Authenticator auth(
      std::move(verifier).value(),
      [agencies](const std::string& code) -> absl::StatusOr<AgencyIdentity> {
        if (!*agencies) return absl::UnauthenticatedError("agency calls are not accepted here");
        return (*agencies)(code);
      },
      &Clock::Real());
  Registry metrics;
  CallerLimits limits(options.caller_limits, &Clock::Real(), &metrics);
  RpcEnv env(&auth, &metrics, options.name);
  env.SetCallerLimits(&limits);
  WorkerPool workers(WorkerPool::Options{.threads = options.worker_threads});

  std::shared_ptr<grpc::ChannelCredentials> client_creds;
  if (!options.event_targets.empty() || !options.referral_addr.empty()) {
    auto creds = ClientTlsCredentials(options.host.tls);
    if (!creds.ok()) return Fail(creds.status(), "client tls");
    client_creds = *creds;
  }
  std::unique_ptr<CaseClient> cases;
  if (!options.referral_addr.empty()) {
    cases = std::make_unique<CaseClient>(
        CaseClient::Options{options.referral_addr, options.referral_deadline}, client_creds);
  }

  context.pool_ = pool->get();
  context.env_ = &env;
  context.workers_ = &workers;
  context.metrics_ = &metrics;
  context.cases_ = cases.get();
  context.tls_ = &options.host.tls;
  context.client_creds_ = client_creds;
  if (cases != nullptr) {
    // Agency certificates are checked against the referral service's registry (cached by
    // the authenticator); a service with its own registry replaces this when it registers.
    const CaseClient* hub = cases.get();
    *context.agency_lookup_ = [hub](const std::string& code) -> absl::StatusOr<AgencyIdentity> {
      ASSIGN_OR_RETURN(referral::v1::Agency a, hub->GetAgency(code));  // NOT_FOUND: refused
      return AgencyIdentity{a.agency_code(), a.name(), a.procuratorate_code(), a.active()};
    };
  }
  if (absl::Status st = register_services(context); !st.ok()) return Fail(st, "services");

  InboxReceiver::React react = context.react_;
  if (!react) {
    Counter& received = metrics.AddCounter("shouhu_events_received_total",
                                           "Events accepted from other services", {"topic"});
    react = [&received](db::Tx&, const common::v1::Event& e) -> absl::Status {
      received.WithLabels({e.topic()}).Increment();
      Log(LogLevel::kInfo, "event.received", {{"topic", e.topic()}, {"event_id", e.event_id()}});
      return absl::OkStatus();
    };
  }
  InboxReceiver inbox(options.name, pool->get(), &env, std::move(react));

  std::vector<std::unique_ptr<BackgroundJob>> jobs;
  if (!options.event_targets.empty()) {
    jobs.push_back(std::make_unique<RelayJob>(std::make_unique<db::OutboxRelay>(
        pool->get(), &Clock::Real(), GrpcEventSink(options.event_targets, client_creds),
        db::OutboxRelay::Options{.service = options.name})));
  }
  if (options.idempotency_retention > absl::ZeroDuration()) {
    jobs.push_back(std::make_unique<RetentionJob>(std::make_unique<db::IdempotencyRetention>(
        pool->get(), &Clock::Real(),
        db::IdempotencyRetention::Options{.retention = options.idempotency_retention})));
  }
  for (auto& job : options.background_jobs) jobs.push_back(std::move(job));
  for (auto& job : context.jobs_) jobs.push_back(std::move(job));
  for (auto& job : jobs) job->Start();

  std::vector<grpc::Service*> services;
  for (auto& s : context.services_) services.push_back(s.get());
  services.push_back(&inbox);
  HostOptions host_options = options.host;
  host_options.service_name = options.name;
  host_options.on_drain_start = [&env, &context] {
    env.BeginShutdown();
    for (auto& fn : context.on_drain_) fn();
  };
  if (!context.health_details_.empty()) {
    host_options.health_details = [&context] {
      std::vector<std::string> out;
      for (auto& fn : context.health_details_) {
        for (std::string& d : fn()) out.push_back(std::move(d));
      }
      return out;
    };
  }
  auto host = ServiceHost::Start(host_options, services, pool->get(), &metrics, [&] {
    // After the drain: background work stops (the relay flushes), then the workers.
    for (auto it = jobs.rbegin(); it != jobs.rend(); ++it) (*it)->Stop();
    workers.Shutdown();
  });
  if (!host.ok()) {
    for (auto it = jobs.rbegin(); it != jobs.rend(); ++it) (*it)->Stop();
    return Fail(host.status(), "server");
  }
  (*host)->Wait();
  return 0;
}

}  // namespace shouhu
