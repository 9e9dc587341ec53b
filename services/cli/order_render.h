// Text rendering of the guardianship records (orders, sessions, checks, escalations,
// 事实无人抚养 checks, the policy, statistics) for the `shouhu order ...` commands. One
// reflective renderer walks any record with the field labels and enum names of the order
// catalogue, so every field the service returns is shown, in Chinese or English.
#ifndef SHOUHU_CLI_ORDER_RENDER_H_
#define SHOUHU_CLI_ORDER_RENDER_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "cli/catalog.h"
#include "google/protobuf/message.h"

namespace shouhu::cli {

// The display label of a record field; the visit commands pass their own catalogue's.
using FieldLabeler = std::string (*)(absl::string_view field, Lang lang);

// "label  value" lines of every set field; nested records and lists indented under their
// label. Dates as YYYY-MM-DD, times in China time, people acting as "name (principal)".
// Labels from `label` (null: the order catalogue's OrderFieldLabel).
std::string RenderOrderRecord(const google::protobuf::Message& record, Lang lang,
                              FieldLabeler label = nullptr);

// A table of `rows` (all of one message type) with the given fields as columns, followed
// by the row count. Repeated values are joined; nested records shown by their first field.
std::string RenderOrderTable(const std::vector<const google::protobuf::Message*>& rows,
                             const std::vector<const char*>& columns, Lang lang,
                             FieldLabeler label = nullptr);

// The rows of a repeated message field of a list response, for RenderOrderTable.
template <typename Repeated>
std::vector<const google::protobuf::Message*> RowsOf(const Repeated& repeated) {
  std::vector<const google::protobuf::Message*> rows;
  for (const auto& m : repeated) rows.push_back(&m);
  return rows;
}

}  // namespace shouhu::cli

#endif  // SHOUHU_CLI_ORDER_RENDER_H_
