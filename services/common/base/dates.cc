#include "common/base/dates.h"

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

namespace shouhu {

absl::TimeZone ChinaTime() { return absl::FixedTimeZone(8 * 3600); }

absl::CivilDay ChinaDay(absl::Time t) { return absl::ToCivilDay(t, ChinaTime()); }

common::v1::Timestamp ToTimestamp(absl::Time t) {
  return TimestampFromMillis(absl::ToUnixMillis(t));
}

common::v1::Timestamp TimestampFromMillis(int64_t unix_millis) {
  common::v1::Timestamp out;
  out.set_unix_millis(unix_millis);
  return out;
}

absl::Time FromTimestamp(const common::v1::Timestamp& ts) {
  return absl::FromUnixMillis(ts.unix_millis());
}

bool IsValidDate(const common::v1::Date& d) {
  if (d.year() < 1900 || d.year() > 2200 || d.month() < 1 || d.month() > 12 || d.day() < 1) {
    return false;
  }
  const absl::CivilDay day(d.year(), d.month(), d.day());
  return day.year() == d.year() && day.month() == d.month() && day.day() == d.day();
}

absl::CivilDay ToCivilDay(const common::v1::Date& d) {
  return absl::CivilDay(d.year(), d.month(), d.day());
}

common::v1::Date FromCivilDay(absl::CivilDay d) {
  common::v1::Date out;
  out.set_year(static_cast<int>(d.year()));
  out.set_month(d.month());
  out.set_day(d.day());
  return out;
}

std::string DateString(const common::v1::Date& d) {
  return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
}

std::string DateString(absl::CivilDay d) {
  return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
}

std::optional<absl::CivilDay> ParseDateString(absl::string_view s) {
  std::vector<absl::string_view> parts = absl::StrSplit(s, '-');
  int y = 0, m = 0, d = 0;
  if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &y) || !absl::SimpleAtoi(parts[1], &m) ||
      !absl::SimpleAtoi(parts[2], &d)) {
    return std::nullopt;
  }
  const absl::CivilDay day(y, m, d);
  if (day.year() != y || day.month() != m || day.day() != d) return std::nullopt;  // normalised
  return day;
}

int AgeOn(absl::CivilDay birth, absl::CivilDay on) {
  int age = static_cast<int>(on.year() - birth.year());
  if (on.month() < birth.month() || (on.month() == birth.month() && on.day() < birth.day())) --age;
  return age;
}

absl::CivilDay AddMonths(absl::CivilDay d, int months) {
  const absl::CivilMonth target = absl::CivilMonth(d) + months;
  const absl::CivilDay first_of_next = absl::CivilDay(target + 1);
  const int last_day = static_cast<int>((first_of_next - 1).day());
  const int day = d.day() < last_day ? d.day() : last_day;
  return absl::CivilDay(target.year(), target.month(), day);
}

}  // namespace shouhu
