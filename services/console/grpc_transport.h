// UnaryTransport over gRPC: one channel per backend, made once and reused (main gives
// them, with the console's client certificate), a generic stub sending the serialized
// request under the method's path, a deadline on every call and the user's token as
// "authorization: Bearer <token>".
#ifndef SHOUHU_CONSOLE_GRPC_TRANSPORT_H_
#define SHOUHU_CONSOLE_GRPC_TRANSPORT_H_

#include <grpcpp/grpcpp.h>

#include <map>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "console/gateway.h"

namespace shouhu::console {

class GrpcTransport final : public UnaryTransport {
 public:
  struct Options {
    absl::Duration deadline = absl::Seconds(10);
  };
  // A backend without a channel answers UNAVAILABLE.
  GrpcTransport(std::map<Backend, std::shared_ptr<grpc::Channel>> channels, Options options);

  grpc::Status Call(const ConsoleMethod& method, const std::string& token,
                    const std::string& request, std::string* response) const override;

 private:
  std::map<Backend, std::shared_ptr<grpc::Channel>> channels_;
  Options options_;
};

}  // namespace shouhu::console

#endif  // SHOUHU_CONSOLE_GRPC_TRANSPORT_H_
