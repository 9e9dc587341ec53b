// EscalationService on a real MariaDB, through its handlers: the whole life of a 检察建议
// (draft, submit, approve with a gapless number, served, reply by the addressee, close,
// follow-up), reply overdue at read time, separation of duties and titles, bad input
// naming the field with nothing written, stale versions, replay by request id, agency and
// procuratorate isolation, court answers and identity disclosure.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "common/base/dates.h"
#include "common/db/deadline_events.h"
#include "guardianship/escalation_grpc.h"
#include "guardianship/escalation_ops.h"
#include "integration/guardianship/guardianship_fixture.h"
#include "support/table_counts.h"

namespace shouhu::guardianship {
namespace {

using absl::CivilDay;
using ::shouhu::testing::kRenhuai;
using ::shouhu::testing::User;

class EscalationTest : public ::shouhu::testing::GuardianshipFixture {
 protected:
  void SetUp() override {
    GuardianshipFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    core_ = std::make_unique<EscalationCore>(deps_);
    table_ = std::make_unique<MethodTable>(EscalationMethods(core_.get()));
    ASSERT_TRUE(table_->status().ok()) << table_->status();
  }

  template <typename Resp>
  absl::StatusOr<Resp> Do(const Principal& p, const std::string& method,
                          const google::protobuf::Message& req) {
    return Call<Resp>(*table_, p, method, req);
  }

  pb::DraftEscalationRequest DraftReq(const std::string& agency = "mz-renhuai") {
    pb::DraftEscalationRequest r;
    r.set_request_id(Rid());
    r.set_case_id(kCase);
    r.set_kind(pb::ESCALATION_KIND_PROCURATORIAL_SUGGESTION);
    r.set_basis(pb::SUGGESTION_BASIS_MINORS_PROTECTION_ART_114);
    r.set_addressee_agency_code(agency);
    r.set_content("监护人长期外出务工，未成年人无人照料，建议落实临时照护");
    return r;
  }
  absl::StatusOr<pb::Escalation> Draft(const pb::DraftEscalationRequest& r,
                                       const Principal* p = nullptr) {
    return Do<pb::Escalation>(p ? *p : zhang_, "DraftEscalation", r);
  }
  absl::StatusOr<pb::Escalation> Action(const Principal& p, const std::string& method,
                                        const pb::Escalation& e, bool agree = true,
                                        const std::string& note = "",
                                        std::optional<CivilDay> on = std::nullopt) {
    pb::EscalationActionRequest r;
    r.set_request_id(Rid());
    r.set_escalation_id(e.escalation_id());
    r.set_version(e.version());
    r.set_agree(agree);
    r.set_note(note);
    if (on) *r.mutable_on() = FromCivilDay(*on);
    return Do<pb::Escalation>(p, method, r);
  }
  absl::StatusOr<pb::Escalation> Update(const Principal& p, const std::string& method,
                                        const pb::Escalation& e, const std::string& summary,
                                        pb::EscalationOutcome outcome,
                                        std::optional<CivilDay> on = std::nullopt) {
    pb::EscalationUpdateRequest r;
    r.set_request_id(Rid());
    r.set_escalation_id(e.escalation_id());
    r.set_version(e.version());
    r.set_summary(summary);
    r.set_outcome(outcome);
    if (on) *r.mutable_on() = FromCivilDay(*on);
    return Do<pb::Escalation>(p, method, r);
  }
  // Drafted, submitted and approved by the deputy chief: ISSUED on 10 March 2025.
  pb::Escalation Issued(const std::string& agency = "mz-renhuai",
                        pb::EscalationKind kind = pb::ESCALATION_KIND_PROCURATORIAL_SUGGESTION) {
    pb::DraftEscalationRequest r = DraftReq(agency);
    r.set_kind(kind);
    if (kind != pb::ESCALATION_KIND_PROCURATORIAL_SUGGESTION) r.clear_basis();
    auto d = Draft(r);
    EXPECT_TRUE(d.ok()) << d.status();
    auto s = Action(zhang_, "SubmitEscalation", *d);
    EXPECT_TRUE(s.ok()) << s.status();
    auto a = Action(deputy_, "ApproveEscalation", *s, true, "同意");
    EXPECT_TRUE(a.ok()) << a.status();
    return a.ok() ? *a : pb::Escalation();
  }

  std::unique_ptr<EscalationCore> core_;
  std::unique_ptr<MethodTable> table_;
};

TEST_F(EscalationTest, ASuggestionFromDraftToCloseAndFollowUp) {
  auto d = Draft(DraftReq());
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->status(), pb::ESCALATION_STATUS_DRAFT);
  EXPECT_EQ(d->version(), 1);
  EXPECT_EQ(d->drafted_by().principal(), "user:u-zhang");
  // The content is sealed at rest.
  EXPECT_EQ(Count("guard_escalations", "content_enc LIKE '%监护人%'"), 0);

  auto s = Action(zhang_, "SubmitEscalation", *d);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->status(), pb::ESCALATION_STATUS_PENDING_APPROVAL);
  auto a = Action(deputy_, "ApproveEscalation", *s, true, "同意发出");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->status(), pb::ESCALATION_STATUS_ISSUED);
  EXPECT_EQ(a->document_number(), "检建〔2025〕1号") << a->document_number();
  EXPECT_EQ(ToCivilDay(a->issued_on()), CivilDay(2025, 3, 10));
  EXPECT_EQ(ToCivilDay(a->reply_due_on()), CivilDay(2025, 4, 10));
  ASSERT_EQ(a->approvals_size(), 1);
  EXPECT_EQ(a->approvals(0).actor_title(), "deputy_chief_procurator");

  // Served two days later: the month runs from service.
  clock_.Advance(absl::Hours(48));
  auto sv = Action(zhang_, "RecordEscalationServed", *a, true, "", CivilDay(2025, 3, 12));
  ASSERT_TRUE(sv.ok()) << sv.status();
  EXPECT_EQ(sv->status(), pb::ESCALATION_STATUS_SERVED);
  EXPECT_EQ(ToCivilDay(sv->reply_due_on()), CivilDay(2025, 4, 12));

  // The addressee sees it in its view, without the case.
  pb::GetEscalationRequest g;
  g.set_escalation_id(d->escalation_id());
  auto view = Do<pb::AgencyEscalationView>(minzheng_, "GetAgencyEscalation", g);
  ASSERT_TRUE(view.ok()) << view.status();
  EXPECT_EQ(view->document_number(), a->document_number());
  EXPECT_EQ(view->content(), DraftReq().content());
  EXPECT_FALSE(view->reply_overdue());
  // Another agency does not.
  auto other = Do<pb::AgencyEscalationView>(fulian_, "GetAgencyEscalation", g);
  EXPECT_EQ(other.status().code(), absl::StatusCode::kPermissionDenied) << other.status();
  pb::ListAgencyEscalationsRequest la;
  auto fl_list = Do<pb::ListAgencyEscalationsResponse>(fulian_, "ListAgencyEscalations", la);
  ASSERT_TRUE(fl_list.ok());
  EXPECT_EQ(fl_list->escalations_size(), 0);
  auto mz_list = Do<pb::ListAgencyEscalationsResponse>(minzheng_, "ListAgencyEscalations", la);
  ASSERT_TRUE(mz_list.ok());
  EXPECT_EQ(mz_list->escalations_size(), 1);

  // The addressee replies; another agency may not.
  auto denied = Update(fulian_, "RecordEscalationReply", *sv, "已落实", {}, CivilDay(2025, 3, 12));
  EXPECT_EQ(denied.status().code(), absl::StatusCode::kPermissionDenied);
  auto rep = Update(minzheng_, "RecordEscalationReply", *sv, "已安排临时照护，但监护人拒不配合", {},
                    CivilDay(2025, 3, 12));
  ASSERT_TRUE(rep.ok()) << rep.status();
  EXPECT_EQ(rep->status(), pb::ESCALATION_STATUS_REPLIED);
  EXPECT_FALSE(rep->reply_overdue());

  auto closed =
      Update(zhang_, "CloseEscalation", *rep, "回复未落实建议", pb::ESCALATION_OUTCOME_NOT_ADOPTED);
  ASSERT_TRUE(closed.ok()) << closed.status();
  EXPECT_EQ(closed->status(), pb::ESCALATION_STATUS_CLOSED);
  EXPECT_EQ(closed->outcome_note(), "回复未落实建议");
  EXPECT_EQ(Count("guard_escalations", "closed_on = '2025-03-12'"), 1);

  // Follow-up of the suggestion not adopted.
  pb::DraftEscalationRequest f = DraftReq();
  f.set_kind(pb::ESCALATION_KIND_REVOCATION);
  f.clear_basis();
  f.set_follows_escalation_id(d->escalation_id());
  auto follow = Draft(f);
  ASSERT_TRUE(follow.ok()) << follow.status();
  EXPECT_EQ(follow->follows_escalation_id(), d->escalation_id());
  EXPECT_EQ(follow->basis(), pb::SUGGESTION_BASIS_GENERAL_RULES);
  // An escalation still open cannot be followed up.
  f.set_request_id(Rid());
  f.set_follows_escalation_id(follow->escalation_id());
  EXPECT_TRUE(HasField(Draft(f).status(), "follows_escalation_id"));

  // The written reply is a watched deadline (topic "deadline.changed"): started on issue,
  // moved by the service, met by the reply (on its day); the closing tells nothing more.
  namespace opb = ::shouhu::oversight::v1;
  const auto day = [](CivilDay d, bool end) {
    return absl::ToUnixMillis(end ? db::DeadlineDayEnd(d) : db::DeadlineDayStart(d));
  };
  const std::vector<opb::DeadlineChanged> reply =
      DeadlineChanges("SUGGESTION_REPLY:" + d->escalation_id());
  ASSERT_EQ(reply.size(), 3u);
  EXPECT_EQ(reply[0].kind(), opb::SUGGESTION_REPLY);
  EXPECT_EQ(reply[0].state(), opb::DEADLINE_OPEN);
  EXPECT_EQ(reply[0].record_id(), d->escalation_id());
  EXPECT_EQ(reply[0].case_id(), d->case_id());
  EXPECT_EQ(reply[0].procuratorate_code(), kRenhuai);
  EXPECT_EQ(reply[0].assigned_to(), "person:u-zhang");
  EXPECT_EQ(reply[0].started_at().unix_millis(), day(CivilDay(2025, 3, 10), false));
  EXPECT_EQ(reply[0].due_at().unix_millis(), day(CivilDay(2025, 4, 10), true));
  EXPECT_EQ(reply[0].sequence(), a->version());
  EXPECT_EQ(reply[1].state(), opb::DEADLINE_OPEN);
  EXPECT_EQ(reply[1].due_at().unix_millis(), day(CivilDay(2025, 4, 12), true));
  EXPECT_EQ(reply[1].sequence(), sv->version());
  EXPECT_EQ(reply[2].state(), opb::DEADLINE_MET);
  EXPECT_LE(reply[2].ended_at().unix_millis(), day(CivilDay(2025, 3, 12), true));
  EXPECT_EQ(reply[2].sequence(), rep->version());

  for (const char* action : {"draft", "submit", "approve", "served", "reply", "close"}) {
    EXPECT_EQ(Count("audit_log", absl::StrCat("action = 'guardianship.escalation.", action, "'")),
              std::string(action) == "draft" ? 2 : 1)
        << action;
  }
}

TEST_F(EscalationTest, ClosingWithoutAReplyCancelsTheReplyDeadline) {
  namespace opb = ::shouhu::oversight::v1;
  pb::Escalation a = Issued();
  auto closed = Update(zhang_, "CloseEscalation", a, "情况已消除，不再需要回复",
                       pb::ESCALATION_OUTCOME_WITHDRAWN);
  ASSERT_TRUE(closed.ok()) << closed.status();
  const std::vector<opb::DeadlineChanged> reply =
      DeadlineChanges("SUGGESTION_REPLY:" + a.escalation_id());
  ASSERT_EQ(reply.size(), 2u);
  EXPECT_EQ(reply[0].state(), opb::DEADLINE_OPEN);
  EXPECT_EQ(reply[1].state(), opb::DEADLINE_CANCELLED);
  EXPECT_EQ(reply[1].ended_at().unix_millis(), absl::ToUnixMillis(clock_.Now()));
  EXPECT_EQ(reply[1].sequence(), closed->version());
}

TEST_F(EscalationTest, ReplyOverdueIsComputedAtReadTimeAndListable) {
  pb::Escalation a = Issued();
  ASSERT_FALSE(a.escalation_id().empty());
  pb::Escalation other = Issued("fl-renhuai");
  pb::ListEscalationsRequest l;
  l.set_reply_overdue_only(true);
  auto none = Do<pb::ListEscalationsResponse>(zhang_, "ListEscalations", l);
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_EQ(none->escalations_size(), 0);

  clock_.Set(China(2025, 4, 10, 23));  // the due day: in time
  none = Do<pb::ListEscalationsResponse>(zhang_, "ListEscalations", l);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->escalations_size(), 0);

  clock_.Set(China(2025, 4, 11, 9));
  // The fl-renhuai one is answered a day late: late, but no longer awaiting a reply.
  auto rep = Update(fulian_, "RecordEscalationReply", other, "已回复", {}, CivilDay(2025, 4, 11));
  ASSERT_TRUE(rep.ok()) << rep.status();
  auto late = Do<pb::ListEscalationsResponse>(zhang_, "ListEscalations", l);
  ASSERT_TRUE(late.ok());
  ASSERT_EQ(late->escalations_size(), 1);
  EXPECT_EQ(late->escalations(0).escalation_id(), a.escalation_id());
  EXPECT_TRUE(late->escalations(0).reply_overdue());
  pb::ListAgencyEscalationsRequest la;
  la.set_reply_overdue_only(true);
  auto mz = Do<pb::ListAgencyEscalationsResponse>(minzheng_, "ListAgencyEscalations", la);
  ASSERT_TRUE(mz.ok());
  ASSERT_EQ(mz->escalations_size(), 1);
  EXPECT_TRUE(mz->escalations(0).reply_overdue());

  // All of them, paged one by one, newest first.
  pb::ListEscalationsRequest all;
  all.set_page_size(1);
  auto p1 = Do<pb::ListEscalationsResponse>(head_, "ListEscalations", all);
  ASSERT_TRUE(p1.ok());
  ASSERT_EQ(p1->escalations_size(), 1);
  EXPECT_EQ(p1->escalations(0).escalation_id(), other.escalation_id());
  all.set_page_token(p1->next_page_token());
  auto p2 = Do<pb::ListEscalationsResponse>(head_, "ListEscalations", all);
  ASSERT_TRUE(p2.ok());
  ASSERT_EQ(p2->escalations_size(), 1);
  EXPECT_EQ(p2->escalations(0).escalation_id(), a.escalation_id());
  EXPECT_TRUE(p2->next_page_token().empty());
}

TEST_F(EscalationTest, ApprovalNeedsATitledChiefWhoDidNotDraftIt) {
  const Principal head_chief =
      User("u-head-chief", kRenhuai, {Role::kDepartmentHead, Role::kChief}, "chief_procurator");
  auto d = Draft(DraftReq(), &head_chief);
  ASSERT_TRUE(d.ok()) << d.status();
  auto s = Action(head_chief, "SubmitEscalation", *d);
  ASSERT_TRUE(s.ok()) << s.status();
  auto own = Action(head_chief, "ApproveEscalation", *s);
  EXPECT_EQ(own.status().code(), absl::StatusCode::kPermissionDenied) << own.status();
  auto untitled = Action(untitled_chief_, "ApproveEscalation", *s);
  EXPECT_EQ(untitled.status().code(), absl::StatusCode::kPermissionDenied);
  auto worker = Action(zhang_, "ApproveEscalation", *s);
  EXPECT_EQ(worker.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Count("guard_doc_counters", "last_number > 0"), 0);
  // Returned with an opinion (required), then approved: numbers stay gapless.
  auto no_note = Action(chief_, "ApproveEscalation", *s, false, "");
  EXPECT_TRUE(HasField(no_note.status(), "note"));
  auto back = Action(chief_, "ApproveEscalation", *s, false, "事实部分需补充");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->status(), pb::ESCALATION_STATUS_DRAFT);
  EXPECT_TRUE(back->document_number().empty());
  pb::Escalation second = Issued();
  EXPECT_EQ(second.document_number(), "检建〔2025〕1号");
  pb::Escalation third = Issued();
  EXPECT_EQ(third.document_number(), "检建〔2025〕2号");
}

TEST_F(EscalationTest, BadInputNamesTheFieldAndWritesNothing) {
  auto before = ::shouhu::testing::CountEveryTable(*pool_);
  ASSERT_TRUE(before.ok());
  pb::DraftEscalationRequest r = DraftReq();
  r.clear_basis();
  EXPECT_TRUE(HasField(Draft(r).status(), "basis"));
  r = DraftReq();
  r.set_content("");
  EXPECT_TRUE(HasField(Draft(r).status(), "content"));
  r = DraftReq("no-such-agency");
  EXPECT_TRUE(HasField(Draft(r).status(), "addressee_agency_code"));
  r = DraftReq();
  r.set_order_id("gord-520382-nothere");
  EXPECT_TRUE(HasField(Draft(r).status(), "order_id"));
  r = DraftReq();
  r.set_kind(static_cast<pb::EscalationKind>(99));
  EXPECT_TRUE(HasField(Draft(r).status(), "kind"));
  auto after = ::shouhu::testing::CountEveryTable(*pool_);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(::shouhu::testing::DescribeChange(*before, *after), "");

  pb::Escalation a = Issued();
  auto early = Action(zhang_, "RecordEscalationServed", a, true, "", CivilDay(2025, 3, 9));
  EXPECT_TRUE(HasField(early.status(), "on"));
  auto future = Action(zhang_, "RecordEscalationServed", a, true, "", CivilDay(2025, 3, 11));
  EXPECT_TRUE(HasField(future.status(), "on"));
  auto no_summary = Update(zhang_, "RecordEscalationReply", a, "", {}, CivilDay(2025, 3, 10));
  EXPECT_TRUE(HasField(no_summary.status(), "summary"));
  auto no_outcome = Update(zhang_, "CloseEscalation", a, "x", {});
  EXPECT_TRUE(HasField(no_outcome.status(), "outcome"));
  auto read = Do<pb::Escalation>(zhang_, "GetEscalation", [&] {
    pb::GetEscalationRequest g;
    g.set_escalation_id(a.escalation_id());
    return g;
  }());
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->version(), a.version());
}

TEST_F(EscalationTest, StaleVersionIsAbortedAndReplayReturnsTheStoredAnswer) {
  pb::DraftEscalationRequest r = DraftReq();
  auto first = Draft(r);
  ASSERT_TRUE(first.ok()) << first.status();
  auto again = Draft(r);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->escalation_id(), first->escalation_id());
  EXPECT_EQ(Count("guard_escalations"), 1);

  // Edit the draft with its version, then a stale edit.
  pb::DraftEscalationRequest edit = DraftReq();
  edit.set_escalation_id(first->escalation_id());
  edit.set_version(1);
  edit.set_content("补充：未成年人已辍学两个月");
  auto edited = Draft(edit);
  ASSERT_TRUE(edited.ok()) << edited.status();
  EXPECT_EQ(edited->version(), 2);
  EXPECT_EQ(edited->content(), "补充：未成年人已辍学两个月");
  auto stale = Action(zhang_, "SubmitEscalation", *first);
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted) << stale.status();
  edit.set_request_id(Rid());
  EXPECT_EQ(Draft(edit).status().code(), absl::StatusCode::kAborted);
}

TEST_F(EscalationTest, OtherProcuratoratesAndUnknownIds) {
  pb::Escalation a = Issued();
  pb::GetEscalationRequest g;
  g.set_escalation_id(a.escalation_id());
  EXPECT_EQ(Do<pb::Escalation>(xs_worker_, "GetEscalation", g).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Action(xs_worker_, "RecordEscalationServed", a, true, "", CivilDay(2025, 3, 10))
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  g.set_escalation_id("gesc-520382-unknown");
  EXPECT_EQ(Do<pb::Escalation>(zhang_, "GetEscalation", g).status().code(),
            absl::StatusCode::kNotFound);
  pb::DraftEscalationRequest r = DraftReq();
  r.set_case_id(kXsCase);
  EXPECT_EQ(Draft(r).status().code(), absl::StatusCode::kPermissionDenied);
  // A caseworker not assigned to the case may read but not draft.
  EXPECT_EQ(Draft(DraftReq(), &wang_).status().code(), absl::StatusCode::kPermissionDenied);
  // Drafts are not shown to the addressee: refused exactly like an unknown id.
  auto d = Draft(DraftReq());
  ASSERT_TRUE(d.ok());
  g.set_escalation_id(d->escalation_id());
  auto draft_view = Do<pb::AgencyEscalationView>(minzheng_, "GetAgencyEscalation", g);
  EXPECT_EQ(draft_view.status().code(), absl::StatusCode::kPermissionDenied);
  pb::GetEscalationRequest unknown;
  unknown.set_escalation_id(d->escalation_id() + "x");
  EXPECT_EQ(
      draft_view.status().message(),
      Do<pb::AgencyEscalationView>(minzheng_, "GetAgencyEscalation", unknown).status().message());
}

TEST_F(EscalationTest, CourtAnswers) {
  pb::Escalation a = Issued("fy-renhuai", pb::ESCALATION_KIND_COURT_GUIDANCE_REQUEST);
  EXPECT_EQ(a.document_number(), "检建家令〔2025〕1号") << a.document_number();
  EXPECT_FALSE(a.has_reply_due_on());
  pb::RecordCourtAnswerRequest r;
  r.set_request_id(Rid());
  r.set_escalation_id(a.escalation_id());
  r.set_version(a.version());
  r.mutable_answer()->set_kind(pb::COURT_ANSWER_KIND_GRANTED);
  *r.mutable_answer()->mutable_answered_on() = FromCivilDay(CivilDay(2025, 3, 10));
  EXPECT_TRUE(HasField(Do<pb::Escalation>(zhang_, "RecordCourtAnswer", r).status(),
                       "answer.court_case_number"));
  r.mutable_answer()->set_kind(pb::COURT_ANSWER_KIND_REFUSED);
  r.mutable_answer()->set_note("不符合发出条件");
  auto refused = Do<pb::Escalation>(zhang_, "RecordCourtAnswer", r);
  ASSERT_TRUE(refused.ok()) << refused.status();
  EXPECT_EQ(refused->status(), pb::ESCALATION_STATUS_REPLIED);
  EXPECT_EQ(refused->court_answer().note(), "不符合发出条件");
  // A reply is not how a court answers; a suggestion has no court answer.
  pb::Escalation s = Issued();
  pb::Escalation b = Issued("fy-renhuai", pb::ESCALATION_KIND_COURT_GUIDANCE_REQUEST);
  EXPECT_EQ(b.document_number(), "检建家令〔2025〕2号");
  auto reply = Update(zhang_, "RecordEscalationReply", b, "x", {}, CivilDay(2025, 3, 10));
  EXPECT_EQ(reply.status().code(), absl::StatusCode::kFailedPrecondition);
  r.set_request_id(Rid());
  r.set_escalation_id(s.escalation_id());
  r.set_version(s.version());
  EXPECT_EQ(Do<pb::Escalation>(zhang_, "RecordCourtAnswer", r).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(EscalationTest, IdentityDisclosureToTheAddresseeOnly) {
  pb::Escalation a = Issued();
  pb::DiscloseIdentityRequest r;
  r.set_request_id(Rid());
  r.set_record_id(a.escalation_id());
  r.set_version(a.version());
  r.set_agency_code("fl-renhuai");
  r.set_person_id(kMinor);
  r.set_purpose("落实临时照护需核实身份");
  r.mutable_disclosed_person()->set_name("王小明");
  auto wrong = Do<pb::IdentityDisclosureResponse>(zhang_, "DiscloseEscalationIdentity", r);
  EXPECT_TRUE(HasField(wrong.status(), "agency_code")) << wrong.status();
  r.set_request_id(Rid());
  r.set_agency_code("mz-renhuai");
  r.set_person_id(kAdult);
  EXPECT_TRUE(
      HasField(Do<pb::IdentityDisclosureResponse>(zhang_, "DiscloseEscalationIdentity", r).status(),
               "person_id"));
  r.set_request_id(Rid());
  r.set_person_id(kMinor);
  auto ok = Do<pb::IdentityDisclosureResponse>(zhang_, "DiscloseEscalationIdentity", r);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->record_version(), a.version() + 1);
  EXPECT_EQ(ok->disclosure().purpose(), "落实临时照护需核实身份");
  auto replay = Do<pb::IdentityDisclosureResponse>(zhang_, "DiscloseEscalationIdentity", r);
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(replay->record_version(), ok->record_version());
  EXPECT_EQ(Count("guard_disclosures"), 1);
  EXPECT_EQ(Count("guard_disclosures", "person_enc LIKE '%王小明%'"), 0);
  EXPECT_EQ(Count("audit_log", "action = 'guardianship.escalation.disclose'"), 1);

  pb::GetEscalationRequest g;
  g.set_escalation_id(a.escalation_id());
  auto view = Do<pb::AgencyEscalationView>(minzheng_, "GetAgencyEscalation", g);
  ASSERT_TRUE(view.ok());
  ASSERT_EQ(view->disclosed_people_size(), 1);
  EXPECT_EQ(view->disclosed_people(0).name(), "王小明");
  auto staff = Do<pb::Escalation>(zhang_, "GetEscalation", g);
  ASSERT_TRUE(staff.ok());
  ASSERT_EQ(staff->disclosures_size(), 1);
  EXPECT_EQ(staff->disclosures(0).agency_code(), "mz-renhuai");
}

}  // namespace
}  // namespace shouhu::guardianship
