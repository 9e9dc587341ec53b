// Dates and timestamps, one set of conversions for every service.
//
// Wire types (shouhu.common.v1): Timestamp is Unix milliseconds; Date is a local calendar
// date in China Standard Time (UTC+8, no daylight saving). The database stores instants
// as BIGINT milliseconds and dates as DATE, read and written as "YYYY-MM-DD".
#ifndef SHOUHU_COMMON_BASE_DATES_H_
#define SHOUHU_COMMON_BASE_DATES_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "shouhu/common/v1/common.pb.h"

namespace shouhu {

// UTC+8: dates in requests and responses are local dates.
absl::TimeZone ChinaTime();
// The local date of `t` in China.
absl::CivilDay ChinaDay(absl::Time t);

common::v1::Timestamp ToTimestamp(absl::Time t);
common::v1::Timestamp TimestampFromMillis(int64_t unix_millis);
absl::Time FromTimestamp(const common::v1::Timestamp& ts);

// A real calendar date between 1900 and 2200 (Date's documented range).
bool IsValidDate(const common::v1::Date& d);
absl::CivilDay ToCivilDay(const common::v1::Date& d);
common::v1::Date FromCivilDay(absl::CivilDay d);

// "YYYY-MM-DD".
std::string DateString(const common::v1::Date& d);
std::string DateString(absl::CivilDay d);
// Parses "YYYY-MM-DD" (as stored by the database); nullopt if malformed or not a real date.
std::optional<absl::CivilDay> ParseDateString(absl::string_view s);

// Age in whole years on `on`.
int AgeOn(absl::CivilDay birth, absl::CivilDay on);

// `d` plus `months` calendar months (negative: minus), the way periods in months end
// (民法典 Art. 203): the same day of the month reached, or its last day when that month is
// shorter (31 January + 1 month = 28 or 29 February).
absl::CivilDay AddMonths(absl::CivilDay d, int months);

}  // namespace shouhu

#endif  // SHOUHU_COMMON_BASE_DATES_H_
