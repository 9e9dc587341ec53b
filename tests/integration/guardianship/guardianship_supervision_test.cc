// Supervision on a real MariaDB through the handlers: guidance agencies see only the orders
// naming them, in their reduced view, and record sessions and feedback only there;
// caseworkers' checks update the actions' progress; the per-order summary; evaluation
// overdue at read time, listable per caseworker; 32 concurrent approvals in one
// procuratorate give 32 distinct, gapless document numbers.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/synchronization/mutex.h"
#include "integration/guardianship/order_fixture.h"

namespace shouhu::guardianship {
namespace {

class GuardianshipSupervisionTest : public ::shouhu::testing::OrderFixture {
 protected:
  pb::RecordGuidanceSessionRequest Session(const pb::Order& o, int index, bool attended = true) {
    pb::RecordGuidanceSessionRequest r;
    r.set_request_id(Rid());
    r.set_order_id(o.order_id());
    r.set_arrangement_index(index);
    *r.mutable_held_on() = FromCivilDay(ChinaDay(clock_.Now()));
    r.set_attended(attended);
    r.set_minutes(90);
    r.set_topic("亲子沟通");
    return r;
  }
  pb::RecordComplianceCheckRequest Check(const pb::Order& o, pb::CheckMethod method) {
    pb::RecordComplianceCheckRequest r;
    r.set_request_id(Rid());
    pb::ComplianceCheck* c = r.mutable_check();
    c->set_order_id(o.order_id());
    *c->mutable_checked_on() = FromCivilDay(ChinaDay(clock_.Now()));
    c->set_method(method);
    (*c->mutable_action_progress())[1] = pb::PROGRESS_IN_PROGRESS;
    c->set_notes("已按时返校");
    return r;
  }
};

TEST_F(GuardianshipSupervisionTest, AnAgencySeesOnlyItsOrdersInItsView) {
  pb::Order named = Supervised();
  auto other_draft = Draft();
  other_draft.mutable_guidance(0)->set_agency_code("gg-renhuai");
  pb::Order other = MustDraft(other_draft);

  pb::ListAgencyOrdersRequest list;
  auto mine = Do<pb::ListAgencyOrdersResponse>(fulian_, "ListAgencyOrders", list);
  ASSERT_TRUE(mine.ok()) << mine.status();
  ASSERT_EQ(mine->orders_size(), 1);
  const pb::AgencyOrderView& v = mine->orders(0);
  EXPECT_EQ(v.order_id(), named.order_id());
  EXPECT_EQ(v.minor_display_name(), "王**");
  EXPECT_EQ(v.arrangement_index(), 0);
  EXPECT_EQ(v.arrangement().planned_sessions(), 6);
  EXPECT_EQ(v.guidance_focus(), "亲子沟通与家庭教育方法");
  // The view has no facts, failings or case id at all.
  EXPECT_EQ(pb::AgencyOrderView::descriptor()->FindFieldByName("facts"), nullptr);
  EXPECT_EQ(pb::AgencyOrderView::descriptor()->FindFieldByName("failings"), nullptr);
  EXPECT_EQ(pb::AgencyOrderView::descriptor()->FindFieldByName("case_id"), nullptr);

  // An order is the agency's to see once approved: a draft (or one waiting for approval)
  // is refused like an unknown id, and listed nowhere.
  auto theirs = Do<pb::ListAgencyOrdersResponse>(guangong_, "ListAgencyOrders", list);
  ASSERT_TRUE(theirs.ok());
  EXPECT_EQ(theirs->orders_size(), 0);
  pb::GetOrderRequest get_other;
  get_other.set_order_id(other.order_id());
  auto draft_view = Do<pb::AgencyOrderView>(guangong_, "GetAgencyOrder", get_other);
  EXPECT_EQ(draft_view.status().code(), absl::StatusCode::kPermissionDenied);
  pb::GetOrderRequest unknown;
  unknown.set_order_id(other.order_id() + "x");
  EXPECT_EQ(draft_view.status().message(),
            Do<pb::AgencyOrderView>(guangong_, "GetAgencyOrder", unknown).status().message());
  other = Must(zhang_, "SubmitOrder", Action(other));
  theirs = Do<pb::ListAgencyOrdersResponse>(guangong_, "ListAgencyOrders", list);
  ASSERT_TRUE(theirs.ok());
  EXPECT_EQ(theirs->orders_size(), 0);
  other = Must(chief_, "ApproveOrder", Action(other));
  theirs = Do<pb::ListAgencyOrdersResponse>(guangong_, "ListAgencyOrders", list);
  ASSERT_TRUE(theirs.ok());
  ASSERT_EQ(theirs->orders_size(), 1);
  EXPECT_EQ(theirs->orders(0).order_id(), other.order_id());
  EXPECT_TRUE(Do<pb::AgencyOrderView>(guangong_, "GetAgencyOrder", get_other).ok());

  pb::GetOrderRequest get;
  get.set_order_id(named.order_id());
  EXPECT_TRUE(Do<pb::AgencyOrderView>(fulian_, "GetAgencyOrder", get).ok());
  EXPECT_EQ(Do<pb::AgencyOrderView>(guangong_, "GetAgencyOrder", get).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Do<pb::Order>(fulian_, "GetOrder", get).status().code(),
            absl::StatusCode::kPermissionDenied);
  pb::ListOrdersRequest staff_list;
  EXPECT_EQ(Do<pb::ListOrdersResponse>(fulian_, "ListOrders", staff_list).status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(GuardianshipSupervisionTest, AgenciesRecordSessionsAndFeedbackOnlyOnTheirArrangement) {
  pb::Order o = Supervised();
  auto s = Do<pb::GuidanceSession>(fulian_, "RecordGuidanceSession", Session(o, 0));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->session_id().rfind("gses-520382-", 0), 0u);
  EXPECT_EQ(s->recorded_by().principal(), "agency:fl-renhuai");
  EXPECT_EQ(
      Do<pb::GuidanceSession>(fulian_, "RecordGuidanceSession", Session(o, 1)).status().code(),
      absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(
      Do<pb::GuidanceSession>(guangong_, "RecordGuidanceSession", Session(o, 0)).status().code(),
      absl::StatusCode::kPermissionDenied);
  ASSERT_TRUE(Do<pb::GuidanceSession>(zhang_, "RecordGuidanceSession", Session(o, 1, false)).ok());
  auto bad = Do<pb::GuidanceSession>(zhang_, "RecordGuidanceSession", Session(o, 5));
  EXPECT_TRUE(HasField(bad.status(), "arrangement_index")) << bad.status();

  auto feedback = Check(o, pb::CHECK_METHOD_GUIDANCE_FEEDBACK);
  feedback.mutable_check()->set_source_agency_code("someone-else");
  auto c = Do<pb::ComplianceCheck>(fulian_, "RecordComplianceCheck", feedback);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->source_agency_code(), "fl-renhuai");  // always the caller
  EXPECT_EQ(Do<pb::ComplianceCheck>(guangong_, "RecordComplianceCheck",
                                    Check(o, pb::CHECK_METHOD_GUIDANCE_FEEDBACK))
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  ASSERT_TRUE(Do<pb::ComplianceCheck>(zhang_, "RecordComplianceCheck",
                                      Check(o, pb::CHECK_METHOD_HOME_VISIT))
                  .ok());

  // The agency reads its own checks only; staff read all.
  pb::ListComplianceChecksRequest list;
  list.set_order_id(o.order_id());
  auto agency_checks = Do<pb::ListComplianceChecksResponse>(fulian_, "ListComplianceChecks", list);
  ASSERT_TRUE(agency_checks.ok()) << agency_checks.status();
  EXPECT_EQ(agency_checks->checks_size(), 1);
  auto staff_checks = Do<pb::ListComplianceChecksResponse>(head_, "ListComplianceChecks", list);
  ASSERT_TRUE(staff_checks.ok());
  ASSERT_EQ(staff_checks->checks_size(), 2);
  EXPECT_EQ(staff_checks->checks(0).method(), pb::CHECK_METHOD_HOME_VISIT);  // newest first
  EXPECT_EQ(staff_checks->checks(0).notes(), "已按时返校");
  EXPECT_EQ(Count("guard_checks", "notes_enc LIKE '%返校%'"), 0);  // sealed

  pb::GetSupervisionSummaryRequest sum;
  sum.set_order_id(o.order_id());
  auto summary = Do<pb::SupervisionSummary>(zhang_, "GetSupervisionSummary", sum);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->checks(), 2);
  EXPECT_EQ(summary->agency_feedbacks(), 1);
  EXPECT_EQ(summary->sessions_planned(), 10);
  EXPECT_EQ(summary->sessions_attended(), 1);
  EXPECT_EQ(summary->sessions_missed(), 1);
  EXPECT_EQ(summary->actions(0).progress(), pb::PROGRESS_IN_PROGRESS);
  EXPECT_EQ(summary->days_to_evaluation_due(), 92);  // 10 March -> 10 June 2025

  pb::ListGuidanceSessionsRequest sessions;
  sessions.set_order_id(o.order_id());
  sessions.set_page_size(1);
  auto page = Do<pb::ListGuidanceSessionsResponse>(head_, "ListGuidanceSessions", sessions);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->sessions_size(), 1);
  EXPECT_FALSE(page->next_page_token().empty());
  EXPECT_FALSE(page->sessions(0).attended());  // newest first: the missed one
  sessions.set_page_token(page->next_page_token());
  page = Do<pb::ListGuidanceSessionsResponse>(head_, "ListGuidanceSessions", sessions);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->sessions_size(), 1);
  EXPECT_EQ(page->sessions(0).topic(), "亲子沟通");
  EXPECT_TRUE(page->next_page_token().empty());
}

TEST_F(GuardianshipSupervisionTest, EvaluationOverdueAtReadTimePerCaseworker) {
  pb::Order mine = Supervised();
  AddCase("case-520382-0000000000000005", ::shouhu::testing::kRenhuai, "u-wang", kMinor);
  auto theirs_req = Draft();
  theirs_req.set_case_id("case-520382-0000000000000005");
  pb::Order theirs = MustDraft(theirs_req, &wang_);
  theirs = Must(wang_, "SubmitOrder", Action(theirs));
  theirs = Must(chief_, "ApproveOrder", Action(theirs));
  theirs = Must(wang_, "RecordService", Service(theirs, {kFather, kMother}));

  pb::ListOrdersRequest overdue;
  overdue.set_evaluation_overdue_only(true);
  auto none = Do<pb::ListOrdersResponse>(head_, "ListOrders", overdue);
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_EQ(none->orders_size(), 0);

  clock_.Advance(absl::Hours(24 * 93));  // 11 June 2025: the period ended on 10 June
  auto all = Do<pb::ListOrdersResponse>(head_, "ListOrders", overdue);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->orders_size(), 2);
  for (const auto& o : all->orders()) EXPECT_TRUE(o.evaluation_overdue());
  overdue.set_assigned_to("me");
  auto own = Do<pb::ListOrdersResponse>(zhang_, "ListOrders", overdue);
  ASSERT_TRUE(own.ok());
  ASSERT_EQ(own->orders_size(), 1);
  EXPECT_EQ(own->orders(0).order_id(), mine.order_id());
  overdue.set_assigned_to("u-wang");
  own = Do<pb::ListOrdersResponse>(head_, "ListOrders", overdue);
  ASSERT_TRUE(own.ok());
  ASSERT_EQ(own->orders_size(), 1);
  EXPECT_EQ(own->orders(0).order_id(), theirs.order_id());

  pb::GetOrderRequest get;
  get.set_order_id(mine.order_id());
  auto read = Do<pb::Order>(zhang_, "GetOrder", get);
  ASSERT_TRUE(read.ok());
  EXPECT_TRUE(read->evaluation_overdue());
  // Another procuratorate lists nothing of ours and reads nothing of ours.
  auto xs = Do<pb::ListOrdersResponse>(xs_head_, "ListOrders", pb::ListOrdersRequest());
  ASSERT_TRUE(xs.ok());
  EXPECT_EQ(xs->orders_size(), 0);
  EXPECT_EQ(Do<pb::Order>(xs_head_, "GetOrder", get).status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(GuardianshipSupervisionTest, ThirtyTwoConcurrentApprovalsGetGaplessNumbers) {
  std::vector<pb::Order> pending;
  for (int i = 0; i < 32; ++i) {
    pb::Order o = MustDraft(Draft());
    pending.push_back(Must(zhang_, "SubmitOrder", Action(o)));
  }
  ASSERT_FALSE(HasFailure());
  absl::Mutex mu;
  std::vector<std::string> numbers;
  std::vector<std::string> errors;
  std::vector<std::thread> threads;
  std::vector<pb::OrderActionRequest> reqs;
  for (const pb::Order& o : pending) reqs.push_back(Action(o));
  for (int i = 0; i < 32; ++i) {
    threads.emplace_back([&, i] {
      auto r = Do<pb::Order>(i % 2 == 0 ? chief_ : deputy_, "ApproveOrder", reqs[i]);
      absl::MutexLock lock(&mu);
      if (r.ok()) {
        numbers.push_back(r->document_number());
      } else {
        errors.push_back(r.status().ToString());
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_TRUE(errors.empty()) << errors.size() << " failed, first: " << errors.front();
  std::set<int> seqs;
  for (const std::string& n : numbers) {
    const size_t open = n.find("〕");
    const size_t close = n.rfind("号");
    ASSERT_NE(open, std::string::npos) << n;
    int seq = 0;
    ASSERT_TRUE(absl::SimpleAtoi(n.substr(open + 3, close - open - 3), &seq)) << n;
    seqs.insert(seq);
  }
  ASSERT_EQ(seqs.size(), 32u);
  EXPECT_EQ(*seqs.begin(), 1);
  EXPECT_EQ(*seqs.rbegin(), 32);
  EXPECT_EQ(Count("guard_orders", "doc_seq IS NOT NULL"), 32);
}

}  // namespace
}  // namespace shouhu::guardianship
