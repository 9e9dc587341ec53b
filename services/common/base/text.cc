#include "common/base/text.h"

#include <cstdint>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/types/optional.h"

namespace shouhu {
namespace {

// Decodes the well-formed sequence starting at s[i]. Returns its length in bytes and sets
// *cp, or returns 0 if s[i] does not start a well-formed sequence.
size_t DecodeOne(absl::string_view s, size_t i, char32_t* cp) {
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  const uint8_t b0 = byte(i);
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }
  size_t len;
  char32_t value;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    value = b0 & 0x1F;
    min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    value = b0 & 0x0F;
    min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    value = b0 & 0x07;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const uint8_t b = byte(i + k);
    if ((b & 0xC0) != 0x80) return 0;
    value = (value << 6) | (b & 0x3F);
  }
  if (value < min || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0;
  *cp = value;
  return len;
}

std::string Sanitize(std::string s) {
  for (char& c : s) {
    if (c == '\t' || c == '\n') c = ' ';
  }
  return s;
}

bool IsControl(char32_t cp) {
  if (cp == '\n' || cp == '\t') return false;
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

}  // namespace

bool IsValidUtf8(absl::string_view s) {
  size_t i = 0;
  char32_t cp;
  while (i < s.size()) {
    const size_t n = DecodeOne(s, i, &cp);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

size_t Utf8Length(absl::string_view s) {
  size_t count = 0;
  size_t i = 0;
  char32_t cp;
  while (i < s.size()) {
    const size_t n = DecodeOne(s, i, &cp);
    i += n == 0 ? 1 : n;
    ++count;
  }
  return count;
}

absl::string_view Utf8Prefix(absl::string_view s, size_t n) {
  size_t i = 0;
  char32_t cp;
  for (size_t count = 0; count < n && i < s.size(); ++count) {
    const size_t len = DecodeOne(s, i, &cp);
    i += len == 0 ? 1 : len;
  }
  return s.substr(0, i);
}

void AppendJsonString(std::string* out, absl::string_view s) {
  out->push_back('"');
  size_t i = 0;
  char32_t cp;
  while (i < s.size()) {
    const size_t n = DecodeOne(s, i, &cp);
    if (n == 0) {
      out->append("\\ufffd");
      ++i;
      continue;
    }
    switch (cp) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      default:
        if (cp < 0x20 || cp == 0x7F) {
          absl::StrAppendFormat(out, "\\u%04x", static_cast<unsigned>(cp));
        } else {
          out->append(s.data() + i, n);
        }
    }
    i += n;
  }
  out->push_back('"');
}

std::string JsonString(absl::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  AppendJsonString(&out, s);
  return out;
}

void FieldErrors::Add(std::string field, std::string description) {
  violations_.emplace_back(Sanitize(std::move(field)), Sanitize(std::move(description)));
}

absl::Status FieldErrors::ToStatus() const {
  if (violations_.empty()) return absl::OkStatus();
  std::string message = "invalid request: ";
  std::string payload;
  for (size_t i = 0; i < violations_.size(); ++i) {
    const auto& [field, description] = violations_[i];
    if (i > 0) message.append("; ");
    absl::StrAppend(&message, field, ": ", description);
    absl::StrAppend(&payload, field, "\t", description, "\n");
  }
  absl::Status status = absl::InvalidArgumentError(message);
  status.SetPayload(kFieldViolationsTypeUrl, absl::Cord(payload));
  return status;
}

std::vector<std::pair<std::string, std::string>> FieldViolationsOf(const absl::Status& status) {
  std::vector<std::pair<std::string, std::string>> out;
  absl::optional<absl::Cord> payload = status.GetPayload(kFieldViolationsTypeUrl);
  if (!payload.has_value()) return out;
  const std::string text(*payload);
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    const size_t tab = line.find('\t');
    if (tab == absl::string_view::npos) {
      out.emplace_back(std::string(line), std::string());
    } else {
      out.emplace_back(std::string(line.substr(0, tab)), std::string(line.substr(tab + 1)));
    }
  }
  return out;
}

bool IsBidiControl(char32_t cp) {
  return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

bool IsInvisible(char32_t cp) {
  // White_Space (PropList.txt).
  if ((cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
      (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
      cp == 0x205F || cp == 0x3000) {
    return true;
  }
  // Default_Ignorable_Code_Point (DerivedCoreProperties.txt).
  return cp == 0xAD || cp == 0x34F || cp == 0x61C || cp == 0x115F || cp == 0x1160 || cp == 0x17B4 ||
         cp == 0x17B5 || (cp >= 0x180B && cp <= 0x180F) || (cp >= 0x200B && cp <= 0x200F) ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164 ||
         (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF || cp == 0xFFA0 ||
         (cp >= 0xFFF0 && cp <= 0xFFF8) || (cp >= 0x1BCA0 && cp <= 0x1BCA3) ||
         (cp >= 0x1D173 && cp <= 0x1D17A) || (cp >= 0xE0000 && cp <= 0xE0FFF);
}

bool HasBidiControl(absl::string_view s) {
  size_t i = 0;
  char32_t cp;
  while (i < s.size()) {
    const size_t n = DecodeOne(s, i, &cp);
    if (n != 0 && IsBidiControl(cp)) return true;
    i += n == 0 ? 1 : n;
  }
  return false;
}

bool IsBlank(absl::string_view s) {
  size_t i = 0;
  char32_t cp;
  while (i < s.size()) {
    const size_t n = DecodeOne(s, i, &cp);
    if (n == 0 || !IsInvisible(cp)) return false;
    i += n;
  }
  return true;
}

namespace {

constexpr char kBlank[] = "is empty or only spaces / invisible characters";

// CheckText, and for names no bidirectional controls.
void CheckTextOrName(FieldErrors& errors, absl::string_view field, absl::string_view value,
                     size_t min_chars, size_t max_chars, bool name) {
  if (!IsValidUtf8(value)) {
    errors.Add(std::string(field), "must be valid UTF-8");
    return;
  }
  size_t count = 0;
  bool visible = false;
  bool bidi = false;
  size_t i = 0;
  char32_t cp;
  while (i < value.size()) {
    i += DecodeOne(value, i, &cp);
    ++count;
    if (IsControl(cp)) {
      errors.Add(std::string(field), "must not contain control characters");
      return;
    }
    visible = visible || !IsInvisible(cp);
    bidi = bidi || IsBidiControl(cp);
  }
  if (name && bidi) {
    errors.Add(std::string(field), "contains bidirectional control characters");
  } else if (count > max_chars) {
    errors.Add(std::string(field), absl::StrCat("must be at most ", max_chars, " characters"));
  } else if (count > 0 && !visible) {
    errors.Add(std::string(field), kBlank);
  } else if (count < min_chars) {
    errors.Add(std::string(field),
               count == 0 ? std::string("is required")
                          : absl::StrCat("must be at least ", min_chars, " characters"));
  }
}

}  // namespace

void CheckText(FieldErrors& errors, absl::string_view field, absl::string_view value,
               size_t min_chars, size_t max_chars) {
  CheckTextOrName(errors, field, value, min_chars, max_chars, /*name=*/false);
}

void CheckName(FieldErrors& errors, absl::string_view field, absl::string_view value,
               size_t min_chars, size_t max_chars) {
  CheckTextOrName(errors, field, value, min_chars, max_chars, /*name=*/true);
}

}  // namespace shouhu
