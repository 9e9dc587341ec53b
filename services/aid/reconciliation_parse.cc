// The bank statement CSV: a header naming the columns (any order), then one line per
// transaction. Fields may be quoted ("..." with "" for a quote); a line holds no newline.
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "aid/disbursement_ops_internal.h"
#include "aid/reconciliation.h"
#include "common/base/dates.h"
#include "common/base/text.h"

namespace shouhu::aid {

namespace {

absl::Status CsvError(const std::string& why) {
  FieldErrors e;
  e.Add("csv", why);
  return e.ToStatus();
}

// Splits one line; nullopt when a quote is not closed.
std::optional<std::vector<std::string>> SplitCsvLine(absl::string_view line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  if (quoted) return std::nullopt;
  for (std::string& f : out) f = std::string(absl::StripAsciiWhitespace(f));
  return out;
}

}  // namespace

std::optional<int64_t> ParseYuan(absl::string_view text) {
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  const size_t dot = text.find('.');
  absl::string_view whole = text.substr(0, dot);
  absl::string_view frac = dot == absl::string_view::npos ? "" : text.substr(dot + 1);
  if (whole.empty() || whole.size() > 13 || frac.size() > 2 ||
      (dot != absl::string_view::npos && frac.empty())) {
    return std::nullopt;
  }
  for (char c : whole) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  }
  for (char c : frac) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  }
  int64_t yuan = 0;
  int64_t fen = 0;
  if (!absl::SimpleAtoi(whole, &yuan)) return std::nullopt;
  if (!frac.empty()) {
    (void)absl::SimpleAtoi(frac, &fen);
    if (frac.size() == 1) fen *= 10;
  }
  const int64_t total = yuan * 100 + fen;
  return negative ? -total : total;
}

absl::StatusOr<std::vector<ParsedLine>> ParseStatement(const std::string& csv) {
  if (csv.size() > kMaxStatementBytes) return CsvError("at most 5 MB");
  if (!IsValidUtf8(csv)) return CsvError("not UTF-8");
  std::vector<absl::string_view> lines = absl::StrSplit(csv, '\n');
  while (!lines.empty() && absl::StripAsciiWhitespace(lines.back()).empty()) lines.pop_back();
  if (lines.empty()) return CsvError("no header line");
  if (static_cast<int>(lines.size()) - 1 > kMaxStatementLines) {
    return CsvError("at most 50,000 lines");
  }
  absl::string_view header_line = lines[0];
  if (absl::StartsWith(header_line, "\xEF\xBB\xBF")) header_line.remove_prefix(3);  // BOM
  if (!header_line.empty() && header_line.back() == '\r') header_line.remove_suffix(1);
  std::optional<std::vector<std::string>> header = SplitCsvLine(header_line);
  if (!header.has_value()) return CsvError("the header line is not CSV");
  std::map<std::string, size_t> column;
  for (size_t i = 0; i < header->size(); ++i) {
    const std::string name = absl::AsciiStrToLower((*header)[i]);
    if (name != "date" && name != "bank_reference" && name != "amount" && name != "account_last4" &&
        name != "memo") {
      return CsvError(absl::StrCat("unknown column \"", Utf8Prefix(name, 32), "\""));
    }
    if (!column.emplace(name, i).second) return CsvError(absl::StrCat("column ", name, " twice"));
  }
  for (const char* required : {"date", "bank_reference", "amount"}) {
    if (!column.contains(required)) return CsvError(absl::StrCat("no column ", required));
  }
  std::vector<ParsedLine> out;
  for (size_t n = 1; n < lines.size(); ++n) {
    absl::string_view text = lines[n];
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    ParsedLine line;
    line.line_number = static_cast<int>(n);
    std::optional<std::vector<std::string>> fields = SplitCsvLine(text);
    if (!fields.has_value() || fields->size() != header->size()) {
      line.problem = absl::StrCat("line: ", header->size(), " columns expected");
      out.push_back(std::move(line));
      continue;
    }
    auto field = [&](const char* name) -> const std::string& { return (*fields)[column.at(name)]; };
    std::optional<int64_t> amount = ParseYuan(field("amount"));
    if (!amount.has_value()) {
      line.problem = "amount: yuan with at most two decimals";
    } else if (*amount < 0) {
      continue;  // outgoing lines of other kinds are ignored
    } else if (*amount == 0) {
      line.problem = "amount: zero";
    }
    line.amount_fen = amount.value_or(0);
    line.date = ParseDateString(field("date"));
    if (!line.date.has_value() && line.problem.empty()) line.problem = "date: not YYYY-MM-DD";
    FieldErrors ref;
    CheckReference(ref, "bank_reference", field("bank_reference"), /*required=*/true);
    if (ref.empty()) {
      line.bank_reference = field("bank_reference");
    } else if (line.problem.empty()) {
      line.problem = "bank_reference: 1-64 letters, digits or -_/.";
    }
    if (column.contains("account_last4") && line.problem.empty()) {
      const std::string& last4 = field("account_last4");
      bool ok = last4.empty() || last4.size() == 4;
      for (char c : last4) ok = ok && absl::ascii_isdigit(static_cast<unsigned char>(c));
      if (!ok) line.problem = "account_last4: four digits";
    }
    out.push_back(std::move(line));
  }
  return out;
}

}  // namespace shouhu::aid
