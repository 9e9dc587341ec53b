#include "common/base/text.h"

#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace shouhu {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;

TEST(Utf8Test, AcceptsWellFormedText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("hello"));
  EXPECT_TRUE(IsValidUtf8("张三"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));  // U+1F600
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
  EXPECT_TRUE(IsValidUtf8(std::string("a\0b", 3)));
}

TEST(Utf8Test, RejectsMalformedText) {
  EXPECT_FALSE(IsValidUtf8("\x80"));              // lone continuation byte
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE5\xBC"));          // truncated 张
  EXPECT_FALSE(IsValidUtf8("ab\xFF"));
}

TEST(Utf8Test, LengthCountsCodePoints) {
  EXPECT_EQ(Utf8Length(""), 0u);
  EXPECT_EQ(Utf8Length("abc"), 3u);
  EXPECT_EQ(Utf8Length("张三"), 2u);
  EXPECT_EQ(Utf8Length("a张\xF0\x9F\x98\x80"), 3u);
  EXPECT_EQ(Utf8Length("\xFF\xFE"), 2u);  // each invalid byte counts as one
}

TEST(Utf8Test, PrefixNeverSplitsACharacter) {
  EXPECT_EQ(Utf8Prefix("张三丰", 2), "张三");
  EXPECT_EQ(Utf8Prefix("张三丰", 0), "");
  EXPECT_EQ(Utf8Prefix("ab", 5), "ab");
}

TEST(JsonStringTest, EscapesAndPassesUtf8Through) {
  EXPECT_EQ(JsonString(""), "\"\"");
  EXPECT_EQ(JsonString("张三"), "\"张三\"");
  EXPECT_EQ(JsonString("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(JsonString("l1\nl2\tx\r"), "\"l1\\nl2\\tx\\r\"");
  EXPECT_EQ(JsonString(std::string("\x01\x1f\x7f\0", 4)), "\"\\u0001\\u001f\\u007f\\u0000\"");
  EXPECT_EQ(JsonString("bad\xFFz"), "\"bad\\ufffdz\"");
}

TEST(FieldErrorsTest, EmptyIsOk) {
  FieldErrors errors;
  EXPECT_TRUE(errors.empty());
  EXPECT_TRUE(errors.ToStatus().ok());
}

TEST(FieldErrorsTest, StatusCarriesMessageAndPayload) {
  FieldErrors errors;
  errors.Add("name", "is required");
  errors.Add("guardian.phone", "must be 11 digits");
  EXPECT_FALSE(errors.empty());
  const absl::Status status = errors.ToStatus();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(),
            "invalid request: name: is required; guardian.phone: must be 11 digits");
  const auto payload = status.GetPayload(kFieldViolationsTypeUrl);
  ASSERT_TRUE(payload.has_value());
  EXPECT_EQ(std::string(*payload), "name\tis required\nguardian.phone\tmust be 11 digits\n");
  EXPECT_THAT(FieldViolationsOf(status), ElementsAre(Pair("name", "is required"),
                                                     Pair("guardian.phone", "must be 11 digits")));
}

TEST(FieldErrorsTest, SeparatorsInTextDoNotBreakThePayload) {
  FieldErrors errors;
  errors.Add("a\tb", "line1\nline2");
  EXPECT_THAT(FieldViolationsOf(errors.ToStatus()), ElementsAre(Pair("a b", "line1 line2")));
}

TEST(FieldErrorsTest, NoPayloadMeansNoViolations) {
  EXPECT_THAT(FieldViolationsOf(absl::InvalidArgumentError("x")), IsEmpty());
  EXPECT_THAT(FieldViolationsOf(absl::OkStatus()), IsEmpty());
}

std::vector<std::pair<std::string, std::string>> Check(absl::string_view value, size_t min,
                                                       size_t max) {
  FieldErrors errors;
  CheckText(errors, "f", value, min, max);
  return errors.violations();
}

TEST(CheckTextTest, AcceptsTextWithinLimits) {
  EXPECT_THAT(Check("张三", 1, 2), IsEmpty());
  EXPECT_THAT(Check("line1\nline2\tend", 1, 100), IsEmpty());
  EXPECT_THAT(Check("", 0, 5), IsEmpty());
}

TEST(CheckTextTest, RejectsEmptyWhenRequired) {
  EXPECT_THAT(Check("", 1, 5), ElementsAre(Pair("f", "is required")));
}

TEST(CheckTextTest, CountsCodePointsNotBytes) {
  // "张三丰" is 9 bytes but 3 characters.
  EXPECT_THAT(Check("张三丰", 3, 3), IsEmpty());
  EXPECT_THAT(Check("张三丰", 1, 2), ElementsAre(Pair("f", "must be at most 2 characters")));
  EXPECT_THAT(Check("张", 2, 5), ElementsAre(Pair("f", "must be at least 2 characters")));
}

TEST(CheckTextTest, RejectsInvalidUtf8AndControlCharacters) {
  EXPECT_THAT(Check("ab\xFF", 0, 10), ElementsAre(Pair("f", "must be valid UTF-8")));
  EXPECT_THAT(Check("a\rb", 0, 10), ElementsAre(Pair("f", "must not contain control characters")));
  EXPECT_THAT(Check(std::string("a\0b", 3), 0, 10),
              ElementsAre(Pair("f", "must not contain control characters")));
  EXPECT_THAT(Check("a\x7f", 0, 10), ElementsAre(Pair("f", "must not contain control characters")));
  EXPECT_THAT(Check("a\xC2\x85", 0, 10),  // U+0085 NEL, a C1 control
              ElementsAre(Pair("f", "must not contain control characters")));
}

}  // namespace
}  // namespace shouhu
