#include "support/field_violations.h"

#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "common/base/text.h"
#include "common/server/grpc_status.h"

namespace shouhu::testing {

std::vector<std::string> ViolatedFields(const grpc::Status& status, const Trailers& trailers) {
  std::vector<std::string> fields;
  if (status.ok()) return fields;
  auto range = trailers.equal_range(kFieldViolationsKey);
  for (auto it = range.first; it != range.second; ++it) {
    for (absl::string_view line : absl::StrSplit(it->second, '\n', absl::SkipEmpty())) {
      std::vector<absl::string_view> parts = absl::StrSplit(line, absl::MaxSplits('\t', 1));
      fields.emplace_back(parts[0]);
    }
  }
  return fields;
}

std::vector<std::string> ViolatedFields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const auto& [field, description] : FieldViolationsOf(status)) fields.push_back(field);
  return fields;
}

}  // namespace shouhu::testing
