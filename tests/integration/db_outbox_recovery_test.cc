// The outbox relay and the inbox on a real MariaDB, across failures of the relay's
// database link. The link goes through a TCP proxy (support/tcp_proxy.h) that the tests
// cut and restore: integration tests run in parallel on one server, so the server itself
// is not stopped here (the end-to-end tests restart it).
//
// Event payloads are built only by EventPayload() and carried only by Envelope(), the two
// places to change when payloads become protobuf messages.
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/base/clock.h"
#include "common/db/outbox.h"
#include "common/server/events.h"
#include "common/server/principal.h"
#include "integration/db_fixture.h"
#include "shouhu/referral/v1/events.pb.h"
#include "support/principals.h"
#include "support/tcp_proxy.h"

namespace shouhu::testing {
namespace {

namespace cpb = ::shouhu::common::v1;

// The payload of a test event.
referral::v1::CaseOpened EventPayload(const std::string& case_id) {
  referral::v1::CaseOpened payload;
  payload.set_case_id(case_id);
  return payload;
}

// The envelope a consumer receives for `e`, as GrpcEventSink builds it.
cpb::Event Envelope(const db::OutboxEvent& e) {
  cpb::Event ev;
  ev.set_event_id(e.event_id);
  ev.set_topic(e.topic);
  ev.set_aggregate_id(e.aggregate_id);
  ev.set_procuratorate_code(e.procuratorate);
  ev.mutable_occurred_at()->set_unix_millis(absl::ToUnixMillis(e.occurred_at));
  *ev.mutable_payload() = e.payload;
  return ev;
}

class OutboxRecoveryTest : public DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto proxy = TcpProxy::Start(EnvOr("SHOUHU_TEST_DB_HOST", "127.0.0.1"), Options().port);
    ASSERT_TRUE(proxy.ok()) << proxy.status();
    proxy_ = *std::move(proxy);
    // The relay's pool reaches the database through the proxy only.
    db::DbOptions o = Options("", 2);
    o.host = "127.0.0.1";
    o.port = proxy_->port();
    o.connect_timeout = absl::Seconds(2);
    o.acquire_timeout = absl::Seconds(2);
    auto pool = db::ConnectionPool::Create(o);
    ASSERT_TRUE(pool.ok()) << pool.status();
    relay_pool_ = *std::move(pool);
    // The consumer: a real inbox on its own (direct) link, counting its reactions.
    inbox_ = std::make_unique<InboxReceiver>("visit", pool_.get(), /*env=*/nullptr,
                                             [this](db::Tx&, const cpb::Event& e) -> absl::Status {
                                               std::lock_guard<std::mutex> lock(mu_);
                                               ++reactions_[e.event_id()];
                                               return absl::OkStatus();
                                             });
  }

  void TearDown() override {
    inbox_.reset();
    relay_pool_.reset();
    proxy_.reset();
    DbTest::TearDown();
  }

  // Commits one event of the producer "referral".
  std::string Enqueue(const std::string& aggregate) {
    db::OutboxEvent e;
    e.event_id = absl::StrCat("evt-", aggregate);
    e.service = "referral";
    e.topic = "case.opened";
    e.aggregate_id = aggregate;
    e.procuratorate = "520382";
    e.occurred_at = clock_.Now();
    absl::Status st = db::RunInTransaction(
        *pool_, [&](db::Tx& tx) { return db::EnqueueEvent(tx, e, EventPayload(aggregate)); });
    EXPECT_TRUE(st.ok()) << st;
    return e.event_id;
  }

  // Delivers to the inbox like the gRPC sink would; `after` runs once the inbox accepted.
  db::EventSink Sink(std::function<void(const db::OutboxEvent&)> after = {}) {
    return [this, after](const db::OutboxEvent& e) -> absl::Status {
      auto ack = inbox_->Deliver(Service("referral"), Envelope(e));
      {
        std::lock_guard<std::mutex> lock(mu_);
        ++deliveries_[e.event_id];
        if (ack.ok() && ack->duplicate()) ++duplicates_[e.event_id];
      }
      if (!ack.ok()) return ack.status();
      if (after) after(e);
      return absl::OkStatus();
    };
  }

  int Count(std::map<std::string, int>& m, const std::string& id) {
    std::lock_guard<std::mutex> lock(mu_);
    return m[id];
  }

  int64_t Undelivered() { return DbTest::Count("outbox_events", "delivered_at_ms IS NULL"); }

  db::OutboxRelay::Options RelayOptions() {
    db::OutboxRelay::Options o;
    o.service = "referral";
    o.poll_interval = absl::Milliseconds(50);
    o.initial_backoff = absl::Milliseconds(10);
    o.max_backoff = absl::Milliseconds(100);
    return o;
  }

  FakeClock clock_{absl::Now()};
  std::unique_ptr<TcpProxy> proxy_;
  std::unique_ptr<db::ConnectionPool> relay_pool_;
  std::unique_ptr<InboxReceiver> inbox_;
  std::mutex mu_;
  std::map<std::string, int> reactions_;   // inbox reactions (the receiver's effect)
  std::map<std::string, int> deliveries_;  // calls of the sink
  std::map<std::string, int> duplicates_;  // deliveries the inbox recognised as repeats
};

TEST_F(OutboxRecoveryTest, DeliveredButNotMarkedIsRedeliveredAndAbsorbedByTheInbox) {
  const std::string id = Enqueue("case-520382-0000000000000001");
  // The consumer accepts the event, then the relay loses its database before it can
  // record the delivery.
  bool cut = false;
  db::OutboxRelay relay(relay_pool_.get(), &clock_, Sink([&](const db::OutboxEvent&) {
                          if (!cut) proxy_->Cut();
                          cut = true;
                        }),
                        RelayOptions());
  absl::StatusOr<int> first = relay.RunOnce();
  EXPECT_FALSE(first.ok()) << "marking the delivery must have failed";
  EXPECT_EQ(Count(deliveries_, id), 1);
  EXPECT_EQ(Count(reactions_, id), 1);
  EXPECT_EQ(Undelivered(), 1) << "the delivery was not recorded";
  EXPECT_EQ(DbTest::Count("outbox_events", "attempts = 0"), 1);

  // The link is back: the relay delivers again (at least once) and records it; the inbox
  // recognises the repeat, so the consumer reacted once.
  proxy_->Restore();
  absl::StatusOr<int> second = relay.RunOnce();
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(*second, 1);
  EXPECT_EQ(Count(deliveries_, id), 2);
  EXPECT_EQ(Count(duplicates_, id), 1);
  EXPECT_EQ(Count(reactions_, id), 1);
  EXPECT_EQ(Undelivered(), 0);
  EXPECT_EQ(
      DbTest::Count("inbox_events", absl::StrCat("receiver = 'visit' AND event_id = '", id, "'")),
      1);
  // Nothing is due any more.
  absl::StatusOr<int> third = relay.RunOnce();
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_EQ(*third, 0);
  EXPECT_EQ(Count(deliveries_, id), 2);
}

TEST_F(OutboxRecoveryTest, EventsCommittedBeforeAnOutageAreDeliveredOnceAfterIt) {
  std::vector<std::string> ids;
  for (int i = 1; i <= 3; ++i)
    ids.push_back(Enqueue(absl::StrCat("case-520382-00000000000000", i)));

  // The relay runs in the background; its database becomes unreachable.
  proxy_->Cut();
  db::OutboxRelay relay(relay_pool_.get(), &clock_, Sink(), RelayOptions());
  relay.Start();
  absl::SleepFor(absl::Seconds(1));  // several polls, each failing to reach the database
  for (const std::string& id : ids) EXPECT_EQ(Count(deliveries_, id), 0) << id;
  EXPECT_EQ(Undelivered(), 3);

  // The database is reachable again: every event is delivered, and only once.
  const int forwarded_before = proxy_->forwarded();
  proxy_->Restore();
  const absl::Time deadline = absl::Now() + absl::Seconds(20);
  while (Undelivered() > 0 && absl::Now() < deadline) absl::SleepFor(absl::Milliseconds(50));
  relay.Stop();
  EXPECT_EQ(Undelivered(), 0) << "events committed before the outage must be delivered";
  EXPECT_GT(proxy_->forwarded(), forwarded_before) << "the relay reconnected";
  for (const std::string& id : ids) {
    EXPECT_EQ(Count(deliveries_, id), 1) << id;
    EXPECT_EQ(Count(duplicates_, id), 0) << id;
    EXPECT_EQ(Count(reactions_, id), 1) << id;
  }
  EXPECT_EQ(DbTest::Count("inbox_events", "receiver = 'visit'"), 3);
  EXPECT_EQ(DbTest::Count("outbox_events", "attempts = 1"), 3);
}

}  // namespace
}  // namespace shouhu::testing
