#include "cli/format.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace shouhu::cli {
namespace {

constexpr int kChinaUtcOffsetSeconds = 8 * 60 * 60;

// Decodes one UTF-8 code point at `*pos` and advances it; malformed bytes decode as
// themselves, one at a time.
uint32_t NextCodePoint(absl::string_view text, size_t* pos) {
  const unsigned char lead = static_cast<unsigned char>(text[*pos]);
  size_t extra = 0;
  uint32_t cp = lead;
  if ((lead & 0xE0) == 0xC0) {
    extra = 1;
    cp = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    extra = 2;
    cp = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    extra = 3;
    cp = lead & 0x07;
  } else if (lead >= 0x80) {
    ++*pos;  // A stray continuation or invalid byte.
    return lead;
  }
  if (*pos + extra >= text.size()) {
    ++*pos;
    return lead;
  }
  for (size_t i = 1; i <= extra; ++i) {
    const unsigned char next = static_cast<unsigned char>(text[*pos + i]);
    if ((next & 0xC0) != 0x80) {
      ++*pos;
      return lead;
    }
    cp = (cp << 6) | (next & 0x3F);
  }
  *pos += 1 + extra;
  return cp;
}

bool IsWide(uint32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
         (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
         (cp >= 0x20000 && cp <= 0x3FFFD);
}

bool IsZeroWidth(uint32_t cp) {
  return (cp >= 0x0300 && cp <= 0x036F) || cp == 0x200B || cp == 0x200D ||
         (cp >= 0xFE00 && cp <= 0xFE0F);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %XX escapes when the text looks percent-encoded (holds an encoded tab or newline).
std::string MaybePercentDecode(absl::string_view text) {
  const std::string lower = absl::AsciiStrToLower(text);
  if (!absl::StrContains(lower, "%09") && !absl::StrContains(lower, "%0a")) {
    return std::string(text);
  }
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int hi = HexValue(text[i + 1]);
      int lo = HexValue(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

}  // namespace

std::string FormatMillis(int64_t unix_millis) {
  if (unix_millis == 0) return "-";
  return absl::FormatTime("%Y-%m-%d %H:%M", absl::FromUnixMillis(unix_millis),
                          absl::FixedTimeZone(kChinaUtcOffsetSeconds));
}

std::string FormatTimestamp(const shouhu::common::v1::Timestamp& ts) {
  return FormatMillis(ts.unix_millis());
}

std::string FormatDate(const shouhu::common::v1::Date& date) {
  if (date.year() == 0) return "";
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
}

size_t DisplayWidth(absl::string_view text) {
  size_t width = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    uint32_t cp = NextCodePoint(text, &pos);
    if (IsZeroWidth(cp)) continue;
    width += IsWide(cp) ? 2 : 1;
  }
  return width;
}

std::string WrapText(absl::string_view text, size_t width) {
  std::string out;
  bool first_line = true;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (!first_line) out.push_back('\n');
    first_line = false;
    std::string current;
    size_t current_width = 0;
    size_t last_space = std::string::npos;  // Byte offset in `current`.
    size_t pos = 0;
    while (pos < line.size()) {
      const size_t start = pos;
      const uint32_t cp = NextCodePoint(line, &pos);
      const size_t w = IsZeroWidth(cp) ? 0 : (IsWide(cp) ? 2 : 1);
      if (current_width + w > width && !current.empty()) {
        if (cp == ' ') {
          absl::StrAppend(&out, current, "\n");
          current.clear();
          current_width = 0;
          last_space = std::string::npos;
          continue;
        }
        std::string rest;
        if (last_space != std::string::npos && w == 1) {
          rest = current.substr(last_space + 1);
          current.resize(last_space);
        }
        absl::StrAppend(&out, current, "\n");
        current = rest;
        current_width = DisplayWidth(current);
        last_space = std::string::npos;
      }
      if (cp == ' ') last_space = current.size();
      current.append(line.data() + start, pos - start);
      current_width += w;
    }
    absl::StrAppend(&out, current);
  }
  return out;
}

std::string PadRight(absl::string_view text, size_t width) {
  std::string out(text);
  size_t w = DisplayWidth(text);
  if (w < width) out.append(width - w, ' ');
  return out;
}

std::string Table::Render() const {
  size_t columns = header_.size();
  for (const auto& row : rows_) columns = std::max(columns, row.size());
  std::vector<size_t> widths(columns, 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], DisplayWidth(row[i]));
  };
  measure(header_);
  for (const auto& row : rows_) measure(row);
  std::string out;
  auto emit = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t i = 0; i < columns; ++i) {
      absl::string_view cell = i < row.size() ? absl::string_view(row[i]) : absl::string_view();
      if (i + 1 == columns) {
        absl::StrAppend(&line, cell);
      } else {
        absl::StrAppend(&line, PadRight(cell, widths[i]), "  ");
      }
    }
    absl::StrAppend(&out, absl::StripTrailingAsciiWhitespace(line), "\n");
  };
  emit(header_);
  for (const auto& row : rows_) emit(row);
  return out;
}

std::string RenderFields(const std::vector<std::pair<std::string, std::string>>& fields) {
  size_t width = 0;
  for (const auto& [label, value] : fields) {
    if (!value.empty()) width = std::max(width, DisplayWidth(label));
  }
  std::string out;
  for (const auto& [label, value] : fields) {
    if (value.empty()) continue;
    absl::StrAppend(&out, PadRight(label, width), "  ", value, "\n");
  }
  return out;
}

std::vector<shouhu::common::v1::FieldViolation> ParseFieldViolations(absl::string_view text) {
  std::vector<shouhu::common::v1::FieldViolation> out;
  std::string decoded = MaybePercentDecode(text);
  for (absl::string_view line : absl::StrSplit(decoded, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    shouhu::common::v1::FieldViolation v;
    size_t tab = line.find('\t');
    if (tab == absl::string_view::npos) {
      v.set_description(std::string(line));
    } else {
      v.set_field(std::string(absl::StripAsciiWhitespace(line.substr(0, tab))));
      v.set_description(std::string(absl::StripAsciiWhitespace(line.substr(tab + 1))));
    }
    out.push_back(std::move(v));
  }
  return out;
}

std::vector<shouhu::common::v1::FieldViolation> FieldViolationsFromDetails(
    absl::string_view serialized_status) {
  std::vector<shouhu::common::v1::FieldViolation> out;
  google::rpc::Status details;
  if (serialized_status.empty() ||
      !details.ParseFromArray(serialized_status.data(),
                              static_cast<int>(serialized_status.size()))) {
    return out;
  }
  for (const google::protobuf::Any& any : details.details()) {
    google::rpc::BadRequest bad;
    if (!any.Is<google::rpc::BadRequest>() || !any.UnpackTo(&bad)) continue;
    for (const auto& fv : bad.field_violations()) {
      shouhu::common::v1::FieldViolation v;
      v.set_field(fv.field());
      v.set_description(fv.description());
      out.push_back(std::move(v));
    }
  }
  return out;
}

std::vector<shouhu::common::v1::FieldViolation> FieldViolationsFromStatus(
    const grpc::Status& status) {
  return FieldViolationsFromDetails(status.error_details());
}

std::vector<shouhu::common::v1::FieldViolation> FieldViolationsFromMetadata(
    const std::multimap<grpc::string_ref, grpc::string_ref>& trailers) {
  std::vector<shouhu::common::v1::FieldViolation> out;
  auto details = trailers.find(grpc::string_ref(kStatusDetailsKey));
  if (details != trailers.end()) {
    out = FieldViolationsFromDetails(
        absl::string_view(details->second.data(), details->second.size()));
    if (!out.empty()) return out;
  }
  const std::string bin_key = absl::StrCat(kFieldViolationsKey, "-bin");
  for (const auto& [key, value] : trailers) {
    absl::string_view k(key.data(), key.size());
    if (k != kFieldViolationsKey && k != bin_key) continue;
    for (auto& v : ParseFieldViolations(absl::string_view(value.data(), value.size()))) {
      out.push_back(std::move(v));
    }
  }
  return out;
}

std::string FormatError(const grpc::Status& status,
                        const std::vector<shouhu::common::v1::FieldViolation>& violations,
                        Lang lang) {
  const bool en = lang == Lang::kEn;
  const grpc::StatusCode code = status.error_code();
  std::string out =
      absl::StrCat(msg::kError(lang), en ? ": " : "：", StatusCodeExplanation(code)(lang),
                   en ? " (" : "（", StatusCodeName(code), en ? ")" : "）", "\n");
  if (!violations.empty()) {
    for (const auto& v : violations) {
      if (v.field().empty()) {
        absl::StrAppend(&out, "  ", v.description(), "\n");
      } else {
        absl::StrAppend(&out, "  ", v.field(), en ? ": " : "：", v.description(), "\n");
      }
    }
  } else if (!status.error_message().empty()) {
    absl::StrAppend(&out, msg::kDetail(lang), en ? ": " : "：", status.error_message(), "\n");
  }
  return out;
}

}  // namespace shouhu::cli
