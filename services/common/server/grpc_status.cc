#include "common/server/grpc_status.h"

#include "absl/strings/str_cat.h"
#include "common/base/text.h"

namespace shouhu {

grpc::Status ToGrpcStatus(const absl::Status& status, grpc::ServerContext* ctx) {
  if (status.ok()) return grpc::Status::OK;
  if (ctx != nullptr && status.code() == absl::StatusCode::kInvalidArgument) {
    std::string lines;
    for (const auto& [field, description] : FieldViolationsOf(status)) {
      absl::StrAppend(&lines, field, "\t", description, "\n");
    }
    if (!lines.empty()) ctx->AddTrailingMetadata(kFieldViolationsKey, lines);
  }
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
}

}  // namespace shouhu
