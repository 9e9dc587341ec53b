#include "common/server/host.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/impl/server_builder_option.h>
#include <grpcpp/impl/server_builder_plugin.h>
#include <grpcpp/impl/server_initializer.h>
#include <grpcpp/resource_quota.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/ops/log.h"

namespace shouhu {

namespace {

// Copies the names of the services registered on a server (gRPC exposes them only to
// builder plugins), so that the health service can answer for each of them.
class ServiceNamesPlugin : public grpc::ServerBuilderPlugin {
 public:
  explicit ServiceNamesPlugin(std::vector<std::string>* out) : out_(out) {}
  std::string name() override { return "shouhu_service_names"; }
  void InitServer(grpc::ServerInitializer*) override {}
  void Finish(grpc::ServerInitializer* si) override {
    if (const std::vector<std::string>* names = si->GetServiceList()) *out_ = *names;
  }
  void ChangeArguments(const std::string&, void*) override {}

 private:
  std::vector<std::string>* out_;
};

class ServiceNamesOption : public grpc::ServerBuilderOption {
 public:
  explicit ServiceNamesOption(std::vector<std::string>* out) : out_(out) {}
  void UpdateArguments(grpc::ChannelArguments*) override {}
  void UpdatePlugins(std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>* plugins) override {
    plugins->push_back(std::make_unique<ServiceNamesPlugin>(out_));
  }

 private:
  std::vector<std::string>* out_;
};

}  // namespace

void ServiceHost::BlockSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

absl::StatusOr<std::unique_ptr<ServiceHost>> ServiceHost::Start(
    const HostOptions& options, std::vector<grpc::Service*> services, db::ConnectionPool* pool,
    Registry* metrics, std::function<void()> on_shutdown) {
  auto creds = ServerTlsCredentials(options.tls);
  if (!creds.ok()) return creds.status();
  std::unique_ptr<ServiceHost> host(new ServiceHost());
  host->options_ = options;
  host->pool_ = pool;
  host->on_shutdown_ = std::move(on_shutdown);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen, *creds, &host->port_);
  grpc::ResourceQuota quota(absl::StrCat("shouhu-", options.service_name));
  quota.SetMaxThreads(options.max_threads);
  builder.SetResourceQuota(quota);
  builder.SetMaxReceiveMessageSize(4 * 1024 * 1024);
  for (grpc::Service* s : services) builder.RegisterService(s);
  std::vector<std::string> service_names;
  builder.SetOption(std::make_unique<ServiceNamesOption>(&service_names));
  host->server_ = builder.BuildAndStart();
  if (host->server_ == nullptr || host->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen));
  }
  // Names for grpc.health.v1: "" (the whole server) and every registered service. The
  // health service answers only for names it was told about; all start NOT_SERVING until
  // the first database check.
  grpc::HealthCheckServiceInterface* health = host->server_->GetHealthCheckService();
  for (const std::string& name : service_names) health->SetServingStatus(name, false);
  health->SetServingStatus("", false);
  ServiceHost* raw = host.get();
  auto admin = AdminServer::Start(
      options.admin_host, options.admin_port, metrics, [raw] { return raw->serving(); },
      options.health_details);
  if (!admin.ok()) return admin.status();
  host->admin_ = std::move(admin).value();

  host->health_thread_ = std::thread([raw] { raw->HealthLoop(); });
  if (options.handle_signals)
    host->signal_thread_ = std::thread([raw] {
      sigset_t set;
      sigemptyset(&set);
      sigaddset(&set, SIGTERM);
      sigaddset(&set, SIGINT);
      // Wakes on a real signal, or on the SIGTERM sent to this thread by Shutdown().
      int sig = 0;
      sigwait(&set, &sig);
      raw->stop_.Notify();
    });
  Log(LogLevel::kInfo, "server.started",
      {{"service", options.service_name},
       {"port", absl::StrCat(host->port_)},
       {"admin_port", absl::StrCat(host->admin_->port())}});
  return host;
}

int ServiceHost::admin_port() const { return admin_ ? admin_->port() : 0; }

void ServiceHost::HealthLoop() {
  db::ConnectionPool::EnsureThreadInit();
  bool last = false;
  bool first = true;
  absl::Time last_trim = absl::Now();
  do {
    if (stopping_.load()) break;
    // glibc keeps what the many handler threads freed in per-thread arenas; without this
    // the resident size stays near its peak long after the load is gone.
    if (options_.memory_trim_interval > absl::ZeroDuration() &&
        absl::Now() - last_trim >= options_.memory_trim_interval) {
      malloc_trim(0);
      last_trim = absl::Now();
    }
    const bool ok = pool_ == nullptr || pool_->Ping().ok();
    if (first || ok != last) {
      server_->GetHealthCheckService()->SetServingStatus(ok);
      serving_.store(ok);
      Log(ok ? LogLevel::kInfo : LogLevel::kWarning, "health.changed",
          {{"service", options_.service_name}, {"serving", ok ? "true" : "false"}});
      last = ok;
      first = false;
    }
  } while (!stop_.WaitForNotificationWithTimeout(options_.health_interval));
}

void ServiceHost::Wait() {
  stop_.WaitForNotification();
  Shutdown();
}

void ServiceHost::Shutdown() {
  if (stopping_.exchange(true)) return;
  if (!stop_.HasBeenNotified()) stop_.Notify();
  Log(LogLevel::kInfo, "server.stopping", {{"service", options_.service_name}});
  serving_.store(false);
  server_->GetHealthCheckService()->SetServingStatus(false);
  if (options_.on_drain_start) options_.on_drain_start();
  server_->Shutdown(std::chrono::system_clock::now() +
                    absl::ToChronoMilliseconds(options_.shutdown_grace));
  if (health_thread_.joinable()) health_thread_.join();
  if (signal_thread_.joinable()) {
    pthread_kill(signal_thread_.native_handle(), SIGTERM);
    signal_thread_.join();
  }
  if (on_shutdown_) on_shutdown_();
  if (admin_) admin_->Stop();
  Log(LogLevel::kInfo, "server.stopped", {{"service", options_.service_name}});
}

ServiceHost::~ServiceHost() { Shutdown(); }

}  // namespace shouhu
