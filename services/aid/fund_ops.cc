#include "aid/fund_ops.h"

#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "aid/access_policy.h"
#include "aid/disbursement_sql.h"
#include "aid/fund_repository.h"
#include "common/base/paging.h"
#include "common/base/status_macros.h"
#include "common/base/text.h"
#include "common/base/validate.h"

namespace shouhu::aid {

namespace {

// A fund year: the service runs from 2000 to 2100.
void CheckYear(FieldErrors& errors, int year) {
  if (year < 2000 || year > 2100) errors.Add("year", "a year between 2000 and 2100");
}

}  // namespace

absl::StatusOr<pb::Fund> FundCore::AllocateFund(const Principal& p,
                                                const pb::AllocateFundRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "FundService", "AllocateFund"));
  FieldErrors errors;
  CheckRequestId(errors, req.request_id());
  CheckYear(errors, req.year());
  if (req.pot() != pb::FUND_POT_REGULAR && req.pot() != pb::FUND_POT_EMERGENCY) {
    errors.Add("pot", "REGULAR or EMERGENCY");
  }
  if (req.amount_fen() <= 0) errors.Add("amount_fen", "must be positive");
  const size_t source_len = Utf8Length(req.source());
  if (!IsValidUtf8(req.source()) || source_len < 1 || source_len > 200) {
    errors.Add("source", "the budget document, 1-200 characters");
  }
  RETURN_IF_ERROR(errors.ToStatus());
  return mutations_.Run<pb::Fund>(
      {.actor = p.Name(), .method = "AllocateFund", .request_id = req.request_id()}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::Fund> {
        db::Tx& tx = m.tx();
        tx.Sql(kFundAllocate)
            .Str(p.procuratorate)
            .Int(req.year())
            .Int(req.pot())
            .Int(req.amount_fen())
            .Int(absl::ToUnixMillis(m.now()))
            .Exec();
        ASSIGN_OR_RETURN(std::optional<pb::Fund> pot,
                         GetFundPot(tx, p.procuratorate, req.year(), req.pot()));
        if (!pot.has_value()) return absl::InternalError("fund pot missing after allocation");
        RETURN_IF_ERROR(InsertFundEntry(tx, {.procuratorate = p.procuratorate,
                                             .year = req.year(),
                                             .pot = req.pot(),
                                             .kind = pb::FUND_ENTRY_KIND_ALLOCATION,
                                             .amount_fen = req.amount_fen(),
                                             .application_id = "",
                                             .payment_id = "",
                                             .source = req.source(),
                                             .actor = p.Name(),
                                             .at = m.now(),
                                             .available_after_fen = pot->available_fen()}));
        RETURN_IF_ERROR(m.Audit("aid.fund.allocate", "aid_fund",
                                absl::StrCat(p.procuratorate, "/", req.year(), "/", req.pot()),
                                p.procuratorate,
                                absl::StrCat("{\"amount_fen\":", req.amount_fen(), "}")));
        return *pot;
      });
}

absl::StatusOr<pb::GetFundResponse> FundCore::GetFund(const Principal& p,
                                                      const pb::GetFundRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "FundService", "GetFund"));
  FieldErrors errors;
  CheckYear(errors, req.year());
  RETURN_IF_ERROR(errors.ToStatus());
  pb::GetFundResponse out;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        out.Clear();
        ASSIGN_OR_RETURN(std::vector<pb::Fund> pots, ListFundPots(tx, p.procuratorate, req.year()));
        bool balanced = true;
        for (pb::Fund& f : pots) {
          ASSIGN_OR_RETURN(auto sums, FundEntrySums(tx, p.procuratorate, req.year(), f.pot()));
          balanced = balanced && FundBalances(f, sums);
          *out.add_pots() = std::move(f);
        }
        out.set_balanced(balanced);
        return absl::OkStatus();
      },
      {.read_only = true}));
  return out;
}

absl::StatusOr<pb::ListFundEntriesResponse> FundCore::ListFundEntries(
    const Principal& p, const pb::ListFundEntriesRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "FundService", "ListFundEntries"));
  FieldErrors errors;
  CheckYear(errors, req.year());
  if (req.pot() != pb::FUND_POT_UNSPECIFIED && req.pot() != pb::FUND_POT_REGULAR &&
      req.pot() != pb::FUND_POT_EMERGENCY) {
    errors.Add("pot", "REGULAR, EMERGENCY or unset");
  }
  absl::StatusOr<int64_t> after = DecodePageToken(req.page_token());
  if (!after.ok()) errors.Add("page_token", "not a token of this list");
  RETURN_IF_ERROR(errors.ToStatus());
  const int size = PageSize(req.page_size());
  pb::ListFundEntriesResponse out;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        out.Clear();
        ASSIGN_OR_RETURN(auto rows, ListFundEntryRows(tx, p.procuratorate, req.year(), req.pot(),
                                                      *after, size + 1));
        out.set_next_page_token(
            TakePage(rows, size, [&](pb::FundEntry&& e) { *out.add_entries() = std::move(e); }));
        return absl::OkStatus();
      },
      {.read_only = true}));
  return out;
}

}  // namespace shouhu::aid
