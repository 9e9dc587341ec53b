// Per-procuratorate aid policy (AidPolicy in aid.proto): defaults and validation.
#ifndef SHOUHU_AID_POLICY_H_
#define SHOUHU_AID_POLICY_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "shouhu/aid/v1/aid.pb.h"

namespace shouhu::aid {

namespace pb = ::shouhu::aid::v1;

// The documented defaults (aid.proto): committee at or above 1,000,000 fen, cap 36
// months, decision 10 working days, notify 2, emergency paperwork 10, agency reply 5
// (a documented default, uncertain), emergency cap 2,000,000 fen, and the step actors.
// version 0 (never stored).
pb::AidPolicy DefaultPolicy(absl::string_view procuratorate_code);

// Field-level INVALID_ARGUMENT ("policy.cap_months" ...) for an UpdateAidPolicy.
absl::Status ValidatePolicy(const pb::AidPolicy& p);

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_POLICY_H_
