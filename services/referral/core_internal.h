// Small helpers shared by the ReferralCore implementation files only.
#ifndef SHOUHU_REFERRAL_CORE_INTERNAL_H_
#define SHOUHU_REFERRAL_CORE_INTERNAL_H_

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/db/deadline_events.h"
#include "shouhu/referral/v1/referral.pb.h"

namespace shouhu::referral {

inline constexpr char kService[] = "referral";

inline absl::Status NotFound(absl::string_view what) {
  return absl::NotFoundError(absl::StrCat(what, " not found"));
}

// The first-answer deadline of `r` (REFERRAL_ANSWER, or MANDATORY_REPORT_TRIAGE for a
// mandatory report), due at `due`, open: the change the callers then complete.
db::DeadlineChange AnswerDeadlineOf(const ::shouhu::referral::v1::Referral& r, absl::Time due,
                                    const std::string& department);

}  // namespace shouhu::referral

#endif  // SHOUHU_REFERRAL_CORE_INTERNAL_H_
