// Reads of the case facts (case_facts.h): one statement per kind (case_facts_sql.h), each
// row turned into a RecordFacts whose fields hold only what is filled.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "aid/case_facts.h"
#include "aid/case_facts_sql.h"
#include "common/server/case_facts.h"
#include "shouhu/aid/v1/aid.pb.h"

namespace shouhu::aid {
namespace {

using case_facts::Put;
using case_facts::PutFlag;
using case_facts::PutMillis;
using case_facts::PutNumber;
using case_facts::PutPersonal;
using case_facts::UserId;

// An id, code, text or "YYYY-MM-DD" date column as stored; NULL and "" are not filled.
void PutColumn(opb::RecordFacts& r, const char* key, sql::ResultSet& rs, const char* column) {
  Put(r, key, db::GetStr(rs, column));
}
// An enum column's value name (0 is not filled).
void PutEnum(opb::RecordFacts& r, const char* key, const google::protobuf::EnumDescriptor* type,
             sql::ResultSet& rs, const char* column) {
  case_facts::PutEnum(r, key, type, rs.getInt(column));
}
std::optional<int64_t> Millis(sql::ResultSet& rs, const char* column) {
  if (rs.isNull(column)) return std::nullopt;
  return rs.getInt64(column);
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
    r.set_status(case_facts::EnumName(pb::ApplicationStatus_descriptor(), rs.getInt("status")));
    r.set_assigned_to(UserId(db::GetStr(rs, "assigned_to")));
    r.set_department(db::GetStr(rs, "department"));
    PutColumn(r, "case_id", rs, "case_id");
    PutEnum(r, "channel", pb::ApplicationChannel_descriptor(), rs, "channel");
    PutColumn(r, "applicant_person_id", rs, "applicant_person_id");
    PutColumn(r, "registered_on", rs, "registered_on");
    PutColumn(r, "decision_due_on", rs, "decision_due_on");
    PutColumn(r, "decided_on", rs, "decided_on");
    PutColumn(r, "decision_document_number", rs, "decision_document_number");
    PutEnum(r, "proposed_decision", pb::DecisionKind_descriptor(), rs, "proposed_decision");
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
    PutEnum(r, "method", pb::DisbursementMethod_descriptor(), rs, "method");
    PutEnum(r, "purpose", pb::DisbursementPurpose_descriptor(), rs, "purpose");
    PutNumber(r, "total_fen", rs.getInt64("total_fen"));
    PutNumber(r, "paid_fen", rs.getInt64("paid_fen"));
    PutColumn(r, "funds_arrived_on", rs, "funds_arrived_on");
    PutColumn(r, "notify_due_on", rs, "notify_due_on");
    PutMillis(r, "applicant_notified_at", Millis(rs, "applicant_notified_at_ms"));
    PutEnum(r, "notification_method", pb::NotificationMethod_descriptor(), rs,
            "notification_method");
    PutPersonal(r, "payee_account", rs.getInt("has_payee_account") != 0);
    PutColumn(r, "custody_agreement_ref", rs, "custody_agreement_ref");
  });
}

absl::StatusOr<std::vector<opb::RecordFacts>> PaymentFactsOfCase(db::Tx& tx,
                                                                 const std::string& case_id) {
  return Read(tx, kCasePaymentFacts, case_id, [](sql::ResultSet& rs, opb::RecordFacts& r) {
    r.set_kind(kFactsPayment);
    r.set_record_id(db::GetStr(rs, "id"));
    r.set_status(case_facts::EnumName(pb::PaymentStatus_descriptor(), rs.getInt("status")));
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
