// Human-readable rendering of Shouhu records for the `shouhu` client.
#ifndef SHOUHU_CLI_RENDER_H_
#define SHOUHU_CLI_RENDER_H_

#include <string>
#include <vector>

#include "cli/catalog.h"
#include "shouhu/common/v1/common.pb.h"
#include "shouhu/referral/v1/referral.pb.h"

namespace shouhu::cli {

namespace rv1 = ::shouhu::referral::v1;

// Detail view of one referral, with its people.
std::string RenderReferral(const rv1::Referral& referral, Lang lang);
// One line per referral.
std::string RenderReferralTable(const std::vector<rv1::Referral>& referrals, Lang lang);

std::string RenderTimeline(const std::vector<rv1::TimelineEntry>& entries, Lang lang);
// One entry on one line, for streaming.
std::string RenderTimelineLine(const rv1::TimelineEntry& entry, Lang lang);

std::string RenderCase(const rv1::Case& c, Lang lang);
std::string RenderCaseTable(const std::vector<rv1::Case>& cases, Lang lang);

std::string RenderPerson(const shouhu::common::v1::Person& person, Lang lang);
// The changes of a person record, newest first: one row per changed field.
std::string RenderPersonHistory(const std::vector<rv1::PersonChange>& changes, Lang lang);

std::string RenderDuplicate(const rv1::DuplicateCandidate& candidate, Lang lang);
std::string RenderDuplicateTable(const std::vector<rv1::DuplicateCandidate>& candidates, Lang lang);

std::string RenderAgency(const rv1::Agency& agency, Lang lang);
std::string RenderAgencyTable(const std::vector<rv1::Agency>& agencies, Lang lang);

std::string RenderProcuratorate(const rv1::Procuratorate& procuratorate, Lang lang);

}  // namespace shouhu::cli

#endif  // SHOUHU_CLI_RENDER_H_
