// The shared mutation pipeline (services/common/db/mutation.h) on a real MariaDB:
// idempotency claim and replay, version check, audit record and outbox event, all in the
// caller's transaction.
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/base/clock.h"
#include "common/base/text.h"
#include "common/db/audit.h"
#include "common/db/mutation.h"
#include "google/protobuf/any.pb.h"
#include "integration/db_fixture.h"
#include "shouhu/referral/v1/events.pb.h"
#include "shouhu/referral/v1/referral.pb.h"

namespace shouhu::testing {
namespace {

namespace pb = ::shouhu::referral::v1;
using ::testing::HasSubstr;

// A stand-in aggregate: the pipeline does not care what it changes.
constexpr char kCreateTable[] =
    "CREATE TABLE widgets (id VARCHAR(64) PRIMARY KEY, owner VARCHAR(64) NOT NULL,"
    " version BIGINT NOT NULL) ENGINE=InnoDB";

class MutationTest : public DbTest {
 protected:
  void SetUp() override {
    DbTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    Exec(kCreateTable);
    Exec("INSERT INTO widgets VALUES ('case-520382-1', 'u-li', 3)");
    runner_ = std::make_unique<db::MutationRunner>(db::MutationRunner::Deps{
        .pool = pool_.get(), .clock = &clock_, .ids = &ids_, .service = "widget"});
  }

  static pb::AssignCaseRequest Request(const std::string& request_id, int64_t version,
                                       const std::string& owner = "u-zhang") {
    pb::AssignCaseRequest req;
    req.set_request_id(request_id);
    req.set_case_id("case-520382-1");
    req.set_version(version);
    req.set_caseworker(owner);
    return req;
  }

  // Assigns the widget: version check, conditional update, audit, event.
  absl::StatusOr<pb::Case> Assign(const pb::AssignCaseRequest& req, bool* replayed = nullptr) {
    return runner_->Run<pb::Case>(
        {.actor = "user:u-head", .method = "AssignWidget", .request_id = req.request_id()}, req,
        [&](db::Mutation& m) -> absl::StatusOr<pb::Case> {
          ++calls_;
          int64_t version = 0;
          {
            auto rs = m.tx()
                          .Sql("SELECT version FROM widgets WHERE id = ? FOR UPDATE")
                          .Str(req.case_id())
                          .Rows();
            if (!rs->next()) return absl::NotFoundError("widget not found");
            version = rs->getInt64("version");
          }
          if (absl::Status st = m.CheckVersion(version, req.version()); !st.ok()) return st;
          m.tx()
              .Sql("UPDATE widgets SET owner = ?, version = version + 1 WHERE id = ?")
              .Str(req.caseworker())
              .Str(req.case_id())
              .Exec();
          if (absl::Status st = m.Audit("widget.assign", "widget", req.case_id(), "520382");
              !st.ok()) {
            return st;
          }
          pb::CaseClosed event;  // any message of the topic's type
          event.set_case_id(req.case_id());
          if (absl::Status st = m.Emit("widget.assigned", req.case_id(), "520382", event);
              !st.ok()) {
            return st;
          }
          if (fail_after_writes_) return absl::FailedPreconditionError("rule says no");
          pb::Case out;
          out.set_case_id(req.case_id());
          out.set_assigned_to(req.caseworker());
          out.set_version(version + 1);
          *out.mutable_opened_at() = TimestampOf(m.now());
          return out;
        },
        replayed);
  }

  static common::v1::Timestamp TimestampOf(absl::Time t) {
    common::v1::Timestamp ts;
    ts.set_unix_millis(absl::ToUnixMillis(t));
    return ts;
  }

  struct Rows {
    int64_t keys, audit, outbox, version;
    bool operator==(const Rows&) const = default;
  };
  Rows Snapshot() {
    return Rows{Count("idempotency_keys"), Count("audit_log"), Count("outbox_events"),
                Int("SELECT version FROM widgets WHERE id = 'case-520382-1'")};
  }

  FakeClock clock_{absl::FromUnixSeconds(1741572000)};
  SequentialIdGenerator ids_;
  std::unique_ptr<db::MutationRunner> runner_;
  std::atomic<int> calls_{0};
  bool fail_after_writes_ = false;
};

TEST_F(MutationTest, FirstExecutionWritesEverythingAndReplayReturnsTheStoredResponse) {
  bool replayed = true;
  auto first = Assign(Request("req-mut-0001", 3), &replayed);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_FALSE(replayed);
  EXPECT_EQ(first->assigned_to(), "u-zhang");
  EXPECT_EQ(first->version(), 4);
  EXPECT_EQ(calls_.load(), 1);
  EXPECT_EQ(Snapshot(), (Rows{1, 1, 1, 4}));

  // The audit record and the event were written by this actor, with this request id.
  EXPECT_EQ(Count("audit_log",
                  "service = 'widget' AND actor = 'user:u-head' AND action ="
                  " 'widget.assign' AND request_id = 'req-mut-0001'"),
            1);
  EXPECT_EQ(Strings("SELECT payload_type FROM outbox_events")[0],
            "type.googleapis.com/shouhu.referral.v1.CaseClosed");
  EXPECT_EQ(Count("idempotency_keys", "scope = 'user:u-head|AssignWidget'"), 1);

  // A repeat replays: same bytes, nothing executed, nothing written.
  clock_.Advance(absl::Minutes(5));
  auto again = Assign(Request("req-mut-0001", 3), &replayed);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(replayed);
  EXPECT_EQ(again->SerializeAsString(), first->SerializeAsString());
  EXPECT_EQ(calls_.load(), 1);
  EXPECT_EQ(Snapshot(), (Rows{1, 1, 1, 4}));
  auto report = db::VerifyAudit(*pool_);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok());
}

TEST_F(MutationTest, SameRequestIdWithAnotherPayloadIsRefused) {
  ASSERT_TRUE(Assign(Request("req-mut-0002", 3)).ok());
  auto other = Assign(Request("req-mut-0002", 4, "u-wang"));
  EXPECT_TRUE(absl::IsInvalidArgument(other.status())) << other.status();
  EXPECT_THAT(std::string(other.status().message()), HasSubstr("request_id"));
  EXPECT_EQ(calls_.load(), 1);
}

TEST_F(MutationTest, StaleVersionIsAbortedWithNothingWritten) {
  const Rows before = Snapshot();
  auto stale = Assign(Request("req-mut-0003", 2));
  EXPECT_TRUE(absl::IsAborted(stale.status())) << stale.status();
  EXPECT_THAT(std::string(stale.status().message()), HasSubstr("current version 3"));
  EXPECT_EQ(Snapshot(), before);
  // With the version it read now, the same caller succeeds (a new request id).
  EXPECT_TRUE(Assign(Request("req-mut-0004", 3)).ok());
}

TEST_F(MutationTest, FailureRollsBackAuditAndEventAndStoresNoResponse) {
  const Rows before = Snapshot();
  fail_after_writes_ = true;
  auto failed = Assign(Request("req-mut-0005", 3));
  EXPECT_TRUE(absl::IsFailedPrecondition(failed.status())) << failed.status();
  EXPECT_EQ(Snapshot(), before);
  // Nothing was stored, so the retry runs again.
  fail_after_writes_ = false;
  auto retried = Assign(Request("req-mut-0005", 3));
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_EQ(calls_.load(), 2);
}

TEST_F(MutationTest, MalformedRequestIdIsAFieldViolationBeforeAnyDatabaseAccess) {
  const Rows before = Snapshot();
  auto bad = Assign(Request("short", 3));
  EXPECT_TRUE(absl::IsInvalidArgument(bad.status())) << bad.status();
  const auto violations = FieldViolationsOf(bad.status());
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].first, "request_id");
  EXPECT_EQ(calls_.load(), 0);
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(MutationTest, ConcurrentRepeatsExecuteOnceAndAllGetTheSameResponse) {
  constexpr int kThreads = 4;
  std::vector<absl::StatusOr<pb::Case>> results(kThreads, absl::UnknownError("not run"));
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      db::ConnectionPool::EnsureThreadInit();
      results[i] = Assign(Request("req-mut-0006", 3));
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& r : results) {
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->SerializeAsString(), results[0]->SerializeAsString());
  }
  EXPECT_EQ(calls_.load(), 1);
  EXPECT_EQ(Snapshot(), (Rows{1, 1, 1, 4}));
}

TEST(RequestPayloadHashTest, IgnoresTheRequestIdOnly) {
  pb::AssignCaseRequest a;
  a.set_request_id("req-aaaa-0001");
  a.set_case_id("case-520382-1");
  a.set_version(3);
  pb::AssignCaseRequest b = a;
  b.set_request_id("req-bbbb-0002");
  EXPECT_EQ(db::RequestPayloadHash(a), db::RequestPayloadHash(b));
  b.set_version(4);
  EXPECT_NE(db::RequestPayloadHash(a), db::RequestPayloadHash(b));
  EXPECT_EQ(db::RequestPayloadHash(a).size(), 64u);
}

}  // namespace
}  // namespace shouhu::testing
