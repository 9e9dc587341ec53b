// GetReferralStatistics on a real MariaDB (ReferralCore::Statistics): a small known set of
// referrals and cases of Renhuai, made through the core at set times, and the figures of
// each period, grouping and caller. The fixture's calendar is the real one: an ordinary
// referral is due in 5 working days, an urgent one in 1, a mandatory report in 24 hours.
//
//   R1 guardianship, edu,    Mon 3 Mar 10:00; head assigns zhang; zhang accepts Wed 5 Mar
//                            (on time; case opened, zhang's; closed Thu 20 Mar)
//   R2 judicial aid, police, Mon 3 Mar 10:00; the head declines Wed 12 Mar (late: due 10 Mar)
//   R3 mandatory report, edu, Tue 4 Mar 09:00; never answered (due 5 Mar 09:00: overdue)
//   R4 special minor, edu,   Mon 31 Mar 23:30 China (15:30 UTC): March; not yet due
//   R5 guardianship, edu,    Tue 1 Apr 00:10 China (31 Mar 16:10 UTC): April
//   R7 guardianship, edu,    Mon 10 Mar 10:00; withdrawn before an answer
//   X1 guardianship, edu-xishui (Xishui), 5 Mar: never in Renhuai's figures
// The figures are read on Wed 2 April 2025, 12:00.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "integration/referral_fixture.h"
#include "support/field_violations.h"

namespace shouhu::testing {
namespace {

using ::testing::ElementsAre;

class ReferralStatsTest : public ReferralCoreFixture {
 protected:
  pb::Referral SubmitAt(absl::Time at, const Principal& agency, pb::ReferralKind kind, int serial) {
    clock_.Set(at);
    SubmissionSpec spec;
    spec.request_id = Rid();
    spec.kind = kind;
    spec.occurred_on = absl::CivilDay(2025, 1, 10);
    spec.subject = Person("陈小雨", Date(2012, 1 + serial % 12, 1 + serial % 27));
    return MustSubmit(agency, ValidSubmission(spec));
  }

  void Withdraw(const pb::Referral& r) {
    pb::WithdrawReferralRequest req;
    req.set_request_id(Rid());
    req.set_referral_id(r.referral_id());
    req.set_version(r.version());
    auto w = core_->Withdraw(AgencyOf(r), req);
    ASSERT_TRUE(w.ok()) << w.status();
  }

  const Principal& AgencyOf(const pb::Referral& r) {
    return r.agency_code() == "police-renhuai" ? police_ : edu_;
  }

  // The known set of the file comment.
  void MakeKnownSet() {
    pb::Referral r1 =
        SubmitAt(China(2025, 3, 3, 10), edu_, pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN, 1);
    pb::Referral r2 = SubmitAt(China(2025, 3, 3, 10), police_, pb::REFERRAL_KIND_JUDICIAL_AID, 2);
    SubmitAt(China(2025, 3, 4, 9), edu_, pb::REFERRAL_KIND_MANDATORY_REPORT, 3);
    SubmitAt(China(2025, 3, 31, 23, 30), edu_, pb::REFERRAL_KIND_SPECIAL_MINOR, 4);
    SubmitAt(China(2025, 4, 1, 0, 10), edu_, pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN, 5);
    pb::Referral r7 =
        SubmitAt(China(2025, 3, 10, 10), edu_, pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN, 7);
    SubmitAt(China(2025, 3, 5, 10), edu_xishui_, pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN, 8);

    clock_.Set(China(2025, 3, 4, 10));
    auto assigned = Assign(head_, r1.referral_id(), r1.version(), "u-zhang");
    ASSERT_TRUE(assigned.ok()) << assigned.status();
    clock_.Set(China(2025, 3, 5, 15));
    auto accepted = Accept(zhang_, r1.referral_id(), assigned->version());
    ASSERT_TRUE(accepted.ok()) << accepted.status();
    clock_.Set(China(2025, 3, 11, 9));
    ASSERT_NO_FATAL_FAILURE(Withdraw(r7));
    clock_.Set(China(2025, 3, 12, 9));
    auto declined = Decline(head_, r2.referral_id(), r2.version());
    ASSERT_TRUE(declined.ok()) << declined.status();

    clock_.Set(China(2025, 3, 20, 16));
    auto c = GetCase(zhang_, accepted->case_id());
    ASSERT_TRUE(c.ok()) << c.status();
    pb::CloseCaseRequest close;
    close.set_request_id(Rid());
    close.set_case_id(c->case_id());
    close.set_version(c->version());
    close.set_reason(pb::CLOSE_REASON_RESOLVED);
    auto closed = core_->CloseCase(zhang_, close);
    ASSERT_TRUE(closed.ok()) << closed.status();
    clock_.Set(China(2025, 4, 2, 12));
  }

  absl::StatusOr<pb::GetReferralStatisticsResponse> Stats(
      const Principal& p, pb::StatisticsPeriod period, int first, int count,
      pb::StatisticsGrouping g = pb::STATISTICS_GROUPING_UNSPECIFIED) {
    pb::GetReferralStatisticsRequest req;
    req.set_period(period);
    req.set_year(2025);
    req.set_first_period(first);
    req.set_period_count(count);
    req.set_grouping(g);
    return core_->Statistics(p, req);
  }

  // A department head whose token names a department (the assigner's is recorded).
  const Principal ninth_head_ = User("u-head", kRenhuai, {Role::kDepartmentHead}, "", "第九检察部");
};

int64_t KindCount(const pb::ReferralStatisticsRow& r, pb::ReferralKind k) {
  for (const auto& c : r.by_kind()) {
    if (c.kind() == k) return c.count();
  }
  return 0;
}
int64_t StatusCount(const pb::ReferralStatisticsRow& r, pb::ReferralStatus s) {
  for (const auto& c : r.by_status()) {
    if (c.status() == s) return c.count();
  }
  return 0;
}
int64_t AgencyCount(const pb::ReferralStatisticsRow& r, const std::string& code) {
  for (const auto& c : r.by_agency()) {
    if (c.agency_code() == code) return c.count();
  }
  return 0;
}

TEST_F(ReferralStatsTest, MonthsCountEachKindStatusAgencyAndTimelinessBucket) {
  ASSERT_NO_FATAL_FAILURE(MakeKnownSet());
  auto s = Stats(head_, pb::STATISTICS_PERIOD_MONTH, 3, 2);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->suppression_threshold(), 0);
  ASSERT_EQ(s->rows_size(), 2);
  const pb::ReferralStatisticsRow& march = s->rows(0);
  EXPECT_EQ(march.period(), "2025-03");
  EXPECT_EQ(march.group_key(), "2025-03");
  EXPECT_FALSE(march.suppressed());
  EXPECT_EQ(march.received(), 5);  // R1 R2 R3 R4 R7 (R4 at 23:30 China on 31 March)
  EXPECT_EQ(KindCount(march, pb::REFERRAL_KIND_JUDICIAL_AID), 1);
  EXPECT_EQ(KindCount(march, pb::REFERRAL_KIND_MANDATORY_REPORT), 1);
  EXPECT_EQ(KindCount(march, pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN), 2);
  EXPECT_EQ(KindCount(march, pb::REFERRAL_KIND_SPECIAL_MINOR), 1);
  EXPECT_EQ(AgencyCount(march, "edu-renhuai"), 4);
  EXPECT_EQ(AgencyCount(march, "police-renhuai"), 1);
  EXPECT_EQ(AgencyCount(march, "edu-xishui"), 0);
  EXPECT_EQ(StatusCount(march, pb::REFERRAL_STATUS_ACCEPTED), 1);
  EXPECT_EQ(StatusCount(march, pb::REFERRAL_STATUS_DECLINED), 1);
  EXPECT_EQ(StatusCount(march, pb::REFERRAL_STATUS_SUBMITTED), 2);
  EXPECT_EQ(StatusCount(march, pb::REFERRAL_STATUS_WITHDRAWN), 1);
  EXPECT_EQ(march.acknowledged_on_time(), 1);  // R1
  EXPECT_EQ(march.acknowledged_late(), 1);     // R2
  EXPECT_EQ(march.open_overdue(), 1);          // R3 (R4 is not due yet, R7 withdrawn)
  EXPECT_EQ(march.acknowledged_untimed(), 0);
  EXPECT_EQ(march.cases_opened(), 1);
  EXPECT_EQ(march.cases_closed(), 1);
  const pb::ReferralStatisticsRow& april = s->rows(1);
  EXPECT_EQ(april.period(), "2025-04");
  EXPECT_EQ(april.received(), 1);  // R5 at 00:10 China on 1 April
  EXPECT_EQ(april.open_overdue(), 0);

  // Xishui's head sees only Xishui's referral.
  auto xs = Stats(xs_head_, pb::STATISTICS_PERIOD_MONTH, 3, 1);
  ASSERT_TRUE(xs.ok()) << xs.status();
  ASSERT_EQ(xs->rows_size(), 1);
  EXPECT_EQ(xs->rows(0).received(), 1);
  EXPECT_EQ(AgencyCount(xs->rows(0), "edu-xishui"), 1);
}

TEST_F(ReferralStatsTest, QuartersAndYearsFoldTheMonthsAtChinaMidnight) {
  ASSERT_NO_FATAL_FAILURE(MakeKnownSet());
  auto q = Stats(deputy_, pb::STATISTICS_PERIOD_QUARTER, 1, 2);
  ASSERT_TRUE(q.ok()) << q.status();
  ASSERT_EQ(q->rows_size(), 2);
  EXPECT_EQ(q->rows(0).period(), "2025-Q1");
  EXPECT_EQ(q->rows(0).received(), 5);
  EXPECT_EQ(q->rows(1).period(), "2025-Q2");
  EXPECT_EQ(q->rows(1).received(), 1);
  auto y = Stats(deputy_, pb::STATISTICS_PERIOD_YEAR, 0, 1);
  ASSERT_TRUE(y.ok()) << y.status();
  ASSERT_EQ(y->rows_size(), 1);
  EXPECT_EQ(y->rows(0).period(), "2025");
  EXPECT_EQ(y->rows(0).received(), 6);
  EXPECT_EQ(y->rows(0).cases_opened(), 1);
  // February: no referrals, a row of zeros.
  auto feb = Stats(deputy_, pb::STATISTICS_PERIOD_MONTH, 2, 1);
  ASSERT_TRUE(feb.ok()) << feb.status();
  ASSERT_EQ(feb->rows_size(), 1);
  EXPECT_EQ(feb->rows(0).received(), 0);
}

TEST_F(ReferralStatsTest, GroupsByCaseworkerAndByTheAssignersDepartment) {
  ASSERT_NO_FATAL_FAILURE(MakeKnownSet());
  auto cw = Stats(head_, pb::STATISTICS_PERIOD_MONTH, 3, 1, pb::STATISTICS_GROUPING_CASEWORKER);
  ASSERT_TRUE(cw.ok()) << cw.status();
  std::vector<std::string> keys;
  for (const auto& r : cw->rows()) keys.push_back(r.group_key());
  EXPECT_THAT(keys, ElementsAre("u-head", "u-zhang", "unassigned"));
  EXPECT_EQ(cw->rows(0).received(), 1);  // R2, taken by the head's decline
  EXPECT_EQ(cw->rows(0).acknowledged_late(), 1);
  EXPECT_EQ(cw->rows(1).received(), 1);  // R1
  EXPECT_EQ(cw->rows(1).acknowledged_on_time(), 1);
  EXPECT_EQ(cw->rows(1).cases_opened(), 1);
  EXPECT_EQ(cw->rows(1).cases_closed(), 1);
  EXPECT_EQ(cw->rows(2).received(), 3);  // R3 R4 R7
  EXPECT_EQ(cw->rows(2).open_overdue(), 1);

  auto dept = Stats(head_, pb::STATISTICS_PERIOD_MONTH, 3, 1, pb::STATISTICS_GROUPING_DEPARTMENT);
  ASSERT_TRUE(dept.ok()) << dept.status();
  keys.clear();
  for (const auto& r : dept->rows()) keys.push_back(r.group_key());
  // head_'s token names 未成年人检察部: R1 (assigned by it, and its case) and R2 (taken).
  EXPECT_THAT(keys, ElementsAre("unassigned", "未成年人检察部"));
  EXPECT_EQ(dept->rows(1).received(), 2);
  EXPECT_EQ(dept->rows(1).cases_opened(), 1);
  EXPECT_EQ(dept->rows(0).received(), 3);
}

TEST_F(ReferralStatsTest, TheDepartmentIsTheAssignersAndFollowsReassignment) {
  pb::Referral r = SubmitAt(China(2025, 3, 3, 10), edu_, pb::REFERRAL_KIND_JUDICIAL_AID, 11);
  auto a = Assign(head_, r.referral_id(), r.version(), "u-zhang");
  ASSERT_TRUE(a.ok()) << a.status();
  a = Assign(ninth_head_, r.referral_id(), a->version(), "u-wang");
  ASSERT_TRUE(a.ok()) << a.status();
  auto accepted = Accept(wang_, r.referral_id(), a->version());
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  EXPECT_EQ(Strings("SELECT department FROM referrals WHERE id = '" + r.referral_id() + "'"),
            (std::vector<std::string>{"第九检察部"}));
  EXPECT_EQ(Strings("SELECT department FROM cases WHERE id = '" + accepted->case_id() + "'"),
            (std::vector<std::string>{"第九检察部"}));
  // Reassigning the case moves it to the assigner's department.
  auto c = GetCase(head_, accepted->case_id());
  ASSERT_TRUE(c.ok()) << c.status();
  pb::AssignCaseRequest assign;
  assign.set_request_id(Rid());
  assign.set_case_id(c->case_id());
  assign.set_version(c->version());
  assign.set_caseworker("u-zhang");
  ASSERT_TRUE(core_->AssignCase(head_, assign).ok());
  EXPECT_EQ(Strings("SELECT department FROM cases WHERE id = '" + accepted->case_id() + "'"),
            (std::vector<std::string>{"未成年人检察部"}));
}

TEST_F(ReferralStatsTest, AnalystsGetSmallCountsSuppressed) {
  // February: five guardianship concerns of edu-renhuai, withdrawn (no timeliness figure).
  for (int i = 0; i < 5; ++i) {
    pb::Referral r =
        SubmitAt(China(2025, 2, 3 + i, 10), edu_, pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN, 20 + i);
    ASSERT_NO_FATAL_FAILURE(Withdraw(r));
  }
  ASSERT_NO_FATAL_FAILURE(MakeKnownSet());
  auto s = Stats(analyst_, pb::STATISTICS_PERIOD_MONTH, 2, 2);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->suppression_threshold(), 5);
  ASSERT_EQ(s->rows_size(), 2);
  const pb::ReferralStatisticsRow& feb = s->rows(0);
  EXPECT_FALSE(feb.suppressed());
  EXPECT_EQ(feb.received(), 5);
  EXPECT_EQ(KindCount(feb, pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN), 5);
  EXPECT_EQ(StatusCount(feb, pb::REFERRAL_STATUS_WITHDRAWN), 5);
  const pb::ReferralStatisticsRow& march = s->rows(1);
  EXPECT_TRUE(march.suppressed());  // one on time, one late, ...
  EXPECT_EQ(march.period(), "2025-03");
  EXPECT_EQ(march.received(), 0);
  EXPECT_EQ(march.acknowledged_on_time(), 0);
  EXPECT_EQ(march.by_kind_size(), 0);
  // The head of the same procuratorate reads the exact figures.
  auto exact = Stats(head_, pb::STATISTICS_PERIOD_MONTH, 3, 1);
  ASSERT_TRUE(exact.ok()) << exact.status();
  EXPECT_EQ(exact->rows(0).received(), 5);
}

TEST_F(ReferralStatsTest, CaseworkersAgenciesAdminsAndServicesAreDenied) {
  for (const Principal& p : {zhang_, edu_, admin_user_, Service("aid")}) {
    EXPECT_EQ(Stats(p, pb::STATISTICS_PERIOD_MONTH, 3, 1).status().code(),
              absl::StatusCode::kPermissionDenied)
        << p.Name();
  }
}

TEST_F(ReferralStatsTest, BadPeriodsAreInvalidArgumentsNamingTheField) {
  pb::GetReferralStatisticsRequest req;
  req.set_period(pb::STATISTICS_PERIOD_MONTH);
  req.set_year(2025);
  req.set_first_period(13);
  absl::Status s = core_->Statistics(head_, req).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ViolatedFields(s), (std::vector<std::string>{"first_period"}));
  req.set_first_period(1);
  req.set_period_count(25);
  EXPECT_EQ(ViolatedFields(core_->Statistics(head_, req).status()),
            (std::vector<std::string>{"period_count"}));
  req.set_period_count(1);
  req.set_period(pb::STATISTICS_PERIOD_UNSPECIFIED);
  EXPECT_EQ(ViolatedFields(core_->Statistics(head_, req).status()),
            (std::vector<std::string>{"period"}));
  // A caller without the role learns nothing about the request first.
  EXPECT_EQ(core_->Statistics(zhang_, req).status().code(), absl::StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace shouhu::testing
