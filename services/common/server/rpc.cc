#include "common/server/rpc.h"

#include "absl/strings/str_cat.h"

namespace shouhu {

RpcEnv::RpcEnv(const Authenticator* auth, Registry* metrics, std::string service)
    : RpcEnv([auth](const grpc::ServerContextBase& ctx) { return auth->Authenticate(ctx); },
             metrics, std::move(service)) {}

RpcEnv::RpcEnv(AuthenticateFn authenticate, Registry* metrics, std::string service)
    : authenticate_(std::move(authenticate)), service_(std::move(service)) {
  requests_ = &metrics->AddCounter("shouhu_rpc_requests_total",
                                   "RPCs handled, by service, method and status code",
                                   {"service", "method", "code"});
  latency_ = &metrics->AddHistogram("shouhu_rpc_duration_seconds", "RPC handling time in seconds",
                                    {"service", "method"});
}

void RpcEnv::Record(const char* method, const absl::Status& st, absl::Duration elapsed,
                    const Principal* principal) const {
  const std::string code = absl::StatusCodeToString(st.code());
  requests_->WithLabels({service_, method, code}).Increment();
  latency_->WithLabels({service_, method}).ObserveDuration(elapsed);
  // Method, outcome and caller only: requests' contents (personal data) are never logged.
  Log(st.ok() ? LogLevel::kDebug : LogLevel::kInfo, "rpc",
      {{"service", service_},
       {"method", method},
       {"code", code},
       {"ms", absl::StrCat(absl::ToDoubleMilliseconds(elapsed))},
       {"caller", principal != nullptr ? principal->Name() : "unauthenticated"}});
}

}  // namespace shouhu
