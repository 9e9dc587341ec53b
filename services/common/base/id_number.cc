#include "common/base/id_number.h"

#include "common/base/status_macros.h"

namespace shouhu {
namespace {

constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr char kCheckChars[] = "10X98765432";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int Digits(absl::string_view s) {
  int value = 0;
  for (char c : s) value = value * 10 + (c - '0');
  return value;
}

// Checks everything but the relation to today's date; returns the birth date.
absl::StatusOr<absl::CivilDay> CheckStructure(absl::string_view id) {
  if (id.size() != 18) {
    return absl::InvalidArgumentError("identity number must be 18 characters long");
  }
  for (size_t i = 0; i < 17; ++i) {
    if (!IsDigit(id[i])) {
      return absl::InvalidArgumentError("identity number must start with 17 digits");
    }
  }
  const char last = id[17] == 'x' ? 'X' : id[17];
  if (!IsDigit(last) && last != 'X') {
    return absl::InvalidArgumentError("identity number must end with a digit or X");
  }
  if (id.substr(0, 6) == "000000") {
    return absl::InvalidArgumentError("identity number has an invalid region code");
  }
  const int year = Digits(id.substr(6, 4));
  const int month = Digits(id.substr(10, 2));
  const int day = Digits(id.substr(12, 2));
  const absl::CivilDay date(year, month, day);
  if (date.year() != year || date.month() != month || date.day() != day) {
    return absl::InvalidArgumentError("identity number contains an invalid birth date");
  }
  ASSIGN_OR_RETURN(const char expected, IdNumberCheckCharacter(id.substr(0, 17)));
  if (expected != last) {
    return absl::InvalidArgumentError("identity number check character does not match");
  }
  return date;
}

}  // namespace

std::string NormalizeIdNumber(absl::string_view id) {
  std::string out(id);
  if (!out.empty() && out.back() == 'x') out.back() = 'X';
  return out;
}

absl::StatusOr<char> IdNumberCheckCharacter(absl::string_view first17) {
  if (first17.size() != 17) {
    return absl::InvalidArgumentError("check character needs exactly 17 digits");
  }
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    if (!IsDigit(first17[i])) {
      return absl::InvalidArgumentError("check character needs exactly 17 digits");
    }
    sum += (first17[i] - '0') * kWeights[i];
  }
  return kCheckChars[sum % 11];
}

absl::Status ValidateIdNumber(absl::string_view id, absl::CivilDay today) {
  ASSIGN_OR_RETURN(const absl::CivilDay birth, CheckStructure(id));
  if (birth.year() < 1900) {
    return absl::InvalidArgumentError("identity number birth date is before 1900");
  }
  if (birth > today) {
    return absl::InvalidArgumentError("identity number birth date is in the future");
  }
  return absl::OkStatus();
}

absl::StatusOr<absl::CivilDay> BirthDateFromIdNumber(absl::string_view id) {
  return CheckStructure(id);
}

absl::StatusOr<Sex> SexFromIdNumber(absl::string_view id) {
  RETURN_IF_ERROR(CheckStructure(id).status());
  return (id[16] - '0') % 2 == 1 ? Sex::kMale : Sex::kFemale;
}

}  // namespace shouhu
