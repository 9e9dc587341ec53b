// The approval chain: the caseworker's proposal, the department head's review, the
// chief's decision, the committee resolution and the higher level's approval (审批).
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "aid/access_policy.h"
#include "aid/application_core.h"
#include "aid/chain.h"
#include "aid/config_repository.h"
#include "aid/fund_ledger.h"
#include "common/base/dates.h"
#include "common/base/status_macros.h"
#include "common/base/text.h"
#include "common/base/validate.h"
#include "common/server/tenant.h"

namespace shouhu::aid {
namespace {

void CheckAmountInput(FieldErrors& e, absl::string_view field, const pb::AmountComputation& a) {
  if (a.months() < 1 || a.months() > 120) e.Add(absl::StrCat(field, ".months"), "must be 1-120");
  if (a.minor_costs_fen() < 0) {
    e.Add(absl::StrCat(field, ".minor_costs_fen"), "must not be negative");
  }
  if (a.court_award_ceiling_fen() < 0) {
    e.Add(absl::StrCat(field, ".court_award_ceiling_fen"), "must not be negative");
  }
  CheckText(e, absl::StrCat(field, ".over_cap_justification"), a.over_cap_justification(), 0, 2000);
}

// FAILED_PRECONDITION naming the rules that keep the application from being granted.
absl::Status NotEligible(const pb::EligibilityResult& r) {
  std::vector<std::string> failed;
  bool situation = false;
  for (const pb::RuleOutcome& o : r.outcomes()) {
    if (o.kind() == pb::RuleOutcome::KIND_SITUATION) {
      situation = situation || o.matched();
    } else if (o.matched()) {
      failed.push_back(o.rule_id());
    }
  }
  if (!situation) failed.insert(failed.begin(), "no aid situation (救助情形) matched");
  return absl::FailedPreconditionError(absl::StrCat(
      "not eligible under rule set ", r.rule_set_version(), ": ", absl::StrJoin(failed, ", ")));
}

AidAction ActionOf(pb::ApprovalStep step) {
  switch (step) {
    case pb::APPROVAL_STEP_HEAD_REVIEW:
      return AidAction::kHeadReview;
    case pb::APPROVAL_STEP_CHIEF_DECISION:
      return AidAction::kChiefDecision;
    case pb::APPROVAL_STEP_COMMITTEE:
      return AidAction::kCommittee;
    default:
      return AidAction::kHigherApproval;
  }
}

absl::string_view StepAction(pb::ApprovalStep step) {
  switch (step) {
    case pb::APPROVAL_STEP_HEAD_REVIEW:
      return "head_review";
    case pb::APPROVAL_STEP_CHIEF_DECISION:
      return "chief_decision";
    case pb::APPROVAL_STEP_COMMITTEE:
      return "committee";
    default:
      return "higher_approval";
  }
}

}  // namespace

absl::StatusOr<pb::Application> ApplicationCore::ProposeDecision(
    const Principal& p, const pb::ProposeDecisionRequest& req) {
  RETURN_IF_ERROR(CheckIdTenant(p, req.application_id(), "application_id"));
  FieldErrors e;
  CheckRequestId(e, req.request_id());
  CheckVersion(e, req.version());
  const bool grant = req.decision() == pb::DECISION_KIND_GRANT;
  if (!grant && req.decision() != pb::DECISION_KIND_REFUSE) {
    e.Add("decision", "GRANT or REFUSE is required");
  } else if (grant) {
    if (!req.has_amount()) {
      e.Add("amount", "a grant needs the amount inputs");
    } else {
      CheckAmountInput(e, "amount", req.amount());
    }
    if (req.exclusion_reasons_size() > 0) e.Add("exclusion_reasons", "only a refusal has them");
  } else {
    if (req.exclusion_reasons_size() == 0) {
      e.Add("exclusion_reasons", "a refusal needs at least one exclusion reason");
    }
    for (int r : req.exclusion_reasons()) {
      if (r == 0 || !pb::ExclusionReason_IsValid(r)) {
        e.Add("exclusion_reasons", "unknown exclusion reason");
        break;
      }
    }
    if (req.has_amount()) e.Add("amount", "only a grant has an amount");
  }
  CheckText(e, "opinion", req.opinion(), 1, 2000);
  RETURN_IF_ERROR(e.ToStatus());
  return Mutate(
      p, "ProposeDecision", req, req.request_id(), req.application_id(), req.version(), "propose",
      [&](db::Mutation& m, AppRow& row) -> absl::Status {
        pb::Application& a = row.app;
        RETURN_IF_ERROR(Require(AssignedOrHead(), p, {a.procuratorate_code(), "", a.assigned_to()},
                                "propose a decision"));
        ASSIGN_OR_RETURN(pb::AidPolicy policy, LoadPolicy(m.tx(), a.procuratorate_code()));
        // A department head holds caseworker powers (the access table admits both).
        Principal proposer = p;
        if (p.Has(Role::kDepartmentHead)) proposer.roles.insert(Role::kCaseworker);
        RETURN_IF_ERROR(CheckStepActor(policy, pb::APPROVAL_STEP_PROPOSAL, proposer));
        const std::vector<pb::ApprovalRecord> approvals(a.approvals().begin(), a.approvals().end());
        RETURN_IF_ERROR(
            CheckSeparationOfDuties(approvals, row.round, pb::APPROVAL_STEP_PROPOSAL, p));
        if (row.department.empty()) row.department = p.department;  // an ex officio draft
        if (a.details().original_case().case_number().empty()) {
          return absl::FailedPreconditionError(
              "the case card is incomplete: details.original_case.case_number is required to "
              "propose");
        }
        if (grant && a.details().grounds_size() == 0) {
          return absl::FailedPreconditionError(
              "the case card is incomplete: details.grounds needs at least one aid ground");
        }
        if (PartyKey(*d_.cipher, row).empty()) {
          return absl::FailedPreconditionError(
              "the case card is incomplete: details.applicant_person_id is required to propose");
        }
        RETURN_IF_ERROR(ClaimParty(m.tx(), row, m.now()));
        ASSIGN_OR_RETURN(*a.mutable_eligibility(), Eligibility(m.tx(), row));
        if (grant && !a.eligibility().eligible()) return NotEligible(a.eligibility());
        a.clear_amount();
        if (grant) {
          ASSIGN_OR_RETURN(*a.mutable_amount(), Amount(m.tx(), row, req.amount(), false));
        }
        a.set_proposed_decision(req.decision());
        a.clear_exclusion_reasons();
        for (int r : req.exclusion_reasons()) {
          a.add_exclusion_reasons(static_cast<pb::ExclusionReason>(r));
        }
        const ChainFacts facts{req.decision(), a.amount().committee_required(), false,
                               a.amount().over_cap(), false};
        ASSIGN_OR_RETURN(pb::ApplicationStatus next, NextStatus(a.status(), AidAction::kPropose,
                                                                pb::APPROVAL_OUTCOME_AGREE, facts));
        pb::ApprovalRecord r;
        r.set_step(pb::APPROVAL_STEP_PROPOSAL);
        r.set_outcome(pb::APPROVAL_OUTCOME_AGREE);
        r.mutable_actor()->set_principal(p.Name());
        r.mutable_actor()->set_display_name(p.display_name);
        r.set_actor_title(p.title);
        *r.mutable_at() = ToTimestamp(m.now());
        r.set_opinion(req.opinion());
        r.set_amount_fen(a.amount().amount_fen());
        r.set_round(row.round);
        RETURN_IF_ERROR(repo_.AddApproval(m.tx(), a.application_id(), a.procuratorate_code(),
                                          a.approvals_size() + 1, r));
        *a.add_approvals() = std::move(r);
        a.set_status(next);
        return absl::OkStatus();
      });
}

absl::StatusOr<pb::Application> ApplicationCore::Approve(const Principal& p,
                                                         absl::string_view method,
                                                         pb::ApprovalStep step,
                                                         const pb::ApprovalRequest& req) {
  RETURN_IF_ERROR(CheckIdTenant(p, req.application_id(), "application_id"));
  const absl::CivilDay today = Today();
  FieldErrors e;
  CheckRequestId(e, req.request_id());
  CheckVersion(e, req.version());
  const bool agree = req.outcome() == pb::APPROVAL_OUTCOME_AGREE;
  if (!agree && req.outcome() != pb::APPROVAL_OUTCOME_RETURN) {
    e.Add("outcome", "AGREE or RETURN is required");
  }
  CheckText(e, "opinion", req.opinion(), agree ? 0 : 1, 2000);
  const bool higher = step == pb::APPROVAL_STEP_HIGHER_LEVEL;
  CheckText(e, "document_ref", req.document_ref(), higher && agree ? 1 : 0, 64);
  CheckText(e, "decided_by_body", req.decided_by_body(), higher ? 1 : 0, 128);
  if (req.has_decided_on()) {
    const cpb::Date& d = req.decided_on();
    if (!ParseDateString(DateString(d)).has_value() || ToCivilDay(d) > today) {
      e.Add("decided_on", "must be a real date, not in the future");
    }
  }
  if (req.has_amount()) {
    if (!agree) e.Add("amount", "only an agreement may change the amount");
    CheckAmountInput(e, "amount", req.amount());
    CheckText(e, "amount_reason", req.amount_reason(), 1, 500);
  } else if (!req.amount_reason().empty()) {
    e.Add("amount_reason", "only with a changed amount");
  }
  RETURN_IF_ERROR(e.ToStatus());
  return Mutate(
      p, method, req, req.request_id(), req.application_id(), req.version(), StepAction(step),
      [&](db::Mutation& m, AppRow& row) -> absl::Status {
        pb::Application& a = row.app;
        ASSIGN_OR_RETURN(pb::AidPolicy policy, LoadPolicy(m.tx(), a.procuratorate_code()));
        RETURN_IF_ERROR(CheckStepActor(policy, step, p));
        const std::vector<pb::ApprovalRecord> approvals(a.approvals().begin(), a.approvals().end());
        RETURN_IF_ERROR(CheckSeparationOfDuties(approvals, row.round, step, p));
        const bool grant = a.proposed_decision() == pb::DECISION_KIND_GRANT;
        if (req.has_amount() && !grant) {
          FieldErrors refusal;
          refusal.Add("amount", "the proposal is a refusal: it has no amount");
          return refusal.ToStatus();
        }
        bool committee_done = false;
        bool higher_done = false;
        for (const pb::ApprovalRecord& r : approvals) {
          if (r.round() != row.round || r.outcome() != pb::APPROVAL_OUTCOME_AGREE) continue;
          committee_done = committee_done || r.step() == pb::APPROVAL_STEP_COMMITTEE;
          higher_done = higher_done || r.step() == pb::APPROVAL_STEP_HIGHER_LEVEL;
        }
        if (agree && step == pb::APPROVAL_STEP_COMMITTEE) committee_done = true;
        if (agree && higher) higher_done = true;
        const int64_t previous = a.amount().amount_fen();
        if (req.has_amount()) {
          ASSIGN_OR_RETURN(*a.mutable_amount(), Amount(m.tx(), row, req.amount(), higher_done));
        } else if (grant && higher_done) {
          a.mutable_amount()->set_over_cap_approved(true);
        }
        const ChainFacts facts{a.proposed_decision(), a.amount().committee_required(),
                               committee_done, a.amount().over_cap(), higher_done};
        ASSIGN_OR_RETURN(pb::ApplicationStatus next,
                         NextStatus(a.status(), ActionOf(step), req.outcome(), facts));
        const absl::CivilDay decided =
            req.has_decided_on() ? ToCivilDay(req.decided_on()) : ChinaDay(m.now());
        pb::ApprovalRecord r;
        r.set_step(step);
        r.set_outcome(req.outcome());
        r.mutable_actor()->set_principal(p.Name());
        r.mutable_actor()->set_display_name(p.display_name);
        r.set_actor_title(p.title);
        *r.mutable_at() = ToTimestamp(m.now());
        r.set_opinion(req.opinion());
        r.set_document_ref(req.document_ref());
        r.set_previous_amount_fen(previous);
        r.set_amount_fen(a.amount().amount_fen());
        r.set_amount_reason(req.amount_reason());
        r.set_decided_by_body(req.decided_by_body());
        *r.mutable_decided_on() = FromCivilDay(decided);
        r.set_round(row.round);
        RETURN_IF_ERROR(repo_.AddApproval(m.tx(), a.application_id(), a.procuratorate_code(),
                                          a.approvals_size() + 1, r));
        *a.add_approvals() = std::move(r);
        if (!agree) ++row.round;
        if (step == pb::APPROVAL_STEP_CHIEF_DECISION && agree && !req.document_ref().empty()) {
          a.set_decision_document_number(req.document_ref());
        }
        if (next == pb::APPLICATION_STATUS_APPROVED || next == pb::APPLICATION_STATUS_REFUSED) {
          ASSIGN_OR_RETURN(*a.mutable_eligibility(), Eligibility(m.tx(), row));
          *a.mutable_decided_on() = FromCivilDay(decided);
        }
        if (next == pb::APPLICATION_STATUS_APPROVED) {
          if (!a.eligibility().eligible()) return NotEligible(a.eligibility());
          const int64_t approved = a.amount().amount_fen();
          int64_t reserve = approved;
          if (a.emergency().amount_fen() > 0) {
            const int64_t advance = a.emergency().amount_fen();
            a.mutable_emergency()->set_settlement(approved >= advance
                                                      ? pb::EmergencyAdvance::SETTLEMENT_OFFSET
                                                      : pb::EmergencyAdvance::SETTLEMENT_RECOVER);
            reserve = approved > advance ? approved - advance : 0;
          }
          if (reserve > 0) {
            RETURN_IF_ERROR(ReserveFunds(m.tx(), FundMove{.procuratorate = a.procuratorate_code(),
                                                          .year = static_cast<int>(decided.year()),
                                                          .pot = pb::FUND_POT_REGULAR,
                                                          .amount_fen = reserve,
                                                          .application_id = a.application_id(),
                                                          .payment_id = "",
                                                          .actor = p.Name(),
                                                          .at = m.now()}));
          }
          a.set_approved_fen(approved);
          a.set_reserved_fen(reserve);
        } else if (next == pb::APPLICATION_STATUS_REFUSED) {
          RETURN_IF_ERROR(repo_.ReleaseClaim(m.tx(), a.application_id()));
          RETURN_IF_ERROR(SettleAdvanceWithoutAward(m.tx(), d_, row, kRefusedAdvanceReason,
                                                    p.Name(), req.request_id(), m.now()));
        }
        a.set_status(next);
        return absl::OkStatus();
      });
}

absl::StatusOr<pb::Application> ApplicationCore::ReviewProposal(const Principal& p,
                                                                const pb::ApprovalRequest& req) {
  return Approve(p, "ReviewProposal", pb::APPROVAL_STEP_HEAD_REVIEW, req);
}

absl::StatusOr<pb::Application> ApplicationCore::DecideApplication(const Principal& p,
                                                                   const pb::ApprovalRequest& req) {
  return Approve(p, "DecideApplication", pb::APPROVAL_STEP_CHIEF_DECISION, req);
}

absl::StatusOr<pb::Application> ApplicationCore::RecordCommitteeResolution(
    const Principal& p, const pb::ApprovalRequest& req) {
  return Approve(p, "RecordCommitteeResolution", pb::APPROVAL_STEP_COMMITTEE, req);
}

absl::StatusOr<pb::Application> ApplicationCore::RecordHigherApproval(
    const Principal& p, const pb::ApprovalRequest& req) {
  return Approve(p, "RecordHigherApproval", pb::APPROVAL_STEP_HIGHER_LEVEL, req);
}

}  // namespace shouhu::aid
