#include "common/base/validate.h"

#include <string>

#include "absl/strings/ascii.h"

namespace shouhu {
namespace {

bool AllOf(absl::string_view s, absl::string_view extra) {
  for (char c : s) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) &&
        extra.find(c) == absl::string_view::npos) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool IsValidRequestId(absl::string_view id) {
  return id.size() >= 8 && id.size() <= 64 && AllOf(id, "-_");
}

bool IsValidUserId(absl::string_view id) {
  return !id.empty() && id.size() <= 64 && AllOf(id, "-_.");
}

bool IsValidCode(absl::string_view code, size_t min, size_t max) {
  return code.size() >= min && code.size() <= max && AllOf(code, "-_");
}

bool IsSixDigitCode(absl::string_view code) {
  if (code.size() != 6) return false;
  for (char c : code) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool IsValidPhone(absl::string_view phone) {
  if (phone.size() < 5 || phone.size() > 20) return false;
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  const absl::string_view rest = phone[0] == '+' ? phone.substr(1) : phone;
  if (!digit(rest.front()) || !digit(rest.back())) return false;
  for (char c : rest) {
    if (!digit(c) && c != '-') return false;
  }
  return true;
}

void CheckRequestId(FieldErrors& errors, absl::string_view request_id, absl::string_view field) {
  if (request_id.size() < 8 || request_id.size() > 64) {
    errors.Add(std::string(field), "request_id must be 8-64 characters");
  } else if (!IsValidRequestId(request_id)) {
    errors.Add(std::string(field), "request_id may only contain A-Z a-z 0-9 - _");
  }
}

void CheckVersion(FieldErrors& errors, int64_t version, absl::string_view field) {
  if (version <= 0) errors.Add(std::string(field), "is required: send the version you read");
}

void CheckUserId(FieldErrors& errors, absl::string_view field, absl::string_view id) {
  if (!IsValidUserId(id)) {
    errors.Add(std::string(field), "must be a user id of 1-64 characters [A-Za-z0-9._-]");
  }
}

absl::Status RequestIdError(absl::string_view request_id) {
  FieldErrors errors;
  CheckRequestId(errors, request_id);
  return errors.ToStatus();
}

absl::Status VersionError(int64_t version) {
  FieldErrors errors;
  CheckVersion(errors, version);
  return errors.ToStatus();
}

void CheckPhone(FieldErrors& errors, absl::string_view field, absl::string_view phone) {
  if (!phone.empty() && !IsValidPhone(phone)) {
    errors.Add(std::string(field),
               "must be 5-20 characters: digits and '-', an optional leading '+', starting and "
               "ending with a digit");
  }
}

}  // namespace shouhu
