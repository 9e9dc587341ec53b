// Money on the command line: amounts are typed and shown in yuan ("1234.50") and travel as
// int64 fen, converted digit by digit (never through floating point).
#ifndef SHOUHU_CLI_MONEY_H_
#define SHOUHU_CLI_MONEY_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "shouhu/common/v1/common.pb.h"

namespace shouhu::cli {

enum class YuanError { kNone, kSyntax, kTooPrecise };

// "1234", "1234.5", "1234.50", "1,234.50" -> fen. Negative amounts, more than two decimals
// (kTooPrecise), other text and amounts of 10^13 yuan or more (kSyntax) are rejected.
YuanError ParseYuan(absl::string_view text, int64_t* fen);

// 123450 -> "1,234.50"; -5 -> "-0.05".
std::string FormatYuan(int64_t fen);

// Today's date in China Standard Time (UTC+8).
shouhu::common::v1::Date TodayInChina();

}  // namespace shouhu::cli

#endif  // SHOUHU_CLI_MONEY_H_
