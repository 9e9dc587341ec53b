// Social-aid suggestions (社会救助建议) on a real MariaDB, with the real referral core as the
// case hub: issue to an agency, the agency's own view and outcome, the structured and
// audited identity disclosure, overdue lists, drafts from needs found on visits, bad
// input, replays, stale versions and other procuratorates.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aid/suggestion_ops.h"
#include "common/base/text.h"
#include "integration/aid/case_hub.h"
#include "integration/referral_fixture.h"
#include "shouhu/visit/v1/events.pb.h"

namespace shouhu::testing {
namespace {

namespace apb = ::shouhu::aid::v1;
using ::testing::ElementsAre;
using ::testing::Pair;

std::vector<std::string> FieldsOf(const absl::Status& s) {
  std::vector<std::string> out;
  for (const auto& [field, why] : FieldViolationsOf(s)) out.push_back(field);
  return out;
}

class SuggestionTest : public ReferralCoreFixture {
 protected:
  void SetUp() override {
    ReferralCoreFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    hub_ = InProcessCaseHub(core_.get());
    aid::AidDeps deps;
    deps.pool = pool_.get();
    deps.clock = &clock_;
    deps.ids = &ids_;
    deps.cipher = cipher_.get();
    deps.calendar = &calendar_;
    deps.cases = hub_.get();
    suggestions_ = std::make_unique<aid::SuggestionCore>(deps);
    case_ = SubmitAndAccept(edu_, Person("李小红", Date(2012, 4, 2), minor_id_)).case_id();
    ASSERT_FALSE(case_.empty());
  }

  apb::IssueSuggestionRequest Issue(const std::string& agency = "police-renhuai") {
    apb::IssueSuggestionRequest req;
    req.set_request_id(Rid());
    req.set_case_id(case_);
    req.set_agency_code(agency);
    req.set_measure(apb::MEASURE_KIND_MINIMUM_LIVING);
    req.set_content("建议对该家庭开展低保资格审核。");
    return req;
  }

  apb::Suggestion MustIssue(const apb::IssueSuggestionRequest& req) {
    auto s = suggestions_->Issue(zhang_, req);
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? *s : apb::Suggestion();
  }

  absl::StatusOr<apb::Suggestion> Report(const Principal& p, const apb::Suggestion& s,
                                         apb::SuggestionStatus to) {
    apb::SuggestionUpdateRequest req;
    req.set_request_id(Rid());
    req.set_suggestion_id(s.suggestion_id());
    req.set_version(s.version());
    req.set_status(to);
    if (to == apb::SUGGESTION_STATUS_COMPLETED || to == apb::SUGGESTION_STATUS_DECLINED) {
      req.set_outcome("已于3月12日纳入低保。");
      *req.mutable_outcome_on() = Date(2025, 3, 10);
      req.mutable_measure_outcome()->set_granted(to == apb::SUGGESTION_STATUS_COMPLETED);
      req.mutable_measure_outcome()->set_amount_fen(68000);
    }
    return suggestions_->ReportOutcome(p, req);
  }

  int64_t Rows() { return CountRows(*pool_, "aid_suggestions"); }

  std::unique_ptr<CaseClient> hub_;
  std::unique_ptr<aid::SuggestionCore> suggestions_;
  std::string case_;
};

TEST_F(SuggestionTest, TheAgencySeesOnlyItsOwnInItsOwnViewAndReportsAStructuredOutcome) {
  const apb::Suggestion s = MustIssue(Issue("police-renhuai"));
  EXPECT_EQ(s.status(), apb::SUGGESTION_STATUS_ISSUED);
  EXPECT_EQ(s.issued_on().day(), 10);
  // Five working days after Monday 10 March 2025.
  EXPECT_EQ(DateString(s.reply_due_on()), "2025-03-17");

  auto mine = suggestions_->ListAddressed(police_, {});
  ASSERT_TRUE(mine.ok()) << mine.status();
  ASSERT_EQ(mine->suggestions_size(), 1);
  const apb::AgencySuggestion& view = mine->suggestions(0);
  EXPECT_EQ(view.suggestion_id(), s.suggestion_id());
  EXPECT_FALSE(view.has_person());  // nothing disclosed
  auto others = suggestions_->ListAddressed(edu_, {});
  ASSERT_TRUE(others.ok());
  EXPECT_EQ(others->suggestions_size(), 0);
  apb::GetAddressedSuggestionRequest get;
  get.set_suggestion_id(s.suggestion_id());
  EXPECT_TRUE(absl::IsPermissionDenied(suggestions_->GetAddressed(edu_, get).status()));
  get.set_suggestion_id("sug-520382-nosuchthing");
  EXPECT_TRUE(absl::IsPermissionDenied(suggestions_->GetAddressed(police_, get).status()));
  EXPECT_TRUE(
      absl::IsPermissionDenied(Report(edu_, s, apb::SUGGESTION_STATUS_ACKNOWLEDGED).status()));

  auto acked = Report(police_, s, apb::SUGGESTION_STATUS_ACKNOWLEDGED);
  ASSERT_TRUE(acked.ok()) << acked.status();
  auto done = Report(police_, *acked, apb::SUGGESTION_STATUS_COMPLETED);
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(done->status(), apb::SUGGESTION_STATUS_COMPLETED);
  EXPECT_TRUE(done->measure_outcome().granted());
  EXPECT_EQ(done->measure_outcome().amount_fen(), 68000);
  // Final: no further move, and agencies never cancel.
  EXPECT_TRUE(
      absl::IsFailedPrecondition(Report(police_, *done, apb::SUGGESTION_STATUS_DECLINED).status()));
  EXPECT_TRUE(
      absl::IsInvalidArgument(Report(police_, *done, apb::SUGGESTION_STATUS_CANCELLED).status()));

  auto staff = suggestions_->List(head_, {});
  ASSERT_TRUE(staff.ok());
  ASSERT_EQ(staff->suggestions_size(), 1);
  EXPECT_EQ(staff->suggestions(0).outcome(), "已于3月12日纳入低保。");
  // The outcome and content are ciphertext at rest.
  for (const std::string& v : QueryStrings(*pool_, "SELECT outcome_enc FROM aid_suggestions")) {
    EXPECT_EQ(v.find("低保"), std::string::npos);
  }
}

TEST_F(SuggestionTest, AnIdentityReachesTheAgencyOnlyThroughTheAuditedDisclosure) {
  apb::IssueSuggestionRequest req = Issue("edu-renhuai");
  req.set_measure(apb::MEASURE_KIND_SCHOOLING);
  req.set_content("建议协助办理转学手续。");
  req.set_person_id("per-0000000000000001");
  req.set_disclose_identity(true);
  req.set_disclosure_purpose("办理转学需核对学生身份");
  req.mutable_disclosed_person()->set_name("李小红");
  req.mutable_disclosed_person()->set_phone("13800001111");
  const apb::Suggestion s = MustIssue(req);
  const int64_t audits = CountRows(*pool_, "audit_log", "action = 'suggestion.identity_read'");
  apb::GetAddressedSuggestionRequest get;
  get.set_suggestion_id(s.suggestion_id());
  auto view = suggestions_->GetAddressed(edu_, get);
  ASSERT_TRUE(view.ok()) << view.status();
  EXPECT_EQ(view->person().name(), "李小红");
  EXPECT_EQ(view->person().phone(), "13800001111");
  EXPECT_TRUE(view->person().unmasked());
  EXPECT_EQ(CountRows(*pool_, "audit_log", "action = 'suggestion.identity_read'"), audits + 1);
  ASSERT_TRUE(suggestions_->ListAddressed(edu_, {}).ok());
  EXPECT_EQ(CountRows(*pool_, "audit_log", "action = 'suggestion.identity_read'"), audits + 2);
  for (const std::string& v :
       QueryStrings(*pool_, "SELECT disclosed_person_enc FROM aid_suggestions")) {
    EXPECT_EQ(v.find("李小红"), std::string::npos);
  }
  // An identity number is never disclosed.
  req.set_request_id(Rid());
  req.mutable_disclosed_person()->set_id_number(minor_id_);
  EXPECT_THAT(FieldsOf(suggestions_->Issue(zhang_, req).status()),
              ElementsAre("disclosed_person.id_number"));
}

TEST_F(SuggestionTest, OverdueIsComputedAtReadTimeForStaffAndAgency) {
  const apb::Suggestion open = MustIssue(Issue());
  const apb::Suggestion answered = MustIssue(Issue());
  ASSERT_TRUE(Report(police_, answered, apb::SUGGESTION_STATUS_DECLINED).ok());
  apb::ListSuggestionsRequest overdue;
  overdue.set_overdue_only(true);
  auto none = suggestions_->List(zhang_, overdue);
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_EQ(none->suggestions_size(), 0);
  clock_.Set(China(2025, 3, 18, 9));  // the day after the reply date
  auto late = suggestions_->List(zhang_, overdue);
  ASSERT_TRUE(late.ok());
  ASSERT_EQ(late->suggestions_size(), 1);
  EXPECT_EQ(late->suggestions(0).suggestion_id(), open.suggestion_id());
  EXPECT_TRUE(late->suggestions(0).overdue());
  apb::ListAddressedSuggestionsRequest agency_overdue;
  agency_overdue.set_overdue_only(true);
  auto theirs = suggestions_->ListAddressed(police_, agency_overdue);
  ASSERT_TRUE(theirs.ok());
  ASSERT_EQ(theirs->suggestions_size(), 1);
  EXPECT_TRUE(theirs->suggestions(0).overdue());
}

TEST_F(SuggestionTest, ANeedFoundOnAVisitDraftsOneSuggestionForTheCaseworkerToIssue) {
  visit::v1::NeedFound need;
  need.set_need_id("need-520382-0001");
  need.set_visit_id("visit-520382-0001");
  need.set_case_id(case_);
  need.set_procuratorate_code(kRenhuai);
  need.set_kind(apb::MEASURE_KIND_COUNSELLING);
  cpb::Event e;
  e.set_event_id("evt-1");
  e.set_topic(aid::kTopicNeedFound);
  e.set_procuratorate_code(kRenhuai);
  e.mutable_payload()->PackFrom(need);
  for (int delivery = 0; delivery < 2; ++delivery) {
    ASSERT_TRUE(db::RunInTransaction(*pool_, [&](db::Tx& tx) {
                  return suggestions_->ReactToNeedFound(tx, e);
                }).ok());
  }
  EXPECT_EQ(Rows(), 1);
  // The visit service hears of the draft once (aid.suggestion_changed).
  const std::string changed =
      "SELECT COUNT(*) FROM outbox_events WHERE topic = 'aid.suggestion_changed'";
  EXPECT_EQ(Int(changed), 1);
  apb::ListSuggestionsRequest drafts;
  drafts.set_status(apb::SUGGESTION_STATUS_DRAFT);
  auto listed = suggestions_->List(zhang_, drafts);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->suggestions_size(), 1);
  const apb::Suggestion draft = listed->suggestions(0);
  EXPECT_EQ(draft.measure(), apb::MEASURE_KIND_COUNSELLING);
  EXPECT_EQ(draft.source_need_id(), "need-520382-0001");
  // Agencies never see drafts.
  apb::GetAddressedSuggestionRequest get;
  get.set_suggestion_id(draft.suggestion_id());
  EXPECT_TRUE(absl::IsPermissionDenied(suggestions_->GetAddressed(police_, get).status()));

  apb::IssueSuggestionRequest issue;
  issue.set_request_id(Rid());
  issue.set_suggestion_id(draft.suggestion_id());
  issue.set_version(draft.version());
  issue.set_agency_code("police-renhuai");
  issue.set_content("建议安排心理咨询师开展心理疏导。");
  auto issued = suggestions_->Issue(zhang_, issue);
  ASSERT_TRUE(issued.ok()) << issued.status();
  EXPECT_EQ(issued->status(), apb::SUGGESTION_STATUS_ISSUED);
  EXPECT_EQ(issued->content(), "建议安排心理咨询师开展心理疏导。");
  // The draft's version is spent: a second issue of the same read is stale.
  issue.set_request_id(Rid());
  EXPECT_TRUE(absl::IsAborted(suggestions_->Issue(zhang_, issue).status()));
  // Its outcome goes to the visit service too (the need becomes MET there).
  auto acknowledged = Report(police_, *issued, apb::SUGGESTION_STATUS_ACKNOWLEDGED);
  ASSERT_TRUE(acknowledged.ok()) << acknowledged.status();
  auto completed = Report(police_, *acknowledged, apb::SUGGESTION_STATUS_COMPLETED);
  ASSERT_TRUE(completed.ok()) << completed.status();
  EXPECT_EQ(Int(changed), 3);
  // Suggestions not drafted from a need publish nothing.
  auto own = Report(police_, MustIssue(Issue()), apb::SUGGESTION_STATUS_ACKNOWLEDGED);
  ASSERT_TRUE(own.ok()) << own.status();
  EXPECT_EQ(Int(changed), 3);
}

TEST_F(SuggestionTest, BadInputNamesTheFieldAndWritesNothing) {
  struct Case {
    const char* field;
    std::function<void(apb::IssueSuggestionRequest&)> spoil;
  };
  const std::vector<Case> cases = {
      {"request_id", [](auto& r) { r.set_request_id("x"); }},
      {"case_id", [](auto& r) { r.clear_case_id(); }},
      {"agency_code", [](auto& r) { r.set_agency_code("no such agency!"); }},
      {"agency_code", [](auto& r) { r.set_agency_code("edu-nowhere"); }},
      {"measure", [](auto& r) { r.set_measure(apb::MEASURE_KIND_UNSPECIFIED); }},
      {"measure", [](auto& r) { r.set_measure(static_cast<apb::MeasureKind>(99)); }},
      {"content", [](auto& r) { r.set_content(""); }},
      {"content", [](auto& r) { r.set_content(std::string(2001, 'a')); }},
      {"content", [](auto& r) { r.set_content("\u200b\u200b"); }},
      {"disclosure_purpose", [](auto& r) { r.set_disclosure_purpose("因为"); }},
      {"disclosed_person", [](auto& r) { r.mutable_disclosed_person()->set_name("李"); }},
      {"reply_due_on", [](auto& r) { *r.mutable_reply_due_on() = Date(2025, 2, 30); }},
      {"reply_due_on", [](auto& r) { *r.mutable_reply_due_on() = Date(2025, 3, 1); }},
      {"version", [](auto& r) { r.set_version(3); }},
  };
  const int64_t before = Rows();
  const int64_t audits = CountRows(*pool_, "audit_log");
  for (const Case& c : cases) {
    apb::IssueSuggestionRequest req = Issue();
    c.spoil(req);
    absl::Status st = suggestions_->Issue(zhang_, req).status();
    EXPECT_TRUE(absl::IsInvalidArgument(st)) << c.field << ": " << st;
    EXPECT_THAT(FieldsOf(st), ::testing::Contains(c.field)) << st;
  }
  apb::SuggestionUpdateRequest update;
  update.set_request_id(Rid());
  update.set_suggestion_id("sug-520382-x");
  update.set_version(1);
  update.set_status(apb::SUGGESTION_STATUS_COMPLETED);
  EXPECT_THAT(FieldsOf(suggestions_->ReportOutcome(police_, update).status()),
              ElementsAre("outcome", "outcome_on"));
  update.set_status(apb::SUGGESTION_STATUS_ISSUED);
  EXPECT_THAT(FieldsOf(suggestions_->ReportOutcome(zhang_, update).status()),
              ElementsAre("status"));
  apb::ListSuggestionsRequest list;
  list.set_page_token("!!");
  EXPECT_THAT(FieldsOf(suggestions_->List(zhang_, list).status()), ElementsAre("page_token"));
  EXPECT_EQ(Rows(), before);
  EXPECT_EQ(CountRows(*pool_, "audit_log"), audits);
}

TEST_F(SuggestionTest, ARepeatedRequestReplaysAndAnotherProcuratorateIsRefused) {
  const apb::IssueSuggestionRequest req = Issue();
  const apb::Suggestion first = MustIssue(req);
  auto again = suggestions_->Issue(zhang_, req);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->suggestion_id(), first.suggestion_id());
  EXPECT_EQ(Rows(), 1);
  apb::IssueSuggestionRequest changed = req;
  changed.set_content("另一份内容。");
  EXPECT_TRUE(absl::IsInvalidArgument(suggestions_->Issue(zhang_, changed).status()));

  // Xishui's caseworker: not on Renhuai's case, not in the list, not on the record.
  apb::IssueSuggestionRequest foreign = Issue();
  EXPECT_TRUE(absl::IsPermissionDenied(suggestions_->Issue(xs_worker_, foreign).status()));
  auto listed = suggestions_->List(xs_worker_, {});
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->suggestions_size(), 0);
  EXPECT_TRUE(absl::IsPermissionDenied(
      Report(xs_worker_, first, apb::SUGGESTION_STATUS_CANCELLED).status()));
  // Roles outside the table: finance and analysts.
  const Principal finance = User("u-cai", kRenhuai, {Role::kFinance});
  EXPECT_TRUE(absl::IsPermissionDenied(suggestions_->Issue(finance, Issue()).status()));
  EXPECT_TRUE(absl::IsPermissionDenied(suggestions_->List(analyst_, {}).status()));
  // Staff may cancel what the agency has not answered.
  auto cancelled = Report(zhang_, first, apb::SUGGESTION_STATUS_CANCELLED);
  ASSERT_TRUE(cancelled.ok()) << cancelled.status();
  EXPECT_TRUE(absl::IsAborted(Report(zhang_, first, apb::SUGGESTION_STATUS_CANCELLED).status()));
}

}  // namespace
}  // namespace shouhu::testing
