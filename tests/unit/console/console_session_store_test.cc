#include "absl/container/flat_hash_set.h"
#include "common/base/clock.h"
#include "console/session_store.h"
#include "console_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace shouhu::console {
namespace {

using ::shouhu::console::testing::CountingRandom;
using ::shouhu::console::testing::kNow;
using ::testing::MatchesRegex;

class SessionStoreTest : public ::testing::Test {
 protected:
  SessionUser User(const std::string& id = "u-zhang") {
    return SessionUser{id, "张检察官", {"caseworker"}, "520382", "第九检察部", "", ""};
  }
  absl::StatusOr<Session> New(absl::Duration token_ttl = absl::Hours(8),
                              const std::string& user = "u-zhang") {
    return store_.Create("token-" + user, User(user), kNow + token_ttl);
  }

  FakeClock clock_{kNow};
  CountingRandom random_;
  SessionStore store_{SessionStore::Options{.idle_timeout = absl::Minutes(30), .max_sessions = 3},
                      &clock_, &random_};
};

TEST_F(SessionStoreTest, IdsAndCsrfTokensAre256BitBase64Url) {
  auto s = New();
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_THAT(s->id, MatchesRegex("[A-Za-z0-9_-]{43}"));
  EXPECT_THAT(s->csrf, MatchesRegex("[A-Za-z0-9_-]{43}"));
  EXPECT_NE(s->id, s->csrf);
  EXPECT_EQ(s->token, "token-u-zhang");
  EXPECT_EQ(s->user.id, "u-zhang");
  EXPECT_EQ(s->expires_at, kNow + absl::Minutes(30));
  auto other = New();
  ASSERT_TRUE(other.ok());
  EXPECT_NE(other->id, s->id);
  EXPECT_EQ(store_.size(), 2u);
}

TEST_F(SessionStoreTest, IdleSessionExpiresAndUseRestartsTheIdleTime) {
  auto s = New();
  ASSERT_TRUE(s.ok());
  clock_.Advance(absl::Minutes(29));
  auto touched = store_.Touch(s->id);
  ASSERT_TRUE(touched.ok()) << touched.status();
  EXPECT_EQ(touched->expires_at, kNow + absl::Minutes(59));
  clock_.Advance(absl::Minutes(29));
  EXPECT_TRUE(store_.Touch(s->id).ok());
  clock_.Advance(absl::Minutes(30));
  auto expired = store_.Touch(s->id);
  EXPECT_EQ(expired.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(expired.status().message(), "the session has expired");
  // Removed: asking again finds nothing.
  EXPECT_EQ(store_.size(), 0u);
  EXPECT_EQ(store_.Touch(s->id).status().message(), "not signed in");
}

TEST_F(SessionStoreTest, PeekDoesNotRestartTheIdleTime) {
  auto s = New();
  ASSERT_TRUE(s.ok());
  clock_.Advance(absl::Minutes(20));
  auto peeked = store_.Peek(s->id);
  ASSERT_TRUE(peeked.ok());
  EXPECT_EQ(peeked->expires_at, kNow + absl::Minutes(30));
  clock_.Advance(absl::Minutes(10));
  EXPECT_EQ(store_.Peek(s->id).status().code(), absl::StatusCode::kUnauthenticated);
}

TEST_F(SessionStoreTest, NeverOutlivesItsToken) {
  auto s = New(absl::Minutes(45));
  ASSERT_TRUE(s.ok());
  for (int i = 0; i < 4; ++i) {
    clock_.Advance(absl::Minutes(10));
    auto t = store_.Touch(s->id);
    ASSERT_TRUE(t.ok()) << i;
    EXPECT_LE(t->expires_at, kNow + absl::Minutes(45));
  }
  clock_.Advance(absl::Minutes(5));  // 45 minutes: the token's end, though used just now
  EXPECT_EQ(store_.Touch(s->id).status().code(), absl::StatusCode::kUnauthenticated);
}

TEST_F(SessionStoreTest, RefusesAnExpiredToken) {
  auto s = store_.Create("t", User(), kNow);
  EXPECT_EQ(s.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(store_.size(), 0u);
}

TEST_F(SessionStoreTest, EndRemovesTheSession) {
  auto s = New();
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(store_.End(s->id));
  EXPECT_FALSE(store_.End(s->id));
  EXPECT_EQ(store_.Touch(s->id).status().code(), absl::StatusCode::kUnauthenticated);
}

TEST_F(SessionStoreTest, BoundedDropsExpiredFirstThenLeastRecentlyUsed) {
  auto a = New(absl::Hours(8), "a");
  clock_.Advance(absl::Minutes(1));
  auto b = New(absl::Hours(8), "b");
  clock_.Advance(absl::Minutes(1));
  auto c = New(absl::Hours(8), "c");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  ASSERT_TRUE(store_.Touch(a->id).ok());  // b is now the least recently used
  auto d = New(absl::Hours(8), "d");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(store_.size(), 3u);
  EXPECT_FALSE(store_.Peek(b->id).ok());
  EXPECT_TRUE(store_.Peek(a->id).ok());
  EXPECT_TRUE(store_.Peek(c->id).ok());
  EXPECT_TRUE(store_.Peek(d->id).ok());

  // Once a and c have expired, a new session replaces them, not the live d.
  clock_.Advance(absl::Minutes(25));
  ASSERT_TRUE(store_.Touch(d->id).ok());
  clock_.Advance(absl::Minutes(10));
  auto e = New(absl::Hours(8), "e");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(store_.size(), 2u);
  EXPECT_TRUE(store_.Peek(d->id).ok());
}

TEST_F(SessionStoreTest, ARandomSourceThatFailsOrRepeatsMakesNoSession) {
  random_.set_fail(true);
  EXPECT_EQ(New().status().code(), absl::StatusCode::kUnavailable);
  random_.set_fail(false);
  random_.set_repeat(true);
  ASSERT_TRUE(New().ok());
  EXPECT_EQ(New().status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(store_.size(), 1u);
}

TEST(ConstantTimeEqualsTest, EqualOnlyForSameNonEmptyBytes) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_FALSE(ConstantTimeEquals("", ""));
  EXPECT_FALSE(ConstantTimeEquals("abc", ""));
}

TEST(RandomTokenTest, SecureSourceGivesDistinctTokens) {
  absl::flat_hash_set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    auto t = RandomToken(RandomSource::Secure(), 32);
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(t->size(), 43u);
    EXPECT_TRUE(seen.insert(*t).second);
  }
}

}  // namespace
}  // namespace shouhu::console
