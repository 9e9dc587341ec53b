// Statements per operation, counted by MariaDB itself: every operation of the referral
// core runs on a pool of one connection, and the session status counters of that
// connection (SHOW SESSION STATUS) are read before and after it. The table is printed
// (docs/performance.md, "Statements per operation") and each operation has an upper
// bound, so a change that adds round trips fails here.
//
//   bash tests/harness/with-mariadb.sh ctest --test-dir build -R StatementsPerOperation -V
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "integration/referral_fixture.h"

namespace shouhu::testing {
namespace {

// The counters read. "Questions" counts what the client sent: each execution of a prepared
// statement, the commit, and the packets that stream a binary parameter
// (COM_STMT_SEND_LONG_DATA: encrypted fields, the stored response), which need no answer.
const std::vector<std::string>& CounterNames() {
  static const auto* names = new std::vector<std::string>{
      "Questions", "Com_stmt_execute", "Com_select", "Com_insert", "Com_update", "Com_commit"};
  return *names;
}

using Counters = std::map<std::string, int64_t>;

class ReferralStatementsTest : public ReferralCoreFixture {
 protected:
  void SetUp() override {
    ReferralCoreFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto pool = NewPool(/*pool_size=*/1);
    ASSERT_TRUE(pool.ok()) << pool.status();
    counted_pool_ = *std::move(pool);
    referral::CoreDeps deps;
    deps.pool = counted_pool_.get();
    deps.clock = &clock_;
    deps.ids = &ids_;
    deps.cipher = cipher_.get();
    deps.calendar = &calendar_;
    counted_ = std::make_unique<referral::ReferralCore>(deps);
    // What reading the counters costs by itself (the SHOW statement).
    Counters a = Read();
    Counters b = Read();
    for (const std::string& n : CounterNames()) overhead_[n] = b[n] - a[n];
  }

  void TearDown() override {
    counted_.reset();
    counted_pool_.reset();
    ReferralCoreFixture::TearDown();
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

  // Runs `op` on the counted core and returns the counters it moved.
  template <typename Op>
  Counters Measure(const std::string& name, Op op) {
    Counters before = Read();
    op(*counted_);
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

  std::unique_ptr<db::ConnectionPool> counted_pool_;
  std::unique_ptr<referral::ReferralCore> counted_;
  Counters overhead_;
  std::vector<std::pair<std::string, Counters>> rows_;
};

TEST_F(ReferralStatementsTest, StatementsPerOperation) {
  // Upper bounds of Questions per operation (measured values in docs/performance.md).
  // Bounds on blocking round trips: prepared executions plus the commit (the streamed
  // binary parameters counted in Questions get no answer).
  const std::map<std::string, int64_t> kBound = {
      {"SubmitReferral_1_person", 12},
      {"SubmitReferral_2_people", 14},
      {"SubmitReferral_replay", 3},
      {"GetReferral", 4},
      {"AssignReferral", 10},
      {"AcceptReferral_opens_case", 17},
      {"DeclineReferral", 10},
      {"SupplementReferral", 10},
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

  PrintTable();
  for (auto& [name, c] : rows_) {
    auto bound = kBound.find(name);
    ASSERT_NE(bound, kBound.end()) << name;
    EXPECT_LE(c["Com_stmt_execute"] + c["Com_commit"], bound->second)
        << name << ": more round trips than before";
    // Every statement of an operation is a prepared one except the commit.
    EXPECT_GE(c["Questions"], 1) << name << ": the counters did not move";
  }
}

}  // namespace
}  // namespace shouhu::testing
