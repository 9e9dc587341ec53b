// Storage of the aid fund: the pots (aid_funds) and the ledger (aid_fund_entries). Every
// function runs inside the caller's transaction; the moves themselves are in
// fund_ledger.h. Database failures are handled by the transaction runner.
#ifndef SHOUHU_AID_FUND_REPOSITORY_H_
#define SHOUHU_AID_FUND_REPOSITORY_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/db/transaction.h"
#include "shouhu/aid/v1/aid.pb.h"

namespace shouhu::aid {

// A pot as stored.
::shouhu::aid::v1::Fund FundFromRow(sql::ResultSet& rs);

// The pot, or nullopt when nothing was allocated to it yet.
absl::StatusOr<std::optional<::shouhu::aid::v1::Fund>> GetFundPot(db::Tx& tx,
                                                                  const std::string& procuratorate,
                                                                  int year,
                                                                  ::shouhu::aid::v1::FundPot pot);
// The pots of a year, REGULAR first.
absl::StatusOr<std::vector<::shouhu::aid::v1::Fund>> ListFundPots(db::Tx& tx,
                                                                  const std::string& procuratorate,
                                                                  int year);

// One ledger entry to append.
struct FundEntryRow {
  std::string procuratorate;
  int year = 0;
  ::shouhu::aid::v1::FundPot pot = ::shouhu::aid::v1::FUND_POT_UNSPECIFIED;
  ::shouhu::aid::v1::FundEntryKind kind = ::shouhu::aid::v1::FUND_ENTRY_KIND_UNSPECIFIED;
  int64_t amount_fen = 0;
  std::string application_id;
  std::string payment_id;
  std::string source;
  std::string actor;
  absl::Time at;
  int64_t available_after_fen = 0;
};
absl::Status InsertFundEntry(db::Tx& tx, const FundEntryRow& row);

// The sum of the pot's entries per kind.
absl::StatusOr<std::map<int, int64_t>> FundEntrySums(db::Tx& tx, const std::string& procuratorate,
                                                     int year, ::shouhu::aid::v1::FundPot pot);

// Entries after `after_seq`, oldest first, at most `limit` (pot UNSPECIFIED: both pots).
absl::StatusOr<std::vector<std::pair<int64_t, ::shouhu::aid::v1::FundEntry>>> ListFundEntryRows(
    db::Tx& tx, const std::string& procuratorate, int year, ::shouhu::aid::v1::FundPot pot,
    int64_t after_seq, int limit);

// Whether the pot's figures equal the sums of its entries and available is not negative.
bool FundBalances(const ::shouhu::aid::v1::Fund& fund, const std::map<int, int64_t>& sums);

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_FUND_REPOSITORY_H_
