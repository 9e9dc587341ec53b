// The one conversion from absl::Status to grpc::Status, at the edge of every handler, and
// back for clients.
//
// Field violations (see common/base/text.h FieldErrors) travel in the standard form: the
// binary error details of the call ("grpc-status-details-bin") hold a serialized
// google.rpc.Status whose details carry one google.rpc.BadRequest. grpcurl and the Go,
// Java and Python clients read them without knowing this project. At most
// kMaxFieldViolations are sent, followed by one violation (field "") saying how many more
// were dropped; the message is cut at kMaxStatusMessageBytes. Both keep the trailing
// metadata well below the clients' limit.
#ifndef SHOUHU_COMMON_SERVER_GRPC_STATUS_H_
#define SHOUHU_COMMON_SERVER_GRPC_STATUS_H_

#include <grpcpp/grpcpp.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace shouhu {

inline constexpr size_t kMaxFieldViolations = 20;
inline constexpr size_t kMaxStatusMessageBytes = 1024;

// The metadata key gRPC uses for the binary error details.
inline constexpr char kStatusDetailsKey[] = "grpc-status-details-bin";

[[nodiscard]] grpc::Status ToGrpcStatus(const absl::Status& status);
// Same; `ctx` is not used any more (nothing is added to the trailing metadata).
[[nodiscard]] inline grpc::Status ToGrpcStatus(const absl::Status& status,
                                               grpc::ServerContextBase* /*ctx*/) {
  return ToGrpcStatus(status);
}

// For clients and tests: the status of a finished call as absl::Status. Field violations
// in the details become the payload FieldViolationsOf(const absl::Status&) reads.
[[nodiscard]] absl::Status FromGrpcStatus(const grpc::Status& status);

// The (field, description) pairs in the details of a finished call; empty when there are
// none (also for details that do not parse).
std::vector<std::pair<std::string, std::string>> FieldViolationsOf(const grpc::Status& status);
// Same, from the bytes of a "grpc-status-details-bin" value (a serialized
// google.rpc.Status), e.g. as copied out of the trailing metadata.
std::vector<std::pair<std::string, std::string>> FieldViolationsOfDetails(
    absl::string_view serialized_status);

}  // namespace shouhu

#endif  // SHOUHU_COMMON_SERVER_GRPC_STATUS_H_
