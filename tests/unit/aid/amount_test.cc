// The aid amount: base, bounds, minors' costs, deductions, court ceiling, the cap and its
// justification and approval, the committee threshold, the wage fallback and no wage.
#include "aid/amount.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "aid/policy.h"
#include "common/base/text.h"

namespace shouhu::aid {
namespace {

constexpr int64_t kWage = 800'000;  // 8,000.00 yuan a month

AmountContext Ctx() {
  AmountContext c;
  c.policy = DefaultPolicy("520382");  // cap 36 months, committee at 1,000,000 fen
  c.procuratorate_code = "520382";
  c.wanted_wage_year = 2025;
  c.wage = WageFigure{.year = 2025,
                      .monthly_wage_fen = kWage,
                      .source = "贵州统计公报",
                      .basis = "城镇非私营单位在岗职工"};
  return c;
}

pb::AmountComputation Months(int m) {
  pb::AmountComputation in;
  in.set_months(m);
  return in;
}

std::string Field(const absl::Status& s) {
  auto v = FieldViolationsOf(s);
  return v.empty() ? "" : v.front().first;
}

TEST(AmountTest, ProvinceOfACode) {
  EXPECT_EQ(ProvinceOf("520382"), "520000");
  EXPECT_EQ(ProvinceOf("110101"), "110000");
}

TEST(AmountTest, FormatsYuan) {
  EXPECT_EQ(FormatYuan(123456789), "1,234,567.89元");
  EXPECT_EQ(FormatYuan(5), "0.05元");
  EXPECT_EQ(FormatYuan(-100), "-1.00元");
}

TEST(AmountTest, BaseIsWageTimesMonths) {
  auto r = ComputeAmount(Ctx(), Months(12));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->province_code(), "520000");
  EXPECT_EQ(r->wage_year(), 2025);
  EXPECT_EQ(r->monthly_wage_fen(), kWage);
  EXPECT_EQ(r->base_fen(), 9'600'000);
  EXPECT_EQ(r->total_fen(), 9'600'000);
  EXPECT_EQ(r->amount_fen(), 9'600'000);
  EXPECT_EQ(r->cap_fen(), 28'800'000);
  EXPECT_FALSE(r->over_cap());
  EXPECT_FALSE(r->wage_year_fallback());
  EXPECT_TRUE(r->wage_note().empty());
  EXPECT_TRUE(r->committee_required());
  bool shown = false;
  for (const auto& line : r->explanation()) {
    shown = shown || absl::StrContains(line, "8,000.00元 × 12个月 = 96,000.00元");
  }
  EXPECT_TRUE(shown);
}

TEST(AmountTest, MonthsBounds) {
  for (int m : {0, 121, -1}) {
    auto r = ComputeAmount(Ctx(), Months(m));
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << m;
    EXPECT_EQ(Field(r.status()), "amount.months") << m;
  }
  EXPECT_TRUE(ComputeAmount(Ctx(), Months(1)).ok());
  pb::AmountComputation in = Months(120);
  in.set_over_cap_justification("特别严重困难");
  EXPECT_TRUE(ComputeAmount(Ctx(), in).ok());
}

TEST(AmountTest, MinorCostsAreAddedAndMustNotBeNegative) {
  pb::AmountComputation in = Months(2);
  in.set_minor_costs_fen(50'000);
  auto r = ComputeAmount(Ctx(), in);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total_fen(), 1'650'000);
  EXPECT_EQ(r->amount_fen(), 1'650'000);
  in.set_minor_costs_fen(-1);
  EXPECT_EQ(Field(ComputeAmount(Ctx(), in).status()), "amount.minor_costs_fen");
}

TEST(AmountTest, DeductionsReduceAndNeverGoBelowZero) {
  AmountContext c = Ctx();
  c.compensation_received_fen = 100'000;
  c.other_aid_received_fen = 200'000;
  auto r = ComputeAmount(c, Months(1));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->compensation_deducted_fen(), 100'000);
  EXPECT_EQ(r->other_aid_deducted_fen(), 200'000);
  EXPECT_EQ(r->amount_fen(), 500'000);
  c.compensation_received_fen = 900'000;
  r = ComputeAmount(c, Months(1));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->amount_fen(), 0);
  EXPECT_FALSE(r->committee_required());
}

TEST(AmountTest, CourtCeilingLimitsTheAmount) {
  pb::AmountComputation in = Months(12);
  in.set_court_award_ceiling_fen(3'000'000);
  auto r = ComputeAmount(Ctx(), in);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total_fen(), 9'600'000);
  EXPECT_EQ(r->amount_fen(), 3'000'000);
  in.set_court_award_ceiling_fen(20'000'000);  // above: no effect
  EXPECT_EQ(ComputeAmount(Ctx(), in)->amount_fen(), 9'600'000);
  in.set_court_award_ceiling_fen(-5);
  EXPECT_EQ(Field(ComputeAmount(Ctx(), in).status()), "amount.court_award_ceiling_fen");
}

TEST(AmountTest, OverCapNeedsAJustification) {
  auto r = ComputeAmount(Ctx(), Months(37));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Field(r.status()), "amount.over_cap_justification");
  pb::AmountComputation in = Months(37);
  in.set_over_cap_justification("   ");
  EXPECT_EQ(Field(ComputeAmount(Ctx(), in).status()), "amount.over_cap_justification");
  in.set_over_cap_justification("被害人重伤致家庭特别困难");
  r = ComputeAmount(Ctx(), in);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_TRUE(r->over_cap());
  EXPECT_FALSE(r->over_cap_approved());
  EXPECT_EQ(r->over_cap_justification(), "被害人重伤致家庭特别困难");
}

TEST(AmountTest, ExactlyTheCapIsNotOverAndApprovalIsRecorded) {
  EXPECT_FALSE(ComputeAmount(Ctx(), Months(36))->over_cap());
  AmountContext c = Ctx();
  c.over_cap_approved = true;
  pb::AmountComputation in = Months(40);
  in.set_over_cap_justification("特别严重困难");
  auto r = ComputeAmount(c, in);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->over_cap());
  EXPECT_TRUE(r->over_cap_approved());
  // Approval of an amount within the cap is not "over cap approved".
  EXPECT_FALSE(ComputeAmount(c, Months(2))->over_cap_approved());
}

TEST(AmountTest, OverCapIsJudgedAfterDeductions) {
  AmountContext c = Ctx();
  c.compensation_received_fen = 1'000'000;
  auto r = ComputeAmount(c, Months(37));  // 29,600,000 - 1,000,000 <= cap 28,800,000
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_FALSE(r->over_cap());
}

TEST(AmountTest, CommitteeThresholdBoundary) {
  AmountContext c = Ctx();
  c.policy.set_committee_threshold_fen(1'600'000);
  EXPECT_TRUE(ComputeAmount(c, Months(2))->committee_required());  // == threshold
  c.policy.set_committee_threshold_fen(1'600'001);
  EXPECT_FALSE(ComputeAmount(c, Months(2))->committee_required());
}

TEST(AmountTest, WageFallbackIsNoted) {
  AmountContext c = Ctx();
  c.wanted_wage_year = 2026;
  auto r = ComputeAmount(c, Months(1));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->wage_year_fallback());
  EXPECT_EQ(r->wage_year(), 2025);
  EXPECT_TRUE(absl::StrContains(r->wage_note(), "2026")) << r->wage_note();
  EXPECT_TRUE(absl::StrContains(r->wage_note(), "2025")) << r->wage_note();
}

TEST(AmountTest, NoWageIsFailedPrecondition) {
  AmountContext c = Ctx();
  c.wage.reset();
  auto r = ComputeAmount(c, Months(1));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(r.status().message(), "520000"));
}

TEST(AmountTest, OnlyInputFieldsAreRead) {
  pb::AmountComputation in = Months(1);
  in.set_amount_fen(999);
  in.set_base_fen(999);
  in.set_over_cap_approved(true);
  in.set_monthly_wage_fen(1);
  auto r = ComputeAmount(Ctx(), in);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->amount_fen(), kWage);
  EXPECT_EQ(r->monthly_wage_fen(), kWage);
  EXPECT_FALSE(r->over_cap_approved());
}

}  // namespace
}  // namespace shouhu::aid
