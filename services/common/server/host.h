// Runs a gRPC server the same way for every Shouhu service:
// - TLS with required client certificates on the service port;
// - gRPC health service (per service name and ""), NOT_SERVING while the database is
//   unreachable (checked every second), and server reflection;
// - a bounded thread pool (ResourceQuota, with headroom for pollers);
// - an admin HTTP port with /metrics (Prometheus text) and /healthz;
// - graceful shutdown on SIGTERM/SIGINT: health goes NOT_SERVING, new calls are refused,
//   in-flight calls get `shutdown_grace` to finish, then background work is stopped.
#ifndef SHOUHU_COMMON_SERVER_HOST_H_
#define SHOUHU_COMMON_SERVER_HOST_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "common/db/pool.h"
#include "common/ops/admin_server.h"
#include "common/ops/metrics.h"
#include "common/server/tls.h"

namespace shouhu {

struct HostOptions {
  std::string service_name;  // "referral"
  std::string listen = "127.0.0.1:0";
  std::string admin_host = "127.0.0.1";
  int admin_port = 0;
  TlsFiles tls;
  int max_threads = 48;
  absl::Duration shutdown_grace = absl::Seconds(10);
  absl::Duration health_interval = absl::Seconds(1);
  // How often heap memory freed by the handler threads is handed back to the system
  // (malloc_trim), so that an idle service shrinks back after a burst of calls; zero
  // turns it off.
  absl::Duration memory_trim_interval = absl::Seconds(30);
  // Wait for SIGTERM/SIGINT (binaries). Tests hosting a server in-process turn it off.
  bool handle_signals = true;
  // Runs when shutdown begins, before in-flight calls are drained (e.g. to end streams).
  std::function<void()> on_drain_start;
  // Degraded-but-serving conditions shown by the admin /healthz (may be empty).
  std::function<std::vector<std::string>()> health_details;
};

class ServiceHost {
 public:
  // Starts serving `services` (not owned; must outlive the host). `pool` may be null for
  // a service without a database; `on_shutdown` runs after the server has drained.
  static absl::StatusOr<std::unique_ptr<ServiceHost>> Start(
      const HostOptions& options, std::vector<grpc::Service*> services, db::ConnectionPool* pool,
      Registry* metrics, std::function<void()> on_shutdown = nullptr);
  ~ServiceHost();

  int port() const { return port_; }
  int admin_port() const;
  bool serving() const { return serving_.load(); }
  // Blocks until Shutdown() is called or a SIGTERM/SIGINT arrives (see BlockSignals).
  void Wait();
  void Shutdown();

  // Call first thing in main(), before any thread starts, so that SIGTERM/SIGINT are
  // delivered to Wait() instead of killing the process.
  static void BlockSignals();

 private:
  ServiceHost() = default;
  void HealthLoop();

  HostOptions options_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<AdminServer> admin_;
  db::ConnectionPool* pool_ = nullptr;
  std::function<void()> on_shutdown_;
  int port_ = 0;
  std::atomic<bool> serving_{false};
  std::atomic<bool> stopping_{false};
  absl::Notification stop_;
  std::thread health_thread_;
  std::thread signal_thread_;
};

}  // namespace shouhu

#endif  // SHOUHU_COMMON_SERVER_HOST_H_
