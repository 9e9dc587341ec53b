// Endings on real MariaDB: a closed case closes its undecided applications and marks its
// approved ones (case.closed), a paid emergency advance of an application ending without
// aid opens its recovery (追回) in the same transaction, and the materials requests keep
// their history with the note sealed.
#include <gtest/gtest.h>

#include <string>

#include "common/base/dates.h"
#include "common/db/transaction.h"
#include "integration/aid/money_fixture.h"
#include "shouhu/referral/v1/events.pb.h"

namespace shouhu::testing {
namespace {

class AidClosingTest : public MoneyFixture {
 protected:
  void SetUp() override {
    MoneyFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    SeedWage(500000);
    AllocateFund(apb::FUND_POT_REGULAR, 10000000);
    AllocateFund(apb::FUND_POT_EMERGENCY, 2000000);
  }

  absl::Status CaseClosed(const std::string& event_id, const std::string& case_id) {
    rpb::CaseClosed closed;
    closed.set_case_id(case_id);
    closed.set_reason(rpb::CLOSE_REASON_RESOLVED);
    cpb::Event e;
    e.set_event_id(event_id);
    e.set_topic("case.closed");
    e.set_procuratorate_code(kRenhuai);
    e.mutable_payload()->PackFrom(closed);
    return db::RunInTransaction(*pool_, [&](db::Tx& tx) { return core_->ReactToEvent(tx, e); });
  }

  // Proposed (GRANT of one month, 500000 fen, or REFUSE), reviewed and decided.
  apb::Application Decided(apb::Application a, bool grant) {
    apb::ProposeDecisionRequest p;
    p.set_request_id(Rid());
    p.set_application_id(a.application_id());
    p.set_version(a.version());
    if (grant) {
      p.set_decision(apb::DECISION_KIND_GRANT);
      p.mutable_amount()->set_months(1);
    } else {
      p.set_decision(apb::DECISION_KIND_REFUSE);
      p.add_exclusion_reasons(apb::EXCLUSION_REASON_MAJOR_FAULT);
    }
    p.set_opinion("承办人意见");
    a = Must(core_->ProposeDecision(zhang_, p));
    a = Must(core_->ReviewProposal(head_, Agree(a)));
    return Must(core_->DecideApplication(chief_, Agree(a)));
  }

  // An emergency advance of `fen` approved and paid out in full.
  apb::Application AdvancePaid(apb::Application a, int64_t fen) {
    a = Must(core_->ApproveEmergencyAid(deputy_, Emergency(a, fen)));
    apb::PlanDisbursementRequest plan = Plan(a.application_id(), fen);
    plan.set_purpose(apb::DISBURSEMENT_PURPOSE_EMERGENCY_ADVANCE);
    auto d = disb_->PlanDisbursement(zhang_, plan);
    EXPECT_TRUE(d.ok()) << d.status();
    if (!d.ok()) return a;
    apb::RecordPaymentRequest pay = Pay(*d, 1, fen, absl::StrCat("BR-", next_app_++));
    auto paid = disb_->RecordPayment(finance_, pay);
    EXPECT_TRUE(paid.ok()) << paid.status();
    return MustGet(a.application_id());
  }

  std::vector<apb::Recovery> RecoveriesOf(const std::string& application_id) {
    apb::ListRecoveriesRequest req;
    req.set_application_id(application_id);
    auto r = recovery_->ListRecoveries(finance_, req);
    EXPECT_TRUE(r.ok()) << r.status();
    if (!r.ok()) return {};
    return {r->recoveries().begin(), r->recoveries().end()};
  }

  std::string OtherId(int n) { return IdNumber(absl::CivilDay(1970 + n, 2, 2), 11 + 2 * n); }
};

TEST_F(AidClosingTest, AClosedCaseClosesItsUndecidedApplicationsAndMarksTheApprovedOnes) {
  apb::Application waiting = MustRegister(zhang_, Registration());
  apb::Application approved = Decided(MustRegister(zhang_, Registration(kCase, OtherId(1))), true);
  ASSERT_EQ(approved.status(), apb::APPLICATION_STATUS_APPROVED);
  apb::Application refused = Decided(MustRegister(zhang_, Registration(kCase, OtherId(2))), false);
  ASSERT_EQ(refused.status(), apb::APPLICATION_STATUS_REFUSED);
  AddCase("case-520382-0000000000000077", kRenhuai, "u-zhang");
  apb::Application elsewhere =
      MustRegister(zhang_, Registration("case-520382-0000000000000077", OtherId(3)));
  const int64_t regular = FundAvailable(apb::FUND_POT_REGULAR);
  ASSERT_EQ(regular, 10000000 - 500000);
  ASSERT_EQ(Count("aid_party_claims"), 3);

  clock_.Set(China(2025, 3, 12, 9));
  ASSERT_TRUE(CaseClosed("evt-close-1", kCase).ok());
  apb::Application closed = MustGet(waiting.application_id());
  EXPECT_EQ(closed.status(), apb::APPLICATION_STATUS_CLOSED_UNPAID);
  EXPECT_EQ(closed.closing_reason(), "case closed before decision");
  EXPECT_FALSE(closed.has_case_closed_on());
  EXPECT_EQ(closed.version(), waiting.version() + 1);
  apb::Application marked = MustGet(approved.application_id());
  EXPECT_EQ(marked.status(), apb::APPLICATION_STATUS_APPROVED);
  EXPECT_EQ(DateString(marked.case_closed_on()), "2025-03-12");
  EXPECT_EQ(marked.reserved_fen(), 500000) << "money decided is still owed";
  EXPECT_EQ(MustGet(refused.application_id()).version(), refused.version());
  EXPECT_EQ(MustGet(elsewhere.application_id()).status(), apb::APPLICATION_STATUS_UNDER_REVIEW);
  EXPECT_EQ(FundAvailable(apb::FUND_POT_REGULAR), regular) << "nothing reserved was released";
  // The closed application's claim is released; the approved one's and the other case's stay.
  EXPECT_EQ(Count("aid_party_claims"), 2);
  EXPECT_EQ(Count("aid_party_claims", "application_id = '" + waiting.application_id() + "'"), 0);
  EXPECT_EQ(Count("audit_log", "action = 'aid.case_closed'"), 1);
  EXPECT_EQ(Count("audit_log", "action = 'aid.case_closed_noted'"), 1);

  // Redelivered, under the same or another event id: nothing changes.
  clock_.Set(China(2025, 3, 13, 9));
  ASSERT_TRUE(CaseClosed("evt-close-1", kCase).ok());
  ASSERT_TRUE(CaseClosed("evt-close-2", kCase).ok());
  EXPECT_EQ(MustGet(waiting.application_id()).version(), closed.version());
  EXPECT_EQ(MustGet(approved.application_id()).version(), marked.version());
  EXPECT_EQ(DateString(MustGet(approved.application_id()).case_closed_on()), "2025-03-12");
  EXPECT_EQ(Count("audit_log", "action LIKE 'aid.case_closed%'"), 2);
  // The undecided application's decision is no longer owed (once, also under redelivery);
  // the decided ones' deadlines ended before and tell nothing more.
  const std::vector<oversight::v1::DeadlineChanged> decision =
      DeadlineChanges("AID_DECISION:" + waiting.application_id());
  ASSERT_EQ(decision.size(), 2u);
  EXPECT_EQ(decision[1].state(), oversight::v1::DEADLINE_CANCELLED);
  EXPECT_EQ(decision[1].ended_at().unix_millis(), absl::ToUnixMillis(China(2025, 3, 12, 9)));
  EXPECT_EQ(decision[1].sequence(), closed.version());
  EXPECT_EQ(DeadlineChanges("AID_DECISION:" + approved.application_id()).size(), 2u);
  EXPECT_EQ(DeadlineChanges("AID_DECISION:" + elsewhere.application_id()).size(), 1u);

  // The approved applications of closed cases are listable.
  apb::ListApplicationsRequest list;
  list.set_case_closed_only(true);
  auto listed = core_->ListApplications(head_, list);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->applications_size(), 1);
  EXPECT_EQ(listed->applications(0).application_id(), approved.application_id());
  // Another procuratorate's list does not show it.
  auto theirs = core_->ListApplications(xs_head_, list);
  ASSERT_TRUE(theirs.ok()) << theirs.status();
  EXPECT_EQ(theirs->applications_size(), 0);
}

TEST_F(AidClosingTest, ARefusalAfterAPaidAdvanceOpensItsRecovery) {
  apb::Application a = AdvancePaid(MustRegister(zhang_, Registration()), 300000);
  ASSERT_EQ(a.emergency().paid_fen(), 300000);
  ASSERT_EQ(Count("aid_recoveries"), 0);
  a = Decided(a, false);
  ASSERT_EQ(a.status(), apb::APPLICATION_STATUS_REFUSED);
  EXPECT_EQ(a.emergency().settlement(), apb::EmergencyAdvance::SETTLEMENT_RECOVER);
  std::vector<apb::Recovery> recoveries = RecoveriesOf(a.application_id());
  ASSERT_EQ(recoveries.size(), 1u);
  const apb::Recovery& r = recoveries[0];
  EXPECT_EQ(r.kind(), apb::RECOVERY_KIND_ADVANCE_EXCESS);
  EXPECT_EQ(r.status(), apb::RECOVERY_STATUS_OPEN);
  EXPECT_EQ(r.amount_due_fen(), 300000);
  EXPECT_EQ(r.destination(), apb::RECOVERY_DESTINATION_FUND);
  EXPECT_EQ(r.debtor(), "张大山");
  EXPECT_EQ(DateString(r.opened_on()), "2025-03-10");
  EXPECT_EQ(Count("audit_log", "action = 'aid.recovery.open' AND actor = 'user:u-chief'"), 1);
  // Finance sees it among the open recoveries of the procuratorate.
  apb::ListRecoveriesRequest open;
  open.set_status(apb::RECOVERY_STATUS_OPEN);
  auto listed = recovery_->ListRecoveries(finance_, open);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->recoveries_size(), 1);
  EXPECT_EQ(listed->recoveries(0).recovery_id(), r.recovery_id());
  // Nothing more can be claimed by hand than what was paid.
  apb::OpenRecoveryRequest more;
  more.set_request_id(Rid());
  more.set_application_id(a.application_id());
  more.set_kind(apb::RECOVERY_KIND_FRAUD);
  more.set_debtor("张大山");
  more.set_reason("重复追回");
  more.set_amount_due_fen(1);
  EXPECT_EQ(recovery_->OpenRecovery(chief_, more).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(AidClosingTest, AClosedCaseRecoversAPaidAdvanceAndAnUnpaidOneOpensNothing) {
  apb::Application paid = AdvancePaid(MustRegister(zhang_, Registration()), 200000);
  apb::Application unpaid = MustRegister(zhang_, Registration(kCase, OtherId(1)));
  unpaid = Must(core_->ApproveEmergencyAid(deputy_, Emergency(unpaid, 100000)));
  ASSERT_EQ(FundAvailable(apb::FUND_POT_EMERGENCY), 2000000 - 300000);

  ASSERT_TRUE(CaseClosed("evt-close-3", kCase).ok());
  EXPECT_EQ(MustGet(paid.application_id()).status(), apb::APPLICATION_STATUS_CLOSED_UNPAID);
  EXPECT_EQ(MustGet(unpaid.application_id()).emergency().settlement(),
            apb::EmergencyAdvance::SETTLEMENT_RECOVER);
  // The unpaid advance went back to its pot; the paid one is to be recovered.
  EXPECT_EQ(FundAvailable(apb::FUND_POT_EMERGENCY), 2000000 - 200000);
  std::vector<apb::Recovery> recoveries = RecoveriesOf(paid.application_id());
  ASSERT_EQ(recoveries.size(), 1u);
  EXPECT_EQ(recoveries[0].amount_due_fen(), 200000);
  EXPECT_EQ(RecoveriesOf(unpaid.application_id()).size(), 0u);
  EXPECT_EQ(Count("audit_log", "action = 'aid.recovery.open' AND actor = 'service:aid'"), 1);
  ASSERT_TRUE(CaseClosed("evt-close-4", kCase).ok());
  EXPECT_EQ(Count("aid_recoveries"), 1) << "redelivery opens nothing more";
}

TEST_F(AidClosingTest, MaterialsRequestsKeepTheirHistoryWithTheNoteSealed) {
  apb::Application a = MustRegister(zhang_, Registration());
  apb::RequestMaterialsRequest ask;
  ask.set_request_id(Rid());
  ask.set_application_id(a.application_id());
  ask.set_version(a.version());
  ask.add_materials(apb::MATERIAL_KIND_MEDICAL_BILLS);
  ask.set_note("请李小红携带住院病历原件");
  a = Must(core_->RequestMaterials(zhang_, ask));
  ASSERT_EQ(a.materials_requests_size(), 1);
  EXPECT_EQ(a.materials_requests(0).note(), "请李小红携带住院病历原件");
  EXPECT_FALSE(a.materials_requests(0).has_answered_on());
  // Stored sealed.
  EXPECT_EQ(Count("aid_materials_requests", "note_enc LIKE '%李小红%'"), 0);
  EXPECT_EQ(Count("aid_materials_requests", "note_enc IS NOT NULL"), 1);

  clock_.Set(China(2025, 3, 14, 9));
  apb::MaterialsReceivedRequest got;
  got.set_request_id(Rid());
  got.set_application_id(a.application_id());
  got.set_version(a.version());
  got.add_materials(apb::MATERIAL_KIND_MEDICAL_BILLS);
  a = Must(core_->MaterialsReceived(zhang_, got));
  ask.set_request_id(Rid());
  ask.set_version(a.version());
  ask.clear_materials();
  ask.add_materials(apb::MATERIAL_KIND_HARDSHIP_PROOF);
  ask.set_note("");
  a = Must(core_->RequestMaterials(head_, ask));

  apb::Application read = MustGet(a.application_id());
  ASSERT_EQ(read.materials_requests_size(), 2);
  const apb::MaterialsRequestRecord& first = read.materials_requests(0);
  EXPECT_EQ(DateString(first.requested_on()), "2025-03-10");
  EXPECT_EQ(DateString(first.answered_on()), "2025-03-14");
  EXPECT_EQ(first.requested_by().principal(), "user:u-zhang");
  EXPECT_EQ(first.note(), "请李小红携带住院病历原件");
  ASSERT_EQ(first.materials_size(), 1);
  EXPECT_EQ(first.materials(0), apb::MATERIAL_KIND_MEDICAL_BILLS);
  const apb::MaterialsRequestRecord& second = read.materials_requests(1);
  EXPECT_EQ(DateString(second.requested_on()), "2025-03-14");
  EXPECT_FALSE(second.has_answered_on());
  EXPECT_EQ(second.requested_by().principal(), "user:u-head");
  EXPECT_EQ(second.note(), "");
  // A replay returns the same answer and writes nothing more.
  EXPECT_EQ(Must(core_->RequestMaterials(head_, ask)).version(), a.version());
  EXPECT_EQ(Count("aid_materials_requests"), 2);
}

}  // namespace
}  // namespace shouhu::testing
