// Small helpers shared by the SuggestionCore implementation files only.
#ifndef SHOUHU_AID_SUGGESTION_INTERNAL_H_
#define SHOUHU_AID_SUGGESTION_INTERNAL_H_

#include "absl/status/status.h"
#include "shouhu/aid/v1/aid.pb.h"

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

}  // namespace shouhu::aid::suggestion_internal

#endif  // SHOUHU_AID_SUGGESTION_INTERNAL_H_
