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

std::vector<std::pair<std::string, std::string>> CheckN(absl::string_view value, size_t min,
                                                        size_t max) {
  FieldErrors errors;
  CheckName(errors, "f", value, min, max);
  return errors.violations();
}

constexpr char kBlank[] = "is empty or only spaces / invisible characters";
constexpr char kBidi[] = "contains bidirectional control characters";

TEST(InvisibleTest, ClassifiesSpacesZeroWidthAndBidiControls) {
  for (char32_t cp : {U' ', U'\t', U'\n', U'\u00a0', U'\u2003', U'\u3000', U'\u200b', U'\u200c',
                      U'\u200d', U'\u2060', U'\ufeff', U'\u200e', U'\u202e', U'\u2066', U'\u061c',
                      U'\u00ad', U'\ufe0f', U'\u3164'}) {
    EXPECT_TRUE(IsInvisible(cp)) << static_cast<unsigned>(cp);
  }
  for (char32_t cp : {U'a', U'0', U'-', U'\u5f20', U'\u3001', U'\u00b7', U'\U0001F600'}) {
    EXPECT_FALSE(IsInvisible(cp)) << static_cast<unsigned>(cp);
  }
  for (char32_t cp : {U'\u061c', U'\u200e', U'\u200f', U'\u202a', U'\u202b', U'\u202c', U'\u202d',
                      U'\u202e', U'\u2066', U'\u2067', U'\u2068', U'\u2069'}) {
    EXPECT_TRUE(IsBidiControl(cp)) << static_cast<unsigned>(cp);
  }
  for (char32_t cp : {U'\u200b', U'\u200d', U'\u2029', U'\u2065', U'\u206a', U'a'}) {
    EXPECT_FALSE(IsBidiControl(cp)) << static_cast<unsigned>(cp);
  }
}

TEST(InvisibleTest, BlankMeansNothingVisible) {
  EXPECT_TRUE(IsBlank(""));
  EXPECT_TRUE(IsBlank(" \t\n"));
  EXPECT_TRUE(IsBlank("\u3000\u3000"));
  EXPECT_TRUE(IsBlank("\u200b\u200c\u200d\u2060\ufeff"));
  EXPECT_TRUE(IsBlank("\u202e\u200e"));
  EXPECT_FALSE(IsBlank("\u3000张\u200b"));
  EXPECT_FALSE(IsBlank("\xff"));
  EXPECT_TRUE(HasBidiControl("李\u202e英秀"));
  EXPECT_TRUE(HasBidiControl("\u2067abc\u2069"));
  EXPECT_FALSE(HasBidiControl("李秀英\u200b"));
  EXPECT_FALSE(HasBidiControl("\xe2\x80"));  // a truncated sequence is not a control
}

TEST(CheckTextTest, RefusesTextWithNothingVisible) {
  EXPECT_THAT(Check("   ", 1, 10), ElementsAre(Pair("f", kBlank)));
  EXPECT_THAT(Check("\n\t\n", 1, 10), ElementsAre(Pair("f", kBlank)));
  EXPECT_THAT(Check("\u3000\u3000", 1, 10), ElementsAre(Pair("f", kBlank)));
  EXPECT_THAT(Check("\u200b\ufeff\u2060", 1, 10), ElementsAre(Pair("f", kBlank)));
  // Optional text may be absent but not blank.
  EXPECT_THAT(Check(" ", 0, 10), ElementsAre(Pair("f", kBlank)));
  // Blank and too short: the blank is what is wrong.
  EXPECT_THAT(Check(" ", 2, 10), ElementsAre(Pair("f", kBlank)));
  // Too long wins over blank.
  EXPECT_THAT(Check("      ", 1, 5), ElementsAre(Pair("f", "must be at most 5 characters")));
  // Spaces around or inside visible text are fine; free text may hold bidi controls.
  EXPECT_THAT(Check("\u3000\u3000学生受伤。\n", 1, 100), IsEmpty());
  EXPECT_THAT(Check("a\u200eb", 1, 100), IsEmpty());
}

TEST(CheckNameTest, RefusesBidiControlsAndInvisibleNames) {
  EXPECT_THAT(CheckN("张三", 1, 64), IsEmpty());
  EXPECT_THAT(CheckN("阿依古丽 买买提", 1, 64), IsEmpty());
  EXPECT_THAT(CheckN("", 1, 64), ElementsAre(Pair("f", "is required")));
  EXPECT_THAT(CheckN("\u200b\u200c\u200d\u2060\ufeff", 1, 64), ElementsAre(Pair("f", kBlank)));
  EXPECT_THAT(CheckN("\u3000", 1, 64), ElementsAre(Pair("f", kBlank)));
  for (const char* name :
       {"李\u202e英秀", "\u202a李秀英\u202c", "\u202b李秀英", "\u202d李秀英", "\u2066李\u2069",
        "\u2067李", "\u2068李", "李\u200e", "李\u200f", "\u061c李", "\u202e"}) {
    EXPECT_THAT(CheckN(name, 1, 64), ElementsAre(Pair("f", kBidi))) << name;
  }
  // The other checks still come first.
  EXPECT_THAT(CheckN("\u202e\xff", 1, 64), ElementsAre(Pair("f", "must be valid UTF-8")));
  EXPECT_THAT(CheckN("\u202e\x01", 1, 64),
              ElementsAre(Pair("f", "must not contain control characters")));
}

}  // namespace
}  // namespace shouhu
