// The referral service's gRPC surface: one method table per generated service, served by
// the generic adapter (common/server/rpc_service.h). Each entry names a method of the
// descriptor once and the ReferralCore operation that answers it; the adapter does
// parsing, authentication, metrics, logging and status conversion.
//
// WatchReferral runs on the callback API through a WatchHub: no thread per watcher; a
// watcher's timeline is read when it joins, right after an OK ReferralService call of
// this process changed its referral, and by one shared slow poll (other replicas).
#ifndef SHOUHU_REFERRAL_GRPC_SERVICE_H_
#define SHOUHU_REFERRAL_GRPC_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "common/server/rpc.h"
#include "common/server/rpc_service.h"
#include "common/server/watch_hub.h"
#include "common/server/worker_pool.h"
#include "referral/core.h"
#include "shouhu/oversight/v1/review.grpc.pb.h"
#include "shouhu/referral/v1/referral.grpc.pb.h"

namespace shouhu::referral {

// The method tables (exposed for tests). `hub` receives WatchReferral calls and is
// notified after mutations.
MethodTable ReferralMethods(ReferralCore* core, WatchHub* hub);
MethodTable CaseMethods(ReferralCore* core);
MethodTable PersonMethods(ReferralCore* core);
MethodTable RegistryMethods(ReferralCore* core);
// shouhu.oversight.v1.CaseFactsService: the case-quality review's facts of a case.
MethodTable CaseFactsMethods(ReferralCore* core);

class ReferralGrpc {
 public:
  struct Options {
    WatchHub::Options watch;  // the shared poll for changes made by other replicas
  };
  // `core`, `env` and `workers` must outlive the result; `workers` runs every call.
  [[nodiscard]] static absl::StatusOr<std::unique_ptr<ReferralGrpc>> Create(ReferralCore* core,
                                                                            const RpcEnv* env,
                                                                            WorkerPool* workers,
                                                                            Options options);

  // ReferralService, CaseService, PersonService, RegistryService and CaseFactsService
  // (owned here).
  std::vector<grpc::Service*> services();
  // Moves the services out (for ServiceContext::AddService); services() is empty after.
  std::vector<std::unique_ptr<grpc::Service>> TakeServices();
  WatchHub& hub() { return *hub_; }
  // At the start of the drain: every watch ends with UNAVAILABLE.
  void BeginShutdown() { hub_->Shutdown(); }

 private:
  ReferralGrpc() = default;
  std::unique_ptr<WatchHub> hub_;
  std::vector<std::unique_ptr<grpc::Service>> services_;
};

}  // namespace shouhu::referral

#endif  // SHOUHU_REFERRAL_GRPC_SERVICE_H_
