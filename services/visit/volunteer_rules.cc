#include "visit/volunteer_rules.h"

#include <algorithm>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "google/protobuf/util/message_differencer.h"
#include "visit/visit_rules.h"

namespace shouhu::visit {
namespace {

bool HasDate(const ::shouhu::common::v1::Date& d) { return d.year() != 0; }

bool SameMessages(const google::protobuf::Message& a, const google::protobuf::Message& b) {
  return google::protobuf::util::MessageDifferencer::Equals(a, b);
}

template <typename T>
bool SameList(const google::protobuf::RepeatedPtrField<T>& a,
              const google::protobuf::RepeatedPtrField<T>& b) {
  if (a.size() != b.size()) return false;
  for (int i = 0; i < a.size(); ++i) {
    if (!SameMessages(a.Get(i), b.Get(i))) return false;
  }
  return true;
}

}  // namespace

void CheckAlias(FieldErrors& e, absl::string_view field, absl::string_view alias,
                absl::string_view person_name) {
  FieldErrors own;
  CheckName(own, field, alias, 1, kMaxAliasChars);
  if (!own.empty()) {
    e.Add(std::string(field), absl::StrCat("1-", kMaxAliasChars, " characters"));
    return;
  }
  if (alias.find('*') != absl::string_view::npos) {
    e.Add(std::string(field), "no masking characters; a given name or nickname");
    return;
  }
  if (person_name.empty()) return;
  const absl::string_view surname = Utf8Prefix(person_name, 1);
  if (alias == person_name || absl::StartsWith(alias, surname)) {
    e.Add(std::string(field), "not the person's name and not starting with the surname");
  }
}

std::optional<absl::CivilDay> LastReportDay(const pb::VolunteerAssignment& a) {
  if (HasDate(a.ended_on())) return ToCivilDay(a.ended_on());
  if (HasDate(a.ends_on())) return ToCivilDay(a.ends_on());
  return std::nullopt;
}

std::optional<absl::CivilDay> AcceptsReportsUntil(const pb::VolunteerAssignment& a,
                                                  int grace_days) {
  std::optional<absl::CivilDay> last = LastReportDay(a);
  if (!last.has_value()) return std::nullopt;
  return *last + grace_days;
}

bool VolunteerMayUse(const pb::VolunteerAssignment& a, absl::CivilDay today, int grace_days,
                     bool within_grace) {
  const bool running = a.active() && (!HasDate(a.ends_on()) || today <= ToCivilDay(a.ends_on()));
  if (running) return true;
  if (!within_grace) return false;
  std::optional<absl::CivilDay> until = AcceptsReportsUntil(a, grace_days);
  return until.has_value() && today <= *until;
}

bool ReportOverdue(const pb::VolunteerAssignment& a, absl::CivilDay today) {
  if (!a.active() || !HasDate(a.starts_on())) return false;
  const absl::CivilDay starts = ToCivilDay(a.starts_on());
  if (today < starts) return false;
  absl::CivilDay upto = today;
  if (HasDate(a.ends_on())) {
    const absl::CivilDay ends = ToCivilDay(a.ends_on());
    if (today > ends) return false;  // run out: nothing more is due
    upto = std::min(upto, ends);
  }
  const absl::CivilDay last =
      HasDate(a.last_report_on()) ? ToCivilDay(a.last_report_on()) : starts - 1;
  const int every = std::max(1, a.report_every_days());
  return upto - last > every;
}

void CheckReportContent(FieldErrors& e, absl::string_view prefix, const pb::DailyReport& r) {
  auto f = [&](absl::string_view name) { return absl::StrCat(prefix, ".", name); };
  if (!r.has_report_on() || !IsValidDate(r.report_on())) e.Add(f("report_on"), "a real date");
  switch (r.contact_kind()) {
    case pb::VISIT_KIND_HOME:
    case pb::VISIT_KIND_PHONE:
    case pb::VISIT_KIND_SCHOOL:
    case pb::VISIT_KIND_ONLINE:
      break;
    default:
      e.Add(f("contact_kind"), "HOME, PHONE, SCHOOL or ONLINE");
  }
  std::set<int> seen;
  for (int i = 0; i < r.assessments_size(); ++i) {
    const pb::Assessment& a = r.assessments(i);
    const std::string at = f(absl::StrCat("assessments[", i, "]"));
    if (a.dimension() == pb::DIMENSION_UNSPECIFIED || !pb::Dimension_IsValid(a.dimension())) {
      e.Add(absl::StrCat(at, ".dimension"), "MOOD, PHYSICAL, LIVING or FAMILY");
    } else if (!seen.insert(a.dimension()).second) {
      e.Add(absl::StrCat(at, ".dimension"), "at most one assessment per dimension");
    }
    if (a.rating() == pb::RATING_UNSPECIFIED || !pb::Rating_IsValid(a.rating())) {
      e.Add(absl::StrCat(at, ".rating"), "required");
    }
    if (!a.notes().empty()) CheckFreeText(e, absl::StrCat(at, ".notes"), a.notes(), 1, 1000);
  }
  CheckFreeText(e, f("observations"), r.observations(), 1, kMaxObservationsChars);
  if (r.needs_size() > 20) e.Add(f("needs"), "at most 20 needs");
  for (int i = 0; i < r.needs_size() && i < 20; ++i) {
    const pb::Need& n = r.needs(i);
    const std::string at = f(absl::StrCat("needs[", i, "]"));
    if (n.kind() == 0 || !::shouhu::aid::v1::MeasureKind_IsValid(n.kind())) {
      e.Add(absl::StrCat(at, ".kind"), "required");
    }
    CheckFreeText(e, absl::StrCat(at, ".description"), n.description(), 1, 1000);
    if (!n.need_id().empty()) e.Add(absl::StrCat(at, ".need_id"), "set by the server");
  }
  if (r.version() < 0) e.Add(f("version"), "must not be negative");
}

std::vector<std::string> ChangedReportFields(const pb::DailyReport& before,
                                             const pb::DailyReport& after) {
  std::vector<std::string> out;
  if (before.contact_kind() != after.contact_kind()) out.push_back("contact_kind");
  if (!SameList(before.assessments(), after.assessments())) out.push_back("assessments");
  if (before.observations() != after.observations()) out.push_back("observations");
  if (before.concern() != after.concern()) out.push_back("concern");
  if (after.needs_size() > 0) out.push_back("needs");
  return out;
}

pb::VolunteerAssignmentView ViewOf(const pb::VolunteerAssignment& a, absl::CivilDay today,
                                   int grace_days) {
  pb::VolunteerAssignmentView v;
  v.set_assignment_id(a.assignment_id());
  v.set_subject_alias(a.subject_alias());
  v.set_care_notes(a.care_notes());
  *v.mutable_starts_on() = a.starts_on();
  if (HasDate(a.ends_on())) *v.mutable_ends_on() = a.ends_on();
  v.set_report_every_days(a.report_every_days());
  v.set_active(a.active() && (!HasDate(a.ends_on()) || today <= ToCivilDay(a.ends_on())));
  if (HasDate(a.last_report_on())) *v.mutable_last_report_on() = a.last_report_on();
  v.set_report_overdue(ReportOverdue(a, today));
  if (std::optional<absl::CivilDay> until = AcceptsReportsUntil(a, grace_days)) {
    *v.mutable_accepts_reports_until() = FromCivilDay(*until);
  }
  return v;
}

}  // namespace shouhu::visit
