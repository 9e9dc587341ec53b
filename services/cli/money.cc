#include "cli/money.h"

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace shouhu::cli {

YuanError ParseYuan(absl::string_view text, int64_t* fen) {
  std::string s = absl::StrReplaceAll(absl::StripAsciiWhitespace(text), {{",", ""}});
  const size_t dot = s.find('.');
  absl::string_view whole = absl::string_view(s).substr(0, dot);
  absl::string_view decimals =
      dot == std::string::npos ? absl::string_view() : absl::string_view(s).substr(dot + 1);
  auto digits = [](absl::string_view d) {
    for (char c : d) {
      if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
    }
    return true;
  };
  if (whole.empty() || whole.size() > 13 || !digits(whole) || !digits(decimals) ||
      (dot != std::string::npos && decimals.empty())) {
    return YuanError::kSyntax;
  }
  if (decimals.size() > 2) return YuanError::kTooPrecise;
  int64_t value = 0;
  for (char c : whole) value = value * 10 + (c - '0');
  int64_t cents = 0;
  for (size_t i = 0; i < 2; ++i) cents = cents * 10 + (i < decimals.size() ? decimals[i] - '0' : 0);
  *fen = value * 100 + cents;
  return YuanError::kNone;
}

std::string FormatYuan(int64_t fen) {
  const bool negative = fen < 0;
  // Unsigned so that INT64_MIN negates correctly.
  uint64_t abs = negative ? 0 - static_cast<uint64_t>(fen) : static_cast<uint64_t>(fen);
  std::string whole = absl::StrCat(abs / 100);
  std::string grouped;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped.push_back(',');
    grouped.push_back(whole[i]);
  }
  const uint64_t cents = abs % 100;
  return absl::StrCat(negative ? "-" : "", grouped, ".", cents < 10 ? "0" : "", cents);
}

shouhu::common::v1::Date TodayInChina() {
  const absl::CivilDay day = absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(8 * 60 * 60));
  shouhu::common::v1::Date out;
  out.set_year(static_cast<int32_t>(day.year()));
  out.set_month(day.month());
  out.set_day(day.day());
  return out;
}

}  // namespace shouhu::cli
