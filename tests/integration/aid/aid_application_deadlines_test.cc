// Deadlines on real MariaDB: emergency advance aid (先行救助) and its paperwork, the
// decision clock paused by a materials request, and the overdue list.
#include <gtest/gtest.h>

#include <algorithm>

#include "common/base/dates.h"
#include "common/db/deadline_events.h"
#include "integration/aid/aid_fixture.h"

namespace shouhu::testing {
namespace {

class AidDeadlinesTest : public AidFixture {
 protected:
  void SetUp() override {
    AidFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    SeedWage(500000);
    AllocateFund(apb::FUND_POT_REGULAR, 10000000);
    AllocateFund(apb::FUND_POT_EMERGENCY, 2000000);
  }

  std::vector<std::string> Overdue(const Principal& p) {
    apb::ListApplicationsRequest req;
    req.set_overdue_only(true);
    auto r = core_->ListApplications(p, req);
    EXPECT_TRUE(r.ok()) << r.status();
    std::vector<std::string> ids;
    if (r.ok()) {
      for (const auto& a : r->applications()) ids.push_back(a.application_id());
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  }
};

TEST_F(AidDeadlinesTest, AWithdrawalReturnsTheUnpaidAdvanceToTheEmergencyPot) {
  apb::Application a = MustRegister(zhang_, Registration());
  a = Must(core_->ApproveEmergencyAid(deputy_, Emergency(a, 300000)));
  ASSERT_EQ(FundAvailable(apb::FUND_POT_EMERGENCY), 2000000 - 300000);
  apb::WithdrawApplicationRequest withdraw;
  withdraw.set_request_id(Rid());
  withdraw.set_application_id(a.application_id());
  withdraw.set_version(a.version());
  withdraw.set_reason("申请人已获法院救助，撤回申请");
  a = Must(core_->WithdrawApplication(zhang_, withdraw));
  EXPECT_EQ(a.status(), apb::APPLICATION_STATUS_WITHDRAWN);
  EXPECT_EQ(a.emergency().settlement(), apb::EmergencyAdvance::SETTLEMENT_RECOVER);
  EXPECT_EQ(FundAvailable(apb::FUND_POT_EMERGENCY), 2000000) << "nothing was paid: all returned";
}

TEST_F(AidDeadlinesTest, EmergencyAidIsApprovedAtOnceAndLatePaperworkIsListed) {
  apb::Application a = MustRegister(zhang_, Registration());
  EXPECT_EQ(core_->ApproveEmergencyAid(untitled_chief_, Emergency(a, 300000)).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(ViolatedFields(core_->ApproveEmergencyAid(deputy_, Emergency(a, 2000001)).status()),
              ::testing::ElementsAre("amount_fen"));
  a = Must(core_->ApproveEmergencyAid(deputy_, Emergency(a, 300000)));
  EXPECT_EQ(a.status(), apb::APPLICATION_STATUS_UNDER_REVIEW);  // the state does not change
  EXPECT_EQ(a.emergency().amount_fen(), 300000);
  EXPECT_EQ(a.emergency().approver_title(), "deputy_chief_procurator");
  EXPECT_EQ(DateString(a.emergency().paperwork_due_on()), "2025-03-24");
  EXPECT_FALSE(a.emergency().paperwork_overdue());
  EXPECT_EQ(FundAvailable(apb::FUND_POT_EMERGENCY), 2000000 - 300000);
  EXPECT_EQ(core_->ApproveEmergencyAid(deputy_, Emergency(a, 1000)).status().code(),
            absl::StatusCode::kFailedPrecondition);

  // The full decision follows; the advance is offset against the award.
  apb::ProposeDecisionRequest p;
  p.set_request_id(Rid());
  p.set_application_id(a.application_id());
  p.set_version(a.version());
  p.set_decision(apb::DECISION_KIND_GRANT);
  p.mutable_amount()->set_months(1);
  p.set_opinion("建议予以救助");
  a = Must(core_->ProposeDecision(zhang_, p));
  a = Must(core_->ReviewProposal(head_, Agree(a)));
  a = Must(core_->DecideApplication(chief_, Agree(a)));
  EXPECT_EQ(a.status(), apb::APPLICATION_STATUS_APPROVED);
  EXPECT_EQ(a.emergency().settlement(), apb::EmergencyAdvance::SETTLEMENT_OFFSET);
  EXPECT_EQ(a.reserved_fen(), 500000 - 300000);

  // Another application registered the same day is never decided.
  apb::Application late =
      MustRegister(zhang_, Registration(kCase, IdNumber(absl::CivilDay(1975, 2, 2), 11)));
  clock_.Set(China(2025, 3, 20, 9));
  apb::Application fresh =
      MustRegister(zhang_, Registration(kCase, IdNumber(absl::CivilDay(1976, 3, 3), 13)));

  clock_.Set(China(2025, 3, 25, 9));
  EXPECT_TRUE(MustGet(a.application_id()).emergency().paperwork_overdue());
  EXPECT_FALSE(MustGet(a.application_id()).decision_overdue());  // decided
  EXPECT_TRUE(MustGet(late.application_id()).decision_overdue());
  EXPECT_FALSE(MustGet(fresh.application_id()).decision_overdue());
  std::vector<std::string> want = {a.application_id(), late.application_id()};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(Overdue(zhang_), want);
  EXPECT_TRUE(Overdue(xs_worker_).empty());

  apb::CompleteEmergencyPaperworkRequest done;
  done.set_request_id(Rid());
  done.set_application_id(a.application_id());
  done.set_version(MustGet(a.application_id()).version());
  a = Must(core_->CompleteEmergencyPaperwork(zhang_, done));
  EXPECT_TRUE(a.emergency().paperwork_done());
  EXPECT_FALSE(a.emergency().paperwork_overdue());
  EXPECT_EQ(Overdue(zhang_), std::vector<std::string>{late.application_id()});
}

TEST_F(AidDeadlinesTest, AMaterialsRequestPausesTheDecisionClock) {
  apb::Application a = MustRegister(zhang_, Registration());
  EXPECT_EQ(DateString(a.decision_due_on()), "2025-03-24");
  apb::RequestMaterialsRequest rm;
  rm.set_request_id(Rid());
  rm.set_application_id(a.application_id());
  rm.set_version(a.version());
  rm.add_materials(apb::MATERIAL_KIND_HARDSHIP_PROOF);
  rm.set_note("请补充村委会出具的困难证明");
  a = Must(core_->RequestMaterials(zhang_, rm));
  EXPECT_EQ(a.status(), apb::APPLICATION_STATUS_MATERIALS_REQUESTED);
  EXPECT_EQ(DateString(a.materials_requested_on()), "2025-03-10");

  // Paused: not overdue even after the original due date.
  clock_.Set(China(2025, 3, 25, 9));
  EXPECT_FALSE(MustGet(a.application_id()).decision_overdue());
  EXPECT_TRUE(Overdue(zhang_).empty());

  apb::MaterialsReceivedRequest mr;
  mr.set_request_id(Rid());
  mr.set_application_id(a.application_id());
  mr.set_version(a.version());
  mr.add_materials(apb::MATERIAL_KIND_HARDSHIP_PROOF);
  *mr.mutable_received_on() = Date(2025, 3, 13);  // Thursday: 3 working days paused
  a = Must(core_->MaterialsReceived(zhang_, mr));
  EXPECT_EQ(a.status(), apb::APPLICATION_STATUS_UNDER_REVIEW);
  EXPECT_EQ(a.paused_working_days(), 3);
  EXPECT_EQ(DateString(a.decision_due_on()), "2025-03-27");
  EXPECT_EQ(a.materials_requested_size(), 0);
  EXPECT_NE(std::find(a.details().materials().begin(), a.details().materials().end(),
                      apb::MATERIAL_KIND_HARDSHIP_PROOF),
            a.details().materials().end());
  EXPECT_FALSE(a.decision_overdue());  // 25 March, due 27 March
  // Receiving again is not a legal move.
  mr.set_request_id(Rid());
  mr.set_version(a.version());
  EXPECT_EQ(core_->MaterialsReceived(zhang_, mr).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

// The watched deadlines (topic "deadline.changed", for the oversight service).
TEST_F(AidDeadlinesTest, TheDecisionAndPaperworkDeadlinesArePublishedWithTheirChanges) {
  namespace opb = ::shouhu::oversight::v1;
  const auto day_end = [](int y, int m, int d) {
    return absl::ToUnixMillis(db::DeadlineDayEnd(absl::CivilDay(y, m, d)));
  };
  apb::Application a = MustRegister(zhang_, Registration());
  const std::string decision = "AID_DECISION:" + a.application_id();
  std::vector<opb::DeadlineChanged> changes = DeadlineChanges(decision);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].kind(), opb::AID_DECISION);
  EXPECT_EQ(changes[0].state(), opb::DEADLINE_OPEN);
  EXPECT_EQ(changes[0].procuratorate_code(), a.procuratorate_code());
  EXPECT_EQ(changes[0].case_id(), a.case_id());
  EXPECT_EQ(changes[0].record_id(), a.application_id());
  EXPECT_EQ(changes[0].assigned_to(), "person:u-zhang");
  EXPECT_EQ(changes[0].department(), zhang_.department);
  EXPECT_EQ(changes[0].started_at().unix_millis(),
            absl::ToUnixMillis(db::DeadlineDayStart(absl::CivilDay(2025, 3, 10))));
  EXPECT_EQ(changes[0].due_at().unix_millis(), day_end(2025, 3, 24));
  EXPECT_EQ(changes[0].sequence(), 1);

  // Paused for materials: still owed, nothing moves; received: the due day moves.
  apb::RequestMaterialsRequest rm;
  rm.set_request_id(Rid());
  rm.set_application_id(a.application_id());
  rm.set_version(a.version());
  rm.add_materials(apb::MATERIAL_KIND_HARDSHIP_PROOF);
  rm.set_note("请补充村委会出具的困难证明");
  a = Must(core_->RequestMaterials(zhang_, rm));
  EXPECT_EQ(DeadlineChanges(decision).size(), 1u);
  clock_.Set(China(2025, 3, 13, 9));
  apb::MaterialsReceivedRequest mr;
  mr.set_request_id(Rid());
  mr.set_application_id(a.application_id());
  mr.set_version(a.version());
  mr.add_materials(apb::MATERIAL_KIND_HARDSHIP_PROOF);
  *mr.mutable_received_on() = Date(2025, 3, 13);
  a = Must(core_->MaterialsReceived(zhang_, mr));
  changes = DeadlineChanges(decision);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[1].state(), opb::DEADLINE_OPEN);
  EXPECT_EQ(changes[1].due_at().unix_millis(), day_end(2025, 3, 27));
  EXPECT_EQ(changes[1].sequence(), a.version());

  // An emergency advance starts its paperwork deadline.
  a = Must(core_->ApproveEmergencyAid(deputy_, Emergency(a, 300000)));
  const std::string paperwork = "ADVANCE_AID_PAPERWORK:" + a.application_id();
  changes = DeadlineChanges(paperwork);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].state(), opb::DEADLINE_OPEN);
  EXPECT_EQ(changes[0].started_at().unix_millis(), a.emergency().approved_at().unix_millis());
  const absl::CivilDay paperwork_due = ToCivilDay(a.emergency().paperwork_due_on());
  EXPECT_EQ(changes[0].due_at().unix_millis(),
            day_end(paperwork_due.year(), paperwork_due.month(), paperwork_due.day()));

  // Decided: the decision deadline is met (on time), once.
  apb::ProposeDecisionRequest p;
  p.set_request_id(Rid());
  p.set_application_id(a.application_id());
  p.set_version(a.version());
  p.set_decision(apb::DECISION_KIND_GRANT);
  p.mutable_amount()->set_months(1);
  p.set_opinion("建议予以救助");
  a = Must(core_->ProposeDecision(zhang_, p));
  a = Must(core_->ReviewProposal(head_, Agree(a)));
  EXPECT_EQ(DeadlineChanges(decision).size(), 2u);  // steps of the chain move nothing
  a = Must(core_->DecideApplication(chief_, Agree(a)));
  changes = DeadlineChanges(decision);
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[2].state(), opb::DEADLINE_MET);
  EXPECT_TRUE(changes[2].has_ended_at());
  EXPECT_LE(changes[2].ended_at().unix_millis(), changes[2].due_at().unix_millis());
  EXPECT_EQ(changes[2].sequence(), a.version());

  apb::CompleteEmergencyPaperworkRequest done;
  done.set_request_id(Rid());
  done.set_application_id(a.application_id());
  done.set_version(a.version());
  a = Must(core_->CompleteEmergencyPaperwork(zhang_, done));
  changes = DeadlineChanges(paperwork);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[1].state(), opb::DEADLINE_MET);
  EXPECT_EQ(changes[1].ended_at().unix_millis(), a.emergency().paperwork_done_at().unix_millis());
  EXPECT_EQ(DeadlineChanges(decision).size(), 3u);

  // A withdrawn application's decision is no longer owed.
  apb::Application other =
      MustRegister(zhang_, Registration(kCase, IdNumber(absl::CivilDay(1975, 2, 2), 11)));
  apb::WithdrawApplicationRequest withdraw;
  withdraw.set_request_id(Rid());
  withdraw.set_application_id(other.application_id());
  withdraw.set_version(other.version());
  withdraw.set_reason("申请人撤回");
  other = Must(core_->WithdrawApplication(zhang_, withdraw));
  changes = DeadlineChanges("AID_DECISION:" + other.application_id());
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].state(), opb::DEADLINE_OPEN);
  EXPECT_EQ(changes[1].state(), opb::DEADLINE_CANCELLED);
  EXPECT_EQ(changes[1].ended_at().unix_millis(), absl::ToUnixMillis(clock_.Now()));
}

}  // namespace
}  // namespace shouhu::testing
