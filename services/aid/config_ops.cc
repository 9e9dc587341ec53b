#include "aid/config_ops.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "aid/config_repository.h"
#include "aid/policy.h"
#include "common/base/dates.h"
#include "common/base/paging.h"
#include "common/base/status_macros.h"
#include "common/base/text.h"
#include "common/base/validate.h"
#include "common/server/tenant.h"

namespace shouhu::aid {
namespace {

constexpr int kMinWageYear = 1990;
// 10,000,000 fen = 100,000 yuan a month: above any provincial average.
constexpr int64_t kMaxMonthlyWageFen = 10'000'000;

bool IsProvinceCode(absl::string_view code) {
  return IsSixDigitCode(code) && absl::EndsWith(code, "0000");
}

}  // namespace

ConfigCore::ConfigCore(const AidDeps& deps) : d_(deps), mutations_(deps.Mutations()) {}

absl::StatusOr<pb::WageEntry> ConfigCore::UpsertWageEntry(const Principal& p,
                                                          const pb::UpsertWageEntryRequest& req) {
  const pb::WageEntry& e = req.entry();
  FieldErrors errors;
  CheckRequestId(errors, req.request_id());
  if (!IsProvinceCode(e.province_code())) {
    errors.Add("entry.province_code", "must be the 6-digit code of a province, e.g. 520000");
  }
  const int this_year = static_cast<int>(ChinaDay(d_.clock->Now()).year());
  if (e.year() < kMinWageYear || e.year() > this_year) {
    errors.Add("entry.year", absl::StrCat("must be ", kMinWageYear, "-", this_year));
  }
  if (e.monthly_wage_fen() <= 0 || e.monthly_wage_fen() > kMaxMonthlyWageFen) {
    errors.Add("entry.monthly_wage_fen", "must be 1-10000000 fen");
  }
  CheckText(errors, "entry.source", e.source(), 1, 200);
  CheckText(errors, "entry.basis", e.basis(), 1, 100);
  if (!errors.empty()) return errors.ToStatus();

  return mutations_.Run<pb::WageEntry>(
      {.actor = p.Name(), .method = "UpsertWageEntry", .request_id = req.request_id()}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::WageEntry> {
        pb::WageEntry stored;
        stored.set_province_code(e.province_code());
        stored.set_year(e.year());
        stored.set_monthly_wage_fen(e.monthly_wage_fen());
        stored.set_source(e.source());
        stored.set_basis(e.basis());
        stored.mutable_recorded_by()->set_principal(p.Name());
        stored.mutable_recorded_by()->set_display_name(p.display_name);
        RETURN_IF_ERROR(UpsertWage(m.tx(), stored, m.now()));
        const std::string id = absl::StrCat(e.province_code(), "/", e.year());
        RETURN_IF_ERROR(m.Audit("aid.wage.upsert", "aid_wage_entry", id, p.procuratorate));
        ASSIGN_OR_RETURN(auto row, FindWageEntry(m.tx(), e.province_code(), e.year()));
        if (!row.has_value()) return absl::InternalError("stored wage entry disappeared");
        return *std::move(row);
      });
}

absl::StatusOr<pb::ListWageEntriesResponse> ConfigCore::ListWageEntries(
    const Principal& /*p*/, const pb::ListWageEntriesRequest& req) {
  FieldErrors errors;
  if (!req.province_code().empty() && !IsProvinceCode(req.province_code())) {
    errors.Add("province_code", "must be the 6-digit code of a province, e.g. 520000");
  }
  std::optional<WageCursor> after;
  absl::StatusOr<std::string> key = DecodeKeyPageToken(req.page_token());
  if (key.ok() && !key->empty()) after = ParseWageCursor(*key, req.history());
  if (!key.ok() || (!key->empty() && !after.has_value())) {
    errors.Add("page_token", "not a token of this list");
  }
  RETURN_IF_ERROR(errors.ToStatus());
  const int size = PageSize(req.page_size());
  auto token_of = [&](const std::pair<WageCursor, pb::WageEntry>& r) {
    return EncodeKeyPageToken(WageCursorKey(r.first, req.history()));
  };
  pb::ListWageEntriesResponse resp;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        resp.Clear();
        if (req.history()) {
          ASSIGN_OR_RETURN(auto history, ListWageHistory(tx, req.province_code(), after, size + 1));
          resp.set_next_page_token(TakePage(
              history, size,
              [&](std::pair<WageCursor, pb::WageEntry>&& r) {
                *resp.add_history() = std::move(r.second);
              },
              token_of));
          return absl::OkStatus();
        }
        ASSIGN_OR_RETURN(auto entries, ListWages(tx, req.province_code(), after, size + 1));
        resp.set_next_page_token(TakePage(
            entries, size,
            [&](std::pair<WageCursor, pb::WageEntry>&& r) {
              *resp.add_entries() = std::move(r.second);
            },
            token_of));
        if (!after.has_value()) {  // the newest replaced figures with the first page
          ASSIGN_OR_RETURN(auto history,
                           ListWageHistory(tx, req.province_code(), std::nullopt, size));
          for (auto& r : history) *resp.add_history() = std::move(r.second);
        }
        return absl::OkStatus();
      },
      {.read_only = true}));
  return resp;
}

absl::StatusOr<pb::AidPolicy> ConfigCore::GetAidPolicy(const Principal& p,
                                                       const pb::GetAidPolicyRequest& req) {
  ASSIGN_OR_RETURN(const std::string code, SettingsProcuratorate(p, req.procuratorate_code()));
  pb::AidPolicy out;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool,
                                       [&](db::Tx& tx) -> absl::Status {
                                         ASSIGN_OR_RETURN(out, LoadPolicy(tx, code));
                                         return absl::OkStatus();
                                       },
                                       {.read_only = true}));
  return out;
}

absl::StatusOr<pb::AidPolicy> ConfigCore::UpdateAidPolicy(const Principal& p,
                                                          const pb::UpdateAidPolicyRequest& req) {
  if (absl::Status s = RequestIdError(req.request_id()); !s.ok()) return s;
  RETURN_IF_ERROR(ValidatePolicy(req.policy()));
  if (req.policy().version() < 0) {
    FieldErrors errors;
    errors.Add("policy.version", "the version read (0 for the defaults)");
    return errors.ToStatus();
  }
  const pb::AidPolicy& want = req.policy();
  return mutations_.Run<pb::AidPolicy>(
      {.actor = p.Name(), .method = "UpdateAidPolicy", .request_id = req.request_id()}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::AidPolicy> {
        ASSIGN_OR_RETURN(pb::AidPolicy current, LoadPolicy(m.tx(), want.procuratorate_code()));
        RETURN_IF_ERROR(m.CheckVersion(current.version(), want.version()));
        ASSIGN_OR_RETURN(pb::AidPolicy stored, StorePolicy(m.tx(), want, want.version(), m.now()));
        RETURN_IF_ERROR(m.Audit("aid.policy.update", "aid_policy", want.procuratorate_code(),
                                want.procuratorate_code()));
        return stored;
      });
}

}  // namespace shouhu::aid
