// End-to-end: operations of the platform with real services (referral, aid and the
// oversight service): health tied to the database across a restart, client retries with the
// same request id landing exactly once, outbox events delivered from referral to aid, and a
// deadline.changed event delivered over mTLS to the oversight service and listed there.
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "shouhu/aid/v1/aid.grpc.pb.h"
#include "shouhu/common/v1/common.grpc.pb.h"
#include "shouhu/oversight/v1/oversight.grpc.pb.h"
#include "support/e2e_platform.h"

namespace shouhu::e2e {
namespace {

// One platform for every test of this binary.
const ::testing::Environment* const kPlatform =
    RegisterPlatform({.with_aid = true, .with_oversight = true});

using RS = pb::ReferralService::Stub;

class PlatformOpsTest : public PlatformTest {};

// Starts the database again if a test stops half-way while it is down.
class DatabaseGuard {
 public:
  explicit DatabaseGuard(Platform& p) : p_(p) {}
  ~DatabaseGuard() {
    if (stopped_) (void)p_.StartDatabase();
  }
  absl::Status Stop() {
    absl::Status st = p_.StopDatabase();
    stopped_ = st.ok();
    return st;
  }
  absl::Status Start() {
    absl::Status st = p_.StartDatabase();
    if (st.ok()) stopped_ = false;
    return st;
  }

 private:
  Platform& p_;
  bool stopped_ = false;
};

struct Retried {
  grpc::Status last;
  pb::Referral referral;
  int attempts = 0;
  std::vector<grpc::StatusCode> failures;
};

// What a careful client does: retry the same request (same request id) until it succeeds.
Retried SubmitUntilOk(const Caller& agency, const pb::SubmitReferralRequest& req,
                      absl::Duration budget) {
  Retried out;
  const absl::Time deadline = absl::Now() + budget;
  while (true) {
    ++out.attempts;
    out.last = agency.Call(&RS::SubmitReferral, req, &out.referral, nullptr, absl::Seconds(5));
    if (out.last.ok() || absl::Now() >= deadline) return out;
    out.failures.push_back(out.last.error_code());
    absl::SleepFor(absl::Milliseconds(200));
  }
}

TEST_F(PlatformOpsTest, DatabaseRestartMidRun) {
  const ServiceProcess& referral = P().referral();
  const ServiceProcess& aid = P().aid();
  const std::string referral_svc = Platform::GrpcServiceOf("referral");
  const std::string aid_svc = Platform::GrpcServiceOf("aid");
  Caller agency = P().Agency("school-renhuai-1");
  auto before = ListAll(agency);
  ASSERT_TRUE(before.ok()) << before.status();
  ASSERT_TRUE(P().HealthIs(referral, true, referral_svc));
  ASSERT_TRUE(P().HealthIs(aid, true, aid_svc));

  // A batch of submissions spread across the outage, each retried with its own request id.
  constexpr int kBatch = 8;
  std::vector<pb::SubmitReferralRequest> batch;
  for (int i = 0; i < kBatch; ++i) batch.push_back(MandatoryReport(NewRequestId("batch")));
  std::vector<Retried> results(kBatch);
  Retried during_result;
  pb::SubmitReferralRequest during = MandatoryReport(NewRequestId("outage"));
  std::vector<std::jthread> threads;
  DatabaseGuard database(P());  // declared after the threads: restarts before they join

  for (int i = 0; i < kBatch; ++i) {
    threads.emplace_back([&, i] {
      absl::SleepFor(absl::Milliseconds(150) * i);
      results[i] = SubmitUntilOk(agency, batch[i], absl::Seconds(90));
    });
  }
  absl::SleepFor(absl::Milliseconds(200));

  // Outage.
  ASSERT_TRUE(database.Stop().ok());
  const absl::Time stopped_at = absl::Now();
  EXPECT_TRUE(
      WaitFor([&] { return P().HealthIs(referral, false, referral_svc); }, absl::Seconds(10)))
      << "referral health must turn NOT_SERVING while the database is down";
  EXPECT_TRUE(WaitFor([&] { return P().HealthIs(aid, false, aid_svc); }, absl::Seconds(10)))
      << "aid health must turn NOT_SERVING while the database is down";
  EXPECT_LT(absl::Now() - stopped_at, absl::Seconds(10));

  // A submission during the outage fails cleanly...
  pb::Referral out;
  grpc::Status st = agency.Call(&RS::SubmitReferral, during, &out, nullptr, absl::Seconds(8));
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNAVAILABLE) << StatusText(st);
  // ...and the client keeps retrying it with the same request id.
  threads.emplace_back([&] { during_result = SubmitUntilOk(agency, during, absl::Seconds(90)); });
  absl::SleepFor(absl::Seconds(1));

  // Recovery.
  ASSERT_TRUE(database.Start().ok());
  EXPECT_TRUE(
      WaitFor([&] { return P().HealthIs(referral, true, referral_svc); }, absl::Seconds(20)))
      << "referral health must return to SERVING";
  EXPECT_TRUE(WaitFor([&] { return P().HealthIs(aid, true, aid_svc); }, absl::Seconds(20)))
      << "aid health must return to SERVING";
  for (auto& t : threads) t.join();

  ASSERT_TRUE(during_result.last.ok()) << StatusText(during_result.last);
  EXPECT_GT(during_result.attempts, 1) << "the outage should have failed some attempts";
  for (grpc::StatusCode code : during_result.failures) {
    EXPECT_EQ(code, grpc::StatusCode::UNAVAILABLE);
  }
  // The same request once more: the stored answer, not a new referral.
  pb::Referral replay;
  st = agency.Call(&RS::SubmitReferral, during, &replay);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_EQ(replay.referral_id(), during_result.referral.referral_id());

  std::set<std::string> expected = {during_result.referral.referral_id()};
  int failed_attempts = 0;
  for (int i = 0; i < kBatch; ++i) {
    ASSERT_TRUE(results[i].last.ok()) << "batch " << i << ": " << StatusText(results[i].last);
    expected.insert(results[i].referral.referral_id());
    failed_attempts += static_cast<int>(results[i].failures.size());
  }
  EXPECT_EQ(expected.size(), static_cast<size_t>(kBatch + 1)) << "distinct referrals";
  EXPECT_GT(failed_attempts, 0) << "some of the batch should have met the outage";

  // Every submission exists exactly once.
  auto after = ListAll(agency);
  ASSERT_TRUE(after.ok()) << after.status();
  std::map<std::string, int> seen;
  for (const auto& r : *after) ++seen[r.referral_id()];
  for (const auto& [id, n] : seen) EXPECT_EQ(n, 1) << id;
  for (const std::string& id : expected) EXPECT_EQ(seen.count(id), 1u) << id;
  EXPECT_EQ(after->size(), before->size() + kBatch + 1);
  auto stored =
      P().QueryInt("SELECT COUNT(*) FROM referrals WHERE agency_code = 'school-renhuai-1'");
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(*stored, static_cast<int64_t>(after->size()));
}

TEST_F(PlatformOpsTest, AidServiceReceivesEventsAndDraftsExOfficioApplications) {
  namespace aid = ::shouhu::aid::v1;
  const std::string aid_address = P().aid().address();

  // The aid service runs with mTLS; an unknown application is NOT_FOUND.
  Caller caseworker_on_aid = P().UserCaller(kCaseworker, aid_address);
  aid::GetApplicationRequest get;
  get.set_application_id("aid-520382-0000000000000001");
  aid::Application application;
  grpc::Status st =
      caseworker_on_aid.Call(&aid::AidApplicationService::Stub::GetApplication, get, &application);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::NOT_FOUND) << StatusText(st);
  Caller anonymous(P().Channel(aid_address, ""), "");
  st = anonymous.Call(&aid::AidApplicationService::Stub::GetApplication, get, &application, nullptr,
                      absl::Seconds(5));
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNAVAILABLE) << StatusText(st);

  // A referral accepted in the referral service...
  Caller agency = P().Agency("edu-renhuai");
  pb::Referral r = MustSubmit(agency, JudicialAidLead(NewRequestId("evt")));
  ASSERT_FALSE(r.referral_id().empty());
  pb::AcceptReferralRequest accept;
  accept.set_request_id(NewRequestId("evt-accept"));
  accept.set_referral_id(r.referral_id());
  accept.set_version(r.version());
  pb::Referral accepted;
  st = P().UserCaller(kHead).Call(&RS::AcceptReferral, accept, &accepted);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  ASSERT_FALSE(accepted.case_id().empty());

  // ...reaches the aid inbox through the outbox relay: case.opened and referral.accepted.
  auto outbox = P().Query(absl::StrCat(
      "SELECT event_id, topic FROM outbox_events WHERE service = 'referral' AND ((topic ="
      " 'case.opened' AND aggregate_id = '",
      accepted.case_id(), "') OR (topic = 'referral.accepted' AND aggregate_id = '",
      r.referral_id(), "')) ORDER BY topic"));
  ASSERT_TRUE(outbox.ok()) << outbox.status();
  ASSERT_EQ(outbox->size(), 2u);
  EXPECT_EQ((*outbox)[0][1], "case.opened");
  EXPECT_EQ((*outbox)[1][1], "referral.accepted");
  const std::string delivered_sql =
      absl::StrCat("SELECT COUNT(*) FROM inbox_events WHERE receiver = 'aid' AND ((event_id = '",
                   (*outbox)[0][0], "' AND topic = 'case.opened') OR (event_id = '",
                   (*outbox)[1][0], "' AND topic = 'referral.accepted'))");
  absl::StatusOr<int64_t> delivered = 0;
  EXPECT_TRUE(WaitFor(
      [&] {
        delivered = P().QueryInt(delivered_sql);
        return delivered.ok() && *delivered == 2;
      },
      absl::Seconds(20), absl::Milliseconds(200)))
      << "delivered of 2 events: " << delivered.status() << " " << delivered.value_or(-1);
  // The judicial-aid referral drafted an ex officio application on the opened case.
  aid::ListApplicationsRequest list;
  list.set_channel(aid::APPLICATION_CHANNEL_EX_OFFICIO);
  aid::ListApplicationsResponse drafts;
  st = caseworker_on_aid.Call(&aid::AidApplicationService::Stub::ListApplications, list, &drafts);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  ASSERT_EQ(drafts.applications_size(), 1);
  EXPECT_EQ(drafts.applications(0).source_referral_id(), r.referral_id());
  EXPECT_EQ(drafts.applications(0).case_id(), accepted.case_id());
  EXPECT_EQ(drafts.applications(0).status(), aid::APPLICATION_STATUS_UNDER_REVIEW);
  EXPECT_GT(P().QueryInt("SELECT COUNT(*) FROM inbox_events WHERE receiver = 'aid'").value_or(-1),
            0);
  EXPECT_TRUE(WaitFor(
      [&] {
        // Its answer deadline's events too (deadline.changed reaches the aid inbox as well).
        return P().QueryInt(absl::StrCat("SELECT COUNT(*) FROM outbox_events WHERE aggregate_id"
                                         " IN ('",
                                         accepted.case_id(), "', '", r.referral_id(),
                                         "', 'REFERRAL_ANSWER:", r.referral_id(),
                                         "') AND delivered_at_ms IS NULL"))
                   .value_or(-1) == 0;
      },
      absl::Seconds(10)))
      << "the relay marks delivered events";

  // A redelivery of the same event (at least once) is recognised as a duplicate.
  auto event_row = P().Query(absl::StrCat(
      "SELECT event_id, topic FROM outbox_events WHERE aggregate_id = '", r.referral_id(), "'"));
  ASSERT_TRUE(event_row.ok()) << event_row.status();
  ASSERT_EQ(event_row->size(), 1u);
  const int64_t inbox_before =
      P().QueryInt("SELECT COUNT(*) FROM inbox_events WHERE receiver = 'aid'").value_or(-1);
  Caller referral_service(P().Channel(aid_address, "services/referral"), "");
  cpb::DeliverEventRequest redeliver;
  redeliver.mutable_event()->set_event_id((*event_row)[0][0]);
  redeliver.mutable_event()->set_topic((*event_row)[0][1]);
  redeliver.mutable_event()->set_aggregate_id(r.referral_id());
  redeliver.mutable_event()->set_procuratorate_code("520382");
  cpb::DeliverEventResponse ack;
  st = referral_service.Call(&cpb::EventReceiver::Stub::DeliverEvent, redeliver, &ack);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_TRUE(ack.duplicate());
  EXPECT_EQ(P().QueryInt("SELECT COUNT(*) FROM inbox_events WHERE receiver = 'aid'").value_or(-2),
            inbox_before);

  // Only Shouhu services deliver events: an agency (authenticated by the aid service for
  // its social-aid suggestions, against the referral service's registry) is refused.
  Caller agency_on_aid = P().Agency("edu-renhuai", aid_address);
  st = agency_on_aid.Call(&cpb::EventReceiver::Stub::DeliverEvent, redeliver, &ack);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED) << StatusText(st);
  Caller user_on_aid = P().UserCaller(kHead, aid_address);
  st = user_on_aid.Call(&cpb::EventReceiver::Stub::DeliverEvent, redeliver, &ack);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED) << StatusText(st);
}

// The oversight service (流程监控) receives a deadline.changed event from a service over
// mTLS (inbox, deduplicated) and lists it to its assignee only; agencies reach nothing.
TEST_F(PlatformOpsTest, OversightListsADeliveredDeadline) {
  namespace ov = ::shouhu::oversight::v1;
  namespace cv = ::shouhu::common::v1;
  const std::string address = P().oversight().address();
  ov::DeadlineChanged change;
  const std::string record = NewRequestId("aid-520382");
  change.set_item_key(absl::StrCat("AID_DECISION:", record));
  change.set_kind(ov::AID_DECISION);
  change.set_procuratorate_code("520382");
  change.set_record_id(record);
  change.set_assigned_to(absl::StrCat("person:", kCaseworker.id));
  change.mutable_started_at()->set_unix_millis(absl::ToUnixMillis(absl::Now()));
  change.mutable_due_at()->set_unix_millis(absl::ToUnixMillis(absl::Now() - absl::Hours(1)));
  change.set_state(ov::DEADLINE_OPEN);
  change.set_sequence(1);
  cv::DeliverEventRequest deliver;
  cv::Event* e = deliver.mutable_event();
  e->set_event_id(NewRequestId("evt-deadline"));
  e->set_topic("deadline.changed");
  e->set_procuratorate_code("520382");
  e->mutable_payload()->PackFrom(change);
  Caller aid_service(P().Channel(address, "services/aid"), "");
  cv::DeliverEventResponse delivered;
  grpc::Status st = aid_service.Call(&cv::EventReceiver::Stub::DeliverEvent, deliver, &delivered);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_FALSE(delivered.duplicate());
  st = aid_service.Call(&cv::EventReceiver::Stub::DeliverEvent, deliver, &delivered);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  EXPECT_TRUE(delivered.duplicate());

  ov::ListMyDeadlinesRequest overdue;
  overdue.set_filter(ov::FILTER_OVERDUE);
  ov::ListDeadlinesResponse mine;
  st = P().UserCaller(kCaseworker, address)
           .Call(&ov::DeadlineWatchService::Stub::ListMyDeadlines, overdue, &mine);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  bool listed = false;
  for (const ov::Deadline& d : mine.deadlines()) {
    listed |= d.record_id() == record && d.status() == ov::STATUS_OVERDUE;
  }
  EXPECT_TRUE(listed);
  ov::ListDeadlinesResponse other;
  st = P().UserCaller(kCaseworker2, address)
           .Call(&ov::DeadlineWatchService::Stub::ListMyDeadlines, overdue, &other);
  ASSERT_TRUE(st.ok()) << StatusText(st);
  for (const ov::Deadline& d : other.deadlines()) EXPECT_NE(d.record_id(), record);
  st = P().Agency("edu-renhuai", address)
           .Call(&ov::DeadlineWatchService::Stub::ListMyDeadlines, overdue, &other);
  // Agencies reach nothing here (the service has no agency registry: their certificate is
  // not accepted at all).
  EXPECT_TRUE(st.error_code() == grpc::StatusCode::PERMISSION_DENIED ||
              st.error_code() == grpc::StatusCode::UNAUTHENTICATED)
      << StatusText(st);
}

}  // namespace
}  // namespace shouhu::e2e
