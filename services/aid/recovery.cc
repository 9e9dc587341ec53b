#include "aid/recovery.h"

#include "absl/strings/str_cat.h"
#include "aid/access_policy.h"
#include "aid/disbursement_ops_internal.h"
#include "aid/disbursement_sql.h"
#include "aid/fund_ledger.h"
#include "aid/ids.h"
#include "common/base/dates.h"
#include "common/base/paging.h"
#include "common/base/status_macros.h"
#include "common/base/validate.h"
#include "common/db/audit.h"
#include "common/server/tenant.h"

namespace shouhu::aid {

namespace {

constexpr char kEntity[] = "aid_recoveries";

pb::RecoveryDestination DefaultDestination(pb::RecoveryKind kind) {
  return kind == pb::RECOVERY_KIND_LIABLE_PARTY ? pb::RECOVERY_DESTINATION_TREASURY
                                                : pb::RECOVERY_DESTINATION_FUND;
}

bool Closed(pb::RecoveryStatus s) {
  return s == pb::RECOVERY_STATUS_RECOVERED || s == pb::RECOVERY_STATUS_TERMINATED ||
         s == pb::RECOVERY_STATUS_CANCELLED;
}

absl::Status Applied(int64_t rows) {
  if (rows == 1) return absl::OkStatus();
  return absl::AbortedError("the recovery changed since it was read");
}

}  // namespace

absl::StatusOr<std::string> InsertRecovery(db::Tx& tx, const AidDeps& d, const NewRecovery& r,
                                           absl::Time now) {
  const std::string id = NewAidId(*d.ids, AidIdKind::kRecovery, r.procuratorate);
  const pb::RecoveryDestination destination = r.destination == pb::RECOVERY_DESTINATION_UNSPECIFIED
                                                  ? DefaultDestination(r.kind)
                                                  : r.destination;
  SealedFields sealed(d.cipher);
  ASSIGN_OR_RETURN(std::string debtor, sealed.Seal(r.debtor, kEntity, id, "debtor"));
  ASSIGN_OR_RETURN(std::string reason, sealed.Seal(r.reason, kEntity, id, "reason"));
  const int64_t ms = absl::ToUnixMillis(now);
  tx.Sql(kInsertRecovery)
      .Str(id)
      .Str(r.procuratorate)
      .Str(r.application_id)
      .Int(r.kind)
      .Blob(debtor)
      .Blob(reason)
      .Int(r.amount_due_fen)
      .Int(destination)
      .Str(DateString(ChinaDay(now)))
      .Int(ms)
      .Int(ms)
      .Exec();
  return id;
}

absl::StatusOr<int64_t> ClaimedByRecoveries(db::Tx& tx, const std::string& application_id) {
  auto rs = tx.Sql(kRecoveriesDue).Str(application_id).Rows();
  return rs->next() ? rs->getInt64(1) : 0;
}

absl::StatusOr<std::string> OpenAdvanceRecovery(db::Tx& tx, const AidDeps& d,
                                                const pb::Application& a, const std::string& debtor,
                                                const std::string& reason, const std::string& actor,
                                                const std::string& request_id, absl::Time now) {
  const int64_t paid = a.emergency().paid_fen();
  if (paid <= 0) return std::string();
  ASSIGN_OR_RETURN(const int64_t claimed, ClaimedByRecoveries(tx, a.application_id()));
  const int64_t due = paid - claimed;
  if (due <= 0) return std::string();
  ASSIGN_OR_RETURN(const std::string id,
                   InsertRecovery(tx, d,
                                  NewRecovery{.procuratorate = a.procuratorate_code(),
                                              .application_id = a.application_id(),
                                              .kind = pb::RECOVERY_KIND_ADVANCE_EXCESS,
                                              .debtor = debtor,
                                              .reason = reason,
                                              .amount_due_fen = due,
                                              .destination = pb::RECOVERY_DESTINATION_FUND},
                                  now));
  RETURN_IF_ERROR(db::AppendAudit(
      tx,
      db::AuditRecord{.service = "aid",
                      .actor = actor,
                      .action = "aid.recovery.open",
                      .entity_type = "recovery",
                      .entity_id = id,
                      .procuratorate = a.procuratorate_code(),
                      .request_id = request_id,
                      .detail = absl::StrCat("{\"application_id\":\"", a.application_id(),
                                             "\",\"amount_due_fen\":", due, ",\"automatic\":true}"),
                      .at = now}));
  return id;
}

absl::StatusOr<pb::Recovery> RecoveryCore::FromRow(db::Tx& tx, sql::ResultSet& rs) const {
  pb::Recovery r;
  const std::string id = rs.getString("id");
  r.set_recovery_id(id);
  r.set_application_id(rs.getString("application_id"));
  r.set_kind(static_cast<pb::RecoveryKind>(rs.getInt("kind")));
  r.set_status(static_cast<pb::RecoveryStatus>(rs.getInt("status")));
  ASSIGN_OR_RETURN(std::string debtor,
                   sealed_.Open(db::GetBlob(rs, "debtor_enc"), kEntity, id, "debtor"));
  r.set_debtor(debtor);
  ASSIGN_OR_RETURN(std::string reason,
                   sealed_.Open(db::GetBlob(rs, "reason_enc"), kEntity, id, "reason"));
  r.set_reason(reason);
  ASSIGN_OR_RETURN(std::string termination, sealed_.Open(db::GetBlob(rs, "termination_reason_enc"),
                                                         kEntity, id, "termination_reason"));
  r.set_termination_reason(termination);
  r.set_amount_due_fen(rs.getInt64("amount_due_fen"));
  r.set_recovered_fen(rs.getInt64("recovered_fen"));
  r.set_destination(static_cast<pb::RecoveryDestination>(rs.getInt("destination")));
  std::optional<absl::CivilDay> opened = ParseDateString(rs.getString("opened_on").asStdString());
  if (opened.has_value()) *r.mutable_opened_on() = FromCivilDay(*opened);
  r.set_version(rs.getInt64("version"));
  auto receipts = tx.Sql(kRecoveryReceiptsOf).Str(id).Rows();
  while (receipts->next()) {
    pb::RecoveryReceipt* rr = r.add_receipts();
    rr->set_amount_fen(receipts->getInt64("amount_fen"));
    std::optional<absl::CivilDay> on =
        ParseDateString(receipts->getString("received_on").asStdString());
    if (on.has_value()) *rr->mutable_received_on() = FromCivilDay(*on);
    rr->set_voucher_number(receipts->getString("voucher_number"));
    rr->mutable_recorded_by()->set_principal(receipts->getString("recorded_by"));
  }
  return r;
}

absl::StatusOr<pb::Recovery> RecoveryCore::Load(db::Tx& tx, const std::string& id) const {
  auto rs = tx.Sql(kGetRecovery).Str(id).Rows();
  if (!rs->next()) return absl::NotFoundError("recovery_id: no such recovery");
  return FromRow(tx, *rs);
}

absl::StatusOr<pb::Recovery> RecoveryCore::OpenRecovery(const Principal& p,
                                                        const pb::OpenRecoveryRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "RecoveryService", "OpenRecovery"));
  RETURN_IF_ERROR(CheckIdTenant(p, req.application_id(), "application_id"));
  FieldErrors errors;
  CheckRequestId(errors, req.request_id());
  if (req.kind() < pb::RECOVERY_KIND_FRAUD || req.kind() > pb::RECOVERY_KIND_ADVANCE_EXCESS) {
    errors.Add("kind", "FRAUD, LIABLE_PARTY or ADVANCE_EXCESS");
  }
  CheckName(errors, "debtor", req.debtor(), 1, 64);
  CheckText(errors, "reason", req.reason(), 1, 2000);
  if (req.amount_due_fen() <= 0) errors.Add("amount_due_fen", "must be positive");
  if (req.destination() < pb::RECOVERY_DESTINATION_UNSPECIFIED ||
      req.destination() > pb::RECOVERY_DESTINATION_TREASURY) {
    errors.Add("destination", "FUND, TREASURY or unset");
  }
  RETURN_IF_ERROR(errors.ToStatus());
  return mutations_.Run<pb::Recovery>(
      MutationOf(p, "OpenRecovery", req.request_id()), req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::Recovery> {
        db::Tx& tx = m.tx();
        ASSIGN_OR_RETURN(std::optional<ApplicationRow> app,
                         apps_.GetApplication(tx, req.application_id()));
        if (!app.has_value()) return absl::NotFoundError("application_id: no such application");
        ASSIGN_OR_RETURN(const int64_t claimed, ClaimedByRecoveries(tx, app->id));
        if (req.amount_due_fen() + claimed > app->paid_fen) {
          FieldErrors e;
          e.Add("amount_due_fen", absl::StrCat("at most the amount paid (", app->paid_fen,
                                               " fen) less ", claimed, " fen already claimed"));
          return e.ToStatus();
        }
        ASSIGN_OR_RETURN(const std::string id,
                         InsertRecovery(tx, d_,
                                        NewRecovery{.procuratorate = app->procuratorate,
                                                    .application_id = app->id,
                                                    .kind = req.kind(),
                                                    .debtor = req.debtor(),
                                                    .reason = req.reason(),
                                                    .amount_due_fen = req.amount_due_fen(),
                                                    .destination = req.destination()},
                                        m.now()));
        RETURN_IF_ERROR(m.Audit("aid.recovery.open", "recovery", id, app->procuratorate,
                                absl::StrCat("{\"application_id\":\"", app->id,
                                             "\",\"amount_due_fen\":", req.amount_due_fen(), "}")));
        return Load(tx, id);
      });
}

absl::StatusOr<pb::Recovery> RecoveryCore::RecordRecoveryReceipt(
    const Principal& p, const pb::RecordRecoveryReceiptRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "RecoveryService", "RecordRecoveryReceipt"));
  RETURN_IF_ERROR(CheckIdTenant(p, req.recovery_id(), "recovery_id"));
  FieldErrors errors;
  CheckRequestId(errors, req.request_id());
  CheckVersion(errors, req.version());
  if (req.amount_fen() <= 0) errors.Add("amount_fen", "must be positive");
  std::optional<absl::CivilDay> on = CheckDay(errors, "received_on", req.received_on());
  if (on.has_value() && *on > ChinaDay(d_.clock->Now())) {
    errors.Add("received_on", "not in the future");
  }
  CheckReference(errors, "voucher_number", req.voucher_number(), /*required=*/true);
  RETURN_IF_ERROR(errors.ToStatus());
  return mutations_.Run<pb::Recovery>(
      MutationOf(p, "RecordRecoveryReceipt", req.request_id()), req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::Recovery> {
        db::Tx& tx = m.tx();
        ASSIGN_OR_RETURN(pb::Recovery r, Load(tx, req.recovery_id()));
        RETURN_IF_ERROR(m.CheckVersion(r.version(), req.version()));
        if (Closed(r.status())) {
          return absl::FailedPreconditionError("the recovery is closed");
        }
        const int64_t outstanding = r.amount_due_fen() - r.recovered_fen();
        if (req.amount_fen() > outstanding) {
          FieldErrors e;
          e.Add("amount_fen", absl::StrCat("at most the outstanding ", outstanding, " fen"));
          return e.ToStatus();
        }
        const std::string proc = TenantOfId(r.recovery_id());
        const pb::RecoveryStatus status = req.amount_fen() == outstanding
                                              ? pb::RECOVERY_STATUS_RECOVERED
                                              : pb::RECOVERY_STATUS_PARTIAL;
        RETURN_IF_ERROR(Applied(tx.Sql(kSetRecoveryReceived)
                                    .Int(req.amount_fen())
                                    .Int(status)
                                    .Int(absl::ToUnixMillis(m.now()))
                                    .Str(r.recovery_id())
                                    .Int(r.version())
                                    .Exec()));
        tx.Sql(kInsertRecoveryReceipt)
            .Str(r.recovery_id())
            .Int(r.receipts_size() + 1)
            .Str(proc)
            .Int(req.amount_fen())
            .Str(DateString(*on))
            .Str(req.voucher_number())
            .Str(p.Name())
            .Int(absl::ToUnixMillis(m.now()))
            .Exec();
        if (r.destination() == pb::RECOVERY_DESTINATION_FUND) {
          RETURN_IF_ERROR(CreditRecovery(
              tx, {.procuratorate = proc,
                   .year = static_cast<int>(on->year()),
                   .pot = r.kind() == pb::RECOVERY_KIND_ADVANCE_EXCESS ? pb::FUND_POT_EMERGENCY
                                                                       : pb::FUND_POT_REGULAR,
                   .amount_fen = req.amount_fen(),
                   .application_id = r.application_id(),
                   .payment_id = "",
                   .actor = p.Name(),
                   .at = m.now()}));
        }
        RETURN_IF_ERROR(
            apps_.AddApplicationRecovered(tx, r.application_id(), req.amount_fen(), m.now()));
        RETURN_IF_ERROR(m.Audit("aid.recovery.receipt", "recovery", r.recovery_id(), proc,
                                absl::StrCat("{\"amount_fen\":", req.amount_fen(), "}")));
        return Load(tx, r.recovery_id());
      });
}

absl::StatusOr<pb::Recovery> RecoveryCore::CloseRecovery(const Principal& p,
                                                         const pb::CloseRecoveryRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "RecoveryService", "CloseRecovery"));
  RETURN_IF_ERROR(CheckIdTenant(p, req.recovery_id(), "recovery_id"));
  FieldErrors errors;
  CheckRequestId(errors, req.request_id());
  CheckVersion(errors, req.version());
  CheckText(errors, "termination_reason", req.termination_reason(), 1, 2000);
  RETURN_IF_ERROR(errors.ToStatus());
  return mutations_.Run<pb::Recovery>(
      MutationOf(p, "CloseRecovery", req.request_id()), req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::Recovery> {
        db::Tx& tx = m.tx();
        ASSIGN_OR_RETURN(pb::Recovery r, Load(tx, req.recovery_id()));
        RETURN_IF_ERROR(m.CheckVersion(r.version(), req.version()));
        if (Closed(r.status())) return absl::FailedPreconditionError("the recovery is closed");
        if (req.cancel() && r.recovered_fen() > 0) {
          return absl::FailedPreconditionError(
              "money was received: terminate the recovery instead of cancelling it");
        }
        const pb::RecoveryStatus status =
            req.cancel() ? pb::RECOVERY_STATUS_CANCELLED : pb::RECOVERY_STATUS_TERMINATED;
        ASSIGN_OR_RETURN(std::string reason, sealed_.Seal(req.termination_reason(), kEntity,
                                                          r.recovery_id(), "termination_reason"));
        RETURN_IF_ERROR(Applied(tx.Sql(kSetRecoveryClosed)
                                    .Int(status)
                                    .Blob(reason)
                                    .Int(absl::ToUnixMillis(m.now()))
                                    .Str(r.recovery_id())
                                    .Int(r.version())
                                    .Exec()));
        RETURN_IF_ERROR(m.Audit(req.cancel() ? "aid.recovery.cancel" : "aid.recovery.terminate",
                                "recovery", r.recovery_id(), TenantOfId(r.recovery_id())));
        return Load(tx, r.recovery_id());
      });
}

absl::StatusOr<pb::ListRecoveriesResponse> RecoveryCore::ListRecoveries(
    const Principal& p, const pb::ListRecoveriesRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "RecoveryService", "ListRecoveries"));
  if (!req.application_id().empty()) {
    RETURN_IF_ERROR(CheckIdTenant(p, req.application_id(), "application_id"));
  }
  FieldErrors errors;
  if (req.status() < pb::RECOVERY_STATUS_UNSPECIFIED ||
      req.status() > pb::RECOVERY_STATUS_CANCELLED) {
    errors.Add("status", "a RecoveryStatus or unset");
  }
  if (!req.application_id().empty() && req.status() != pb::RECOVERY_STATUS_UNSPECIFIED) {
    errors.Add("status", "not combined with application_id");
  }
  absl::StatusOr<int64_t> after = DecodePageToken(req.page_token());
  if (!after.ok()) errors.Add("page_token", "not a token of this list");
  RETURN_IF_ERROR(errors.ToStatus());
  const int size = PageSize(req.page_size());
  pb::ListRecoveriesResponse out;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        out.Clear();
        std::unique_ptr<sql::ResultSet> rs;
        if (!req.application_id().empty()) {
          rs = tx.Sql(kRecoveriesOfApp)
                   .Str(req.application_id())
                   .Str(p.procuratorate)
                   .Int(*after)
                   .Int(size + 1)
                   .Rows();
        } else if (req.status() != pb::RECOVERY_STATUS_UNSPECIFIED) {
          rs = tx.Sql(kRecoveriesOfStatus)
                   .Str(p.procuratorate)
                   .Int(req.status())
                   .Int(*after)
                   .Int(size + 1)
                   .Rows();
        } else {
          rs = tx.Sql(kRecoveriesOfProc).Str(p.procuratorate).Int(*after).Int(size + 1).Rows();
        }
        std::vector<std::pair<int64_t, pb::Recovery>> rows;
        while (rs->next()) {
          const int64_t seq = rs->getInt64("seq");
          ASSIGN_OR_RETURN(pb::Recovery r, FromRow(tx, *rs));
          rows.emplace_back(seq, std::move(r));
        }
        out.set_next_page_token(
            TakePage(rows, size, [&](pb::Recovery&& r) { *out.add_recoveries() = std::move(r); }));
        return absl::OkStatus();
      },
      {.read_only = true}));
  return out;
}

}  // namespace shouhu::aid
