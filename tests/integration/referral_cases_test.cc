// The referral service's core wired to a real MariaDB: person matching and duplicates,
// cases and transfers, the agency registry, encryption at rest and unmasking, deadlines.
#include <algorithm>
#include <atomic>
#include <barrier>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "common/base/clock.h"
#include "common/base/id_number.h"
#include "common/calendar/working_calendar.h"
#include "common/crypto/field_cipher.h"
#include "common/crypto/sealed_fields.h"
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
using ::testing::Not;
using ::testing::StartsWith;

using ReferralCoreTest = ReferralCoreFixture;

// ----------------------------------------------------------------------------- people

TEST_F(ReferralCoreTest, SamePersonByIdNumberFromTwoAgencies) {
  const pb::Referral a = MustSubmit(edu_, Submission());
  const pb::Referral b = MustSubmit(police_, Submission(pb::REFERRAL_KIND_MANDATORY_REPORT));
  const pb::Referral seen_a = MustGet(zhang_, a.referral_id());
  const pb::Referral seen_b = MustGet(zhang_, b.referral_id());
  EXPECT_FALSE(seen_a.people(0).matched_existing());
  EXPECT_TRUE(seen_b.people(0).matched_existing());
  EXPECT_EQ(SubjectId(seen_a), SubjectId(seen_b));
  EXPECT_EQ(Count("persons", "id_number_hmac IS NOT NULL"), 1);
  // Agencies are not told that the person was known.
  EXPECT_FALSE(b.people(0).matched_existing());
}

TEST_F(ReferralCoreTest, ConcurrentSubmissionsAboutOneIdNumberCreateOnePerson) {
  constexpr int kThreads = 4;
  std::barrier start(kThreads);
  std::vector<absl::StatusOr<pb::Referral>> results(kThreads, absl::UnknownError("not run"));
  std::vector<pb::SubmitReferralRequest> reqs;
  for (int i = 0; i < kThreads; ++i) {
    pb::SubmitReferralRequest req =
        Submission(pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN, Person("王小明", {}, minor_id_));
    req.mutable_people()->RemoveLast();  // the subject only
    reqs.push_back(req);
  }
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      results[i] = core_->Submit(i % 2 == 0 ? edu_ : police_, reqs[i]);
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> subjects;
  for (int i = 0; i < kThreads; ++i) {
    ASSERT_TRUE(results[i].ok()) << results[i].status();
    subjects.insert(SubjectId(MustGet(zhang_, results[i]->referral_id())));
  }
  EXPECT_EQ(subjects.size(), 1u);
  EXPECT_EQ(Count("persons"), 1);
  EXPECT_EQ(Count("referrals"), kThreads);
}

TEST_F(ReferralCoreTest, PossibleDuplicateIsMergedOnConfirmation) {
  // First known without an ID number, then reported again with one.
  const cpb::PersonInput by_birth = Person("刘小红", Date(2014, 5, 5));
  const std::string id_number = IdNumber(absl::CivilDay(2014, 5, 5), 222, kRenhuai);
  auto first_req = Submission(pb::REFERRAL_KIND_GUARDIANSHIP_CONCERN, by_birth);
  first_req.mutable_people()->RemoveLast();
  auto second_req = Submission(pb::REFERRAL_KIND_SPECIAL_MINOR, Person("刘小红", {}, id_number));
  second_req.mutable_people()->RemoveLast();
  const pb::Referral first = MustSubmit(edu_, first_req);
  const pb::Referral second = MustSubmit(police_, second_req);

  const std::string existing = SubjectId(MustGet(zhang_, first.referral_id()));
  const pb::Referral seen = MustGet(zhang_, second.referral_id());
  const std::string incoming = SubjectId(seen);
  EXPECT_NE(existing, incoming);
  EXPECT_TRUE(seen.people(0).possible_duplicate());
  EXPECT_FALSE(seen.people(0).matched_existing());
  EXPECT_EQ(Count("persons"), 2);

  auto candidates = core_->ListDuplicateCandidates(zhang_, {});
  ASSERT_TRUE(candidates.ok()) << candidates.status();
  ASSERT_EQ(candidates->candidates_size(), 1);
  const pb::DuplicateCandidate& cand = candidates->candidates(0);
  EXPECT_EQ(cand.existing().person_id(), existing);
  EXPECT_EQ(cand.incoming().person_id(), incoming);
  EXPECT_EQ(cand.referral_id(), second.referral_id());
  EXPECT_EQ(cand.state(), "pending");
  EXPECT_NE(cand.incoming().id_number(), id_number);  // masked
  // Another procuratorate does not see it.
  auto elsewhere = core_->ListDuplicateCandidates(xs_worker_, {});
  ASSERT_TRUE(elsewhere.ok());
  EXPECT_EQ(elsewhere->candidates_size(), 0);

  pb::ResolveDuplicateRequest resolve;
  resolve.set_request_id(Rid());
  resolve.set_candidate_id(cand.candidate_id());
  resolve.set_same_person(true);
  // Only a department head resolves duplicates.
  auto by_caseworker = core_->ResolveDuplicate(zhang_, resolve);
  EXPECT_TRUE(absl::IsPermissionDenied(by_caseworker.status())) << by_caseworker.status();
  auto resolved = core_->ResolveDuplicate(head_, resolve);
  ASSERT_TRUE(resolved.ok()) << resolved.status();
  EXPECT_EQ(resolved->state(), "confirmed");

  // Every reference now points to the surviving record.
  EXPECT_EQ(Strings(absl::StrCat("SELECT person_id FROM referral_people WHERE referral_id = '",
                                 second.referral_id(), "'")),
            std::vector<std::string>{existing});
  EXPECT_EQ(Strings(absl::StrCat("SELECT subject_person_id FROM referrals WHERE id = '",
                                 second.referral_id(), "'")),
            std::vector<std::string>{existing});
  EXPECT_EQ(Strings(absl::StrCat("SELECT merged_into FROM persons WHERE id = '", incoming, "'")),
            std::vector<std::string>{existing});
  EXPECT_EQ(SubjectId(MustGet(zhang_, second.referral_id())), existing);
  auto after = core_->ListDuplicateCandidates(zhang_, {});
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->candidates_size(), 0);
  EXPECT_EQ(Count("audit_log", "action = 'person.merge'"), 1);

  // The surviving record took over the ID number: a later report by ID finds it.
  pb::GetPersonRequest get;
  get.set_person_id(existing);
  get.set_unmask(true);
  get.set_purpose("核对合并后的身份信息");
  auto person = core_->GetPerson(zhang_, get);
  ASSERT_TRUE(person.ok()) << person.status();
  EXPECT_EQ(person->id_number(), id_number);
  auto third_req = Submission(pb::REFERRAL_KIND_SPECIAL_MINOR, Person("刘小红", {}, id_number));
  third_req.mutable_people()->RemoveLast();
  const pb::Referral third = MustGet(zhang_, MustSubmit(edu_, third_req).referral_id());
  EXPECT_EQ(SubjectId(third), existing);
  EXPECT_TRUE(third.people(0).matched_existing());

  // Resolving twice is refused.
  resolve.set_request_id(Rid());
  auto twice = core_->ResolveDuplicate(head_, resolve);
  EXPECT_TRUE(absl::IsFailedPrecondition(twice.status())) << twice.status();
}

// ------------------------------------------------------------------------------- cases

TEST_F(ReferralCoreTest, SecondReferralJoinsTheOpenCaseUntilItIsClosed) {
  const pb::Referral first = SubmitAndAccept(edu_, Person("王小明", {}, minor_id_));
  const std::string case_id = first.case_id();
  ASSERT_FALSE(case_id.empty());
  const pb::Referral second = SubmitAndAccept(police_, Person("王小明", {}, minor_id_));
  EXPECT_EQ(second.case_id(), case_id);
  EXPECT_EQ(Count("cases"), 1);
  auto c = GetCase(zhang_, case_id);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_THAT(c->referral_ids(), ElementsAre(first.referral_id(), second.referral_id()));
  EXPECT_EQ(Count("outbox_events", "topic = 'case.opened'"), 1);
  EXPECT_EQ(Count("outbox_events", "topic = 'referral.accepted'"), 2);

  // Closing: not by a caseworker it is not assigned to; by the department head.
  pb::CloseCaseRequest close;
  close.set_request_id(Rid());
  close.set_case_id(case_id);
  close.set_version(c->version());
  close.set_reason(pb::CLOSE_REASON_RESOLVED);
  close.set_note("监护人已接受家庭教育指导，学生恢复正常上学。");
  auto by_other = core_->CloseCase(wang_, close);
  EXPECT_TRUE(absl::IsPermissionDenied(by_other.status())) << by_other.status();
  close.set_request_id(Rid());
  clock_.Advance(absl::Hours(30 * 24));
  auto closed = core_->CloseCase(head_, close);
  ASSERT_TRUE(closed.ok()) << closed.status();
  EXPECT_EQ(closed->status(), pb::CASE_STATUS_CLOSED);
  EXPECT_EQ(closed->close_reason(), pb::CLOSE_REASON_RESOLVED);
  EXPECT_EQ(closed->closed_at().unix_millis(), absl::ToUnixMillis(clock_.Now()));
  EXPECT_EQ(Count("outbox_events", "topic = 'case.closed'"), 1);
  // Closed cases stay closed.
  close.set_request_id(Rid());
  close.set_version(closed->version());
  EXPECT_TRUE(absl::IsFailedPrecondition(core_->CloseCase(head_, close).status()));

  // A new referral about the same girl opens a new case.
  const pb::Referral third = SubmitAndAccept(edu_, Person("王小明", {}, minor_id_));
  EXPECT_FALSE(third.case_id().empty());
  EXPECT_NE(third.case_id(), case_id);
  EXPECT_EQ(Count("cases"), 2);
  EXPECT_EQ(Count("cases", "open_subject_key IS NOT NULL"), 1);

  pb::ListCasesRequest list;
  list.set_status(pb::CASE_STATUS_OPEN);
  auto open = core_->ListCases(zhang_, list);
  ASSERT_TRUE(open.ok());
  ASSERT_EQ(open->cases_size(), 1);
  EXPECT_EQ(open->cases(0).case_id(), third.case_id());
  EXPECT_TRUE(absl::IsPermissionDenied(GetCase(xs_worker_, case_id).status()));
  EXPECT_TRUE(absl::IsNotFound(GetCase(zhang_, "case-520382-DOESNOTEXIST").status()));
}

TEST_F(ReferralCoreTest, TransferAcceptedOpensACaseInTheReceivingProcuratorate) {
  const pb::Referral r = SubmitAndAccept(edu_, Person("王小明", {}, minor_id_));
  auto origin = GetCase(head_, r.case_id());
  ASSERT_TRUE(origin.ok()) << origin.status();

  // Only to a known procuratorate, and not to oneself.
  pb::Case unknown = *origin;
  EXPECT_TRUE(absl::IsInvalidArgument(Transfer(unknown, "520300").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(Transfer(unknown, kRenhuai).status()));

  auto offered = Transfer(*origin, kXishui);
  ASSERT_TRUE(offered.ok()) << offered.status();
  EXPECT_EQ(offered->status(), pb::CASE_STATUS_TRANSFER_PENDING);
  EXPECT_EQ(offered->transfer_to_procuratorate(), kXishui);

  // The receiving department head sees the offer; the sender's does not.
  auto incoming = core_->ListIncomingTransfers(xs_head_, {});
  ASSERT_TRUE(incoming.ok()) << incoming.status();
  ASSERT_EQ(incoming->cases_size(), 1);
  EXPECT_EQ(incoming->cases(0).case_id(), r.case_id());
  EXPECT_EQ(incoming->cases(0).referral_ids_size(), 0);
  auto own = core_->ListIncomingTransfers(head_, {});
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(own->cases_size(), 0);
  EXPECT_TRUE(absl::IsPermissionDenied(core_->ListIncomingTransfers(xs_worker_, {}).status()));

  pb::DecideTransferRequest decide;
  decide.set_request_id(Rid());
  decide.set_case_id(r.case_id());
  decide.set_version(incoming->cases(0).version());
  decide.set_note("同意接收。");
  // Not the sender's decision.
  EXPECT_TRUE(absl::IsPermissionDenied(core_->AcceptTransfer(head_, decide).status()));
  decide.set_request_id(Rid());
  auto accepted = core_->AcceptTransfer(xs_head_, decide);
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  EXPECT_THAT(accepted->case_id(), StartsWith("case-520330-"));
  EXPECT_EQ(accepted->procuratorate_code(), kXishui);
  EXPECT_EQ(accepted->status(), pb::CASE_STATUS_OPEN);
  EXPECT_EQ(accepted->transferred_from_case_id(), r.case_id());
  EXPECT_EQ(accepted->subject_person_id(), origin->subject_person_id());

  // A replay of the decision returns the same new case.
  auto replay = core_->AcceptTransfer(xs_head_, decide);
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_EQ(replay->case_id(), accepted->case_id());
  EXPECT_EQ(Count("cases"), 2);

  auto after = GetCase(head_, r.case_id());
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->status(), pb::CASE_STATUS_TRANSFERRED);
  EXPECT_EQ(after->transferred_to_case_id(), accepted->case_id());
  EXPECT_TRUE(after->has_closed_at());
  auto none = core_->ListIncomingTransfers(xs_head_, {});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->cases_size(), 0);

  // The new case belongs to Xishui.
  EXPECT_TRUE(GetCase(xs_worker_, accepted->case_id()).ok());
  EXPECT_TRUE(absl::IsPermissionDenied(GetCase(zhang_, accepted->case_id()).status()));
  // Xishui's staff may now read the person; still not the referral.
  pb::GetPersonRequest person;
  person.set_person_id(accepted->subject_person_id());
  EXPECT_TRUE(core_->GetPerson(xs_worker_, person).ok());
  EXPECT_TRUE(absl::IsPermissionDenied(Get(xs_worker_, r.referral_id()).status()));

  EXPECT_EQ(Count("outbox_events", absl::StrCat("topic = 'case.opened' AND aggregate_id = '",
                                                accepted->case_id(), "'")),
            1);
  EXPECT_EQ(Count("outbox_events", "topic = 'case.transferred'"), 1);
  EXPECT_EQ(Count("audit_log", "action = 'case.transfer_accept'"), 1);
}

TEST_F(ReferralCoreTest, TransferRejectedReturnsTheCaseToTheSender) {
  const pb::Referral r = SubmitAndAccept(edu_, Person("王小明", {}, minor_id_));
  auto origin = GetCase(head_, r.case_id());
  ASSERT_TRUE(origin.ok());
  auto offered = Transfer(*origin, kXishui);
  ASSERT_TRUE(offered.ok()) << offered.status();

  pb::DecideTransferRequest decide;
  decide.set_request_id(Rid());
  decide.set_case_id(r.case_id());
  decide.set_version(offered->version());
  EXPECT_TRUE(
      absl::IsInvalidArgument(core_->RejectTransfer(xs_head_, decide).status()));  // no note
  decide.set_note("经核实监护人仍在仁怀居住，不予接收。");
  auto rejected = core_->RejectTransfer(xs_head_, decide);
  ASSERT_TRUE(rejected.ok()) << rejected.status();
  EXPECT_EQ(rejected->status(), pb::CASE_STATUS_OPEN);
  EXPECT_TRUE(rejected->subject_person_id().empty());  // nothing beyond what Xishui saw

  auto back = GetCase(head_, r.case_id());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->status(), pb::CASE_STATUS_OPEN);
  EXPECT_TRUE(back->transfer_to_procuratorate().empty());
  EXPECT_THAT(back->transfer_reason(), HasSubstr("不予接收"));
  EXPECT_EQ(Count("cases"), 1);
  auto none = core_->ListIncomingTransfers(xs_head_, {});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->cases_size(), 0);
  // Accepting afterwards is no longer possible.
  decide.set_request_id(Rid());
  decide.set_version(back->version());
  EXPECT_TRUE(absl::IsPermissionDenied(core_->AcceptTransfer(xs_head_, decide).status()));
  // The case is open again: a new referral about the girl joins it.
  const pb::Referral again = SubmitAndAccept(police_, Person("王小明", {}, minor_id_));
  EXPECT_EQ(again.case_id(), r.case_id());
}

TEST_F(ReferralCoreTest, AssignCaseHandsAnOpenCaseToAnotherCaseworker) {
  const pb::Referral r = SubmitAndAccept(edu_, Person("王小明", {}, minor_id_));
  auto c = GetCase(head_, r.case_id());
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->assigned_to(), "u-head");  // accepted by the head, who holds it until assigned

  pb::AssignCaseRequest assign;
  assign.set_request_id(Rid());
  assign.set_case_id(c->case_id());
  assign.set_version(c->version());
  assign.set_caseworker("u-zhang");
  // Only a department head assigns.
  auto by_caseworker = core_->AssignCase(zhang_, assign);
  EXPECT_TRUE(absl::IsPermissionDenied(by_caseworker.status())) << by_caseworker.status();
  auto assigned = core_->AssignCase(head_, assign);
  ASSERT_TRUE(assigned.ok()) << assigned.status();
  EXPECT_EQ(assigned->assigned_to(), "u-zhang");
  EXPECT_EQ(assigned->status(), pb::CASE_STATUS_OPEN);
  EXPECT_EQ(assigned->version(), c->version() + 1);
  auto seen = GetCase(zhang_, c->case_id());
  ASSERT_TRUE(seen.ok()) << seen.status();
  EXPECT_EQ(seen->assigned_to(), "u-zhang");
  EXPECT_EQ(Count("audit_log", absl::StrCat("action = 'case.assign' AND entity_id = '",
                                            c->case_id(), "' AND actor = 'user:u-head'")),
            1);

  // The assignment decides who may close: the new caseworker, not another one.
  pb::CloseCaseRequest close;
  close.set_request_id(Rid());
  close.set_case_id(c->case_id());
  close.set_version(assigned->version());
  close.set_reason(pb::CLOSE_REASON_RESOLVED);
  EXPECT_TRUE(absl::IsPermissionDenied(core_->CloseCase(wang_, close).status()));
  close.set_request_id(Rid());
  auto closed = core_->CloseCase(zhang_, close);
  ASSERT_TRUE(closed.ok()) << closed.status();

  // A closed case is not assigned any more, and the refusal writes nothing.
  const absl::StatusOr<TableCounts> before = CountEveryTable(*pool_);
  ASSERT_TRUE(before.ok()) << before.status();
  assign.set_request_id(Rid());
  assign.set_version(closed->version());
  assign.set_caseworker("u-wang");
  auto late = core_->AssignCase(head_, assign);
  EXPECT_TRUE(absl::IsFailedPrecondition(late.status())) << late.status();
  EXPECT_EQ(CountEveryTable(*pool_).value_or(TableCounts()), *before);
  auto after = GetCase(head_, c->case_id());
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->assigned_to(), "u-zhang");
  EXPECT_EQ(after->status(), pb::CASE_STATUS_CLOSED);
}

TEST_F(ReferralCoreTest, ListAgenciesIsScopedToTheCallerAndPaged) {
  const absl::StatusOr<TableCounts> before = CountEveryTable(*pool_);
  ASSERT_TRUE(before.ok()) << before.status();
  auto codes = [&](const Principal& p, pb::ListAgenciesRequest req) {
    std::vector<std::string> out;
    auto list = core_->ListAgencies(p, req);
    EXPECT_TRUE(list.ok()) << list.status();
    if (list.ok()) {
      for (const auto& a : list->agencies()) out.push_back(a.agency_code());
    }
    return out;
  };
  // Administrators see every agency, ordered by code, or one procuratorate's.
  EXPECT_THAT(codes(admin_user_, {}), ElementsAre("edu-renhuai", "edu-xishui", "police-renhuai"));
  pb::ListAgenciesRequest xishui;
  xishui.set_procuratorate_code(kXishui);
  EXPECT_THAT(codes(admin_user_, xishui), ElementsAre("edu-xishui"));
  // Staff see their own procuratorate's agencies, whatever filter they send.
  EXPECT_THAT(codes(zhang_, {}), ElementsAre("edu-renhuai", "police-renhuai"));
  EXPECT_THAT(codes(head_, xishui), ElementsAre("edu-renhuai", "police-renhuai"));
  EXPECT_THAT(codes(xs_worker_, {}), ElementsAre("edu-xishui"));
  auto full = core_->ListAgencies(zhang_, {});
  ASSERT_TRUE(full.ok());
  ASSERT_EQ(full->agencies_size(), 2);
  EXPECT_EQ(full->agencies(0).name(), "仁怀市教育局");
  EXPECT_EQ(full->agencies(0).type(), pb::AGENCY_TYPE_EDUCATION);
  EXPECT_EQ(full->agencies(0).procuratorate_code(), kRenhuai);
  EXPECT_TRUE(full->agencies(0).active());
  // Agencies and roles without record access do not read the registry.
  EXPECT_TRUE(absl::IsPermissionDenied(core_->ListAgencies(edu_, {}).status()));
  EXPECT_TRUE(absl::IsPermissionDenied(core_->ListAgencies(analyst_, {}).status()));

  // Paging: one agency per page, each exactly once, then no token.
  pb::ListAgenciesRequest page;
  page.set_page_size(1);
  std::vector<std::string> paged;
  for (int i = 0; i < 5; ++i) {
    auto list = core_->ListAgencies(admin_user_, page);
    ASSERT_TRUE(list.ok()) << list.status();
    ASSERT_LE(list->agencies_size(), 1);
    for (const auto& a : list->agencies()) paged.push_back(a.agency_code());
    if (list->next_page_token().empty()) break;
    page.set_page_token(list->next_page_token());
  }
  EXPECT_THAT(paged, ElementsAre("edu-renhuai", "edu-xishui", "police-renhuai"));
  pb::ListAgenciesRequest bad;
  bad.set_page_token("!!not-a-token!!");
  auto refused = core_->ListAgencies(admin_user_, bad);
  EXPECT_TRUE(absl::IsInvalidArgument(refused.status())) << refused.status();
  EXPECT_THAT(ViolatedFields(refused.status()), ::testing::Contains("page_token"));
  // Reading writes nothing.
  EXPECT_EQ(CountEveryTable(*pool_).value_or(TableCounts()), *before);
}

// -------------------------------------------------------------------- sensitive fields

TEST_F(ReferralCoreTest, UnmaskingRequiresAPurposeAndIsAudited) {
  pb::SubmitReferralRequest req = Submission();
  req.mutable_people(0)->mutable_person()->set_phone("13912345678");
  req.mutable_people(0)->mutable_person()->set_address("贵州省仁怀市中枢街道国酒大道8号");
  const pb::Referral r = MustSubmit(edu_, req);
  const std::string person_id = SubjectId(MustGet(zhang_, r.referral_id()));

  pb::GetPersonRequest get;
  get.set_person_id(person_id);
  auto masked = core_->GetPerson(zhang_, get);
  ASSERT_TRUE(masked.ok()) << masked.status();
  EXPECT_FALSE(masked->unmasked());
  EXPECT_NE(masked->id_number(), minor_id_);
  EXPECT_NE(masked->phone(), "13912345678");
  EXPECT_NE(masked->name(), "王小明");
  EXPECT_EQ(Count("audit_log", "action = 'person.read_unmasked'"), 0);

  get.set_unmask(true);
  auto no_purpose = core_->GetPerson(zhang_, get);
  EXPECT_TRUE(absl::IsInvalidArgument(no_purpose.status())) << no_purpose.status();
  EXPECT_THAT(no_purpose.status().message(), HasSubstr("purpose"));
  EXPECT_EQ(Count("audit_log", "action = 'person.read_unmasked'"), 0);

  get.set_purpose("开展家庭走访前核实监护人联系方式");
  auto plain = core_->GetPerson(zhang_, get);
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_TRUE(plain->unmasked());
  EXPECT_EQ(plain->name(), "王小明");
  EXPECT_EQ(plain->id_number(), minor_id_);
  EXPECT_EQ(plain->phone(), "13912345678");
  EXPECT_EQ(plain->address(), "贵州省仁怀市中枢街道国酒大道8号");
  EXPECT_EQ(Count("audit_log", absl::StrCat("action = 'person.read_unmasked' AND entity_id = '",
                                            person_id, "' AND actor = 'user:u-zhang'")),
            1);
  // The purpose is in the audit record sealed, not in clear, and opens with its binding.
  const std::vector<std::string> detail =
      Strings("SELECT detail FROM audit_log WHERE action = 'person.read_unmasked'");
  ASSERT_EQ(detail.size(), 1u);
  EXPECT_THAT(detail[0], Not(HasSubstr("核实监护人联系方式")));
  const std::string prefix = "{\"purpose_sealed\":\"";
  ASSERT_TRUE(absl::StartsWith(detail[0], prefix)) << detail[0];
  std::string sealed;
  ASSERT_TRUE(absl::Base64Unescape(
      detail[0].substr(prefix.size(), detail[0].size() - prefix.size() - 2), &sealed));
  auto opened =
      SealedFields(cipher_.get())
          .Open(sealed, "audit", referral::UnmaskPurposeRow("person", person_id, "user:u-zhang"),
                "purpose");
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(*opened, "开展家庭走访前核实监护人联系方式");

  // Not for other procuratorates (same answer as an absent person), nor for analysts.
  auto elsewhere = core_->GetPerson(xs_worker_, get);
  EXPECT_TRUE(absl::IsNotFound(elsewhere.status())) << elsewhere.status();
  get.set_person_id("per-DOESNOTEXIST");
  EXPECT_TRUE(absl::IsNotFound(core_->GetPerson(zhang_, get).status()));
  get.set_person_id(person_id);
  EXPECT_TRUE(absl::IsPermissionDenied(core_->GetPerson(analyst_, get).status()));
  EXPECT_EQ(Count("audit_log", "action = 'person.read_unmasked'"), 1);
}

TEST_F(ReferralCoreTest, IdentityDataIsNotStoredInPlaintext) {
  const std::string phone = "13987654321";
  const std::string address = "贵州省仁怀市茅台镇酒都路66号";
  pb::SubmitReferralRequest req = Submission(pb::REFERRAL_KIND_MANDATORY_REPORT);
  req.mutable_people(0)->mutable_person()->set_phone(phone);
  req.mutable_people(0)->mutable_person()->set_address(address);
  const pb::Referral r = MustSubmit(edu_, req);
  ASSERT_TRUE(Accept(head_, r.referral_id(), 1).ok());

  struct Raw {
    std::string id, id_enc, hmac, phone_enc, address_enc;
  };
  std::vector<Raw> rows;
  ASSERT_TRUE(db::RunInTransaction(*pool_, [&](db::Tx& tx) {
                auto rs = tx.Sql(
                                "SELECT id, id_number_enc, id_number_hmac, phone_enc,"
                                " address_enc FROM persons WHERE id_number_enc IS NOT NULL")
                              .Rows();
                while (rs->next()) {
                  rows.push_back({db::GetStr(*rs, "id"), db::GetBlob(*rs, "id_number_enc"),
                                  db::GetStr(*rs, "id_number_hmac"), db::GetBlob(*rs, "phone_enc"),
                                  db::GetBlob(*rs, "address_enc")});
                }
                return absl::OkStatus();
              }).ok());
  ASSERT_EQ(rows.size(), 1u);
  const Raw& raw = rows[0];
  for (const std::string* column : {&raw.id_enc, &raw.hmac, &raw.phone_enc, &raw.address_enc}) {
    ASSERT_FALSE(column->empty());
    EXPECT_FALSE(absl::StrContains(*column, minor_id_));
    EXPECT_FALSE(absl::StrContains(*column, minor_id_.substr(6, 8)));  // the birth date part
    EXPECT_FALSE(absl::StrContains(*column, phone));
    EXPECT_FALSE(absl::StrContains(*column, address));
  }
  // They are real ciphertexts under this service's key, bound to the record.
  auto id_plain = cipher_->Decrypt(raw.id_enc, absl::StrCat("person/", raw.id, "/id_number"));
  ASSERT_TRUE(id_plain.ok()) << id_plain.status();
  EXPECT_EQ(*id_plain, minor_id_);
  auto phone_plain = cipher_->Decrypt(raw.phone_enc, absl::StrCat("person/", raw.id, "/phone"));
  ASSERT_TRUE(phone_plain.ok());
  EXPECT_EQ(*phone_plain, phone);
  EXPECT_FALSE(cipher_->Decrypt(raw.phone_enc, absl::StrCat("person/", raw.id, "/address")).ok());
  EXPECT_EQ(raw.hmac, cipher_->Hmac(minor_id_));

  // Nor anywhere else: stored responses, timeline, audit details, events.
  for (const char* sql : {"SELECT response FROM idempotency_keys",
                          "SELECT message FROM referral_events", "SELECT detail FROM audit_log",
                          "SELECT payload FROM outbox_events", "SELECT facts FROM referrals"}) {
    for (const std::string& value : Strings(sql)) {
      EXPECT_FALSE(absl::StrContains(value, minor_id_)) << sql;
      EXPECT_FALSE(absl::StrContains(value, phone)) << sql;
      EXPECT_FALSE(absl::StrContains(value, address)) << sql;
    }
  }
}

// -------------------------------------------------------------------------- deadlines

TEST_F(ReferralCoreTest, OverdueReferralsAreListed) {
  const pb::Referral ordinary = MustSubmit(edu_, Submission(pb::REFERRAL_KIND_JUDICIAL_AID));
  const pb::Referral mandatory =
      MustSubmit(police_, Submission(pb::REFERRAL_KIND_MANDATORY_REPORT));
  const pb::Referral waiting = MustSubmit(edu_, Submission(pb::REFERRAL_KIND_SPECIAL_MINOR));
  const pb::Referral decided = MustSubmit(edu_, Submission(pb::REFERRAL_KIND_SPECIAL_MINOR));
  pb::RequestInformationRequest info;
  info.set_request_id(Rid());
  info.set_referral_id(waiting.referral_id());
  info.set_version(1);
  info.set_question("请补充监护人联系方式。");
  ASSERT_TRUE(core_->RequestInformation(head_, info).ok());  // nobody assigned: the head
  ASSERT_TRUE(Accept(head_, decided.referral_id(), 1).ok());

  pb::ListReferralsRequest overdue;
  overdue.set_overdue_only(true);
  auto ids = [&]() {
    std::vector<std::string> out;
    auto list = core_->List(zhang_, overdue);
    EXPECT_TRUE(list.ok()) << list.status();
    if (list.ok()) {
      for (const auto& r : list->referrals()) {
        EXPECT_TRUE(r.overdue());
        out.push_back(r.referral_id());
      }
    }
    return out;
  };
  EXPECT_TRUE(ids().empty());

  clock_.Set(China(2025, 3, 11, 9, 59));  // the mandatory report is due within 24 hours
  EXPECT_TRUE(ids().empty());
  clock_.Set(China(2025, 3, 11, 10, 0, 1));
  EXPECT_THAT(ids(), ElementsAre(mandatory.referral_id()));
  EXPECT_TRUE(MustGet(zhang_, mandatory.referral_id()).overdue());
  EXPECT_FALSE(MustGet(zhang_, ordinary.referral_id()).overdue());

  clock_.Set(China(2025, 3, 17, 23, 59));  // the ordinary one: five working days
  EXPECT_THAT(ids(), ElementsAre(mandatory.referral_id()));
  clock_.Set(China(2025, 3, 18, 0, 0, 1));
  EXPECT_THAT(ids(), ElementsAre(mandatory.referral_id(), ordinary.referral_id()));
  // The agency sees the flag on its own referral too.
  EXPECT_TRUE(MustGet(edu_, ordinary.referral_id()).overdue());
  // Waiting for the agency, or decided: never overdue.
  EXPECT_FALSE(MustGet(zhang_, waiting.referral_id()).overdue());
  EXPECT_FALSE(MustGet(zhang_, decided.referral_id()).overdue());

  // Assigning does not stop the clock; deciding does.
  ASSERT_TRUE(Assign(head_, ordinary.referral_id(), 1, "u-zhang").ok());
  EXPECT_THAT(ids(), ElementsAre(mandatory.referral_id(), ordinary.referral_id()));
  ASSERT_TRUE(Decline(head_, mandatory.referral_id(), 1).ok());
  EXPECT_THAT(ids(), ElementsAre(ordinary.referral_id()));
}

}  // namespace
}  // namespace shouhu::testing
