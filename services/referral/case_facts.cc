// GetCaseFacts: the case and its referrals as facts for the case-quality review.
#include "referral/case_facts.h"

#include <algorithm>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "common/base/status_macros.h"
#include "common/base/text.h"
#include "referral/access_policy.h"
#include "referral/core.h"
#include "referral/domain.h"

namespace shouhu::referral {

namespace {

// The value of a filled personal or free-text fact.
constexpr char kHidden[] = "*";

// An instant as RFC 3339 in UTC, "2025-03-10T02:00:00Z".
std::string Rfc3339(int64_t unix_millis) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::FromUnixMillis(unix_millis),
                          absl::UTCTimeZone());
}

// The user id of a caseworker as stored, without a principal prefix.
std::string UserIdOf(absl::string_view stored) {
  for (absl::string_view prefix : {"person:", "user:"}) {
    if (absl::StartsWith(stored, prefix)) return std::string(stored.substr(prefix.size()));
  }
  return std::string(stored);
}

// The fields of one record: each setter adds its key only when the fact is filled.
class Fields {
 public:
  explicit Fields(opb::RecordFacts& r) : map_(*r.mutable_fields()) {}

  void Text(const char* key, const std::string& value) {
    if (!value.empty()) map_[key] = value;
  }
  // The value name of an enum; 0 (UNSPECIFIED) and values the enum does not know are not
  // filled.
  void Enum(const char* key, const google::protobuf::EnumDescriptor* type, int value) {
    if (value == 0) return;
    const google::protobuf::EnumValueDescriptor* v = type->FindValueByNumber(value);
    if (v != nullptr) map_[key] = std::string(v->name());
  }
  void Time(const char* key, const std::optional<int64_t>& unix_millis) {
    if (unix_millis.has_value() && *unix_millis != 0) map_[key] = Rfc3339(*unix_millis);
  }
  void Flag(const char* key, bool value) {
    if (value) map_[key] = "true";
  }
  void Hidden(const char* key, bool filled) {
    if (filled) map_[key] = kHidden;
  }
  void List(const char* key, const std::vector<std::string>& ids) {
    if (!ids.empty()) map_[key] = absl::StrJoin(ids, ",");
  }

 private:
  google::protobuf::Map<std::string, std::string>& map_;
};

std::string StatusName(const google::protobuf::EnumDescriptor* type, int value) {
  if (value == 0) return "";
  const google::protobuf::EnumValueDescriptor* v = type->FindValueByNumber(value);
  return v == nullptr ? std::string() : std::string(v->name());
}

void AddCase(const CaseFactsRow& c, const std::vector<ReferralFactsRow>& referrals,
             opb::CaseFacts& out) {
  opb::RecordFacts& r = *out.add_records();
  r.set_kind("case");
  r.set_record_id(c.case_id);
  r.set_status(StatusName(pb::CaseStatus_descriptor(), c.status));
  r.set_assigned_to(UserIdOf(c.assigned_to));
  r.set_department(c.department);
  Fields f(r);
  f.Enum("kind", pb::ReferralKind_descriptor(), c.kind);
  f.Text("subject_person_id", c.subject_person_id);
  f.Time("opened_at", c.opened_at_ms);
  f.Time("closed_at", c.closed_at_ms);
  f.Enum("close_reason", pb::CloseReason_descriptor(), c.close_reason);
  f.Hidden("close_note", c.close_note_filled);
  std::vector<std::string> ids;
  ids.reserve(referrals.size());
  for (const ReferralFactsRow& ref : referrals) ids.push_back(ref.referral_id);
  f.List("referral_ids", ids);  // oldest first, as GetCase lists them
  // Transferred: the receiving procuratorate accepted the case, at the moment the case
  // ended here (closed_at). An offer still pending (or refused) is no transfer.
  if (c.status == pb::CASE_STATUS_TRANSFERRED) {
    f.Text("transferred_to", c.transfer_to);
    f.Time("transferred_at", c.closed_at_ms);
  }
}

void AddReferral(const std::string& case_id, const ReferralFactsRow& ref, opb::CaseFacts& out) {
  opb::RecordFacts& r = *out.add_records();
  r.set_kind("referral");
  r.set_record_id(ref.referral_id);
  r.set_status(StatusName(pb::ReferralStatus_descriptor(), ref.status));
  r.set_assigned_to(UserIdOf(ref.assigned_to));
  r.set_department(ref.department);
  Fields f(r);
  f.Text("case_id", case_id);  // read by its case id
  f.Text("agency_code", ref.agency_code);
  f.Enum("kind", pb::ReferralKind_descriptor(), ref.kind);
  f.Time("submitted_at", ref.submitted_at_ms);
  f.Time("response_due_at", ref.response_due_at_ms);
  f.Time("first_answered_at", ref.answered_at_ms);
  f.Text("occurred_on", ref.occurred_on);
  f.Hidden("facts", ref.facts_filled);
  f.List("person_ids", ref.person_ids);  // in the referral's order
  f.Flag("urgent", ref.urgent);
  f.Hidden("decline_reason", ref.decline_reason != 0);
}

}  // namespace

bool IsCaseId(absl::string_view id) {
  return id.size() <= 64 && absl::StartsWith(id, "case-") && !TenantOfId(id).empty();
}

opb::CaseFacts CaseFactsOf(const std::string& case_id, const CaseFactsRead& read) {
  opb::CaseFacts out;
  out.set_case_id(case_id);
  out.set_source(kCaseFactsSource);
  if (read.c.has_value()) AddCase(*read.c, read.referrals, out);
  for (const ReferralFactsRow& ref : read.referrals) AddReferral(case_id, ref, out);
  std::sort(out.mutable_records()->begin(), out.mutable_records()->end(),
            [](const opb::RecordFacts& a, const opb::RecordFacts& b) {
              return std::tie(a.kind(), a.record_id()) < std::tie(b.kind(), b.record_id());
            });
  return out;
}

absl::StatusOr<opb::CaseFacts> ReferralCore::GetCaseFacts(const Principal& p,
                                                          const opb::GetCaseFactsRequest& req) {
  RETURN_IF_ERROR(ReferralAccessPolicy().Admit(p, kGetCaseFactsMethod).status());
  FieldErrors errors;
  if (req.case_id().empty()) {
    errors.Add("case_id", "is required");
  } else if (!IsCaseId(req.case_id())) {
    errors.Add("case_id", "is not a case id of the referral service");
  }
  RETURN_IF_ERROR(errors.ToStatus());
  CaseFactsRead read;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool,
                                       [&](db::Tx& tx) -> absl::Status {
                                         ASSIGN_OR_RETURN(read,
                                                          repo_.ReadCaseFacts(tx, req.case_id()));
                                         return absl::OkStatus();
                                       },
                                       {.read_only = true}));
  return CaseFactsOf(req.case_id(), read);
}

}  // namespace shouhu::referral
