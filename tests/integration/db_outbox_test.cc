// The transactional outbox and the inbox on a real MariaDB: delivery, retries, typed payloads.
#include <algorithm>
#include <atomic>
#include <barrier>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/base/clock.h"
#include "common/crypto/field_cipher.h"
#include "common/db/audit.h"
#include "common/db/idempotency.h"
#include "common/db/migrate.h"
#include "common/db/outbox.h"
#include "common/server/events.h"
#include "google/protobuf/wrappers.pb.h"
#include "integration/db_fixture.h"
#include "shouhu/referral/v1/events.pb.h"
#include "support/temp_dir.h"

namespace shouhu::testing {
namespace {

using ::testing::HasSubstr;

// ---------------------------------------------------------------------------- outbox

class OutboxTest : public DbTest {
 protected:
  db::OutboxEvent Event(const std::string& id) {
    db::OutboxEvent e;
    e.event_id = id;
    e.service = "referral";
    e.topic = "referral.accepted";
    e.aggregate_id = "ref-520382-0000000000000001";
    e.procuratorate = "520382";
    e.occurred_at = clock_.Now();
    return e;
  }

  static referral::v1::ReferralAccepted Payload() {
    referral::v1::ReferralAccepted accepted;
    accepted.set_referral_id("ref-520382-0000000000000001");
    accepted.set_case_id("case-520382-0000000000000002");
    accepted.set_kind(referral::v1::REFERRAL_KIND_SPECIAL_MINOR);
    return accepted;
  }

  absl::Status Enqueue(const db::OutboxEvent& e) {
    return db::RunInTransaction(*pool_,
                                [&](db::Tx& tx) { return db::EnqueueEvent(tx, e, Payload()); });
  }

  db::OutboxRelay::Options RelayOptions() {
    db::OutboxRelay::Options o;
    o.service = "referral";
    o.initial_backoff = absl::Milliseconds(500);
    o.max_backoff = absl::Seconds(30);
    return o;
  }

  FakeClock clock_{absl::FromUnixSeconds(1741572000)};
};

TEST_F(OutboxTest, RolledBackTransactionLeavesNoEvent) {
  absl::Status st = db::RunInTransaction(*pool_, [&](db::Tx& tx) -> absl::Status {
    absl::Status e = db::EnqueueEvent(tx, Event("evt-rolled-back"), Payload());
    if (!e.ok()) return e;
    return absl::AbortedError("the change failed");
  });
  EXPECT_TRUE(absl::IsAborted(st));
  EXPECT_EQ(Count("outbox_events"), 0);

  std::atomic<int> sent{0};
  db::OutboxRelay relay(
      pool_.get(), &clock_,
      [&](const db::OutboxEvent&) {
        sent.fetch_add(1);
        return absl::OkStatus();
      },
      RelayOptions());
  auto n = relay.RunOnce();
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 0);
  EXPECT_EQ(sent.load(), 0);
}

TEST_F(OutboxTest, RetriesWithBackoffAndDeliversOnce) {
  ASSERT_TRUE(Enqueue(Event("evt-1")).ok());
  // Events of other services are not this relay's business.
  db::OutboxEvent foreign = Event("evt-foreign");
  foreign.service = "aid";
  ASSERT_TRUE(Enqueue(foreign).ok());

  std::vector<db::OutboxEvent> seen;
  int failures_left = 2;
  db::OutboxRelay relay(
      pool_.get(), &clock_,
      [&](const db::OutboxEvent& e) -> absl::Status {
        seen.push_back(e);
        if (failures_left > 0) {
          --failures_left;
          return absl::UnavailableError("receiver down");
        }
        return absl::OkStatus();
      },
      RelayOptions());
  auto attempts = [&] {
    return Int("SELECT attempts FROM outbox_events WHERE event_id = 'evt-1'");
  };

  // First attempt fails: retried after 500 ms.
  auto n = relay.RunOnce();
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(*n, 0);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].event_id, "evt-1");
  EXPECT_EQ(seen[0].topic, "referral.accepted");
  referral::v1::ReferralAccepted payload;
  ASSERT_TRUE(seen[0].payload.UnpackTo(&payload)) << seen[0].payload.type_url();
  EXPECT_EQ(payload.SerializeAsString(), Payload().SerializeAsString());
  EXPECT_EQ(Strings("SELECT payload_type FROM outbox_events WHERE event_id = 'evt-1'")[0],
            "type.googleapis.com/shouhu.referral.v1.ReferralAccepted");
  EXPECT_EQ(seen[0].attempts, 0);
  EXPECT_EQ(attempts(), 1);
  EXPECT_EQ(Strings("SELECT last_error FROM outbox_events WHERE event_id = 'evt-1'")[0],
            "receiver down");

  // Not before the backoff has elapsed.
  ASSERT_TRUE(relay.RunOnce().ok());
  clock_.Advance(absl::Milliseconds(499));
  ASSERT_TRUE(relay.RunOnce().ok());
  EXPECT_EQ(seen.size(), 1u);

  // Second attempt fails: the backoff doubles to 1 s.
  clock_.Advance(absl::Milliseconds(1));
  n = relay.RunOnce();
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 0);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1].attempts, 1);
  EXPECT_EQ(attempts(), 2);
  clock_.Advance(absl::Milliseconds(999));
  ASSERT_TRUE(relay.RunOnce().ok());
  EXPECT_EQ(seen.size(), 2u);

  // Third attempt succeeds.
  clock_.Advance(absl::Milliseconds(1));
  n = relay.RunOnce();
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(attempts(), 3);
  EXPECT_EQ(Count("outbox_events",
                  "event_id = 'evt-1' AND delivered_at_ms IS NOT NULL"
                  " AND last_error IS NULL"),
            1);

  // Delivered exactly once: later passes, however late, send nothing more.
  clock_.Advance(absl::Hours(1));
  n = relay.RunOnce();
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 0);
  EXPECT_EQ(seen.size(), 3u);
  for (const auto& e : seen) EXPECT_EQ(e.event_id, "evt-1");
  EXPECT_EQ(Count("outbox_events", "event_id = 'evt-foreign' AND delivered_at_ms IS NULL"), 1);
}

TEST_F(OutboxTest, DeliversInOrderAndStopFlushes) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(Enqueue(Event(absl::StrCat("evt-", i))).ok());
  absl::Mutex mu;
  std::vector<std::string> order;
  db::OutboxRelay::Options o = RelayOptions();
  o.poll_interval = absl::Seconds(30);  // only the final flush of Stop() runs
  auto relay = std::make_unique<db::OutboxRelay>(
      pool_.get(), &clock_,
      [&](const db::OutboxEvent& e) {
        absl::MutexLock lock(&mu);
        order.push_back(e.event_id);
        return absl::OkStatus();
      },
      o);
  relay->Start();
  relay->Stop();
  absl::MutexLock lock(&mu);
  EXPECT_EQ(order, (std::vector<std::string>{"evt-0", "evt-1", "evt-2", "evt-3", "evt-4"}));
  EXPECT_EQ(Count("outbox_events", "delivered_at_ms IS NULL"), 0);
}

TEST_F(OutboxTest, DuplicateEventIdIsRejected) {
  ASSERT_TRUE(Enqueue(Event("evt-dup")).ok());
  EXPECT_TRUE(absl::IsAlreadyExists(Enqueue(Event("evt-dup"))));
  EXPECT_EQ(Count("outbox_events"), 1);
}

TEST_F(OutboxTest, RowsWrittenAsJsonBeforeTheMigrationAreStillDelivered) {
  // An undelivered row from before payloads were protobuf (migration 0003).
  Exec(absl::StrCat(
      "INSERT INTO outbox_events (event_id, service, topic, aggregate_id, procuratorate_code,"
      " occurred_at_ms, payload_json, attempts, next_attempt_at_ms) VALUES ('evt-legacy',"
      " 'referral', 'case.closed', 'case-520382-1', '520382', ",
      absl::ToUnixMillis(clock_.Now()), ", '{\"case_id\":\"case-520382-1\",\"reason\":2}', 0, ",
      absl::ToUnixMillis(clock_.Now()), ")"));
  std::vector<db::OutboxEvent> seen;
  db::OutboxRelay relay(
      pool_.get(), &clock_,
      [&](const db::OutboxEvent& e) {
        seen.push_back(e);
        return absl::OkStatus();
      },
      RelayOptions());
  auto n = relay.RunOnce();
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(*n, 1);
  ASSERT_EQ(seen.size(), 1u);
  google::protobuf::StringValue json;
  ASSERT_TRUE(seen[0].payload.UnpackTo(&json)) << seen[0].payload.type_url();
  EXPECT_EQ(json.value(), "{\"case_id\":\"case-520382-1\",\"reason\":2}");
}

TEST_F(OutboxTest, UnreadablePayloadIsNeverDeliveredEmptyAndBacksOff) {
  ASSERT_TRUE(Enqueue(Event("evt-good")).ok());
  Exec(absl::StrCat(
      "INSERT INTO outbox_events (event_id, service, topic, aggregate_id, procuratorate_code,"
      " occurred_at_ms, payload_type, payload, attempts, next_attempt_at_ms) VALUES ('evt-bad',"
      " 'referral', 'case.closed', 'case-520382-1', '520382', ",
      absl::ToUnixMillis(clock_.Now()), ", 'x', X'FFFFFFFF', 0, ", absl::ToUnixMillis(clock_.Now()),
      ")"));
  std::vector<std::string> seen;
  db::OutboxRelay relay(
      pool_.get(), &clock_,
      [&](const db::OutboxEvent& e) {
        seen.push_back(e.event_id);
        return absl::OkStatus();
      },
      RelayOptions());
  auto n = relay.RunOnce();
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(*n, 1);
  EXPECT_EQ(seen, std::vector<std::string>{"evt-good"});
  EXPECT_EQ(Count("outbox_events",
                  "event_id = 'evt-bad' AND delivered_at_ms IS NULL AND"
                  " attempts = 1 AND last_error LIKE '%payload%'"),
            1);
  // Backed off like a failed delivery: not retried on the next pass.
  ASSERT_TRUE(relay.RunOnce().ok());
  EXPECT_EQ(Int("SELECT attempts FROM outbox_events WHERE event_id = 'evt-bad'"), 1);
}

// The receiving side: deduplicated by event id, the reaction unpacks the typed payload.
TEST_F(OutboxTest, InboxUnpacksTypedPayloadsAndAbsorbsRedeliveries) {
  Principal service;
  service.kind = Principal::Kind::kService;
  service.id = "referral";
  std::vector<referral::v1::ReferralAccepted> reacted;
  InboxReceiver inbox("aid", pool_.get(), /*env=*/nullptr,
                      [&](db::Tx&, const common::v1::Event& e) -> absl::Status {
                        auto accepted = UnpackEventPayload<referral::v1::ReferralAccepted>(e);
                        if (!accepted.ok()) return accepted.status();
                        reacted.push_back(*accepted);
                        return absl::OkStatus();
                      });
  common::v1::Event e;
  e.set_event_id("evt-in-1");
  e.set_topic("referral.accepted");
  e.mutable_payload()->PackFrom(Payload());
  auto first = inbox.Deliver(service, e);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_FALSE(first->duplicate());
  auto again = inbox.Deliver(service, e);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->duplicate());
  ASSERT_EQ(reacted.size(), 1u);
  EXPECT_EQ(reacted[0].case_id(), "case-520382-0000000000000002");
  EXPECT_EQ(Count("inbox_events", "receiver = 'aid'"), 1);

  // A payload of another type is refused, and nothing is recorded: a fixed sender can
  // deliver it again.
  common::v1::Event wrong;
  wrong.set_event_id("evt-in-2");
  wrong.set_topic("referral.accepted");
  referral::v1::CaseClosed closed;
  closed.set_case_id("case-520382-1");
  wrong.mutable_payload()->PackFrom(closed);
  auto refused = inbox.Deliver(service, wrong);
  EXPECT_TRUE(absl::IsInvalidArgument(refused.status())) << refused.status();
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("CaseClosed"));
  EXPECT_EQ(Count("inbox_events", "event_id = 'evt-in-2'"), 0);
}

}  // namespace
}  // namespace shouhu::testing
