// End-to-end: guardianship (监护令) on the real binaries with mTLS. A guardianship concern
// referred by a school becomes a case; the caseworker drafts a 督促监护令 naming both parents
// and 妇联 for family-education guidance; the chief approves it (文号); it is served on each
// parent (宣告送达) and order.issued reaches the visit service; 妇联 sees the reduced view and
// records guidance sessions; checks; a NOT_COMPLIED evaluation proposes a 检察建议 that is
// confirmed, approved, served and answered in writing by the addressee (教育局).
// The 事实无人抚养 hand-off to 民政: guardianship_unattended_test.cc.
#include <algorithm>
#include <initializer_list>
#include <optional>
#include <regex>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "support/e2e_calls.h"
#include "support/e2e_platform.h"

namespace shouhu::e2e {
namespace {

const ::testing::Environment* const kPlatform = RegisterPlatform({.with_guardianship = true});

constexpr char kFulian[] = "fulian-renhuai";    // 妇联: guidance agency of the order
constexpr char kTuanwei[] = "tuanwei-renhuai";  // 团委: registered, not named
constexpr char kEdu[] = "edu-renhuai";          // 教育局: addressee of the 检察建议

absl::CivilDay Day(const cpb::Date& d) { return absl::CivilDay(d.year(), d.month(), d.day()); }

// `d` plus `n` calendar months: the same day of the month, or the last day of a shorter
// month (民法典 Art. 203), computed here independently of the service.
absl::CivilDay PlusMonths(absl::CivilDay d, int n) {
  const absl::CivilMonth m = absl::CivilMonth(d) + n;
  const absl::CivilDay last = absl::CivilDay(m + 1) - 1;
  return absl::CivilDay(m.year(), m.month(), std::min<int>(d.day(), last.day()));
}

struct OpenedCase {
  std::string case_id;
  std::string minor_id;
  std::string father_id;
  std::string mother_id;
};

class GuardianshipFlowTest : public PlatformTest {
 protected:
  static Caller G(const User& u) { return P().GuardianshipUser(u); }
  static Caller GA(const std::string& code) { return P().GuardianshipAgency(code); }

  // A guardianship concern from the school, accepted: a case.
  static OpenedCase OpenCase() {
    const pb::Referral r = AcceptedReferral(P().Agency("school-renhuai-1"),
                                            GuardianshipConcern(NewRequestId("gconcern")));
    OpenedCase c{r.case_id(), PersonIdOf(r, pb::PERSON_ROLE_SUBJECT),
                 PersonIdOf(r, pb::PERSON_ROLE_GUARDIAN, "父亲"),
                 PersonIdOf(r, pb::PERSON_ROLE_GUARDIAN, "母亲")};
    EXPECT_FALSE(c.minor_id.empty() || c.father_id.empty() || c.mother_id.empty())
        << r.DebugString();
    return c;
  }

  static gpb::Order GetOrder(const std::string& id) {
    gpb::GetOrderRequest get;
    get.set_order_id(id);
    gpb::Order o;
    grpc::Status st = G(kCaseworker).Call(&GuardOrders::GetOrder, get, &o);
    EXPECT_TRUE(st.ok()) << StatusText(st);
    return o;
  }

  // The guardianship events of `topic` about `order_id` (the event key) that the visit
  // service's inbox recorded.
  static int64_t VisitReceived(const std::string& topic, const std::string& order_id) {
    return P()
        .QueryInt(absl::StrCat(
            "SELECT COUNT(*) FROM inbox_events i JOIN outbox_events o ON o.event_id = i.event_id"
            " WHERE i.receiver = 'visit' AND i.topic = '",
            topic, "' AND o.service = 'guardianship' AND o.topic = '", topic,
            "' AND o.aggregate_id = '", order_id, "'"))
        .value_or(-1);
  }
};

TEST_F(GuardianshipFlowTest, ReferralToOrderToGuidanceToEvaluationToSuggestionReply) {
  const absl::CivilDay today = TodayInChina();
  const OpenedCase c = OpenCase();
  ASSERT_FALSE(c.case_id.empty());

  // 拟制: the caseworker drafts the order naming both parents, 妇联 for guidance.
  const gpb::DraftOrderRequest draft =
      SupervisionOrderDraft(c.case_id, c.father_id, c.mother_id, kFulian);
  const std::string facts = draft.facts();
  gpb::Order order;
  grpc::Status st = G(kCaseworker).Call(&GuardOrders::DraftOrder, draft, &order);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_TRUE(absl::StartsWith(order.order_id(), "gord-520382-")) << order.order_id();
  EXPECT_EQ(order.status(), gpb::ORDER_STATUS_DRAFT);
  EXPECT_EQ(order.minor_person_id(), c.minor_id);
  ASSERT_EQ(order.addressees_size(), 2);
  EXPECT_EQ(order.addressees(0).display_name(), "王**");
  EXPECT_EQ(order.minor_display_name(), "王**");

  // 提请审批 → the chief approves; the caseworker and the head may not.
  const gpb::OrderActionRequest submit = OrderSubmitRequest(order);
  st = G(kCaseworker).Call(&GuardOrders::SubmitOrder, submit, &order);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(order.status(), gpb::ORDER_STATUS_PENDING_APPROVAL);
  gpb::OrderActionRequest approve = OrderApproveRequest(order);
  gpb::Order refused;
  for (const User& u : {kCaseworker, kHead}) {
    st = G(u).Call(&GuardOrders::ApproveOrder, approve, &refused);
    EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED) << u.id << StatusText(st);
  }
  approve.set_request_id(NewRequestId("gapprove"));
  st = G(kChief).Call(&GuardOrders::ApproveOrder, approve, &order);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(order.status(), gpb::ORDER_STATUS_ISSUED);
  EXPECT_TRUE(
      std::regex_match(order.document_number(),
                       std::regex(absl::StrCat("检督监令〔", today.year(), "〕[1-9][0-9]*号"))))
      << order.document_number();
  ASSERT_EQ(order.approvals_size(), 1);
  EXPECT_EQ(order.approvals(0).actor_title(), "chief_procurator");
  EXPECT_EQ(order.approvals(0).actor().principal(), "user:" + kChief.id);

  // 宣告送达: the mother first (still ISSUED, nothing published), then the father.
  gpb::RecordServiceRequest serve;
  serve.set_request_id(NewRequestId("gserve1"));
  serve.set_order_id(order.order_id());
  serve.set_version(order.version());
  *serve.add_guardians() = ServedGuardian(c.mother_id);
  serve.add_attendees("学校");
  st = G(kCaseworker).Call(&GuardOrders::RecordService, serve, &order);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(order.status(), gpb::ORDER_STATUS_ISSUED);
  EXPECT_EQ(P().QueryInt(absl::StrCat("SELECT COUNT(*) FROM outbox_events WHERE topic ="
                                      " 'order.issued' AND aggregate_id = '",
                                      order.order_id(), "'"))
                .value_or(-1),
            0);
  serve.set_request_id(NewRequestId("gserve2"));
  serve.set_version(order.version());
  *serve.mutable_guardians(0) = ServedGuardian(c.father_id);
  serve.set_attendees(0, "村委会");
  st = G(kCaseworker).Call(&GuardOrders::RecordService, serve, &order);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(order.status(), gpb::ORDER_STATUS_UNDER_SUPERVISION);
  EXPECT_EQ(Day(order.compliance_starts_on()), today);
  EXPECT_EQ(Day(order.compliance_ends_on()), PlusMonths(today, 3));

  // order.issued reaches the visit service (outbox relay: asynchronous).
  EXPECT_TRUE(WaitFor([&] { return VisitReceived("order.issued", order.order_id()) == 1; },
                      absl::Seconds(30)))
      << "the visit inbox has no order.issued of " << order.order_id();

  // 妇联 lists the order and sees the reduced view: masked names, no facts, no case id.
  gpb::ListAgencyOrdersResponse listed;
  st = GA(kFulian).Call(&GuardOrders::ListAgencyOrders, gpb::ListAgencyOrdersRequest(), &listed);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_TRUE(std::any_of(listed.orders().begin(), listed.orders().end(),
                          [&](const auto& v) { return v.order_id() == order.order_id(); }));
  gpb::GetOrderRequest get;
  get.set_order_id(order.order_id());
  gpb::AgencyOrderView view;
  st = GA(kFulian).Call(&GuardOrders::GetAgencyOrder, get, &view);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(view.status(), gpb::ORDER_STATUS_UNDER_SUPERVISION);
  EXPECT_EQ(view.minor_display_name(), "王**");
  ASSERT_EQ(view.guardians_size(), 2);
  EXPECT_EQ(view.guardians(0).display_name(), "王**");
  EXPECT_EQ(view.guardians(1).display_name(), "张**");
  EXPECT_EQ(view.guidance_focus(), draft.guidance_focus());
  EXPECT_EQ(view.arrangement().agency_code(), kFulian);
  EXPECT_EQ(Day(view.compliance_ends_on()), PlusMonths(today, 3));
  const std::string bytes = view.SerializeAsString();
  for (const std::string& hidden :
       {facts, c.case_id, std::string("王小军"), std::string("王建国"), order.document_number()}) {
    EXPECT_FALSE(absl::StrContains(bytes, hidden)) << hidden;
  }

  // Another agency: PERMISSION_DENIED for this order, and the same answer for an id that
  // does not exist (it learns nothing); the procuratorate's own view is not for agencies.
  const std::string unknown = absl::StrCat("gord-520382-", std::string(16, '0'));
  grpc::Status denied_known, denied_unknown;
  {
    gpb::AgencyOrderView none;
    denied_known = GA(kTuanwei).Call(&GuardOrders::GetAgencyOrder, get, &none);
    gpb::GetOrderRequest get_unknown;
    get_unknown.set_order_id(unknown);
    denied_unknown = GA(kTuanwei).Call(&GuardOrders::GetAgencyOrder, get_unknown, &none);
    EXPECT_EQ(GA(kFulian).Call(&GuardOrders::GetAgencyOrder, get_unknown, &none).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  EXPECT_EQ(denied_known.error_code(), grpc::StatusCode::PERMISSION_DENIED)
      << StatusText(denied_known);
  EXPECT_EQ(denied_unknown.error_code(), denied_known.error_code()) << StatusText(denied_unknown);
  EXPECT_EQ(denied_unknown.error_message(), denied_known.error_message());
  gpb::Order staff_view;
  EXPECT_EQ(GA(kFulian).Call(&GuardOrders::GetOrder, get, &staff_view).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // 家庭教育指导: 妇联 records one session attended and one missed; 团委 may not.
  for (bool attended : {true, false}) {
    gpb::RecordGuidanceSessionRequest session;
    session.set_request_id(NewRequestId("gsession"));
    session.set_order_id(order.order_id());
    session.set_arrangement_index(0);
    *session.mutable_held_on() = DateOf(today);
    session.set_attended(attended);
    session.set_minutes(attended ? 90 : 0);
    session.set_topic(attended ? "亲子沟通" : "监护人未到场");
    gpb::GuidanceSession out;
    st = GA(kFulian).Call(&GuardOrders::RecordGuidanceSession, session, &out);
    ASSERT_TRUE(st.ok()) << StatusText(st);
    EXPECT_TRUE(absl::StartsWith(out.session_id(), "gses-520382-")) << out.session_id();
    EXPECT_EQ(out.recorded_by().principal(), absl::StrCat("agency:", kFulian));
    if (attended) {
      session.set_request_id(NewRequestId("gsession"));
      EXPECT_EQ(GA(kTuanwei).Call(&GuardOrders::RecordGuidanceSession, session, &out).error_code(),
                grpc::StatusCode::PERMISSION_DENIED);
      session.set_order_id(unknown);
      EXPECT_EQ(GA(kTuanwei).Call(&GuardOrders::RecordGuidanceSession, session, &out).error_code(),
                grpc::StatusCode::PERMISSION_DENIED);
    }
  }

  // 监督: the caseworker's home visit and 妇联's feedback.
  gpb::RecordComplianceCheckRequest check;
  check.set_request_id(NewRequestId("gcheck"));
  gpb::ComplianceCheck* cc = check.mutable_check();
  cc->set_order_id(order.order_id());
  *cc->mutable_checked_on() = DateOf(today);
  cc->set_method(gpb::CHECK_METHOD_HOME_VISIT);
  (*cc->mutable_action_progress())[1] = gpb::PROGRESS_IN_PROGRESS;
  (*cc->mutable_action_progress())[2] = gpb::PROGRESS_NOT_STARTED;
  cc->set_notes("家访：父亲已返乡，学生仍有旷课。");
  gpb::ComplianceCheck recorded;
  st = G(kCaseworker).Call(&GuardOrders::RecordComplianceCheck, check, &recorded);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  check.set_request_id(NewRequestId("gfeedback"));
  cc->set_method(gpb::CHECK_METHOD_GUIDANCE_FEEDBACK);
  cc->set_notes("监护人参加指导一次，缺席一次。");
  st = GA(kFulian).Call(&GuardOrders::RecordComplianceCheck, check, &recorded);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(recorded.source_agency_code(), kFulian);
  gpb::ListComplianceChecksRequest checks_req;
  checks_req.set_order_id(order.order_id());
  gpb::ListComplianceChecksResponse checks;
  st = GA(kFulian).Call(&GuardOrders::ListComplianceChecks, checks_req, &checks);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(checks.checks_size(), 1) << "an agency lists its own feedback only";
  gpb::GetSupervisionSummaryRequest summary_req;
  summary_req.set_order_id(order.order_id());
  gpb::SupervisionSummary summary;
  st = G(kCaseworker).Call(&GuardOrders::GetSupervisionSummary, summary_req, &summary);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(summary.checks(), 2);
  EXPECT_EQ(summary.agency_feedbacks(), 1);
  EXPECT_EQ(summary.sessions_planned(), 4);
  EXPECT_EQ(summary.sessions_attended(), 1);
  EXPECT_EQ(summary.sessions_missed(), 1);

  // 评估: the head (not the drafter) finds it not complied; a 检察建议 to 教育局 is proposed.
  order = GetOrder(order.order_id());
  gpb::EvaluateOrderRequest evaluate;
  evaluate.set_request_id(NewRequestId("geval"));
  evaluate.set_order_id(order.order_id());
  evaluate.set_version(order.version());
  evaluate.mutable_evaluation()->set_overall(gpb::OVERALL_FINDING_NOT_COMPLIED);
  evaluate.mutable_evaluation()->set_summary("监护人未落实照护安排，学生仍旷课。");
  for (int seq : {1, 2}) {
    gpb::ActionOutcome* a = evaluate.mutable_evaluation()->add_action_outcomes();
    a->set_sequence(seq);
    a->set_progress(seq == 1 ? gpb::PROGRESS_IN_PROGRESS : gpb::PROGRESS_NOT_STARTED);
  }
  evaluate.set_propose_kind(gpb::ESCALATION_KIND_PROCURATORIAL_SUGGESTION);
  evaluate.set_propose_addressee_agency_code(kEdu);
  gpb::Order evaluated;
  st = G(kCaseworker).Call(&GuardOrders::EvaluateOrder, evaluate, &evaluated);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED) << StatusText(st);
  evaluate.set_request_id(NewRequestId("geval"));
  st = G(kHead).Call(&GuardOrders::EvaluateOrder, evaluate, &evaluated);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(evaluated.status(), gpb::ORDER_STATUS_NOT_COMPLIED);
  EXPECT_TRUE(evaluated.evaluation().escalation_proposed());
  const std::string esc_id = evaluated.evaluation().proposed_escalation_id();
  EXPECT_TRUE(WaitFor([&] { return VisitReceived("order.ended", order.order_id()) == 1; },
                      absl::Seconds(30)))
      << "the visit inbox has no order.ended of " << order.order_id();
  ASSERT_TRUE(absl::StartsWith(esc_id, "gesc-520382-")) << evaluated.evaluation().DebugString();

  // The proposed draft: the caseworker completes and submits it; the chief approves.
  gpb::GetEscalationRequest get_esc;
  get_esc.set_escalation_id(esc_id);
  gpb::Escalation esc;
  st = G(kCaseworker).Call(&GuardEscalations::GetEscalation, get_esc, &esc);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(esc.status(), gpb::ESCALATION_STATUS_DRAFT);
  EXPECT_EQ(esc.proposed_by_order_id(), order.order_id());
  EXPECT_EQ(esc.addressee_agency_code(), kEdu);
  EXPECT_EQ(esc.basis(), gpb::SUGGESTION_BASIS_MINORS_PROTECTION_ART_114);
  gpb::DraftEscalationRequest edit;
  edit.set_request_id(NewRequestId("gesc-edit"));
  edit.set_escalation_id(esc_id);
  edit.set_version(esc.version());
  edit.set_case_id(c.case_id);
  edit.set_order_id(order.order_id());
  edit.set_kind(gpb::ESCALATION_KIND_PROCURATORIAL_SUGGESTION);
  edit.set_addressee_agency_code(kEdu);
  edit.set_content("建议督促学校落实控辍保学责任，协助监护人落实照护安排。");
  edit.set_basis(gpb::SUGGESTION_BASIS_MINORS_PROTECTION_ART_114);
  st = G(kCaseworker).Call(&GuardEscalations::DraftEscalation, edit, &esc);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  gpb::EscalationActionRequest act;
  act.set_request_id(NewRequestId("gesc-submit"));
  act.set_escalation_id(esc_id);
  act.set_version(esc.version());
  st = G(kCaseworker).Call(&GuardEscalations::SubmitEscalation, act, &esc);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(esc.status(), gpb::ESCALATION_STATUS_PENDING_APPROVAL);
  act.set_request_id(NewRequestId("gesc-approve"));
  act.set_version(esc.version());
  act.set_agree(true);
  gpb::Escalation not_approved;
  st = G(kHead).Call(&GuardEscalations::ApproveEscalation, act, &not_approved);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED)
      << "the chief approves (policy step actors) " << StatusText(st);
  act.set_request_id(NewRequestId("gesc-approve"));
  st = G(kChief).Call(&GuardEscalations::ApproveEscalation, act, &esc);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(esc.status(), gpb::ESCALATION_STATUS_ISSUED);
  EXPECT_TRUE(std::regex_match(esc.document_number(),
                               std::regex(absl::StrCat("检建〔", today.year(), "〕[1-9][0-9]*号"))))
      << esc.document_number();
  EXPECT_EQ(Day(esc.issued_on()), today);
  EXPECT_EQ(Day(esc.reply_due_on()), PlusMonths(today, 1));
  act.set_request_id(NewRequestId("gesc-served"));
  act.set_version(esc.version());
  act.set_agree(false);
  *act.mutable_on() = DateOf(today);
  st = G(kCaseworker).Call(&GuardEscalations::RecordEscalationServed, act, &esc);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(esc.status(), gpb::ESCALATION_STATUS_SERVED);
  // 未保法 Art. 114: a written reply within one calendar month.
  EXPECT_EQ(Day(esc.reply_due_on()), PlusMonths(today, 1));
  EXPECT_FALSE(esc.reply_overdue());

  // The addressee lists it and replies in writing; 妇联 sees nothing of it.
  gpb::ListAgencyEscalationsResponse addressed;
  st = GA(kEdu).Call(&GuardEscalations::ListAgencyEscalations, gpb::ListAgencyEscalationsRequest(),
                     &addressed);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  const gpb::AgencyEscalationView* mine = nullptr;
  for (const auto& v : addressed.escalations()) {
    if (v.escalation_id() == esc_id) mine = &v;
  }
  ASSERT_NE(mine, nullptr) << addressed.DebugString();
  EXPECT_EQ(mine->document_number(), esc.document_number());
  EXPECT_EQ(Day(mine->reply_due_on()), PlusMonths(today, 1));
  EXPECT_EQ(mine->content(), edit.content());
  EXPECT_FALSE(absl::StrContains(mine->SerializeAsString(), c.case_id));
  // Another agency: the same PERMISSION_DENIED for this escalation as for an unknown id.
  gpb::AgencyEscalationView other;
  const grpc::Status esc_known =
      GA(kFulian).Call(&GuardEscalations::GetAgencyEscalation, get_esc, &other);
  gpb::GetEscalationRequest get_unknown_esc;
  get_unknown_esc.set_escalation_id(absl::StrCat("gesc-520382-", std::string(16, '0')));
  const grpc::Status esc_unknown =
      GA(kFulian).Call(&GuardEscalations::GetAgencyEscalation, get_unknown_esc, &other);
  EXPECT_EQ(esc_known.error_code(), grpc::StatusCode::PERMISSION_DENIED) << StatusText(esc_known);
  EXPECT_EQ(esc_unknown.error_code(), esc_known.error_code()) << StatusText(esc_unknown);
  EXPECT_EQ(esc_unknown.error_message(), esc_known.error_message());
  gpb::EscalationUpdateRequest reply;
  reply.set_request_id(NewRequestId("gesc-reply"));
  reply.set_escalation_id(esc_id);
  reply.set_version(mine->version());
  *reply.mutable_on() = DateOf(today);
  reply.set_summary("已责成学校落实控辍保学，学生已返校。");
  gpb::Escalation replied;
  const grpc::Status reply_known =
      GA(kFulian).Call(&GuardEscalations::RecordEscalationReply, reply, &replied);
  gpb::EscalationUpdateRequest reply_unknown = reply;
  reply_unknown.set_escalation_id(get_unknown_esc.escalation_id());
  const grpc::Status reply_unknown_st =
      GA(kFulian).Call(&GuardEscalations::RecordEscalationReply, reply_unknown, &replied);
  EXPECT_EQ(reply_known.error_code(), grpc::StatusCode::PERMISSION_DENIED)
      << StatusText(reply_known);
  EXPECT_EQ(reply_unknown_st.error_message(), reply_known.error_message())
      << StatusText(reply_unknown_st);
  reply.set_request_id(NewRequestId("gesc-reply"));
  st = GA(kEdu).Call(&GuardEscalations::RecordEscalationReply, reply, &replied);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  st = G(kCaseworker).Call(&GuardEscalations::GetEscalation, get_esc, &esc);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(esc.status(), gpb::ESCALATION_STATUS_REPLIED);
  EXPECT_EQ(Day(esc.replied_on()), today);
  EXPECT_EQ(esc.reply_summary(), reply.summary());
  EXPECT_FALSE(esc.reply_overdue());
  gpb::ListEscalationsRequest overdue_req;
  overdue_req.set_case_id(c.case_id);
  overdue_req.set_reply_overdue_only(true);
  gpb::ListEscalationsResponse overdue;
  st = G(kCaseworker).Call(&GuardEscalations::ListEscalations, overdue_req, &overdue);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(overdue.escalations_size(), 0) << overdue.DebugString();
}

}  // namespace
}  // namespace shouhu::e2e
