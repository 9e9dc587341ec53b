#include "common/server/grpc_status.h"

#include "absl/strings/str_cat.h"
#include "common/base/text.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace shouhu {

namespace {

std::string CappedMessage(absl::string_view message) {
  if (message.size() <= kMaxStatusMessageBytes) return std::string(message);
  // Cut before a UTF-8 continuation byte never splits a character.
  size_t cut = kMaxStatusMessageBytes - 3;
  while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) --cut;
  return absl::StrCat(message.substr(0, cut), "...");
}

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  std::string message = CappedMessage(status.message());
  const std::vector<std::pair<std::string, std::string>> violations = FieldViolationsOf(status);
  if (violations.empty()) return grpc::Status(code, message);

  google::rpc::BadRequest bad;
  for (size_t i = 0; i < violations.size() && i < kMaxFieldViolations; ++i) {
    auto* v = bad.add_field_violations();
    v->set_field(violations[i].first);
    v->set_description(violations[i].second);
  }
  if (violations.size() > kMaxFieldViolations) {
    bad.add_field_violations()->set_description(
        absl::StrCat(violations.size() - kMaxFieldViolations, " more field violations not shown"));
  }
  google::rpc::Status details;
  details.set_code(static_cast<int>(code));
  details.set_message(message);
  details.add_details()->PackFrom(bad);
  return grpc::Status(code, std::move(message), details.SerializeAsString());
}

std::vector<std::pair<std::string, std::string>> FieldViolationsOfDetails(
    absl::string_view serialized_status) {
  std::vector<std::pair<std::string, std::string>> out;
  if (serialized_status.empty()) return out;
  google::rpc::Status details;
  if (!details.ParseFromArray(serialized_status.data(),
                              static_cast<int>(serialized_status.size()))) {
    return out;
  }
  for (const google::protobuf::Any& any : details.details()) {
    google::rpc::BadRequest bad;
    if (!any.Is<google::rpc::BadRequest>() || !any.UnpackTo(&bad)) continue;
    for (const auto& v : bad.field_violations()) out.emplace_back(v.field(), v.description());
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> FieldViolationsOf(const grpc::Status& status) {
  return FieldViolationsOfDetails(status.error_details());
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  const auto code = static_cast<absl::StatusCode>(status.error_code());
  const auto violations = FieldViolationsOf(status);
  if (violations.empty()) return absl::Status(code, status.error_message());
  // The same payload FieldErrors::ToStatus() attaches, so FieldViolationsOf(absl::Status)
  // reads it on this side too.
  std::string lines;
  for (const auto& [field, description] : violations) {
    absl::StrAppend(&lines, field, "\t", description, "\n");
  }
  absl::Status out(code, status.error_message());
  out.SetPayload(kFieldViolationsTypeUrl, absl::Cord(lines));
  return out;
}

}  // namespace shouhu
