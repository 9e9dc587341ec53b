// `shouhu stats`: the referral statistics of the caller's procuratorate
// (ReferralService.GetReferralStatistics), as a table; counts suppressed for analysts show
// as "<5".
#ifndef SHOUHU_CLI_REFERRAL_STATS_H_
#define SHOUHU_CLI_REFERRAL_STATS_H_

#include <string>

#include "cli/format.h"
#include "shouhu/referral/v1/referral.pb.h"

namespace shouhu::cli {

std::string RenderReferralStats(const shouhu::referral::v1::GetReferralStatisticsResponse& resp,
                                Lang lang);

}  // namespace shouhu::cli

#endif  // SHOUHU_CLI_REFERRAL_STATS_H_
