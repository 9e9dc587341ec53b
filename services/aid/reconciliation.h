// ReconciliationService (对账): finance imports a bank statement (CSV, columns documented in
// aid.proto and docs/aid-money.md); each line is matched on bank_reference against the
// procuratorate's payments (MATCHED / AMOUNT_DIFFERS / UNMATCHED / DUPLICATE / INVALID),
// each payment's reconciliation status is set, payments paid in the statement's period and
// not on it become MISSING, and every mismatch is kept as an open issue ("rci-<procuratorate>-
// <number>") until finance resolves it with a resolution and a sealed note.
#ifndef SHOUHU_AID_RECONCILIATION_H_
#define SHOUHU_AID_RECONCILIATION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "aid/deps.h"
#include "common/server/principal.h"
#include "shouhu/aid/v1/aid.pb.h"

namespace shouhu::aid {

inline constexpr size_t kMaxStatementBytes = 5 * 1024 * 1024;
inline constexpr int kMaxStatementLines = 50000;

// One parsed line of a statement (result INVALID with `problem`, or unset when readable).
// Negative amounts are dropped by the parser.
struct ParsedLine {
  int line_number = 0;
  std::optional<absl::CivilDay> date;
  std::string bank_reference;
  int64_t amount_fen = 0;
  std::string problem;  // "<column>: why" for an unreadable line
};

// Parses the CSV: INVALID_ARGUMENT (field "csv") when it is too large, has no header or
// lacks a required column; unreadable lines come back with a problem.
absl::StatusOr<std::vector<ParsedLine>> ParseStatement(const std::string& csv);

// "1234.50" -> 123450; nullopt when not yuan with at most two decimals.
std::optional<int64_t> ParseYuan(absl::string_view text);

class ReconciliationCore {
 public:
  explicit ReconciliationCore(const AidDeps& deps) : d_(deps), mutations_(deps.Mutations()) {}

  absl::StatusOr<pb::ImportBankStatementResponse> ImportBankStatement(
      const Principal& p, const pb::ImportBankStatementRequest& req);
  // reconciliation_issues.cc: the issues newest first (open by default, resolved, or all),
  // and finance's resolution of an open one (version checked, audited).
  absl::StatusOr<pb::ListReconciliationIssuesResponse> ListReconciliationIssues(
      const Principal& p, const pb::ListReconciliationIssuesRequest& req);
  absl::StatusOr<pb::ReconciliationIssue> ResolveReconciliationIssue(
      const Principal& p, const pb::ResolveReconciliationIssueRequest& req);

 private:
  AidDeps d_;
  db::MutationRunner mutations_;
};

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_RECONCILIATION_H_
