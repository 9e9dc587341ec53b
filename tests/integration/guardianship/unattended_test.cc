// UnattendedChildService on a real MariaDB, through its handlers: a met check handed off to
// the area's 民政 agency with its township and county clocks in working days, answers by
// the agency, overdue stages listable, a check not met (and why), bad input naming the
// field with nothing written, stale versions, replay, and isolation: other agencies are
// refused as if the check did not exist, other procuratorates by the id. Plus EXPLAIN of
// the list at 100,000 rows.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "common/base/dates.h"
#include "guardianship/unattended_grpc.h"
#include "guardianship/unattended_ops.h"
#include "guardianship/unattended_repository.h"
#include "guardianship/unattended_sql.h"
#include "integration/guardianship/guardianship_fixture.h"
#include "support/explain_check.h"
#include "support/table_counts.h"

namespace shouhu::guardianship {
namespace {

using absl::CivilDay;

class UnattendedTest : public ::shouhu::testing::GuardianshipFixture {
 protected:
  void SetUp() override {
    GuardianshipFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    core_ = std::make_unique<UnattendedCore>(deps_);
    table_ = std::make_unique<MethodTable>(UnattendedMethods(core_.get()));
    ASSERT_TRUE(table_->status().ok()) << table_->status();
  }
  template <typename Resp>
  absl::StatusOr<Resp> Do(const Principal& p, const std::string& method,
                          const google::protobuf::Message& req) {
    return Call<Resp>(*table_, p, method, req);
  }

  static pb::ParentStatus Parent(pb::ParentRole role, pb::ParentCondition c) {
    pb::ParentStatus p;
    p.set_role(role);
    p.set_condition(c);
    if (c != pb::PARENT_CONDITION_NONE) {
      pb::Evidence* e = p.add_evidence();
      e->set_kind(c == pb::PARENT_CONDITION_DEAD ? "死亡证明" : "判决书");
      e->set_document_ref("（2024）黔0382刑初15号");
    }
    return p;
  }
  pb::AssessUnattendedChildRequest AssessReq(bool met = true) {
    pb::AssessUnattendedChildRequest r;
    r.set_request_id(Rid());
    r.set_case_id(kCase);
    pb::ParentStatus father =
        Parent(pb::PARENT_ROLE_FATHER, pb::PARENT_CONDITION_DEPRIVED_OF_LIBERTY);
    father.set_person_id(kFather);
    *father.mutable_since() = FromCivilDay(CivilDay(2024, 6, 1));
    *father.mutable_until() = FromCivilDay(CivilDay(2028, 6, 1));
    father.set_note("父亲因盗窃罪服刑");
    *r.add_parents() = father;
    *r.add_parents() =
        Parent(pb::PARENT_ROLE_MOTHER, met ? pb::PARENT_CONDITION_DEAD : pb::PARENT_CONDITION_NONE);
    return r;
  }
  pb::HandOffUnattendedCheckRequest HandReq(const pb::UnattendedCheck& c,
                                            const std::string& agency = "mz-renhuai") {
    pb::HandOffUnattendedCheckRequest r;
    r.set_request_id(Rid());
    r.set_check_id(c.check_id());
    r.set_version(c.version());
    r.set_civil_affairs_agency_code(agency);
    return r;
  }
  pb::RecordUnattendedAnswerRequest AnswerReq(const pb::UnattendedCheck& c, bool county,
                                              CivilDay on) {
    pb::RecordUnattendedAnswerRequest r;
    r.set_request_id(Rid());
    r.set_check_id(c.check_id());
    r.set_version(c.version());
    r.set_county(county);
    r.set_answer(pb::HANDOFF_ANSWER_RECOGNISED);
    *r.mutable_answered_on() = FromCivilDay(on);
    r.set_document_ref("仁民认〔2025〕3号");
    return r;
  }

  std::unique_ptr<UnattendedCore> core_;
  std::unique_ptr<MethodTable> table_;
};

TEST_F(UnattendedTest, AMetCheckHandedOffAndAnswered) {
  auto c = Do<pb::UnattendedCheck>(zhang_, "AssessUnattendedChild", AssessReq());
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_TRUE(c->criteria_met());
  EXPECT_EQ(c->matched_rule(), pb::UNATTENDED_RULE_ONE_DEAD_OR_MISSING_OTHER_MEETS);
  EXPECT_EQ(c->status(), pb::UNATTENDED_CHECK_STATUS_ASSESSED);
  EXPECT_EQ(c->minor_person_id(), kMinor);
  EXPECT_TRUE(c->parents(0).meets_condition());
  EXPECT_FALSE(c->explanation().empty());
  EXPECT_EQ(Count("guard_unattended_checks", "parents_enc LIKE '%服刑%'"), 0);

  auto h = Do<pb::UnattendedCheck>(zhang_, "HandOffUnattendedCheck", HandReq(*c));
  ASSERT_TRUE(h.ok()) << h.status();
  EXPECT_EQ(h->status(), pb::UNATTENDED_CHECK_STATUS_HANDED_OFF);
  // 15 working days from Monday 10 March 2025: Monday 31 March.
  EXPECT_EQ(ToCivilDay(h->handoff().township().due_on()), CivilDay(2025, 3, 31));
  EXPECT_EQ(ToCivilDay(h->handoff().county().due_on()),
            calendar_.AddWorkingDays(CivilDay(2025, 3, 31), 15));

  // Only the 民政 agency of the hand-off sees and answers it.
  pb::ListAddressedUnattendedHandoffsRequest l;
  auto mine = Do<pb::ListAddressedUnattendedHandoffsResponse>(minzheng_,
                                                              "ListAddressedUnattendedHandoffs", l);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->handoffs_size(), 1);
  EXPECT_TRUE(mine->handoffs(0).parents(0).person_id().empty());
  auto theirs = Do<pb::ListAddressedUnattendedHandoffsResponse>(
      fulian_, "ListAddressedUnattendedHandoffs", l);
  ASSERT_TRUE(theirs.ok());
  EXPECT_EQ(theirs->handoffs_size(), 0);
  auto other = Do<pb::UnattendedCheck>(fulian_, "RecordUnattendedAnswer",
                                       AnswerReq(*h, false, CivilDay(2025, 3, 10)));
  EXPECT_EQ(other.status().code(), absl::StatusCode::kPermissionDenied);
  pb::RecordUnattendedAnswerRequest absent = AnswerReq(*h, false, CivilDay(2025, 3, 10));
  absent.set_check_id("guc-520382-nothere");
  EXPECT_EQ(Do<pb::UnattendedCheck>(fulian_, "RecordUnattendedAnswer", absent).status().code(),
            absl::StatusCode::kPermissionDenied);
  pb::GetUnattendedCheckRequest g;
  g.set_check_id(c->check_id());
  EXPECT_EQ(Do<pb::UnattendedCheck>(minzheng_, "GetUnattendedCheck", g).status().code(),
            absl::StatusCode::kPermissionDenied);

  // Township overdue, listable; then the township answers and the county clock restarts.
  clock_.Set(China(2025, 4, 1, 9));
  pb::ListUnattendedChecksRequest over;
  over.set_overdue_only(true);
  auto late = Do<pb::ListUnattendedChecksResponse>(head_, "ListUnattendedChecks", over);
  ASSERT_TRUE(late.ok()) << late.status();
  ASSERT_EQ(late->checks_size(), 1);
  EXPECT_TRUE(late->checks(0).handoff().township().overdue());
  auto t = Do<pb::UnattendedCheck>(minzheng_, "RecordUnattendedAnswer",
                                   AnswerReq(*h, false, CivilDay(2025, 4, 1)));
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->status(), pb::UNATTENDED_CHECK_STATUS_TOWNSHIP_DONE);
  EXPECT_EQ(ToCivilDay(t->handoff().county().due_on()),
            calendar_.AddWorkingDays(CivilDay(2025, 4, 1), 15));
  EXPECT_FALSE(t->handoff().township().overdue());
  late = Do<pb::ListUnattendedChecksResponse>(head_, "ListUnattendedChecks", over);
  ASSERT_TRUE(late.ok());
  EXPECT_EQ(late->checks_size(), 0);
  auto county = Do<pb::UnattendedCheck>(zhang_, "RecordUnattendedAnswer",
                                        AnswerReq(*t, true, CivilDay(2025, 4, 1)));
  ASSERT_TRUE(county.ok()) << county.status();
  EXPECT_EQ(county->status(), pb::UNATTENDED_CHECK_STATUS_ANSWERED);
  EXPECT_EQ(Count("audit_log", "action LIKE 'guardianship.unattended.%'"), 4);
}

TEST_F(UnattendedTest, NotMetIsClosedWithTheReasonAndCannotBeHandedOff) {
  auto c = Do<pb::UnattendedCheck>(zhang_, "AssessUnattendedChild", AssessReq(false));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_FALSE(c->criteria_met());
  EXPECT_EQ(c->matched_rule(), pb::UNATTENDED_RULE_NOT_MET);
  EXPECT_EQ(c->status(), pb::UNATTENDED_CHECK_STATUS_CLOSED);
  EXPECT_NE(c->explanation().find("不符合"), std::string::npos);
  auto h = Do<pb::UnattendedCheck>(zhang_, "HandOffUnattendedCheck", HandReq(*c));
  EXPECT_EQ(h.status().code(), absl::StatusCode::kFailedPrecondition);
  // Re-assessed with new facts (the mother has died): met.
  pb::AssessUnattendedChildRequest again = AssessReq(true);
  again.set_check_id(c->check_id());
  again.set_version(c->version());
  auto met = Do<pb::UnattendedCheck>(zhang_, "AssessUnattendedChild", again);
  ASSERT_TRUE(met.ok()) << met.status();
  EXPECT_TRUE(met->criteria_met());
  EXPECT_EQ(met->version(), 2);
  // Stale re-assessment.
  again.set_request_id(Rid());
  EXPECT_EQ(Do<pb::UnattendedCheck>(zhang_, "AssessUnattendedChild", again).status().code(),
            absl::StatusCode::kAborted);
}

TEST_F(UnattendedTest, BadInputNamesTheFieldAndWritesNothingReplayWritesOnce) {
  auto before = ::shouhu::testing::CountEveryTable(*pool_);
  ASSERT_TRUE(before.ok());
  pb::AssessUnattendedChildRequest r = AssessReq();
  r.mutable_parents(1)->clear_evidence();
  EXPECT_TRUE(HasField(Do<pb::UnattendedCheck>(zhang_, "AssessUnattendedChild", r).status(),
                       "parents[1].evidence"));
  r = AssessReq();
  r.mutable_parents()->RemoveLast();
  EXPECT_TRUE(
      HasField(Do<pb::UnattendedCheck>(zhang_, "AssessUnattendedChild", r).status(), "parents"));
  r = AssessReq();
  r.mutable_parents(0)->clear_until();
  EXPECT_TRUE(HasField(Do<pb::UnattendedCheck>(zhang_, "AssessUnattendedChild", r).status(),
                       "parents[0].until"));
  auto after = ::shouhu::testing::CountEveryTable(*pool_);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(::shouhu::testing::DescribeChange(*before, *after), "");

  r = AssessReq();
  auto first = Do<pb::UnattendedCheck>(zhang_, "AssessUnattendedChild", r);
  ASSERT_TRUE(first.ok()) << first.status();
  auto replay = Do<pb::UnattendedCheck>(zhang_, "AssessUnattendedChild", r);
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(replay->check_id(), first->check_id());
  EXPECT_EQ(Count("guard_unattended_checks"), 1);
  // A 民政 agency of another area, or not a 民政 agency at all.
  AddAgency("mz-xishui", "习水县民政局", ::shouhu::testing::rpb::AGENCY_TYPE_CIVIL_AFFAIRS,
            ::shouhu::testing::kXishui);
  for (const char* code : {"mz-xishui", "fl-renhuai", "nothing"}) {
    EXPECT_TRUE(HasField(
        Do<pb::UnattendedCheck>(zhang_, "HandOffUnattendedCheck", HandReq(*first, code)).status(),
        "civil_affairs_agency_code"))
        << code;
  }
  // Other procuratorates: refused from the id.
  pb::GetUnattendedCheckRequest g;
  g.set_check_id(first->check_id());
  EXPECT_EQ(Do<pb::UnattendedCheck>(xs_worker_, "GetUnattendedCheck", g).status().code(),
            absl::StatusCode::kPermissionDenied);
  pb::AssessUnattendedChildRequest xs = AssessReq();
  xs.set_case_id(kXsCase);
  EXPECT_EQ(Do<pb::UnattendedCheck>(zhang_, "AssessUnattendedChild", xs).status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(UnattendedTest, NoFullScansAtOneHundredThousandRows) {
  Exec(
      "INSERT INTO guard_unattended_checks (id, procuratorate_code, case_id, minor_person_id,"
      " status, criteria_met, matched_rule, parents_enc, civil_affairs_agency_code, handed_on,"
      " township_due_on, county_due_on, assessed_on, assessed_by, created_at_ms, updated_at_ms,"
      " version) SELECT CONCAT('guc-', IF(seq % 2 = 0, '520382', '520330'), '-', seq),"
      " IF(seq % 2 = 0, '520382', '520330'), CONCAT('case-', seq DIV 3), 'per-1', 1 + seq % 5,"
      " TRUE, 2, x'00', CONCAT('mz-', seq % 30), DATE '2024-01-01' + INTERVAL seq % 700 DAY,"
      " DATE '2024-01-20' + INTERVAL seq % 700 DAY, DATE '2024-02-10' + INTERVAL seq % 700 DAY,"
      " DATE '2024-01-01', 'user:u-x', seq, seq, 1 FROM seq_1_to_100000");
  namespace usql = unattended_sql;
  using ::shouhu::testing::NamedStatement;
  using ::shouhu::testing::SqlValue;
  std::vector<NamedStatement> s = {
      {"kGet", usql::kGet, {std::string("guc-520382-1000")}},
      {"kGetForUpdate", usql::kGetForUpdate, {std::string("guc-520382-1000")}},
      {"kInsert (reads nothing)+kSelect", "SELECT 1", {}},
  };
  std::vector<SqlValue> update(17, SqlValue(int64_t{1}));
  update.emplace_back(std::string("guc-520382-1000"));
  update.emplace_back(int64_t{1});
  s.push_back({"kUpdate", usql::kUpdate, update});
  for (bool agency : {false, true}) {
    for (bool with_case : {false, true}) {
      for (bool with_status : {false, true}) {
        for (bool overdue : {false, true}) {
          for (bool after : {false, true}) {
            if (agency && (with_case || with_status || overdue)) continue;
            std::vector<SqlValue> params = {agency ? std::string("mz-3") : std::string("520382")};
            if (with_case) params.emplace_back(std::string("case-333"));
            if (with_status) params.emplace_back(int64_t{2});
            if (overdue) {
              params.emplace_back(std::string("2025-06-01"));
              params.emplace_back(std::string("2025-06-01"));
            }
            if (after) params.emplace_back(int64_t{50000});
            params.emplace_back(int64_t{51});
            s.push_back(
                {absl::StrCat("UnattendedListSql(kWhereAgency, kWhereProcuratorate,"
                              " kAndCase, kAndStatus, kAndOverdue, kAndBefore, kOrderPage, ",
                              agency, with_case, with_status, overdue, after, ")"),
                 UnattendedListSql(agency, with_case, with_status, overdue, after), params});
          }
        }
      }
    }
  }
  EXPECT_EQ(::shouhu::testing::ExpectNoFullScans(*pool_, s), 0);
  ::shouhu::testing::ExpectEveryConstantExplained(
      absl::StrCat(std::getenv("SHOUHU_SOURCE_DIR"), "/services/guardianship/unattended_sql.h"), s);
}

}  // namespace
}  // namespace shouhu::guardianship
