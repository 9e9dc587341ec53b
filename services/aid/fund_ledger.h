// The aid fund (救助资金): per procuratorate, year and pot (REGULAR for decided aid,
// EMERGENCY for 先行救助), money allocated by 财政 is reserved at approval, drawn at
// payment, returned when a payment fails, released when an approval is revoked, closed
// or reduced, and credited back when recovered into the fund. Every move is one ledger
// entry and one conditional update of the pot's row in the caller's transaction:
//   available = allocated + recovered - reserved - drawn  never goes below zero
// (the update only applies when the money is there; no read-then-write), and the
// entries sum to the pot's figures (GetFund reports whether they do).
#ifndef SHOUHU_AID_FUND_LEDGER_H_
#define SHOUHU_AID_FUND_LEDGER_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/db/transaction.h"
#include "shouhu/aid/v1/aid.pb.h"

namespace shouhu::aid {

// One move of money on a pot.
struct FundMove {
  std::string procuratorate;
  int year = 0;  // the fund year (of the approval or payment date)
  ::shouhu::aid::v1::FundPot pot = ::shouhu::aid::v1::FUND_POT_REGULAR;
  int64_t amount_fen = 0;  // > 0
  std::string application_id;
  std::string payment_id;  // draws and undraws
  std::string actor;       // principal name
  absl::Time at;
};

// available -> reserved. FAILED_PRECONDITION ("the <year> aid fund has <n> fen available,
// <m> needed") when the pot does not exist or has less available; nothing is written then.
[[nodiscard]] absl::Status ReserveFunds(db::Tx& tx, const FundMove& move);
// reserved -> available (revoked, closed unpaid, approval reduced). FAILED_PRECONDITION
// when less is reserved.
[[nodiscard]] absl::Status ReleaseFunds(db::Tx& tx, const FundMove& move);
// reserved -> drawn (a payment). FAILED_PRECONDITION when less is reserved.
[[nodiscard]] absl::Status DrawFunds(db::Tx& tx, const FundMove& move);
// drawn -> reserved (a payment failed; the instalment may be paid again).
[[nodiscard]] absl::Status UndrawFunds(db::Tx& tx, const FundMove& move);
// + recovered (money recovered into the fund).
[[nodiscard]] absl::Status CreditRecovery(db::Tx& tx, const FundMove& move);

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_FUND_LEDGER_H_
