// Tamper-evident audit trail.
//
// Every state change (and every unmasked read of identity data) appends an AuditRecord in
// the same transaction as the change. Records are spread over kAuditChains independent
// hash chains (chain = FNV-1a(entity_id) mod kAuditChains), so concurrent writes to
// different records rarely wait for the same chain head. Within a chain, records are
// numbered 1, 2, 3... and each stores SHA-256(previous hash | its own fields). The head
// row of each chain stores the last number and hash, so deleting the newest records is
// detected as well as editing or deleting any record in the middle.
#ifndef SHOUHU_COMMON_DB_AUDIT_H_
#define SHOUHU_COMMON_DB_AUDIT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"

namespace shouhu::db {

inline constexpr int kAuditChains = 16;

struct AuditRecord {
  std::string service;      // "referral"
  std::string actor;        // "user:u-zhang", "agency:edu-renhuai", "service:aid"
  std::string action;       // "referral.submit", "person.read_unmasked", ...
  std::string entity_type;  // "referral", "case", "person", ...
  std::string entity_id;
  std::string procuratorate;  // tenant of the entity
  std::string request_id;
  std::string detail;  // JSON without personal data
  absl::Time at;
};

int AuditChainOf(absl::string_view entity_id);

// The hash of a record given its chain position and the previous hash.
std::string AuditHash(const AuditRecord& r, int chain, int64_t seq, absl::string_view prev_hash);

// Appends `record` inside `tx` (locks the chain head row until the transaction ends).
absl::Status AppendAudit(Tx& tx, const AuditRecord& record);

struct AuditProblem {
  int chain = 0;
  int64_t seq = 0;
  std::string what;
};

struct AuditReport {
  int64_t records_checked = 0;
  std::vector<AuditProblem> problems;
  bool ok() const { return problems.empty(); }
};

// Visits every row of audit_log (in primary-key order, whatever its chain id or number)
// and every head row, and reports edited, deleted, inserted, reordered or truncated
// records, records or heads outside chains 0..kAuditChains-1, records filed under a chain
// that is not their entity's, and records numbered below 1. It cannot detect a whole chain
// rewritten consistently, heads included, by someone with write access to the database:
// see docs/architecture.md ("Audit") for what closes that.
absl::StatusOr<AuditReport> VerifyAudit(ConnectionPool& pool);

}  // namespace shouhu::db

#endif  // SHOUHU_COMMON_DB_AUDIT_H_
