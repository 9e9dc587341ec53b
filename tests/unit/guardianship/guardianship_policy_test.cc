// The guardianship policy: defaults, validation naming the field, step actors with titles,
// separation of duties, document kinds and numbers, and the month arithmetic of periods.
#include <gtest/gtest.h>

#include <set>

#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/text.h"
#include "guardianship/doc_numbers.h"
#include "guardianship/policy.h"
#include "support/principals.h"

namespace shouhu::guardianship {
namespace {

using ::shouhu::testing::User;

bool HasViolation(const absl::Status& s, const std::string& field) {
  for (const auto& [f, d] : FieldViolationsOf(s)) {
    if (f == field) return true;
  }
  return false;
}

TEST(OrderPolicyTest, DefaultsAreValidAndDocumented) {
  const pb::OrderPolicy p = DefaultOrderPolicy("520382");
  EXPECT_TRUE(ValidateOrderPolicy(p).ok()) << ValidateOrderPolicy(p);
  EXPECT_EQ(p.min_compliance_months(), 3);
  EXPECT_EQ(p.max_compliance_months(), 6);
  EXPECT_EQ(p.suggestion_reply_months(), 1);
  EXPECT_EQ(p.general_suggestion_reply_months(), 2);
  EXPECT_EQ(p.township_working_days(), 15);
  EXPECT_EQ(p.county_working_days(), 15);
  EXPECT_EQ(p.version(), 0);
  EXPECT_EQ(p.step_actors_size(), 4);
  EXPECT_EQ(DocumentPrefixFor(p, pb::DOCUMENT_KIND_SUPERVISION_ORDER), "检督监令");
  EXPECT_EQ(DocumentPrefixFor(p, pb::DOCUMENT_KIND_GUIDANCE_DIRECTIVE), "检家教令");
}

TEST(OrderPolicyTest, SupervisionOrdersTakeTheDocumentPrefix) {
  pb::OrderPolicy p;
  p.set_document_prefix("仁检督监令");
  p = WithDefaults(p);
  EXPECT_EQ(DocumentPrefixFor(p, pb::DOCUMENT_KIND_SUPERVISION_ORDER), "仁检督监令");
  EXPECT_EQ(DocumentPrefixFor(p, pb::DOCUMENT_KIND_PROCURATORIAL_SUGGESTION), "检建");
  pb::OrderPolicy bad = DefaultOrderPolicy("520382");
  pb::DocumentPrefix* d = bad.add_prefixes();
  d->set_kind(pb::DOCUMENT_KIND_SUPERVISION_ORDER);
  d->set_prefix("仁检");
  EXPECT_TRUE(HasViolation(ValidateOrderPolicy(bad),
                           absl::StrCat("policy.prefixes[", bad.prefixes_size() - 1, "].kind")));
}

TEST(OrderPolicyTest, ValidationNamesTheField) {
  pb::OrderPolicy p = DefaultOrderPolicy("520382");
  p.set_max_compliance_months(2);  // below the minimum of 3
  p.set_suggestion_reply_months(0);
  p.mutable_step_actors(0)->set_role("caseworker");
  p.mutable_prefixes(1)->set_kind(p.prefixes(0).kind());  // a kind twice
  const absl::Status s = ValidateOrderPolicy(p);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(HasViolation(s, "policy.max_compliance_months")) << s;
  EXPECT_TRUE(HasViolation(s, "policy.suggestion_reply_months")) << s;
  EXPECT_TRUE(HasViolation(s, "policy.step_actors[0].role")) << s;
  EXPECT_TRUE(HasViolation(s, "policy.prefixes[1].kind")) << s;
  EXPECT_FALSE(HasViolation(s, "policy.min_compliance_months")) << s;
}

TEST(OrderPolicyTest, StepActorsCheckRoleAndTitle) {
  const pb::OrderPolicy p = DefaultOrderPolicy("520382");
  const Principal chief = User("u-chief", "520382", {Role::kChief}, "chief_procurator");
  const Principal deputy = User("u-dep", "520382", {Role::kChief}, "deputy_chief_procurator");
  const Principal untitled = User("u-x", "520382", {Role::kChief});
  const Principal head = User("u-head", "520382", {Role::kDepartmentHead});
  EXPECT_TRUE(CheckStepActor(p, pb::APPROVAL_STEP_ORDER_APPROVE, chief).ok());
  EXPECT_TRUE(CheckStepActor(p, pb::APPROVAL_STEP_ORDER_APPROVE, deputy).ok());
  EXPECT_EQ(CheckStepActor(p, pb::APPROVAL_STEP_ORDER_APPROVE, untitled).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(CheckStepActor(p, pb::APPROVAL_STEP_ORDER_APPROVE, head).code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(CheckStepActor(p, pb::APPROVAL_STEP_ORDER_EVALUATE, head).ok());

  // A procuratorate where only the chief procurator approves escalations.
  pb::OrderPolicy strict = p;
  for (auto& a : *strict.mutable_step_actors()) {
    if (a.step() == pb::APPROVAL_STEP_ESCALATION_APPROVE) {
      a.clear_titles();
      a.add_titles("chief_procurator");
    }
  }
  EXPECT_TRUE(CheckStepActor(strict, pb::APPROVAL_STEP_ESCALATION_APPROVE, chief).ok());
  EXPECT_FALSE(CheckStepActor(strict, pb::APPROVAL_STEP_ESCALATION_APPROVE, deputy).ok());
}

TEST(OrderPolicyTest, TheDrafterMayNotDecide) {
  const Principal head = User("u-head", "520382", {Role::kDepartmentHead});
  EXPECT_EQ(CheckNotDrafter(head, "user:u-head", "evaluate").code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(CheckNotDrafter(head, "user:u-zhang", "evaluate").ok());
}

TEST(DocumentNumberTest, KindsAndFormat) {
  EXPECT_EQ(OrderDocumentKind(pb::ORDER_KIND_SUPERVISION), pb::DOCUMENT_KIND_SUPERVISION_ORDER);
  EXPECT_EQ(OrderDocumentKind(pb::ORDER_KIND_GUIDANCE_DIRECTIVE),
            pb::DOCUMENT_KIND_GUIDANCE_DIRECTIVE);
  EXPECT_EQ(OrderDocumentKind(pb::ORDER_KIND_COURT_GUIDANCE_ORDER), pb::DOCUMENT_KIND_UNSPECIFIED);
  // Every escalation kind has its own sequence.
  std::set<int> kinds;
  for (int k = 1; k <= 7; ++k) {
    const pb::DocumentKind d = EscalationDocumentKind(static_cast<pb::EscalationKind>(k));
    EXPECT_NE(d, pb::DOCUMENT_KIND_UNSPECIFIED) << k;
    kinds.insert(d);
  }
  EXPECT_EQ(kinds.size(), 7u);
  EXPECT_EQ(FormatDocumentNumber("仁检督监令", 2025, 7), "仁检督监令〔2025〕7号");
}

TEST(AddMonthsTest, MonthEndsAndLeapYears) {
  using absl::CivilDay;
  EXPECT_EQ(AddMonths(CivilDay(2025, 3, 10), 3), CivilDay(2025, 6, 10));
  EXPECT_EQ(AddMonths(CivilDay(2025, 1, 31), 1), CivilDay(2025, 2, 28));
  EXPECT_EQ(AddMonths(CivilDay(2024, 1, 31), 1), CivilDay(2024, 2, 29));
  EXPECT_EQ(AddMonths(CivilDay(2024, 2, 29), 12), CivilDay(2025, 2, 28));
  EXPECT_EQ(AddMonths(CivilDay(2025, 8, 31), 6), CivilDay(2026, 2, 28));
  EXPECT_EQ(AddMonths(CivilDay(2027, 8, 31), 6), CivilDay(2028, 2, 29));
  EXPECT_EQ(AddMonths(CivilDay(2025, 10, 31), 3), CivilDay(2026, 1, 31));
  EXPECT_EQ(AddMonths(CivilDay(2025, 11, 30), 3), CivilDay(2026, 2, 28));
  EXPECT_EQ(AddMonths(CivilDay(2025, 5, 31), -3), CivilDay(2025, 2, 28));
  EXPECT_EQ(AddMonths(CivilDay(2025, 12, 15), 1), CivilDay(2026, 1, 15));
  EXPECT_EQ(AddMonths(CivilDay(2025, 4, 30), 0), CivilDay(2025, 4, 30));
}

}  // namespace
}  // namespace shouhu::guardianship
