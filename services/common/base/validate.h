// Validators shared by every service's requests: ids, codes, phones, request ids and
// versions.
// The Check* functions add at most one violation for their field to a FieldErrors.
#ifndef SHOUHU_COMMON_BASE_VALIDATE_H_
#define SHOUHU_COMMON_BASE_VALIDATE_H_

#include <cstddef>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/base/text.h"

namespace shouhu {

// A request id (idempotency key): 8-64 characters of [A-Za-z0-9_-].
bool IsValidRequestId(absl::string_view id);
// A user id: 1-64 characters of [A-Za-z0-9._-].
bool IsValidUserId(absl::string_view id);
// A registry code: `min`-`max` characters of [A-Za-z0-9_-].
bool IsValidCode(absl::string_view code, size_t min, size_t max);
// A 6-digit jurisdiction or procuratorate code.
bool IsSixDigitCode(absl::string_view code);

// A phone number as `PersonInput.phone` documents it: 5-20 characters, digits and '-'
// only, except one optional leading '+'; the first character after any '+' and the last
// character are digits. "+86-851-1234567" and "12345" pass; "12345+", "1+2+3+4+5" and
// "-12345" do not.
bool IsValidPhone(absl::string_view phone);

void CheckRequestId(FieldErrors& errors, absl::string_view request_id,
                    absl::string_view field = "request_id");
// The version (etag) the caller read; required (> 0) on every update.
void CheckVersion(FieldErrors& errors, int64_t version, absl::string_view field = "version");
void CheckUserId(FieldErrors& errors, absl::string_view field, absl::string_view id);
// An optional phone: empty, or IsValidPhone().
void CheckPhone(FieldErrors& errors, absl::string_view field, absl::string_view phone);

// INVALID_ARGUMENT with a "request_id" field violation, or OK.
[[nodiscard]] absl::Status RequestIdError(absl::string_view request_id);
// INVALID_ARGUMENT with a "version" field violation, or OK.
[[nodiscard]] absl::Status VersionError(int64_t version);

}  // namespace shouhu

#endif  // SHOUHU_COMMON_BASE_VALIDATE_H_
