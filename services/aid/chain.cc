#include "aid/chain.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace shouhu::aid {
namespace {

using S = pb::ApplicationStatus;

absl::Status Illegal(S from, AidAction action) {
  return absl::FailedPreconditionError(absl::StrCat("an application in status ",
                                                    pb::ApplicationStatus_Name(from),
                                                    " does not allow ", AidActionName(action)));
}

// Where an agreed decision goes once the steps before it are done.
absl::StatusOr<S> AfterAgree(S from, AidAction action, const ChainFacts& f, bool committee_step) {
  if (f.proposed == pb::DECISION_KIND_REFUSE) return pb::APPLICATION_STATUS_REFUSED;
  if (f.proposed != pb::DECISION_KIND_GRANT) {
    return absl::FailedPreconditionError(
        absl::StrCat("an application in status ", pb::ApplicationStatus_Name(from),
                     " has no proposed decision to ", AidActionName(action)));
  }
  if (!committee_step && f.committee_required && !f.committee_done) {
    return pb::APPLICATION_STATUS_PENDING_COMMITTEE;
  }
  if (f.over_cap && !f.over_cap_approved) return pb::APPLICATION_STATUS_PENDING_HIGHER_APPROVAL;
  return pb::APPLICATION_STATUS_APPROVED;
}

bool IsRoundStep(pb::ApprovalStep s) {
  return s == pb::APPROVAL_STEP_PROPOSAL || s == pb::APPROVAL_STEP_HEAD_REVIEW ||
         s == pb::APPROVAL_STEP_CHIEF_DECISION;
}

}  // namespace

absl::string_view AidActionName(AidAction a) {
  switch (a) {
    case AidAction::kPropose:
      return "propose";
    case AidAction::kHeadReview:
      return "head_review";
    case AidAction::kChiefDecision:
      return "chief_decision";
    case AidAction::kCommittee:
      return "committee_resolution";
    case AidAction::kHigherApproval:
      return "higher_approval";
    case AidAction::kWithdraw:
      return "withdraw";
    case AidAction::kRequestMaterials:
      return "request_materials";
    case AidAction::kMaterialsReceived:
      return "materials_received";
    case AidAction::kRevoke:
      return "revoke";
    case AidAction::kCloseUnpaid:
      return "close_unpaid";
    case AidAction::kPaidInFull:
      return "paid_in_full";
    case AidAction::kCaseClosed:
      return "case_closed";
  }
  return "unknown";
}

bool BeforeDecision(pb::ApplicationStatus s) {
  return s == pb::APPLICATION_STATUS_UNDER_REVIEW ||
         s == pb::APPLICATION_STATUS_PENDING_HEAD_REVIEW ||
         s == pb::APPLICATION_STATUS_PENDING_CHIEF_DECISION ||
         s == pb::APPLICATION_STATUS_PENDING_COMMITTEE ||
         s == pb::APPLICATION_STATUS_PENDING_HIGHER_APPROVAL ||
         s == pb::APPLICATION_STATUS_MATERIALS_REQUESTED;
}

bool IsFinal(pb::ApplicationStatus s) {
  return s == pb::APPLICATION_STATUS_REFUSED || s == pb::APPLICATION_STATUS_WITHDRAWN ||
         s == pb::APPLICATION_STATUS_PAID || s == pb::APPLICATION_STATUS_REVOKED ||
         s == pb::APPLICATION_STATUS_CLOSED_UNPAID;
}

absl::StatusOr<pb::ApplicationStatus> NextStatus(pb::ApplicationStatus from, AidAction action,
                                                 pb::ApprovalOutcome outcome,
                                                 const ChainFacts& facts) {
  const bool review = action == AidAction::kHeadReview || action == AidAction::kChiefDecision ||
                      action == AidAction::kCommittee || action == AidAction::kHigherApproval;
  if (review && outcome != pb::APPROVAL_OUTCOME_AGREE && outcome != pb::APPROVAL_OUTCOME_RETURN) {
    return absl::InvalidArgumentError("outcome: must be AGREE or RETURN");
  }
  const bool agree = outcome == pb::APPROVAL_OUTCOME_AGREE;
  switch (action) {
    case AidAction::kPropose:
      if (from != pb::APPLICATION_STATUS_UNDER_REVIEW) break;
      return pb::APPLICATION_STATUS_PENDING_HEAD_REVIEW;
    case AidAction::kHeadReview:
      if (from != pb::APPLICATION_STATUS_PENDING_HEAD_REVIEW) break;
      return agree ? pb::APPLICATION_STATUS_PENDING_CHIEF_DECISION
                   : pb::APPLICATION_STATUS_UNDER_REVIEW;
    case AidAction::kChiefDecision:
      if (from != pb::APPLICATION_STATUS_PENDING_CHIEF_DECISION) break;
      if (!agree) return pb::APPLICATION_STATUS_UNDER_REVIEW;
      return AfterAgree(from, action, facts, /*committee_step=*/false);
    case AidAction::kCommittee:
      if (from != pb::APPLICATION_STATUS_PENDING_COMMITTEE) break;
      if (!agree) return pb::APPLICATION_STATUS_UNDER_REVIEW;
      return AfterAgree(from, action, facts, /*committee_step=*/true);
    case AidAction::kHigherApproval:
      if (from != pb::APPLICATION_STATUS_PENDING_HIGHER_APPROVAL) break;
      return agree ? pb::APPLICATION_STATUS_APPROVED : pb::APPLICATION_STATUS_UNDER_REVIEW;
    case AidAction::kWithdraw:
      if (!BeforeDecision(from)) break;
      return pb::APPLICATION_STATUS_WITHDRAWN;
    case AidAction::kRequestMaterials:
      if (from != pb::APPLICATION_STATUS_UNDER_REVIEW) break;
      return pb::APPLICATION_STATUS_MATERIALS_REQUESTED;
    case AidAction::kMaterialsReceived:
      if (from != pb::APPLICATION_STATUS_MATERIALS_REQUESTED) break;
      return pb::APPLICATION_STATUS_UNDER_REVIEW;
    case AidAction::kRevoke:
      if (from != pb::APPLICATION_STATUS_APPROVED) break;
      return pb::APPLICATION_STATUS_REVOKED;
    case AidAction::kCloseUnpaid:
      if (from != pb::APPLICATION_STATUS_APPROVED) break;
      return pb::APPLICATION_STATUS_CLOSED_UNPAID;
    case AidAction::kPaidInFull:
      if (from != pb::APPLICATION_STATUS_APPROVED) break;
      return pb::APPLICATION_STATUS_PAID;
    case AidAction::kCaseClosed:
      if (!BeforeDecision(from)) break;
      return pb::APPLICATION_STATUS_CLOSED_UNPAID;
  }
  return Illegal(from, action);
}

absl::Status CheckStepActor(const pb::AidPolicy& policy, pb::ApprovalStep step,
                            const Principal& p) {
  const std::string step_name = pb::ApprovalStep_Name(step);
  for (const pb::StepActors& row : policy.step_actors()) {
    if (row.step() != step) continue;
    absl::StatusOr<Role> role = ParseRole(row.role());
    bool ok = role.ok() && p.kind == Principal::Kind::kUser && p.Has(*role);
    if (ok && !row.titles().empty()) {
      ok = false;
      for (const std::string& t : row.titles()) ok = ok || t == p.title;
    }
    if (ok) return absl::OkStatus();
    return absl::PermissionDeniedError(absl::StrCat(
        "only ", row.role(),
        row.titles().empty() ? ""
                             : absl::StrCat(" with title ", absl::StrJoin(row.titles(), " or ")),
        " may act on ", step_name));
  }
  return absl::PermissionDeniedError(
      absl::StrCat("the aid policy names nobody who may act on ", step_name));
}

absl::Status CheckSeparationOfDuties(const std::vector<pb::ApprovalRecord>& approvals, int round,
                                     pb::ApprovalStep step, const Principal& p) {
  if (!IsRoundStep(step)) return absl::OkStatus();
  const std::string name = p.Name();
  for (const pb::ApprovalRecord& r : approvals) {
    if (r.round() != round || r.step() == step || !IsRoundStep(r.step())) continue;
    if (r.actor().principal() == name) {
      return absl::PermissionDeniedError(absl::StrCat(
          name, " already acted on ", pb::ApprovalStep_Name(r.step()), " in round ", round,
          " and may not act on ", pb::ApprovalStep_Name(step), " (separation of duties)"));
    }
  }
  return absl::OkStatus();
}

absl::CivilDay WorkingDaysAfter(const WorkingCalendar& cal, absl::CivilDay from, int days) {
  return cal.AddWorkingDays(from, days);
}

absl::CivilDay DecisionDue(const WorkingCalendar& cal, absl::CivilDay registered_on,
                           int working_days, int paused_working_days) {
  return cal.AddWorkingDays(registered_on, working_days + paused_working_days);
}

}  // namespace shouhu::aid
