// FundService (救助资金): finance allocates money to a year's pot, reads the pots (with
// whether the ledger balances) and the ledger. The moves made by approvals and payments
// are in fund_ledger.h.
#ifndef SHOUHU_AID_FUND_OPS_H_
#define SHOUHU_AID_FUND_OPS_H_

#include "absl/status/statusor.h"
#include "aid/deps.h"
#include "common/server/principal.h"
#include "shouhu/aid/v1/aid.pb.h"

namespace shouhu::aid {

class FundCore {
 public:
  explicit FundCore(const AidDeps& deps) : d_(deps), mutations_(deps.Mutations()) {}

  absl::StatusOr<pb::Fund> AllocateFund(const Principal& p, const pb::AllocateFundRequest& req);
  absl::StatusOr<pb::GetFundResponse> GetFund(const Principal& p, const pb::GetFundRequest& req);
  absl::StatusOr<pb::ListFundEntriesResponse> ListFundEntries(
      const Principal& p, const pb::ListFundEntriesRequest& req);

 private:
  AidDeps d_;
  db::MutationRunner mutations_;
};

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_FUND_OPS_H_
