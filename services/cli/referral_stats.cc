#include "cli/referral_stats.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/substitute.h"
#include "cli/catalog.h"
#include "cli/runner_impl.h"
#include "cli/visit_catalog.h"

namespace shouhu::cli {
namespace {

constexpr Text kPeriod{"期间", "Period"};
constexpr Text kGroup{"分组", "Group"};
constexpr Text kReceived{"收到线索", "Received"};
constexpr Text kOnTime{"按期答复", "Answered on time"};
constexpr Text kLate{"逾期答复", "Answered late"};
constexpr Text kOverdue{"超期未答复", "Overdue, unanswered"};
constexpr Text kUntimed{"答复（无期限记录）", "Answered (no deadline kept)"};
constexpr Text kOpened{"立案", "Cases opened"};
constexpr Text kClosed{"结案", "Cases closed"};
constexpr Text kByKind{"按类型", "By kind"};
constexpr Text kByAgency{"按移送单位", "By agency"};
constexpr Text kByStatus{"按状态", "By status"};
constexpr Text kUnassigned{"未分配", "unassigned"};

}  // namespace

std::string RenderReferralStats(const rv1::GetReferralStatisticsResponse& resp, Lang lang) {
  Table table({kPeriod(lang), kGroup(lang), kReceived(lang), kOnTime(lang), kLate(lang),
               kOverdue(lang), kUntimed(lang), kOpened(lang), kClosed(lang)});
  std::string breakdowns;
  for (const rv1::ReferralStatisticsRow& row : resp.rows()) {
    auto n = [&](int64_t v, bool suppressed) {
      return suppressed ? std::string(msg::kStatSuppressed(lang)) : absl::StrCat(v);
    };
    const bool s = row.suppressed();
    const std::string key =
        row.group_key() == "unassigned" ? std::string(kUnassigned(lang)) : row.group_key();
    table.AddRow({row.period(), key == row.period() ? "" : key, n(row.received(), s),
                  n(row.acknowledged_on_time(), s), n(row.acknowledged_late(), s),
                  n(row.open_overdue(), s), n(row.acknowledged_untimed(), s),
                  n(row.cases_opened(), s), n(row.cases_closed(), s)});
    if (s) continue;
    const std::string where =
        key == row.period() ? row.period() : absl::StrCat(row.period(), " ", key);
    std::vector<std::string> kinds, agencies, statuses;
    for (const auto& c : row.by_kind()) {
      kinds.push_back(absl::StrCat(EnumName(rv1::ReferralKind_descriptor(), c.kind(), lang), " ",
                                   n(c.count(), c.suppressed())));
    }
    for (const auto& c : row.by_agency()) {
      agencies.push_back(absl::StrCat(c.agency_code(), " ", n(c.count(), c.suppressed())));
    }
    for (const auto& c : row.by_status()) {
      statuses.push_back(absl::StrCat(EnumName(rv1::ReferralStatus_descriptor(), c.status(), lang),
                                      " ", n(c.count(), c.suppressed())));
    }
    const char* sep = lang == Lang::kEn ? ", " : "，";
    const char* colon = lang == Lang::kEn ? ": " : "：";
    if (!kinds.empty()) {
      absl::StrAppend(&breakdowns, "  ", where, " ", kByKind(lang), colon,
                      absl::StrJoin(kinds, sep), "\n");
    }
    if (!agencies.empty()) {
      absl::StrAppend(&breakdowns, "  ", where, " ", kByAgency(lang), colon,
                      absl::StrJoin(agencies, sep), "\n");
    }
    if (!statuses.empty()) {
      absl::StrAppend(&breakdowns, "  ", where, " ", kByStatus(lang), colon,
                      absl::StrJoin(statuses, sep), "\n");
    }
  }
  std::string out =
      absl::StrCat(table.Render(), absl::Substitute(msg::kCount(lang), resp.rows_size()), "\n");
  if (!breakdowns.empty()) absl::StrAppend(&out, "\n", breakdowns);
  return out;
}

int Runner::ReferralStats() {
  rv1::GetReferralStatisticsRequest req;
  req.set_period(EnumArg<rv1::StatisticsPeriod>("STATISTICS_PERIOD_", inv_.Get("period")));
  req.set_year(static_cast<int32_t>(inv_.Int("year", 0)));
  if (req.period() != rv1::STATISTICS_PERIOD_YEAR) {
    req.set_first_period(static_cast<int32_t>(inv_.Int("first", 1)));
  }
  req.set_period_count(static_cast<int32_t>(inv_.Int("count", 1)));
  if (inv_.Has("grouping")) {
    req.set_grouping(
        EnumArg<rv1::StatisticsGrouping>("STATISTICS_GROUPING_", inv_.Get("grouping")));
  }
  rv1::GetReferralStatisticsResponse resp;
  if (!Call(stubs_.referral, &rv1::ReferralService::StubInterface::GetReferralStatistics, req,
            &resp, false)) {
    return kExitRpcError;
  }
  return Emit(resp, [&] { return RenderReferralStats(resp, lang_); });
}

}  // namespace shouhu::cli
