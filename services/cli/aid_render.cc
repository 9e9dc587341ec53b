#include "cli/aid_render.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/substitute.h"
#include "cli/aid_render_util.h"
#include "cli/money.h"

namespace shouhu::cli {
namespace {

using aid_render::ActorText;
using aid_render::EnumList;
using aid_render::EnumOrEmpty;
using aid_render::Fields;
using aid_render::Heading;
using aid_render::TimeOrEmpty;
using aid_render::WithFlag;
namespace cv1 = ::shouhu::common::v1;

std::string YuanIf(int64_t fen, Lang lang) { return fen == 0 ? "" : Yuan(fen, lang); }

// "person-1 张** 2012-03-04 5201**********1234" (as sent: masked by the server).
std::string PersonLine(const cv1::Person& p) {
  std::vector<std::string> parts;
  for (const std::string& s :
       {p.person_id(), p.name(), FormatDate(p.birth_date()), p.id_number()}) {
    if (!s.empty()) parts.push_back(s);
  }
  return absl::StrJoin(parts, " ");
}

std::string VictimLine(const pb::ApplicationDetails& d, Lang lang) {
  std::vector<std::string> traits;
  if (d.victim_minor()) traits.push_back(msg::kVictimMinor(lang));
  if (d.victim_disabled()) traits.push_back(msg::kVictimDisabled(lang));
  if (d.victim_veteran()) traits.push_back(msg::kVictimVeteran(lang));
  if (d.victim_rural_hardship()) traits.push_back(msg::kVictimRural(lang));
  std::string out = d.victim_person_id();
  if (!traits.empty()) {
    absl::StrAppend(&out, out.empty() ? "" : " ", lang == Lang::kEn ? "(" : "（",
                    absl::StrJoin(traits, aid_render::Sep(lang)), lang == Lang::kEn ? ")" : "）");
  }
  return out;
}

std::string OriginalCaseLine(const pb::OriginalCase& c) {
  std::vector<std::string> parts;
  for (const std::string& s : {c.case_number(), c.charge(), c.stage(), c.department()}) {
    if (!s.empty()) parts.push_back(s);
  }
  return absl::StrJoin(parts, " / ");
}

std::string HardshipLine(const pb::Hardship& h, Lang lang) {
  if (h.household_size() == 0 && h.description().empty()) return "";
  std::string out =
      absl::Substitute(msg::kHousehold(lang), h.household_size(), h.members_able_to_work(),
                       Yuan(h.household_monthly_income_fen(), lang));
  if (!h.description().empty()) absl::StrAppend(&out, "; ", h.description());
  return out;
}

std::string PayeeLine(const pb::PayeeInput& p) {
  std::vector<std::string> parts;
  for (const std::string& s : {p.name(), p.bank_name(), p.account_number()}) {
    if (!s.empty()) parts.push_back(s);
  }
  return absl::StrJoin(parts, " ");
}

std::string EmergencySection(const pb::EmergencyAdvance& e, Lang lang) {
  std::string due =
      WithFlag(FormatDate(e.paperwork_due_on()), e.paperwork_overdue(), msg::kOverdue, lang);
  Fields fields = {
      {msg::kAmount(lang), Yuan(e.amount_fen(), lang)},
      {msg::kReason(lang), e.reason()},
      {msg::kActor(lang), ActorText(e.approved_by())},
      {msg::kTitle(lang), TitleName(e.approver_title(), lang)},
      {msg::kTime(lang), TimeOrEmpty(e.approved_at())},
      {msg::kPaperworkDue(lang), due},
      {msg::kPaperworkDone(lang), e.paperwork_done() ? TimeOrEmpty(e.paperwork_done_at()) : ""},
      {msg::kPaid(lang), Yuan(e.paid_fen(), lang)},
      {msg::kSettlement(lang), EnumOrEmpty(e.settlement(), lang)},
  };
  return absl::StrCat(Heading(msg::kEmergency, lang), RenderFields(fields));
}

std::string PriorAidTable(const Repeated<pb::PriorAid>& list, Lang lang) {
  Table table({msg::kOrgan(lang), msg::kOriginalCase(lang), msg::kDecidedOn(lang),
               msg::kAmountYuan(lang), msg::kNotes(lang)});
  for (const pb::PriorAid& p : list) {
    table.AddRow({absl::StrCat(EnumName(p.organ(), lang), " ", p.organ_name()),
                  p.original_case_number(), FormatDate(p.aided_on()), FormatYuan(p.amount_fen()),
                  p.note()});
  }
  return table.Render();
}

std::string WageLine(const pb::AmountComputation& c, Lang lang) {
  if (c.monthly_wage_fen() == 0) return "";
  std::string out = Yuan(c.monthly_wage_fen(), lang);
  if (!c.province_code().empty()) {
    absl::StrAppend(&out, " (", c.province_code(), " ", c.wage_year(), ")");
  }
  return out;
}

}  // namespace

std::string Yuan(int64_t fen, Lang lang) {
  return absl::Substitute(msg::kYuanSuffix(lang), FormatYuan(fen));
}

std::string TitleName(const std::string& title, Lang lang) {
  if (title == "chief_procurator") return lang == Lang::kEn ? "Chief procurator" : "检察长";
  if (title == "deputy_chief_procurator") {
    return lang == Lang::kEn ? "Deputy chief procurator" : "副检察长";
  }
  return title;
}

std::string RenderApplication(const pb::Application& a, Lang lang) {
  const pb::ApplicationDetails& d = a.details();
  std::string due = a.decision_due_on().year() == 0 ? "" : FormatDate(a.decision_due_on());
  due = WithFlag(due, a.decision_overdue(), msg::kOverdue, lang);
  std::string requested = EnumList<pb::MaterialKind>(a.materials_requested(), lang);
  if (!requested.empty() && a.materials_requested_on().year() != 0) {
    absl::StrAppend(&requested, lang == Lang::kEn ? " (since " : "（自 ",
                    FormatDate(a.materials_requested_on()), lang == Lang::kEn ? ")" : "）");
  }
  Fields fields = {
      {msg::kApplicationId(lang), a.application_id()},
      {msg::kStatus(lang), EnumName(a.status(), lang)},
      {msg::kChannel(lang), EnumOrEmpty(a.channel(), lang)},
      {msg::kCaseId(lang), a.case_id()},
      {msg::kProcuratorate(lang), a.procuratorate_code()},
      {msg::kAssignedTo(lang), a.assigned_to()},
      {msg::kSourceReferralAid(lang), a.source_referral_id()},
      {msg::kRegisteredOn(lang), FormatDate(a.registered_on())},
      {msg::kDecisionDue(lang), due},
      {msg::kOverdue(lang), a.decision_overdue() ? msg::kYes(lang) : ""},
      {msg::kMaterialsRequested(lang), requested},
      {msg::kPausedDays(lang),
       a.paused_working_days() == 0 ? "" : absl::StrCat(a.paused_working_days())},
      {msg::kApplicant(lang), PersonLine(a.applicant())},
      {msg::kApplicantRelation(lang), EnumOrEmpty(d.relation(), lang)},
      {msg::kHouseholdRegistration(lang), d.household_registration()},
      {msg::kAddress(lang), d.applicant_address()},
      {msg::kLegalRepresentative(lang), d.legal_representative()},
      {msg::kVictim(lang), VictimLine(d, lang)},
      {msg::kOriginalCase(lang), OriginalCaseLine(d.original_case())},
      {msg::kAidGrounds(lang), EnumList<shouhu::referral::v1::AidGround>(d.grounds(), lang)},
      {msg::kHarm(lang), d.harm()},
      {msg::kHardship(lang), HardshipLine(d.hardship(), lang)},
      {msg::kCompensationReceived(lang), YuanIf(d.compensation_received_fen(), lang)},
      {msg::kOtherAidReceived(lang), YuanIf(d.other_aid_received_fen(), lang)},
      {msg::kMaterials(lang), EnumList<pb::MaterialKind>(d.materials(), lang)},
      {msg::kBankAccount(lang), PayeeLine(d.bank_account())},
      {msg::kProposedDecision(lang), EnumOrEmpty(a.proposed_decision(), lang)},
      {msg::kExclusions(lang), EnumList<pb::ExclusionReason>(a.exclusion_reasons(), lang)},
      {msg::kApprovedAmount(lang), YuanIf(a.approved_fen(), lang)},
      {msg::kDecisionDocument(lang), a.decision_document_number()},
      {msg::kDecidedOn(lang), FormatDate(a.decided_on())},
      {msg::kReserved(lang), YuanIf(a.reserved_fen(), lang)},
      {msg::kPaid(lang), YuanIf(a.paid_fen(), lang)},
      {msg::kRecovered(lang), YuanIf(a.recovered_fen(), lang)},
      {msg::kClosingReason(lang), a.closing_reason()},
      {msg::kCaseClosedOn(lang), FormatDate(a.case_closed_on())},
      {msg::kVersion(lang), absl::StrCat(a.version())},
  };
  std::string out = RenderFields(fields);
  if (a.emergency().amount_fen() != 0) absl::StrAppend(&out, EmergencySection(a.emergency(), lang));
  if (a.amount().months() != 0 || a.amount().amount_fen() != 0) {
    absl::StrAppend(&out, Heading(msg::kComputation, lang), RenderComputation(a.amount(), lang));
  }
  if (a.eligibility().outcomes_size() > 0) {
    absl::StrAppend(&out, Heading(msg::kEligibility, lang),
                    RenderEligibility(a.eligibility(), lang));
  }
  if (a.approvals_size() > 0) {
    absl::StrAppend(&out, Heading(msg::kApprovalChain, lang), RenderApprovals(a.approvals(), lang));
  }
  if (a.prior_aid_size() > 0) {
    absl::StrAppend(&out, Heading(msg::kPriorAid, lang), PriorAidTable(a.prior_aid(), lang));
  }
  if (a.materials_requests_size() > 0) {
    Table table({msg::kRequestedOn(lang), msg::kMaterialsRequested(lang), msg::kNote(lang),
                 msg::kActor(lang), msg::kAnsweredOn(lang)});
    for (const pb::MaterialsRequestRecord& r : a.materials_requests()) {
      table.AddRow({FormatDate(r.requested_on()), EnumList<pb::MaterialKind>(r.materials(), lang),
                    r.note(), r.requested_by().principal(), FormatDate(r.answered_on())});
    }
    absl::StrAppend(&out, Heading(msg::kMaterialsRequests, lang), table.Render());
  }
  return out;
}

std::string RenderApplicationTable(const Repeated<pb::Application>& list, Lang lang) {
  if (list.empty()) return absl::StrCat(msg::kNoRecords(lang), "\n");
  Table table({msg::kApplicationId(lang), msg::kStatus(lang), msg::kCaseId(lang),
               msg::kApplicant(lang), msg::kAssignedTo(lang), msg::kRegisteredOn(lang),
               msg::kDecisionDue(lang), msg::kAmountYuan(lang)});
  for (const pb::Application& a : list) {
    const bool overdue = a.decision_overdue() || a.emergency().paperwork_overdue();
    const int64_t amount = a.approved_fen() != 0 ? a.approved_fen() : a.amount().amount_fen();
    table.AddRow({a.application_id(), EnumName(a.status(), lang), a.case_id(), a.applicant().name(),
                  a.assigned_to(), FormatDate(a.registered_on()),
                  WithFlag(FormatDate(a.decision_due_on()), overdue, msg::kOverdue, lang),
                  amount == 0 ? "" : FormatYuan(amount)});
  }
  return absl::StrCat(table.Render(), aid_render::CountLine(list.size(), lang));
}

std::string RenderEligibility(const pb::EligibilityResult& e, Lang lang) {
  std::string out =
      absl::StrCat(msg::kRuleSet(lang), lang == Lang::kEn ? ": " : "：", e.rule_set_version(), "  ",
                   e.eligible() ? msg::kEligible(lang) : msg::kNotEligible(lang), "\n");
  Table table({msg::kRule(lang), msg::kKind(lang), msg::kResult(lang), msg::kReason(lang)});
  for (const pb::RuleOutcome& o : e.outcomes()) {
    const std::string& reason =
        lang == Lang::kEn && !o.reason_en().empty() ? o.reason_en() : o.reason();
    table.AddRow({o.rule_id(), EnumName(o.kind(), lang),
                  o.matched() ? msg::kMatched(lang) : msg::kNotMatched(lang), reason});
  }
  return absl::StrCat(out, table.Render());
}

std::string RenderComputation(const pb::AmountComputation& c, Lang lang) {
  std::vector<std::string> flags;
  if (c.over_cap()) flags.push_back(msg::kOverCap(lang));
  if (c.over_cap_approved()) flags.push_back(msg::kOverCapApproved(lang));
  if (c.committee_required()) flags.push_back(msg::kCommitteeRequired(lang));
  const int64_t deducted = c.compensation_deducted_fen() + c.other_aid_deducted_fen();
  Fields fields = {
      {msg::kMonthlyWage(lang), WageLine(c, lang)},
      {msg::kMonths(lang), c.months() == 0 ? "" : absl::StrCat(c.months())},
      {msg::kBase(lang), YuanIf(c.base_fen(), lang)},
      {msg::kMinorCosts(lang), YuanIf(c.minor_costs_fen(), lang)},
      {msg::kTotal(lang), YuanIf(c.total_fen(), lang)},
      {msg::kDeductions(lang), deducted == 0 ? "" : absl::StrCat("-", Yuan(deducted, lang))},
      {msg::kCourtCeiling(lang), YuanIf(c.court_award_ceiling_fen(), lang)},
      {msg::kCap(lang), YuanIf(c.cap_fen(), lang)},
      {msg::kProposedAmount(lang), Yuan(c.amount_fen(), lang)},
      {msg::kNotes(lang), absl::StrJoin(flags, aid_render::Sep(lang))},
      {msg::kReason(lang), c.over_cap_justification()},
  };
  std::string out = RenderFields(fields);
  if (!c.wage_note().empty()) absl::StrAppend(&out, "  ", c.wage_note(), "\n");
  for (const std::string& line : c.explanation()) absl::StrAppend(&out, "  ", line, "\n");
  return out;
}

std::string RenderApprovals(const Repeated<pb::ApprovalRecord>& approvals, Lang lang) {
  Table table({msg::kRound(lang), msg::kStep(lang), msg::kOutcome(lang), msg::kActor(lang),
               msg::kTitle(lang), msg::kTime(lang), msg::kAmountYuan(lang), msg::kOpinion(lang)});
  for (const pb::ApprovalRecord& r : approvals) {
    std::string amount;
    if (r.previous_amount_fen() != r.amount_fen() && r.previous_amount_fen() != 0) {
      amount = absl::StrCat(FormatYuan(r.previous_amount_fen()), " → ", FormatYuan(r.amount_fen()));
      if (!r.amount_reason().empty()) absl::StrAppend(&amount, " (", r.amount_reason(), ")");
    } else if (r.amount_fen() != 0) {
      amount = FormatYuan(r.amount_fen());
    }
    std::vector<std::string> notes;
    for (const std::string& s :
         {r.opinion(), r.decided_by_body(), r.document_ref(), FormatDate(r.decided_on())}) {
      if (!s.empty()) notes.push_back(s);
    }
    table.AddRow({absl::StrCat(r.round()), EnumName(r.step(), lang), EnumOrEmpty(r.outcome(), lang),
                  ActorText(r.actor()), TitleName(r.actor_title(), lang), TimeOrEmpty(r.at()),
                  amount, absl::StrJoin(notes, "; ")});
  }
  return table.Render();
}

std::string RenderNotice(const pb::RightsNotice& n, Lang lang) {
  return RenderFields({{msg::kNoticeId(lang), n.notice_id()},
                       {msg::kCaseId(lang), n.case_id()},
                       {msg::kPersonId(lang), n.person_id()},
                       {msg::kNotifiedOn(lang), FormatDate(n.notified_on())},
                       {msg::kMethod(lang), EnumOrEmpty(n.method(), lang)},
                       {msg::kActor(lang), ActorText(n.recorded_by())}});
}

std::string RenderNotices(const Repeated<pb::RightsNotice>& notices, Lang lang) {
  if (notices.empty()) return absl::StrCat(msg::kNoRecords(lang), "\n");
  Table table({msg::kNoticeId(lang), msg::kPersonId(lang), msg::kNotifiedOn(lang),
               msg::kMethod(lang), msg::kActor(lang)});
  for (const pb::RightsNotice& n : notices) {
    table.AddRow({n.notice_id(), n.person_id(), FormatDate(n.notified_on()),
                  EnumOrEmpty(n.method(), lang), ActorText(n.recorded_by())});
  }
  return absl::StrCat(table.Render(), aid_render::CountLine(notices.size(), lang));
}

std::string RenderPriorAid(const pb::PriorAid& p, Lang lang) {
  return RenderFields(
      {{msg::kCode(lang), p.prior_aid_id()},
       {msg::kPersonId(lang), p.person_id()},
       {msg::kOriginalCase(lang), p.original_case_number()},
       {msg::kOrgan(lang), absl::StrCat(EnumName(p.organ(), lang), " ", p.organ_name())},
       {msg::kDecidedOn(lang), FormatDate(p.aided_on())},
       {msg::kAmount(lang), Yuan(p.amount_fen(), lang)},
       {msg::kNotes(lang), p.note()}});
}

}  // namespace shouhu::cli
