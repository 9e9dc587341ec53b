// The admin HTTP endpoint of a service, on its own port apart from gRPC:
//   GET /metrics  Prometheus text format of a Registry
//   GET /healthz  200 "ok" when healthy() is true, else 503 "unavailable"; then one line
//                 "warning: <text>" per current detail (degraded but serving, e.g. a
//                 year without a holiday calendar)
// Plain HTTP: bind it to loopback or a cluster-internal address only.
#ifndef SHOUHU_COMMON_OPS_ADMIN_SERVER_H_
#define SHOUHU_COMMON_OPS_ADMIN_SERVER_H_

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/ops/metrics.h"

namespace httplib {
class Server;
}  // namespace httplib

namespace shouhu {

class AdminServer {
 public:
  // Binds host:port (port 0 picks a free port, see port()) and serves on a background
  // thread. `registry` must outlive the server; `healthy` may be empty (always healthy)
  // and is called on server threads. UNAVAILABLE if the address cannot be bound.
  // `details` may be empty; it is called on server threads for every /healthz.
  static absl::StatusOr<std::unique_ptr<AdminServer>> Start(
      const std::string& host, int port, Registry* registry, std::function<bool()> healthy,
      std::function<std::vector<std::string>()> details = nullptr);
  AdminServer(const AdminServer&) = delete;
  AdminServer& operator=(const AdminServer&) = delete;
  // Stops the server.
  ~AdminServer();

  // The bound port.
  int port() const { return port_; }

  // Stops accepting, finishes open requests and joins the thread. Idempotent.
  void Stop();

 private:
  AdminServer(std::unique_ptr<httplib::Server> server, int port);

  std::unique_ptr<httplib::Server> server_;
  const int port_;
  absl::Mutex mu_;
  std::thread thread_ ABSL_GUARDED_BY(mu_);
};

}  // namespace shouhu

#endif  // SHOUHU_COMMON_OPS_ADMIN_SERVER_H_
