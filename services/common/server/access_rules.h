// The building blocks of a service's access table (common/server/access_policy.h), the same
// for every service: the grants of the procuratorate's roles, a grant to agencies on a
// record-level condition, the condition "the record names the calling agency", and the rows
// of one proto package.
//
//   constexpr RuleMaker Rule("shouhu.aid.v1");
//   Rule("AidApplicationService", "GetApplication", {Staff()}, "your role does not ...");
#ifndef SHOUHU_COMMON_SERVER_ACCESS_RULES_H_
#define SHOUHU_COMMON_SERVER_ACCESS_RULES_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/server/access_policy.h"
#include "common/server/principal.h"

namespace shouhu::access {

// Roles that work cases inside a procuratorate (read access to its records).
const std::vector<Role>& StaffRoles();  // caseworker, department head, chief
// Roles that run a record (a department head holds caseworker powers).
const std::vector<Role>& WorkerRoles();  // caseworker, department head

// Users of the caller's own procuratorate holding one of the roles.
Grant Staff();              // StaffRoles()
Grant Workers();            // WorkerRoles()
Grant AssignedWorkers();    // WorkerRoles(), on AssignedCaseworkerOrHead()
Grant Head();               // department heads
Grant Chief();              // the chief and deputy chiefs (检察长/分管副检察长)
Grant Finance();            // finance (计财部门)
Grant StatisticsReaders();  // analysts, department heads and the chief
// Administrators, on every procuratorate.
Grant Admin();
// The oversight service (certificate "service:oversight") only, on every procuratorate:
// the case facts of the case-quality review.
Grant OversightService();
// Agencies, on their own records, where `c` holds.
Grant AgencyWhere(const AccessCondition& c);

// Whether `p` is the agency the record names (RecordFacts::agency).
bool IsRecordAgency(const Principal& p, const RecordFacts& r);

// The rows of one proto package ("shouhu.aid.v1").
class RuleMaker {
 public:
  // `package` must outlive the maker (a literal).
  constexpr explicit RuleMaker(absl::string_view package) : package_(package) {}

  // "<package>.<service>/<method>", the key of the table.
  std::string Key(absl::string_view service, absl::string_view method) const;
  AccessRule operator()(absl::string_view service, absl::string_view method,
                        std::vector<Grant> grants, absl::string_view denied) const;

 private:
  absl::string_view package_;
};

}  // namespace shouhu::access

#endif  // SHOUHU_COMMON_SERVER_ACCESS_RULES_H_
