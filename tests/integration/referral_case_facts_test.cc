// The case facts of the case-quality review (shouhu.oversight.v1.CaseFactsService/
// GetCaseFacts) on a real MariaDB: records made through the referral service's own
// operations, read as the oversight service through the bound method table (the access
// policy's gate, then the core). The exact records, statuses, assignees, departments, field
// keys and values; "*" for personal data and free text, absence for what is not filled;
// transfers; validation of the case id; and nobody but the oversight service may ask.
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/server/rpc_service.h"
#include "gmock/gmock.h"
#include "integration/db_fixture.h"
#include "integration/referral_fixture.h"
#include "referral/access_policy.h"
#include "referral/grpc_service.h"
#include "shouhu/oversight/v1/review.pb.h"
#include "support/access_matrix.h"
#include "support/field_violations.h"

namespace shouhu::testing {
namespace {

namespace opb = ::shouhu::oversight::v1;
using ::testing::ElementsAre;
using Fields = std::map<std::string, std::string>;

// An instant as the facts give it: RFC 3339 in UTC.
std::string Utc(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

Fields FieldsOf(const opb::RecordFacts& r) { return Fields(r.fields().begin(), r.fields().end()); }

// "kind record_id" of every record, in the order given.
std::vector<std::string> Records(const opb::CaseFacts& facts) {
  std::vector<std::string> out;
  for (const opb::RecordFacts& r : facts.records()) {
    out.push_back(absl::StrCat(r.kind(), " ", r.record_id()));
  }
  return out;
}

class CaseFactsTest : public ReferralCoreFixture {
 protected:
  void SetUp() override {
    ReferralCoreFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    tables_.push_back(referral::CaseFactsMethods(core_.get()));
  }

  // GetCaseFacts as `p`, through the method table.
  absl::StatusOr<opb::CaseFacts> Facts(const std::string& case_id,
                                       const Principal& p = Service("oversight")) {
    opb::GetCaseFactsRequest req;
    req.set_case_id(case_id);
    absl::StatusOr<std::string> got = CallThrough(tables_, referral::kGetCaseFactsMethod, p, req);
    if (!got.ok()) return got.status();
    opb::CaseFacts out;
    if (!out.ParseFromString(*got)) return absl::InternalError("unparsable answer");
    return out;
  }

  opb::CaseFacts MustFacts(const std::string& case_id) {
    absl::StatusOr<opb::CaseFacts> got = Facts(case_id);
    EXPECT_TRUE(got.ok()) << got.status();
    return got.ok() ? *got : opb::CaseFacts();
  }

  pb::SubmitReferralRequest About(const cpb::PersonInput& subject, bool with_guardian,
                                  bool urgent = false) {
    SubmissionSpec spec;
    spec.request_id = Rid();
    spec.occurred_on = absl::CivilDay(2025, 3, 1);
    spec.subject = subject;
    spec.with_guardian = with_guardian;
    pb::SubmitReferralRequest req = ValidSubmission(spec);
    req.set_urgent(urgent);
    return req;
  }

  std::vector<MethodTable> tables_;
  // A department head of another department (第九检察部) of Renhuai.
  const Principal head9_ = User("u-head-9", kRenhuai, {Role::kDepartmentHead}, "", "第九检察部");
};

// Two referrals linked to one case (one assigned by a head of another department, one taken
// by the head answering it), a declined referral and another case of the same
// procuratorate (neither listed), the case closed with a note.
TEST_F(CaseFactsTest, TheCaseAndItsReferralsWithExactlyTheFilledFacts) {
  const cpb::PersonInput child = Person("王小明", Date(2015, 6, 1), minor_id_);
  const absl::Time t0 = clock_.Now();
  const pb::Referral r1 = MustSubmit(edu_, About(child, /*with_guardian=*/true, /*urgent=*/true));
  clock_.Advance(absl::Hours(1));
  auto assigned = Assign(head9_, r1.referral_id(), r1.version(), "u-zhang");
  ASSERT_TRUE(assigned.ok()) << assigned.status();
  clock_.Advance(absl::Hours(1));
  const absl::Time t2 = clock_.Now();
  auto accepted1 = Accept(zhang_, r1.referral_id(), assigned->version());
  ASSERT_TRUE(accepted1.ok()) << accepted1.status();
  const std::string case_id = accepted1->case_id();

  clock_.Advance(absl::Hours(1));
  const absl::Time t3 = clock_.Now();
  const pb::Referral r2 = MustSubmit(police_, About(child, /*with_guardian=*/false));
  clock_.Advance(absl::Hours(1));
  const absl::Time t4 = clock_.Now();
  auto accepted2 = Accept(head_, r2.referral_id(), r2.version());
  ASSERT_TRUE(accepted2.ok()) << accepted2.status();
  ASSERT_EQ(accepted2->case_id(), case_id);  // the child's open case

  // Not linked to the case: a declined referral about the same child, and the case of
  // another child.
  const pb::Referral r3 = MustSubmit(edu_, About(child, true));
  ASSERT_TRUE(Decline(head_, r3.referral_id(), r3.version()).ok());
  const pb::Referral other = SubmitAndAccept(edu_, Person("李小华", Date(2014, 2, 2)));
  ASSERT_NE(other.case_id(), case_id);

  clock_.Advance(absl::Hours(24));
  const absl::Time t5 = clock_.Now();
  auto open = GetCase(head_, case_id);
  ASSERT_TRUE(open.ok()) << open.status();
  pb::CloseCaseRequest close;
  close.set_request_id(Rid());
  close.set_case_id(case_id);
  close.set_version(open->version());
  close.set_reason(pb::CLOSE_REASON_OTHER);
  close.set_note("监护人已恢复监护能力，由村委会持续关注。");
  ASSERT_TRUE(core_->CloseCase(zhang_, close).ok());

  const pb::Referral seen1 = MustGet(head_, r1.referral_id());
  const std::string subject = SubjectId(seen1);
  ASSERT_EQ(seen1.people_size(), 2);
  const std::string guardian = seen1.people(1).person().person_id();

  const opb::CaseFacts facts = MustFacts(case_id);
  EXPECT_EQ(facts.case_id(), case_id);
  EXPECT_EQ(facts.source(), "referral");
  ASSERT_THAT(Records(facts), ElementsAre(absl::StrCat("case ", case_id),
                                          absl::StrCat("referral ", r1.referral_id()),
                                          absl::StrCat("referral ", r2.referral_id())));
  ASSERT_LT(r1.referral_id(), r2.referral_id());

  const opb::RecordFacts& c = facts.records(0);
  EXPECT_EQ(c.status(), "CASE_STATUS_CLOSED");
  EXPECT_EQ(c.assigned_to(), "u-zhang");
  EXPECT_EQ(c.department(), "第九检察部");  // the department its first referral counts under
  EXPECT_EQ(FieldsOf(c),
            (Fields{
                {"kind", "REFERRAL_KIND_GUARDIANSHIP_CONCERN"},
                {"subject_person_id", subject},
                {"opened_at", Utc(t2)},
                {"closed_at", Utc(t5)},
                {"close_reason", "CLOSE_REASON_OTHER"},
                {"close_note", "*"},
                {"referral_ids", absl::StrCat(r1.referral_id(), ",", r2.referral_id())},
            }));

  const opb::RecordFacts& f1 = facts.records(1);
  EXPECT_EQ(f1.status(), "REFERRAL_STATUS_ACCEPTED");
  EXPECT_EQ(f1.assigned_to(), "u-zhang");
  EXPECT_EQ(f1.department(), "第九检察部");  // the assigner's
  // No response_due_at (cleared by the answer), no decline_reason.
  EXPECT_EQ(FieldsOf(f1), (Fields{
                              {"case_id", case_id},
                              {"agency_code", "edu-renhuai"},
                              {"kind", "REFERRAL_KIND_GUARDIANSHIP_CONCERN"},
                              {"submitted_at", Utc(t0)},
                              {"first_answered_at", Utc(t2)},
                              {"occurred_on", "2025-03-01"},
                              {"facts", "*"},
                              {"person_ids", absl::StrCat(subject, ",", guardian)},
                              {"urgent", "true"},
                          }));

  const opb::RecordFacts& f2 = facts.records(2);
  EXPECT_EQ(f2.status(), "REFERRAL_STATUS_ACCEPTED");
  EXPECT_EQ(f2.assigned_to(), "u-head");         // taken by the head who answered it
  EXPECT_EQ(f2.department(), "未成年人检察部");  // the taker's
  EXPECT_EQ(FieldsOf(f2), (Fields{
                              {"case_id", case_id},
                              {"agency_code", "police-renhuai"},
                              {"kind", "REFERRAL_KIND_GUARDIANSHIP_CONCERN"},
                              {"submitted_at", Utc(t3)},
                              {"first_answered_at", Utc(t4)},
                              {"occurred_on", "2025-03-01"},
                              {"facts", "*"},
                              {"person_ids", subject},
                          }));

  // No personal data or free text leaves the service.
  const std::string wire = facts.SerializeAsString();
  for (const std::string& secret :
       {std::string("王小明"), std::string("李秀英"), std::string("监护人已恢复"), minor_id_,
        seen1.facts().substr(0, 12)}) {
    EXPECT_EQ(wire.find(secret), std::string::npos) << secret;
  }

  // The other case holds its own referral only.
  const opb::CaseFacts others = MustFacts(other.case_id());
  EXPECT_THAT(Records(others), ElementsAre(absl::StrCat("case ", other.case_id()),
                                           absl::StrCat("referral ", other.referral_id())));
  EXPECT_EQ(others.records(0).status(), "CASE_STATUS_OPEN");
  EXPECT_EQ(FieldsOf(others.records(0)).count("closed_at"), 0u);
  EXPECT_EQ(FieldsOf(others.records(0)).count("close_reason"), 0u);
  EXPECT_EQ(FieldsOf(others.records(0)).count("close_note"), 0u);
}

// A transfer: the origin case (TRANSFERRED, with its referral) names the receiving
// procuratorate and when; the case opened there is read under its own id, of another
// procuratorate than the first, without the origin's referrals. A pending offer is no
// transfer yet.
TEST_F(CaseFactsTest, ATransferredCaseAndTheCaseItBecame) {
  const pb::Referral r = SubmitAndAccept(edu_, Person("陈小雨", Date(2013, 4, 5)));
  const std::string origin = r.case_id();
  const std::string subject = SubjectId(MustGet(head_, r.referral_id()));
  auto c = GetCase(head_, origin);
  ASSERT_TRUE(c.ok()) << c.status();
  const absl::Time opened = FromTimestamp(c->opened_at());
  clock_.Advance(absl::Hours(2));
  auto offered = Transfer(*c, kXishui);
  ASSERT_TRUE(offered.ok()) << offered.status();

  opb::CaseFacts pending = MustFacts(origin);
  ASSERT_EQ(pending.records_size(), 2);
  EXPECT_EQ(pending.records(0).status(), "CASE_STATUS_TRANSFER_PENDING");
  EXPECT_EQ(FieldsOf(pending.records(0)), (Fields{{"kind", "REFERRAL_KIND_GUARDIANSHIP_CONCERN"},
                                                  {"subject_person_id", subject},
                                                  {"opened_at", Utc(opened)},
                                                  {"referral_ids", r.referral_id()}}));

  clock_.Advance(absl::Hours(3));
  const absl::Time at = clock_.Now();
  pb::DecideTransferRequest decide;
  decide.set_request_id(Rid());
  decide.set_case_id(origin);
  decide.set_version(offered->version());
  decide.set_note("同意接收。");
  auto received = core_->AcceptTransfer(xs_head_, decide);
  ASSERT_TRUE(received.ok()) << received.status();
  const std::string moved = received->case_id();
  ASSERT_NE(moved, origin);

  const opb::CaseFacts before = MustFacts(origin);
  ASSERT_THAT(Records(before), ElementsAre(absl::StrCat("case ", origin),
                                           absl::StrCat("referral ", r.referral_id())));
  EXPECT_EQ(before.records(0).status(), "CASE_STATUS_TRANSFERRED");
  EXPECT_EQ(before.records(0).assigned_to(), "u-head");
  EXPECT_EQ(FieldsOf(before.records(0)), (Fields{
                                             {"kind", "REFERRAL_KIND_GUARDIANSHIP_CONCERN"},
                                             {"subject_person_id", subject},
                                             {"opened_at", Utc(opened)},
                                             {"closed_at", Utc(at)},
                                             {"referral_ids", r.referral_id()},
                                             {"transferred_to", kXishui},
                                             {"transferred_at", Utc(at)},
                                         }));
  EXPECT_EQ(FieldsOf(before.records(1)).at("case_id"), origin);

  const opb::CaseFacts after = MustFacts(moved);
  EXPECT_EQ(after.case_id(), moved);
  ASSERT_THAT(Records(after), ElementsAre(absl::StrCat("case ", moved)));
  const opb::RecordFacts& n = after.records(0);
  EXPECT_EQ(n.status(), "CASE_STATUS_OPEN");
  EXPECT_EQ(n.assigned_to(), "");               // nobody assigned yet in Xishui
  EXPECT_EQ(n.department(), "未成年人检察部");  // the acceptor's
  EXPECT_EQ(FieldsOf(n), (Fields{
                             {"kind", "REFERRAL_KIND_GUARDIANSHIP_CONCERN"},
                             {"subject_person_id", subject},
                             {"opened_at", Utc(at)},
                         }));
}

// What is stored decides: a facts column emptied, a legacy clear close note (a row not yet
// backfilled), an open deadline, a decline reason, no urgency, no assignee and no close
// reason, all as the database holds them.
TEST_F(CaseFactsTest, FilledMeansStoredAndNothingIsDecrypted) {
  const pb::Referral r = SubmitAndAccept(edu_, Person("陈小雨", Date(2013, 4, 5)));
  const int64_t due_ms = absl::ToUnixMillis(clock_.Now() + absl::Hours(30));
  Exec(absl::StrCat(
      "UPDATE referrals SET facts = NULL, facts_enc = NULL, response_due_at_ms = ", due_ms,
      ", decline_reason = 2, urgent = 0, department = '' WHERE id = '", r.referral_id(), "'"));
  Exec(absl::StrCat("UPDATE cases SET close_note = '仍为明文的旧备注', close_note_enc = NULL,",
                    " close_reason = 0, assigned_to = NULL WHERE id = '", r.case_id(), "'"));

  const opb::CaseFacts facts = MustFacts(r.case_id());
  ASSERT_EQ(facts.records_size(), 2);
  const Fields c = FieldsOf(facts.records(0));
  EXPECT_EQ(c.at("close_note"), "*");
  EXPECT_EQ(c.count("close_reason"), 0u);
  EXPECT_EQ(facts.records(0).assigned_to(), "");
  const opb::RecordFacts& ref = facts.records(1);
  const Fields f = FieldsOf(ref);
  EXPECT_EQ(f.count("facts"), 0u);
  EXPECT_EQ(f.count("urgent"), 0u);
  EXPECT_EQ(f.at("response_due_at"), Utc(absl::FromUnixMillis(due_ms)));
  EXPECT_EQ(f.at("decline_reason"), "*");
  EXPECT_EQ(ref.department(), "");
  EXPECT_EQ(facts.SerializeAsString().find("旧备注"), std::string::npos);
}

// An id of the right form that names no case (of any procuratorate) is no error: no
// records.
TEST_F(CaseFactsTest, AnUnknownCaseHasNoRecords) {
  SubmitAndAccept(edu_, Person("陈小雨", Date(2013, 4, 5)));
  for (const std::string& id :
       {std::string("case-520382-ZZZZZZZZZZZZZZZZ"), std::string("case-520330-0000000000000001"),
        std::string("case-110000-0000000000000001")}) {
    absl::StatusOr<opb::CaseFacts> got = Facts(id);
    ASSERT_TRUE(got.ok()) << id << ": " << got.status();
    EXPECT_EQ(got->case_id(), id);
    EXPECT_EQ(got->source(), "referral");
    EXPECT_EQ(got->records_size(), 0) << id;
  }
}

// Empty, too long, or not of the form of this service's case ids: INVALID_ARGUMENT naming
// case_id and nothing else.
TEST_F(CaseFactsTest, AMalformedCaseIdIsInvalidAndNamesCaseId) {
  const pb::Referral r = SubmitAndAccept(edu_, Person("陈小雨", Date(2013, 4, 5)));
  for (const std::string& id : {
           std::string(""),
           absl::StrCat("case-520382-", std::string(53, 'A')),  // 65 characters
           r.referral_id(),                                     // a referral's id
           std::string("case-52038-0000000000000001"),
           std::string("case-520382"),
           std::string("case--0000000000000001"),
           std::string("case-520382-00000000 00000001"),
           absl::StrCat(r.case_id(), "'"),
           absl::StrCat(r.case_id(), "\n"),
           std::string("CASE-520382-0000000000000001x-y"),
       }) {
    absl::StatusOr<opb::CaseFacts> got = Facts(id);
    EXPECT_TRUE(absl::IsInvalidArgument(got.status())) << "'" << id << "': " << got.status();
    EXPECT_THAT(ViolatedFields(got.status()), ElementsAre("case_id")) << id;
  }
  // 64 characters is the longest id.
  const std::string longest = absl::StrCat("case-520382-", std::string(52, 'A'));
  ASSERT_EQ(longest.size(), 64u);
  EXPECT_TRUE(Facts(longest).ok());
}

// Users of any role, agencies and other services: PERMISSION_DENIED, before the request is
// looked at.
TEST_F(CaseFactsTest, OnlyTheOversightServiceMayAsk) {
  const pb::Referral r = SubmitAndAccept(edu_, Person("陈小雨", Date(2013, 4, 5)));
  const std::vector<std::pair<std::string, Principal>> callers = {
      {"caseworker", zhang_},
      {"department head", head_},
      {"chief", User("u-chief", kRenhuai, {Role::kChief}, "chief_procurator")},
      {"deputy chief", deputy_},
      {"admin", admin_user_},
      {"analyst", analyst_},
      {"agency", edu_},
      {"aid service", Service("aid")},
      {"guardianship service", Service("guardianship")},
      {"a user called oversight", User("oversight", kRenhuai, {Role::kChief})},
  };
  for (const auto& [who, p] : callers) {
    for (const std::string& id : {r.case_id(), std::string("not a case id")}) {
      absl::StatusOr<opb::CaseFacts> got = Facts(id, p);
      EXPECT_TRUE(absl::IsPermissionDenied(got.status()))
          << who << " on '" << id << "': " << got.status();
    }
  }
  EXPECT_TRUE(Facts(r.case_id()).ok());
}

}  // namespace
}  // namespace shouhu::testing
