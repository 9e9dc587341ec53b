#include "common/calendar/working_calendar.h"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "common/base/file.h"
#include "common/base/status_macros.h"

namespace shouhu {
namespace {

bool IsWeekend(absl::CivilDay day) {
  const absl::Weekday w = absl::GetWeekday(day);
  return w == absl::Weekday::saturday || w == absl::Weekday::sunday;
}

bool AllDigits(absl::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Parses exactly "YYYY-MM-DD" naming a real date.
bool ParseDate(absl::string_view s, absl::CivilDay* day) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  const absl::string_view ys = s.substr(0, 4), ms = s.substr(5, 2), ds = s.substr(8, 2);
  int y, m, d;
  if (!AllDigits(ys) || !AllDigits(ms) || !AllDigits(ds) || !absl::SimpleAtoi(ys, &y) ||
      !absl::SimpleAtoi(ms, &m) || !absl::SimpleAtoi(ds, &d)) {
    return false;
  }
  const absl::CivilDay parsed(y, m, d);
  if (parsed.year() != y || parsed.month() != m || parsed.day() != d) return false;
  *day = parsed;
  return true;
}

// Splits off the first whitespace-delimited token of *rest.
absl::string_view NextToken(absl::string_view* rest) {
  *rest = absl::StripLeadingAsciiWhitespace(*rest);
  size_t end = 0;
  while (end < rest->size() && !absl::ascii_isspace(static_cast<unsigned char>((*rest)[end]))) {
    ++end;
  }
  const absl::string_view token = rest->substr(0, end);
  rest->remove_prefix(end);
  return token;
}

}  // namespace

absl::TimeZone WorkingCalendar::ChinaTimeZone() { return absl::FixedTimeZone(8 * 3600); }

absl::StatusOr<WorkingCalendar> WorkingCalendar::LoadFromDirectory(const std::string& dir) {
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) return absl::NotFoundError(absl::StrCat("cannot read calendar directory ", dir));
  std::vector<std::pair<int, std::string>> files;
  for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    int year;
    if (name.size() == 8 && absl::EndsWith(name, ".txt") && AllDigits(name.substr(0, 4)) &&
        absl::SimpleAtoi(name.substr(0, 4), &year)) {
      files.emplace_back(year, it->path().string());
    }
  }
  if (ec) return absl::NotFoundError(absl::StrCat("cannot read calendar directory ", dir));
  if (files.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("calendar directory ", dir, " has no <year>.txt files"));
  }
  std::sort(files.begin(), files.end());

  WorkingCalendar calendar;
  for (const auto& [year, path] : files) {
    ASSIGN_OR_RETURN(const std::string contents, ReadFile(path));
    int line_number = 0;
    for (absl::string_view line : absl::StrSplit(contents, '\n')) {
      ++line_number;
      const auto error = [&](absl::string_view what) {
        return absl::InvalidArgumentError(absl::StrCat(path, ":", line_number, ": ", what));
      };
      line = absl::StripAsciiWhitespace(line);
      if (line.empty() || line[0] == '#') continue;
      absl::string_view rest = line;
      const absl::string_view date_text = NextToken(&rest);
      const absl::string_view kind_text = NextToken(&rest);
      const absl::string_view name = absl::StripAsciiWhitespace(rest);
      absl::CivilDay day;
      if (!ParseDate(date_text, &day)) return error("expected a date YYYY-MM-DD");
      if (day.year() != year) return error(absl::StrCat("date is not in ", year));
      Entry entry;
      if (kind_text == "holiday") {
        entry.kind = DayKind::kHoliday;
      } else if (kind_text == "workday") {
        entry.kind = DayKind::kWorkday;
        if (!IsWeekend(day)) return error("a make-up workday must be a Saturday or Sunday");
      } else {
        return error("expected 'holiday' or 'workday' after the date");
      }
      if (name.empty()) return error("missing the name of the holiday");
      entry.name = std::string(name);
      if (!calendar.entries_.emplace(day, std::move(entry)).second) {
        return error("date listed twice");
      }
    }
    calendar.years_.insert(year);
  }
  return calendar;
}

const WorkingCalendar::Entry* WorkingCalendar::Find(absl::CivilDay day) const {
  const auto it = entries_.find(day);
  return it == entries_.end() ? nullptr : &it->second;
}

bool WorkingCalendar::IsWorkingDay(absl::CivilDay day) const {
  if (const Entry* entry = Find(day)) return entry->kind == DayKind::kWorkday;
  return !IsWeekend(day);
}

absl::CivilDay WorkingCalendar::AddWorkingDays(absl::CivilDay start, int n) const {
  const int step = n < 0 ? -1 : 1;
  long long remaining = n < 0 ? -static_cast<long long>(n) : n;
  absl::CivilDay day = start;
  while (remaining > 0) {
    day += step;
    if (IsWorkingDay(day)) --remaining;
  }
  return day;
}

absl::Time WorkingCalendar::DeadlineAfterWorkingDays(absl::Time from, int n) const {
  const absl::TimeZone tz = ChinaTimeZone();
  const absl::CivilDay last = AddWorkingDays(absl::ToCivilDay(from, tz), n);
  return absl::FromCivil(last + 1, tz);
}

std::vector<std::string> CalendarCoverage::Warnings() const {
  std::vector<std::string> out;
  if (!current) {
    out.push_back(absl::StrCat("no holiday calendar for ", year,
                               ": working days are counted Monday to Friday, ignoring public "
                               "holidays and make-up days; add deploy/calendar/",
                               year, ".txt"));
  }
  if (!next) {
    out.push_back(absl::StrCat("no holiday calendar for ", year + 1, " yet: add deploy/calendar/",
                               year + 1, ".txt when the official notice is published"));
  }
  return out;
}

CalendarCoverage CheckCoverage(const WorkingCalendar& calendar, absl::Time now) {
  CalendarCoverage c;
  c.year = static_cast<int>(absl::ToCivilDay(now, WorkingCalendar::ChinaTimeZone()).year());
  c.current = calendar.Covers(c.year);
  c.next = calendar.Covers(c.year + 1);
  return c;
}

absl::StatusOr<WorkingCalendar> LoadCalendarForService(const std::string& dir) {
  absl::StatusOr<WorkingCalendar> loaded = WorkingCalendar::LoadFromDirectory(dir);
  if (absl::IsFailedPrecondition(loaded.status())) return WorkingCalendar();
  return loaded;
}

}  // namespace shouhu
