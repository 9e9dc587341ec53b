// The aid service's part of the case-quality review (案件质量评查): CaseFactsService/
// GetCaseFacts (proto/shouhu/oversight/v1/review.proto) answers what the service holds
// about one case as RecordFacts, for the oversight service only (the access table's row,
// access_policy.cc). Kinds, sorted by (kind, record id):
//   "aid_application"  one per application of the case (status: ApplicationStatus name;
//                      assigned_to and department: the application's);
//   "disbursement"     one per plan of those applications (no status; assigned_to and
//                      department of its application);
//   "payment"          one per payment of those applications, failed ones included
//                      (status: PaymentStatus name; no caseworker or department).
// A field is a key exactly when it is filled; personal data is "*" (closing_reason,
// payee_account), never read in clear. docs/aid.md lists every fact and its column.
#ifndef SHOUHU_AID_CASE_FACTS_H_
#define SHOUHU_AID_CASE_FACTS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "aid/deps.h"
#include "common/db/transaction.h"
#include "common/server/principal.h"
#include "shouhu/oversight/v1/review.pb.h"

namespace shouhu::aid {

namespace opb = ::shouhu::oversight::v1;

inline constexpr char kFactsApplication[] = "aid_application";
inline constexpr char kFactsDisbursement[] = "disbursement";
inline constexpr char kFactsPayment[] = "payment";

// Reads (case_facts_repository.cc, statements in case_facts_sql.h): the records of
// `case_id` of one kind as facts, at most kCaseFactsLimit, in the transaction `tx`.
absl::StatusOr<std::vector<opb::RecordFacts>> ApplicationFactsOfCase(db::Tx& tx,
                                                                     const std::string& case_id);
absl::StatusOr<std::vector<opb::RecordFacts>> DisbursementFactsOfCase(db::Tx& tx,
                                                                      const std::string& case_id);
absl::StatusOr<std::vector<opb::RecordFacts>> PaymentFactsOfCase(db::Tx& tx,
                                                                 const std::string& case_id);

class CaseFactsCore {
 public:
  explicit CaseFactsCore(AidDeps deps) : d_(deps) {}

  // INVALID_ARGUMENT naming case_id unless it is a case id ("case-<procuratorate>-<id>",
  // at most 64 characters); an unknown case has no records. Who may call is the access
  // table's (the oversight service); the reads span every procuratorate.
  absl::StatusOr<opb::CaseFacts> GetCaseFacts(const Principal& p,
                                              const opb::GetCaseFactsRequest& req);

 private:
  AidDeps d_;
};

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_CASE_FACTS_H_
