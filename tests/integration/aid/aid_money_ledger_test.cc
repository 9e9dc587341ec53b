// The fund ledger (aid/fund_ledger.h) on a real MariaDB: the pot never goes negative, under
// concurrency too, and the entries sum to the pot's figures.
#include <atomic>
#include <map>
#include <thread>
#include <vector>

#include "aid/fund_repository.h"
#include "integration/aid/money_fixture.h"

namespace shouhu::testing {
namespace {

using aid::CreditRecovery;
using aid::DrawFunds;
using aid::ReleaseFunds;
using aid::ReserveFunds;
using aid::UndrawFunds;

class LedgerTest : public MoneyFixture {
 protected:
  apb::Fund Pot(apb::FundPot pot = apb::FUND_POT_REGULAR) {
    apb::Fund out;
    EXPECT_TRUE(InTx([&](db::Tx& tx) -> absl::Status {
                  auto f = aid::GetFundPot(tx, kMoneyRenhuai, 2025, pot);
                  if (!f.ok()) return f.status();
                  if (f->has_value()) out = **f;
                  return absl::OkStatus();
                }).ok());
    return out;
  }
};

TEST_F(LedgerTest, ReserveWithoutAPotIsRefusedAndWritesNothing) {
  absl::Status st = InTx([&](db::Tx& tx) {
    return ReserveFunds(tx, Move(apb::FUND_POT_REGULAR, 100, "aid-520382-a"));
  });
  EXPECT_EQ(st.code(), absl::StatusCode::kFailedPrecondition) << st;
  EXPECT_THAT(st.message(), ::testing::HasSubstr("the 2025 aid fund has 0 fen available"));
  EXPECT_EQ(Count("aid_fund_entries"), 0);
  EXPECT_EQ(Count("aid_funds"), 0);
}

TEST_F(LedgerTest, MovesKeepTheFiguresAndTheEntries) {
  Exec(
      "INSERT INTO aid_funds (procuratorate_code, year, pot, allocated_fen, updated_at_ms)"
      " VALUES ('520382', 2025, 1, 10000, 0)");
  ASSERT_TRUE(InTx([&](db::Tx& tx) {
                return ReserveFunds(tx, Move(apb::FUND_POT_REGULAR, 6000, "aid-520382-a"));
              }).ok());
  // More than available: refused with the figures, nothing written.
  absl::Status st = InTx([&](db::Tx& tx) {
    return ReserveFunds(tx, Move(apb::FUND_POT_REGULAR, 4001, "aid-520382-b"));
  });
  EXPECT_EQ(st.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(st.message(), "the 2025 aid fund has 4000 fen available, 4001 needed");
  ASSERT_TRUE(InTx([&](db::Tx& tx) {
                return DrawFunds(tx, Move(apb::FUND_POT_REGULAR, 2500, "aid-520382-a"));
              }).ok());
  ASSERT_TRUE(InTx([&](db::Tx& tx) {
                return UndrawFunds(tx, Move(apb::FUND_POT_REGULAR, 500, "aid-520382-a"));
              }).ok());
  ASSERT_TRUE(InTx([&](db::Tx& tx) {
                return ReleaseFunds(tx, Move(apb::FUND_POT_REGULAR, 1000, "aid-520382-a"));
              }).ok());
  ASSERT_TRUE(InTx([&](db::Tx& tx) {
                return CreditRecovery(tx, Move(apb::FUND_POT_REGULAR, 300, "aid-520382-a"));
              }).ok());
  // Releasing more than reserved, drawing more than reserved, undrawing more than drawn.
  EXPECT_EQ(
      InTx([&](db::Tx& tx) { return ReleaseFunds(tx, Move(apb::FUND_POT_REGULAR, 5000)); }).code(),
      absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(
      InTx([&](db::Tx& tx) { return DrawFunds(tx, Move(apb::FUND_POT_REGULAR, 5000)); }).code(),
      absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(
      InTx([&](db::Tx& tx) { return UndrawFunds(tx, Move(apb::FUND_POT_REGULAR, 2001)); }).code(),
      absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(
      InTx([&](db::Tx& tx) { return ReserveFunds(tx, Move(apb::FUND_POT_REGULAR, 0)); }).code(),
      absl::StatusCode::kInvalidArgument);

  apb::Fund f = Pot();
  EXPECT_EQ(f.allocated_fen(), 10000);
  EXPECT_EQ(f.reserved_fen(), 3000);  // 6000 - 2500 + 500 - 1000
  EXPECT_EQ(f.drawn_fen(), 2000);
  EXPECT_EQ(f.recovered_fen(), 300);
  EXPECT_EQ(f.available_fen(), 5300);
  // The entries: 5 moves; the last available_after is the pot's.
  EXPECT_EQ(Count("aid_fund_entries"), 5);
  EXPECT_EQ(Int("SELECT available_after_fen FROM aid_fund_entries ORDER BY seq DESC LIMIT 1"),
            5300);
  EXPECT_EQ(Int("SELECT available_after_fen FROM aid_fund_entries ORDER BY seq LIMIT 1"), 4000);
  auto sums = std::map<int, int64_t>();
  ASSERT_TRUE(InTx([&](db::Tx& tx) -> absl::Status {
                auto s = aid::FundEntrySums(tx, kMoneyRenhuai, 2025, apb::FUND_POT_REGULAR);
                if (!s.ok()) return s.status();
                sums = *s;
                return absl::OkStatus();
              }).ok());
  // The entries lack the allocation (inserted directly above): not balanced.
  EXPECT_FALSE(aid::FundBalances(f, sums));
  sums[apb::FUND_ENTRY_KIND_ALLOCATION] = 10000;
  EXPECT_TRUE(aid::FundBalances(f, sums));
}

TEST_F(LedgerTest, ConcurrentReservationsNeverOverdrawThePot) {
  // The pot covers exactly 10 reservations of 1234 fen.
  Exec(
      "INSERT INTO aid_funds (procuratorate_code, year, pot, allocated_fen, updated_at_ms)"
      " VALUES ('520382', 2025, 1, 12340, 0)");
  auto pool = NewPool(16);
  ASSERT_TRUE(pool.ok());
  std::atomic<int> ok{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 64; ++i) {
    threads.emplace_back([&, i] {
      absl::Status st = db::RunInTransaction(**pool, [&](db::Tx& tx) {
        return ReserveFunds(tx, Move(apb::FUND_POT_REGULAR, 1234, absl::StrCat("aid-520382-c", i)));
      });
      if (st.ok()) {
        ++ok;
      } else if (st.code() == absl::StatusCode::kFailedPrecondition) {
        ++refused;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 10);
  EXPECT_EQ(refused.load(), 54);
  EXPECT_EQ(other.load(), 0);
  apb::Fund f = Pot();
  EXPECT_EQ(f.reserved_fen(), 12340);
  EXPECT_EQ(f.available_fen(), 0);
  EXPECT_EQ(Count("aid_fund_entries", "kind = 2"), 10);
  EXPECT_EQ(Int("SELECT SUM(amount_fen) FROM aid_fund_entries"), 12340);
  EXPECT_EQ(Int("SELECT MIN(available_after_fen) FROM aid_fund_entries"), 0);
  // Every available_after is distinct: the entries are serialized by the pot's row.
  EXPECT_EQ(Int("SELECT COUNT(DISTINCT available_after_fen) FROM aid_fund_entries"), 10);
}

}  // namespace
}  // namespace shouhu::testing
