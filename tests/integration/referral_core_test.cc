// The referral service's core (services/referral/core.h) wired to a real MariaDB: the
// whole intake loop, idempotency, concurrency and access rules (people, cases, registry,
// sensitive fields and deadlines: referral_cases_test.cc).
#include <algorithm>
#include <atomic>
#include <barrier>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "common/base/clock.h"
#include "common/base/id_number.h"
#include "common/calendar/working_calendar.h"
#include "common/crypto/field_cipher.h"
#include "common/db/audit.h"
#include "common/server/principal.h"
#include "google/protobuf/any.pb.h"
#include "integration/db_fixture.h"
#include "integration/referral_fixture.h"
#include "referral/core.h"
#include "shouhu/referral/v1/events.pb.h"
#include "support/builders.h"
#include "support/field_violations.h"
#include "support/table_counts.h"

namespace shouhu::testing {
namespace {

namespace pb = ::shouhu::referral::v1;
namespace cpb = ::shouhu::common::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

using ReferralCoreTest = ReferralCoreFixture;

// ------------------------------------------------------------------------------ submit

TEST_F(ReferralCoreTest, SubmitsEveryKind) {
  const absl::Time now = clock_.Now();
  const std::vector<pb::ReferralKind> kinds = {
      pb::REFERRAL_KIND_JUDICIAL_AID, pb::REFERRAL_KIND_MANDATORY_REPORT,
      pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN, pb::REFERRAL_KIND_SPECIAL_MINOR};
  std::set<std::string> ids;
  for (pb::ReferralKind kind : kinds) {
    SCOPED_TRACE(pb::ReferralKind_Name(kind));
    pb::Referral r = MustSubmit(edu_, Submission(kind));
    EXPECT_THAT(r.referral_id(), StartsWith("ref-520382-"));
    EXPECT_TRUE(ids.insert(r.referral_id()).second);
    EXPECT_EQ(r.status(), pb::REFERRAL_STATUS_SUBMITTED);
    EXPECT_EQ(r.kind(), kind);
    EXPECT_EQ(r.version(), 1);
    EXPECT_EQ(r.agency_code(), "edu-renhuai");
    EXPECT_EQ(r.procuratorate_code(), kRenhuai);
    EXPECT_EQ(r.submitted_at().unix_millis(), absl::ToUnixMillis(now));
    ASSERT_EQ(r.people_size(), 2);
    // The agency never sees internal person ids.
    EXPECT_TRUE(r.people(0).person().person_id().empty());
    // Identity data comes back masked.
    EXPECT_NE(r.people(0).person().id_number(), minor_id_);
    EXPECT_FALSE(r.people(0).person().id_number().empty());

    const pb::Referral seen = MustGet(zhang_, r.referral_id());
    EXPECT_FALSE(SubjectId(seen).empty());
    const bool mandatory = kind == pb::REFERRAL_KIND_MANDATORY_REPORT;
    EXPECT_EQ(seen.urgent(), mandatory);
    const absl::Time due = absl::FromUnixMillis(seen.response_due_at().unix_millis());
    if (mandatory) {
      EXPECT_EQ(due, now + absl::Hours(24));
    } else {
      // Five working days after Monday 10 March: due before Tuesday 18 March, 00:00.
      EXPECT_EQ(due, China(2025, 3, 18, 0));
    }
    EXPECT_THAT(Steps(edu_, r.referral_id()), ElementsAre("submitted"));
  }
  EXPECT_EQ(Count("referrals"), 4);
  // The same girl every time, matched by her ID number.
  EXPECT_EQ(Count("persons", "id_number_hmac IS NOT NULL"), 1);
  EXPECT_EQ(Count("audit_log", "action = 'referral.submit'"), 4);

  // Urgent ordinary referrals are due after one working day.
  pb::SubmitReferralRequest urgent = Submission(pb::REFERRAL_KIND_SPECIAL_MINOR);
  urgent.set_urgent(true);
  const pb::Referral u = MustGet(zhang_, MustSubmit(edu_, urgent).referral_id());
  EXPECT_TRUE(u.urgent());
  EXPECT_EQ(absl::FromUnixMillis(u.response_due_at().unix_millis()), China(2025, 3, 12, 0));
}

TEST_F(ReferralCoreTest, SexIsTakenFromTheIdNumber) {
  pb::Referral r = MustSubmit(edu_, Submission());
  pb::GetPersonRequest req;
  req.set_person_id(SubjectId(MustGet(zhang_, r.referral_id())));
  auto person = core_->GetPerson(zhang_, req);
  ASSERT_TRUE(person.ok()) << person.status();
  EXPECT_EQ(person->sex(), cpb::SEX_FEMALE);  // even sequence digit
  EXPECT_TRUE(person->minor());
  EXPECT_EQ(person->birth_date().year(), 2015);
  EXPECT_EQ(person->birth_date().month(), 6);
  EXPECT_EQ(person->birth_date().day(), 1);

  pb::Referral boy = MustSubmit(
      police_,
      Submission(pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
                 Person("赵小刚", {}, IdNumber(absl::CivilDay(2012, 2, 3), 135, kRenhuai))));
  req.set_person_id(SubjectId(MustGet(zhang_, boy.referral_id())));
  person = core_->GetPerson(zhang_, req);
  ASSERT_TRUE(person.ok());
  EXPECT_EQ(person->sex(), cpb::SEX_MALE);
}

TEST_F(ReferralCoreTest, FullLoopFromSubmissionToCase) {
  pb::Referral r = MustSubmit(edu_, Submission());
  const std::string id = r.referral_id();

  auto assigned = Assign(head_, id, r.version(), "u-zhang");
  ASSERT_TRUE(assigned.ok()) << assigned.status();
  EXPECT_EQ(assigned->status(), pb::REFERRAL_STATUS_UNDER_REVIEW);
  EXPECT_EQ(assigned->assigned_to(), "u-zhang");
  EXPECT_EQ(assigned->version(), 2);

  pb::RequestInformationRequest info;
  info.set_request_id(Rid());
  info.set_referral_id(id);
  info.set_version(assigned->version());
  info.set_question("请补充学生近三个月的出勤记录及家访记录。");
  auto asked = core_->RequestInformation(zhang_, info);
  ASSERT_TRUE(asked.ok()) << asked.status();
  EXPECT_EQ(asked->status(), pb::REFERRAL_STATUS_INFO_REQUESTED);
  EXPECT_FALSE(asked->has_response_due_at());  // the agency's turn

  // The agency sees the question and answers it.
  const pb::Referral agency_view = MustGet(edu_, id);
  EXPECT_EQ(agency_view.status(), pb::REFERRAL_STATUS_INFO_REQUESTED);
  EXPECT_EQ(agency_view.message_to_agency(), info.question());
  EXPECT_TRUE(agency_view.assigned_to().empty());

  clock_.Advance(absl::Hours(2));
  pb::SupplementReferralRequest supplement;
  supplement.set_request_id(Rid());
  supplement.set_referral_id(id);
  supplement.set_version(agency_view.version());
  supplement.set_supplement("出勤记录显示缺勤11天；家访记录附后。");
  auto supplemented = core_->Supplement(edu_, supplement);
  ASSERT_TRUE(supplemented.ok()) << supplemented.status();
  EXPECT_EQ(supplemented->status(), pb::REFERRAL_STATUS_UNDER_REVIEW);
  EXPECT_THAT(supplemented->facts(), HasSubstr("缺勤11天"));
  EXPECT_TRUE(supplemented->has_response_due_at());  // the clock runs again

  auto accepted = Accept(zhang_, id, supplemented->version());
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  EXPECT_EQ(accepted->status(), pb::REFERRAL_STATUS_ACCEPTED);
  EXPECT_EQ(accepted->version(), 5);
  EXPECT_THAT(accepted->case_id(), StartsWith("case-520382-"));
  EXPECT_FALSE(accepted->has_response_due_at());

  // The agency learns the decision but not the internal case.
  const pb::Referral final_view = MustGet(edu_, id);
  EXPECT_EQ(final_view.status(), pb::REFERRAL_STATUS_ACCEPTED);
  EXPECT_TRUE(final_view.case_id().empty());
  EXPECT_EQ(final_view.message_to_agency(), "已受理，将依法开展监护干预。");

  pb::GetTimelineRequest treq;
  treq.set_referral_id(id);
  auto timeline = core_->Timeline(edu_, treq);
  ASSERT_TRUE(timeline.ok()) << timeline.status();
  std::vector<std::string> steps;
  std::vector<pb::ReferralStatus> statuses;
  std::vector<std::string> actors;
  int64_t previous = 0;
  for (const auto& e : timeline->entries()) {
    steps.push_back(e.step());
    statuses.push_back(e.status());
    actors.push_back(e.actor().principal());
    EXPECT_EQ(e.sequence(), previous + 1);
    previous = e.sequence();
  }
  EXPECT_THAT(steps,
              ElementsAre("submitted", "assigned", "info_requested", "supplemented", "accepted"));
  EXPECT_THAT(statuses,
              ElementsAre(pb::REFERRAL_STATUS_SUBMITTED, pb::REFERRAL_STATUS_UNDER_REVIEW,
                          pb::REFERRAL_STATUS_INFO_REQUESTED, pb::REFERRAL_STATUS_UNDER_REVIEW,
                          pb::REFERRAL_STATUS_ACCEPTED));
  EXPECT_THAT(actors, ElementsAre("agency:edu-renhuai", "user:u-head", "user:u-zhang",
                                  "agency:edu-renhuai", "user:u-zhang"));
  EXPECT_EQ(timeline->entries(3).message(), supplement.supplement());

  // The case was opened for the subject and lists the referral.
  auto c = GetCase(zhang_, accepted->case_id());
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->status(), pb::CASE_STATUS_OPEN);
  EXPECT_EQ(c->procuratorate_code(), kRenhuai);
  EXPECT_EQ(c->subject_person_id(), SubjectId(*accepted));
  EXPECT_EQ(c->assigned_to(), "u-zhang");
  EXPECT_EQ(c->kind(), pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN);
  EXPECT_THAT(c->referral_ids(), ElementsAre(id));

  // Other services hear about it through the outbox, written with the change.
  EXPECT_EQ(Count("outbox_events", absl::StrCat("topic = 'referral.accepted' AND aggregate_id = '",
                                                id, "' AND service = 'referral'")),
            1);
  EXPECT_EQ(Count("outbox_events", absl::StrCat("topic = 'case.opened' AND aggregate_id = '",
                                                accepted->case_id(), "'")),
            1);
  // Payloads are typed messages (events.proto), stored as a serialized Any.
  const std::vector<std::string> payload =
      Strings("SELECT payload FROM outbox_events WHERE topic = 'referral.accepted'");
  ASSERT_EQ(payload.size(), 1u);
  google::protobuf::Any any;
  ASSERT_TRUE(any.ParseFromString(payload[0]));
  pb::ReferralAccepted event;
  ASSERT_TRUE(any.UnpackTo(&event)) << any.type_url();
  EXPECT_EQ(event.referral_id(), id);
  EXPECT_EQ(event.case_id(), accepted->case_id());
  EXPECT_EQ(event.kind(), pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN);
  const std::vector<std::string> opened =
      Strings("SELECT payload FROM outbox_events WHERE topic = 'case.opened'");
  ASSERT_EQ(opened.size(), 1u);
  ASSERT_TRUE(any.ParseFromString(opened[0]));
  pb::CaseOpened case_opened;
  ASSERT_TRUE(any.UnpackTo(&case_opened)) << any.type_url();
  EXPECT_EQ(case_opened.case_id(), accepted->case_id());
  EXPECT_EQ(case_opened.subject_person_id(), SubjectId(*accepted));
  EXPECT_EQ(case_opened.referral_id(), id);

  // Every step is in the audit trail.
  for (const char* action : {"referral.submit", "referral.assign", "referral.request_information",
                             "referral.supplement", "referral.accept", "case.open"}) {
    EXPECT_EQ(Count("audit_log", absl::StrCat("action = '", action, "'")), 1) << action;
  }
  auto report = db::VerifyAudit(*pool_);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok());
}

TEST_F(ReferralCoreTest, ListsAreScoped) {
  const pb::Referral a = MustSubmit(edu_, Submission());
  const pb::Referral b = MustSubmit(police_, Submission(pb::REFERRAL_KIND_MANDATORY_REPORT));
  const pb::Referral c = MustSubmit(
      edu_xishui_,
      Submission(pb::REFERRAL_KIND_SPECIAL_MINOR,
                 Person("陈小军", {}, IdNumber(absl::CivilDay(2013, 9, 9), 11, kXishui))));
  auto ids = [](const pb::ListReferralsResponse& resp) {
    std::vector<std::string> out;
    for (const auto& r : resp.referrals()) out.push_back(r.referral_id());
    return out;
  };
  auto edu_list = core_->List(edu_, {});
  ASSERT_TRUE(edu_list.ok());
  EXPECT_THAT(ids(*edu_list), ElementsAre(a.referral_id()));
  auto staff_list = core_->List(zhang_, {});
  ASSERT_TRUE(staff_list.ok());
  EXPECT_THAT(ids(*staff_list), ElementsAre(b.referral_id(), a.referral_id()));  // newest first
  auto xs_list = core_->List(xs_worker_, {});
  ASSERT_TRUE(xs_list.ok());
  EXPECT_THAT(ids(*xs_list), ElementsAre(c.referral_id()));

  // Paging.
  pb::ListReferralsRequest page;
  page.set_page_size(1);
  auto first = core_->List(zhang_, page);
  ASSERT_TRUE(first.ok());
  EXPECT_THAT(ids(*first), ElementsAre(b.referral_id()));
  ASSERT_FALSE(first->next_page_token().empty());
  page.set_page_token(first->next_page_token());
  auto second = core_->List(zhang_, page);
  ASSERT_TRUE(second.ok());
  EXPECT_THAT(ids(*second), ElementsAre(a.referral_id()));
  EXPECT_TRUE(second->next_page_token().empty());
}

// --------------------------------------------------------------------------- idempotency

TEST_F(ReferralCoreTest, RepeatedSubmitReplaysTheFirstResult) {
  const pb::SubmitReferralRequest req = Submission();
  const pb::Referral first = MustSubmit(edu_, req);
  const TableCounts before = Snapshot();

  clock_.Advance(absl::Minutes(5));  // a client retry some time later
  const pb::Referral again = MustSubmit(edu_, req);
  EXPECT_EQ(again.referral_id(), first.referral_id());
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(Count("referrals"), 1);
  EXPECT_EQ(Count("persons"), 2);

  // The same request id with another payload is refused and writes nothing.
  pb::SubmitReferralRequest changed = req;
  changed.set_facts("另一件事。");
  auto refused = core_->Submit(edu_, changed);
  EXPECT_TRUE(absl::IsInvalidArgument(refused.status())) << refused.status();
  EXPECT_THAT(refused.status().message(), HasSubstr("request_id"));
  EXPECT_EQ(Snapshot(), before);

  // Request ids are per caller: another agency's request with the same id is its own.
  const pb::Referral other = MustSubmit(police_, req);
  EXPECT_NE(other.referral_id(), first.referral_id());
  EXPECT_EQ(Count("referrals"), 2);
}

TEST_F(ReferralCoreTest, RepeatedTransitionReplaysWithoutChangingAgain) {
  const pb::Referral r = MustSubmit(edu_, Submission());
  pb::AssignReferralRequest req;
  req.set_request_id(Rid());
  req.set_referral_id(r.referral_id());
  req.set_version(1);
  req.set_caseworker("u-zhang");
  auto first = core_->Assign(head_, req);
  ASSERT_TRUE(first.ok()) << first.status();
  auto again = core_->Assign(head_, req);  // the reply was lost; the client retries
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->version(), 2);
  EXPECT_EQ(MustGet(zhang_, r.referral_id()).version(), 2);
  EXPECT_THAT(Steps(zhang_, r.referral_id()), ElementsAre("submitted", "assigned"));
  EXPECT_EQ(Count("audit_log", "action = 'referral.assign'"), 1);
}

TEST_F(ReferralCoreTest, InvalidSubmissionWritesNothing) {
  const TableCounts before = Snapshot();
  std::vector<std::pair<std::string, pb::SubmitReferralRequest>> bad;
  {
    auto req = Submission();
    req.clear_facts();
    bad.emplace_back("facts", req);
  }
  {
    auto req = Submission(pb::REFERRAL_KIND_MANDATORY_REPORT);
    req.clear_situations();
    bad.emplace_back("situations", req);
  }
  {
    // The subject of a guardianship concern must be a minor.
    auto req = Submission(pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
                          Person("张成年", {}, IdNumber(absl::CivilDay(1990, 1, 1), 11, kRenhuai)));
    bad.emplace_back("birth_date", req);
  }
  std::string wrong_check = minor_id_;
  wrong_check.back() = wrong_check.back() == '1' ? '2' : '1';
  {
    auto req =
        Submission(pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN, Person("王小明", {}, wrong_check));
    bad.emplace_back("id_number", req);
  }
  {
    auto req = Submission();
    req.mutable_people(1)->set_role(pb::PERSON_ROLE_SUBJECT);
    bad.emplace_back("exactly one", req);
  }
  {
    auto req = Submission();
    *req.mutable_occurred_on() = Date(2025, 3, 11);  // tomorrow
    bad.emplace_back("future", req);
  }
  {
    auto req = Submission();
    req.set_request_id("short");
    bad.emplace_back("request_id", req);
  }
  {
    auto req = Submission();
    req.mutable_people(0)->mutable_person()->set_phone("12345+");
    bad.emplace_back("people[0].person.phone", req);
  }
  {
    auto req = Submission();
    req.mutable_people(0)->mutable_person()->set_name("\u200b\u200d\ufeff");
    bad.emplace_back("people[0].person.name: is empty or only spaces / invisible characters", req);
  }
  {
    auto req = Submission();
    req.mutable_people(0)->mutable_person()->set_name("王\u202e明小");
    bad.emplace_back("people[0].person.name: contains bidirectional control characters", req);
  }
  {
    auto req = Submission();
    req.set_facts("\u3000\u3000 \n");
    bad.emplace_back("facts: is empty or only spaces / invisible characters", req);
  }
  for (const auto& [expected, req] : bad) {
    SCOPED_TRACE(expected);
    auto r = core_->Submit(edu_, req);
    EXPECT_TRUE(absl::IsInvalidArgument(r.status())) << r.status();
    EXPECT_THAT(r.status().message(), HasSubstr(expected));
    // Error messages never echo an ID number.
    EXPECT_THAT(r.status().message(), ::testing::Not(HasSubstr(wrong_check)));
  }
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(Count("referrals"), 0);
  EXPECT_EQ(Count("persons"), 0);

  // Only agencies submit.
  auto staff = core_->Submit(zhang_, Submission());
  EXPECT_TRUE(absl::IsPermissionDenied(staff.status())) << staff.status();
  EXPECT_EQ(Snapshot(), before);
}

// ------------------------------------------------------------------------ concurrency

TEST_F(ReferralCoreTest, ConcurrentAcceptsOfOneVersionLetExactlyOneWin) {
  // Two leaders (whose right to accept does not depend on the assignment) decide on the
  // same version at once.
  const pb::Referral r = MustSubmit(edu_, Submission());
  std::barrier start(2);
  absl::StatusOr<pb::Referral> results[2] = {absl::UnknownError("not run"),
                                             absl::UnknownError("not run")};
  std::thread t0([&] {
    start.arrive_and_wait();
    results[0] = Accept(head_, r.referral_id(), 1, "req-race-head-00001");
  });
  std::thread t1([&] {
    start.arrive_and_wait();
    results[1] = Accept(other_head_, r.referral_id(), 1, "req-race-head2-0001");
  });
  t0.join();
  t1.join();
  const int ok = results[0].ok() + results[1].ok();
  const int aborted = absl::IsAborted(results[0].status()) + absl::IsAborted(results[1].status());
  EXPECT_EQ(ok, 1) << results[0].status() << " / " << results[1].status();
  EXPECT_EQ(aborted, 1) << results[0].status() << " / " << results[1].status();
  EXPECT_EQ(Count("cases"), 1);
  EXPECT_EQ(Count("audit_log", "action = 'referral.accept'"), 1);
  EXPECT_EQ(Count("outbox_events", "topic = 'referral.accepted'"), 1);
  EXPECT_EQ(MustGet(zhang_, r.referral_id()).version(), 2);
}

TEST_F(ReferralCoreTest, ConcurrentAcceptsAboutOneSubjectOpenOneCase) {
  // Two agencies report the same girl; two leaders accept at the same moment.
  const pb::Referral a = MustSubmit(edu_, Submission());
  const pb::Referral b = MustSubmit(police_, Submission(pb::REFERRAL_KIND_MANDATORY_REPORT));
  std::barrier start(2);
  absl::StatusOr<pb::Referral> results[2] = {absl::UnknownError("not run"),
                                             absl::UnknownError("not run")};
  std::thread t0([&] {
    start.arrive_and_wait();
    results[0] = Accept(head_, a.referral_id(), 1);
  });
  std::thread t1([&] {
    start.arrive_and_wait();
    results[1] = Accept(other_head_, b.referral_id(), 1);
  });
  t0.join();
  t1.join();
  ASSERT_TRUE(results[0].ok()) << results[0].status();
  ASSERT_TRUE(results[1].ok()) << results[1].status();
  EXPECT_EQ(results[0]->case_id(), results[1]->case_id());
  EXPECT_EQ(Count("cases"), 1);
  EXPECT_EQ(Count("outbox_events", "topic = 'case.opened'"), 1);
  auto c = GetCase(head_, results[0]->case_id());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->referral_ids_size(), 2);
}

TEST_F(ReferralCoreTest, AcceptCanLinkToAnOpenCase) {
  const pb::Referral first = SubmitAndAccept(edu_, Person("王小明", {}, minor_id_));
  // A referral about her brother joins her case on request.
  const pb::Referral brother = MustSubmit(
      police_,
      Submission(pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN,
                 Person("王小亮", {}, IdNumber(absl::CivilDay(2017, 8, 8), 31, kRenhuai))));
  pb::AcceptReferralRequest req;
  req.set_request_id(Rid());
  req.set_referral_id(brother.referral_id());
  req.set_version(1);
  req.set_link_case_id("case-520330-0000000000000001");  // not a case of Renhuai
  auto foreign = core_->Accept(head_, req);
  EXPECT_TRUE(absl::IsInvalidArgument(foreign.status())) << foreign.status();
  req.set_request_id(Rid());
  req.set_link_case_id(first.case_id());
  auto linked = core_->Accept(head_, req);
  ASSERT_TRUE(linked.ok()) << linked.status();
  EXPECT_EQ(linked->case_id(), first.case_id());
  EXPECT_EQ(Count("cases"), 1);
  auto c = GetCase(head_, first.case_id());
  ASSERT_TRUE(c.ok());
  EXPECT_THAT(c->referral_ids(), ElementsAre(first.referral_id(), brother.referral_id()));
}

TEST_F(ReferralCoreTest, MergeIsRefusedWhileBothPeopleHaveOpenCases) {
  auto first_req =
      Submission(pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN, Person("刘小红", Date(2014, 5, 5)));
  first_req.mutable_people()->RemoveLast();
  auto second_req = Submission(pb::REFERRAL_KIND_SPECIAL_MINOR, Person("刘小红", Date(2014, 5, 5)));
  second_req.mutable_people()->RemoveLast();
  const pb::Referral first = MustSubmit(edu_, first_req);
  const pb::Referral second = MustSubmit(police_, second_req);
  ASSERT_TRUE(Accept(head_, first.referral_id(), 1).ok());
  ASSERT_TRUE(Accept(head_, second.referral_id(), 1).ok());
  EXPECT_EQ(Count("cases", "status = 1"), 2);

  auto candidates = core_->ListDuplicateCandidates(zhang_, {});
  ASSERT_TRUE(candidates.ok());
  ASSERT_EQ(candidates->candidates_size(), 1);
  pb::ResolveDuplicateRequest resolve;
  resolve.set_request_id(Rid());
  resolve.set_candidate_id(candidates->candidates(0).candidate_id());
  resolve.set_same_person(true);
  auto refused = core_->ResolveDuplicate(head_, resolve);
  EXPECT_TRUE(absl::IsFailedPrecondition(refused.status())) << refused.status();
  EXPECT_THAT(refused.status().message(), HasSubstr("open case"));
  // Nothing of the merge was kept.
  EXPECT_EQ(Count("persons", "merged_into IS NOT NULL"), 0);
  EXPECT_EQ(Count("referrals", "subject_person_id = (SELECT MIN(id) FROM persons)"), 1);
  auto still = core_->ListDuplicateCandidates(zhang_, {});
  ASSERT_TRUE(still.ok());
  EXPECT_EQ(still->candidates_size(), 1);

  // "Not the same person" closes the candidate without touching the records.
  resolve.set_request_id(Rid());
  resolve.set_same_person(false);
  auto rejected = core_->ResolveDuplicate(head_, resolve);
  ASSERT_TRUE(rejected.ok()) << rejected.status();
  EXPECT_EQ(rejected->state(), "rejected");
  EXPECT_EQ(Count("persons", "merged_into IS NOT NULL"), 0);
  auto none = core_->ListDuplicateCandidates(zhang_, {});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->candidates_size(), 0);
}

TEST_F(ReferralCoreTest, StaleVersionIsAborted) {
  const pb::Referral r = MustSubmit(edu_, Submission());
  ASSERT_TRUE(Assign(head_, r.referral_id(), 1, "u-zhang").ok());
  auto stale = Assign(head_, r.referral_id(), 1, "u-wang");
  EXPECT_TRUE(absl::IsAborted(stale.status())) << stale.status();
  auto future = Accept(zhang_, r.referral_id(), 7);
  EXPECT_TRUE(absl::IsAborted(future.status())) << future.status();
  auto missing = Accept(zhang_, r.referral_id(), 0);
  EXPECT_TRUE(absl::IsInvalidArgument(missing.status())) << missing.status();
  const pb::Referral now = MustGet(zhang_, r.referral_id());
  EXPECT_EQ(now.assigned_to(), "u-zhang");
  EXPECT_EQ(now.version(), 2);
  EXPECT_EQ(now.status(), pb::REFERRAL_STATUS_UNDER_REVIEW);
}

TEST_F(ReferralCoreTest, IllegalTransitionsAreRefused) {
  const pb::Referral r = MustSubmit(edu_, Submission());
  // An agency cannot supplement what nobody asked for.
  pb::SupplementReferralRequest supplement;
  supplement.set_request_id(Rid());
  supplement.set_referral_id(r.referral_id());
  supplement.set_version(1);
  supplement.set_supplement("补充");
  auto early = core_->Supplement(edu_, supplement);
  EXPECT_TRUE(absl::IsFailedPrecondition(early.status())) << early.status();

  auto declined = Decline(head_, r.referral_id(), 1);
  ASSERT_TRUE(declined.ok()) << declined.status();
  EXPECT_EQ(declined->status(), pb::REFERRAL_STATUS_DECLINED);
  auto accept = Accept(head_, r.referral_id(), declined->version());
  EXPECT_TRUE(absl::IsFailedPrecondition(accept.status())) << accept.status();
  pb::WithdrawReferralRequest withdraw;
  withdraw.set_request_id(Rid());
  withdraw.set_referral_id(r.referral_id());
  withdraw.set_version(declined->version());
  auto withdrawn = core_->Withdraw(edu_, withdraw);
  EXPECT_TRUE(absl::IsFailedPrecondition(withdrawn.status())) << withdrawn.status();
  EXPECT_EQ(MustGet(edu_, r.referral_id()).status(), pb::REFERRAL_STATUS_DECLINED);
  EXPECT_EQ(Count("cases"), 0);
}

TEST_F(ReferralCoreTest, AgencyMayWithdrawAnOpenReferral) {
  const pb::Referral r = MustSubmit(edu_, Submission());
  pb::WithdrawReferralRequest withdraw;
  withdraw.set_request_id(Rid());
  withdraw.set_referral_id(r.referral_id());
  withdraw.set_version(1);
  withdraw.set_reason("误报");
  // Not someone else's referral.
  auto foreign = core_->Withdraw(police_, withdraw);
  EXPECT_TRUE(absl::IsPermissionDenied(foreign.status())) << foreign.status();
  auto done = core_->Withdraw(edu_, withdraw);
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(done->status(), pb::REFERRAL_STATUS_WITHDRAWN);
}

// ---------------------------------------------------------- watched deadlines (oversight)

namespace opb = ::shouhu::oversight::v1;

TEST_F(ReferralCoreTest, TheFirstAnswerDeadlineRunsFromSubmissionToTheFirstAnswer) {
  const pb::Referral r = MustSubmit(edu_, Submission());
  const std::string id = r.referral_id();
  const std::string key = "REFERRAL_ANSWER:" + id;
  std::vector<opb::DeadlineChanged> changes = DeadlineChanges(key);
  ASSERT_EQ(changes.size(), 1u);
  const opb::DeadlineChanged started = changes[0];
  EXPECT_EQ(started.kind(), opb::REFERRAL_ANSWER);
  EXPECT_EQ(started.state(), opb::DEADLINE_OPEN);
  EXPECT_EQ(started.procuratorate_code(), kRenhuai);
  EXPECT_EQ(started.record_id(), id);
  EXPECT_EQ(started.case_id(), "");
  EXPECT_EQ(started.assigned_to(), "");
  EXPECT_EQ(started.started_at().unix_millis(), r.submitted_at().unix_millis());
  EXPECT_EQ(started.due_at().unix_millis(), r.response_due_at().unix_millis());
  EXPECT_FALSE(started.has_ended_at());
  EXPECT_EQ(started.sequence(), 1);
  // Published with the change, through the outbox, under the item key.
  EXPECT_EQ(Count("outbox_events", absl::StrCat("topic = 'deadline.changed' AND aggregate_id = '",
                                                key, "' AND service = 'referral'")),
            1);

  // Assigned: the same deadline moves to the caseworker (the assigner's department).
  auto assigned = Assign(head_, id, r.version(), "u-zhang");
  ASSERT_TRUE(assigned.ok()) << assigned.status();
  changes = DeadlineChanges(key);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[1].state(), opb::DEADLINE_OPEN);
  EXPECT_EQ(changes[1].assigned_to(), "person:u-zhang");
  EXPECT_EQ(changes[1].department(), head_.department);
  EXPECT_EQ(changes[1].due_at().unix_millis(), started.due_at().unix_millis());
  EXPECT_EQ(changes[1].sequence(), 2);

  // The first answer meets it; the case it opened is named.
  auto accepted = Accept(zhang_, id, assigned->version());
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  changes = DeadlineChanges(key);
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[2].state(), opb::DEADLINE_MET);
  EXPECT_TRUE(changes[2].has_ended_at());
  EXPECT_LE(changes[2].ended_at().unix_millis(), changes[2].due_at().unix_millis());
  EXPECT_EQ(changes[2].case_id(), accepted->case_id());
  EXPECT_EQ(changes[2].sequence(), 3);
  EXPECT_EQ(Count("outbox_events", "topic = 'deadline.changed'"), 3);
}

TEST_F(ReferralCoreTest, AWithdrawnMandatoryReportCancelsItsTriageDeadline) {
  const pb::Referral r = MustSubmit(police_, Submission(pb::REFERRAL_KIND_MANDATORY_REPORT));
  const std::string key = "MANDATORY_REPORT_TRIAGE:" + r.referral_id();
  pb::WithdrawReferralRequest withdraw;
  withdraw.set_request_id(Rid());
  withdraw.set_referral_id(r.referral_id());
  withdraw.set_version(r.version());
  withdraw.set_reason("误报");
  ASSERT_TRUE(core_->Withdraw(police_, withdraw).ok());
  const std::vector<opb::DeadlineChanged> changes = DeadlineChanges(key);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].kind(), opb::MANDATORY_REPORT_TRIAGE);
  EXPECT_EQ(changes[0].state(), opb::DEADLINE_OPEN);
  // Hours, not working days.
  EXPECT_EQ(changes[0].due_at().unix_millis() - changes[0].started_at().unix_millis(),
            absl::ToInt64Milliseconds(absl::Hours(24)));
  EXPECT_EQ(changes[1].state(), opb::DEADLINE_CANCELLED);
  EXPECT_TRUE(changes[1].has_ended_at());
  EXPECT_EQ(changes[1].sequence(), 2);
  EXPECT_EQ(Count("outbox_events",
                  "topic = 'deadline.changed' AND aggregate_id LIKE "
                  "'REFERRAL_ANSWER:%'"),
            0);
}

// ------------------------------------------------------------------------------ access

TEST_F(ReferralCoreTest, AccessIsScopedByAgencyProcuratorateAndRole) {
  const pb::Referral r = MustSubmit(edu_, Submission());
  const std::string id = r.referral_id();
  EXPECT_TRUE(Get(edu_, id).ok());
  EXPECT_TRUE(Get(zhang_, id).ok());
  EXPECT_TRUE(absl::IsPermissionDenied(Get(police_, id).status()));
  EXPECT_TRUE(absl::IsPermissionDenied(Get(edu_xishui_, id).status()));
  EXPECT_TRUE(absl::IsPermissionDenied(Get(xs_worker_, id).status()));
  EXPECT_TRUE(absl::IsPermissionDenied(Get(xs_head_, id).status()));
  EXPECT_TRUE(absl::IsPermissionDenied(Get(analyst_, id).status()));
  EXPECT_TRUE(absl::IsNotFound(Get(zhang_, "ref-520382-DOESNOTEXIST").status()));
  // Agencies get the same answer for absent and for others' referrals.
  EXPECT_TRUE(absl::IsPermissionDenied(Get(edu_, "ref-520382-DOESNOTEXIST").status()));
  EXPECT_TRUE(absl::IsPermissionDenied(core_->List(analyst_, {}).status()));
  EXPECT_TRUE(absl::IsPermissionDenied(core_->List(admin_user_, {}).status()));
  pb::GetTimelineRequest t;
  t.set_referral_id(id);
  EXPECT_TRUE(absl::IsPermissionDenied(core_->Timeline(police_, t).status()));

  // Acting: only department heads assign; caseworkers act on what is theirs.
  EXPECT_TRUE(absl::IsPermissionDenied(Assign(zhang_, id, 1, "u-zhang").status()));
  EXPECT_TRUE(absl::IsPermissionDenied(Assign(police_, id, 1, "u-zhang").status()));
  EXPECT_TRUE(absl::IsPermissionDenied(Assign(xs_head_, id, 1, "u-zhang").status()));
  ASSERT_TRUE(Assign(head_, id, 1, "u-zhang").ok());
  EXPECT_TRUE(absl::IsPermissionDenied(Accept(wang_, id, 2).status()));
  EXPECT_TRUE(absl::IsPermissionDenied(Accept(edu_, id, 2).status()));
  EXPECT_EQ(MustGet(zhang_, id).version(), 2);
  // Agencies have no access to cases or person records.
  pb::GetPersonRequest person;
  person.set_person_id("per-0000000000000001");
  EXPECT_TRUE(absl::IsPermissionDenied(core_->GetPerson(edu_, person).status()));
  EXPECT_TRUE(absl::IsPermissionDenied(GetCase(edu_, "case-520382-0000000000000001").status()));
  // Only administrators maintain the registry.
  pb::UpsertProcuratorateRequest upsert;
  upsert.set_request_id(Rid());
  upsert.mutable_procuratorate()->set_procuratorate_code("520300");
  upsert.mutable_procuratorate()->set_name("遵义市人民检察院");
  EXPECT_TRUE(absl::IsPermissionDenied(core_->UpsertProcuratorate(head_, upsert).status()));
}

}  // namespace
}  // namespace shouhu::testing
