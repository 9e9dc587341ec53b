// Orders on a real MariaDB through their handlers: the lifecycle from draft to
// evaluation with the document number, service per guardian, order.issued in the outbox;
// the case checks; titles and separation of duties; extension within the policy; illegal
// moves; stale versions; replay; termination and cancellation; court orders.
#include <gtest/gtest.h>

#include "common/db/deadline_events.h"
#include "integration/guardianship/order_fixture.h"
#include "shouhu/guardianship/v1/events.pb.h"
#include "shouhu/referral/v1/events.pb.h"

namespace shouhu::guardianship {
namespace {

using ::shouhu::testing::kRenhuai;

class GuardianshipOrdersTest : public ::shouhu::testing::OrderFixture {};

TEST_F(GuardianshipOrdersTest, FromDraftToEvaluation) {
  pb::Order o = MustDraft(Draft());
  EXPECT_EQ(o.status(), pb::ORDER_STATUS_DRAFT);
  EXPECT_EQ(o.order_id().rfind("gord-520382-", 0), 0u) << o.order_id();
  EXPECT_EQ(o.minor_person_id(), kMinor);
  EXPECT_EQ(o.assigned_to(), "u-zhang");
  EXPECT_EQ(o.addressees(0).display_name(), "王**");
  EXPECT_EQ(o.actions(1).sequence(), 2);
  EXPECT_EQ(o.version(), 1);

  o = Must(zhang_, "SubmitOrder", Action(o));
  EXPECT_EQ(o.status(), pb::ORDER_STATUS_PENDING_APPROVAL);
  o = Must(deputy_, "ApproveOrder", Action(o, true, "同意"));
  EXPECT_EQ(o.status(), pb::ORDER_STATUS_ISSUED);
  EXPECT_EQ(o.document_number(), "检督监令〔2025〕1号");
  ASSERT_EQ(o.approvals_size(), 1);
  EXPECT_EQ(o.approvals(0).actor_title(), "deputy_chief_procurator");
  EXPECT_EQ(Count("outbox_events"), 0);

  // The father first: still ISSUED, no period yet.
  o = Must(zhang_, "RecordService", Service(o, {kFather}));
  EXPECT_EQ(o.status(), pb::ORDER_STATUS_ISSUED);
  EXPECT_TRUE(o.addressees(0).has_service());
  EXPECT_FALSE(o.has_compliance_starts_on());
  clock_.Advance(absl::Hours(24));
  o = Must(zhang_, "RecordService", Service(o, {kMother}));
  EXPECT_EQ(o.status(), pb::ORDER_STATUS_UNDER_SUPERVISION);
  EXPECT_EQ(ToCivilDay(o.compliance_starts_on()), absl::CivilDay(2025, 3, 11));
  EXPECT_EQ(ToCivilDay(o.compliance_ends_on()), absl::CivilDay(2025, 6, 11));
  EXPECT_TRUE(o.service().admonished());
  EXPECT_EQ(Count("outbox_events", "topic = 'order.issued'"), 1);

  // Evaluation by a department head who did not draft it.
  clock_.Advance(absl::Hours(24 * 100));
  auto ev = Evaluation(o, pb::OVERALL_FINDING_PARTLY_COMPLIED);
  ev.mutable_evaluation()->mutable_action_outcomes(1)->set_progress(pb::PROGRESS_REFUSED);
  ev.set_propose_kind(pb::ESCALATION_KIND_PROCURATORIAL_SUGGESTION);
  ev.set_propose_addressee_agency_code("mz-renhuai");
  o = Must(head_, "EvaluateOrder", ev);
  EXPECT_EQ(o.status(), pb::ORDER_STATUS_NOT_COMPLIED);
  EXPECT_EQ(o.evaluation().result(), pb::ORDER_STATUS_NOT_COMPLIED);
  EXPECT_TRUE(o.evaluation().escalation_proposed());
  EXPECT_EQ(o.evaluation().proposed_addressee_agency_code(), "mz-renhuai");
  EXPECT_EQ(o.actions(1).progress(), pb::PROGRESS_REFUSED);
  EXPECT_EQ(Count("outbox_events", "topic = 'order.ended'"), 1);
  EXPECT_EQ(Count("audit_log", "action LIKE 'guardianship.order.%'"), 6);

  pb::GetOrderRequest get;
  get.set_order_id(o.order_id());
  auto read = Do<pb::Order>(head_, "GetOrder", get);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->facts(), "长期放任未成年人辍学、沉迷网络，夜不归宿。");
  EXPECT_EQ(read->version(), o.version());
  // The facts are sealed at rest.
  EXPECT_EQ(Count("guard_orders", "body_enc LIKE '%辍学%'"), 0);
}

TEST_F(GuardianshipOrdersTest, TheIssuedEventCarriesTheAnchor) {
  pb::Order o = Supervised();
  auto rows =
      Int("SELECT COUNT(*) FROM outbox_events WHERE topic = 'order.issued' AND aggregate_id = '" +
          o.order_id() + "'");
  EXPECT_EQ(rows, 1);
}

TEST_F(GuardianshipOrdersTest, TheCaseMustBeOpenOursAndAboutAMinor) {
  AddCase("case-520382-0000000000000009", kRenhuai, "u-zhang", kAdult);
  auto r = Draft();
  r.set_case_id("case-520382-0000000000000009");
  EXPECT_EQ(Do<pb::Order>(zhang_, "DraftOrder", r).status().code(),
            absl::StatusCode::kFailedPrecondition);

  AddCase("case-520382-0000000000000008", kRenhuai, "u-zhang", kMinor,
          referral::v1::CASE_STATUS_CLOSED);
  r = Draft();
  r.set_case_id("case-520382-0000000000000008");
  EXPECT_EQ(Do<pb::Order>(zhang_, "DraftOrder", r).status().code(),
            absl::StatusCode::kFailedPrecondition);

  r = Draft();
  r.set_case_id(kXsCase);
  EXPECT_EQ(Do<pb::Order>(zhang_, "DraftOrder", r).status().code(),
            absl::StatusCode::kPermissionDenied);

  r = Draft();
  r.set_case_id("case-520382-0000000000000077");
  EXPECT_EQ(Do<pb::Order>(zhang_, "DraftOrder", r).status().code(), absl::StatusCode::kNotFound);

  // Not the assigned caseworker.
  EXPECT_EQ(Do<pb::Order>(wang_, "DraftOrder", Draft()).status().code(),
            absl::StatusCode::kPermissionDenied);
  SetHubDown(true);
  EXPECT_EQ(Do<pb::Order>(zhang_, "DraftOrder", Draft()).status().code(),
            absl::StatusCode::kUnavailable);
  SetHubDown(false);
  EXPECT_EQ(Count("guard_orders"), 0);
}

TEST_F(GuardianshipOrdersTest, GuardiansMustBeKnownPeopleOtherThanTheMinor) {
  auto r = Draft();
  r.mutable_addressees(0)->set_person_id("per-nobody");
  r.mutable_addressees(1)->set_person_id(kMinor);
  auto s = Do<pb::Order>(zhang_, "DraftOrder", r);
  EXPECT_TRUE(HasField(s.status(), "addressees[0].person_id")) << s.status();
  EXPECT_TRUE(HasField(s.status(), "addressees[1].person_id")) << s.status();
  r = Draft();
  r.mutable_guidance(0)->set_agency_code("nobody-agency");
  s = Do<pb::Order>(zhang_, "DraftOrder", r);
  EXPECT_TRUE(HasField(s.status(), "guidance[0].agency_code")) << s.status();
  AddAgency("fl-xishui", "习水县妇联", referral::v1::AGENCY_TYPE_WOMENS_FEDERATION,
            ::shouhu::testing::kXishui);
  r = Draft();
  r.mutable_guidance(0)->set_agency_code("fl-xishui");
  s = Do<pb::Order>(zhang_, "DraftOrder", r);
  EXPECT_TRUE(HasField(s.status(), "guidance[0].agency_code")) << s.status();
  EXPECT_EQ(Count("guard_orders"), 0);
}

TEST_F(GuardianshipOrdersTest, ApprovalNeedsTheTitleAndAnotherPerson) {
  pb::Order o = MustDraft(Draft());
  o = Must(zhang_, "SubmitOrder", Action(o));
  EXPECT_EQ(Do<pb::Order>(untitled_chief_, "ApproveOrder", Action(o)).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Do<pb::Order>(head_, "ApproveOrder", Action(o)).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Do<pb::Order>(xs_chief_, "ApproveOrder", Action(o)).status().code(),
            absl::StatusCode::kPermissionDenied);
  // Returning needs a note; then the drafter edits and resubmits.
  auto no_note = Do<pb::Order>(chief_, "ApproveOrder", Action(o, false));
  EXPECT_TRUE(HasField(no_note.status(), "note")) << no_note.status();
  o = Must(chief_, "ApproveOrder", Action(o, false, "整改措施不够具体"));
  EXPECT_EQ(o.status(), pb::ORDER_STATUS_DRAFT);
  EXPECT_EQ(o.document_number(), "");
  auto edit = Draft();
  edit.set_order_id(o.order_id());
  edit.set_version(o.version());
  edit.mutable_actions(0)->set_description("每日接送上学并签到");
  o = MustDraft(edit);
  EXPECT_EQ(o.actions(0).description(), "每日接送上学并签到");
  EXPECT_EQ(o.approvals_size(), 1);

  // A department head who drafts may not evaluate the same order.
  auto mine = Draft();
  pb::Order h = MustDraft(mine, &head_);
  h = Must(head_, "SubmitOrder", Action(h));
  h = Must(chief_, "ApproveOrder", Action(h));
  EXPECT_EQ(h.document_number(), "检督监令〔2025〕1号");
  h = Must(zhang_, "RecordService", Service(h, {kFather, kMother}));
  EXPECT_EQ(Do<pb::Order>(head_, "EvaluateOrder", Evaluation(h, pb::OVERALL_FINDING_FULLY_COMPLIED))
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  h = Must(head2_, "EvaluateOrder", Evaluation(h, pb::OVERALL_FINDING_FULLY_COMPLIED));
  EXPECT_EQ(h.status(), pb::ORDER_STATUS_COMPLIED);
  EXPECT_FALSE(h.evaluation().escalation_proposed());
}

TEST_F(GuardianshipOrdersTest, GuidanceDirectivesHaveTheirOwnNumbersAndNeedAdmonition) {
  pb::Order s = Issued();
  pb::Order g = Issued(pb::ORDER_KIND_GUIDANCE_DIRECTIVE);
  EXPECT_EQ(s.document_number(), "检督监令〔2025〕1号");
  EXPECT_EQ(g.document_number(), "检家教令〔2025〕1号");
  auto req = Service(g, {kFather});
  req.mutable_guardians(0)->set_admonished(false);
  auto r = Do<pb::Order>(zhang_, "RecordService", req);
  EXPECT_TRUE(HasField(r.status(), "guardians[0].admonished")) << r.status();
  req = Service(g, {"per-nobody"});
  r = Do<pb::Order>(zhang_, "RecordService", req);
  EXPECT_TRUE(HasField(r.status(), "guardians[0].person_id")) << r.status();
  g = Must(zhang_, "RecordService", Service(g, {kFather}));
  req = Service(g, {kFather});
  r = Do<pb::Order>(zhang_, "RecordService", req);
  EXPECT_TRUE(HasField(r.status(), "guardians[0].person_id")) << "served twice: " << r.status();
}

TEST_F(GuardianshipOrdersTest, IllegalMovesStaleVersionsAndReplay) {
  pb::Order o = MustDraft(Draft());
  EXPECT_EQ(Do<pb::Order>(chief_, "ApproveOrder", Action(o)).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Do<pb::Order>(zhang_, "RecordService", Service(o, {kFather})).status().code(),
            absl::StatusCode::kFailedPrecondition);
  auto submit = Action(o);
  pb::Order submitted = Must(zhang_, "SubmitOrder", submit);
  // Replay: the same answer, nothing done twice.
  auto again = Do<pb::Order>(zhang_, "SubmitOrder", submit);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->version(), submitted.version());
  EXPECT_EQ(Count("audit_log", "action = 'guardianship.order.submit'"), 1);
  // Stale: the version read before the submission.
  auto stale = Action(o);
  EXPECT_EQ(Do<pb::Order>(zhang_, "SubmitOrder", stale).status().code(),
            absl::StatusCode::kAborted);
  auto cancel = Action(submitted, true, "");
  EXPECT_TRUE(HasField(Do<pb::Order>(head_, "CancelOrder", cancel).status(), "note"));
  pb::Order cancelled = Must(head_, "CancelOrder", Action(submitted, true, "监护人已迁居外省"));
  EXPECT_EQ(cancelled.status(), pb::ORDER_STATUS_CANCELLED);
  EXPECT_EQ(Do<pb::Order>(zhang_, "SubmitOrder", Action(cancelled)).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Do<pb::Order>(zhang_, "CancelOrder", Action(cancelled, true, "x")).status().code(),
            absl::StatusCode::kPermissionDenied);
}

TEST_F(GuardianshipOrdersTest, ExtensionStaysWithinThePolicy) {
  pb::Order o = Supervised();
  auto ext = Action(o, true, "整改尚未完成，延长监督");
  ext.set_extra_months(4);
  EXPECT_TRUE(
      HasField(Do<pb::Order>(head_, "ExtendCompliancePeriod", ext).status(), "extra_months"));
  ext.set_extra_months(3);
  o = Must(head_, "ExtendCompliancePeriod", ext);
  EXPECT_EQ(ToCivilDay(o.compliance_ends_on()), absl::CivilDay(2025, 9, 10));
  ASSERT_EQ(o.extensions_size(), 1);
  ext = Action(o, true, "再次延长");
  ext.set_extra_months(1);  // 3 + 3 + 1 > 6
  EXPECT_TRUE(
      HasField(Do<pb::Order>(head_, "ExtendCompliancePeriod", ext).status(), "extra_months"));
}

// The evaluation is a watched deadline (topic "deadline.changed", for the oversight
// service): started when the last guardian is served, moved by an extension, met by the
// evaluation.
TEST_F(GuardianshipOrdersTest, TheEvaluationDeadlineFollowsTheCompliancePeriod) {
  namespace opb = ::shouhu::oversight::v1;
  pb::Order o = Issued();
  const std::string key = "ORDER_EVALUATION:" + o.order_id();
  EXPECT_TRUE(DeadlineChanges(key).empty());  // no period before service
  o = Must(zhang_, "RecordService", Service(o, {kFather, kMother}));
  std::vector<opb::DeadlineChanged> changes = DeadlineChanges(key);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].kind(), opb::ORDER_EVALUATION);
  EXPECT_EQ(changes[0].state(), opb::DEADLINE_OPEN);
  EXPECT_EQ(changes[0].record_id(), o.order_id());
  EXPECT_EQ(changes[0].case_id(), o.case_id());
  EXPECT_EQ(changes[0].assigned_to(), "person:u-zhang");
  EXPECT_EQ(changes[0].department(), o.department());
  EXPECT_EQ(changes[0].started_at().unix_millis(),
            absl::ToUnixMillis(db::DeadlineDayStart(ToCivilDay(o.compliance_starts_on()))));
  EXPECT_EQ(changes[0].due_at().unix_millis(),
            absl::ToUnixMillis(db::DeadlineDayEnd(ToCivilDay(o.compliance_ends_on()))));
  EXPECT_EQ(changes[0].sequence(), o.version());

  auto ext = Action(o, true, "整改尚未完成，延长监督");
  ext.set_extra_months(3);
  o = Must(head_, "ExtendCompliancePeriod", ext);
  changes = DeadlineChanges(key);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[1].state(), opb::DEADLINE_OPEN);
  EXPECT_EQ(changes[1].due_at().unix_millis(),
            absl::ToUnixMillis(db::DeadlineDayEnd(absl::CivilDay(2025, 9, 10))));
  EXPECT_EQ(changes[1].sequence(), o.version());

  o = Must(head_, "EvaluateOrder", Evaluation(o, pb::OVERALL_FINDING_FULLY_COMPLIED));
  changes = DeadlineChanges(key);
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[2].state(), opb::DEADLINE_MET);
  EXPECT_TRUE(changes[2].has_ended_at());
  EXPECT_EQ(changes[2].sequence(), o.version());
}

TEST_F(GuardianshipOrdersTest, TerminationEndsSupervision) {
  pb::Order o = Supervised();
  pb::TerminateOrderRequest t;
  t.set_request_id(Rid());
  t.set_order_id(o.order_id());
  t.set_version(o.version());
  t.set_reason(pb::TERMINATION_REASON_OTHER);
  EXPECT_TRUE(HasField(Do<pb::Order>(head_, "TerminateOrder", t).status(), "note"));
  t.set_reason(pb::TERMINATION_REASON_GUARDIANSHIP_REVOKED);
  o = Must(head_, "TerminateOrder", t);
  EXPECT_EQ(o.status(), pb::ORDER_STATUS_TERMINATED);
  EXPECT_EQ(o.termination().reason(), pb::TERMINATION_REASON_GUARDIANSHIP_REVOKED);
  EXPECT_EQ(Count("outbox_events", "topic = 'order.ended'"), 1);
  // The evaluation is no longer owed (topic "deadline.changed").
  const std::vector<oversight::v1::DeadlineChanged> evaluation =
      DeadlineChanges("ORDER_EVALUATION:" + o.order_id());
  ASSERT_EQ(evaluation.size(), 2u);
  EXPECT_EQ(evaluation[0].state(), oversight::v1::DEADLINE_OPEN);
  EXPECT_EQ(evaluation[1].state(), oversight::v1::DEADLINE_CANCELLED);
  EXPECT_EQ(evaluation[1].sequence(), o.version());
}

TEST_F(GuardianshipOrdersTest, CourtOrdersAreRecordedUnderSupervision) {
  pb::RecordCourtOrderRequest r;
  r.set_request_id(Rid());
  r.set_case_id(kCase);
  r.set_court_name("仁怀市人民法院");
  r.set_court_case_number("（2025）黔0382民特12号");
  *r.mutable_decided_on() = FromCivilDay(absl::CivilDay(2025, 1, 31));
  pb::Addressee* a = r.add_addressees();
  a->set_person_id(kFather);
  a->set_relation("父亲");
  r.set_content("责令接受家庭教育指导六次");
  r.set_compliance_months(1);
  auto o = Do<pb::Order>(zhang_, "RecordCourtOrder", r);
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->status(), pb::ORDER_STATUS_UNDER_SUPERVISION);
  EXPECT_EQ(o->kind(), pb::ORDER_KIND_COURT_GUIDANCE_ORDER);
  EXPECT_EQ(o->document_number(), "（2025）黔0382民特12号");
  EXPECT_EQ(ToCivilDay(o->compliance_ends_on()), absl::CivilDay(2025, 2, 28));
  EXPECT_TRUE(o->evaluation_overdue());  // the clock says 10 March 2025
  EXPECT_EQ(Count("outbox_events", "topic = 'order.issued'"), 1);
  // Its evaluation is watched from the start (topic "deadline.changed").
  const std::vector<oversight::v1::DeadlineChanged> evaluation =
      DeadlineChanges("ORDER_EVALUATION:" + o->order_id());
  ASSERT_EQ(evaluation.size(), 1u);
  EXPECT_EQ(evaluation[0].state(), oversight::v1::DEADLINE_OPEN);
  EXPECT_EQ(evaluation[0].due_at().unix_millis(),
            absl::ToUnixMillis(db::DeadlineDayEnd(absl::CivilDay(2025, 2, 28))));
  EXPECT_EQ(evaluation[0].sequence(), 1);

  r.set_request_id(Rid());
  r.set_requested_by_procuratorate(true);
  auto bad = Do<pb::Order>(zhang_, "RecordCourtOrder", r);
  EXPECT_TRUE(HasField(bad.status(), "requested_by_escalation_id")) << bad.status();
  r.set_requested_by_escalation_id("gesc-520382-unknown");
  bad = Do<pb::Order>(zhang_, "RecordCourtOrder", r);
  EXPECT_TRUE(HasField(bad.status(), "requested_by_escalation_id")) << bad.status();
  EXPECT_EQ(Count("guard_orders"), 1);
}

}  // namespace
}  // namespace shouhu::guardianship

namespace shouhu::guardianship {
namespace {

class GuardianshipTransferTest : public ::shouhu::testing::OrderFixture {};

TEST_F(GuardianshipTransferTest, ATransferredCaseTakesItsOpenOrdersAlong) {
  pb::Order open = Supervised();
  pb::RecordComplianceCheckRequest ck;
  ck.set_request_id(Rid());
  ck.mutable_check()->set_order_id(open.order_id());
  *ck.mutable_check()->mutable_checked_on() = FromCivilDay(absl::CivilDay(2025, 3, 10));
  ck.mutable_check()->set_method(pb::CHECK_METHOD_PHONE);
  ASSERT_TRUE(Do<pb::ComplianceCheck>(zhang_, "RecordComplianceCheck", ck).ok());
  pb::Order done = Supervised();
  done = Must(head_, "EvaluateOrder", Evaluation(done, pb::OVERALL_FINDING_FULLY_COMPLIED));

  referral::v1::CaseTransferred moved;
  moved.set_case_id(kCase);
  moved.set_new_case_id("case-520330-0000000000000042");
  moved.set_to_procuratorate_code("520330");
  cpb::Event e;
  e.set_event_id("evt-1");
  e.set_topic("case.transferred");
  e.mutable_payload()->PackFrom(moved);
  ASSERT_TRUE(
      db::RunInTransaction(*pool_, [&](db::Tx& tx) { return core_->ReactToEvent(tx, e); }).ok());

  EXPECT_EQ(Count("guard_orders", "procuratorate_code = '520330'"), 1);
  EXPECT_EQ(Count("guard_orders", "id = '" + open.order_id() + "'"), 0);
  EXPECT_EQ(Count("guard_orders", "id = '" + done.order_id() + "'"), 1);  // final: stays
  pb::ListOrdersRequest list;
  auto xs = Do<pb::ListOrdersResponse>(xs_head_, "ListOrders", list);
  ASSERT_TRUE(xs.ok()) << xs.status();
  ASSERT_EQ(xs->orders_size(), 1);
  const pb::Order& there = xs->orders(0);
  EXPECT_EQ(there.case_id(), "case-520330-0000000000000042");
  EXPECT_EQ(there.status(), pb::ORDER_STATUS_UNDER_SUPERVISION);
  EXPECT_EQ(there.assigned_to(), "");
  EXPECT_EQ(there.facts(), "长期放任未成年人辍学、沉迷网络，夜不归宿。");
  EXPECT_EQ(Count("guard_checks", "order_id = '" + there.order_id() + "'"), 1);
  EXPECT_EQ(Count("guard_order_agencies", "order_id = '" + there.order_id() + "'"), 1);
  EXPECT_EQ(Count("audit_log", "action = 'guardianship.order.moved_in'"), 1);
  // The evaluation deadline: cancelled under the old id, open under the new one.
  const std::vector<oversight::v1::DeadlineChanged> left =
      DeadlineChanges("ORDER_EVALUATION:" + open.order_id());
  ASSERT_EQ(left.size(), 2u);
  EXPECT_EQ(left[1].state(), oversight::v1::DEADLINE_CANCELLED);
  const std::vector<oversight::v1::DeadlineChanged> arrived =
      DeadlineChanges("ORDER_EVALUATION:" + there.order_id());
  ASSERT_EQ(arrived.size(), 1u);
  EXPECT_EQ(arrived[0].state(), oversight::v1::DEADLINE_OPEN);
  EXPECT_EQ(arrived[0].procuratorate_code(), "520330");
  EXPECT_EQ(arrived[0].assigned_to(), "");
  EXPECT_EQ(arrived[0].due_at().unix_millis(), left[0].due_at().unix_millis());
  EXPECT_EQ(DeadlineChanges("ORDER_EVALUATION:" + done.order_id()).size(), 2u);  // met before
}

// A topic the guardianship service does not react to (deadline.changed, for the oversight
// service) is acknowledged and ignored.
TEST_F(GuardianshipOrdersTest, TopicsItDoesNotHandleAreAcknowledgedAndIgnored) {
  cpb::Event e;
  e.set_event_id("evt-d1");
  e.set_topic("deadline.changed");
  oversight::v1::DeadlineChanged changed;
  changed.set_item_key("AID_DECISION:aid-520382-1");
  e.mutable_payload()->PackFrom(changed);
  EXPECT_TRUE(
      db::RunInTransaction(*pool_, [&](db::Tx& tx) { return core_->ReactToEvent(tx, e); }).ok());
  EXPECT_EQ(Count("outbox_events"), 0);
  EXPECT_EQ(Count("audit_log"), 0);
}

}  // namespace
}  // namespace shouhu::guardianship
