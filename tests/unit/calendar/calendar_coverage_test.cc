// A year without a holiday file must not stop a service: CheckCoverage reports it, and
// LoadCalendarForService starts with weekends-only counting when no file exists at all.
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "absl/time/civil_time.h"
#include "common/calendar/working_calendar.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace shouhu {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// A fresh directory of its own (tests run in parallel).
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "shouhu-calendar-XXXXXX").string();
    path_ = mkdtemp(tmpl.data()) != nullptr ? tmpl : "";
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  void Write(const std::string& name, const std::string& text) const {
    std::ofstream(std::filesystem::path(path_) / name) << text;
  }

 private:
  std::string path_;
};

absl::Time ChinaNoon(int y, int m, int d) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, 12, 0, 0), WorkingCalendar::ChinaTimeZone());
}

TEST(CalendarCoverageTest, CoveredYearsGiveNoWarning) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  dir.Write("2026.txt", "2026-10-01 holiday 国庆节\n");
  dir.Write("2027.txt", "2027-01-01 holiday 元旦\n");
  auto cal = LoadCalendarForService(dir.path());
  ASSERT_TRUE(cal.ok()) << cal.status();
  const CalendarCoverage c = CheckCoverage(*cal, ChinaNoon(2026, 6, 1));
  EXPECT_EQ(c.year, 2026);
  EXPECT_TRUE(c.current);
  EXPECT_TRUE(c.next);
  EXPECT_THAT(c.Warnings(), IsEmpty());
}

TEST(CalendarCoverageTest, NewYearWithoutAFileWarnsAndCountsWeekdays) {
  TempDir dir;
  dir.Write("2026.txt", "2026-10-01 holiday 国庆节\n");
  auto cal = LoadCalendarForService(dir.path());
  ASSERT_TRUE(cal.ok()) << cal.status();
  // 1 January 2027, 00:30 in China is still 31 December 2026 in UTC: China time counts.
  const absl::Time now =
      absl::FromCivil(absl::CivilSecond(2027, 1, 1, 0, 30, 0), WorkingCalendar::ChinaTimeZone());
  const CalendarCoverage c = CheckCoverage(*cal, now);
  EXPECT_EQ(c.year, 2027);
  EXPECT_FALSE(c.current);
  EXPECT_FALSE(c.next);
  ASSERT_THAT(c.Warnings(), SizeIs(2));
  EXPECT_THAT(c.Warnings()[0], HasSubstr("no holiday calendar for 2027"));
  EXPECT_THAT(c.Warnings()[0], HasSubstr("Monday to Friday"));
  EXPECT_THAT(c.Warnings()[1], HasSubstr("2028"));
  // Weekends-only counting for the uncovered year: Fri 1 Jan 2027 + 1 working day = Mon 4.
  EXPECT_TRUE(cal->IsWorkingDay(absl::CivilDay(2027, 1, 1)));
  EXPECT_EQ(cal->AddWorkingDays(absl::CivilDay(2027, 1, 1), 1), absl::CivilDay(2027, 1, 4));
}

TEST(CalendarCoverageTest, OnlyNextYearMissingIsOneWarning) {
  TempDir dir;
  dir.Write("2026.txt", "2026-10-01 holiday 国庆节\n");
  auto cal = LoadCalendarForService(dir.path());
  ASSERT_TRUE(cal.ok());
  const CalendarCoverage c = CheckCoverage(*cal, ChinaNoon(2026, 12, 1));
  EXPECT_TRUE(c.current);
  EXPECT_FALSE(c.next);
  ASSERT_THAT(c.Warnings(), SizeIs(1));
  EXPECT_THAT(c.Warnings()[0], HasSubstr("2027"));
}

TEST(CalendarCoverageTest, DirectoryWithoutYearFilesStartsWeekendsOnly) {
  TempDir dir;
  dir.Write("README", "calendar files go here\n");
  auto cal = LoadCalendarForService(dir.path());
  ASSERT_TRUE(cal.ok()) << cal.status();
  EXPECT_FALSE(cal->Covers(2026));
  EXPECT_FALSE(cal->IsWorkingDay(absl::CivilDay(2026, 3, 7)));  // Saturday
  EXPECT_TRUE(cal->IsWorkingDay(absl::CivilDay(2026, 10, 1)));  // weekday, holiday unknown
}

TEST(CalendarCoverageTest, DeploymentMistakesStillFail) {
  TempDir dir;
  EXPECT_EQ(LoadCalendarForService(dir.path() + "/missing").status().code(),
            absl::StatusCode::kNotFound);
  dir.Write("2026.txt", "2026-13-01 holiday broken\n");
  EXPECT_EQ(LoadCalendarForService(dir.path()).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace shouhu
