// SQL error mapping, request id format and the audit chain hash, without a database.
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "common/db/audit.h"
#include "common/db/deadline_events.h"
#include "common/db/idempotency.h"
#include "common/db/transaction.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace shouhu::db {
namespace {

using ::testing::HasSubstr;

// ---------------------------------------------------------------------------------------
// SQL errors
// ---------------------------------------------------------------------------------------

TEST(SqlErrorTest, StatusFromSqlErrorMapsEachKind) {
  const struct {
    int code;
    absl::StatusCode status;
    bool retryable;
    bool connection;
  } kCases[] = {
      {1062, absl::StatusCode::kAlreadyExists, false, false},       // duplicate key
      {1213, absl::StatusCode::kAborted, true, false},              // deadlock
      {1205, absl::StatusCode::kAborted, true, false},              // lock wait timeout
      {2002, absl::StatusCode::kUnavailable, false, true},          // cannot connect (socket)
      {2003, absl::StatusCode::kUnavailable, false, true},          // cannot connect (TCP)
      {2006, absl::StatusCode::kUnavailable, false, true},          // server has gone away
      {2013, absl::StatusCode::kUnavailable, false, true},          // lost connection
      {1053, absl::StatusCode::kUnavailable, false, true},          // server shutting down
      {1146, absl::StatusCode::kFailedPrecondition, false, false},  // missing table
      {1054, absl::StatusCode::kFailedPrecondition, false, false},  // unknown column
      {1406, absl::StatusCode::kInvalidArgument, false, false},     // data too long
      {1064, absl::StatusCode::kInternal, false, false},            // syntax error
      {1452, absl::StatusCode::kInternal, false, false},            // foreign key
      {1045, absl::StatusCode::kInternal, false, false},            // access denied
      {0, absl::StatusCode::kInternal, false, false},
  };
  for (const auto& c : kCases) {
    const absl::Status st = StatusFromSqlError(c.code, "HY000");
    EXPECT_EQ(st.code(), c.status) << c.code << ": " << st;
    EXPECT_EQ(IsRetryableSqlError(c.code), c.retryable) << c.code;
    EXPECT_EQ(IsConnectionSqlError(c.code), c.connection) << c.code;
  }
}

TEST(SqlErrorTest, InternalErrorsNameTheCodeAndState) {
  const absl::Status st = StatusFromSqlError(1064, "42000");
  EXPECT_THAT(std::string(st.message()), HasSubstr("1064"));
  EXPECT_THAT(std::string(st.message()), HasSubstr("42000"));
}

// ---------------------------------------------------------------------------------------
// Request ids
// ---------------------------------------------------------------------------------------

TEST(ValidateRequestIdTest, AcceptsEightToSixtyFourSafeCharacters) {
  const std::string kValid[] = {
      "abcdefgh", "req_2026-01-01_A9", "0123456789", std::string(64, 'z'), "--------",
  };
  for (const std::string& id : kValid) EXPECT_TRUE(ValidateRequestId(id).ok()) << id;
  const std::string kInvalid[] = {
      "",          "abcdefg",          std::string(65, 'z'),
      "abc defgh", "abcdefg!",         "abcdefgh\n",
      "abcd.efgh", "请求编号请求编号", std::string("abcd\0efgh", 9),
  };
  for (const std::string& id : kInvalid) {
    EXPECT_EQ(ValidateRequestId(id).code(), absl::StatusCode::kInvalidArgument) << id;
  }
}

// ---------------------------------------------------------------------------------------
// Audit chain
// ---------------------------------------------------------------------------------------

TEST(AuditChainTest, IsFnv1aModuloTheChainCount) {
  // FNV-1a 32-bit test vectors: "" = 0x811c9dc5, "a" = 0xe40c292c, "foobar" = 0xbf9cf968.
  EXPECT_EQ(AuditChainOf(""), static_cast<int>(0x811c9dc5u % kAuditChains));
  EXPECT_EQ(AuditChainOf("a"), static_cast<int>(0xe40c292cu % kAuditChains));
  EXPECT_EQ(AuditChainOf("foobar"), static_cast<int>(0xbf9cf968u % kAuditChains));
}

TEST(AuditChainTest, DeterministicInRangeAndSpreadOverAllChains) {
  std::vector<int> per_chain(kAuditChains, 0);
  for (int i = 0; i < 1000; ++i) {
    const std::string id = absl::StrFormat("ref-520382-%016d", i);
    const int chain = AuditChainOf(id);
    ASSERT_GE(chain, 0) << id;
    ASSERT_LT(chain, kAuditChains) << id;
    EXPECT_EQ(AuditChainOf(id), chain) << id;
    ++per_chain[chain];
  }
  for (int c = 0; c < kAuditChains; ++c) {
    // 62.5 on average; no chain may be left out or take a big share.
    EXPECT_GE(per_chain[c], 20) << "chain " << c;
    EXPECT_LE(per_chain[c], 150) << "chain " << c;
  }
}

AuditRecord Record() {
  AuditRecord r;
  r.service = "referral";
  r.actor = "agency:edu-renhuai";
  r.action = "referral.submit";
  r.entity_type = "referral";
  r.entity_id = "ref-520382-0000000000000001";
  r.procuratorate = "520382";
  r.request_id = "req-0000000001";
  r.detail = R"({"kind":"MANDATORY_REPORT"})";
  r.at = absl::FromUnixMillis(1767225600123);
  return r;
}

constexpr char kPrev[] = "0000000000000000000000000000000000000000000000000000000000000000";

TEST(AuditHashTest, IsDeterministicHex) {
  const std::string h = AuditHash(Record(), 3, 1, kPrev);
  EXPECT_EQ(h, AuditHash(Record(), 3, 1, kPrev));
  ASSERT_EQ(h.size(), 64u);
  for (char c : h) EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << h;
}

TEST(AuditHashTest, ChangesWhenAnythingChanges) {
  const std::string base = AuditHash(Record(), 3, 1, kPrev);
  const std::pair<const char*, std::function<void(AuditRecord&)>> kFieldChanges[] = {
      {"service", [](AuditRecord& r) { r.service = "aid"; }},
      {"actor", [](AuditRecord& r) { r.actor = "agency:edu-other"; }},
      {"action", [](AuditRecord& r) { r.action = "referral.withdraw"; }},
      {"entity_type", [](AuditRecord& r) { r.entity_type = "case"; }},
      {"entity_id", [](AuditRecord& r) { r.entity_id = "ref-520382-0000000000000002"; }},
      {"procuratorate", [](AuditRecord& r) { r.procuratorate = "520381"; }},
      {"request_id", [](AuditRecord& r) { r.request_id = "req-0000000002"; }},
      {"detail", [](AuditRecord& r) { r.detail = "{}"; }},
      {"at", [](AuditRecord& r) { r.at += absl::Milliseconds(1); }},
  };
  std::set<std::string> seen = {base};
  for (const auto& [name, change] : kFieldChanges) {
    AuditRecord r = Record();
    change(r);
    const std::string h = AuditHash(r, 3, 1, kPrev);
    EXPECT_NE(h, base) << name;
    EXPECT_TRUE(seen.insert(h).second) << name << " collides with another change";
  }
  const std::pair<const char*, std::string> kPositionChanges[] = {
      {"chain", AuditHash(Record(), 4, 1, kPrev)},
      {"seq", AuditHash(Record(), 3, 2, kPrev)},
      {"prev_hash", AuditHash(Record(), 3, 1, std::string(63, '0') + "1")},
      {"empty prev_hash", AuditHash(Record(), 3, 1, "")},
  };
  for (const auto& [name, h] : kPositionChanges) {
    EXPECT_NE(h, base) << name;
    EXPECT_TRUE(seen.insert(h).second) << name << " collides with another change";
  }
}

TEST(AuditHashTest, FieldsCannotShiftIntoEachOther) {
  AuditRecord a = Record();
  AuditRecord b = Record();
  a.service = "referral";
  a.actor = "agency:x";
  b.service = "referralagency:x";
  b.actor = "";
  EXPECT_NE(AuditHash(a, 3, 1, kPrev), AuditHash(b, 3, 1, kPrev));
  // Chain 1, seq 12 versus chain 11, seq 2.
  EXPECT_NE(AuditHash(Record(), 1, 12, kPrev), AuditHash(Record(), 11, 2, kPrev));
}

// ---------------------------------------------------------------------------------------
// Deadline events (topic "deadline.changed")
// ---------------------------------------------------------------------------------------

DeadlineChange OpenDecision() {
  return {.kind = opb::AID_DECISION,
          .procuratorate = "520382",
          .case_id = "case-520382-1",
          .record_id = "app-520382-1",
          .assignee = "u-zhang",
          .department = "dept-minors",
          .started_at = absl::FromUnixMillis(1000),
          .due_at = absl::FromUnixMillis(5000),
          .sequence = 3};
}

TEST(DeadlineEventsTest, ItemKeyIsKindAndRecordWithOrdinalFromTwo) {
  EXPECT_EQ(DeadlineItemKey(opb::AID_DECISION, "app-1"), "AID_DECISION:app-1");
  EXPECT_EQ(DeadlineItemKey(opb::VISIT_WINDOW, "slot-1", 1), "VISIT_WINDOW:slot-1");
  EXPECT_EQ(DeadlineItemKey(opb::REFERRAL_ANSWER, "ref-1", 2), "REFERRAL_ANSWER:ref-1:2");
}

TEST(DeadlineEventsTest, DatesAreWholeChinaDays) {
  // 2026-03-02 00:00 China time is 2026-03-01 16:00 UTC.
  const absl::Time start = DeadlineDayStart(absl::CivilDay(2026, 3, 2));
  EXPECT_EQ(start, absl::FromCivil(absl::CivilSecond(2026, 3, 1, 16, 0, 0), absl::UTCTimeZone()));
  EXPECT_EQ(DeadlineDayEnd(absl::CivilDay(2026, 3, 2)),
            start + absl::Hours(24) - absl::Milliseconds(1));
}

TEST(DeadlineEventsTest, OpenChangeCarriesEveryFieldAndNoEnd) {
  DeadlineChange c = OpenDecision();
  c.ended_at = absl::FromUnixMillis(9000);  // ignored while open
  absl::StatusOr<opb::DeadlineChanged> e = DeadlineChangedOf(c);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->item_key(), "AID_DECISION:app-520382-1");
  EXPECT_EQ(e->kind(), opb::AID_DECISION);
  EXPECT_EQ(e->procuratorate_code(), "520382");
  EXPECT_EQ(e->case_id(), "case-520382-1");
  EXPECT_EQ(e->record_id(), "app-520382-1");
  EXPECT_EQ(e->assigned_to(), "person:u-zhang");
  EXPECT_EQ(e->department(), "dept-minors");
  EXPECT_EQ(e->started_at().unix_millis(), 1000);
  EXPECT_EQ(e->due_at().unix_millis(), 5000);
  EXPECT_EQ(e->state(), opb::DEADLINE_OPEN);
  EXPECT_FALSE(e->has_ended_at());
  EXPECT_EQ(e->sequence(), 3);
}

TEST(DeadlineEventsTest, EndedChangeCarriesItsInstant) {
  DeadlineChange c = OpenDecision();
  c.state = opb::DEADLINE_MET;
  c.ended_at = absl::FromUnixMillis(4000);
  c.assignee.clear();
  absl::StatusOr<opb::DeadlineChanged> e = DeadlineChangedOf(c);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->state(), opb::DEADLINE_MET);
  EXPECT_EQ(e->ended_at().unix_millis(), 4000);
  EXPECT_EQ(e->assigned_to(), "");
}

TEST(DeadlineEventsTest, IncompleteChangesAreRefused) {
  const std::vector<std::pair<std::string, std::function<void(DeadlineChange&)>>> kBreaks = {
      {"kind", [](DeadlineChange& c) { c.kind = opb::DEADLINE_KIND_UNSPECIFIED; }},
      {"record", [](DeadlineChange& c) { c.record_id.clear(); }},
      {"procuratorate", [](DeadlineChange& c) { c.procuratorate.clear(); }},
      {"start", [](DeadlineChange& c) { c.started_at = absl::InfinitePast(); }},
      {"due", [](DeadlineChange& c) { c.due_at = absl::InfinitePast(); }},
      {"sequence", [](DeadlineChange& c) { c.sequence = 0; }},
      {"state", [](DeadlineChange& c) { c.state = opb::DEADLINE_STATE_UNSPECIFIED; }},
      {"ended", [](DeadlineChange& c) { c.state = opb::DEADLINE_CANCELLED; }},
  };
  for (const auto& [name, spoil] : kBreaks) {
    DeadlineChange c = OpenDecision();
    spoil(c);
    EXPECT_EQ(DeadlineChangedOf(c).status().code(), absl::StatusCode::kInternal) << name;
  }
}

TEST(DeadlineEventsTest, TransitionStartsMovesEndsAndCancelsOnlyOpenDeadlines) {
  const absl::Time now = absl::FromUnixMillis(7000);
  const DeadlineChange open = OpenDecision();
  // Start: new, or after an end.
  std::optional<DeadlineChange> t = DeadlineTransition(std::nullopt, open, now);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->state, opb::DEADLINE_OPEN);
  // Nothing watched changed: nothing to tell.
  DeadlineChange same = open;
  same.sequence = 4;
  EXPECT_FALSE(DeadlineTransition(open, same, now).has_value());
  // Moves: due, assignee, department.
  for (const auto& move : std::vector<std::function<void(DeadlineChange&)>>{
           [](DeadlineChange& c) { c.due_at += absl::Hours(24); },
           [](DeadlineChange& c) { c.assignee = "u-li"; },
           [](DeadlineChange& c) { c.department = "dept-other"; }}) {
    DeadlineChange moved = same;
    move(moved);
    t = DeadlineTransition(open, moved, now);
    ASSERT_TRUE(t.has_value());
    EXPECT_EQ(t->sequence, 4);
  }
  // End: met, at its own instant when known and not later than now.
  DeadlineChange met = same;
  met.state = opb::DEADLINE_MET;
  t = DeadlineTransition(open, met, now);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(*t->ended_at, now);
  met.ended_at = absl::FromUnixMillis(6000);
  EXPECT_EQ(*DeadlineTransition(open, met, now)->ended_at, absl::FromUnixMillis(6000));
  met.ended_at = absl::FromUnixMillis(9000);
  EXPECT_EQ(*DeadlineTransition(open, met, now)->ended_at, now);
  // Ended before: not told again.
  EXPECT_FALSE(DeadlineTransition(met, met, now).has_value());
  EXPECT_FALSE(DeadlineTransition(std::nullopt, met, now).has_value());
  // Gone (moved away): cancelled, one above the last sequence.
  t = DeadlineTransition(open, std::nullopt, now);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->state, opb::DEADLINE_CANCELLED);
  EXPECT_EQ(*t->ended_at, now);
  EXPECT_EQ(t->sequence, open.sequence + 1);
  EXPECT_FALSE(DeadlineTransition(met, std::nullopt, now).has_value());
  EXPECT_FALSE(DeadlineTransition(std::nullopt, std::nullopt, now).has_value());
}

}  // namespace
}  // namespace shouhu::db
