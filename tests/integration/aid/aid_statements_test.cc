// Statements per aid operation, counted by MariaDB itself: the main steps of an application
// (register, propose, review, decide, plan, funds arrived, pay, read) run on cores over a
// pool of one connection, and the session status counters of that connection are read
// before and after each (support/statement_counter.h). The table is printed and each step has
// an upper bound, so a change that adds round trips fails here.
//
//   bash tests/harness/with-mariadb.sh ctest --test-dir build -R AidStatements -V
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "aid/disbursement_ops.h"
#include "gtest/gtest.h"
#include "integration/aid/aid_fixture.h"
#include "support/statement_counter.h"

namespace shouhu::testing {
namespace {

// The cores under count.
struct Counted {
  aid::ApplicationCore& apps;
  aid::DisbursementCore& disb;
};

class AidStatementsTest : public AidFixture {
 protected:
  void SetUp() override {
    AidFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    SeedWage(kWage);
    AllocateFund(apb::FUND_POT_REGULAR, 100 * kWage);
    auto pool = NewPool(/*pool_size=*/1);
    ASSERT_TRUE(pool.ok()) << pool.status();
    counted_pool_ = *std::move(pool);
    aid::AidDeps deps = deps_;
    deps.pool = counted_pool_.get();
    apps_ = std::make_unique<aid::ApplicationCore>(deps, rules_.get());
    disb_ = std::make_unique<aid::DisbursementCore>(deps);
    counter_ = std::make_unique<StatementCounter>(counted_pool_.get());
  }

  void TearDown() override {
    counter_.reset();
    apps_.reset();
    disb_.reset();
    counted_pool_.reset();
    AidFixture::TearDown();
  }

  // Runs `op` on the counted cores and returns the counters it moved.
  template <typename Op>
  Counters Measure(const std::string& name, Op op) {
    Counted c{*apps_, *disb_};
    return counter_->Measure(name, [&] { op(c); });
  }

  apb::ApprovalRequest Agree(const apb::Application& a) {
    apb::ApprovalRequest req;
    req.set_request_id(Rid());
    req.set_application_id(a.application_id());
    req.set_version(a.version());
    req.set_outcome(apb::APPROVAL_OUTCOME_AGREE);
    req.set_opinion("同意");
    return req;
  }

  static constexpr int64_t kWage = 500000;  // ¥5,000 a month

  std::unique_ptr<db::ConnectionPool> counted_pool_;
  std::unique_ptr<aid::ApplicationCore> apps_;
  std::unique_ptr<aid::DisbursementCore> disb_;
  std::unique_ptr<StatementCounter> counter_;
};

TEST_F(AidStatementsTest, StatementsPerOperation) {
  // Upper bounds of blocking round trips per step: prepared executions plus the commit
  // (the streamed binary parameters counted in Questions get no answer). Measured values
  // plus a margin of two; a step that needs more is a regression to look at.
  const std::map<std::string, int64_t> kBound = {
      {"RegisterApplication", 12},    {"RegisterApplication_replay", 5}, {"GetApplication", 5},
      {"GetApplication_unmasked", 8}, {"ProposeDecision", 18},           {"ReviewProposal", 13},
      {"DecideApplication", 17},      {"PlanDisbursement", 17},          {"RecordFundsArrived", 18},
      {"RecordPayment", 25},
  };

  const apb::RegisterApplicationRequest reg = Registration();
  apb::Application a;
  Measure("RegisterApplication", [&](Counted& c) {
    auto r = c.apps.RegisterApplication(zhang_, reg);
    ASSERT_TRUE(r.ok()) << r.status();
    a = *r;
  });
  ASSERT_EQ(a.status(), apb::APPLICATION_STATUS_UNDER_REVIEW);
  Measure("RegisterApplication_replay", [&](Counted& c) {
    auto r = c.apps.RegisterApplication(zhang_, reg);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->application_id(), a.application_id());
  });

  Measure("GetApplication", [&](Counted& c) {
    apb::GetApplicationRequest req;
    req.set_application_id(a.application_id());
    auto r = c.apps.GetApplication(zhang_, req);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->version(), a.version());
  });
  Measure("GetApplication_unmasked", [&](Counted& c) {
    apb::GetApplicationRequest req;
    req.set_application_id(a.application_id());
    req.set_unmask_purpose("核对收款账户");
    auto r = c.apps.GetApplication(zhang_, req);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_TRUE(r->applicant().unmasked());
  });

  Measure("ProposeDecision", [&](Counted& c) {
    apb::ProposeDecisionRequest req;
    req.set_request_id(Rid());
    req.set_application_id(a.application_id());
    req.set_version(a.version());
    req.set_decision(apb::DECISION_KIND_GRANT);
    req.mutable_amount()->set_months(1);
    req.set_opinion("符合救助条件，建议予以救助");
    auto r = c.apps.ProposeDecision(zhang_, req);
    ASSERT_TRUE(r.ok()) << r.status();
    a = *r;
  });
  ASSERT_EQ(a.status(), apb::APPLICATION_STATUS_PENDING_HEAD_REVIEW);
  Measure("ReviewProposal", [&](Counted& c) {
    auto r = c.apps.ReviewProposal(head_, Agree(a));
    ASSERT_TRUE(r.ok()) << r.status();
    a = *r;
  });
  ASSERT_EQ(a.status(), apb::APPLICATION_STATUS_PENDING_CHIEF_DECISION);
  Measure("DecideApplication", [&](Counted& c) {
    auto r = c.apps.DecideApplication(chief_, Agree(a));
    ASSERT_TRUE(r.ok()) << r.status();
    a = *r;
  });
  ASSERT_EQ(a.status(), apb::APPLICATION_STATUS_APPROVED);
  ASSERT_EQ(a.approved_fen(), kWage);

  apb::Disbursement d;
  Measure("PlanDisbursement", [&](Counted& c) {
    const apb::PlanDisbursementRequest req = LumpSumPlan(a.application_id(), kWage);
    auto r = c.disb.PlanDisbursement(zhang_, req);
    ASSERT_TRUE(r.ok()) << r.status();
    d = *r;
  });
  Measure("RecordFundsArrived", [&](Counted& c) {
    apb::RecordFundsArrivedRequest req;
    req.set_request_id(Rid());
    req.set_disbursement_id(d.disbursement_id());
    req.set_version(d.version());
    *req.mutable_arrived_on() = Date(2025, 3, 10);
    auto r = c.disb.RecordFundsArrived(finance_, req);
    ASSERT_TRUE(r.ok()) << r.status();
    d = *r;
  });
  Measure("RecordPayment", [&](Counted& c) {
    apb::RecordPaymentRequest req;
    req.set_request_id(Rid());
    req.set_disbursement_id(d.disbursement_id());
    req.set_instalment_sequence(1);
    req.set_amount_fen(kWage);
    *req.mutable_paid_on() = Date(2025, 3, 10);
    req.set_voucher_number("V0001");
    req.set_bank_reference("B20250310001");
    auto r = c.disb.RecordPayment(finance_, req);
    ASSERT_TRUE(r.ok()) << r.status();
  });

  counter_->PrintTable();
  counter_->CheckBounds(kBound);
  // A read commits nothing but an unmasked read's audit record.
  const Counters& get = counter_->rows()[2].second;
  EXPECT_EQ(get.at("Com_insert") + get.at("Com_update"), 0) << "GetApplication writes";
}

}  // namespace
}  // namespace shouhu::testing
