#include "common/calendar/working_calendar.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "gtest/gtest.h"
#include "support/temp_dir.h"

namespace shouhu {
namespace {

using Day = absl::CivilDay;

// The source tree: SHOUHU_SOURCE_DIR (set by ctest), else found relative to the working
// directory (the build's test directory, the build directory, or the source root).
std::string SourceDir() {
  if (const char* dir = std::getenv("SHOUHU_SOURCE_DIR")) return dir;
  for (const char* candidate : {"../..", "..", "."}) {
    if (std::filesystem::exists(std::filesystem::path(candidate) / "deploy/calendar")) {
      return candidate;
    }
  }
  return "../..";
}

class RealCalendarTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = WorkingCalendar::LoadFromDirectory(SourceDir() + "/deploy/calendar");
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    calendar_ = new WorkingCalendar(*std::move(loaded));
  }
  static void TearDownTestSuite() {
    delete calendar_;
    calendar_ = nullptr;
  }
  static WorkingCalendar* calendar_;
};
WorkingCalendar* RealCalendarTest::calendar_ = nullptr;

TEST_F(RealCalendarTest, CoversTheShippedYears) {
  EXPECT_TRUE(calendar_->Covers(2025));
  EXPECT_TRUE(calendar_->Covers(2026));
  EXPECT_FALSE(calendar_->Covers(2024));
}

TEST_F(RealCalendarTest, OrdinaryWeeks) {
  EXPECT_TRUE(calendar_->IsWorkingDay(Day(2026, 3, 2)));   // Monday
  EXPECT_TRUE(calendar_->IsWorkingDay(Day(2026, 3, 6)));   // Friday
  EXPECT_FALSE(calendar_->IsWorkingDay(Day(2026, 3, 7)));  // Saturday
  EXPECT_FALSE(calendar_->IsWorkingDay(Day(2026, 3, 8)));  // Sunday
  EXPECT_EQ(calendar_->Find(Day(2026, 3, 2)), nullptr);
}

TEST_F(RealCalendarTest, HolidaysAndMakeUpDays2025) {
  EXPECT_FALSE(calendar_->IsWorkingDay(Day(2025, 1, 1)));
  EXPECT_TRUE(calendar_->IsWorkingDay(Day(2025, 1, 26)));  // Sunday, make-up
  for (Day d = Day(2025, 1, 28); d <= Day(2025, 2, 4); ++d) {
    EXPECT_FALSE(calendar_->IsWorkingDay(d)) << d;
  }
  EXPECT_TRUE(calendar_->IsWorkingDay(Day(2025, 2, 8)));  // Saturday, make-up
  EXPECT_TRUE(calendar_->IsWorkingDay(Day(2025, 4, 27)));
  EXPECT_FALSE(calendar_->IsWorkingDay(Day(2025, 5, 5)));
  EXPECT_FALSE(calendar_->IsWorkingDay(Day(2025, 6, 2)));
  EXPECT_TRUE(calendar_->IsWorkingDay(Day(2025, 9, 28)));
  EXPECT_FALSE(calendar_->IsWorkingDay(Day(2025, 10, 8)));
  EXPECT_TRUE(calendar_->IsWorkingDay(Day(2025, 10, 11)));
  const WorkingCalendar::Entry* entry = calendar_->Find(Day(2025, 1, 29));
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->kind, WorkingCalendar::DayKind::kHoliday);
  EXPECT_EQ(entry->name, "春节");
}

TEST_F(RealCalendarTest, HolidaysAndMakeUpDays2026) {
  EXPECT_FALSE(calendar_->IsWorkingDay(Day(2026, 1, 2)));  // Friday, holiday
  EXPECT_TRUE(calendar_->IsWorkingDay(Day(2026, 1, 4)));   // Sunday, make-up
  EXPECT_TRUE(calendar_->IsWorkingDay(Day(2026, 2, 14)));
  EXPECT_FALSE(calendar_->IsWorkingDay(Day(2026, 2, 23)));  // Monday, holiday
  EXPECT_TRUE(calendar_->IsWorkingDay(Day(2026, 2, 28)));
  EXPECT_FALSE(calendar_->IsWorkingDay(Day(2026, 4, 6)));
  EXPECT_TRUE(calendar_->IsWorkingDay(Day(2026, 5, 9)));
  EXPECT_FALSE(calendar_->IsWorkingDay(Day(2026, 6, 19)));
  EXPECT_FALSE(calendar_->IsWorkingDay(Day(2026, 9, 25)));
  EXPECT_TRUE(calendar_->IsWorkingDay(Day(2026, 9, 20)));
  EXPECT_FALSE(calendar_->IsWorkingDay(Day(2026, 10, 7)));
  EXPECT_TRUE(calendar_->IsWorkingDay(Day(2026, 10, 10)));
}

TEST_F(RealCalendarTest, AddWorkingDaysAcrossSpringFestival2026) {
  const Day start(2026, 2, 12);  // Thursday
  // Fri 13, Sat 14 (make-up), then the holiday to Mon 23, then Tue 24, Wed 25, Thu 26.
  EXPECT_EQ(calendar_->AddWorkingDays(start, 1), Day(2026, 2, 13));
  EXPECT_EQ(calendar_->AddWorkingDays(start, 2), Day(2026, 2, 14));
  EXPECT_EQ(calendar_->AddWorkingDays(start, 3), Day(2026, 2, 24));
  EXPECT_EQ(calendar_->AddWorkingDays(start, 5), Day(2026, 2, 26));
  // Fri 27, Sat 28 (make-up), Mon Mar 2.
  EXPECT_EQ(calendar_->AddWorkingDays(start, 7), Day(2026, 2, 28));
  EXPECT_EQ(calendar_->AddWorkingDays(start, 8), Day(2026, 3, 2));
  EXPECT_EQ(calendar_->AddWorkingDays(start, 0), start);
  EXPECT_EQ(calendar_->AddWorkingDays(Day(2026, 2, 24), -1), Day(2026, 2, 14));
  EXPECT_EQ(calendar_->AddWorkingDays(Day(2026, 2, 24), -3), Day(2026, 2, 12));
}

TEST_F(RealCalendarTest, AddWorkingDaysFromAHoliday) {
  // Counting starts on the next day even when the start is itself a day off.
  EXPECT_EQ(calendar_->AddWorkingDays(Day(2025, 10, 1), 1), Day(2025, 10, 9));
  EXPECT_EQ(calendar_->AddWorkingDays(Day(2025, 10, 1), 3), Day(2025, 10, 11));
}

TEST_F(RealCalendarTest, DeadlineIsTheStartOfTheFollowingChinaDay) {
  const absl::TimeZone cst = WorkingCalendar::ChinaTimeZone();
  // 2026-02-12 23:30 in China is still 2026-02-12 there (15:30 UTC).
  const absl::Time from = absl::FromCivil(absl::CivilSecond(2026, 2, 12, 23, 30, 0), cst);
  EXPECT_EQ(calendar_->DeadlineAfterWorkingDays(from, 5), absl::FromCivil(Day(2026, 2, 27), cst));
  EXPECT_EQ(calendar_->DeadlineAfterWorkingDays(from, 5),
            absl::FromCivil(absl::CivilSecond(2026, 2, 26, 16, 0, 0), absl::UTCTimeZone()));
  // 2026-02-12 16:30 UTC is already Friday 2026-02-13 in China.
  const absl::Time late =
      absl::FromCivil(absl::CivilSecond(2026, 2, 12, 16, 30, 0), absl::UTCTimeZone());
  EXPECT_EQ(calendar_->DeadlineAfterWorkingDays(late, 1), absl::FromCivil(Day(2026, 2, 15), cst));
}

TEST(WorkingCalendarTest, EmptyCalendarUsesTheWeek) {
  WorkingCalendar calendar;
  EXPECT_FALSE(calendar.Covers(2026));
  EXPECT_TRUE(calendar.IsWorkingDay(Day(2026, 1, 1)));
  EXPECT_EQ(calendar.AddWorkingDays(Day(2026, 2, 12), 5), Day(2026, 2, 19));
}

class CalendarFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(temp_.path().empty());
    dir_ = temp_.path();
  }

  void Write(const std::string& name, const std::string& contents) {
    std::FILE* f = std::fopen((dir_ / name).c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fwrite(contents.data(), 1, contents.size(), f);
    std::fclose(f);
  }
  absl::Status LoadStatus() { return WorkingCalendar::LoadFromDirectory(dir_.string()).status(); }
  void ExpectError(const std::string& where) {
    const absl::Status status = LoadStatus();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
    EXPECT_NE(status.message().find(where), absl::string_view::npos) << status;
  }

  shouhu::testing::TempDir temp_{"calendar"};
  std::filesystem::path dir_;
};

TEST_F(CalendarFilesTest, LoadsCommentsBlankLinesAndIgnoresOtherFiles) {
  Write("2030.txt",
        "# comment\n\n2030-01-01 holiday 元旦\r\n  2030-01-05   workday  some name with spaces \n");
  Write("README.md", "not a calendar\n");
  Write("notes.txt", "also ignored\n");
  auto calendar = WorkingCalendar::LoadFromDirectory(dir_.string());
  ASSERT_TRUE(calendar.ok()) << calendar.status();
  EXPECT_TRUE(calendar->Covers(2030));
  EXPECT_FALSE(calendar->IsWorkingDay(Day(2030, 1, 1)));
  EXPECT_TRUE(calendar->IsWorkingDay(Day(2030, 1, 5)));  // Saturday
  EXPECT_EQ(calendar->Find(Day(2030, 1, 5))->name, "some name with spaces");
}

TEST_F(CalendarFilesTest, DateOfAnotherYearIsAnError) {
  Write("2030.txt", "2030-01-01 holiday 元旦\n2031-01-01 holiday 元旦\n");
  ExpectError("2030.txt:2:");
}

TEST_F(CalendarFilesTest, MalformedLinesAreErrors) {
  Write("2030.txt", "2030-1-1 holiday 元旦\n");
  ExpectError("2030.txt:1: expected a date");
  Write("2030.txt", "# ok\n2030-02-30 holiday x\n");
  ExpectError("2030.txt:2: expected a date");
  Write("2030.txt", "2030-01-01 vacation 元旦\n");
  ExpectError("2030.txt:1: expected 'holiday' or 'workday'");
  Write("2030.txt", "2030-01-01 holiday\n");
  ExpectError("2030.txt:1: missing the name");
  Write("2030.txt", "2030-01-01 holiday a\n2030-01-01 holiday b\n");
  ExpectError("2030.txt:2: date listed twice");
  Write("2030.txt", "2030-01-07 workday Monday\n");
  ExpectError("2030.txt:1: a make-up workday must be a Saturday or Sunday");
}

TEST_F(CalendarFilesTest, EmptyOrMissingDirectory) {
  EXPECT_EQ(LoadStatus().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(WorkingCalendar::LoadFromDirectory((dir_ / "missing").string()).status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace shouhu
