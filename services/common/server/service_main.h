// The skeleton every Shouhu service binary runs on. main() parses its flags into
// ServiceMainOptions (common/server/flags/service_flags.h reads the shared ones), then
// calls RunService with a function that registers the service's handlers:
//
//   flags -> database pool + schema check -> token verifier and Authenticator -> RpcEnv
//   with the per-caller limits, and worker pool -> case client (when --referral_addr is
//   set) -> the service's handlers -> event inbox -> outbox relay (when event targets are set) ->
//   background jobs -> health, reflection, admin port (ServiceHost) -> wait for SIGTERM/SIGINT ->
//   graceful shutdown (health NOT_SERVING, streams told, in-flight calls drained, relay
//   flushed, jobs stopped, workers drained).
#ifndef SHOUHU_COMMON_SERVER_SERVICE_MAIN_H_
#define SHOUHU_COMMON_SERVER_SERVICE_MAIN_H_

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/base/clock.h"
#include "common/db/pool.h"
#include "common/ops/log.h"
#include "common/ops/metrics.h"
#include "common/server/auth.h"
#include "common/server/bootstrap.h"
#include "common/server/caller_limits.h"
#include "common/server/case_client.h"
#include "common/server/events.h"
#include "common/server/host.h"
#include "common/server/rpc.h"
#include "common/server/rpc_service.h"
#include "common/server/worker_pool.h"

namespace shouhu {

// Something that runs in the background while the service serves (e.g. a retention job
// purging old idempotency keys): started before serving, stopped after the drain.
class BackgroundJob {
 public:
  virtual ~BackgroundJob() = default;
  virtual void Start() = 0;
  virtual void Stop() = 0;
};

struct ServiceMainOptions {
  std::string name;  // "referral", "aid", ...: logs, metrics, inbox receiver name
  LogLevel log_level = LogLevel::kInfo;
  DatabaseStartOptions database;
  std::string jwt_public_key_file;         // PEM verifying people's tokens
  HostOptions host;                        // name, listen, admin, TLS, thread cap (name is set)
  int worker_threads = 16;                 // blocking handler work (database calls)
  std::vector<std::string> event_targets;  // outbox relay delivers here when non-empty
  // The referral service, for the case questions of the other services; empty: none.
  std::string referral_addr;
  absl::Duration referral_deadline = absl::Seconds(5);
  // Idempotency keys older than this are purged in small batches (hourly); zero: never.
  absl::Duration idempotency_retention = absl::Hours(24 * 30);
  // Streams, concurrent calls and request rate per caller, by caller kind.
  CallerLimitsOptions caller_limits;
  // Started before serving, stopped after the drain, in this order (stopped in reverse).
  std::vector<std::unique_ptr<BackgroundJob>> background_jobs;
};

// What a service's registration function gets: the shared pieces, and where to put its
// own. Everything here outlives the services registered.
class ServiceContext {
 public:
  ServiceContext() = default;
  ServiceContext(const ServiceContext&) = delete;
  ServiceContext& operator=(const ServiceContext&) = delete;
  // Services first, then what they use, newest first.
  ~ServiceContext() {
    services_.clear();
    while (!owned_.empty()) owned_.pop_back();
  }

  db::ConnectionPool& pool() { return *pool_; }
  const RpcEnv& env() { return *env_; }
  WorkerPool& workers() { return *workers_; }
  Registry& metrics() { return *metrics_; }
  const Clock& clock() { return Clock::Real(); }
  // The referral service's CaseService; null when no --referral_addr was given.
  const CaseClient* cases() { return cases_; }
  // This service's client credentials (its own certificate), for calls to other services.
  [[nodiscard]] absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ClientCredentials();

  // Keeps `object` alive as long as the services (e.g. the domain core they call).
  template <typename T>
  T* Own(std::unique_ptr<T> object) {
    T* raw = object.get();
    owned_.push_back(std::shared_ptr<T>(std::move(object)));
    return raw;
  }
  void AddService(std::unique_ptr<grpc::Service> service) {
    services_.push_back(std::move(service));
  }
  // Lets partner-agency certificates in (only the referral service has the registry).
  void SetAgencyLookup(AgencyLookup lookup) { *agency_lookup_ = std::move(lookup); }
  // Runs inside the transaction recording each received event (default: count and log).
  void SetEventReaction(InboxReceiver::React react) { react_ = std::move(react); }
  void AddBackgroundJob(std::unique_ptr<BackgroundJob> job) { jobs_.push_back(std::move(job)); }
  // Degraded-but-serving conditions for the admin /healthz.
  void AddHealthDetails(std::function<std::vector<std::string>()> details) {
    health_details_.push_back(std::move(details));
  }
  // Runs when the drain begins (end long-lived streams).
  void OnDrainStart(std::function<void()> fn) { on_drain_.push_back(std::move(fn)); }

 private:
  friend int RunService(ServiceMainOptions options,
                        const std::function<absl::Status(ServiceContext&)>& register_services);
  db::ConnectionPool* pool_ = nullptr;
  const RpcEnv* env_ = nullptr;
  WorkerPool* workers_ = nullptr;
  Registry* metrics_ = nullptr;
  const CaseClient* cases_ = nullptr;
  const TlsFiles* tls_ = nullptr;
  std::shared_ptr<grpc::ChannelCredentials> client_creds_;
  std::shared_ptr<AgencyLookup> agency_lookup_ = std::make_shared<AgencyLookup>();
  std::vector<std::shared_ptr<void>> owned_;
  std::vector<std::unique_ptr<grpc::Service>> services_;
  InboxReceiver::React react_;
  std::vector<std::unique_ptr<BackgroundJob>> jobs_;
  std::vector<std::function<std::vector<std::string>()>> health_details_;
  std::vector<std::function<void()>> on_drain_;
};

// Adds the generated service `GeneratedService` served by the adapter with `table`; the
// default (empty) table answers UNIMPLEMENTED to every method.
template <typename GeneratedService>
[[nodiscard]] absl::Status AddRpcService(ServiceContext& ctx,
                                         MethodTable table = MethodTable::For<GeneratedService>()) {
  auto service = RpcService<GeneratedService>::Create(std::move(table), &ctx.env(), &ctx.workers());
  if (!service.ok()) return service.status();
  ctx.AddService(std::move(service).value());
  return absl::OkStatus();
}

// Runs the service until SIGTERM/SIGINT; returns the process exit code. Start-up failures
// are logged (without secrets) and return 1. Call ServiceHost::BlockSignals() first
// thing in main().
int RunService(ServiceMainOptions options,
               const std::function<absl::Status(ServiceContext&)>& register_services);

}  // namespace shouhu

#endif  // SHOUHU_COMMON_SERVER_SERVICE_MAIN_H_
