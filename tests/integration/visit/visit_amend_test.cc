// Amending visits on a real MariaDB: the recorder within the amend window or a department
// head later; version checked; assessments and summary replaced, needs only added (and
// published); each amendment kept with the record before, the reason and the changed
// fields, listed oldest first and paged; daily report ids checked against their table.
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "integration/visit/record_fixture.h"

namespace shouhu::testing {
namespace {

namespace apb = ::shouhu::aid::v1;

class VisitAmendTest : public RecordFixture {
 protected:
  vpb::AmendVisitRequest Amend(const vpb::Visit& v) {
    vpb::AmendVisitRequest a;
    a.set_request_id(VRid());
    a.set_visit_id(v.visit_id());
    a.set_version(v.version());
    *a.mutable_assessments() = v.assessments();
    a.set_summary(v.summary());
    a.set_reason("补充记录");
    return a;
  }
};

TEST_F(VisitAmendTest, HistoryKeepsTheRecordBeforeEachAmendment) {
  auto v = visits_->RecordVisit(zhang_, Visit());
  ASSERT_TRUE(v.ok()) << v.status();
  vpb::AmendVisitRequest a = Amend(*v);
  a.mutable_assessments(1)->set_rating(vpb::RATING_SERIOUS);
  *a.add_added_needs() = NeedOf(apb::MEASURE_KIND_MEDICAL, "需要就医");
  auto first = Call<vpb::Visit>(*vtable_, zhang_, "AmendVisit", a);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->version(), 2);
  EXPECT_EQ(first->amendments(), 1);
  EXPECT_EQ(first->needs_size(), 1);
  EXPECT_EQ(Events("visit.need_found"), 1);
  EXPECT_EQ(Events("visit.serious_concern"), 1);

  // Stale version: ABORTED, nothing written.
  vpb::AmendVisitRequest stale = Amend(*v);
  stale.set_summary("另一个版本");
  EXPECT_EQ(visits_->AmendVisit(zhang_, stale).status().code(), absl::StatusCode::kAborted);

  vpb::AmendVisitRequest b = Amend(*first);
  b.set_summary("家长补充说明了情况。");
  auto second = visits_->AmendVisit(head_, b);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(Events("visit.serious_concern"), 1);  // still SERIOUS: not raised again

  vpb::ListAmendmentsRequest list;
  list.set_record_id(v->visit_id());
  list.set_page_size(1);
  auto page1 = Call<vpb::ListAmendmentsResponse>(*vtable_, wang_, "ListAmendments", list);
  ASSERT_TRUE(page1.ok()) << page1.status();
  ASSERT_EQ(page1->amendments_size(), 1);
  const vpb::Amendment& am1 = page1->amendments(0);
  EXPECT_EQ(am1.sequence(), 1);
  EXPECT_EQ(am1.reason(), "补充记录");
  EXPECT_EQ(am1.amended_by().principal(), "user:u-zhang");
  EXPECT_EQ(std::vector<std::string>(am1.changed_fields().begin(), am1.changed_fields().end()),
            (std::vector<std::string>{"assessments", "needs"}));
  EXPECT_EQ(am1.visit_before().assessments(1).rating(), vpb::RATING_GOOD);
  EXPECT_EQ(am1.visit_before().needs_size(), 0);
  list.set_page_token(page1->next_page_token());
  auto page2 = visits_->ListAmendments(zhang_, list);
  ASSERT_TRUE(page2.ok());
  ASSERT_EQ(page2->amendments_size(), 1);
  EXPECT_EQ(page2->amendments(0).changed_fields(0), "summary");
  EXPECT_EQ(page2->amendments(0).visit_before().needs_size(), 1);
  EXPECT_TRUE(page2->next_page_token().empty());
  EXPECT_EQ(Int("SELECT COUNT(*) FROM visit_amendments WHERE before_enc LIKE '%配合%'"), 0);
}

TEST_F(VisitAmendTest, WindowRecorderHeadAndInput) {
  auto v = visits_->RecordVisit(zhang_, Visit());
  ASSERT_TRUE(v.ok());
  // Another caseworker: refused by the record condition.
  vpb::AmendVisitRequest a = Amend(*v);
  a.set_summary("改");
  EXPECT_EQ(visits_->AmendVisit(wang_, a).status().code(), absl::StatusCode::kPermissionDenied);
  // No change at all, no reason, fewer assessments: INVALID_ARGUMENT naming the field.
  EXPECT_TRUE(HasField(visits_->AmendVisit(zhang_, Amend(*v)).status(), "reason"));
  vpb::AmendVisitRequest no_reason = a;
  no_reason.set_reason("");
  EXPECT_TRUE(HasField(visits_->AmendVisit(zhang_, no_reason).status(), "reason"));
  vpb::AmendVisitRequest three = a;
  three.mutable_assessments()->RemoveLast();
  EXPECT_TRUE(HasField(visits_->AmendVisit(zhang_, three).status(), "assessments"));
  // 31 days later the recorder may no longer; a head may.
  SetToday(2025, 4, 11);
  a.set_request_id(VRid());
  auto late = visits_->AmendVisit(zhang_, a);
  EXPECT_EQ(late.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(late.status().message(), "department head")) << late.status();
  a.set_request_id(VRid());
  EXPECT_TRUE(visits_->AmendVisit(head_, a).ok());
  EXPECT_EQ(Rows("visit_amendments"), 1);
}

TEST_F(VisitAmendTest, ListAmendmentsOfReportsAndUnknownRecords) {
  vpb::ListAmendmentsRequest list;
  list.set_record_id("vrep-520382-0001");
  EXPECT_EQ(visits_->ListAmendments(zhang_, list).status().code(), absl::StatusCode::kNotFound);
  Exec(
      "INSERT INTO volunteer_reports (id, procuratorate_code, assignment_id, report_on,"
      " contact_kind, submitted_by, body_enc, submitted_at_ms, updated_at_ms, version) VALUES"
      " ('vrep-520382-0001', '520382', 'vasg-520382-1', '2025-03-09', 2, 'user:u-vol', 'x', 1,"
      " 1, 1)");
  auto empty = visits_->ListAmendments(zhang_, list);
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_EQ(empty->amendments_size(), 0);
  list.set_record_id("vrep-520330-0001");
  EXPECT_EQ(visits_->ListAmendments(zhang_, list).status().code(),
            absl::StatusCode::kPermissionDenied);
  list.set_record_id("vplan-520382-0001");
  EXPECT_TRUE(HasField(visits_->ListAmendments(zhang_, list).status(), "record_id"));
  list.set_record_id("visit-520382-0001");
  EXPECT_EQ(visits_->ListAmendments(zhang_, list).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace shouhu::testing
