#include "aid/fund_ledger.h"

#include <optional>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "aid/disbursement_sql.h"
#include "aid/fund_repository.h"
#include "common/base/status_macros.h"

namespace shouhu::aid {

namespace pb = ::shouhu::aid::v1;

namespace {

absl::Status CheckMove(const FundMove& move) {
  if (move.amount_fen <= 0) {
    return absl::InvalidArgumentError("amount_fen: a fund move must be positive");
  }
  if (move.pot != pb::FUND_POT_REGULAR && move.pot != pb::FUND_POT_EMERGENCY) {
    return absl::InvalidArgumentError("pot: REGULAR or EMERGENCY");
  }
  if (move.procuratorate.empty() || move.year <= 0) {
    return absl::InvalidArgumentError("year: a fund move needs a procuratorate and a year");
  }
  return absl::OkStatus();
}

// Appends the entry of an applied move, with the pot's available amount after it (the
// pot's row is locked by the update, so this read sees the figures the move produced).
absl::Status Record(db::Tx& tx, const FundMove& move, pb::FundEntryKind kind) {
  ASSIGN_OR_RETURN(std::optional<pb::Fund> pot,
                   GetFundPot(tx, move.procuratorate, move.year, move.pot));
  if (!pot.has_value()) return absl::InternalError("fund pot vanished after its update");
  return InsertFundEntry(tx, {.procuratorate = move.procuratorate,
                              .year = move.year,
                              .pot = move.pot,
                              .kind = kind,
                              .amount_fen = move.amount_fen,
                              .application_id = move.application_id,
                              .payment_id = move.payment_id,
                              .source = "",
                              .actor = move.actor,
                              .at = move.at,
                              .available_after_fen = pot->available_fen()});
}

// FAILED_PRECONDITION naming what the pot holds of `what` and what the move needed.
absl::Status Short(db::Tx& tx, const FundMove& move, absl::string_view what) {
  ASSIGN_OR_RETURN(std::optional<pb::Fund> pot,
                   GetFundPot(tx, move.procuratorate, move.year, move.pot));
  if (!pot.has_value()) {
    return absl::FailedPreconditionError(absl::StrCat("the ", move.year, " aid fund has 0 fen ",
                                                      what, ", ", move.amount_fen, " needed"));
  }
  int64_t have = 0;
  if (what == "available") have = pot->available_fen();
  if (what == "reserved") have = pot->reserved_fen();
  if (what == "drawn") have = pot->drawn_fen();
  return absl::FailedPreconditionError(absl::StrCat(
      "the ", move.year, " aid fund has ", have, " fen ", what, ", ", move.amount_fen, " needed"));
}

int64_t Ms(const FundMove& move) { return absl::ToUnixMillis(move.at); }

}  // namespace

namespace {

// One conditional update of the pot row (the amount bound `leading` times, then the time,
// the pot's key and the amount its condition checks) and its ledger entry; nothing is
// written when the pot is short of `short_of`.
absl::Status MovePot(db::Tx& tx, const FundMove& move, const char* sql, int leading,
                     const char* short_of, pb::FundEntryKind kind) {
  RETURN_IF_ERROR(CheckMove(move));
  db::Query q = tx.Sql(sql);
  for (int i = 0; i < leading; ++i) q.Int(move.amount_fen);
  const int64_t n = q.Int(Ms(move))
                        .Str(move.procuratorate)
                        .Int(move.year)
                        .Int(move.pot)
                        .Int(move.amount_fen)
                        .Exec();
  if (n != 1) return Short(tx, move, short_of);
  return Record(tx, move, kind);
}

}  // namespace

absl::Status ReserveFunds(db::Tx& tx, const FundMove& move) {
  return MovePot(tx, move, kFundReserve, 1, "available", pb::FUND_ENTRY_KIND_RESERVATION);
}

absl::Status ReleaseFunds(db::Tx& tx, const FundMove& move) {
  return MovePot(tx, move, kFundRelease, 1, "reserved", pb::FUND_ENTRY_KIND_RELEASE);
}

absl::Status DrawFunds(db::Tx& tx, const FundMove& move) {
  return MovePot(tx, move, kFundDraw, 2, "reserved", pb::FUND_ENTRY_KIND_DRAW);
}

absl::Status UndrawFunds(db::Tx& tx, const FundMove& move) {
  return MovePot(tx, move, kFundUndraw, 2, "drawn", pb::FUND_ENTRY_KIND_UNDRAW);
}

absl::Status CreditRecovery(db::Tx& tx, const FundMove& move) {
  RETURN_IF_ERROR(CheckMove(move));
  tx.Sql(kFundCredit)
      .Str(move.procuratorate)
      .Int(move.year)
      .Int(move.pot)
      .Int(move.amount_fen)
      .Int(Ms(move))
      .Exec();
  return Record(tx, move, pb::FUND_ENTRY_KIND_RECOVERY);
}

}  // namespace shouhu::aid
