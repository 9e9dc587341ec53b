// Working days in mainland China: Monday to Friday, except public holidays, plus the
// make-up working days (调休) on weekends that the State Council announces every year.
// Statutory time limits ("within 5 working days") are counted with this calendar.
#ifndef SHOUHU_COMMON_CALENDAR_WORKING_CALENDAR_H_
#define SHOUHU_COMMON_CALENDAR_WORKING_CALENDAR_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace shouhu {

class WorkingCalendar {
 public:
  enum class DayKind { kHoliday, kWorkday };
  struct Entry {
    DayKind kind;
    std::string name;  // e.g. "春节", "春节调休"
  };

  // Reads every file named <year>.txt (four digits) in `dir`; other files are ignored.
  // Each line is blank, a '#' comment, or "YYYY-MM-DD holiday <name>" /
  // "YYYY-MM-DD workday <name>". A malformed line, a date outside the file's year, a date
  // listed twice, or a make-up workday that is not a Saturday or Sunday is an
  // INVALID_ARGUMENT error naming the file and line. NOT_FOUND if `dir` cannot be read,
  // FAILED_PRECONDITION if it holds no year files.
  static absl::StatusOr<WorkingCalendar> LoadFromDirectory(const std::string& dir);

  // An empty calendar: Monday to Friday are working days, no year is covered.
  WorkingCalendar() = default;

  // True if a file for `year` was loaded. Days of years not covered fall back to
  // Monday-Friday, which is wrong around holidays: services should refuse to start (or
  // alert) when the current or next year is not covered.
  bool Covers(int year) const { return years_.count(year) > 0; }

  // An explicit entry wins; otherwise Monday to Friday are working days.
  bool IsWorkingDay(absl::CivilDay day) const;

  // The entry for `day`, or nullptr if the day follows the weekly rule.
  const Entry* Find(absl::CivilDay day) const;

  // The n-th working day after `start` (`start` itself is not counted, whether or not it
  // is a working day). n == 0 returns `start`; negative n counts backwards.
  absl::CivilDay AddWorkingDays(absl::CivilDay start, int n) const;

  // Deadline for "within n working days" counted from the instant `from`, in China time
  // (UTC+8): the n-th working day after the calendar day of `from` ends at 23:59:59.999...
  // on that day. Returns the exclusive bound, i.e. 00:00 China time of the following day;
  // an act is in time if it happens strictly before the returned instant.
  absl::Time DeadlineAfterWorkingDays(absl::Time from, int n) const;

  // China Standard Time, UTC+8 with no daylight saving (needs no tz database).
  static absl::TimeZone ChinaTimeZone();

 private:
  std::map<absl::CivilDay, Entry> entries_;
  std::set<int> years_;
};

// Which years around `now` the calendar covers. A year without a holiday file is counted
// Monday to Friday: deadlines near its holidays are then wrong, but a service keeps
// running (refusing to start on 1 January would be worse). Callers log Warnings() loudly,
// export the gaps as a metric and show them in their health details.
struct CalendarCoverage {
  int year = 0;                               // the current year in China time
  bool current = false;                       // a file for `year` was loaded
  bool next = false;                          // a file for `year + 1` was loaded
  std::vector<std::string> Warnings() const;  // empty when both years are covered
};
CalendarCoverage CheckCoverage(const WorkingCalendar& calendar, absl::Time now);

// The calendar a service starts with: LoadFromDirectory(dir), except that a directory
// without any year file gives the empty (weekends-only) calendar instead of an error.
// Unreadable directories and malformed files are still errors: they are mistakes in the
// deployment, not the passing of time.
[[nodiscard]] absl::StatusOr<WorkingCalendar> LoadCalendarForService(const std::string& dir);

}  // namespace shouhu

#endif  // SHOUHU_COMMON_CALENDAR_WORKING_CALENDAR_H_
