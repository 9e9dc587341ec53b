#include "aid/case_facts.h"

#include <string>
#include <utility>
#include <vector>

#include "common/base/status_macros.h"
#include "common/server/case_facts.h"

namespace shouhu::aid {
namespace {

constexpr char kSource[] = "aid";

using FactsRead = absl::StatusOr<std::vector<opb::RecordFacts>> (*)(db::Tx&, const std::string&);

}  // namespace

absl::StatusOr<opb::CaseFacts> CaseFactsCore::GetCaseFacts(const Principal& /*p*/,
                                                           const opb::GetCaseFactsRequest& req) {
  RETURN_IF_ERROR(case_facts::CheckRequest(req));
  const std::string& case_id = req.case_id();

  std::vector<opb::RecordFacts> records;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        records.clear();  // a retried attempt starts again
        for (FactsRead read :
             {&ApplicationFactsOfCase, &DisbursementFactsOfCase, &PaymentFactsOfCase}) {
          ASSIGN_OR_RETURN(std::vector<opb::RecordFacts> kind, read(tx, case_id));
          for (opb::RecordFacts& r : kind) records.push_back(std::move(r));
        }
        return absl::OkStatus();
      },
      {.read_only = true}));
  return case_facts::Answer(case_id, kSource, std::move(records));
}

}  // namespace shouhu::aid
