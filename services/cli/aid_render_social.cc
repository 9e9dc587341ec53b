// Rendering of social-aid suggestions, statistics and the aid configuration.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/substitute.h"
#include "cli/aid_render.h"
#include "cli/aid_render_util.h"
#include "cli/money.h"

namespace shouhu::cli {
namespace {

using aid_render::ActorText;
using aid_render::CountLine;
using aid_render::EnumOrEmpty;
using aid_render::Fields;
using aid_render::Heading;
using aid_render::TimeOrEmpty;
using aid_render::WithFlag;
namespace cv1 = ::shouhu::common::v1;

std::string MeasureOutcomeLine(const pb::MeasureOutcome& m, Lang lang) {
  std::vector<std::string> parts;
  if (m.granted()) parts.push_back(msg::kGranted(lang));
  if (m.sessions() > 0) parts.push_back(absl::Substitute(msg::kSessions(lang), m.sessions()));
  if (m.amount_fen() != 0) parts.push_back(Yuan(m.amount_fen(), lang));
  if (m.start_on().year() != 0) parts.push_back(FormatDate(m.start_on()));
  return absl::StrJoin(parts, aid_render::Sep(lang));
}

std::string Due(const cv1::Date& due, bool overdue, Lang lang) {
  return WithFlag(FormatDate(due), overdue, msg::kOverdue, lang);
}

}  // namespace

std::string RenderSuggestion(const pb::Suggestion& s, Lang lang) {
  return RenderFields({
      {msg::kSuggestionId(lang), s.suggestion_id()},
      {msg::kStatus(lang), EnumName(s.status(), lang)},
      {msg::kCaseId(lang), s.case_id()},
      {msg::kApplicationId(lang), s.application_id()},
      {msg::kAgency(lang), s.agency_code()},
      {msg::kMeasure(lang), EnumOrEmpty(s.measure(), lang)},
      {msg::kContent(lang), s.content()},
      {msg::kPersonId(lang), s.person_id()},
      {msg::kIdentity(lang),
       s.identity_disclosed()
           ? absl::Substitute(msg::kIdentityDisclosed(lang), s.disclosure_purpose())
           : ""},
      {msg::kIssuedOn(lang), FormatDate(s.issued_on())},
      {msg::kReplyDue(lang), Due(s.reply_due_on(), s.overdue(), lang)},
      {msg::kActor(lang), ActorText(s.issued_by())},
      {msg::kOutcome(lang), s.outcome()},
      {msg::kMeasureOutcome(lang), MeasureOutcomeLine(s.measure_outcome(), lang)},
      {msg::kTime(lang), FormatDate(s.outcome_on())},
      {msg::kVersion(lang), absl::StrCat(s.version())},
  });
}

std::string RenderSuggestionTable(const Repeated<pb::Suggestion>& list, Lang lang) {
  if (list.empty()) return absl::StrCat(msg::kNoRecords(lang), "\n");
  Table table({msg::kSuggestionId(lang), msg::kStatus(lang), msg::kCaseId(lang), msg::kAgency(lang),
               msg::kMeasure(lang), msg::kIssuedOn(lang), msg::kReplyDue(lang),
               msg::kVersion(lang)});
  for (const pb::Suggestion& s : list) {
    table.AddRow({s.suggestion_id(), EnumName(s.status(), lang), s.case_id(), s.agency_code(),
                  EnumOrEmpty(s.measure(), lang), FormatDate(s.issued_on()),
                  Due(s.reply_due_on(), s.overdue(), lang), absl::StrCat(s.version())});
  }
  return absl::StrCat(table.Render(), CountLine(list.size(), lang));
}

std::string RenderAgencySuggestion(const pb::AgencySuggestion& s, Lang lang) {
  std::string person;
  if (!s.person().name().empty()) {
    std::vector<std::string> parts;
    for (const std::string& v : {s.person().name(), FormatDate(s.person().birth_date()),
                                 s.person().phone(), s.person().address()}) {
      if (!v.empty()) parts.push_back(v);
    }
    person = absl::StrJoin(parts, " ");
  }
  return RenderFields({
      {msg::kSuggestionId(lang), s.suggestion_id()},
      {msg::kStatus(lang), EnumName(s.status(), lang)},
      {msg::kIssuingProcuratorate(lang), s.issuing_procuratorate()},
      {msg::kMeasure(lang), EnumOrEmpty(s.measure(), lang)},
      {msg::kContent(lang), s.content()},
      {msg::kSubject(lang), person},
      {msg::kIssuedOn(lang), FormatDate(s.issued_on())},
      {msg::kReplyDue(lang), Due(s.reply_due_on(), s.overdue(), lang)},
      {msg::kOutcome(lang), s.outcome()},
      {msg::kMeasureOutcome(lang), MeasureOutcomeLine(s.measure_outcome(), lang)},
      {msg::kVersion(lang), absl::StrCat(s.version())},
  });
}

std::string RenderAgencySuggestionTable(const Repeated<pb::AgencySuggestion>& list, Lang lang) {
  if (list.empty()) return absl::StrCat(msg::kNoRecords(lang), "\n");
  Table table({msg::kSuggestionId(lang), msg::kStatus(lang), msg::kIssuingProcuratorate(lang),
               msg::kMeasure(lang), msg::kIssuedOn(lang), msg::kReplyDue(lang),
               msg::kVersion(lang)});
  for (const pb::AgencySuggestion& s : list) {
    table.AddRow({s.suggestion_id(), EnumName(s.status(), lang), s.issuing_procuratorate(),
                  EnumOrEmpty(s.measure(), lang), FormatDate(s.issued_on()),
                  Due(s.reply_due_on(), s.overdue(), lang), absl::StrCat(s.version())});
  }
  return absl::StrCat(table.Render(), CountLine(list.size(), lang));
}

std::string RenderStats(const pb::GetAidStatisticsResponse& stats, Lang lang) {
  const int threshold = stats.suppression_threshold() > 0 ? stats.suppression_threshold() : 5;
  const std::string hidden = absl::Substitute(msg::kSuppressed(lang), threshold);
  Table table({msg::kGroup(lang), msg::kAccepted(lang), msg::kPeopleAided(lang),
               msg::kAmountPaid(lang), msg::kExOfficio(lang), msg::kExOfficioShare(lang),
               msg::kEmergencyCount(lang), msg::kOnTime(lang), msg::kLate(lang),
               msg::kSuggestionsIssued(lang), msg::kSuggestionsDone(lang),
               msg::kRecoveredYuan(lang), msg::kMedianDays(lang)});
  bool any_hidden = false;
  auto add = [&](const pb::AidStatisticsRow& r, const std::string& label) {
    if (r.suppressed()) {
      any_hidden = true;
      std::vector<std::string> row(13, hidden);
      row[0] = label;
      table.AddRow(row);
      return;
    }
    const int bp = r.ex_officio_share_bp();
    table.AddRow({label, absl::StrCat(r.applications_accepted()), absl::StrCat(r.people_aided()),
                  FormatYuan(r.amount_paid_fen()), absl::StrCat(r.ex_officio_count()),
                  absl::StrCat(bp / 100, ".", bp % 100 < 10 ? "0" : "", bp % 100, "%"),
                  absl::StrCat(r.emergency_count()), absl::StrCat(r.decided_on_time()),
                  absl::StrCat(r.decided_late()), absl::StrCat(r.suggestions_issued()),
                  absl::StrCat(r.suggestions_completed()), FormatYuan(r.recovered_fen()),
                  absl::StrCat(r.median_decision_days())});
  };
  for (const pb::AidStatisticsRow& r : stats.rows()) {
    add(r, r.group_label().empty() ? r.group_key() : r.group_label());
  }
  add(stats.total(), msg::kTotalRow(lang));
  std::string out = table.Render();
  if (stats.total().measures_size() > 0) {
    Table measures({msg::kMeasure(lang), msg::kIssued(lang), msg::kCompleted(lang),
                    msg::kGranted(lang), lang == Lang::kEn ? "Sessions" : "次数"});
    for (const pb::MeasureCount& m : stats.total().measures()) {
      measures.AddRow({EnumName(m.measure(), lang), absl::StrCat(m.issued()),
                       absl::StrCat(m.completed()), absl::StrCat(m.granted()),
                       absl::StrCat(m.sessions())});
    }
    absl::StrAppend(&out, "\n", measures.Render());
  }
  if (any_hidden)
    absl::StrAppend(&out, absl::Substitute(msg::kSuppressedNote(lang), threshold), "\n");
  return out;
}

std::string RenderWageEntry(const pb::WageEntry& w, Lang lang) {
  return RenderFields({{msg::kProvince(lang), w.province_code()},
                       {msg::kYear(lang), absl::StrCat(w.year())},
                       {msg::kMonthlyWage(lang), Yuan(w.monthly_wage_fen(), lang)},
                       {msg::kSource(lang), w.source()},
                       {msg::kBasis(lang), w.basis()},
                       {msg::kRecordedAt(lang), TimeOrEmpty(w.recorded_at())},
                       {msg::kActor(lang), ActorText(w.recorded_by())}});
}

std::string RenderWages(const pb::ListWageEntriesResponse& wages, Lang lang) {
  auto table_of = [&](const Repeated<pb::WageEntry>& entries, bool history) {
    std::vector<std::string> header = {msg::kProvince(lang), msg::kYear(lang),
                                       msg::kWage(lang),     msg::kSource(lang),
                                       msg::kBasis(lang),    msg::kRecordedAt(lang)};
    if (history) header.push_back(msg::kSupersededAt(lang));
    Table table(header);
    for (const pb::WageEntry& w : entries) {
      std::vector<std::string> row = {w.province_code(),
                                      absl::StrCat(w.year()),
                                      FormatYuan(w.monthly_wage_fen()),
                                      w.source(),
                                      w.basis(),
                                      TimeOrEmpty(w.recorded_at())};
      if (history) row.push_back(TimeOrEmpty(w.superseded_at()));
      table.AddRow(row);
    }
    return table.Render();
  };
  if (wages.entries().empty()) return absl::StrCat(msg::kNoRecords(lang), "\n");
  std::string out = table_of(wages.entries(), false);
  if (wages.history_size() > 0) {
    absl::StrAppend(&out, Heading(msg::kWageHistory, lang), table_of(wages.history(), true));
  }
  return out;
}

std::string RenderPolicy(const pb::AidPolicy& p, Lang lang) {
  std::string out = RenderFields({
      {msg::kProcuratorate(lang), p.procuratorate_code()},
      {msg::kCommitteeThreshold(lang), Yuan(p.committee_threshold_fen(), lang)},
      {msg::kEmergencyCap(lang), Yuan(p.emergency_cap_fen(), lang)},
      {msg::kCapMonths(lang), absl::StrCat(p.cap_months())},
      {msg::kDecisionDays(lang), absl::StrCat(p.decision_working_days())},
      {msg::kNotifyDays(lang), absl::StrCat(p.notify_working_days())},
      {msg::kPaperworkDays(lang), absl::StrCat(p.emergency_paperwork_working_days())},
      {msg::kReplyDays(lang), absl::StrCat(p.suggestion_reply_working_days())},
      {msg::kVersion(lang), absl::StrCat(p.version())},
  });
  if (p.step_actors_size() > 0) {
    Table table({msg::kStep(lang), msg::kRole(lang), msg::kTitle(lang)});
    for (const pb::StepActors& s : p.step_actors()) {
      std::vector<std::string> titles;
      for (const std::string& t : s.titles()) titles.push_back(TitleName(t, lang));
      table.AddRow(
          {EnumName(s.step(), lang), s.role(), absl::StrJoin(titles, aid_render::Sep(lang))});
    }
    absl::StrAppend(&out, Heading(msg::kStepActors, lang), table.Render());
  }
  return out;
}

}  // namespace shouhu::cli
