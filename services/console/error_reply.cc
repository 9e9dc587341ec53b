#include "console/error_reply.h"

#include <nlohmann/json.hpp>

#include "common/base/text.h"

namespace shouhu::console {
namespace {

using Json = nlohmann::json;

bool HidesMessage(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kInternal:
    case absl::StatusCode::kUnknown:
    case absl::StatusCode::kDataLoss:
    case absl::StatusCode::kCancelled:
      return true;
    default:
      return false;
  }
}

const char* FixedMessage(absl::StatusCode code) {
  if (code == absl::StatusCode::kUnavailable || code == absl::StatusCode::kDeadlineExceeded) {
    return "the service is unavailable; try again later";
  }
  return "internal error";
}

}  // namespace

int HttpStatusOf(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return 200;
    case absl::StatusCode::kInvalidArgument:
      return 400;
    case absl::StatusCode::kUnauthenticated:
      return 401;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kFailedPrecondition:
      return 409;
    case absl::StatusCode::kResourceExhausted:
      return 429;
    case absl::StatusCode::kUnimplemented:
      return 501;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
      return 503;
    default:
      return 500;
  }
}

HttpReply ErrorReply(const absl::Status& status) {
  absl::StatusCode code = status.code();
  if (code == absl::StatusCode::kOk) code = absl::StatusCode::kInternal;
  Json fields = Json::array();
  for (const auto& [field, description] : FieldViolationsOf(status)) {
    fields.push_back({{"field", field}, {"description", description}});
  }
  Json error = {
      {"code", absl::StatusCodeToString(code)},
      {"message",
       HidesMessage(code) ? std::string(FixedMessage(code)) : std::string(status.message())},
      {"fields", std::move(fields)},
  };
  Json body = {{"error", std::move(error)}};
  return HttpReply{HttpStatusOf(code), body.dump(-1, ' ', false, Json::error_handler_t::replace)};
}

}  // namespace shouhu::console
