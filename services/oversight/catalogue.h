// The deadline catalogue (期限目录): every kind of deadline the platform watches, which
// service reports it ("deadline.changed", proto/shouhu/oversight/v1/events.proto), its
// names and what starts and ends it. docs/oversight.md holds its rendering (a unit test
// fails when the committed section differs). The periods themselves are the producing
// service's configuration; the oversight service only reads the due time it is sent.
#ifndef SHOUHU_OVERSIGHT_CATALOGUE_H_
#define SHOUHU_OVERSIGHT_CATALOGUE_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "shouhu/oversight/v1/events.pb.h"

namespace shouhu::oversight {

struct DeadlineKindInfo {
  v1::DeadlineKind kind;
  absl::string_view code;      // the enum value's name, "REFERRAL_ANSWER"
  absl::string_view producer;  // the service that reports it, "referral"
  absl::string_view name_zh;   // 转介受理反馈
  absl::string_view name_en;   // "referral answer"
  absl::string_view starts;    // what starts it
  absl::string_view period;    // the producer's default period
  absl::string_view ends;      // what meets it (and what cancels it)
};

// One entry per kind of DeadlineKind except UNSPECIFIED, in enum order.
const std::vector<DeadlineKindInfo>& DeadlineCatalogue();
// The entry of `kind`, or nullptr (UNSPECIFIED, or a value this build does not know).
const DeadlineKindInfo* FindDeadlineKind(int kind);
// The catalogue as a markdown table (the generated section of docs/oversight.md).
std::string CatalogueMarkdown();

}  // namespace shouhu::oversight

#endif  // SHOUHU_OVERSIGHT_CATALOGUE_H_
