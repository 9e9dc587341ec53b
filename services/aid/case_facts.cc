#include "aid/case_facts.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "common/base/status_macros.h"
#include "common/base/text.h"
#include "common/server/tenant.h"

namespace shouhu::aid {
namespace {

constexpr char kSource[] = "aid";

using FactsRead = absl::StatusOr<std::vector<opb::RecordFacts>> (*)(db::Tx&, const std::string&);

// "case-<6-digit procuratorate>-<id>" of the case hub, at most 64 characters.
bool IsCaseId(const std::string& id) {
  return absl::StartsWith(id, "case-") && !TenantOfId(id).empty() &&
         id.size() > std::string("case-000000-").size();
}

}  // namespace

absl::StatusOr<opb::CaseFacts> CaseFactsCore::GetCaseFacts(const Principal& /*p*/,
                                                           const opb::GetCaseFactsRequest& req) {
  const std::string& case_id = req.case_id();
  FieldErrors e;
  if (case_id.empty()) {
    e.Add("case_id", "is required");
  } else if (case_id.size() > 64) {
    e.Add("case_id", "must be at most 64 characters");
  } else if (!IsCaseId(case_id)) {
    e.Add("case_id", "is not a case id (case-<procuratorate>-<id>)");
  }
  RETURN_IF_ERROR(e.ToStatus());

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
  std::sort(records.begin(), records.end(),
            [](const opb::RecordFacts& a, const opb::RecordFacts& b) {
              if (a.kind() != b.kind()) return a.kind() < b.kind();
              return a.record_id() < b.record_id();
            });
  opb::CaseFacts out;
  out.set_case_id(case_id);
  out.set_source(kSource);
  for (opb::RecordFacts& r : records) *out.add_records() = std::move(r);
  return out;
}

}  // namespace shouhu::aid
