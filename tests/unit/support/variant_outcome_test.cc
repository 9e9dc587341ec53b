// VariantOutcomeError: the judgement every hostile-input test applies to an answer.
#include <gtest/gtest.h>

#include "absl/status/status.h"
#include "common/base/text.h"
#include "support/request_variants.h"

namespace shouhu::testing {
namespace {

absl::Status Invalid(const std::string& field) {
  FieldErrors e;
  e.Add(field, "broken");
  return e.ToStatus();
}

TEST(VariantOutcomeTest, InvalidArgumentNamingTheFieldIsRight) {
  const Variant v{.path = "person.id_number", .what = "bad"};
  EXPECT_EQ(VariantOutcomeError(Invalid("person.id_number"), v), "");
  EXPECT_EQ(VariantOutcomeError(Invalid("person"), v), "");  // the field that holds it
}

TEST(VariantOutcomeTest, OtherAnswersAreWrong) {
  const Variant v{.path = "person.id_number", .what = "bad"};
  EXPECT_NE(VariantOutcomeError(absl::OkStatus(), v), "");
  EXPECT_NE(VariantOutcomeError(Invalid("case_id"), v), "");
  EXPECT_NE(VariantOutcomeError(absl::PermissionDeniedError("no"), v), "");
  EXPECT_NE(VariantOutcomeError(absl::InternalError("boom"), v), "");
  EXPECT_NE(VariantOutcomeError(absl::UnavailableError("down"), v), "");
}

TEST(VariantOutcomeTest, DeniedIsRightForAnotherTenantOrWhenSaidSo) {
  Variant v{.path = "case_id", .what = "another procuratorate"};
  EXPECT_NE(VariantOutcomeError(absl::PermissionDeniedError("no"), v), "");
  EXPECT_EQ(VariantOutcomeError(absl::PermissionDeniedError("no"), v, true), "");
  v.other_tenant = true;
  EXPECT_EQ(VariantOutcomeError(absl::PermissionDeniedError("no"), v), "");
}

TEST(VariantOutcomeTest, AnOptionalFieldLeftOutMayBeAcceptedButARefusalNamesAField) {
  Variant v{.path = "summary", .what = "left out"};
  v.missing = true;
  EXPECT_EQ(VariantOutcomeError(absl::OkStatus(), v), "");
  EXPECT_EQ(VariantOutcomeError(absl::AbortedError("stale"), v), "");
  EXPECT_EQ(VariantOutcomeError(Invalid("other"), v), "");
  EXPECT_NE(VariantOutcomeError(absl::InvalidArgumentError("no field"), v), "");
  EXPECT_NE(VariantOutcomeError(absl::InternalError("boom"), v), "");
}

}  // namespace
}  // namespace shouhu::testing
