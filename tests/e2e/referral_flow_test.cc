// End-to-end: the referral loop over gRPC with mTLS, idempotent replays, input validation,
// concurrent triage and the audit chain, against the real shouhu-referral binary.
#include <functional>
#include <latch>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "support/e2e_platform.h"

namespace shouhu::e2e {
namespace {

// One platform for every test of this binary.
const ::testing::Environment* const kPlatform = RegisterPlatform({});

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

using RS = pb::ReferralService::Stub;
using CS = pb::CaseService::Stub;

class ReferralFlowTest : public PlatformTest {};

std::vector<std::string> Steps(const std::vector<pb::TimelineEntry>& entries) {
  std::vector<std::string> steps;
  for (const auto& e : entries) steps.push_back(e.step());
  return steps;
}

TEST_F(ReferralFlowTest, FullReferralLoopOverGrpc) {
  Caller agency = P().Agency("edu-renhuai");
  Caller head = P().UserCaller(kHead);
  Caller caseworker = P().UserCaller(kCaseworker);

  // 登记: a mandatory report (urgent, deadline in hours) and a judicial aid lead.
  pb::SubmitReferralRequest report = MandatoryReport(NewRequestId("loop"));
  pb::Referral r = MustSubmit(agency, report);
  ASSERT_FALSE(r.referral_id().empty());
  EXPECT_TRUE(absl::StartsWith(r.referral_id(), "ref-520382-")) << r.referral_id();
  EXPECT_EQ(r.status(), pb::REFERRAL_STATUS_SUBMITTED);
  EXPECT_EQ(r.procuratorate_code(), "520382");
  EXPECT_EQ(r.agency_code(), "edu-renhuai");
  EXPECT_TRUE(r.urgent());
  EXPECT_EQ(r.version(), 1);
  const int64_t due_in_ms = r.response_due_at().unix_millis() - r.submitted_at().unix_millis();
  EXPECT_NEAR(static_cast<double>(due_in_ms), 24.0 * 3600 * 1000, 60 * 1000)
      << "a mandatory report is due about 24 hours after submission";
  EXPECT_NEAR(static_cast<double>(r.submitted_at().unix_millis()),
              static_cast<double>(absl::ToUnixMillis(absl::Now())), 60 * 1000);

  pb::Referral lead = MustSubmit(agency, JudicialAidLead(NewRequestId("lead")));
  EXPECT_EQ(lead.kind(), pb::REFERRAL_KIND_JUDICIAL_AID);
  EXPECT_FALSE(lead.urgent());
  EXPECT_GT(lead.response_due_at().unix_millis(), lead.submitted_at().unix_millis());

  // The caseworkers of 520382 see both; another agency sees neither.
  {
    auto staff_view = ListAll(caseworker);
    ASSERT_TRUE(staff_view.ok()) << staff_view.status();
    std::set<std::string> ids;
    for (const auto& x : *staff_view) ids.insert(x.referral_id());
    EXPECT_TRUE(ids.count(r.referral_id()) && ids.count(lead.referral_id()));
    auto other = ListAll(P().Agency("fulian-renhuai"));
    ASSERT_TRUE(other.ok()) << other.status();
    for (const auto& x : *other) {
      EXPECT_NE(x.referral_id(), r.referral_id());
      EXPECT_NE(x.referral_id(), lead.referral_id());
    }
  }

  // The agency follows the referral from the start: the stream must deliver every step and
  // end by itself once the referral is final.
  std::vector<pb::TimelineEntry> watched;
  grpc::Status watch_status;
  absl::Time watch_ended;
  std::thread watcher([&] {
    grpc::ClientContext ctx;
    agency.Prepare(&ctx, absl::Seconds(60));
    pb::WatchReferralRequest req;
    req.set_referral_id(r.referral_id());
    RS stub(agency.channel());
    auto reader = stub.WatchReferral(&ctx, req);
    pb::TimelineEntry e;
    while (reader->Read(&e)) watched.push_back(e);
    watch_status = reader->Finish();
    watch_ended = absl::Now();
  });

  // 流转: the department head assigns a caseworker.
  pb::AssignReferralRequest assign;
  assign.set_request_id(NewRequestId("assign"));
  assign.set_referral_id(r.referral_id());
  assign.set_version(r.version());
  assign.set_caseworker(kCaseworker.id);
  pb::Referral assigned;
  grpc::Status st = head.Call(&RS::AssignReferral, assign, &assigned);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(assigned.status(), pb::REFERRAL_STATUS_UNDER_REVIEW);
  EXPECT_EQ(assigned.assigned_to(), kCaseworker.id);
  EXPECT_EQ(assigned.version(), 2);

  // The caseworker asks for more information.
  pb::RequestInformationRequest ask;
  ask.set_request_id(NewRequestId("ask"));
  ask.set_referral_id(r.referral_id());
  ask.set_version(assigned.version());
  ask.set_question("请补充学生近期就医记录及班主任情况说明。");
  pb::Referral asked;
  st = caseworker.Call(&RS::RequestInformation, ask, &asked);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(asked.status(), pb::REFERRAL_STATUS_INFO_REQUESTED);
  EXPECT_EQ(asked.message_to_agency(), ask.question());

  // The agency supplements.
  pb::SupplementReferralRequest supplement;
  supplement.set_request_id(NewRequestId("supp"));
  supplement.set_referral_id(r.referral_id());
  supplement.set_version(asked.version());
  supplement.set_supplement("已附2026年就医记录，班主任说明见附件。");
  pb::Referral supplemented;
  st = agency.Call(&RS::SupplementReferral, supplement, &supplemented);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(supplemented.status(), pb::REFERRAL_STATUS_UNDER_REVIEW);
  EXPECT_THAT(supplemented.facts(), HasSubstr(supplement.supplement()));
  EXPECT_TRUE(supplemented.assigned_to().empty()) << "hidden from agencies";

  // The caseworker accepts: a case is opened.
  pb::AcceptReferralRequest accept;
  accept.set_request_id(NewRequestId("accept"));
  accept.set_referral_id(r.referral_id());
  accept.set_version(supplemented.version());
  accept.set_message_to_agency("已受理，将开展司法保护。");
  pb::Referral accepted;
  st = caseworker.Call(&RS::AcceptReferral, accept, &accepted);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  const absl::Time accepted_at = absl::Now();
  EXPECT_EQ(accepted.status(), pb::REFERRAL_STATUS_ACCEPTED);
  ASSERT_TRUE(absl::StartsWith(accepted.case_id(), "case-520382-")) << accepted.case_id();
  EXPECT_FALSE(accepted.has_response_due_at()) << "no deadline in a final state";

  // 反馈: the agency's timeline shows every step in order.
  pb::GetTimelineRequest tl_req;
  tl_req.set_referral_id(r.referral_id());
  pb::GetTimelineResponse timeline;
  st = agency.Call(&RS::GetTimeline, tl_req, &timeline);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  std::vector<pb::TimelineEntry> entries(timeline.entries().begin(), timeline.entries().end());
  EXPECT_THAT(Steps(entries),
              ElementsAre("submitted", "assigned", "info_requested", "supplemented", "accepted"));
  for (size_t i = 1; i < entries.size(); ++i) {
    EXPECT_GT(entries[i].sequence(), entries[i - 1].sequence());
    EXPECT_GE(entries[i].at().unix_millis(), entries[i - 1].at().unix_millis());
  }
  if (entries.size() == 5) {
    EXPECT_EQ(entries[0].actor().principal(), "agency:edu-renhuai");
    EXPECT_EQ(entries[1].actor().principal(), "user:" + kHead.id);
    EXPECT_EQ(entries[2].message(), ask.question());
    EXPECT_EQ(entries[3].status(), pb::REFERRAL_STATUS_UNDER_REVIEW);
    EXPECT_EQ(entries[4].status(), pb::REFERRAL_STATUS_ACCEPTED);
    EXPECT_EQ(entries[4].message(), accept.message_to_agency());
  }

  // The agency's view carries no case internals.
  pb::GetReferralRequest get;
  get.set_referral_id(r.referral_id());
  pb::Referral agency_view;
  st = agency.Call(&RS::GetReferral, get, &agency_view);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(agency_view.status(), pb::REFERRAL_STATUS_ACCEPTED);
  EXPECT_TRUE(agency_view.assigned_to().empty());
  EXPECT_TRUE(agency_view.case_id().empty());
  for (const auto& person : agency_view.people()) {
    EXPECT_TRUE(person.person().person_id().empty());
  }

  // The caseworker sees the case.
  pb::GetCaseRequest get_case;
  get_case.set_case_id(accepted.case_id());
  pb::Case c;
  st = caseworker.Call(&CS::GetCase, get_case, &c);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(c.status(), pb::CASE_STATUS_OPEN);
  EXPECT_EQ(c.procuratorate_code(), "520382");
  EXPECT_EQ(c.kind(), pb::REFERRAL_KIND_MANDATORY_REPORT);
  EXPECT_EQ(c.assigned_to(), kCaseworker.id);
  EXPECT_THAT(c.referral_ids(), Contains(r.referral_id()));
  EXPECT_FALSE(c.subject_person_id().empty());

  // The watch stream ended by itself, with the same steps.
  watcher.join();
  EXPECT_TRUE(watch_status.ok()) << StatusText(watch_status);
  EXPECT_THAT(Steps(watched),
              ElementsAre("submitted", "assigned", "info_requested", "supplemented", "accepted"));
  EXPECT_LT(watch_ended - accepted_at, absl::Seconds(5))
      << "the stream must end soon after the final step, not at its deadline";

  // 归档: the assigned caseworker closes the case.
  pb::CloseCaseRequest close;
  close.set_request_id(NewRequestId("close"));
  close.set_case_id(c.case_id());
  close.set_version(c.version());
  close.set_reason(pb::CLOSE_REASON_RESOLVED);
  close.set_note("已完成保护处置。");
  pb::Case closed;
  st = caseworker.Call(&CS::CloseCase, close, &closed);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(closed.status(), pb::CASE_STATUS_CLOSED);
  EXPECT_EQ(closed.close_reason(), pb::CLOSE_REASON_RESOLVED);
  EXPECT_GT(closed.version(), c.version());
  EXPECT_GT(closed.closed_at().unix_millis(), 0);
}

TEST_F(ReferralFlowTest, WhatASecondAgencySubmittedIsKeptAndCanCorrectTheRecord) {
  using PS = pb::PersonService::Stub;
  Caller caseworker = P().UserCaller(kCaseworker);
  pb::SubmitReferralRequest first = MandatoryReport(NewRequestId("kept-1"));
  MustSubmit(P().Agency("edu-renhuai"), first);
  // Another agency names the same child (same ID number) differently.
  pb::SubmitReferralRequest second = first;
  second.set_request_id(NewRequestId("kept-2"));
  second.mutable_people(0)->mutable_person()->set_name("王晓明");
  second.mutable_people(0)->mutable_person()->set_phone("13812345678");
  Caller fulian = P().Agency("fulian-renhuai");
  const pb::Referral r = MustSubmit(fulian, second);

  pb::GetReferralRequest get;
  get.set_referral_id(r.referral_id());
  pb::Referral staff_view;
  grpc::Status st = caseworker.Call(&RS::GetReferral, get, &staff_view);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  const pb::ReferralPerson& subject = staff_view.people(0);
  EXPECT_TRUE(subject.matched_existing());
  EXPECT_EQ(subject.submitted().phone(), "138****5678");
  ASSERT_EQ(subject.differences_size(), 2);
  EXPECT_EQ(subject.differences(0).field(), "name");
  EXPECT_EQ(subject.differences(1).field(), "phone");
  pb::Referral agency_view;
  st = fulian.Call(&RS::GetReferral, get, &agency_view);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_FALSE(agency_view.people(0).has_submitted());
  EXPECT_EQ(agency_view.people(0).differences_size(), 0);

  pb::GetPersonRequest get_person;
  get_person.set_person_id(subject.person().person_id());
  shouhu::common::v1::Person person;
  st = caseworker.Call(&PS::GetPerson, get_person, &person);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  pb::UpdatePersonRequest update;
  update.set_request_id(NewRequestId("update-person"));
  update.set_person_id(person.person_id());
  update.set_version(person.version());
  update.add_fields("name");
  update.add_fields("phone");
  update.set_from_referral_id(r.referral_id());
  update.set_reason("经户籍核实，以妇联移送信息为准");
  shouhu::common::v1::Person updated;
  st = caseworker.Call(&PS::UpdatePerson, update, &updated);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(updated.version(), person.version() + 1);
  // A retry after a lost answer changes nothing more; a stale version is refused.
  shouhu::common::v1::Person replayed;
  st = caseworker.Call(&PS::UpdatePerson, update, &replayed);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(replayed.version(), updated.version());
  update.set_request_id(NewRequestId("update-person-stale"));
  st = caseworker.Call(&PS::UpdatePerson, update, &replayed);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::ABORTED) << StatusText(st);

  pb::ListPersonHistoryRequest history;
  history.set_person_id(person.person_id());
  pb::ListPersonHistoryResponse changes;
  st = caseworker.Call(&PS::ListPersonHistory, history, &changes);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  ASSERT_EQ(changes.changes_size(), 1);
  EXPECT_EQ(changes.changes(0).source_referral_id(), r.referral_id());
  EXPECT_EQ(changes.changes(0).changes_size(), 2);
}

TEST_F(ReferralFlowTest, IdempotentReplayOfSubmit) {
  Caller agency = P().Agency("school-renhuai-1");
  pb::SubmitReferralRequest req = MandatoryReport(NewRequestId("replay"));
  pb::Referral first = MustSubmit(agency, req);
  ASSERT_FALSE(first.referral_id().empty());
  auto before = ListAll(agency);
  ASSERT_TRUE(before.ok()) << before.status();

  // The same request again (a client retrying after a lost answer): the same referral.
  pb::Referral second = MustSubmit(agency, req);
  EXPECT_EQ(second.referral_id(), first.referral_id());
  EXPECT_EQ(second.version(), first.version());
  EXPECT_EQ(second.submitted_at().unix_millis(), first.submitted_at().unix_millis());
  auto after = ListAll(agency);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->size(), before->size()) << "a replay must not create a referral";

  // The same request id with another payload is refused.
  pb::SubmitReferralRequest changed = req;
  changed.set_facts(req.facts() + "（更正）");
  pb::Referral out;
  grpc::Status st = agency.Call(&RS::SubmitReferral, changed, &out);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << StatusText(st);
  auto finally = ListAll(agency);
  ASSERT_TRUE(finally.ok()) << finally.status();
  EXPECT_EQ(finally->size(), before->size());

  // Request ids are scoped per caller: another agency may use the same id.
  pb::Referral other = MustSubmit(P().Agency("fulian-renhuai"), req);
  EXPECT_NE(other.referral_id(), first.referral_id());
}

TEST_F(ReferralFlowTest, InvalidSubmissionsNameTheFieldAndWriteNothing) {
  Caller agency = P().Agency("fulian-renhuai");
  auto before = ListAll(agency);
  ASSERT_TRUE(before.ok()) << before.status();
  const int64_t people_before = P().QueryInt("SELECT COUNT(*) FROM persons").value_or(-1);

  struct BadInput {
    std::string name;
    std::string field;  // expected in the violations trailer
    std::function<void(pb::SubmitReferralRequest&)> mutate;
  };
  const std::vector<BadInput> cases = {
      {"bad ID checksum", "people[0].person.id_number",
       [](pb::SubmitReferralRequest& r) {
         std::string id = r.people(0).person().id_number();
         id.back() = id.back() == '1' ? '2' : '1';
         r.mutable_people(0)->mutable_person()->set_id_number(id);
       }},
      {"no subject", "people",
       [](pb::SubmitReferralRequest& r) {
         r.mutable_people(0)->set_role(pb::PERSON_ROLE_RELATIVE);
       }},
      {"no people at all", "people", [](pb::SubmitReferralRequest& r) { r.clear_people(); }},
      {"empty facts", "facts", [](pb::SubmitReferralRequest& r) { r.clear_facts(); }},
      {"future occurred_on", "occurred_on",
       [](pb::SubmitReferralRequest& r) { *r.mutable_occurred_on() = DateOf(TodayInChina() + 3); }},
      {"invalid kind value", "kind",
       [](pb::SubmitReferralRequest& r) { r.set_kind(static_cast<pb::ReferralKind>(99)); }},
      {"invalid situation value", "situations[0]",
       [](pb::SubmitReferralRequest& r) {
         r.set_situations(0, static_cast<pb::MandatoryReportSituation>(77));
       }},
      {"adult subject of a mandatory report", "people[0].person.birth_date",
       [](pb::SubmitReferralRequest& r) {
         r.mutable_people(0)->mutable_person()->set_id_number(
             MakeIdNumber(30, NextSerial(), false));
       }},
      {"aid grounds on a mandatory report", "aid_grounds",
       [](pb::SubmitReferralRequest& r) { r.add_aid_grounds(pb::AID_GROUND_URGENT_MEDICAL); }},
      {"bad request_id", "request_id",
       [](pb::SubmitReferralRequest& r) { r.set_request_id("bad id!"); }},
      {"short request_id", "request_id",
       [](pb::SubmitReferralRequest& r) { r.set_request_id("abc"); }},
  };
  for (const BadInput& c : cases) {
    SCOPED_TRACE(c.name);
    pb::SubmitReferralRequest req = MandatoryReport(NewRequestId("bad"));
    c.mutate(req);
    pb::Referral out;
    Trailers trailers;
    grpc::Status st = agency.Call(&RS::SubmitReferral, req, &out, &trailers);
    EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << StatusText(st);
    EXPECT_THAT(ViolatedFields(st, trailers), Contains(c.field)) << StatusText(st);
    // The message names the field too, but never the ID number itself.
    EXPECT_THAT(st.error_message(), HasSubstr(c.field));
    for (const auto& p : req.people()) {
      if (!p.person().id_number().empty()) {
        EXPECT_THAT(st.error_message(), ::testing::Not(HasSubstr(p.person().id_number())));
      }
    }
  }

  auto after = ListAll(agency);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->size(), before->size()) << "an invalid submission must write nothing";

  // The refusals are counted on the admin port.
  auto [status, metrics] = HttpGet(P().referral().admin_port, "/metrics");
  ASSERT_EQ(status, 200);
  int64_t counted = -1;
  for (absl::string_view line : absl::StrSplit(metrics, '\n')) {
    if (absl::StartsWith(line, "shouhu_rpc_requests_total{") &&
        absl::StrContains(line, "method=\"SubmitReferral\"") &&
        absl::StrContains(line, "code=\"INVALID_ARGUMENT\"")) {
      std::vector<absl::string_view> parts = absl::StrSplit(line, ' ');
      counted = std::atoll(std::string(parts.back()).c_str());
    }
  }
  EXPECT_GE(counted, static_cast<int64_t>(cases.size())) << metrics;
  EXPECT_EQ(P().QueryInt("SELECT COUNT(*) FROM persons").value_or(-2), people_before);
}

TEST_F(ReferralFlowTest, ConcurrentAcceptsOfOneVersionLetExactlyOneWin) {
  Caller agency = P().Agency("police-renhuai");
  pb::Referral r = MustSubmit(agency, JudicialAidLead(NewRequestId("race")));
  ASSERT_FALSE(r.referral_id().empty());

  constexpr int kThreads = 8;
  // Each thread its own connection, so the calls really arrive together.
  std::vector<Caller> heads;
  for (int i = 0; i < kThreads; ++i) {
    heads.push_back(P().UserCaller(kHead));
    ASSERT_TRUE(heads.back().channel()->WaitForConnected(std::chrono::system_clock::now() +
                                                         std::chrono::seconds(10)));
  }
  std::vector<grpc::Status> results(kThreads);
  std::vector<pb::Referral> outs(kThreads);
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      pb::AcceptReferralRequest req;
      req.set_request_id(NewRequestId(absl::StrCat("race", i)));
      req.set_referral_id(r.referral_id());
      req.set_version(r.version());
      start.arrive_and_wait();
      results[i] = heads[i].Call(&RS::AcceptReferral, req, &outs[i]);
    });
  }
  for (auto& t : threads) t.join();

  int ok = 0;
  int aborted = 0;
  std::string case_id;
  for (int i = 0; i < kThreads; ++i) {
    if (results[i].ok()) {
      ++ok;
      case_id = outs[i].case_id();
    } else if (results[i].error_code() == grpc::StatusCode::ABORTED) {
      ++aborted;
    } else {
      ADD_FAILURE() << "thread " << i << ": " << StatusText(results[i]);
    }
  }
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(aborted, kThreads - 1);

  // Exactly one case for the subject, one timeline step and one event for the referral.
  ASSERT_FALSE(case_id.empty());
  pb::GetReferralRequest get;
  get.set_referral_id(r.referral_id());
  pb::Referral staff_view;
  grpc::Status got = heads[0].Call(&RS::GetReferral, get, &staff_view);
  ASSERT_TRUE(got.ok()) << StatusText(got);
  EXPECT_EQ(staff_view.case_id(), case_id);
  EXPECT_EQ(staff_view.version(), r.version() + 1) << "one update only";
  std::string subject;
  for (const auto& p : staff_view.people()) {
    if (p.role() == pb::PERSON_ROLE_SUBJECT) subject = p.person().person_id();
  }
  ASSERT_FALSE(subject.empty());
  EXPECT_EQ(P().QueryInt(absl::StrCat("SELECT COUNT(*) FROM cases WHERE subject_person_id = '",
                                      subject, "'"))
                .value_or(-1),
            1);
  pb::GetTimelineRequest tl;
  tl.set_referral_id(r.referral_id());
  pb::GetTimelineResponse timeline;
  grpc::Status st = agency.Call(&RS::GetTimeline, tl, &timeline);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  std::vector<pb::TimelineEntry> entries(timeline.entries().begin(), timeline.entries().end());
  EXPECT_THAT(Steps(entries), ElementsAre("submitted", "accepted"));
  EXPECT_EQ(P().QueryInt(absl::StrCat("SELECT COUNT(*) FROM outbox_events WHERE topic ="
                                      " 'referral.accepted' AND aggregate_id = '",
                                      r.referral_id(), "'"))
                .value_or(-1),
            1);
}

TEST_F(ReferralFlowTest, AuditChainVerifiesAndDetectsTampering) {
  // Some audited changes through the API.
  Caller agency = P().Agency("edu-renhuai");
  Caller head = P().UserCaller(kHead);
  pb::Referral r = MustSubmit(agency, MandatoryReport(NewRequestId("audit")));
  ASSERT_FALSE(r.referral_id().empty());
  pb::AcceptReferralRequest accept;
  accept.set_request_id(NewRequestId("audit-accept"));
  accept.set_referral_id(r.referral_id());
  accept.set_version(r.version());
  pb::Referral accepted;
  grpc::Status st = head.Call(&RS::AcceptReferral, accept, &accepted);
  ASSERT_TRUE(st.ok()) << StatusText(st);

  CommandResult verify = P().RunTool("shouhu-audit", {"verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.output;
  EXPECT_THAT(verify.output, HasSubstr("intact"));

  // Every change above left an audit record.
  auto rows = P().Query(
      absl::StrCat("SELECT chain_id, seq, detail, action FROM audit_log WHERE entity_id = '",
                   r.referral_id(), "' ORDER BY seq"));
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0][3], "referral.submit");
  EXPECT_EQ((*rows)[1][3], "referral.accept");

  // Edit one record behind the service's back.
  const std::string chain = (*rows)[0][0];
  const std::string seq = (*rows)[0][1];
  const std::string original = (*rows)[0][2];
  ASSERT_NE(original, "{}");
  ASSERT_TRUE(P().Exec(absl::StrCat("UPDATE audit_log SET detail = '{}' WHERE chain_id = ", chain,
                                    " AND seq = ", seq))
                  .ok());
  CommandResult tampered = P().RunTool("shouhu-audit", {"verify"});
  EXPECT_EQ(tampered.exit_code, 4) << tampered.output;
  EXPECT_THAT(tampered.output, HasSubstr("TAMPERED"));
  EXPECT_THAT(tampered.output, HasSubstr(absl::StrCat("chain ", chain, " record ", seq)));

  // Put it back: intact again.
  std::string escaped;
  for (char ch : original) {
    if (ch == '\'' || ch == '\\') escaped.push_back('\\');
    escaped.push_back(ch);
  }
  ASSERT_TRUE(P().Exec(absl::StrCat("UPDATE audit_log SET detail = '", escaped,
                                    "' WHERE chain_id = ", chain, " AND seq = ", seq))
                  .ok());
  CommandResult restored = P().RunTool("shouhu-audit", {"verify"});
  EXPECT_EQ(restored.exit_code, 0) << restored.output;
}

}  // namespace
}  // namespace shouhu::e2e
