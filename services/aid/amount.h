// The aid amount (救助金额): deterministic, integer fen, every step shown in words.
//   base     = monthly wage of the province (year before registration) x months
//   total    = base + minors' costs
//   amount   = max(0, min(total - compensation received - other aid received,
//                         court award ceiling when given))
//   cap      = monthly wage x policy cap months (36): amount > cap needs a justification
//              and the higher level's approval (over_cap)
//   committee_required = amount >= policy committee threshold
#ifndef SHOUHU_AID_AMOUNT_H_
#define SHOUHU_AID_AMOUNT_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "shouhu/aid/v1/aid.pb.h"

namespace shouhu::aid {

namespace pb = ::shouhu::aid::v1;

struct WageFigure {
  int year = 0;
  int64_t monthly_wage_fen = 0;
  std::string source;
  std::string basis;
};

// "520382" -> "520000".
std::string ProvinceOf(absl::string_view procuratorate_code);

struct AmountContext {
  pb::AidPolicy policy;  // cap_months, committee_threshold_fen
  std::string procuratorate_code;
  int wanted_wage_year = 0;        // the year before registration
  std::optional<WageFigure> wage;  // the wanted year, or the latest published before it
  int64_t compensation_received_fen = 0;
  int64_t other_aid_received_fen = 0;
  bool over_cap_approved = false;  // a higher-level approval is recorded
};

// Reads only the Input fields of `input` (months, minor_costs_fen, over_cap_justification,
// court_award_ceiling_fen). INVALID_ARGUMENT naming "amount.months" (1-120) etc.;
// FAILED_PRECONDITION when ctx.wage is empty (no figure for the province at all).
// Fills every computed field incl. wage_year_fallback/wage_note when wage->year !=
// wanted_wage_year, deductions, amount_fen = max(0, min(total - deductions, ceiling)),
// cap_fen, over_cap (amount_fen > cap; then over_cap_justification is required),
// committee_required (amount_fen >= threshold), explanation lines (Chinese).
absl::StatusOr<pb::AmountComputation> ComputeAmount(const AmountContext& ctx,
                                                    const pb::AmountComputation& input);

// "12,345.67元" (fen, may be negative).
std::string FormatYuan(int64_t fen);

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_AMOUNT_H_
