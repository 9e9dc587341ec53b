// Small helpers shared by the ReferralCore implementation files only.
#ifndef SHOUHU_REFERRAL_CORE_INTERNAL_H_
#define SHOUHU_REFERRAL_CORE_INTERNAL_H_

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace shouhu::referral {

inline constexpr char kService[] = "referral";

inline absl::Status NotFound(absl::string_view what) {
  return absl::NotFoundError(absl::StrCat(what, " not found"));
}

}  // namespace shouhu::referral

#endif  // SHOUHU_REFERRAL_CORE_INTERNAL_H_
