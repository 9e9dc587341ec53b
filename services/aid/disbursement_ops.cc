// Disbursement plans: planning, reads, the funds' arrival, the applicant's notification,
// amendments and guardian withdrawals. Payments are in disbursement_ops_payment.cc.
#include "aid/disbursement_ops.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "aid/access_policy.h"
#include "aid/config_repository.h"
#include "aid/deadline_changes.h"
#include "aid/disbursement_ops_internal.h"
#include "aid/ids.h"
#include "common/base/dates.h"
#include "common/base/paging.h"
#include "common/base/status_macros.h"
#include "common/base/validate.h"
#include "common/server/tenant.h"

namespace shouhu::aid {

namespace {

bool Protected(pb::Custody c) {
  return c == pb::CUSTODY_CUSTODIAL_ACCOUNT || c == pb::CUSTODY_NOTARY_ESCROW ||
         c == pb::CUSTODY_THREE_PARTY_AGREEMENT;
}

bool FinalStatus(pb::ApplicationStatus s) {
  return s == pb::APPLICATION_STATUS_REFUSED || s == pb::APPLICATION_STATUS_WITHDRAWN ||
         s == pb::APPLICATION_STATUS_PAID || s == pb::APPLICATION_STATUS_REVOKED ||
         s == pb::APPLICATION_STATUS_CLOSED_UNPAID;
}

}  // namespace

pb::Disbursement DisbursementCore::Present(pb::Disbursement d, absl::Time now) const {
  d.set_notify_overdue(d.has_notify_due_on() && !d.has_applicant_notified_at() &&
                       ToCivilDay(d.notify_due_on()) < ChinaDay(now));
  return d;
}

absl::StatusOr<pb::Disbursement> DisbursementCore::Load(db::Tx& tx, const std::string& id) const {
  ASSIGN_OR_RETURN(std::optional<pb::Disbursement> d, repo_.Get(tx, id, /*lock=*/true));
  if (!d.has_value()) return absl::NotFoundError("disbursement_id: no such disbursement");
  return *std::move(d);
}

absl::StatusOr<ApplicationRow> DisbursementCore::LoadApplication(db::Tx& tx,
                                                                 const std::string& id) const {
  ASSIGN_OR_RETURN(std::optional<ApplicationRow> a, repo_.GetApplication(tx, id));
  if (!a.has_value()) return absl::NotFoundError("application_id: no such application");
  return *std::move(a);
}

absl::Status DisbursementCore::MaybePaid(db::Tx& tx, const std::string& application_id,
                                         absl::Time now) const {
  ASSIGN_OR_RETURN(bool complete, repo_.AwardComplete(tx, application_id));
  if (!complete) return absl::OkStatus();
  return repo_.SetApplicationStatus(tx, application_id, pb::APPLICATION_STATUS_APPROVED,
                                    pb::APPLICATION_STATUS_PAID, now);
}

absl::StatusOr<pb::Disbursement> DisbursementCore::PlanDisbursement(
    const Principal& p, const pb::PlanDisbursementRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "DisbursementService", "PlanDisbursement"));
  RETURN_IF_ERROR(CheckIdTenant(p, req.application_id(), "application_id"));
  FieldErrors errors;
  CheckRequestId(errors, req.request_id());
  if (req.purpose() != pb::DISBURSEMENT_PURPOSE_AWARD &&
      req.purpose() != pb::DISBURSEMENT_PURPOSE_EMERGENCY_ADVANCE) {
    errors.Add("purpose", "AWARD or EMERGENCY_ADVANCE");
  }
  if (req.method() != pb::DISBURSEMENT_METHOD_LUMP_SUM &&
      req.method() != pb::DISBURSEMENT_METHOD_INSTALMENTS) {
    errors.Add("method", "LUMP_SUM or INSTALMENTS");
  }
  if (req.custody() < pb::CUSTODY_NONE || req.custody() > pb::CUSTODY_THREE_PARTY_AGREEMENT) {
    errors.Add("custody", "required: NONE or a protected form");
  }
  CheckText(errors, "custodian", req.custodian(), 0, 200);
  if (Protected(req.custody())) {
    CheckText(errors, "custody_agreement_ref", req.custody_agreement_ref(), 1, 128);
  } else if (!req.custody_agreement_ref().empty()) {
    errors.Add("custody_agreement_ref", "only for a protected form of custody");
  }
  CheckText(errors, "release_condition", req.release_condition(), 0, 200);
  if (req.custody() == pb::CUSTODY_CUSTODIAL_ACCOUNT) {
    if (req.guardian_monthly_limit_fen() <= 0) {
      errors.Add("guardian_monthly_limit_fen", "a custodial account needs a positive limit");
    }
  } else if (req.guardian_monthly_limit_fen() != 0) {
    errors.Add("guardian_monthly_limit_fen", "only for a custodial account");
  }
  CheckPayee(errors, "payee", req.payee());
  const int64_t total = CheckInstalments(errors, req.method(), req.instalments());
  RETURN_IF_ERROR(errors.ToStatus());
  return mutations_.Run<pb::Disbursement>(
      MutationOf(p, "PlanDisbursement", req.request_id()), req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::Disbursement> {
        db::Tx& tx = m.tx();
        ASSIGN_OR_RETURN(ApplicationRow app, LoadApplication(tx, req.application_id()));
        RETURN_IF_ERROR(Require(
            AssignedOrHead(), p,
            {.procuratorate = app.procuratorate, .agency = "", .assigned_to = app.assigned_to},
            "plan a disbursement"));
        FieldErrors late;
        if (app.victim_minor && req.custody() == pb::CUSTODY_NONE && req.custodian().empty()) {
          late.Add("custodian", "aid to a minor paid without custody needs the reason here");
        }
        RETURN_IF_ERROR(late.ToStatus());
        const bool award = req.purpose() == pb::DISBURSEMENT_PURPOSE_AWARD;
        ASSIGN_OR_RETURN(int64_t planned, repo_.Planned(tx, app.id, req.purpose()));
        int64_t due = 0;
        int64_t advance = 0;
        if (award) {
          if (app.status != pb::APPLICATION_STATUS_APPROVED) {
            return absl::FailedPreconditionError("only an APPROVED application is paid");
          }
          // The approval reserved the approved amount less the approved advance (paid from
          // the EMERGENCY pot), so the award is the rest.
          ASSIGN_OR_RETURN(advance, repo_.EmergencyPaid(tx, app.id));
          due = app.approved_fen - std::max(advance, app.emergency_fen) - planned;
        } else {
          if (app.emergency_fen <= 0 || FinalStatus(app.status)) {
            return absl::FailedPreconditionError(
                "the application has no approved emergency advance");
          }
          due = app.emergency_fen - planned;
        }
        if (due <= 0) {
          return absl::FailedPreconditionError(
              "everything approved is already planned: amend the existing plan");
        }
        if (total != due) {
          FieldErrors sum;
          sum.Add("instalments", absl::StrCat("the instalments must sum to ", due, " fen"));
          return sum.ToStatus();
        }
        pb::Disbursement d;
        d.set_disbursement_id(NewAidId(*d_.ids, AidIdKind::kDisbursement, app.procuratorate));
        d.set_application_id(app.id);
        d.set_case_id(app.case_id);
        d.set_purpose(req.purpose());
        d.set_method(req.method());
        d.set_custody(req.custody());
        d.set_custodian(req.custodian());
        d.set_guardian_monthly_limit_fen(req.guardian_monthly_limit_fen());
        *d.mutable_instalments() = req.instalments();
        for (pb::Instalment& i : *d.mutable_instalments()) i.clear_payment_id();
        d.set_total_fen(total);
        d.set_custody_agreement_ref(req.custody_agreement_ref());
        d.set_release_condition(req.release_condition());
        RETURN_IF_ERROR(repo_.Insert(tx, d, req.payee(), m.now()));
        RETURN_IF_ERROR(m.Audit(
            "aid.disbursement.plan", "disbursement", d.disbursement_id(), app.procuratorate,
            absl::StrCat("{\"application_id\":\"", app.id, "\",\"total_fen\":", total, "}")));
        ASSIGN_OR_RETURN(pb::Disbursement stored, Load(tx, d.disbursement_id()));
        return Present(std::move(stored), m.now());
      });
}

absl::StatusOr<pb::Disbursement> DisbursementCore::GetDisbursement(
    const Principal& p, const pb::GetDisbursementRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "DisbursementService", "GetDisbursement"));
  RETURN_IF_ERROR(CheckIdTenant(p, req.disbursement_id(), "disbursement_id"));
  std::optional<pb::Disbursement> out;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool,
                                       [&](db::Tx& tx) -> absl::Status {
                                         ASSIGN_OR_RETURN(out, repo_.Get(tx, req.disbursement_id(),
                                                                         /*lock=*/false));
                                         return absl::OkStatus();
                                       },
                                       {.read_only = true}));
  if (!out.has_value()) return absl::NotFoundError("disbursement_id: no such disbursement");
  return Present(*std::move(out), d_.clock->Now());
}

absl::StatusOr<pb::ListDisbursementsResponse> DisbursementCore::ListDisbursements(
    const Principal& p, const pb::ListDisbursementsRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "DisbursementService", "ListDisbursements"));
  if (!req.application_id().empty()) {
    RETURN_IF_ERROR(CheckIdTenant(p, req.application_id(), "application_id"));
  }
  FieldErrors errors;
  if (req.unpaid_due_only() && !req.application_id().empty()) {
    errors.Add("unpaid_due_only", "not combined with application_id");
  }
  absl::StatusOr<std::string> after = DecodeKeyPageToken(req.page_token());
  if (!after.ok()) errors.Add("page_token", "not a token of this list");
  RETURN_IF_ERROR(errors.ToStatus());
  const absl::Time now = d_.clock->Now();
  const int size = PageSize(req.page_size());
  DisbursementRepository::ListQuery q{.procuratorate = p.procuratorate,
                                      .application_id = req.application_id(),
                                      .due_by = std::nullopt,
                                      .after = *after,
                                      .limit = size + 1};
  if (req.unpaid_due_only()) q.due_by = ChinaDay(now);
  pb::ListDisbursementsResponse out;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool,
                                       [&](db::Tx& tx) -> absl::Status {
                                         out.Clear();
                                         ASSIGN_OR_RETURN(auto rows, repo_.List(tx, q));
                                         out.set_next_page_token(TakePage(
                                             rows, size,
                                             [&](std::pair<std::string, pb::Disbursement>&& r) {
                                               *out.add_disbursements() =
                                                   Present(std::move(r.second), now);
                                             },
                                             [](const std::pair<std::string, pb::Disbursement>& r) {
                                               return EncodeKeyPageToken(r.first);
                                             }));
                                         return absl::OkStatus();
                                       },
                                       {.read_only = true}));
  return out;
}

absl::StatusOr<pb::Disbursement> DisbursementCore::RecordFundsArrived(
    const Principal& p, const pb::RecordFundsArrivedRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "DisbursementService", "RecordFundsArrived"));
  RETURN_IF_ERROR(CheckIdTenant(p, req.disbursement_id(), "disbursement_id"));
  FieldErrors errors;
  CheckRequestId(errors, req.request_id());
  CheckVersion(errors, req.version());
  std::optional<absl::CivilDay> arrived = CheckDay(errors, "arrived_on", req.arrived_on());
  if (arrived.has_value() && *arrived > ChinaDay(d_.clock->Now())) {
    errors.Add("arrived_on", "not in the future");
  }
  RETURN_IF_ERROR(errors.ToStatus());
  return mutations_.Run<pb::Disbursement>(
      MutationOf(p, "RecordFundsArrived", req.request_id()), req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::Disbursement> {
        db::Tx& tx = m.tx();
        ASSIGN_OR_RETURN(pb::Disbursement d, Load(tx, req.disbursement_id()));
        RETURN_IF_ERROR(m.CheckVersion(d.version(), req.version()));
        if (d.has_funds_arrived_on()) {
          return absl::FailedPreconditionError("the funds' arrival is already recorded");
        }
        // The notification clock: the policy's working days after the arrival.
        ASSIGN_OR_RETURN(pb::AidPolicy policy, LoadPolicy(tx, TenantOfId(d.disbursement_id())));
        const int days = policy.notify_working_days() > 0 ? policy.notify_working_days()
                                                          : kDefaultNotifyWorkingDays;
        const absl::CivilDay notify_due = d_.calendar->AddWorkingDays(*arrived, days);
        RETURN_IF_ERROR(repo_.SetFundsArrived(tx, d.disbursement_id(), d.version(), *arrived,
                                              notify_due, m.now()));
        RETURN_IF_ERROR(m.Audit("aid.disbursement.funds_arrived", "disbursement",
                                d.disbursement_id(), p.procuratorate));
        ASSIGN_OR_RETURN(pb::Disbursement stored, Load(tx, d.disbursement_id()));
        ASSIGN_OR_RETURN(ApplicationRow app, LoadApplication(tx, d.application_id()));
        RETURN_IF_ERROR(PublishNotificationOpened(tx, *d_.ids, stored, app, m.now()));
        return Present(std::move(stored), m.now());
      });
}

}  // namespace shouhu::aid
