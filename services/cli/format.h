// Text formatting of the `shouhu` client: China-time timestamps, dates, aligned tables
// (Chinese characters count two columns) and gRPC errors.
#ifndef SHOUHU_CLI_FORMAT_H_
#define SHOUHU_CLI_FORMAT_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "cli/catalog.h"
#include "grpcpp/support/status.h"
#include "grpcpp/support/string_ref.h"
#include "shouhu/common/v1/common.pb.h"

namespace shouhu::cli {

// Where servers put field violations: the standard binary error details, a serialized
// google.rpc.Status carrying a google.rpc.BadRequest (what every gRPC client reads).
inline constexpr char kStatusDetailsKey[] = "grpc-status-details-bin";
// The trailer older servers used instead ("<field>\t<description>" lines); still read.
inline constexpr char kFieldViolationsKey[] = "shouhu-field-violations";

// "2026-11-23 14:05" in China Standard Time (UTC+8); "-" for an unset (zero) timestamp.
std::string FormatMillis(int64_t unix_millis);
std::string FormatTimestamp(const shouhu::common::v1::Timestamp& ts);

// "2026-10-12"; "" for an unset date (year 0).
std::string FormatDate(const shouhu::common::v1::Date& date);

// Terminal columns of UTF-8 text: East Asian wide and full-width characters take two.
size_t DisplayWidth(absl::string_view text);

// `text` followed by spaces up to `width` columns.
std::string PadRight(absl::string_view text, size_t width);

// Wraps each line of `text` to at most `width` columns: Chinese text breaks between any two
// characters, other text at the last space when there is one.
std::string WrapText(absl::string_view text, size_t width);

// Columns aligned with two spaces between them; the last column is not padded.
class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void AddRow(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  size_t size() const { return rows_.size(); }
  std::string Render() const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// "label  value" lines with the values aligned; pairs with an empty value are skipped.
std::string RenderFields(const std::vector<std::pair<std::string, std::string>>& fields);

// Field violations from "<field>\t<description>" lines (blank lines skipped; a line without a
// tab is a description without a field). Percent-encoded text ("%09", "%0A") is decoded.
std::vector<shouhu::common::v1::FieldViolation> ParseFieldViolations(absl::string_view text);

// Field violations in a serialized google.rpc.Status (the BadRequest details); empty when
// there are none or the bytes do not parse.
std::vector<shouhu::common::v1::FieldViolation> FieldViolationsFromDetails(
    absl::string_view serialized_status);
// Field violations of a finished call, from its binary error details.
std::vector<shouhu::common::v1::FieldViolation> FieldViolationsFromStatus(
    const grpc::Status& status);

// Field violations from the trailing metadata of a call: the standard details
// (kStatusDetailsKey), else the older trailer (kFieldViolationsKey or its "-bin" form;
// every value of the key).
std::vector<shouhu::common::v1::FieldViolation> FieldViolationsFromMetadata(
    const std::multimap<grpc::string_ref, grpc::string_ref>& trailers);

// The error report for a failed call, e.g.
//   错误：无权访问该记录（PERMISSION_DENIED）
//   详情：<server message>
// For INVALID_ARGUMENT with violations, each violation follows on its own line instead of
// the server message.
std::string FormatError(const grpc::Status& status,
                        const std::vector<shouhu::common::v1::FieldViolation>& violations,
                        Lang lang);

}  // namespace shouhu::cli

#endif  // SHOUHU_CLI_FORMAT_H_
