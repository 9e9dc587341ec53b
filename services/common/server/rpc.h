// The edge of every RPC: authenticate, run the domain function, record metrics and a log
// line, convert the status once. Handlers are one call to Serve().
#ifndef SHOUHU_COMMON_SERVER_RPC_H_
#define SHOUHU_COMMON_SERVER_RPC_H_

#include <grpcpp/grpcpp.h>

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "common/ops/log.h"
#include "common/ops/metrics.h"
#include "common/server/auth.h"
#include "common/server/caller_limits.h"
#include "common/server/grpc_status.h"

namespace shouhu {

class RpcEnv {
 public:
  using AuthenticateFn =
      std::function<absl::StatusOr<Principal>(const grpc::ServerContextBase& ctx)>;
  RpcEnv(const Authenticator* auth, Registry* metrics, std::string service);
  // For tests: any way of telling who calls (e.g. a fixed principal on a plaintext server).
  RpcEnv(AuthenticateFn authenticate, Registry* metrics, std::string service);

  template <typename Resp>
  grpc::Status Serve(grpc::ServerContext* ctx, const char* method, const std::string& request_id,
                     Resp* out,
                     const std::function<absl::StatusOr<Resp>(const Principal&)>& fn) const {
    const absl::Time start = absl::Now();
    ScopedRequestId scope(request_id);
    absl::Status st;
    absl::StatusOr<Principal> principal = authenticate_(*ctx);
    if (!principal.ok()) {
      st = principal.status();
    } else {
      absl::StatusOr<Resp> result = fn(*principal);
      if (result.ok()) {
        *out = *std::move(result);
      } else {
        st = result.status();
      }
    }
    Record(method, st, absl::Now() - start, principal.ok() ? &*principal : nullptr);
    return ToGrpcStatus(st);
  }

  // For streaming handlers: authenticate once, then stream.
  absl::StatusOr<Principal> Authenticate(grpc::ServerContextBase* ctx) const {
    return authenticate_(*ctx);
  }
  void Record(const char* method, const absl::Status& st, absl::Duration elapsed,
              const Principal* principal) const;

  // Per-caller limits the adapter applies after authentication; null (the default):
  // none. `limits` must outlive the services using this environment.
  void SetCallerLimits(CallerLimits* limits) { limits_ = limits; }
  CallerLimits* caller_limits() const { return limits_; }

  // Called when the server starts to drain: long-lived streams stop waiting and end, so
  // that shutdown does not wait for them until the grace period runs out.
  void BeginShutdown() {
    if (!shutdown_.HasBeenNotified()) shutdown_.Notify();
  }
  // Waits up to `d`; true when shutdown has begun.
  bool WaitForShutdown(absl::Duration d) const {
    return shutdown_.WaitForNotificationWithTimeout(d);
  }

 private:
  absl::Notification shutdown_;
  AuthenticateFn authenticate_;
  CallerLimits* limits_ = nullptr;
  std::string service_;
  Counter* requests_;
  Histogram* latency_;
};

}  // namespace shouhu

#endif  // SHOUHU_COMMON_SERVER_RPC_H_
