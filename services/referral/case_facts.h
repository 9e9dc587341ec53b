// The case facts of the case-quality review (案件质量评查): what the referral service holds
// about one case, as shouhu.oversight.v1.CaseFactsService/GetCaseFacts answers the
// oversight service. Two kinds of records (docs/referral.md, "Case facts"):
//   - "case": the case itself (status: the CaseStatus name);
//   - "referral": every referral linked to the case (status: the ReferralStatus name).
// A fact is a key of `fields` exactly when it is filled. Personal data and free text
// (the case's close note, a referral's facts and decline reason) are "*" when filled: no
// value of them leaves the service, and none is decrypted to tell.
#ifndef SHOUHU_REFERRAL_CASE_FACTS_H_
#define SHOUHU_REFERRAL_CASE_FACTS_H_

#include <string>

#include "absl/strings/string_view.h"
#include "referral/repository.h"
#include "shouhu/oversight/v1/review.pb.h"

namespace shouhu::referral {

namespace opb = ::shouhu::oversight::v1;

// CaseFacts.source of this service.
inline constexpr char kCaseFactsSource[] = "referral";

// The facts of case `case_id` from what was read: the case (if held) and its referrals,
// sorted by (kind, record id).
opb::CaseFacts CaseFactsOf(const std::string& case_id, const CaseFactsRead& read);

}  // namespace shouhu::referral

#endif  // SHOUHU_REFERRAL_CASE_FACTS_H_
