// The application state machine and approval chain (the header of aid.proto):
//   UNDER_REVIEW -> PENDING_HEAD_REVIEW -> PENDING_CHIEF_DECISION
//   -> [PENDING_COMMITTEE] -> [PENDING_HIGHER_APPROVAL] -> APPROVED | REFUSED
// with RETURN back to UNDER_REVIEW, materials requests pausing the clock, and the
// after-approval states. Who acts at a step is policy data (StepActors), and nobody acts
// on two of PROPOSAL, HEAD_REVIEW, CHIEF_DECISION in one round.
#ifndef SHOUHU_AID_CHAIN_H_
#define SHOUHU_AID_CHAIN_H_

#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/calendar/working_calendar.h"
#include "common/server/principal.h"
#include "shouhu/aid/v1/aid.pb.h"

namespace shouhu::aid {

namespace pb = ::shouhu::aid::v1;

enum class AidAction {
  kPropose,
  kHeadReview,
  kChiefDecision,
  kCommittee,
  kHigherApproval,
  kWithdraw,
  kRequestMaterials,
  kMaterialsReceived,
  kRevoke,
  kCloseUnpaid,
  kPaidInFull,
  kCaseClosed  // the case hub closed the case before a decision
};

// "propose", "head_review", ... (for messages).
absl::string_view AidActionName(AidAction a);

struct ChainFacts {
  pb::DecisionKind proposed = pb::DECISION_KIND_UNSPECIFIED;
  bool committee_required = false;  // amount >= threshold
  bool committee_done = false;      // a committee resolution was recorded this round
  bool over_cap = false;
  bool over_cap_approved = false;
};

// The status after `action` with `outcome` (AGREE/RETURN where it applies), or
// FAILED_PRECONDITION naming the status and the action. E.g. chief AGREE on a grant that
// needs the committee -> PENDING_COMMITTEE; committee AGREE on an over-cap grant ->
// PENDING_HIGHER_APPROVAL; REFUSE proposals agreed -> REFUSED; RETURN -> UNDER_REVIEW.
// Actions without an outcome (propose, withdraw, materials, revoke, close, paid) ignore
// `outcome`; the review steps need AGREE or RETURN (INVALID_ARGUMENT "outcome" otherwise).
absl::StatusOr<pb::ApplicationStatus> NextStatus(pb::ApplicationStatus from, AidAction action,
                                                 pb::ApprovalOutcome outcome,
                                                 const ChainFacts& facts);
bool IsFinal(pb::ApplicationStatus s);

// Not decided yet: in the approval chain or paused for materials (the decision deadline
// is still owed).
bool BeforeDecision(pb::ApplicationStatus s);

// The step's actors from policy data (StepActors: role + titles): PERMISSION_DENIED
// "only <role> with title <titles> may <step>" otherwise. A step without a row in the
// policy is refused (PERMISSION_DENIED naming the step).
absl::Status CheckStepActor(const pb::AidPolicy& policy, pb::ApprovalStep step, const Principal& p);

// Separation of duties: PERMISSION_DENIED when `p` already acted on another of PROPOSAL,
// HEAD_REVIEW, CHIEF_DECISION in the current round of `approvals` (actor.id is compared
// with the principal's Name() and id).
absl::Status CheckSeparationOfDuties(const std::vector<pb::ApprovalRecord>& approvals, int round,
                                     pb::ApprovalStep step, const Principal& p);

// Due dates on the working-day calendar (WorkingCalendar in common/calendar).
// registered_on + working_days + paused_working_days working days.
absl::CivilDay DecisionDue(const WorkingCalendar& cal, absl::CivilDay registered_on,
                           int working_days, int paused_working_days);
absl::CivilDay WorkingDaysAfter(const WorkingCalendar& cal, absl::CivilDay from, int days);

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_CHAIN_H_
