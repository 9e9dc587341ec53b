// The one conversion from absl::Status to grpc::Status, at the edge of every handler.
// Field violations (see common/base/text.h FieldErrors) travel in the binary trailing
// metadata key "shouhu-field-violations-bin" as lines "<field>\t<description>\n".
#ifndef SHOUHU_COMMON_SERVER_GRPC_STATUS_H_
#define SHOUHU_COMMON_SERVER_GRPC_STATUS_H_

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"

namespace shouhu {

inline constexpr char kFieldViolationsKey[] = "shouhu-field-violations-bin";

grpc::Status ToGrpcStatus(const absl::Status& status, grpc::ServerContext* ctx);
// For clients and tests: the status of a finished call as absl::Status.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace shouhu

#endif  // SHOUHU_COMMON_SERVER_GRPC_STATUS_H_
