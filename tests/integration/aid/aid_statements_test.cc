// Statements per aid operation, counted by MariaDB itself: the main steps of an application
// (register, propose, review, decide, plan, funds arrived, pay, read) run on cores over a
// pool of one connection, and the session status counters of that connection (SHOW
// SESSION STATUS) are read before and after each. The table is printed and each step has
// an upper bound, so a change that adds round trips fails here.
//
//   bash tests/harness/with-mariadb.sh ctest --test-dir build -R AidStatements -V
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "aid/disbursement_ops.h"
#include "gtest/gtest.h"
#include "integration/aid/aid_fixture.h"

namespace shouhu::testing {
namespace {

// "Questions" counts what the client sent: each execution of a prepared statement, the
// commit, and the packets that stream a binary parameter (COM_STMT_SEND_LONG_DATA: the
// sealed fields, the stored response), which need no answer.
const std::vector<std::string>& CounterNames() {
  static const auto* names = new std::vector<std::string>{
      "Questions", "Com_stmt_execute", "Com_select", "Com_insert", "Com_update", "Com_commit"};
  return *names;
}

using Counters = std::map<std::string, int64_t>;

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
    // What reading the counters costs by itself (the SHOW statement).
    Counters a = Read();
    Counters b = Read();
    for (const std::string& n : CounterNames()) overhead_[n] = b[n] - a[n];
  }

  void TearDown() override {
    apps_.reset();
    disb_.reset();
    counted_pool_.reset();
    AidFixture::TearDown();
  }

  Counters Read() {
    Counters out;
    auto conn = counted_pool_->Acquire();
    EXPECT_TRUE(conn.ok()) << conn.status();
    if (!conn.ok()) return out;
    std::unique_ptr<sql::Statement> st((*conn)->raw().createStatement());
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery(
        "SHOW SESSION STATUS WHERE Variable_name IN ('Questions', 'Com_stmt_execute',"
        " 'Com_select', 'Com_insert', 'Com_update', 'Com_commit')"));
    while (rs->next()) out[rs->getString(1).asStdString()] = rs->getInt64(2);
    return out;
  }

  // Runs `op` on the counted cores and returns the counters it moved.
  template <typename Op>
  Counters Measure(const std::string& name, Op op) {
    Counters before = Read();
    Counted c{*apps_, *disb_};
    op(c);
    Counters after = Read();
    Counters delta;
    for (const std::string& n : CounterNames()) delta[n] = after[n] - before[n] - overhead_[n];
    rows_.emplace_back(name, delta);
    return delta;
  }

  void PrintTable() {
    std::printf(
        "\n| operation | statements (Questions) | prepared executions | selects | inserts |"
        " updates | commits |\n|---|---:|---:|---:|---:|---:|---:|\n");
    for (auto& [name, c] : rows_) {
      std::printf("| %s | %lld | %lld | %lld | %lld | %lld | %lld |\n", name.c_str(),
                  static_cast<long long>(c["Questions"]),
                  static_cast<long long>(c["Com_stmt_execute"]),
                  static_cast<long long>(c["Com_select"]), static_cast<long long>(c["Com_insert"]),
                  static_cast<long long>(c["Com_update"]), static_cast<long long>(c["Com_commit"]));
      RecordProperty(absl::StrCat("statements_", name), absl::StrCat(c["Questions"]));
    }
    std::fflush(stdout);
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
  Counters overhead_;
  std::vector<std::pair<std::string, Counters>> rows_;
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
    apb::PlanDisbursementRequest req;
    req.set_request_id(Rid());
    req.set_application_id(a.application_id());
    req.set_purpose(apb::DISBURSEMENT_PURPOSE_AWARD);
    req.set_method(apb::DISBURSEMENT_METHOD_LUMP_SUM);
    req.set_custody(apb::CUSTODY_NONE);
    req.mutable_payee()->set_name("张大山");
    req.mutable_payee()->set_bank_name("农村信用社");
    req.mutable_payee()->set_account_number("6228480012345678");
    apb::Instalment* i = req.add_instalments();
    i->set_sequence(1);
    *i->mutable_due_on() = Date(2025, 3, 10);
    i->set_amount_fen(kWage);
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

  PrintTable();
  for (auto& [name, c] : rows_) {
    auto bound = kBound.find(name);
    ASSERT_NE(bound, kBound.end()) << name;
    EXPECT_LE(c["Com_stmt_execute"] + c["Com_commit"], bound->second)
        << name << ": more round trips than before";
    EXPECT_GE(c["Questions"], 1) << name << ": the counters did not move";
  }
  // A read commits nothing but an unmasked read's audit record.
  const Counters& get = rows_[2].second;
  EXPECT_EQ(get.at("Com_insert") + get.at("Com_update"), 0) << "GetApplication writes";
}

}  // namespace
}  // namespace shouhu::testing
