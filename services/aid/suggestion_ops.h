// Social-aid suggestions (社会救助建议, 多元救助): the procuratorate asks a partner agency to
// deliver a measure (counselling, employment, placement, 低保, poverty monitoring, medical,
// schooling, ...) for a person of a case and follows it to a structured outcome.
//
//   DRAFT -> ISSUED -> ACKNOWLEDGED -> COMPLETED | DECLINED; ISSUED -> COMPLETED | DECLINED;
//   DRAFT | ISSUED -> CANCELLED (staff only).
// A DRAFT comes from a need found on a visit (visit.need_found) for a caseworker to route.
// Overdue: ISSUED or ACKNOWLEDGED and reply_due_on passed (computed at read time).
// Agencies see only suggestions addressed to them, in the agency view (no case id, no
// facts); the person's identity reaches them only through the structured disclosure,
// and each agency read of a disclosed identity is audited.
#ifndef SHOUHU_AID_SUGGESTION_OPS_H_
#define SHOUHU_AID_SUGGESTION_OPS_H_

#include "absl/status/statusor.h"
#include "aid/aid_events.h"
#include "aid/deps.h"
#include "aid/suggestion_repository.h"
#include "common/db/mutation.h"
#include "common/server/principal.h"
#include "shouhu/aid/v1/aid.pb.h"
#include "shouhu/common/v1/common.pb.h"

namespace shouhu::aid {

class SuggestionCore {
 public:
  explicit SuggestionCore(AidDeps deps);

  absl::StatusOr<pb::Suggestion> Issue(const Principal& p, const pb::IssueSuggestionRequest& req);
  absl::StatusOr<pb::Suggestion> ReportOutcome(const Principal& p,
                                               const pb::SuggestionUpdateRequest& req);
  absl::StatusOr<pb::ListSuggestionsResponse> List(const Principal& p,
                                                   const pb::ListSuggestionsRequest& req);
  absl::StatusOr<pb::ListAddressedSuggestionsResponse> ListAddressed(
      const Principal& p, const pb::ListAddressedSuggestionsRequest& req);
  absl::StatusOr<pb::AgencySuggestion> GetAddressed(const Principal& p,
                                                    const pb::GetAddressedSuggestionRequest& req);

  // visit.need_found: a DRAFT suggestion on the need's case (one per need; a redelivered
  // or repeated event changes nothing). Runs in the inbox transaction.
  [[nodiscard]] absl::Status ReactToNeedFound(db::Tx& tx, const cpb::Event& e);

 private:
  absl::StatusOr<pb::Suggestion> Create(const Principal& p, const pb::IssueSuggestionRequest& req);
  absl::StatusOr<pb::Suggestion> IssueDraft(const Principal& p,
                                            const pb::IssueSuggestionRequest& req);
  // The agency of `code` registered and active (INVALID_ARGUMENT on "agency_code" otherwise).
  absl::Status CheckAgency(const std::string& code) const;
  // The reply date for a suggestion issued on `on` (policy working days).
  absl::StatusOr<absl::CivilDay> ReplyDue(db::Tx& tx, const std::string& procuratorate,
                                          absl::CivilDay on) const;
  pb::Suggestion ForStaff(pb::Suggestion s) const;
  pb::AgencySuggestion ForAgency(const SuggestionRow& row) const;
  absl::CivilDay Today() const;

  AidDeps d_;
  SuggestionRepository repo_;
  db::MutationRunner mutations_;
};

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_SUGGESTION_OPS_H_
