#include "common/server/case_facts.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "common/base/text.h"
#include "common/server/tenant.h"

namespace shouhu::case_facts {

absl::Status CheckRequest(const opb::GetCaseFactsRequest& req) {
  const std::string& id = req.case_id();
  FieldErrors e;
  if (id.empty()) {
    e.Add("case_id", "is required");
  } else if (id.size() > 64) {
    e.Add("case_id", "must be at most 64 characters");
  } else if (!absl::StartsWith(id, "case-") || TenantOfId(id).empty() ||
             id.size() <= std::string("case-000000-").size() ||
             !std::all_of(id.begin(), id.end(), [](char c) {
               return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
             })) {
    e.Add("case_id", "is not a case id (case-<procuratorate>-<id>)");
  }
  return e.ToStatus();
}

void Put(opb::RecordFacts& r, const char* key, std::string value) {
  if (!value.empty()) (*r.mutable_fields())[key] = std::move(value);
}

void PutNumber(opb::RecordFacts& r, const char* key, int64_t value) {
  if (value != 0) Put(r, key, absl::StrCat(value));
}

void PutEnum(opb::RecordFacts& r, const char* key, const google::protobuf::EnumDescriptor* type,
             int value) {
  Put(r, key, EnumName(type, value));
}

void PutMillis(opb::RecordFacts& r, const char* key, std::optional<int64_t> unix_millis) {
  if (!unix_millis.has_value() || *unix_millis == 0) return;
  // absl::RFC3339_sec would write "+00:00".
  Put(r, key,
      absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::FromUnixMillis(*unix_millis),
                       absl::UTCTimeZone()));
}

void PutFlag(opb::RecordFacts& r, const char* key, bool value) {
  if (value) Put(r, key, "true");
}

void PutPersonal(opb::RecordFacts& r, const char* key, bool filled) {
  if (filled) Put(r, key, kWithheld);
}

void PutList(opb::RecordFacts& r, const char* key, const std::vector<std::string>& ids) {
  Put(r, key, absl::StrJoin(ids, ","));
}

std::string EnumName(const google::protobuf::EnumDescriptor* type, int value) {
  if (value == 0 || type == nullptr) return "";
  const google::protobuf::EnumValueDescriptor* v = type->FindValueByNumber(value);
  return v == nullptr ? std::string() : std::string(v->name());
}

std::string UserId(absl::string_view stored) {
  for (absl::string_view prefix : {"user:", "person:"}) {
    if (absl::StartsWith(stored, prefix)) return std::string(stored.substr(prefix.size()));
  }
  return std::string(stored);
}

opb::CaseFacts Answer(const std::string& case_id, absl::string_view source,
                      std::vector<opb::RecordFacts> records) {
  std::sort(records.begin(), records.end(),
            [](const opb::RecordFacts& a, const opb::RecordFacts& b) {
              if (a.kind() != b.kind()) return a.kind() < b.kind();
              return a.record_id() < b.record_id();
            });
  opb::CaseFacts out;
  out.set_case_id(case_id);
  out.set_source(std::string(source));
  for (opb::RecordFacts& r : records) *out.add_records() = std::move(r);
  return out;
}

}  // namespace shouhu::case_facts
