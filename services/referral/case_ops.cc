// Case operations: reading, assignment, closing and transfers between procuratorates.
#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/paging.h"
#include "common/base/status_macros.h"
#include "common/base/text.h"
#include "common/base/validate.h"
#include "referral/access_policy.h"
#include "referral/core.h"
#include "referral/core_internal.h"
#include "shouhu/referral/v1/events.pb.h"

namespace shouhu::referral {

absl::StatusOr<pb::Case> ReferralCore::GetCase(const Principal& p, const pb::GetCaseRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "CaseService", "GetCase"));
  RETURN_IF_ERROR(CheckIdTenant(p, req.case_id(), "case_id"));
  std::optional<pb::Case> c;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool, [&](db::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(c, repo_.GetCase(tx, req.case_id(), Lock::kNone));
    return absl::OkStatus();
  }));
  if (!c.has_value()) return NotFound("case");
  return *std::move(c);
}

absl::StatusOr<pb::ListCasesResponse> ReferralCore::ListCases(const Principal& p,
                                                              const pb::ListCasesRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "CaseService", "ListCases"));
  FieldErrors errors;
  if (!pb::CaseStatus_IsValid(req.status())) errors.Add("status", "unknown value");
  if (!pb::ReferralKind_IsValid(req.kind())) errors.Add("kind", "unknown value");
  if (req.page_size() < 0) errors.Add("page_size", "must not be negative");
  RETURN_IF_ERROR(errors.ToStatus());
  CaseFilter f;
  f.procuratorate = p.procuratorate;
  f.status = req.status();
  f.kind = req.kind();
  f.assigned_to = req.assigned_to();
  f.subject_person_id = req.subject_person_id();
  ASSIGN_OR_RETURN(f.before_seq, DecodePageToken(req.page_token()));
  const int size = PageSize(req.page_size());
  f.limit = size + 1;
  std::vector<std::pair<int64_t, pb::Case>> rows;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool, [&](db::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(rows, repo_.ListCases(tx, f));
    return absl::OkStatus();
  }));
  pb::ListCasesResponse resp;
  resp.set_next_page_token(
      TakePage(rows, size, [&](pb::Case c) { *resp.add_cases() = std::move(c); }));
  return resp;
}

absl::StatusOr<pb::Case> ReferralCore::AssignCase(const Principal& p,
                                                  const pb::AssignCaseRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "CaseService", "AssignCase"));
  FieldErrors errors;
  CheckUserId(errors, "caseworker", req.caseworker());
  RETURN_IF_ERROR(errors.ToStatus());
  return CaseChange(
      p, "AssignCase", req, req.request_id(), req.case_id(), req.version(),
      [&](db::Mutation& m, pb::Case& c) -> absl::Status {
        if (c.status() != pb::CASE_STATUS_OPEN) {
          return absl::FailedPreconditionError("only open cases can be assigned");
        }
        c.set_assigned_to(req.caseworker());
        RETURN_IF_ERROR(repo_.SetCaseDepartment(m.tx(), c.case_id(), p.department));
        return m.Audit("case.assign", "case", c.case_id(), c.procuratorate_code());
      },
      CaseScope::kOwner);
}

absl::StatusOr<pb::Case> ReferralCore::CloseCase(const Principal& p,
                                                 const pb::CloseCaseRequest& req) {
  FieldErrors errors;
  if (req.reason() == pb::CLOSE_REASON_UNSPECIFIED || !pb::CloseReason_IsValid(req.reason())) {
    errors.Add("reason", "a close reason code is required");
  }
  CheckText(errors, "note", req.note(), req.reason() == pb::CLOSE_REASON_OTHER ? 1 : 0, 1000);
  RETURN_IF_ERROR(errors.ToStatus());
  return CaseChange(
      p, "CloseCase", req, req.request_id(), req.case_id(), req.version(),
      [&](db::Mutation& m, pb::Case& c) -> absl::Status {
        RETURN_IF_ERROR(Require(AssignedOrHead(), p, {c.procuratorate_code(), "", c.assigned_to()},
                                "close cases"));
        if (c.status() != pb::CASE_STATUS_OPEN) {
          return absl::FailedPreconditionError("only open cases can be closed");
        }
        c.set_status(pb::CASE_STATUS_CLOSED);
        c.set_close_reason(req.reason());
        c.set_close_note(req.note());
        *c.mutable_closed_at() = ToTimestamp(d_.clock->Now());
        RETURN_IF_ERROR(m.Audit("case.close", "case", c.case_id(), c.procuratorate_code(),
                                absl::StrCat("{\"reason\":", req.reason(), "}")));
        pb::CaseClosed event;
        event.set_case_id(c.case_id());
        event.set_reason(req.reason());
        return m.Emit(kTopicCaseClosed, c.case_id(), c.procuratorate_code(), event);
      },
      CaseScope::kOwner);
}

absl::StatusOr<pb::Case> ReferralCore::TransferCase(const Principal& p,
                                                    const pb::TransferCaseRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "CaseService", "TransferCase"));
  // The case's procuratorate first: the destination is checked against the case's own
  // procuratorate, and another procuratorate's caller learns nothing from the answer.
  RETURN_IF_ERROR(CheckIdTenant(p, req.case_id(), "case_id"));
  FieldErrors errors;
  if (!IsSixDigitCode(req.to_procuratorate_code())) {
    errors.Add("to_procuratorate_code", "must be a 6-digit procuratorate code");
  } else if (req.to_procuratorate_code() == p.procuratorate) {
    errors.Add("to_procuratorate_code", "must be another procuratorate");
  }
  CheckText(errors, "reason", req.reason(), 1, 1000);
  RETURN_IF_ERROR(errors.ToStatus());
  return CaseChange(
      p, "TransferCase", req, req.request_id(), req.case_id(), req.version(),
      [&](db::Mutation& m, pb::Case& c) -> absl::Status {
        ASSIGN_OR_RETURN(bool known,
                         repo_.ProcuratorateExists(m.tx(), req.to_procuratorate_code()));
        if (!known) {
          FieldErrors unknown;
          unknown.Add("to_procuratorate_code", "unknown procuratorate");
          return unknown.ToStatus();
        }
        if (c.status() != pb::CASE_STATUS_OPEN) {
          return absl::FailedPreconditionError("only open cases can be transferred");
        }
        c.set_status(pb::CASE_STATUS_TRANSFER_PENDING);
        c.set_transfer_to_procuratorate(req.to_procuratorate_code());
        c.set_transfer_reason(req.reason());
        return m.Audit("case.transfer_offer", "case", c.case_id(), c.procuratorate_code(),
                       absl::StrCat("{\"to\":\"", req.to_procuratorate_code(), "\"}"));
      },
      CaseScope::kOwner);
}

absl::StatusOr<pb::ListIncomingTransfersResponse> ReferralCore::ListIncomingTransfers(
    const Principal& p, const pb::ListIncomingTransfersRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "CaseService", "ListIncomingTransfers"));
  CaseFilter f;
  f.transfer_to = p.procuratorate;
  ASSIGN_OR_RETURN(f.before_seq, DecodePageToken(req.page_token()));
  const int size = PageSize(req.page_size());
  f.limit = size + 1;
  std::vector<std::pair<int64_t, pb::Case>> rows;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool, [&](db::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(rows, repo_.ListCases(tx, f));
    return absl::OkStatus();
  }));
  pb::ListIncomingTransfersResponse resp;
  resp.set_next_page_token(TakePage(rows, size, [&](pb::Case c) {
    c.clear_referral_ids();  // the origin's referrals stay with the origin
    c.clear_assigned_to();
    *resp.add_cases() = std::move(c);
  }));
  return resp;
}

absl::StatusOr<pb::Case> ReferralCore::AcceptTransfer(const Principal& p,
                                                      const pb::DecideTransferRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "CaseService", "AcceptTransfer"));
  FieldErrors errors;
  CheckText(errors, "note", req.note(), 0, 1000);
  RETURN_IF_ERROR(errors.ToStatus());
  auto origin = CaseChange(
      p, "AcceptTransfer", req, req.request_id(), req.case_id(), req.version(),
      [&](db::Mutation& m, pb::Case& c) -> absl::Status {
        db::Tx& tx = m.tx();
        std::string new_case_id;
        ASSIGN_OR_RETURN(auto existing, repo_.OpenCaseOf(tx, p.procuratorate, c.subject_person_id(),
                                                         Lock::kForUpdate));
        if (existing.has_value()) {
          new_case_id = *existing;  // the person already has an open case here: join it
        } else {
          pb::Case n;
          n.set_case_id(d_.ids->NewTenantId("case", p.procuratorate));
          n.set_procuratorate_code(p.procuratorate);
          n.set_status(pb::CASE_STATUS_OPEN);
          n.set_subject_person_id(c.subject_person_id());
          n.set_kind(c.kind());
          *n.mutable_opened_at() = ToTimestamp(d_.clock->Now());
          n.set_transferred_from_case_id(c.case_id());
          n.set_version(1);
          RETURN_IF_ERROR(repo_.InsertCase(tx, n, {.from_referral = "", .fallback = p.department}));
          new_case_id = n.case_id();
          RETURN_IF_ERROR(m.Audit("case.open", "case", new_case_id, p.procuratorate,
                                  absl::StrCat("{\"transferred_from\":\"", c.case_id(), "\"}")));
          pb::CaseOpened opened;
          opened.set_case_id(new_case_id);
          opened.set_kind(c.kind());
          opened.set_subject_person_id(c.subject_person_id());
          opened.set_transferred_from_case_id(c.case_id());
          RETURN_IF_ERROR(m.Emit(kTopicCaseOpened, new_case_id, p.procuratorate, opened));
        }
        c.set_status(pb::CASE_STATUS_TRANSFERRED);
        c.set_transferred_to_case_id(new_case_id);
        *c.mutable_closed_at() = ToTimestamp(d_.clock->Now());
        RETURN_IF_ERROR(m.Audit("case.transfer_accept", "case", c.case_id(), c.procuratorate_code(),
                                absl::StrCat("{\"new_case\":\"", new_case_id, "\"}")));
        pb::CaseTransferred transferred;
        transferred.set_case_id(c.case_id());
        transferred.set_new_case_id(new_case_id);
        transferred.set_to_procuratorate_code(p.procuratorate);
        return m.Emit(kTopicCaseTransferred, c.case_id(), c.procuratorate_code(), transferred);
      },
      CaseScope::kTransferTarget);
  if (!origin.ok()) return origin.status();
  // Return the case now open in the caller's procuratorate (also on an idempotent replay).
  pb::GetCaseRequest get;
  get.set_case_id(origin->transferred_to_case_id());
  return GetCase(p, get);
}

absl::StatusOr<pb::Case> ReferralCore::RejectTransfer(const Principal& p,
                                                      const pb::DecideTransferRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "CaseService", "RejectTransfer"));
  FieldErrors errors;
  CheckText(errors, "note", req.note(), 1, 1000);
  RETURN_IF_ERROR(errors.ToStatus());
  auto origin = CaseChange(
      p, "RejectTransfer", req, req.request_id(), req.case_id(), req.version(),
      [&](db::Mutation& m, pb::Case& c) -> absl::Status {
        c.set_status(pb::CASE_STATUS_OPEN);
        c.clear_transfer_to_procuratorate();
        c.set_transfer_reason(absl::StrCat(c.transfer_reason(), "\n【退回 rejected】", req.note()));
        return m.Audit("case.transfer_reject", "case", c.case_id(), c.procuratorate_code());
      },
      CaseScope::kTransferTarget);
  if (!origin.ok()) return origin.status();
  // The origin case is no longer visible to the rejecting procuratorate: return only
  // what it already saw.
  pb::Case out;
  out.set_case_id(origin->case_id());
  out.set_status(origin->status());
  out.set_version(origin->version());
  return out;
}

}  // namespace shouhu::referral
