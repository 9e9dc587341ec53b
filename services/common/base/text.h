// UTF-8 helpers, JSON string quoting and a collector for per-field validation errors.
#ifndef SHOUHU_COMMON_BASE_TEXT_H_
#define SHOUHU_COMMON_BASE_TEXT_H_

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace shouhu {

// True if `s` is well-formed UTF-8: no overlong forms, no surrogates, nothing above
// U+10FFFF, no truncated sequences.
bool IsValidUtf8(absl::string_view s);

// Number of code points in `s`. Each byte that does not start a well-formed sequence
// counts as one.
size_t Utf8Length(absl::string_view s);

// The first `n` code points of `s` (all of `s` if it is shorter). Never splits a
// well-formed sequence.
absl::string_view Utf8Prefix(absl::string_view s, size_t n);

// Appends `s` to `out` as a quoted JSON string. Valid UTF-8 passes through unchanged;
// '"', '\\' and control characters are escaped; bytes that are not valid UTF-8 become
// U+FFFD so the output is always valid JSON.
void AppendJsonString(std::string* out, absl::string_view s);
std::string JsonString(absl::string_view s);

// Type URL of the status payload written by FieldErrors::ToStatus(). The payload is
// UTF-8 text, one violation per line: "<field>\t<description>\n".
inline constexpr char kFieldViolationsTypeUrl[] = "type.googleapis.com/shouhu.FieldViolations";

// Collects validation failures of a request, then turns them into one INVALID_ARGUMENT
// status:
//
//   FieldErrors errors;
//   CheckText(errors, "name", req.name(), 1, 50);
//   if (!errors.empty()) return errors.ToStatus();
//
// Descriptions must not contain the offending value when it may be sensitive.
class FieldErrors {
 public:
  // Tabs and newlines in `field` or `description` are replaced by spaces.
  void Add(std::string field, std::string description);
  bool empty() const { return violations_.empty(); }
  const std::vector<std::pair<std::string, std::string>>& violations() const { return violations_; }
  // OK if empty; otherwise INVALID_ARGUMENT with message
  // "invalid request: <field>: <desc>; <field>: <desc>" and the payload described at
  // kFieldViolationsTypeUrl.
  absl::Status ToStatus() const;

 private:
  std::vector<std::pair<std::string, std::string>> violations_;
};

// The (field, description) pairs carried by a status made by FieldErrors::ToStatus();
// empty if there is no such payload.
std::vector<std::pair<std::string, std::string>> FieldViolationsOf(const absl::Status& status);

// A bidirectional control character: U+061C, U+200E, U+200F, U+202A..U+202E and
// U+2066..U+2069. They reorder what follows them, so a name holding one can display as
// another name.
bool IsBidiControl(char32_t cp);

// A character that shows nothing by itself: Unicode White_Space (ASCII space, tab, line
// breaks, U+00A0, U+3000 ideographic space, ...) or Default_Ignorable_Code_Point (zero-width
// characters U+200B..U+200D, U+2060, U+FEFF, bidirectional controls, soft hyphen, variation
// selectors, Hangul fillers, ...).
bool IsInvisible(char32_t cp);

// True if some well-formed character of `s` is a bidirectional control.
bool HasBidiControl(absl::string_view s);

// True if `s` has no visible character: empty, or only characters for which IsInvisible()
// holds. A byte that is not well-formed UTF-8 counts as visible.
bool IsBlank(absl::string_view s);

// Checks a free-text field: valid UTF-8, no control characters other than '\n' and '\t'
// (C0, DEL and C1 are rejected), between `min_chars` and `max_chars` code points
// inclusive, and, when not empty, at least one visible character (see IsBlank). Adds at
// most one violation for `field`.
void CheckText(FieldErrors& errors, absl::string_view field, absl::string_view value,
               size_t min_chars, size_t max_chars);

// Checks a name (of a person, agency or procuratorate): as CheckText, and no
// bidirectional control characters. Adds at most one violation for `field`.
void CheckName(FieldErrors& errors, absl::string_view field, absl::string_view value,
               size_t min_chars, size_t max_chars);

}  // namespace shouhu

#endif  // SHOUHU_COMMON_BASE_TEXT_H_
