#include "common/ops/log.h"

#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace shouhu {
namespace {

class LogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SetLogSink([this](absl::string_view line) { lines_.emplace_back(line); });
    SetLogClock(&clock_);
    SetMinLogLevel(LogLevel::kInfo);
  }
  void TearDown() override {
    SetLogSink(nullptr);
    SetLogClock(nullptr);
    SetMinLogLevel(LogLevel::kInfo);
  }

  // 2026-02-12T08:30:00.123Z
  FakeClock clock_{absl::FromUnixMillis(1770885000123)};
  std::vector<std::string> lines_;
};

TEST_F(LogTest, WritesOneJsonObjectPerLine) {
  Log(LogLevel::kInfo, "referral.accepted", {{"referral_id", "r-1"}, {"procuratorate", "520382"}});
  ASSERT_EQ(lines_.size(), 1u);
  EXPECT_EQ(lines_[0],
            R"({"ts":"2026-02-12T08:30:00.123Z","level":"info","event":"referral.accepted",)"
            R"("referral_id":"r-1","procuratorate":"520382"})");
}

TEST_F(LogTest, EscapesStringsAndPassesUtf8Through) {
  Log(LogLevel::kError, "db.error",
      {{"message", "say \"hi\"\\\n\t\x01 第九检察部"}, {"key\"x", "bad\xFFz"}});
  ASSERT_EQ(lines_.size(), 1u);
  EXPECT_EQ(lines_[0], R"({"ts":"2026-02-12T08:30:00.123Z","level":"error","event":"db.error",)"
                       R"("message":"say \"hi\"\\\n\t\u0001 第九检察部","key\"x":"bad\ufffdz"})");
}

TEST_F(LogTest, DropsLinesBelowTheMinimumLevel) {
  Log(LogLevel::kDebug, "dropped");
  SetMinLogLevel(LogLevel::kWarning);
  EXPECT_EQ(MinLogLevel(), LogLevel::kWarning);
  Log(LogLevel::kInfo, "dropped");
  Log(LogLevel::kWarning, "kept");
  SetMinLogLevel(LogLevel::kDebug);
  Log(LogLevel::kDebug, "kept too");
  ASSERT_EQ(lines_.size(), 2u);
  EXPECT_NE(lines_[0].find(R"("level":"warning","event":"kept")"), std::string::npos);
  EXPECT_NE(lines_[1].find(R"("level":"debug","event":"kept too")"), std::string::npos);
}

TEST_F(LogTest, RequestIdScopesNestAndAreThreadLocal) {
  EXPECT_EQ(CurrentRequestId(), "");
  {
    ScopedRequestId outer("req-1");
    Log(LogLevel::kInfo, "a");
    {
      ScopedRequestId inner("req-2");
      EXPECT_EQ(CurrentRequestId(), "req-2");
      Log(LogLevel::kInfo, "b");
    }
    std::thread([] { Log(LogLevel::kInfo, "other thread"); }).join();
    Log(LogLevel::kInfo, "c");
  }
  Log(LogLevel::kInfo, "d");
  ASSERT_EQ(lines_.size(), 5u);
  EXPECT_NE(lines_[0].find(R"("event":"a","request_id":"req-1"})"), std::string::npos);
  EXPECT_NE(lines_[1].find(R"("event":"b","request_id":"req-2"})"), std::string::npos);
  EXPECT_EQ(lines_[2].find("request_id"), std::string::npos);
  EXPECT_NE(lines_[3].find(R"("event":"c","request_id":"req-1"})"), std::string::npos);
  EXPECT_EQ(lines_[4].find("request_id"), std::string::npos);
}

TEST(LogLevelTest, ParsesNames) {
  LogLevel level = LogLevel::kInfo;
  EXPECT_TRUE(ParseLogLevel("error", &level));
  EXPECT_EQ(level, LogLevel::kError);
  EXPECT_TRUE(ParseLogLevel("debug", &level));
  EXPECT_EQ(level, LogLevel::kDebug);
  EXPECT_FALSE(ParseLogLevel("verbose", &level));
  EXPECT_EQ(LogLevelName(LogLevel::kWarning), "warning");
}

TEST(LogStderrTest, DefaultSinkWritesToStderr) {
  ::testing::internal::CaptureStderr();
  Log(LogLevel::kWarning, "to.stderr", {{"k", "v"}});
  const std::string out = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(out.find(R"("level":"warning","event":"to.stderr","k":"v"})"), std::string::npos);
  EXPECT_EQ(out.back(), '\n');
}

}  // namespace
}  // namespace shouhu
