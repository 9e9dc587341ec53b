// Paging, validators and dates shared by every service (common/base/paging.h,
// validate.h, dates.h).
#include <string>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/base/dates.h"
#include "common/base/paging.h"
#include "common/base/text.h"
#include "common/base/validate.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace shouhu {
namespace {

using ::testing::ElementsAre;

TEST(PagingTest, PageSizeDefaultsAndCaps) {
  EXPECT_EQ(PageSize(0), kDefaultPageSize);
  EXPECT_EQ(PageSize(-3), kDefaultPageSize);
  EXPECT_EQ(PageSize(7), 7);
  EXPECT_EQ(PageSize(100000), kMaxPageSize);
  EXPECT_EQ(PageSize(0, 10, 20), 10);
  EXPECT_EQ(PageSize(30, 10, 20), 20);
}

TEST(PagingTest, SequenceTokensRoundTripAndRejectForgeries) {
  for (int64_t seq : {int64_t{1}, int64_t{42}, int64_t{9007199254740993}}) {
    absl::StatusOr<int64_t> back = DecodePageToken(EncodePageToken(seq));
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(*back, seq);
  }
  EXPECT_EQ(*DecodePageToken(""), 0);
  for (const std::string& bad : {std::string("!!"), EncodeKeyPageToken("s-1"),
                                 EncodeKeyPageToken("x12"), EncodeKeyPageToken("s")}) {
    absl::StatusOr<int64_t> seq = DecodePageToken(bad);
    ASSERT_FALSE(seq.ok()) << bad;
    auto violations = FieldViolationsOf(seq.status());
    ASSERT_EQ(violations.size(), 1u);
    EXPECT_EQ(violations[0].first, "page_token");
  }
}

TEST(PagingTest, KeyTokensRoundTrip) {
  EXPECT_EQ(*DecodeKeyPageToken(EncodeKeyPageToken("edu-renhuai")), "edu-renhuai");
  EXPECT_EQ(*DecodeKeyPageToken(""), "");
  EXPECT_FALSE(DecodeKeyPageToken("@@@").ok());
}

TEST(PagingTest, TakePageHandsOutOnePageAndTheNextToken) {
  std::vector<std::pair<int64_t, std::string>> rows = {{9, "a"}, {7, "b"}, {4, "c"}};
  std::vector<std::string> page;
  const std::string token = TakePage(rows, 2, [&](std::string r) { page.push_back(r); });
  EXPECT_THAT(page, ElementsAre("a", "b"));
  EXPECT_EQ(*DecodePageToken(token), 7);

  std::vector<std::pair<int64_t, std::string>> last = {{3, "d"}, {2, "e"}};
  page.clear();
  EXPECT_EQ(TakePage(last, 2, [&](std::string r) { page.push_back(r); }), "");
  EXPECT_THAT(page, ElementsAre("d", "e"));

  std::vector<std::string> keys = {"a", "b", "c"};
  page.clear();
  const std::string key_token = TakePage(
      keys, 2, [&](std::string r) { page.push_back(r); },
      [](const std::string& r) { return EncodeKeyPageToken(r); });
  EXPECT_THAT(page, ElementsAre("a", "b"));
  EXPECT_EQ(*DecodeKeyPageToken(key_token), "b");
}

TEST(ValidateTest, Identifiers) {
  EXPECT_TRUE(IsValidRequestId("abcdefgh"));
  EXPECT_TRUE(IsValidRequestId("req_0001-XYZ"));
  EXPECT_FALSE(IsValidRequestId("short"));
  EXPECT_FALSE(IsValidRequestId(std::string(65, 'a')));
  EXPECT_FALSE(IsValidRequestId("has space 123"));
  EXPECT_TRUE(IsValidUserId("u.zhang-1_x"));
  EXPECT_FALSE(IsValidUserId(""));
  EXPECT_FALSE(IsValidUserId("u zhang"));
  EXPECT_TRUE(IsValidCode("edu-renhuai", 3, 32));
  EXPECT_FALSE(IsValidCode("ed", 3, 32));
  EXPECT_FALSE(IsValidCode("edu.renhuai", 3, 32));
  EXPECT_TRUE(IsSixDigitCode("520382"));
  EXPECT_FALSE(IsSixDigitCode("52038"));
  EXPECT_FALSE(IsSixDigitCode("52038x"));
}

// PersonInput.phone: 5-20 characters, digits and '-', one optional leading '+', starting
// (after the '+') and ending with a digit.
TEST(ValidateTest, PhonesFollowTheDocumentedRule) {
  for (const char* phone : {"12345", "+86-851-1234567", "0851-22223333", "13800000000", "+1234",
                            "1-2-3", "12345678901234567890", "+8613800000000000000"}) {
    EXPECT_TRUE(IsValidPhone(phone)) << phone;
  }
  for (const char* phone :
       {"", "1234", "+123", "12-3", "123456789012345678901", "+86-138-0000-00000000", "12345+",
        "1+2+3+4+5", "++12345", "+-12345", "-12345", "12345-", "-----", "+----", "138 0000 0000",
        "(0851)2222333", "0851-CALL-ME", "１２３４５", "12345\n"}) {
    EXPECT_FALSE(IsValidPhone(phone)) << phone;
  }
  FieldErrors errors;
  CheckPhone(errors, "phone", "");  // optional
  CheckPhone(errors, "phone", "+86-851-1234567");
  EXPECT_TRUE(errors.empty());
  CheckPhone(errors, "person.phone", "12345+");
  ASSERT_EQ(errors.violations().size(), 1u);
  EXPECT_EQ(errors.violations()[0].first, "person.phone");
}

TEST(ValidateTest, ChecksNameTheirFields) {
  FieldErrors errors;
  CheckRequestId(errors, "bad id!");
  CheckVersion(errors, 0);
  CheckUserId(errors, "caseworker", "");
  CheckVersion(errors, 3);  // fine
  ASSERT_EQ(errors.violations().size(), 3u);
  EXPECT_EQ(errors.violations()[0].first, "request_id");
  EXPECT_EQ(errors.violations()[1].first, "version");
  EXPECT_EQ(errors.violations()[2].first, "caseworker");
  EXPECT_TRUE(RequestIdError("req-0001-ok").ok());
  EXPECT_TRUE(absl::IsInvalidArgument(RequestIdError("x")));
  EXPECT_TRUE(VersionError(1).ok());
  EXPECT_TRUE(absl::IsInvalidArgument(VersionError(0)));
}

TEST(DatesTest, ConversionsRoundTrip) {
  const absl::CivilDay day(2025, 3, 1);
  EXPECT_EQ(ToCivilDay(FromCivilDay(day)), day);
  EXPECT_EQ(DateString(FromCivilDay(day)), "2025-03-01");
  EXPECT_EQ(DateString(day), "2025-03-01");
  EXPECT_EQ(ParseDateString("2025-03-01"), day);
  EXPECT_EQ(ParseDateString("2025-02-30"), std::nullopt);
  EXPECT_EQ(ParseDateString("2025-3"), std::nullopt);
  EXPECT_EQ(ParseDateString(""), std::nullopt);

  const absl::Time t = absl::FromUnixMillis(1741572000123);
  EXPECT_EQ(ToTimestamp(t).unix_millis(), 1741572000123);
  EXPECT_EQ(FromTimestamp(ToTimestamp(t)), t);
  EXPECT_EQ(TimestampFromMillis(5).unix_millis(), 5);
  // 2025-02-28T16:30Z is already 1 March in China.
  EXPECT_EQ(ChinaDay(absl::FromUnixSeconds(1740760200)), absl::CivilDay(2025, 3, 1));
  EXPECT_EQ(AgeOn(absl::CivilDay(2008, 2, 29), absl::CivilDay(2026, 2, 28)), 17);
  EXPECT_EQ(AgeOn(absl::CivilDay(2008, 2, 29), absl::CivilDay(2026, 3, 1)), 18);
}

}  // namespace
}  // namespace shouhu
