// What every record service needs to answer CaseFactsService/GetCaseFacts for the
// case-quality review (案件质量评查, proto/shouhu/oversight/v1/review.proto): the request's
// check, the writers of one record's facts (a key exactly when the fact is filled; personal
// data and free text only as "*"), and the answer sorted by (kind, record id). The kinds and
// facts each service sends are the review's table (services/oversight/review_rules.cc).
#ifndef SHOUHU_COMMON_SERVER_CASE_FACTS_H_
#define SHOUHU_COMMON_SERVER_CASE_FACTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "shouhu/oversight/v1/review.pb.h"

namespace shouhu::case_facts {

namespace opb = ::shouhu::oversight::v1;

// A filled personal or free-text fact.
inline constexpr char kWithheld[] = "*";

// INVALID_ARGUMENT naming case_id unless it is a case id of the case hub
// ("case-<6-digit procuratorate>-<id>", at most 64 characters of [A-Za-z0-9_-]).
absl::Status CheckRequest(const opb::GetCaseFactsRequest& req);

// Writers of one record's facts; each leaves the key out when the fact is not filled.
// An id, code, text or "YYYY-MM-DD" date as stored ("" is not filled).
void Put(opb::RecordFacts& r, const char* key, std::string value);
// An amount in fen or a count (0 is not filled).
void PutNumber(opb::RecordFacts& r, const char* key, int64_t value);
// An enum's value name (0 and numbers the enum does not know are not filled).
void PutEnum(opb::RecordFacts& r, const char* key, const google::protobuf::EnumDescriptor* type,
             int value);
// Milliseconds since the epoch as RFC 3339 UTC, "2026-03-10T02:00:00Z" (nullopt or 0: not
// filled).
void PutMillis(opb::RecordFacts& r, const char* key, std::optional<int64_t> unix_millis);
void PutFlag(opb::RecordFacts& r, const char* key, bool value);
// Personal data or free text: "*" when filled, never the value.
void PutPersonal(opb::RecordFacts& r, const char* key, bool filled);
// Ids as a comma-separated list, in the order given (empty: not filled).
void PutList(opb::RecordFacts& r, const char* key, const std::vector<std::string>& ids);

// A record's status: the enum's value name, "" for 0 or an unknown number.
std::string EnumName(const google::protobuf::EnumDescriptor* type, int value);
// A user id as stored, without a principal kind ("user:u-zhang", "person:u-zhang" → "u-zhang").
std::string UserId(absl::string_view stored);

// The answer: `records` sorted by (kind, record id).
opb::CaseFacts Answer(const std::string& case_id, absl::string_view source,
                      std::vector<opb::RecordFacts> records);

}  // namespace shouhu::case_facts

#endif  // SHOUHU_COMMON_SERVER_CASE_FACTS_H_
