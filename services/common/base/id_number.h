// Resident identity numbers of the People's Republic of China (GB 11643-1999): 18
// characters = 6-digit region code, 8-digit birth date YYYYMMDD, 3-digit sequence (odd for
// men, even for women), and a check character computed with ISO 7064 MOD 11-2.
//
// Error messages never repeat the number or any part of it.
#ifndef SHOUHU_COMMON_BASE_ID_NUMBER_H_
#define SHOUHU_COMMON_BASE_ID_NUMBER_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace shouhu {

enum class Sex { kFemale, kMale };

// Upper-cases a trailing 'x'. Does not validate; use before storing or hashing so that
// "...x" and "...X" are the same number.
std::string NormalizeIdNumber(absl::string_view id);

// The check character ('0'-'9' or 'X') for the first 17 digits. INVALID_ARGUMENT unless
// `first17` is exactly 17 ASCII digits.
absl::StatusOr<char> IdNumberCheckCharacter(absl::string_view first17);

// OK if `id` is a plausible resident identity number: 18 characters, 17 digits and a check
// character (digit, 'X' or 'x') matching the checksum, region code not 000000, and a birth
// date that is a real calendar date in [1900-01-01, today]. INVALID_ARGUMENT otherwise with
// an English reason.
absl::Status ValidateIdNumber(absl::string_view id, absl::CivilDay today);

// The birth date encoded in `id`. Checks the format, checksum and that the date exists,
// but not against today's date.
absl::StatusOr<absl::CivilDay> BirthDateFromIdNumber(absl::string_view id);

// Sex encoded by the 17th digit (odd: male, even: female). Same checks as
// BirthDateFromIdNumber.
absl::StatusOr<Sex> SexFromIdNumber(absl::string_view id);

}  // namespace shouhu

#endif  // SHOUHU_COMMON_BASE_ID_NUMBER_H_
