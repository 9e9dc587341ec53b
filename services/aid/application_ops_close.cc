// Emergency advance aid (先行救助), materials requests (the decision clock's pause),
// withdrawal and the ends of an approved application (revoked, closed unpaid).
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
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

absl::Status CheckCommon(FieldErrors& e, const std::string& request_id, int64_t version) {
  CheckRequestId(e, request_id);
  CheckVersion(e, version);
  return e.ToStatus();
}

ChainFacts FactsOf(const pb::Application& a) {
  return ChainFacts{a.proposed_decision(), a.amount().committee_required(), false,
                    a.amount().over_cap(), a.amount().over_cap_approved()};
}

absl::Status AssignedOrHeadOn(const Principal& p, const pb::Application& a,
                              absl::string_view what) {
  return Require(AssignedOrHead(), p, {a.procuratorate_code(), "", a.assigned_to()}, what);
}

}  // namespace

absl::StatusOr<pb::Application> ApplicationCore::ApproveEmergencyAid(
    const Principal& p, const pb::ApproveEmergencyAidRequest& req) {
  RETURN_IF_ERROR(CheckIdTenant(p, req.application_id(), "application_id"));
  FieldErrors e;
  if (req.amount_fen() <= 0) e.Add("amount_fen", "must be positive");
  CheckText(e, "reason", req.reason(), 1, 2000);
  RETURN_IF_ERROR(CheckCommon(e, req.request_id(), req.version()));
  return Mutate(
      p, "ApproveEmergencyAid", req, req.request_id(), req.application_id(), req.version(),
      "emergency_approve", [&](db::Mutation& m, AppRow& row) -> absl::Status {
        pb::Application& a = row.app;
        ASSIGN_OR_RETURN(pb::AidPolicy policy, LoadPolicy(m.tx(), a.procuratorate_code()));
        RETURN_IF_ERROR(CheckStepActor(policy, pb::APPROVAL_STEP_EMERGENCY, p));
        if (!BeforeDecision(a.status())) {
          return absl::FailedPreconditionError(
              "emergency aid is approved only before the application is decided");
        }
        if (a.emergency().amount_fen() > 0) {
          return absl::FailedPreconditionError("emergency aid was already approved");
        }
        if (req.amount_fen() > policy.emergency_cap_fen()) {
          FieldErrors cap;
          cap.Add("amount_fen",
                  absl::StrCat("above the emergency cap of ", policy.emergency_cap_fen(), " fen"));
          return cap.ToStatus();
        }
        const absl::CivilDay today = ChinaDay(m.now());
        RETURN_IF_ERROR(ReserveFunds(m.tx(), FundMove{.procuratorate = a.procuratorate_code(),
                                                      .year = static_cast<int>(today.year()),
                                                      .pot = pb::FUND_POT_EMERGENCY,
                                                      .amount_fen = req.amount_fen(),
                                                      .application_id = a.application_id(),
                                                      .payment_id = "",
                                                      .actor = p.Name(),
                                                      .at = m.now()}));
        pb::EmergencyAdvance* adv = a.mutable_emergency();
        adv->set_amount_fen(req.amount_fen());
        adv->set_reason(req.reason());
        row.emergency_reason = req.reason();
        adv->mutable_approved_by()->set_principal(p.Name());
        adv->mutable_approved_by()->set_display_name(p.display_name);
        adv->set_approver_title(p.title);
        *adv->mutable_approved_at() = ToTimestamp(m.now());
        *adv->mutable_paperwork_due_on() = FromCivilDay(
            WorkingDaysAfter(*d_.calendar, today, policy.emergency_paperwork_working_days()));
        pb::ApprovalRecord r;
        r.set_step(pb::APPROVAL_STEP_EMERGENCY);
        r.set_outcome(pb::APPROVAL_OUTCOME_AGREE);
        r.mutable_actor()->set_principal(p.Name());
        r.mutable_actor()->set_display_name(p.display_name);
        r.set_actor_title(p.title);
        *r.mutable_at() = ToTimestamp(m.now());
        r.set_opinion(req.reason());
        r.set_amount_fen(req.amount_fen());
        *r.mutable_decided_on() = FromCivilDay(today);
        r.set_round(row.round);
        RETURN_IF_ERROR(repo_.AddApproval(m.tx(), a.application_id(), a.procuratorate_code(),
                                          a.approvals_size() + 1, r));
        *a.add_approvals() = std::move(r);
        return absl::OkStatus();
      });
}

absl::StatusOr<pb::Application> ApplicationCore::CompleteEmergencyPaperwork(
    const Principal& p, const pb::CompleteEmergencyPaperworkRequest& req) {
  RETURN_IF_ERROR(CheckIdTenant(p, req.application_id(), "application_id"));
  FieldErrors e;
  RETURN_IF_ERROR(CheckCommon(e, req.request_id(), req.version()));
  return Mutate(p, "CompleteEmergencyPaperwork", req, req.request_id(), req.application_id(),
                req.version(), "emergency_paperwork",
                [&](db::Mutation& m, AppRow& row) -> absl::Status {
                  RETURN_IF_ERROR(AssignedOrHeadOn(p, row.app, "complete the paperwork"));
                  pb::EmergencyAdvance* adv = row.app.mutable_emergency();
                  if (adv->amount_fen() == 0) {
                    return absl::FailedPreconditionError("no emergency aid was approved");
                  }
                  if (adv->paperwork_done()) {
                    return absl::FailedPreconditionError("the paperwork is already complete");
                  }
                  adv->set_paperwork_done(true);
                  *adv->mutable_paperwork_done_at() = ToTimestamp(m.now());
                  return absl::OkStatus();
                });
}

absl::StatusOr<pb::Application> ApplicationCore::WithdrawApplication(
    const Principal& p, const pb::WithdrawApplicationRequest& req) {
  RETURN_IF_ERROR(CheckIdTenant(p, req.application_id(), "application_id"));
  FieldErrors e;
  CheckText(e, "reason", req.reason(), 1, 2000);
  RETURN_IF_ERROR(CheckCommon(e, req.request_id(), req.version()));
  return Mutate(
      p, "WithdrawApplication", req, req.request_id(), req.application_id(), req.version(),
      "withdraw", [&](db::Mutation& m, AppRow& row) -> absl::Status {
        pb::Application& a = row.app;
        RETURN_IF_ERROR(AssignedOrHeadOn(p, a, "record a withdrawal"));
        ASSIGN_OR_RETURN(pb::ApplicationStatus next,
                         NextStatus(a.status(), AidAction::kWithdraw,
                                    pb::APPROVAL_OUTCOME_UNSPECIFIED, FactsOf(a)));
        RETURN_IF_ERROR(repo_.ReleaseClaim(m.tx(), a.application_id()));
        RETURN_IF_ERROR(SettleAdvanceWithoutAward(m.tx(), d_, row, kWithdrawnAdvanceReason,
                                                  p.Name(), req.request_id(), m.now()));
        row.closing_reason = req.reason();
        a.set_closing_reason(req.reason());
        a.set_status(next);
        return absl::OkStatus();
      });
}

absl::StatusOr<pb::Application> ApplicationCore::RequestMaterials(
    const Principal& p, const pb::RequestMaterialsRequest& req) {
  RETURN_IF_ERROR(CheckIdTenant(p, req.application_id(), "application_id"));
  FieldErrors e;
  if (req.materials_size() == 0) e.Add("materials", "name at least one material");
  for (int k : req.materials()) {
    if (k == 0 || !pb::MaterialKind_IsValid(k)) {
      e.Add("materials", "unknown material kind");
      break;
    }
  }
  CheckText(e, "note", req.note(), 0, 500);
  RETURN_IF_ERROR(CheckCommon(e, req.request_id(), req.version()));
  return Mutate(p, "RequestMaterials", req, req.request_id(), req.application_id(), req.version(),
                "request_materials", [&](db::Mutation& m, AppRow& row) -> absl::Status {
                  pb::Application& a = row.app;
                  RETURN_IF_ERROR(AssignedOrHeadOn(p, a, "request materials"));
                  ASSIGN_OR_RETURN(pb::ApplicationStatus next,
                                   NextStatus(a.status(), AidAction::kRequestMaterials,
                                              pb::APPROVAL_OUTCOME_UNSPECIFIED, FactsOf(a)));
                  a.clear_materials_requested();
                  pb::MaterialsRequestRecord r;
                  for (int k : req.materials()) {
                    a.add_materials_requested(static_cast<pb::MaterialKind>(k));
                    r.add_materials(static_cast<pb::MaterialKind>(k));
                  }
                  *a.mutable_materials_requested_on() = FromCivilDay(ChinaDay(m.now()));
                  r.set_note(req.note());
                  *r.mutable_requested_on() = a.materials_requested_on();
                  r.mutable_requested_by()->set_principal(p.Name());
                  r.mutable_requested_by()->set_display_name(p.display_name);
                  RETURN_IF_ERROR(repo_.AddMaterialsRequest(m.tx(), a.application_id(),
                                                            a.procuratorate_code(),
                                                            a.materials_requests_size() + 1, r));
                  *a.add_materials_requests() = std::move(r);
                  a.set_status(next);
                  return absl::OkStatus();
                });
}

absl::StatusOr<pb::Application> ApplicationCore::MaterialsReceived(
    const Principal& p, const pb::MaterialsReceivedRequest& req) {
  RETURN_IF_ERROR(CheckIdTenant(p, req.application_id(), "application_id"));
  const absl::CivilDay today = Today();
  FieldErrors e;
  for (int k : req.materials()) {
    if (k == 0 || !pb::MaterialKind_IsValid(k)) {
      e.Add("materials", "unknown material kind");
      break;
    }
  }
  if (req.has_received_on() && (!ParseDateString(DateString(req.received_on())).has_value() ||
                                ToCivilDay(req.received_on()) > today)) {
    e.Add("received_on", "must be a real date, not in the future");
  }
  RETURN_IF_ERROR(CheckCommon(e, req.request_id(), req.version()));
  return Mutate(
      p, "MaterialsReceived", req, req.request_id(), req.application_id(), req.version(),
      "materials_received", [&](db::Mutation& m, AppRow& row) -> absl::Status {
        pb::Application& a = row.app;
        RETURN_IF_ERROR(AssignedOrHeadOn(p, a, "record materials"));
        ASSIGN_OR_RETURN(pb::ApplicationStatus next,
                         NextStatus(a.status(), AidAction::kMaterialsReceived,
                                    pb::APPROVAL_OUTCOME_UNSPECIFIED, FactsOf(a)));
        const absl::CivilDay requested = ToCivilDay(a.materials_requested_on());
        const absl::CivilDay received =
            req.has_received_on() ? ToCivilDay(req.received_on()) : ChinaDay(m.now());
        if (received < requested) {
          FieldErrors before;
          before.Add("received_on", "before the materials were requested");
          return before.ToStatus();
        }
        int paused = 0;
        for (absl::CivilDay d = requested + 1; d <= received; ++d) {
          if (d_.calendar->IsWorkingDay(d)) ++paused;
        }
        ASSIGN_OR_RETURN(pb::AidPolicy policy, LoadPolicy(m.tx(), a.procuratorate_code()));
        a.set_paused_working_days(a.paused_working_days() + paused);
        *a.mutable_decision_due_on() =
            FromCivilDay(DecisionDue(*d_.calendar, ToCivilDay(a.registered_on()),
                                     policy.decision_working_days(), a.paused_working_days()));
        pb::ApplicationDetails* d = a.mutable_details();
        for (int k : req.materials()) {
          if (std::find(d->materials().begin(), d->materials().end(), k) == d->materials().end()) {
            d->add_materials(static_cast<pb::MaterialKind>(k));
          }
        }
        const int open = a.materials_requests_size();
        if (open > 0 && !a.materials_requests(open - 1).has_answered_on()) {
          pb::MaterialsRequestRecord* r = a.mutable_materials_requests(open - 1);
          *r->mutable_answered_on() = FromCivilDay(received);
          RETURN_IF_ERROR(
              repo_.AnswerMaterialsRequest(m.tx(), a.application_id(), open, r->answered_on()));
        }
        a.clear_materials_requested();
        a.clear_materials_requested_on();
        a.set_status(next);
        return absl::OkStatus();
      });
}

absl::StatusOr<pb::Application> ApplicationCore::RevokeDecision(
    const Principal& p, const pb::CloseApplicationRequest& req) {
  RETURN_IF_ERROR(CheckIdTenant(p, req.application_id(), "application_id"));
  FieldErrors e;
  CheckText(e, "reason", req.reason(), 1, 2000);
  RETURN_IF_ERROR(CheckCommon(e, req.request_id(), req.version()));
  return Mutate(p, "RevokeDecision", req, req.request_id(), req.application_id(), req.version(),
                "revoke", [&](db::Mutation& m, AppRow& row) -> absl::Status {
                  pb::Application& a = row.app;
                  ASSIGN_OR_RETURN(pb::ApplicationStatus next,
                                   NextStatus(a.status(), AidAction::kRevoke,
                                              pb::APPROVAL_OUTCOME_UNSPECIFIED, FactsOf(a)));
                  // What the regular pot still holds for the application: the reservation less what
                  // was paid out of it (advance payments come from the emergency pot).
                  const int64_t paid_regular =
                      std::max<int64_t>(0, a.paid_fen() - a.emergency().paid_fen());
                  const int64_t unpaid = std::max<int64_t>(0, a.reserved_fen() - paid_regular);
                  if (unpaid > 0) {
                    RETURN_IF_ERROR(ReleaseDecided(m.tx(), a, unpaid, p.Name(), m.now()));
                    a.set_reserved_fen(a.reserved_fen() - unpaid);
                  }
                  if (a.paid_fen() == 0)
                    RETURN_IF_ERROR(repo_.ReleaseClaim(m.tx(), a.application_id()));
                  row.closing_reason = req.reason();
                  a.set_closing_reason(req.reason());
                  a.set_status(next);
                  return absl::OkStatus();
                });
}

absl::StatusOr<pb::Application> ApplicationCore::CloseUnpaid(
    const Principal& p, const pb::CloseApplicationRequest& req) {
  RETURN_IF_ERROR(CheckIdTenant(p, req.application_id(), "application_id"));
  FieldErrors e;
  CheckText(e, "reason", req.reason(), 1, 2000);
  RETURN_IF_ERROR(CheckCommon(e, req.request_id(), req.version()));
  return Mutate(p, "CloseUnpaid", req, req.request_id(), req.application_id(), req.version(),
                "close_unpaid", [&](db::Mutation& m, AppRow& row) -> absl::Status {
                  pb::Application& a = row.app;
                  RETURN_IF_ERROR(AssignedOrHeadOn(p, a, "close the application"));
                  ASSIGN_OR_RETURN(pb::ApplicationStatus next,
                                   NextStatus(a.status(), AidAction::kCloseUnpaid,
                                              pb::APPROVAL_OUTCOME_UNSPECIFIED, FactsOf(a)));
                  if (a.paid_fen() > 0) {
                    return absl::FailedPreconditionError(
                        "money was paid: revoke the decision and open a recovery instead");
                  }
                  if (a.reserved_fen() > 0) {
                    RETURN_IF_ERROR(ReleaseDecided(m.tx(), a, a.reserved_fen(), p.Name(), m.now()));
                    a.set_reserved_fen(0);
                  }
                  RETURN_IF_ERROR(repo_.ReleaseClaim(m.tx(), a.application_id()));
                  row.closing_reason = req.reason();
                  a.set_closing_reason(req.reason());
                  a.set_status(next);
                  return absl::OkStatus();
                });
}

}  // namespace shouhu::aid
