// Escalation reply periods without I/O: the basis of each kind, the due date across month
// ends and leap years, from service or issue, and reply overdue at read time.
#include "guardianship/escalation_domain.h"

#include <gtest/gtest.h>

#include "common/base/dates.h"
#include "common/base/text.h"
#include "guardianship/policy.h"

namespace shouhu::guardianship {
namespace {

using absl::CivilDay;

const pb::OrderPolicy& Policy() {
  static const pb::OrderPolicy p = DefaultOrderPolicy("520382");
  return p;
}

std::optional<CivilDay> Due(pb::SuggestionBasis b, CivilDay issued,
                            std::optional<CivilDay> served = std::nullopt) {
  return ReplyDueOn(Policy(), b, issued, served);
}

constexpr auto kArt114 = pb::SUGGESTION_BASIS_MINORS_PROTECTION_ART_114;
constexpr auto kGeneral = pb::SUGGESTION_BASIS_GENERAL_RULES;

TEST(EscalationReplyDue, Art114IsOneCalendarMonth) {
  EXPECT_EQ(Policy().suggestion_reply_months(), 1);
  EXPECT_EQ(Due(kArt114, CivilDay(2025, 3, 10)), CivilDay(2025, 4, 10));
  // Month ends: the last day of a shorter month.
  EXPECT_EQ(Due(kArt114, CivilDay(2025, 1, 31)), CivilDay(2025, 2, 28));
  EXPECT_EQ(Due(kArt114, CivilDay(2025, 3, 31)), CivilDay(2025, 4, 30));
  EXPECT_EQ(Due(kArt114, CivilDay(2025, 12, 15)), CivilDay(2026, 1, 15));
  // Leap years.
  EXPECT_EQ(Due(kArt114, CivilDay(2024, 1, 31)), CivilDay(2024, 2, 29));
  EXPECT_EQ(Due(kArt114, CivilDay(2024, 1, 29)), CivilDay(2024, 2, 29));
  EXPECT_EQ(Due(kArt114, CivilDay(2024, 2, 29)), CivilDay(2024, 3, 29));
}

TEST(EscalationReplyDue, GeneralRulesAreTwoMonths) {
  EXPECT_EQ(Policy().general_suggestion_reply_months(), 2);
  EXPECT_EQ(Due(kGeneral, CivilDay(2025, 3, 10)), CivilDay(2025, 5, 10));
  EXPECT_EQ(Due(kGeneral, CivilDay(2024, 12, 31)), CivilDay(2025, 2, 28));
  EXPECT_EQ(Due(kGeneral, CivilDay(2023, 12, 31)), CivilDay(2024, 2, 29));
  EXPECT_EQ(Due(kGeneral, CivilDay(2025, 7, 31)), CivilDay(2025, 9, 30));
}

TEST(EscalationReplyDue, RunsFromServiceWhenRecorded) {
  EXPECT_EQ(Due(kArt114, CivilDay(2025, 1, 20), CivilDay(2025, 1, 31)), CivilDay(2025, 2, 28));
  EXPECT_EQ(Due(kGeneral, CivilDay(2025, 3, 1), CivilDay(2025, 3, 5)), CivilDay(2025, 5, 5));
}

TEST(EscalationReplyDue, NoReplyDueWithoutABasis) {
  EXPECT_EQ(Due(pb::SUGGESTION_BASIS_NONE, CivilDay(2025, 3, 10)), std::nullopt);
  EXPECT_EQ(Due(pb::SUGGESTION_BASIS_UNSPECIFIED, CivilDay(2025, 3, 10)), std::nullopt);
}

TEST(EscalationReplyDue, PolicyChangesThePeriod) {
  pb::OrderPolicy p = Policy();
  p.set_suggestion_reply_months(2);
  EXPECT_EQ(ReplyDueOn(p, kArt114, CivilDay(2025, 1, 31), std::nullopt), CivilDay(2025, 3, 31));
}

TEST(EscalationBasis, KindsWithoutADraftedBasis) {
  EXPECT_EQ(EffectiveBasis(pb::ESCALATION_KIND_POLICE_REFERRAL, pb::SUGGESTION_BASIS_UNSPECIFIED),
            pb::SUGGESTION_BASIS_NONE);
  EXPECT_EQ(
      EffectiveBasis(pb::ESCALATION_KIND_COURT_GUIDANCE_REQUEST, pb::SUGGESTION_BASIS_UNSPECIFIED),
      pb::SUGGESTION_BASIS_NONE);
  EXPECT_EQ(EffectiveBasis(pb::ESCALATION_KIND_REVOCATION, pb::SUGGESTION_BASIS_UNSPECIFIED),
            kGeneral);
  EXPECT_EQ(EffectiveBasis(pb::ESCALATION_KIND_REVOCATION, kArt114), kArt114);
}

TEST(EscalationOverdue, ComputedOnTheDayOfReading) {
  pb::Escalation e;
  e.set_status(pb::ESCALATION_STATUS_SERVED);
  *e.mutable_reply_due_on() = FromCivilDay(CivilDay(2025, 4, 10));
  EXPECT_FALSE(ReplyOverdue(e, CivilDay(2025, 4, 10)));  // the due day is in time
  EXPECT_TRUE(ReplyOverdue(e, CivilDay(2025, 4, 11)));
  e.set_status(pb::ESCALATION_STATUS_ISSUED);
  EXPECT_TRUE(ReplyOverdue(e, CivilDay(2025, 4, 11)));
  e.set_status(pb::ESCALATION_STATUS_REPLIED);
  EXPECT_FALSE(ReplyOverdue(e, CivilDay(2025, 4, 11)));
  e.set_status(pb::ESCALATION_STATUS_SERVED);
  e.clear_reply_due_on();
  EXPECT_FALSE(ReplyOverdue(e, CivilDay(2030, 1, 1)));
}

std::vector<std::string> Fields(const FieldErrors& e) {
  std::vector<std::string> out;
  for (const auto& [f, d] : e.violations()) out.push_back(f);
  return out;
}

TEST(EscalationDraftFields, ASuggestionNeedsItsBasis) {
  pb::DraftEscalationRequest req;
  req.set_case_id("case-520382-1");
  req.set_kind(pb::ESCALATION_KIND_PROCURATORIAL_SUGGESTION);
  req.set_addressee_agency_code("mz-renhuai");
  req.set_content("建议依法履行监护监督职责");
  FieldErrors errors;
  CheckDraftFields(req, errors);
  EXPECT_EQ(Fields(errors), std::vector<std::string>{"basis"});
  req.set_basis(kArt114);
  FieldErrors ok;
  CheckDraftFields(req, ok);
  EXPECT_TRUE(ok.empty());
  req.set_content("");
  req.set_kind(pb::ESCALATION_KIND_UNSPECIFIED);
  FieldErrors two;
  CheckDraftFields(req, two);
  EXPECT_EQ(Fields(two), (std::vector<std::string>{"kind", "content"}));
}

TEST(EscalationClose, DraftsAreOnlyWithdrawn) {
  pb::EscalationUpdateRequest req;
  req.set_outcome(pb::ESCALATION_OUTCOME_ADOPTED);
  FieldErrors draft;
  CheckClose(pb::ESCALATION_STATUS_DRAFT, req, draft);
  EXPECT_EQ(Fields(draft), std::vector<std::string>{"outcome"});
  FieldErrors replied;
  CheckClose(pb::ESCALATION_STATUS_REPLIED, req, replied);
  EXPECT_TRUE(replied.empty());
  req.set_outcome(pb::ESCALATION_OUTCOME_NOT_ADOPTED);
  FieldErrors no_note;
  CheckClose(pb::ESCALATION_STATUS_REPLIED, req, no_note);
  EXPECT_EQ(Fields(no_note), std::vector<std::string>{"summary"});
}

}  // namespace
}  // namespace shouhu::guardianship
