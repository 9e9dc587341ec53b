#include "aid/fund_repository.h"

#include "aid/disbursement_sql.h"
#include "common/base/dates.h"

namespace shouhu::aid {

namespace pb = ::shouhu::aid::v1;

pb::Fund FundFromRow(sql::ResultSet& rs) {
  pb::Fund f;
  f.set_procuratorate_code(rs.getString("procuratorate_code"));
  f.set_year(rs.getInt("year"));
  f.set_pot(static_cast<pb::FundPot>(rs.getInt("pot")));
  f.set_allocated_fen(rs.getInt64("allocated_fen"));
  f.set_reserved_fen(rs.getInt64("reserved_fen"));
  f.set_drawn_fen(rs.getInt64("drawn_fen"));
  f.set_recovered_fen(rs.getInt64("recovered_fen"));
  f.set_available_fen(f.allocated_fen() + f.recovered_fen() - f.reserved_fen() - f.drawn_fen());
  f.set_version(rs.getInt64("version"));
  return f;
}

absl::StatusOr<std::optional<pb::Fund>> GetFundPot(db::Tx& tx, const std::string& procuratorate,
                                                   int year, pb::FundPot pot) {
  auto rs = tx.Sql(kGetFund).Str(procuratorate).Int(year).Int(pot).Rows();
  if (!rs->next()) return std::nullopt;
  return FundFromRow(*rs);
}

absl::StatusOr<std::vector<pb::Fund>> ListFundPots(db::Tx& tx, const std::string& procuratorate,
                                                   int year) {
  std::vector<pb::Fund> out;
  auto rs = tx.Sql(kFundsOfYear).Str(procuratorate).Int(year).Rows();
  while (rs->next()) out.push_back(FundFromRow(*rs));
  return out;
}

absl::Status InsertFundEntry(db::Tx& tx, const FundEntryRow& row) {
  tx.Sql(kInsertFundEntry)
      .Str(row.procuratorate)
      .Int(row.year)
      .Int(row.pot)
      .Int(row.kind)
      .Int(row.amount_fen)
      .StrOrNull(row.application_id)
      .StrOrNull(row.payment_id)
      .Str(row.source)
      .Str(row.actor)
      .Int(absl::ToUnixMillis(row.at))
      .Int(row.available_after_fen)
      .Exec();
  return absl::OkStatus();
}

absl::StatusOr<std::map<int, int64_t>> FundEntrySums(db::Tx& tx, const std::string& procuratorate,
                                                     int year, pb::FundPot pot) {
  std::map<int, int64_t> sums;
  auto rs = tx.Sql(kFundEntrySums).Str(procuratorate).Int(year).Int(pot).Rows();
  while (rs->next()) sums[rs->getInt("kind")] = rs->getInt64("total");
  return sums;
}

absl::StatusOr<std::vector<std::pair<int64_t, pb::FundEntry>>> ListFundEntryRows(
    db::Tx& tx, const std::string& procuratorate, int year, pb::FundPot pot, int64_t after_seq,
    int limit) {
  std::unique_ptr<sql::ResultSet> rs;
  if (pot == pb::FUND_POT_UNSPECIFIED) {
    rs = tx.Sql(std::string(kFundEntryCols) + kFundEntriesOfYear)
             .Str(procuratorate)
             .Int(year)
             .Int(after_seq)
             .Int(limit)
             .Rows();
  } else {
    rs = tx.Sql(std::string(kFundEntryCols) + kFundEntriesOfPot)
             .Str(procuratorate)
             .Int(year)
             .Int(pot)
             .Int(after_seq)
             .Int(limit)
             .Rows();
  }
  std::vector<std::pair<int64_t, pb::FundEntry>> out;
  while (rs->next()) {
    pb::FundEntry e;
    e.set_sequence(rs->getInt64("seq"));
    e.set_kind(static_cast<pb::FundEntryKind>(rs->getInt("kind")));
    e.set_pot(static_cast<pb::FundPot>(rs->getInt("pot")));
    e.set_amount_fen(rs->getInt64("amount_fen"));
    e.set_application_id(db::GetStr(*rs, "application_id"));
    e.set_payment_id(db::GetStr(*rs, "payment_id"));
    e.set_source(rs->getString("source"));
    e.mutable_actor()->set_principal(rs->getString("actor"));
    *e.mutable_at() = TimestampFromMillis(rs->getInt64("at_ms"));
    e.set_available_after_fen(rs->getInt64("available_after_fen"));
    out.emplace_back(e.sequence(), std::move(e));
  }
  return out;
}

bool FundBalances(const pb::Fund& f, const std::map<int, int64_t>& sums) {
  auto sum = [&](pb::FundEntryKind k) -> int64_t {
    auto it = sums.find(k);
    return it == sums.end() ? 0 : it->second;
  };
  const int64_t allocated = sum(pb::FUND_ENTRY_KIND_ALLOCATION);
  const int64_t recovered = sum(pb::FUND_ENTRY_KIND_RECOVERY);
  const int64_t drawn = sum(pb::FUND_ENTRY_KIND_DRAW) - sum(pb::FUND_ENTRY_KIND_UNDRAW);
  const int64_t reserved =
      sum(pb::FUND_ENTRY_KIND_RESERVATION) - sum(pb::FUND_ENTRY_KIND_RELEASE) - drawn;
  return f.allocated_fen() == allocated && f.recovered_fen() == recovered &&
         f.drawn_fen() == drawn && f.reserved_fen() == reserved && f.available_fen() >= 0 &&
         f.available_fen() + f.reserved_fen() + f.drawn_fen() ==
             f.allocated_fen() + f.recovered_fen();
}

}  // namespace shouhu::aid
