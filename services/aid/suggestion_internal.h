// Small helpers shared by the SuggestionCore implementation files only.
#ifndef SHOUHU_AID_SUGGESTION_INTERNAL_H_
#define SHOUHU_AID_SUGGESTION_INTERNAL_H_

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "aid/suggestion_repository.h"
#include "common/base/dates.h"
#include "shouhu/aid/v1/aid.pb.h"
#include "shouhu/aid/v1/events.pb.h"

namespace shouhu::aid::suggestion_internal {

namespace pb = ::shouhu::aid::v1;

// The same answer to an agency whether the suggestion does not exist, is another
// agency's or is a draft.
inline absl::Status NotAddressed() {
  return absl::PermissionDeniedError("no suggestion addressed to your agency has this id");
}

inline bool IsMeasure(int m) {
  return pb::MeasureKind_IsValid(m) && m != pb::MEASURE_KIND_UNSPECIFIED;
}

// Published when a suggestion drafted from a visit's need is drafted or answered.
inline constexpr char kTopicSuggestionChanged[] = "aid.suggestion_changed";

// The aid.suggestion_changed payload of `row` as it is now, at `now` (ids and codes only).
inline pb::SuggestionChanged SuggestionChangedOf(const SuggestionRow& row, absl::Time now) {
  const pb::Suggestion& s = row.suggestion;
  pb::SuggestionChanged c;
  c.set_suggestion_id(s.suggestion_id());
  c.set_source_need_id(s.source_need_id());
  c.set_case_id(s.case_id());
  c.set_procuratorate_code(row.procuratorate);
  c.set_status(s.status());
  *c.mutable_changed_on() = s.has_outcome_on() && s.outcome_on().year() != 0
                                ? s.outcome_on()
                                : FromCivilDay(ChinaDay(now));
  return c;
}

}  // namespace shouhu::aid::suggestion_internal

#endif  // SHOUHU_AID_SUGGESTION_INTERNAL_H_
