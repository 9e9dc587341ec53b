#include "cli/render.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/substitute.h"
#include "cli/format.h"

namespace shouhu::cli {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

// Columns of long free text (facts), indented by two.
constexpr size_t kWrapWidth = 76;

const char* YesNo(bool b, Lang lang) { return b ? msg::kYes(lang) : msg::kNo(lang); }

const char* ListSeparator(Lang lang) { return lang == Lang::kEn ? ", " : "、"; }

template <typename E, typename RepeatedEnum>
std::string EnumList(const RepeatedEnum& values, Lang lang) {
  std::vector<std::string> names;
  for (int v : values) names.push_back(EnumName(static_cast<E>(v), lang));
  return absl::StrJoin(names, ListSeparator(lang));
}

std::string Deadline(const rv1::Referral& r, Lang lang) {
  if (r.response_due_at().unix_millis() == 0) return "";
  std::string out = FormatTimestamp(r.response_due_at());
  if (r.overdue()) {
    absl::StrAppend(&out, lang == Lang::kEn ? " (" : "（", msg::kOverdue(lang),
                    lang == Lang::kEn ? ")" : "）");
  }
  return out;
}

std::string Flags(const rv1::Referral& r, Lang lang) {
  std::vector<std::string> flags;
  if (r.urgent()) flags.push_back(msg::kUrgent(lang));
  if (r.overdue()) flags.push_back(msg::kOverdue(lang));
  return absl::StrJoin(flags, ListSeparator(lang));
}

// Indents every line of a multi-line text.
std::string Indent(absl::string_view text, absl::string_view prefix) {
  absl::ConsumeSuffix(&text, "\n");
  std::string out;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    absl::StrAppend(&out, prefix, line, "\n");
  }
  return out;
}

std::string Heading(const Text& text, Lang lang) {
  return absl::StrCat(text(lang), lang == Lang::kEn ? ":" : "：", "\n");
}

std::string PersonSummary(const shouhu::common::v1::Person& p) {
  std::vector<std::string> parts;
  if (!p.person_id().empty()) parts.push_back(p.person_id());
  if (!p.name().empty()) parts.push_back(p.name());
  std::string birth = FormatDate(p.birth_date());
  if (!birth.empty()) parts.push_back(birth);
  if (!p.id_number().empty()) parts.push_back(p.id_number());
  return absl::StrJoin(parts, " ");
}

// A person field's value for display: sex by its catalogue name, the rest as sent.
std::string PersonFieldValue(absl::string_view field, const std::string& value, Lang lang) {
  if (field == "sex" && !value.empty()) {
    const auto* type = shouhu::common::v1::Sex_descriptor();
    if (const auto* v = type->FindValueByName(value)) return EnumName(type, v->number(), lang);
  }
  return value;
}

std::string ActorName(const shouhu::common::v1::Actor& actor) {
  if (actor.display_name().empty() || actor.display_name() == actor.principal()) {
    return actor.principal();
  }
  return absl::StrCat(actor.display_name(), " (", actor.principal(), ")");
}

std::string CountLine(size_t n, Lang lang) {
  return absl::StrCat(absl::Substitute(msg::kCount(lang), n), "\n");
}

}  // namespace

std::string RenderReferral(const rv1::Referral& r, Lang lang) {
  Fields fields = {
      {msg::kReferralId(lang), r.referral_id()},
      {msg::kStatus(lang), EnumName(r.status(), lang)},
      {msg::kKind(lang), EnumName(r.kind(), lang)},
      {msg::kUrgent(lang), r.urgent() ? msg::kYes(lang) : ""},
      {msg::kAgency(lang), r.agency_code()},
      {msg::kProcuratorate(lang), r.procuratorate_code()},
      {msg::kOccurredOn(lang), FormatDate(r.occurred_on())},
      {msg::kSubmittedAt(lang),
       r.submitted_at().unix_millis() == 0 ? "" : FormatTimestamp(r.submitted_at())},
      {msg::kResponseDue(lang), Deadline(r, lang)},
      {msg::kOverdue(lang), YesNo(r.overdue(), lang)},
      {msg::kAssignedTo(lang), r.assigned_to()},
      {msg::kCaseId(lang), r.case_id()},
      {msg::kDeclineReason(lang), r.decline_reason() == rv1::DECLINE_REASON_UNSPECIFIED
                                      ? ""
                                      : EnumName(r.decline_reason(), lang)},
      {msg::kMessageToAgency(lang), r.message_to_agency()},
      {msg::kSituations(lang), EnumList<rv1::MandatoryReportSituation>(r.situations(), lang)},
      {msg::kAidGrounds(lang), EnumList<rv1::AidGround>(r.aid_grounds(), lang)},
      {msg::kSpecialCategories(lang),
       EnumList<rv1::SpecialMinorCategory>(r.special_categories(), lang)},
      {msg::kVersion(lang), absl::StrCat(r.version())},
  };
  std::string out = RenderFields(fields);
  if (!r.facts().empty()) {
    absl::StrAppend(&out, "\n", Heading(msg::kFacts, lang),
                    Indent(WrapText(r.facts(), kWrapWidth), "  "));
  }
  if (r.people_size() > 0) {
    Table table({msg::kRole(lang), msg::kName(lang), msg::kSex(lang), msg::kBirthDate(lang),
                 msg::kIdNumber(lang), msg::kRelation(lang), msg::kPersonId(lang),
                 msg::kNotes(lang)});
    for (const rv1::ReferralPerson& rp : r.people()) {
      const shouhu::common::v1::Person& p = rp.person();
      std::vector<std::string> notes;
      if (p.minor()) notes.push_back(msg::kMinor(lang));
      if (rp.matched_existing()) notes.push_back(msg::kMatchedExisting(lang));
      if (rp.possible_duplicate()) notes.push_back(msg::kPossibleDuplicate(lang));
      table.AddRow({EnumName(rp.role(), lang), p.name(),
                    p.sex() == shouhu::common::v1::SEX_UNSPECIFIED ? "" : EnumName(p.sex(), lang),
                    FormatDate(p.birth_date()), p.id_number(), rp.relation(), p.person_id(),
                    absl::StrJoin(notes, ListSeparator(lang))});
    }
    absl::StrAppend(&out, "\n", Heading(msg::kPeople, lang), Indent(table.Render(), "  "));
  }
  Table differences({msg::kPersonId(lang), msg::kField(lang), msg::kSubmittedValue(lang),
                     msg::kRecordedValue(lang)});
  for (const rv1::ReferralPerson& rp : r.people()) {
    for (const rv1::PersonFieldDifference& d : rp.differences()) {
      differences.AddRow({rp.person().person_id(), PersonFieldName(d.field(), lang),
                          PersonFieldValue(d.field(), d.submitted(), lang),
                          PersonFieldValue(d.field(), d.recorded(), lang)});
    }
  }
  if (differences.size() > 0) {
    absl::StrAppend(&out, "\n", Heading(msg::kDifferences, lang),
                    Indent(differences.Render(), "  "));
  }
  return out;
}

std::string RenderPersonHistory(const std::vector<rv1::PersonChange>& changes, Lang lang) {
  if (changes.empty()) return absl::StrCat(msg::kNoRecords(lang), "\n");
  Table table({msg::kVersion(lang), msg::kTime(lang), msg::kActor(lang), msg::kField(lang),
               msg::kPrevious(lang), msg::kUpdated(lang), msg::kSourceReferral(lang),
               msg::kReason(lang)});
  for (const rv1::PersonChange& c : changes) {
    bool first = true;
    for (const rv1::PersonFieldChange& f : c.changes()) {
      table.AddRow({first ? absl::StrCat(c.version()) : "", first ? FormatTimestamp(c.at()) : "",
                    first ? ActorName(c.actor()) : "", PersonFieldName(f.field(), lang),
                    PersonFieldValue(f.field(), f.previous(), lang),
                    PersonFieldValue(f.field(), f.updated(), lang),
                    first ? c.source_referral_id() : "", first ? c.reason() : ""});
      first = false;
    }
  }
  return absl::StrCat(Heading(msg::kPersonHistory, lang), table.Render(),
                      CountLine(changes.size(), lang));
}

std::string RenderReferralTable(const std::vector<rv1::Referral>& referrals, Lang lang) {
  if (referrals.empty()) return absl::StrCat(msg::kNoRecords(lang), "\n");
  Table table({msg::kReferralId(lang), msg::kKind(lang), msg::kStatus(lang), msg::kAgency(lang),
               msg::kSubmittedAt(lang), msg::kResponseDue(lang), msg::kAssignedTo(lang),
               msg::kNotes(lang)});
  for (const rv1::Referral& r : referrals) {
    table.AddRow(
        {r.referral_id(), EnumName(r.kind(), lang), EnumName(r.status(), lang), r.agency_code(),
         FormatTimestamp(r.submitted_at()),
         r.response_due_at().unix_millis() == 0 ? "" : FormatTimestamp(r.response_due_at()),
         r.assigned_to(), Flags(r, lang)});
  }
  return absl::StrCat(table.Render(), CountLine(referrals.size(), lang));
}

std::string RenderTimeline(const std::vector<rv1::TimelineEntry>& entries, Lang lang) {
  if (entries.empty()) return absl::StrCat(msg::kNoRecords(lang), "\n");
  Table table({msg::kSequence(lang), msg::kTime(lang), msg::kStep(lang), msg::kStatus(lang),
               msg::kActor(lang), msg::kMessage(lang)});
  for (const rv1::TimelineEntry& e : entries) {
    const std::string actor =
        e.actor().display_name().empty() ? e.actor().principal() : e.actor().display_name();
    table.AddRow({absl::StrCat(e.sequence()), FormatTimestamp(e.at()), StepName(e.step(), lang),
                  EnumName(e.status(), lang), actor, e.message()});
  }
  return table.Render();
}

std::string RenderTimelineLine(const rv1::TimelineEntry& e, Lang lang) {
  const std::string actor =
      e.actor().display_name().empty() ? e.actor().principal() : e.actor().display_name();
  std::string line = absl::StrCat("#", e.sequence(), "  ", FormatTimestamp(e.at()), "  ",
                                  StepName(e.step(), lang), " → ", EnumName(e.status(), lang));
  if (!actor.empty()) absl::StrAppend(&line, "  ", actor);
  if (!e.message().empty()) absl::StrAppend(&line, "  「", e.message(), "」");
  return absl::StrCat(line, "\n");
}

std::string RenderCase(const rv1::Case& c, Lang lang) {
  Fields fields = {
      {msg::kCaseId(lang), c.case_id()},
      {msg::kStatus(lang), EnumName(c.status(), lang)},
      {msg::kKind(lang), EnumName(c.kind(), lang)},
      {msg::kProcuratorate(lang), c.procuratorate_code()},
      {msg::kSubject(lang), c.subject_person_id()},
      {msg::kAssignedTo(lang), c.assigned_to()},
      {msg::kOpenedAt(lang),
       c.opened_at().unix_millis() == 0 ? "" : FormatTimestamp(c.opened_at())},
      {msg::kClosedAt(lang),
       c.closed_at().unix_millis() == 0 ? "" : FormatTimestamp(c.closed_at())},
      {msg::kCloseReason(lang),
       c.close_reason() == rv1::CLOSE_REASON_UNSPECIFIED ? "" : EnumName(c.close_reason(), lang)},
      {msg::kCloseNote(lang), c.close_note()},
      {msg::kReferrals(lang), absl::StrJoin(c.referral_ids(), ", ")},
      {msg::kTransferTo(lang), c.transfer_to_procuratorate()},
      {msg::kTransferredToCase(lang), c.transferred_to_case_id()},
      {msg::kTransferredFrom(lang), c.transferred_from_case_id()},
      {msg::kTransferReason(lang), c.transfer_reason()},
      {msg::kVersion(lang), absl::StrCat(c.version())},
  };
  return RenderFields(fields);
}

std::string RenderCaseTable(const std::vector<rv1::Case>& cases, Lang lang) {
  if (cases.empty()) return absl::StrCat(msg::kNoRecords(lang), "\n");
  Table table({msg::kCaseId(lang), msg::kKind(lang), msg::kStatus(lang), msg::kSubject(lang),
               msg::kAssignedTo(lang), msg::kOpenedAt(lang), msg::kTransferTo(lang)});
  for (const rv1::Case& c : cases) {
    table.AddRow({c.case_id(), EnumName(c.kind(), lang), EnumName(c.status(), lang),
                  c.subject_person_id(), c.assigned_to(), FormatTimestamp(c.opened_at()),
                  c.transfer_to_procuratorate()});
  }
  return absl::StrCat(table.Render(), CountLine(cases.size(), lang));
}

std::string RenderPerson(const shouhu::common::v1::Person& p, Lang lang) {
  Fields fields = {
      {msg::kPersonId(lang), p.person_id()},
      {msg::kName(lang), p.name()},
      {msg::kSex(lang),
       p.sex() == shouhu::common::v1::SEX_UNSPECIFIED ? "" : EnumName(p.sex(), lang)},
      {msg::kBirthDate(lang), FormatDate(p.birth_date())},
      {msg::kAge(lang), p.minor() ? msg::kMinor(lang) : msg::kAdult(lang)},
      {msg::kIdNumber(lang), p.id_number()},
      {msg::kPhone(lang), p.phone()},
      {msg::kAddress(lang), p.address()},
      {msg::kEthnicity(lang), p.ethnicity()},
      {msg::kIdentity(lang), p.unmasked() ? msg::kUnmasked(lang) : msg::kMasked(lang)},
      {msg::kVersion(lang), p.version() > 0 ? absl::StrCat(p.version()) : ""},
  };
  return RenderFields(fields);
}

std::string RenderDuplicate(const rv1::DuplicateCandidate& d, Lang lang) {
  Fields fields = {
      {msg::kCandidateId(lang), d.candidate_id()},
      {msg::kStatus(lang), DuplicateStateName(d.state(), lang)},
      {msg::kReferralId(lang), d.referral_id()},
      {msg::kExisting(lang), PersonSummary(d.existing())},
      {msg::kIncoming(lang), PersonSummary(d.incoming())},
  };
  return RenderFields(fields);
}

std::string RenderDuplicateTable(const std::vector<rv1::DuplicateCandidate>& candidates,
                                 Lang lang) {
  if (candidates.empty()) return absl::StrCat(msg::kNoRecords(lang), "\n");
  Table table({msg::kCandidateId(lang), msg::kStatus(lang), msg::kReferralId(lang),
               msg::kExisting(lang), msg::kIncoming(lang)});
  for (const rv1::DuplicateCandidate& d : candidates) {
    table.AddRow({d.candidate_id(), DuplicateStateName(d.state(), lang), d.referral_id(),
                  PersonSummary(d.existing()), PersonSummary(d.incoming())});
  }
  return absl::StrCat(table.Render(), CountLine(candidates.size(), lang));
}

std::string RenderAgency(const rv1::Agency& a, Lang lang) {
  Fields fields = {
      {msg::kCode(lang), a.agency_code()},
      {msg::kName(lang), a.name()},
      {msg::kKind(lang), EnumName(a.type(), lang)},
      {msg::kJurisdiction(lang), a.jurisdiction_code()},
      {msg::kProcuratorate(lang), a.procuratorate_code()},
      {msg::kStatus(lang), a.active() ? msg::kActive(lang) : msg::kInactive(lang)},
  };
  return RenderFields(fields);
}

std::string RenderAgencyTable(const std::vector<rv1::Agency>& agencies, Lang lang) {
  if (agencies.empty()) return absl::StrCat(msg::kNoRecords(lang), "\n");
  Table table({msg::kCode(lang), msg::kName(lang), msg::kKind(lang), msg::kJurisdiction(lang),
               msg::kProcuratorate(lang), msg::kStatus(lang)});
  for (const rv1::Agency& a : agencies) {
    table.AddRow({a.agency_code(), a.name(), EnumName(a.type(), lang), a.jurisdiction_code(),
                  a.procuratorate_code(), a.active() ? msg::kActive(lang) : msg::kInactive(lang)});
  }
  return absl::StrCat(table.Render(), CountLine(agencies.size(), lang));
}

std::string RenderProcuratorate(const rv1::Procuratorate& p, Lang lang) {
  return RenderFields({{msg::kCode(lang), p.procuratorate_code()}, {msg::kName(lang), p.name()}});
}

}  // namespace shouhu::cli
