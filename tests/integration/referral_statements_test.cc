// Statements per operation, counted by MariaDB itself: every operation of the referral
// core runs on a pool of one connection, and the session status counters of that
// connection are read before and after it (support/statement_counter.h). The table is printed
// (docs/performance.md, "Statements per operation") and each operation has an upper
// bound, so a change that adds round trips fails here.
//
//   bash tests/harness/with-mariadb.sh ctest --test-dir build -R StatementsPerOperation -V
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "integration/referral_fixture.h"
#include "support/statement_counter.h"

namespace shouhu::testing {
namespace {

class ReferralStatementsTest : public ReferralCoreFixture {
 protected:
  void SetUp() override {
    ReferralCoreFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto pool = NewPool(/*pool_size=*/1);
    ASSERT_TRUE(pool.ok()) << pool.status();
    counted_pool_ = *std::move(pool);
    referral::CoreDeps deps;
    Wire(deps);
    deps.pool = counted_pool_.get();
    counted_ = std::make_unique<referral::ReferralCore>(deps);
    counter_ = std::make_unique<StatementCounter>(counted_pool_.get());
  }

  void TearDown() override {
    counter_.reset();
    counted_.reset();
    counted_pool_.reset();
    ReferralCoreFixture::TearDown();
  }

  // Runs `op` on the counted core and returns the counters it moved.
  template <typename Op>
  Counters Measure(const std::string& name, Op op) {
    return counter_->Measure(name, [&] { op(*counted_); });
  }

  std::unique_ptr<db::ConnectionPool> counted_pool_;
  std::unique_ptr<referral::ReferralCore> counted_;
  std::unique_ptr<StatementCounter> counter_;
};

TEST_F(ReferralStatementsTest, StatementsPerOperation) {
  // Upper bounds of Questions per operation (measured values in docs/performance.md).
  // Bounds on blocking round trips: prepared executions plus the commit (the streamed
  // binary parameters counted in Questions get no answer). The watched deadline adds one
  // outbox row to a submission and to a transition that moves or ends it, and one
  // primary-key read of the first answer's state to every transition.
  const std::map<std::string, int64_t> kBound = {
      {"SubmitReferral_1_person", 13},
      {"SubmitReferral_2_people", 15},
      {"SubmitReferral_replay", 3},
      {"GetReferral", 4},
      {"AssignReferral", 12},
      {"AcceptReferral_opens_case", 19},
      {"DeclineReferral", 12},
      {"SupplementReferral", 11},
      {"GetCase", 3},
      {"ListCases_page", 3},
  };

  // 1 person: the subject alone, with an ID number.
  SubmissionSpec one;
  one.request_id = Rid();
  one.occurred_on = absl::CivilDay(2025, 3, 1);
  one.subject = Person("王小明", Date(2015, 6, 1), minor_id_);
  one.with_guardian = false;
  const pb::SubmitReferralRequest one_req = ValidSubmission(one);
  pb::Referral r1;
  Measure("SubmitReferral_1_person", [&](referral::ReferralCore& core) {
    auto r = core.Submit(edu_, one_req);
    ASSERT_TRUE(r.ok()) << r.status();
    r1 = *r;
  });
  ASSERT_EQ(r1.people_size(), 1);
  EXPECT_EQ(r1.version(), 1);

  // 2 people: a new subject with an ID number and a guardian with a birth date only.
  pb::SubmitReferralRequest two_req = Submission(
      pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
      Person("李小红", Date(2014, 2, 3), IdNumber(absl::CivilDay(2014, 2, 3), 246, kRenhuai)));
  pb::Referral r2;
  Measure("SubmitReferral_2_people", [&](referral::ReferralCore& core) {
    auto r = core.Submit(edu_, two_req);
    ASSERT_TRUE(r.ok()) << r.status();
    r2 = *r;
  });
  ASSERT_EQ(r2.people_size(), 2);

  Measure("SubmitReferral_replay", [&](referral::ReferralCore& core) {
    auto r = core.Submit(edu_, two_req);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->referral_id(), r2.referral_id());
  });

  Measure("GetReferral", [&](referral::ReferralCore& core) {
    pb::GetReferralRequest req;
    req.set_referral_id(r2.referral_id());
    auto r = core.Get(head_, req);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->people_size(), 2);
  });

  pb::Referral assigned;
  Measure("AssignReferral", [&](referral::ReferralCore& core) {
    pb::AssignReferralRequest req;
    req.set_request_id(Rid());
    req.set_referral_id(r2.referral_id());
    req.set_version(r2.version());
    req.set_caseworker(zhang_.id);
    auto r = core.Assign(head_, req);
    ASSERT_TRUE(r.ok()) << r.status();
    assigned = *r;
  });
  EXPECT_EQ(assigned.version(), 2);

  pb::Referral accepted;
  Measure("AcceptReferral_opens_case", [&](referral::ReferralCore& core) {
    pb::AcceptReferralRequest req;
    req.set_request_id(Rid());
    req.set_referral_id(assigned.referral_id());
    req.set_version(assigned.version());
    req.set_message_to_agency("已受理。");
    auto r = core.Accept(head_, req);
    ASSERT_TRUE(r.ok()) << r.status();
    accepted = *r;
  });
  ASSERT_FALSE(accepted.case_id().empty());
  EXPECT_EQ(accepted.people_size(), 2);

  Measure("DeclineReferral", [&](referral::ReferralCore& core) {
    pb::DeclineReferralRequest req;
    req.set_request_id(Rid());
    req.set_referral_id(r1.referral_id());
    req.set_version(r1.version());
    req.set_reason(pb::DECLINE_REASON_NOT_ELIGIBLE);
    auto r = core.Decline(head_, req);
    ASSERT_TRUE(r.ok()) << r.status();
  });

  // A referral waiting for the agency's answer (set up on the fixture's own core).
  pb::Referral asked;
  {
    pb::Referral r3 = MustSubmit(
        police_, Submission(pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
                            Person("赵小军", Date(2013, 9, 9),
                                   IdNumber(absl::CivilDay(2013, 9, 9), 135, kRenhuai))));
    pb::RequestInformationRequest req;
    req.set_request_id(Rid());
    req.set_referral_id(r3.referral_id());
    req.set_version(r3.version());
    req.set_question("请补充监护人联系方式。");
    auto r = core_->RequestInformation(head_, req);
    ASSERT_TRUE(r.ok()) << r.status();
    asked = *r;
  }
  Measure("SupplementReferral", [&](referral::ReferralCore& core) {
    pb::SupplementReferralRequest req;
    req.set_request_id(Rid());
    req.set_referral_id(asked.referral_id());
    req.set_version(asked.version());
    req.set_supplement("监护人为祖母，电话已补充。");
    auto r = core.Supplement(police_, req);
    ASSERT_TRUE(r.ok()) << r.status();
  });

  Measure("GetCase", [&](referral::ReferralCore& core) {
    pb::GetCaseRequest req;
    req.set_case_id(accepted.case_id());
    auto c = core.GetCase(head_, req);
    ASSERT_TRUE(c.ok()) << c.status();
    EXPECT_EQ(c->referral_ids_size(), 1);
  });

  Measure("ListCases_page", [&](referral::ReferralCore& core) {
    pb::ListCasesRequest req;
    auto page = core.ListCases(head_, req);
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_EQ(page->cases_size(), 1);
  });

  counter_->PrintTable();
  counter_->CheckBounds(kBound);
}

}  // namespace
}  // namespace shouhu::testing
