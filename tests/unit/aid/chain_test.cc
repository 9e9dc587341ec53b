// The application state machine: every legal move, a table of illegal ones, step actors
// from policy data, separation of duties and due dates on the working-day calendar.
#include "aid/chain.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "aid/policy.h"

namespace shouhu::aid {
namespace {

using A = AidAction;
constexpr auto kAgree = pb::APPROVAL_OUTCOME_AGREE;
constexpr auto kReturn = pb::APPROVAL_OUTCOME_RETURN;
constexpr auto kNone = pb::APPROVAL_OUTCOME_UNSPECIFIED;

ChainFacts Grant() { return {.proposed = pb::DECISION_KIND_GRANT}; }
ChainFacts Refuse() { return {.proposed = pb::DECISION_KIND_REFUSE}; }

struct Move {
  pb::ApplicationStatus from;
  AidAction action;
  pb::ApprovalOutcome outcome;
  ChainFacts facts;
  pb::ApplicationStatus to;
};

class LegalMoveTest : public testing::TestWithParam<Move> {};

TEST_P(LegalMoveTest, GoesWhereTheHeaderSays) {
  const Move& m = GetParam();
  auto to = NextStatus(m.from, m.action, m.outcome, m.facts);
  ASSERT_TRUE(to.ok()) << to.status();
  EXPECT_EQ(*to, m.to) << pb::ApplicationStatus_Name(*to);
}

INSTANTIATE_TEST_SUITE_P(
    EveryLegalMove, LegalMoveTest,
    testing::Values(
        Move{pb::APPLICATION_STATUS_UNDER_REVIEW, A::kPropose, kNone, Grant(),
             pb::APPLICATION_STATUS_PENDING_HEAD_REVIEW},
        Move{pb::APPLICATION_STATUS_PENDING_HEAD_REVIEW, A::kHeadReview, kAgree, Grant(),
             pb::APPLICATION_STATUS_PENDING_CHIEF_DECISION},
        Move{pb::APPLICATION_STATUS_PENDING_HEAD_REVIEW, A::kHeadReview, kReturn, Grant(),
             pb::APPLICATION_STATUS_UNDER_REVIEW},
        Move{pb::APPLICATION_STATUS_PENDING_CHIEF_DECISION, A::kChiefDecision, kAgree, Grant(),
             pb::APPLICATION_STATUS_APPROVED},
        Move{pb::APPLICATION_STATUS_PENDING_CHIEF_DECISION, A::kChiefDecision, kAgree, Refuse(),
             pb::APPLICATION_STATUS_REFUSED},
        // A refusal needs no committee even when the facts would say so.
        Move{pb::APPLICATION_STATUS_PENDING_CHIEF_DECISION,
             A::kChiefDecision,
             kAgree,
             {.proposed = pb::DECISION_KIND_REFUSE, .committee_required = true},
             pb::APPLICATION_STATUS_REFUSED},
        Move{pb::APPLICATION_STATUS_PENDING_CHIEF_DECISION,
             A::kChiefDecision,
             kAgree,
             {.proposed = pb::DECISION_KIND_GRANT, .committee_required = true},
             pb::APPLICATION_STATUS_PENDING_COMMITTEE},
        Move{pb::APPLICATION_STATUS_PENDING_CHIEF_DECISION,
             A::kChiefDecision,
             kAgree,
             {.proposed = pb::DECISION_KIND_GRANT, .over_cap = true},
             pb::APPLICATION_STATUS_PENDING_HIGHER_APPROVAL},
        Move{pb::APPLICATION_STATUS_PENDING_CHIEF_DECISION,
             A::kChiefDecision,
             kAgree,
             {.proposed = pb::DECISION_KIND_GRANT, .over_cap = true, .over_cap_approved = true},
             pb::APPLICATION_STATUS_APPROVED},
        Move{pb::APPLICATION_STATUS_PENDING_CHIEF_DECISION,
             A::kChiefDecision,
             kAgree,
             {.proposed = pb::DECISION_KIND_GRANT, .committee_required = true, .over_cap = true},
             pb::APPLICATION_STATUS_PENDING_COMMITTEE},
        Move{pb::APPLICATION_STATUS_PENDING_CHIEF_DECISION, A::kChiefDecision, kReturn, Grant(),
             pb::APPLICATION_STATUS_UNDER_REVIEW},
        Move{pb::APPLICATION_STATUS_PENDING_COMMITTEE,
             A::kCommittee,
             kAgree,
             {.proposed = pb::DECISION_KIND_GRANT, .committee_required = true},
             pb::APPLICATION_STATUS_APPROVED},
        Move{pb::APPLICATION_STATUS_PENDING_COMMITTEE, A::kCommittee, kAgree, Refuse(),
             pb::APPLICATION_STATUS_REFUSED},
        Move{pb::APPLICATION_STATUS_PENDING_COMMITTEE,
             A::kCommittee,
             kAgree,
             {.proposed = pb::DECISION_KIND_GRANT, .committee_required = true, .over_cap = true},
             pb::APPLICATION_STATUS_PENDING_HIGHER_APPROVAL},
        Move{pb::APPLICATION_STATUS_PENDING_COMMITTEE, A::kCommittee, kReturn, Grant(),
             pb::APPLICATION_STATUS_UNDER_REVIEW},
        Move{pb::APPLICATION_STATUS_PENDING_HIGHER_APPROVAL,
             A::kHigherApproval,
             kAgree,
             {.proposed = pb::DECISION_KIND_GRANT, .over_cap = true},
             pb::APPLICATION_STATUS_APPROVED},
        Move{pb::APPLICATION_STATUS_PENDING_HIGHER_APPROVAL, A::kHigherApproval, kReturn, Grant(),
             pb::APPLICATION_STATUS_UNDER_REVIEW},
        Move{pb::APPLICATION_STATUS_UNDER_REVIEW,
             A::kRequestMaterials,
             kNone,
             {},
             pb::APPLICATION_STATUS_MATERIALS_REQUESTED},
        Move{pb::APPLICATION_STATUS_MATERIALS_REQUESTED,
             A::kMaterialsReceived,
             kNone,
             {},
             pb::APPLICATION_STATUS_UNDER_REVIEW},
        Move{pb::APPLICATION_STATUS_UNDER_REVIEW,
             A::kWithdraw,
             kNone,
             {},
             pb::APPLICATION_STATUS_WITHDRAWN},
        Move{pb::APPLICATION_STATUS_MATERIALS_REQUESTED,
             A::kWithdraw,
             kNone,
             {},
             pb::APPLICATION_STATUS_WITHDRAWN},
        Move{pb::APPLICATION_STATUS_PENDING_HEAD_REVIEW,
             A::kWithdraw,
             kNone,
             {},
             pb::APPLICATION_STATUS_WITHDRAWN},
        Move{pb::APPLICATION_STATUS_PENDING_CHIEF_DECISION,
             A::kWithdraw,
             kNone,
             {},
             pb::APPLICATION_STATUS_WITHDRAWN},
        Move{pb::APPLICATION_STATUS_PENDING_COMMITTEE,
             A::kWithdraw,
             kNone,
             {},
             pb::APPLICATION_STATUS_WITHDRAWN},
        Move{pb::APPLICATION_STATUS_PENDING_HIGHER_APPROVAL,
             A::kWithdraw,
             kNone,
             {},
             pb::APPLICATION_STATUS_WITHDRAWN},
        Move{pb::APPLICATION_STATUS_APPROVED,
             A::kPaidInFull,
             kNone,
             {},
             pb::APPLICATION_STATUS_PAID},
        Move{
            pb::APPLICATION_STATUS_APPROVED, A::kRevoke, kNone, {}, pb::APPLICATION_STATUS_REVOKED},
        Move{pb::APPLICATION_STATUS_APPROVED,
             A::kCloseUnpaid,
             kNone,
             {},
             pb::APPLICATION_STATUS_CLOSED_UNPAID},
        Move{pb::APPLICATION_STATUS_UNDER_REVIEW,
             A::kCaseClosed,
             kNone,
             {},
             pb::APPLICATION_STATUS_CLOSED_UNPAID},
        Move{pb::APPLICATION_STATUS_MATERIALS_REQUESTED,
             A::kCaseClosed,
             kNone,
             {},
             pb::APPLICATION_STATUS_CLOSED_UNPAID},
        Move{pb::APPLICATION_STATUS_PENDING_HIGHER_APPROVAL,
             A::kCaseClosed,
             kNone,
             {},
             pb::APPLICATION_STATUS_CLOSED_UNPAID}));

struct Illegal {
  pb::ApplicationStatus from;
  AidAction action;
  pb::ApprovalOutcome outcome;
};

class IllegalMoveTest : public testing::TestWithParam<Illegal> {};

TEST_P(IllegalMoveTest, IsFailedPreconditionNamingStatusAndAction) {
  const Illegal& m = GetParam();
  auto to = NextStatus(m.from, m.action, m.outcome, Grant());
  ASSERT_FALSE(to.ok()) << pb::ApplicationStatus_Name(*to);
  EXPECT_EQ(to.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(to.status().message(), pb::ApplicationStatus_Name(m.from)))
      << to.status();
  EXPECT_TRUE(absl::StrContains(to.status().message(), AidActionName(m.action))) << to.status();
}

INSTANTIATE_TEST_SUITE_P(
    TableOfIllegalMoves, IllegalMoveTest,
    testing::Values(
        Illegal{pb::APPLICATION_STATUS_PENDING_HEAD_REVIEW, A::kPropose, kNone},
        Illegal{pb::APPLICATION_STATUS_MATERIALS_REQUESTED, A::kPropose, kNone},
        Illegal{pb::APPLICATION_STATUS_APPROVED, A::kPropose, kNone},
        Illegal{pb::APPLICATION_STATUS_UNDER_REVIEW, A::kHeadReview, kAgree},
        Illegal{pb::APPLICATION_STATUS_PENDING_CHIEF_DECISION, A::kHeadReview, kAgree},
        Illegal{pb::APPLICATION_STATUS_PENDING_HEAD_REVIEW, A::kChiefDecision, kAgree},
        Illegal{pb::APPLICATION_STATUS_PENDING_COMMITTEE, A::kChiefDecision, kAgree},
        Illegal{pb::APPLICATION_STATUS_PENDING_CHIEF_DECISION, A::kCommittee, kAgree},
        Illegal{pb::APPLICATION_STATUS_PENDING_COMMITTEE, A::kHigherApproval, kAgree},
        Illegal{pb::APPLICATION_STATUS_APPROVED, A::kHigherApproval, kAgree},
        Illegal{pb::APPLICATION_STATUS_PENDING_HEAD_REVIEW, A::kRequestMaterials, kNone},
        Illegal{pb::APPLICATION_STATUS_MATERIALS_REQUESTED, A::kRequestMaterials, kNone},
        Illegal{pb::APPLICATION_STATUS_UNDER_REVIEW, A::kMaterialsReceived, kNone},
        Illegal{pb::APPLICATION_STATUS_APPROVED, A::kWithdraw, kNone},
        Illegal{pb::APPLICATION_STATUS_REFUSED, A::kWithdraw, kNone},
        Illegal{pb::APPLICATION_STATUS_UNDER_REVIEW, A::kRevoke, kNone},
        Illegal{pb::APPLICATION_STATUS_PAID, A::kRevoke, kNone},
        Illegal{pb::APPLICATION_STATUS_PENDING_CHIEF_DECISION, A::kCloseUnpaid, kNone},
        Illegal{pb::APPLICATION_STATUS_REVOKED, A::kPaidInFull, kNone},
        Illegal{pb::APPLICATION_STATUS_UNDER_REVIEW, A::kPaidInFull, kNone},
        Illegal{pb::APPLICATION_STATUS_WITHDRAWN, A::kPropose, kNone},
        Illegal{pb::APPLICATION_STATUS_CLOSED_UNPAID, A::kPaidInFull, kNone},
        Illegal{pb::APPLICATION_STATUS_APPROVED, A::kCaseClosed, kNone},
        Illegal{pb::APPLICATION_STATUS_PAID, A::kCaseClosed, kNone}));

TEST(ChainTest, EveryFinalStateRefusesEveryAction) {
  for (auto s : {pb::APPLICATION_STATUS_REFUSED, pb::APPLICATION_STATUS_WITHDRAWN,
                 pb::APPLICATION_STATUS_PAID, pb::APPLICATION_STATUS_REVOKED,
                 pb::APPLICATION_STATUS_CLOSED_UNPAID}) {
    EXPECT_TRUE(IsFinal(s));
    for (int a = 0; a <= static_cast<int>(A::kCaseClosed); ++a) {
      EXPECT_FALSE(NextStatus(s, static_cast<A>(a), kAgree, Grant()).ok())
          << pb::ApplicationStatus_Name(s) << " " << AidActionName(static_cast<A>(a));
    }
  }
  for (auto s :
       {pb::APPLICATION_STATUS_UNDER_REVIEW, pb::APPLICATION_STATUS_APPROVED,
        pb::APPLICATION_STATUS_PENDING_COMMITTEE, pb::APPLICATION_STATUS_MATERIALS_REQUESTED}) {
    EXPECT_FALSE(IsFinal(s));
  }
}

TEST(ChainTest, ReviewStepsNeedAnOutcomeAndADecisionKind) {
  auto r = NextStatus(pb::APPLICATION_STATUS_PENDING_HEAD_REVIEW, A::kHeadReview, kNone, Grant());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  r = NextStatus(pb::APPLICATION_STATUS_PENDING_CHIEF_DECISION, A::kChiefDecision, kAgree, {});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
}

Principal User(std::string id, std::set<Role> roles, std::string title = "") {
  return Principal{.id = std::move(id),
                   .procuratorate = "520382",
                   .title = std::move(title),
                   .roles = std::move(roles)};
}

TEST(StepActorTest, DefaultsFromPolicyData) {
  const pb::AidPolicy p = DefaultPolicy("520382");
  EXPECT_TRUE(CheckStepActor(p, pb::APPROVAL_STEP_PROPOSAL, User("a", {Role::kCaseworker})).ok());
  EXPECT_TRUE(
      CheckStepActor(p, pb::APPROVAL_STEP_HEAD_REVIEW, User("b", {Role::kDepartmentHead})).ok());
  EXPECT_EQ(CheckStepActor(p, pb::APPROVAL_STEP_HEAD_REVIEW, User("a", {Role::kCaseworker})).code(),
            absl::StatusCode::kPermissionDenied);
  const Principal chief = User("c", {Role::kChief}, "chief_procurator");
  const Principal deputy = User("d", {Role::kChief}, "deputy_chief_procurator");
  const Principal untitled = User("e", {Role::kChief});
  for (auto step : {pb::APPROVAL_STEP_CHIEF_DECISION, pb::APPROVAL_STEP_COMMITTEE,
                    pb::APPROVAL_STEP_HIGHER_LEVEL, pb::APPROVAL_STEP_EMERGENCY}) {
    EXPECT_TRUE(CheckStepActor(p, step, chief).ok());
    EXPECT_TRUE(CheckStepActor(p, step, deputy).ok());
    absl::Status s = CheckStepActor(p, step, untitled);
    EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
    EXPECT_TRUE(absl::StrContains(s.message(), "only chief with title")) << s;
  }
  // The title alone is not the role.
  EXPECT_FALSE(CheckStepActor(p, pb::APPROVAL_STEP_CHIEF_DECISION,
                              User("f", {Role::kDepartmentHead}, "chief_procurator"))
                   .ok());
}

TEST(StepActorTest, ChangedPolicyDataChangesWhoMayAct) {
  pb::AidPolicy p = DefaultPolicy("520382");
  for (auto& row : *p.mutable_step_actors()) {
    if (row.step() == pb::APPROVAL_STEP_EMERGENCY) {
      row.clear_titles();
      row.add_titles("chief_procurator");
    }
  }
  EXPECT_FALSE(CheckStepActor(p, pb::APPROVAL_STEP_EMERGENCY,
                              User("d", {Role::kChief}, "deputy_chief_procurator"))
                   .ok());
  EXPECT_TRUE(
      CheckStepActor(p, pb::APPROVAL_STEP_EMERGENCY, User("c", {Role::kChief}, "chief_procurator"))
          .ok());
  p.clear_step_actors();
  EXPECT_EQ(CheckStepActor(p, pb::APPROVAL_STEP_PROPOSAL, User("a", {Role::kCaseworker})).code(),
            absl::StatusCode::kPermissionDenied);
}

pb::ApprovalRecord Rec(pb::ApprovalStep step, const std::string& who, int round) {
  pb::ApprovalRecord r;
  r.set_step(step);
  r.mutable_actor()->set_principal(who);
  r.set_round(round);
  return r;
}

TEST(SeparationOfDutiesTest, NobodyActsOnTwoStepsOfARound) {
  // A head who proposed may not review; a chief who reviewed may not decide.
  const Principal head = User("u-li", {Role::kDepartmentHead, Role::kCaseworker});
  std::vector<pb::ApprovalRecord> a = {Rec(pb::APPROVAL_STEP_PROPOSAL, "user:u-li", 1)};
  absl::Status s = CheckSeparationOfDuties(a, 1, pb::APPROVAL_STEP_HEAD_REVIEW, head);
  EXPECT_EQ(s.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(absl::StrContains(s.message(), "APPROVAL_STEP_PROPOSAL")) << s;
  a.push_back(Rec(pb::APPROVAL_STEP_HEAD_REVIEW, "user:u-zhao", 1));
  EXPECT_EQ(CheckSeparationOfDuties(a, 1, pb::APPROVAL_STEP_CHIEF_DECISION,
                                    User("u-zhao", {Role::kChief}))
                .code(),
            absl::StatusCode::kPermissionDenied);
  // Someone else may; the same person in a later round may; the committee step is not
  // one of the three.
  EXPECT_TRUE(
      CheckSeparationOfDuties(a, 1, pb::APPROVAL_STEP_CHIEF_DECISION, User("u-wang", {})).ok());
  EXPECT_TRUE(CheckSeparationOfDuties(a, 2, pb::APPROVAL_STEP_HEAD_REVIEW, head).ok());
  EXPECT_TRUE(CheckSeparationOfDuties(a, 1, pb::APPROVAL_STEP_COMMITTEE, head).ok());
  // Re-proposing in the same step is not a second step.
  EXPECT_TRUE(CheckSeparationOfDuties(a, 1, pb::APPROVAL_STEP_PROPOSAL, head).ok());
}

TEST(DueDateTest, CountsWorkingDaysAndPauses) {
  const char* dir = std::getenv("SHOUHU_SOURCE_DIR");
  auto cal = WorkingCalendar::LoadFromDirectory(std::string(dir ? dir : ".") + "/deploy/calendar");
  ASSERT_TRUE(cal.ok()) << cal.status();
  // Registered Tuesday 29 September 2026; the National Day week and the make-up Saturday
  // 10 October count as the calendar says.
  const absl::CivilDay reg(2026, 9, 29);
  EXPECT_EQ(DecisionDue(*cal, reg, 10, 0), absl::CivilDay(2026, 10, 19));
  EXPECT_EQ(DecisionDue(*cal, reg, 10, 2), absl::CivilDay(2026, 10, 21));
  EXPECT_EQ(WorkingDaysAfter(*cal, reg, 2), absl::CivilDay(2026, 10, 8));
  EXPECT_EQ(WorkingDaysAfter(*cal, reg, 4), absl::CivilDay(2026, 10, 10));
}

}  // namespace
}  // namespace shouhu::aid
