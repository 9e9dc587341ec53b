// Human-readable rendering of aid records for the `shouhu aid` commands. Money is shown in
// yuan, exact to the fen.
#ifndef SHOUHU_CLI_AID_RENDER_H_
#define SHOUHU_CLI_AID_RENDER_H_

#include <cstdint>
#include <string>

#include "cli/catalog.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "shouhu/aid/v1/aid.pb.h"

namespace shouhu::cli {

namespace pb = ::shouhu::aid::v1;
template <typename T>
using Repeated = google::protobuf::RepeatedPtrField<T>;

// "1,234.50 元" / "1,234.50 yuan".
std::string Yuan(int64_t fen, Lang lang);
// "检察长" for the token title "chief_procurator"; unknown titles unchanged.
std::string TitleName(const std::string& title, Lang lang);

// Applications (aid_render.cc).
std::string RenderApplication(const pb::Application& a, Lang lang);
std::string RenderApplicationTable(const Repeated<pb::Application>& list, Lang lang);
std::string RenderEligibility(const pb::EligibilityResult& e, Lang lang);
std::string RenderComputation(const pb::AmountComputation& c, Lang lang);
std::string RenderApprovals(const Repeated<pb::ApprovalRecord>& approvals, Lang lang);
std::string RenderNotices(const Repeated<pb::RightsNotice>& notices, Lang lang);
std::string RenderNotice(const pb::RightsNotice& n, Lang lang);
std::string RenderPriorAid(const pb::PriorAid& p, Lang lang);

// Disbursement, fund, reconciliation, recovery (aid_render_money.cc).
std::string RenderDisbursement(const pb::Disbursement& d, Lang lang);
std::string RenderDisbursementTable(const Repeated<pb::Disbursement>& list, Lang lang);
std::string RenderPayment(const pb::Payment& p, Lang lang);
std::string RenderFund(const pb::GetFundResponse& fund, Lang lang);
std::string RenderFundPot(const pb::Fund& pot, Lang lang);
std::string RenderFundEntries(const Repeated<pb::FundEntry>& entries, Lang lang);
std::string RenderImport(const pb::ImportBankStatementResponse& r, Lang lang);
std::string RenderIssues(const Repeated<pb::ReconciliationIssue>& issues, Lang lang);
std::string RenderRecovery(const pb::Recovery& r, Lang lang);
std::string RenderRecoveryTable(const Repeated<pb::Recovery>& list, Lang lang);

// Suggestions, statistics, configuration (aid_render_social.cc).
std::string RenderSuggestion(const pb::Suggestion& s, Lang lang);
std::string RenderSuggestionTable(const Repeated<pb::Suggestion>& list, Lang lang);
std::string RenderAgencySuggestion(const pb::AgencySuggestion& s, Lang lang);
std::string RenderAgencySuggestionTable(const Repeated<pb::AgencySuggestion>& list, Lang lang);
// Suppressed rows show "<threshold>" in every figure.
std::string RenderStats(const pb::GetAidStatisticsResponse& stats, Lang lang);
std::string RenderWageEntry(const pb::WageEntry& w, Lang lang);
std::string RenderWages(const pb::ListWageEntriesResponse& wages, Lang lang);
std::string RenderPolicy(const pb::AidPolicy& p, Lang lang);

}  // namespace shouhu::cli

#endif  // SHOUHU_CLI_AID_RENDER_H_
