// Gapless document numbers (文号) of orders and escalations: one counter row per
// (procuratorate, year, DocumentKind) in guard_doc_counters, advanced by a conditional
// update in the caller's transaction. The row lock serializes concurrent approvals of one
// procuratorate and kind; a rolled-back approval rolls its increment back with it, so the
// numbers of committed approvals are 1, 2, 3, ... without gaps.
//
//   RETURN_IF_ERROR(PrepareDocumentCounter(pool, "520382", 2025, kind));  // before the tx
//   ... in the approval's mutation:
//   ASSIGN_OR_RETURN(DocumentNumber n, AllocateDocumentNumber(m.tx(), "520382", 2025, kind,
//                                                             "仁检督监令"));
#ifndef SHOUHU_GUARDIANSHIP_DOC_NUMBERS_H_
#define SHOUHU_GUARDIANSHIP_DOC_NUMBERS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "shouhu/guardianship/v1/guardianship.pb.h"

namespace shouhu::guardianship {

struct DocumentNumber {
  int year = 0;
  int seq = 0;       // 1-based, gapless per procuratorate, year and kind
  std::string text;  // "<prefix>〔<year>〕<seq>号"
};

// "仁检督监令〔2025〕7号".
std::string FormatDocumentNumber(absl::string_view prefix, int year, int seq);

// Makes sure the counter row exists (its own short transaction, idempotent), so the
// allocation in the approval's transaction only updates an existing row: no insert races
// (and no gap-lock deadlocks) among concurrent first approvals of a year.
[[nodiscard]] absl::Status PrepareDocumentCounter(db::ConnectionPool& pool,
                                                  const std::string& procuratorate, int year,
                                                  shouhu::guardianship::v1::DocumentKind kind);

// The next number, in the caller's transaction (the row stays locked until it ends).
// Creates the row when PrepareDocumentCounter was not called for this year.
[[nodiscard]] absl::StatusOr<DocumentNumber> AllocateDocumentNumber(
    db::Tx& tx, const std::string& procuratorate, int year,
    shouhu::guardianship::v1::DocumentKind kind, absl::string_view prefix);

namespace doc_sql {
inline constexpr char kEnsureCounter[] =
    "INSERT IGNORE INTO guard_doc_counters (procuratorate_code, year, kind, last_number,"
    " version) VALUES (?, ?, ?, 0, 1)";
inline constexpr char kAdvance[] =
    "UPDATE guard_doc_counters SET last_number = last_number + 1, version = version + 1"
    " WHERE procuratorate_code = ? AND year = ? AND kind = ?";
inline constexpr char kInsertFirst[] =
    "INSERT INTO guard_doc_counters (procuratorate_code, year, kind, last_number, version)"
    " VALUES (?, ?, ?, 1, 1) ON DUPLICATE KEY UPDATE last_number = last_number + 1,"
    " version = version + 1";
inline constexpr char kRead[] =
    "SELECT last_number FROM guard_doc_counters"
    " WHERE procuratorate_code = ? AND year = ? AND kind = ?";
}  // namespace doc_sql

}  // namespace shouhu::guardianship

#endif  // SHOUHU_GUARDIANSHIP_DOC_NUMBERS_H_
