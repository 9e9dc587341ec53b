// Reads of the case facts (case_facts.h): one statement per kind (case_facts_sql.h), each
// row turned into a RecordFacts whose fields hold only what is filled.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "aid/case_facts.h"
#include "aid/case_facts_sql.h"
#include "shouhu/aid/v1/aid.pb.h"

namespace shouhu::aid {
namespace {

// Personal data and free text are never sent: a filled one is this.
constexpr char kWithheld[] = "*";
// RFC 3339 in UTC with "Z" (absl::RFC3339_sec would write "+00:00").
constexpr char kRfc3339Utc[] = "%Y-%m-%dT%H:%M:%SZ";

void Put(opb::RecordFacts& r, const char* key, std::string value) {
  if (!value.empty()) (*r.mutable_fields())[key] = std::move(value);
}
// An id, code, text or "YYYY-MM-DD" date column as stored; NULL and "" are not filled.
void PutColumn(opb::RecordFacts& r, const char* key, sql::ResultSet& rs, const char* column) {
  Put(r, key, db::GetStr(rs, column));
}
// An amount in fen or a count; 0 is not filled.
void PutNumber(opb::RecordFacts& r, const char* key, int64_t v) {
  if (v != 0) Put(r, key, absl::StrCat(v));
}
// An enum's value name; UNSPECIFIED (0) and values the enum does not know are not filled.
void PutEnum(opb::RecordFacts& r, const char* key, int v, const std::string& name) {
  if (v != 0) Put(r, key, name);
}
// Milliseconds since the epoch as RFC 3339 UTC ("2025-03-10T02:00:00Z"); NULL is not filled.
void PutMillis(opb::RecordFacts& r, const char* key, sql::ResultSet& rs, const char* column) {
  if (rs.isNull(column)) return;
  Put(r, key,
      absl::FormatTime(kRfc3339Utc, absl::FromUnixMillis(rs.getInt64(column)),
                       absl::UTCTimeZone()));
}
void PutFlag(opb::RecordFacts& r, const char* key, bool v) {
  if (v) Put(r, key, "true");
}
void PutPersonal(opb::RecordFacts& r, const char* key, bool filled) {
  if (filled) Put(r, key, kWithheld);
}

// A user id without the principal's kind ("user:u-zhang" -> "u-zhang").
std::string UserId(std::string id) {
  for (absl::string_view prefix : {"user:", "person:"}) {
    if (absl::StartsWith(id, prefix)) return id.substr(prefix.size());
  }
  return id;
}

// The statement's rows for `case_id`, each turned into facts by `facts`.
template <typename Fn>
std::vector<opb::RecordFacts> Read(db::Tx& tx, const char* sql, const std::string& case_id,
                                   Fn facts) {
  std::vector<opb::RecordFacts> out;
  auto rs = tx.Sql(sql).Str(case_id).Int(kCaseFactsLimit).Rows();
  while (rs->next()) {
    opb::RecordFacts r;
    facts(*rs, r);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<opb::RecordFacts>> ApplicationFactsOfCase(db::Tx& tx,
                                                                     const std::string& case_id) {
  return Read(tx, kCaseApplicationFacts, case_id, [](sql::ResultSet& rs, opb::RecordFacts& r) {
    r.set_kind(kFactsApplication);
    r.set_record_id(db::GetStr(rs, "id"));
    const int status = rs.getInt("status");
    if (status != 0) r.set_status(pb::ApplicationStatus_Name(status));
    r.set_assigned_to(UserId(db::GetStr(rs, "assigned_to")));
    r.set_department(db::GetStr(rs, "department"));
    PutColumn(r, "case_id", rs, "case_id");
    const int channel = rs.getInt("channel");
    PutEnum(r, "channel", channel, pb::ApplicationChannel_Name(channel));
    PutColumn(r, "applicant_person_id", rs, "applicant_person_id");
    PutColumn(r, "registered_on", rs, "registered_on");
    PutColumn(r, "decision_due_on", rs, "decision_due_on");
    PutColumn(r, "decided_on", rs, "decided_on");
    PutColumn(r, "decision_document_number", rs, "decision_document_number");
    const int proposed = rs.getInt("proposed_decision");
    PutEnum(r, "proposed_decision", proposed, pb::DecisionKind_Name(proposed));
    PutNumber(r, "approved_fen", rs.getInt64("approved_fen"));
    PutNumber(r, "paid_fen", rs.getInt64("paid_fen"));
    PutColumn(r, "source_referral_id", rs, "source_referral_id");
    PutPersonal(r, "closing_reason", rs.getInt("has_closing_reason") != 0);
    PutColumn(r, "case_closed_on", rs, "case_closed_on");
  });
}

absl::StatusOr<std::vector<opb::RecordFacts>> DisbursementFactsOfCase(db::Tx& tx,
                                                                      const std::string& case_id) {
  return Read(tx, kCaseDisbursementFacts, case_id, [](sql::ResultSet& rs, opb::RecordFacts& r) {
    r.set_kind(kFactsDisbursement);
    r.set_record_id(db::GetStr(rs, "id"));
    r.set_assigned_to(UserId(db::GetStr(rs, "assigned_to")));
    r.set_department(db::GetStr(rs, "department"));
    PutColumn(r, "application_id", rs, "application_id");
    PutColumn(r, "case_id", rs, "case_id");
    const int method = rs.getInt("method");
    PutEnum(r, "method", method, pb::DisbursementMethod_Name(method));
    const int purpose = rs.getInt("purpose");
    PutEnum(r, "purpose", purpose, pb::DisbursementPurpose_Name(purpose));
    PutNumber(r, "total_fen", rs.getInt64("total_fen"));
    PutNumber(r, "paid_fen", rs.getInt64("paid_fen"));
    PutColumn(r, "funds_arrived_on", rs, "funds_arrived_on");
    PutColumn(r, "notify_due_on", rs, "notify_due_on");
    PutMillis(r, "applicant_notified_at", rs, "applicant_notified_at_ms");
    const int notified_by = rs.getInt("notification_method");
    PutEnum(r, "notification_method", notified_by, pb::NotificationMethod_Name(notified_by));
    PutPersonal(r, "payee_account", rs.getInt("has_payee_account") != 0);
    PutColumn(r, "custody_agreement_ref", rs, "custody_agreement_ref");
  });
}

absl::StatusOr<std::vector<opb::RecordFacts>> PaymentFactsOfCase(db::Tx& tx,
                                                                 const std::string& case_id) {
  return Read(tx, kCasePaymentFacts, case_id, [](sql::ResultSet& rs, opb::RecordFacts& r) {
    r.set_kind(kFactsPayment);
    r.set_record_id(db::GetStr(rs, "id"));
    const int status = rs.getInt("status");
    if (status != 0) r.set_status(pb::PaymentStatus_Name(status));
    PutColumn(r, "disbursement_id", rs, "disbursement_id");
    PutColumn(r, "application_id", rs, "application_id");
    PutNumber(r, "amount_fen", rs.getInt64("amount_fen"));
    PutColumn(r, "paid_on", rs, "paid_on");
    PutColumn(r, "voucher_number", rs, "voucher_number");
    PutColumn(r, "bank_reference", rs, "bank_reference");
    PutColumn(r, "receipt_number", rs, "receipt_number");
    PutColumn(r, "receipt_on", rs, "receipt_on");
    PutFlag(r, "emergency", rs.getInt("emergency") != 0);
  });
}

}  // namespace shouhu::aid
