#include "common/base/concurrency_gate.h"

#include <gtest/gtest.h>

#include <optional>
#include <utility>
#include <vector>

namespace shouhu {
namespace {

TEST(ConcurrencyGateTest, OneKeyIsCappedAtItsShare) {
  ConcurrencyGate gate(3, 1);
  std::optional<ConcurrencyGate::Ticket> a = gate.TryEnter("user:a");
  ASSERT_TRUE(a.has_value());
  EXPECT_FALSE(gate.TryEnter("user:a").has_value());
  EXPECT_TRUE(gate.TryEnter("user:b").has_value());  // and leaves at once
  EXPECT_EQ(gate.running(), 1);
}

TEST(ConcurrencyGateTest, TheTotalCapHoldsAcrossKeys) {
  ConcurrencyGate gate(2, 2);
  std::vector<ConcurrencyGate::Ticket> held;
  held.push_back(*gate.TryEnter("user:a"));
  held.push_back(*gate.TryEnter("user:b"));
  EXPECT_FALSE(gate.TryEnter("user:c").has_value());
  EXPECT_FALSE(gate.TryEnter("user:a").has_value());
  EXPECT_EQ(gate.running(), 2);
}

TEST(ConcurrencyGateTest, LeavingLetsTheNextIn) {
  ConcurrencyGate gate(1, 1);
  {
    std::optional<ConcurrencyGate::Ticket> a = gate.TryEnter("user:a");
    ASSERT_TRUE(a.has_value());
    EXPECT_FALSE(gate.TryEnter("user:b").has_value());
    ConcurrencyGate::Ticket moved = std::move(*a);  // a moved-from ticket leaves nothing
    a.reset();
    EXPECT_EQ(gate.running(), 1);
  }
  EXPECT_EQ(gate.running(), 0);
  EXPECT_TRUE(gate.TryEnter("user:a").has_value());
  EXPECT_TRUE(gate.TryEnter("user:b").has_value());
}

TEST(ConcurrencyGateTest, CapsBelowOneAreOne) {
  ConcurrencyGate gate(0, -3);
  EXPECT_EQ(gate.total(), 1);
  EXPECT_EQ(gate.per_key(), 1);
  std::optional<ConcurrencyGate::Ticket> a = gate.TryEnter("k");
  EXPECT_TRUE(a.has_value());
  EXPECT_FALSE(gate.TryEnter("other").has_value());
}

}  // namespace
}  // namespace shouhu
