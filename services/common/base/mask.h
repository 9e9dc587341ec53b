// Masking of personal data for display (lists, dashboards, notifications). Masked values
// are for people to recognise a record, never for matching; they are still personal data
// and must not be logged. All functions count UTF-8 code points, not bytes.
#ifndef SHOUHU_COMMON_BASE_MASK_H_
#define SHOUHU_COMMON_BASE_MASK_H_

#include <string>

#include "absl/strings/string_view.h"

namespace shouhu {

// Keeps the first 4 and last 4 characters: "5203**********1234". Values of 8 characters
// or fewer are masked completely.
std::string MaskIdNumber(absl::string_view id);

// Keeps the first character (usually the surname): "张三" -> "张*", "欧阳娜娜" -> "欧***".
// A one-character name becomes "*".
std::string MaskName(absl::string_view name);

// Keeps the first 3 and last 4 characters: "13812345678" -> "138****5678". Values of 7
// characters or fewer are masked completely.
std::string MaskPhone(absl::string_view phone);

// Keeps the first 6 characters and appends "****", whatever the length of the rest:
// "贵州省遵义市仁怀市中枢街道" -> "贵州省遵义市****". An address of 6 characters or fewer
// keeps only its first half.
std::string MaskAddress(absl::string_view address);

}  // namespace shouhu

#endif  // SHOUHU_COMMON_BASE_MASK_H_
