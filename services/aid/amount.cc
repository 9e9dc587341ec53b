#include "aid/amount.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/base/text.h"

namespace shouhu::aid {
namespace {

constexpr int kMinMonths = 1;
constexpr int kMaxMonths = 120;
// 10^12 fen (ten billion yuan): far above any real figure, keeps every product in int64.
constexpr int64_t kMaxFen = 1'000'000'000'000;
constexpr size_t kMaxJustificationChars = 2000;

}  // namespace

std::string ProvinceOf(absl::string_view procuratorate_code) {
  if (procuratorate_code.size() < 2) return std::string(procuratorate_code);
  return absl::StrCat(procuratorate_code.substr(0, 2), "0000");
}

std::string FormatYuan(int64_t fen) {
  const bool negative = fen < 0;
  const uint64_t abs = negative ? 0 - static_cast<uint64_t>(fen) : static_cast<uint64_t>(fen);
  std::string digits = absl::StrCat(abs / 100);
  std::string grouped;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped.push_back(',');
    grouped.push_back(digits[i]);
  }
  return absl::StrFormat("%s%s.%02d元", negative ? "-" : "", grouped, abs % 100);
}

absl::StatusOr<pb::AmountComputation> ComputeAmount(const AmountContext& ctx,
                                                    const pb::AmountComputation& input) {
  FieldErrors errors;
  if (input.months() < kMinMonths || input.months() > kMaxMonths) {
    errors.Add("amount.months", absl::StrCat("must be ", kMinMonths, "-", kMaxMonths));
  }
  if (input.minor_costs_fen() < 0 || input.minor_costs_fen() > kMaxFen) {
    errors.Add("amount.minor_costs_fen", "must be 0 or more fen (at most 10^12)");
  }
  if (input.court_award_ceiling_fen() < 0 || input.court_award_ceiling_fen() > kMaxFen) {
    errors.Add("amount.court_award_ceiling_fen", "must be 0 (none) or more fen (at most 10^12)");
  }
  CheckText(errors, "amount.over_cap_justification", input.over_cap_justification(), 0,
            kMaxJustificationChars);
  if (ctx.compensation_received_fen < 0 || ctx.other_aid_received_fen < 0) {
    errors.Add("details.compensation_received_fen", "received amounts must be 0 or more");
  }
  if (!errors.empty()) return errors.ToStatus();
  if (!ctx.wage.has_value()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "no average monthly wage figure for province ", ProvinceOf(ctx.procuratorate_code),
        " up to ", ctx.wanted_wage_year, " (AidConfigService.UpsertWageEntry)"));
  }
  const WageFigure& wage = *ctx.wage;

  pb::AmountComputation out;
  out.set_months(input.months());
  out.set_minor_costs_fen(input.minor_costs_fen());
  out.set_over_cap_justification(input.over_cap_justification());
  out.set_court_award_ceiling_fen(input.court_award_ceiling_fen());
  out.set_province_code(ProvinceOf(ctx.procuratorate_code));
  out.set_wage_year(wage.year);
  out.set_monthly_wage_fen(wage.monthly_wage_fen);
  auto line = [&out](std::string s) { out.add_explanation(std::move(s)); };

  line(absl::StrCat("基数：", out.province_code(), " ", wage.year, "年度职工月平均工资 ",
                    FormatYuan(wage.monthly_wage_fen),
                    wage.basis.empty() ? "" : absl::StrCat("（", wage.basis, "）"),
                    wage.source.empty() ? "" : absl::StrCat("，来源：", wage.source)));
  if (wage.year != ctx.wanted_wage_year) {
    out.set_wage_year_fallback(true);
    out.set_wage_note(absl::StrCat(ctx.wanted_wage_year,
                                   "年度职工月平均工资尚未公布，采用已公布的最近年度（", wage.year,
                                   "年度）数据"));
    line(out.wage_note());
  }
  out.set_base_fen(wage.monthly_wage_fen * input.months());
  line(absl::StrCat(FormatYuan(wage.monthly_wage_fen), " × ", input.months(),
                    "个月 = ", FormatYuan(out.base_fen())));
  out.set_total_fen(out.base_fen() + input.minor_costs_fen());
  if (input.minor_costs_fen() > 0) {
    line(absl::StrCat("加未成年人学习、成长及康复费用 ", FormatYuan(input.minor_costs_fen()),
                      "，合计 ", FormatYuan(out.total_fen())));
  }
  out.set_compensation_deducted_fen(ctx.compensation_received_fen);
  out.set_other_aid_deducted_fen(ctx.other_aid_received_fen);
  int64_t amount = out.total_fen() - ctx.compensation_received_fen - ctx.other_aid_received_fen;
  if (ctx.compensation_received_fen > 0 || ctx.other_aid_received_fen > 0) {
    line(absl::StrCat("减已获赔偿 ", FormatYuan(ctx.compensation_received_fen), "、已获其他救助 ",
                      FormatYuan(ctx.other_aid_received_fen), " = ", FormatYuan(amount)));
  }
  if (input.court_award_ceiling_fen() > 0 && amount > input.court_award_ceiling_fen()) {
    amount = input.court_award_ceiling_fen();
    line(absl::StrCat("不得高于法院判决可得赔偿 ", FormatYuan(amount), "，按该数额计"));
  }
  if (amount < 0) {
    amount = 0;
    line("已获赔偿和救助不低于应救助数额，救助金额为 0");
  }
  out.set_amount_fen(amount);
  line(absl::StrCat("救助金额 ", FormatYuan(amount)));

  out.set_cap_fen(wage.monthly_wage_fen * ctx.policy.cap_months());
  out.set_over_cap(amount > out.cap_fen());
  line(absl::StrCat("限额：", FormatYuan(wage.monthly_wage_fen), " × ", ctx.policy.cap_months(),
                    "个月 = ", FormatYuan(out.cap_fen()),
                    out.over_cap() ? "，超出限额，须报上级检察院批准" : "，未超出限额"));
  if (out.over_cap()) {
    if (IsBlank(input.over_cap_justification())) {
      errors.Add("amount.over_cap_justification",
                 "required when the amount is above the cap (特别严重损失或困难)");
      return errors.ToStatus();
    }
    out.set_over_cap_approved(ctx.over_cap_approved);
    if (ctx.over_cap_approved) line("上级检察院已批准超限额救助");
  }
  out.set_committee_required(amount >= ctx.policy.committee_threshold_fen());
  line(absl::StrCat(out.committee_required() ? "达到" : "未达到", "检察长办公会研究数额 ",
                    FormatYuan(ctx.policy.committee_threshold_fen())));
  return out;
}

}  // namespace shouhu::aid
