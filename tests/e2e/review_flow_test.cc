// End-to-end: the case-quality review (案件质量评查, 即结即评) on the real binaries with mTLS.
// A judicial-aid case is paid and closed without a closing note and before anybody
// visited; case.closed reaches the oversight service, which asks the four record services
// for the case's facts with its own certificate and finds both; the caseworker records a
// visit and re-runs the review, which clears the visit finding; the caseworker appeals
// (复议) the other and the department head grants it. Nobody but the oversight service
// reads the services' case facts, and another procuratorate does not see the review.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "gmock/gmock.h"
#include "oversight/review_rules.h"
#include "shouhu/oversight/v1/review.grpc.pb.h"
#include "support/e2e_calls.h"
#include "support/e2e_platform.h"
#include "support/e2e_visit_calls.h"

namespace shouhu::e2e {
namespace {

const ::testing::Environment* const kPlatform = RegisterPlatform(
    {.with_aid = true, .with_visit = true, .with_guardianship = true, .with_oversight = true});

namespace opb = ::shouhu::oversight::v1;
using Reviews = opb::QualityReviewService::Stub;
using Facts = opb::CaseFactsService::Stub;
using CS = pb::CaseService::Stub;

class ReviewFlowTest : public PlatformTest {
 protected:
  Caller Oversight(const User& u) { return P().UserCaller(u, P().oversight().address()); }

  // The case's review once it has run (an empty review when it never does).
  opb::CaseReview ReviewWhenDone(const std::string& case_id) {
    opb::CaseReview review;
    const bool done = Eventually([&] {
      opb::GetCaseReviewRequest req;
      req.set_case_id(case_id);
      review.Clear();
      return Oversight(kCaseworker).Call(&Reviews::GetCaseReview, req, &review).ok() &&
             review.state() == opb::REVIEW_DONE;
    });
    if (!done) ADD_FAILURE() << "the review of " << case_id << " is " << review.DebugString();
    return review;
  }

  // A new case with judicial aid paid (the fund seeded once per binary).
  absl::StatusOr<AidPaid> NewPaidCase() {
    static bool seeded = false;
    if (!seeded) {
      const absl::Status money = SeedAidMoney(P(), TodayInChina().year(), 5000000);
      if (!money.ok()) return money;
      seeded = true;
    }
    return PayAidOnNewLead(P());
  }

  static std::map<std::string, opb::Finding> ByRule(const opb::CaseReview& r) {
    std::map<std::string, opb::Finding> out;
    for (const opb::Finding& f : r.findings()) out[f.rule_id()] = f;
    return out;
  }

  // The caseworker closes `case_id` with no closing note.
  grpc::Status CloseWithoutNote(const std::string& case_id) {
    pb::GetCaseRequest get;
    get.set_case_id(case_id);
    pb::Case c;
    grpc::Status st = P().UserCaller(kCaseworker).Call(&CS::GetCase, get, &c);
    if (!st.ok()) return st;
    pb::CloseCaseRequest close;
    close.set_request_id(NewRequestId("close"));
    close.set_case_id(case_id);
    close.set_version(c.version());
    close.set_reason(pb::CLOSE_REASON_RESOLVED);
    pb::Case closed;
    return P().UserCaller(kCaseworker).Call(&CS::CloseCase, close, &closed);
  }
};

TEST_F(ReviewFlowTest, AClosedCaseIsReviewedFixedAndAppealed) {
  absl::StatusOr<AidPaid> paid = NewPaidCase();
  ASSERT_TRUE(paid.ok()) << paid.status();
  const std::string case_id = paid->lead.case_id();
  const std::string application_id = paid->application.application_id();
  grpc::Status st = CloseWithoutNote(case_id);
  ASSERT_TRUE(st.ok()) << StatusText(st);

  opb::CaseReview review = ReviewWhenDone(case_id);
  EXPECT_EQ(review.caseworker(), kCaseworker.id);
  EXPECT_EQ(review.rule_set_version(), 1);
  EXPECT_EQ(review.missing_sources_size(), 0) << review.DebugString();
  std::map<std::string, opb::Finding> found = ByRule(review);
  ASSERT_EQ(found.count("Q-CASE-CLOSE-NOTE"), 1u) << review.DebugString();
  EXPECT_EQ(found["Q-CASE-CLOSE-NOTE"].record_kind(), "case");
  EXPECT_EQ(found["Q-CASE-CLOSE-NOTE"].record_id(), case_id);
  EXPECT_EQ(found["Q-CASE-CLOSE-NOTE"].field(), "close_note");
  EXPECT_EQ(found["Q-CASE-CLOSE-NOTE"].state(), opb::FINDING_OPEN);
  ASSERT_EQ(found.count("Q-AID-VISIT"), 1u) << review.DebugString();
  EXPECT_EQ(found["Q-AID-VISIT"].record_kind(), "aid_application");
  EXPECT_EQ(found["Q-AID-VISIT"].record_id(), application_id);
  // The facts were consistent: the case's referral, the application's source referral.
  EXPECT_EQ(found.count("Q-REFERRAL-CASE"), 0u) << review.DebugString();
  EXPECT_EQ(found.count("Q-AID-REFERRAL"), 0u) << review.DebugString();
  EXPECT_EQ(found.count("Q-AID-DECISION-DOC"), 0u) << review.DebugString();

  // Another procuratorate's head does not see it; the department head does.
  opb::GetCaseReviewRequest get;
  get.set_case_id(case_id);
  opb::CaseReview other;
  st = Oversight(kHeadXishui).Call(&Reviews::GetCaseReview, get, &other);
  EXPECT_TRUE(st.error_code() == grpc::StatusCode::PERMISSION_DENIED ||
              st.error_code() == grpc::StatusCode::NOT_FOUND)
      << StatusText(st);
  st = Oversight(kHead).Call(&Reviews::GetCaseReview, get, &other);
  EXPECT_TRUE(st.ok()) << StatusText(st);

  // The caseworker visits the family; the re-run clears the visit finding only.
  vpb::Visit visit;
  st = P().UserCaller(kCaseworker, P().visit().address())
           .Call(&Visits::RecordVisit, VisitOf(case_id, TodayInChina()), &visit);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  opb::RerunReviewRequest rerun;
  rerun.set_request_id(NewRequestId("rerun"));
  rerun.set_case_id(case_id);
  st = Oversight(kCaseworker).Call(&Reviews::RerunReview, rerun, &review);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  found = ByRule(review);
  EXPECT_EQ(found["Q-AID-VISIT"].state(), opb::FINDING_FIXED) << review.DebugString();
  EXPECT_EQ(found["Q-CASE-CLOSE-NOTE"].state(), opb::FINDING_OPEN);

  // The appeal: only the caseworker appeals; the department head grants it.
  const opb::Finding note = found["Q-CASE-CLOSE-NOTE"];
  opb::AppealFindingRequest appeal;
  appeal.set_request_id(NewRequestId("appeal"));
  appeal.set_finding_id(note.finding_id());
  appeal.set_version(note.version());
  appeal.set_reason("结案说明已附于纸质卷宗");
  opb::Finding appealed;
  st = Oversight(kCaseworker2).Call(&Reviews::AppealFinding, appeal, &appealed);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED) << StatusText(st);
  st = Oversight(kCaseworker).Call(&Reviews::AppealFinding, appeal, &appealed);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(appealed.state(), opb::FINDING_APPEALED);
  EXPECT_EQ(appealed.appeal_reason(), "结案说明已附于纸质卷宗");
  opb::DecideAppealRequest decide;
  decide.set_request_id(NewRequestId("decide"));
  decide.set_finding_id(note.finding_id());
  decide.set_version(appealed.version());
  decide.set_grant(true);
  decide.set_note("同意，不计入");
  opb::Finding decided;
  st = Oversight(kCaseworker).Call(&Reviews::DecideAppeal, decide, &decided);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED) << StatusText(st);
  st = Oversight(kHead).Call(&Reviews::DecideAppeal, decide, &decided);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(decided.state(), opb::FINDING_WAIVED);
  EXPECT_EQ(decided.decided_by(), kHead.id);
}

// What the four services send for a real case is made of the kinds and facts the review's
// rules are written against (services/oversight/review_rules.cc), personal ones as "*".
void ExpectKnownFacts(const opb::CaseFacts& facts, const std::string& source) {
  EXPECT_EQ(facts.source(), source);
  for (const opb::RecordFacts& r : facts.records()) {
    const oversight::RecordKindInfo* kind = oversight::FindRecordKind(r.kind());
    ASSERT_NE(kind, nullptr) << source << " sent kind " << r.kind();
    EXPECT_EQ(kind->source, source) << r.kind();
    EXPECT_FALSE(r.record_id().empty()) << r.kind();
    for (const auto& [name, value] : r.fields()) {
      const oversight::FactInfo* fact = oversight::FindFact(*kind, name);
      ASSERT_NE(fact, nullptr) << source << " sent " << r.kind() << "." << name;
      EXPECT_FALSE(value.empty()) << r.kind() << "." << name;
      if (fact->type == oversight::FactType::kPersonal) {
        EXPECT_EQ(value, "*") << r.kind() << "." << name;
      }
    }
  }
}

TEST_F(ReviewFlowTest, TheServicesSendOnlyKnownFactsToTheOversightService) {
  absl::StatusOr<AidPaid> paid = NewPaidCase();
  ASSERT_TRUE(paid.ok()) << paid.status();
  opb::GetCaseFactsRequest req;
  req.set_case_id(paid->lead.case_id());
  int records = 0;
  for (const auto& [source, address] : std::vector<std::pair<std::string, std::string>>{
           {"referral", P().referral().address()},
           {"aid", P().aid().address()},
           {"guardianship", P().guardianship().address()},
           {"visit", P().visit().address()}}) {
    Caller oversight_service(P().Channel(address, "services/oversight"), "");
    opb::CaseFacts facts;
    grpc::Status st = oversight_service.Call(&Facts::GetCaseFacts, req, &facts);
    ASSERT_TRUE(st.ok()) << source << " " << StatusText(st);
    ExpectKnownFacts(facts, source);
    records += facts.records_size();
  }
  // The case, its referral, the application, its plan and payment (and the visit plan).
  EXPECT_GE(records, 5);
}

TEST_F(ReviewFlowTest, OnlyTheOversightServiceReadsCaseFacts) {
  opb::GetCaseFactsRequest req;
  req.set_case_id("case-520382-000000000001");
  for (const std::string& address : {P().referral().address(), P().aid().address(),
                                     P().guardianship().address(), P().visit().address()}) {
    for (const User& u : {kCaseworker, kHead, kChief, kAdmin}) {
      opb::CaseFacts facts;
      grpc::Status st = P().UserCaller(u, address).Call(&Facts::GetCaseFacts, req, &facts);
      EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED)
          << address << " " << u.id << " " << StatusText(st);
    }
    opb::CaseFacts facts;
    grpc::Status st = P().Agency("edu-renhuai", address).Call(&Facts::GetCaseFacts, req, &facts);
    EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED) << address << StatusText(st);
    Caller aid_service(P().Channel(address, "services/aid"), "");
    st = aid_service.Call(&Facts::GetCaseFacts, req, &facts);
    EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED) << address << StatusText(st);
  }
}

}  // namespace
}  // namespace shouhu::e2e
