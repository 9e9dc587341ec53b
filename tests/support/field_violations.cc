#include "support/field_violations.h"

#include "common/base/text.h"
#include "common/server/grpc_status.h"

namespace shouhu::testing {

std::vector<std::string> ViolatedFields(const grpc::Status& status, const Trailers& /*trailers*/) {
  std::vector<std::string> fields;
  for (const auto& [field, description] : FieldViolationsOf(status)) fields.push_back(field);
  return fields;
}

std::vector<std::string> ViolatedFields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const auto& [field, description] : FieldViolationsOf(status)) fields.push_back(field);
  return fields;
}

}  // namespace shouhu::testing
