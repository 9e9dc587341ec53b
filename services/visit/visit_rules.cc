#include "visit/visit_rules.h"

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/id_number.h"
#include "common/base/validate.h"
#include "common/db/mutation.h"
#include "google/protobuf/util/message_differencer.h"
#include "visit/schedule.h"

namespace shouhu::visit {
namespace {

using google::protobuf::util::MessageDifferencer;

// The ASCII form of a digit or X (also full-width), or 0.
char DigitOf(absl::string_view s, size_t& i) {
  const unsigned char c = s[i];
  if ((c >= '0' && c <= '9') || c == 'X' || c == 'x') {
    ++i;
    return c == 'x' ? 'X' : static_cast<char>(c);
  }
  // U+FF10..U+FF19 (EF BC 90..99), U+FF38 / U+FF58 (EF BC B8, EF BD 98).
  if (c == 0xEF && i + 2 < s.size()) {
    const unsigned char b1 = s[i + 1], b2 = s[i + 2];
    if (b1 == 0xBC && b2 >= 0x90 && b2 <= 0x99) {
      i += 3;
      return static_cast<char>('0' + (b2 - 0x90));
    }
    if ((b1 == 0xBC && b2 == 0xB8) || (b1 == 0xBD && b2 == 0x98)) {
      i += 3;
      return 'X';
    }
  }
  return 0;
}

}  // namespace

bool ContainsIdNumber(absl::string_view text) {
  // Runs of digits (and X), normalized; any 18-character window that passes the checksum.
  std::string run;
  auto check = [&run]() {
    for (size_t start = 0; start + 18 <= run.size(); ++start) {
      const std::string candidate = run.substr(start, 18);
      if (candidate.substr(0, 17).find('X') != std::string::npos) continue;
      absl::StatusOr<char> check_char = IdNumberCheckCharacter(candidate.substr(0, 17));
      if (check_char.ok() && *check_char == candidate[17]) return true;
    }
    return false;
  };
  size_t i = 0;
  while (i < text.size()) {
    const char d = DigitOf(text, i);
    if (d != 0) {
      run.push_back(d);
      continue;
    }
    if (check()) return true;
    run.clear();
    ++i;
  }
  return check();
}

void CheckFreeText(FieldErrors& e, const std::string& field, absl::string_view value,
                   size_t min_chars, size_t max_chars) {
  FieldErrors local;
  CheckText(local, field, value, min_chars, max_chars);
  if (!local.empty()) {
    for (const auto& [f, d] : local.violations()) e.Add(f, d);
    return;
  }
  if (ContainsIdNumber(value)) {
    e.Add(field, "must not contain an identity number (身份证号); record it on the person");
  }
}

void CheckAssessments(FieldErrors& e, const std::string& prefix,
                      const google::protobuf::RepeatedPtrField<pb::Assessment>& a) {
  const std::string field = absl::StrCat(prefix, "assessments");
  if (a.size() != 4) {
    e.Add(field,
          "exactly four assessments required, one per dimension (思想情绪, 身体状况, "
          "生活状况, 家庭情况)");
  }
  std::set<int> seen;
  for (int i = 0; i < a.size(); ++i) {
    const std::string at = absl::StrCat(field, "[", i, "]");
    const pb::Assessment& x = a[i];
    if (x.dimension() == pb::DIMENSION_UNSPECIFIED || !pb::Dimension_IsValid(x.dimension())) {
      e.Add(at + ".dimension", "required: MOOD, PHYSICAL, LIVING or FAMILY");
    } else if (!seen.insert(x.dimension()).second) {
      e.Add(at + ".dimension",
            absl::StrCat(pb::Dimension_Name(x.dimension()), " is assessed twice"));
    }
    if (x.rating() == pb::RATING_UNSPECIFIED || !pb::Rating_IsValid(x.rating())) {
      e.Add(at + ".rating", "required (NOT_ASSESSED when it could not be judged)");
    }
    CheckFreeText(e, at + ".notes", x.notes(), 0, kMaxNotesChars);
  }
}

void CheckNeeds(FieldErrors& e, const std::string& field,
                const google::protobuf::RepeatedPtrField<pb::Need>& needs) {
  if (needs.size() > kMaxNeedsPerVisit) {
    e.Add(field, absl::StrCat("at most ", kMaxNeedsPerVisit, " needs"));
    return;
  }
  for (int i = 0; i < needs.size(); ++i) {
    const std::string at = absl::StrCat(field, "[", i, "]");
    const pb::Need& n = needs[i];
    if (n.kind() == ::shouhu::aid::v1::MEASURE_KIND_UNSPECIFIED ||
        !::shouhu::aid::v1::MeasureKind_IsValid(n.kind())) {
      e.Add(at + ".kind", "required: the kind of help needed");
    }
    CheckFreeText(e, at + ".description", n.description(), 1, kMaxNeedChars);
    if (!n.need_id().empty()) e.Add(at + ".need_id", "set by the server; leave it empty");
  }
}

void CheckVisit(FieldErrors& e, const std::string& prefix, const pb::RecordVisitRequest& r,
                absl::CivilDay today) {
  auto f = [&prefix](absl::string_view name) { return absl::StrCat(prefix, name); };
  if (r.case_id().empty()) {
    e.Add(f("case_id"), "required");
  } else if (!IsValidCode(r.case_id(), 1, 48)) {
    e.Add(f("case_id"), "a case id");
  }
  if (r.kind() == pb::VISIT_KIND_UNSPECIFIED || !pb::VisitKind_IsValid(r.kind())) {
    e.Add(f("kind"), "required: HOME, PHONE, SCHOOL, ONLINE or JOINT");
  }
  if (!r.has_visited_on() || !IsValidDate(r.visited_on())) {
    e.Add(f("visited_on"), "a real date required");
  } else if (ToCivilDay(r.visited_on()) > today) {
    e.Add(f("visited_on"), absl::StrCat("must not be after today (", DateString(today), ")"));
  }
  if (!r.plan_id().empty() && !IsValidCode(r.plan_id(), 1, 48)) {
    e.Add(f("plan_id"), "a plan id");
  } else if (!r.plan_id().empty() && r.slot_sequence() <= 0) {
    e.Add(f("slot_sequence"), "required with plan_id (1-based)");
  } else if (r.plan_id().empty() && r.slot_sequence() != 0) {
    e.Add(f("plan_id"), "required with slot_sequence");
  }
  if (r.base_plan_version() < 0) e.Add(f("base_plan_version"), "must not be negative");
  if (!r.subject_person_id().empty() && !IsValidCode(r.subject_person_id(), 1, 32)) {
    e.Add(f("subject_person_id"), "a person id");
  }
  if (r.visitor_ids_size() > 10) e.Add(f("visitor_ids"), "at most 10 visitors");
  for (int i = 0; i < r.visitor_ids_size() && i < 10; ++i) {
    CheckUserId(e, absl::StrCat(prefix, "visitor_ids[", i, "]"), r.visitor_ids(i));
  }
  if (r.agency_codes_size() > 10) e.Add(f("agency_codes"), "at most 10 agencies");
  for (int i = 0; i < r.agency_codes_size() && i < 10; ++i) {
    if (!IsValidCode(r.agency_codes(i), 1, 64)) {
      e.Add(absl::StrCat(prefix, "agency_codes[", i, "]"), "an agency code");
    }
  }
  if (r.kind() == pb::VISIT_KIND_JOINT && r.agency_codes().empty()) {
    e.Add(f("agency_codes"), "a joint visit (联合回访) names at least one partner agency");
  }
  CheckAssessments(e, prefix, r.assessments());
  CheckNeeds(e, f("needs"), r.needs());
  CheckFreeText(e, f("summary"), r.summary(), 0, kMaxSummaryChars);
}

std::optional<std::string> SlotRefusal(const pb::VisitPlan& plan, const std::string& case_id,
                                       int sequence, absl::CivilDay visited_on,
                                       absl::CivilDay today, bool offline) {
  if (plan.case_id() != case_id) return "plan_id: the plan belongs to another case";
  if (plan.status() != pb::PLAN_STATUS_ACTIVE) {
    return absl::StrCat("plan_id: the plan is ", pb::PlanStatus_Name(plan.status()),
                        "; record the visit without a plan");
  }
  const pb::VisitSlot* slot = nullptr;
  for (const pb::VisitSlot& s : plan.slots()) {
    if (s.sequence() == sequence) slot = &s;
  }
  if (slot == nullptr) return absl::StrCat("slot_sequence: the plan has no slot ", sequence);
  if (slot->state() == pb::SLOT_STATE_DONE) {
    return absl::StrCat("slot_sequence: slot ", sequence, " is already done by visit ",
                        slot->visit_id());
  }
  if (slot->state() == pb::SLOT_STATE_WAIVED) {
    return absl::StrCat("slot_sequence: slot ", sequence, " was waived");
  }
  const absl::CivilDay opens = ToCivilDay(slot->opens_on());
  const absl::CivilDay expires = ToCivilDay(slot->expires_on());
  if (!offline && today > expires) {
    return absl::StrCat("slot_sequence: slot ", sequence, " is MISSED (expired ",
                        DateString(expires), "); record the visit without a plan");
  }
  if (visited_on < opens || visited_on > expires) {
    return absl::StrCat("visited_on: slot ", sequence, " may be done from ", DateString(opens),
                        " to ", DateString(expires));
  }
  return std::nullopt;
}

std::optional<pb::ConflictReason> ConflictOf(const pb::VisitPlan& plan, int sequence,
                                             int64_t base_version) {
  const pb::VisitSlot* slot = nullptr;
  for (const pb::VisitSlot& s : plan.slots()) {
    if (s.sequence() == sequence) slot = &s;
  }
  if (slot != nullptr && slot->state() == pb::SLOT_STATE_DONE) {
    return pb::CONFLICT_REASON_SLOT_COMPLETED;
  }
  if (plan.status() != pb::PLAN_STATUS_ACTIVE ||
      (slot != nullptr && slot->state() == pb::SLOT_STATE_WAIVED)) {
    return pb::CONFLICT_REASON_SLOT_CLOSED;
  }
  if (plan.version() != base_version) return pb::CONFLICT_REASON_PLAN_CHANGED;
  return std::nullopt;
}

ReplayVerdict ClassifyReplay(const std::optional<std::string>& stored_hash,
                             const std::string& payload_hash) {
  if (!stored_hash.has_value()) return ReplayVerdict::kNew;
  return *stored_hash == payload_hash ? ReplayVerdict::kReplayed : ReplayVerdict::kOtherPayload;
}

std::string ItemHash(const pb::BatchItem& item) {
  pb::BatchItem copy = item;
  if (copy.has_visit()) copy.mutable_visit()->clear_request_id();
  return db::RequestPayloadHash(copy);
}

std::vector<std::string> ChangedFields(const pb::Visit& before, const pb::Visit& after) {
  std::vector<std::string> out;
  // By dimension: the same four in another order are no change.
  auto by_dimension = [](const pb::Visit& v) {
    std::map<int, const pb::Assessment*> m;
    for (const pb::Assessment& a : v.assessments()) m[a.dimension()] = &a;
    return m;
  };
  const auto b = by_dimension(before);
  const auto a = by_dimension(after);
  bool same = b.size() == a.size() && before.assessments_size() == after.assessments_size();
  for (auto it = b.begin(); same && it != b.end(); ++it) {
    auto other = a.find(it->first);
    same = other != a.end() && MessageDifferencer::Equals(*it->second, *other->second);
  }
  if (!same) out.push_back("assessments");
  if (before.summary() != after.summary()) out.push_back("summary");
  if (before.needs_size() != after.needs_size()) out.push_back("needs");
  return out;
}

}  // namespace shouhu::visit
