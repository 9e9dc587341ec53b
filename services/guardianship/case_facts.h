// The guardianship service's part of the case-quality review (案件质量评查):
// CaseFactsService/GetCaseFacts (proto/shouhu/oversight/v1/review.proto) answers what the
// service holds about one case, for the oversight service only (the access table's row,
// access_policy.cc). Kinds, sorted by (kind, record id):
//   "escalation"  one per escalation of the case (检察建议, 支持起诉, ...; status:
//                 EscalationStatus name; its caseworker and department);
//   "order"       one per guardianship order of the case (status: OrderStatus name; its
//                 caseworker and department).
// A field is a key exactly when it is filled; the order's facts and the escalation's
// content are "*", never read in clear (common/server/case_facts.h). docs/guardianship.md
// lists every fact and its column.
#ifndef SHOUHU_GUARDIANSHIP_CASE_FACTS_H_
#define SHOUHU_GUARDIANSHIP_CASE_FACTS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/db/transaction.h"
#include "common/server/rpc_service.h"
#include "common/server/principal.h"
#include "guardianship/deps.h"
#include "shouhu/oversight/v1/review.pb.h"

namespace shouhu::guardianship {

namespace opb = ::shouhu::oversight::v1;

// The orders and escalations of `case_id` as facts, at most kCaseFactsLimit of each.
absl::StatusOr<std::vector<opb::RecordFacts>> OrderFactsOfCase(db::Tx& tx,
                                                               const std::string& case_id);
absl::StatusOr<std::vector<opb::RecordFacts>> EscalationFactsOfCase(db::Tx& tx,
                                                                    const std::string& case_id);

class CaseFactsCore {
 public:
  explicit CaseFactsCore(GuardDeps deps) : d_(deps) {}

  // INVALID_ARGUMENT naming case_id unless it is a case id; an unknown case has no
  // records. Who may call is the access table's (the oversight service); the reads span
  // every procuratorate.
  absl::StatusOr<opb::CaseFacts> GetCaseFacts(const Principal& p,
                                              const opb::GetCaseFactsRequest& req);

 private:
  GuardDeps d_;
};

// The CaseFactsService's method table, bound through the guardianship access table.
MethodTable CaseFactsMethods(CaseFactsCore* core);

}  // namespace shouhu::guardianship

#endif  // SHOUHU_GUARDIANSHIP_CASE_FACTS_H_
