#include "common/server/access_rules.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace shouhu::access {

const std::vector<Role>& StaffRoles() {
  static const auto* roles =
      new std::vector<Role>{Role::kCaseworker, Role::kDepartmentHead, Role::kChief};
  return *roles;
}

const std::vector<Role>& WorkerRoles() {
  static const auto* roles = new std::vector<Role>{Role::kCaseworker, Role::kDepartmentHead};
  return *roles;
}

Grant Staff() { return Grant::Users(StaffRoles(), Scope::kOwnProcuratorate); }
Grant Workers() { return Grant::Users(WorkerRoles(), Scope::kOwnProcuratorate); }
Grant AssignedWorkers() {
  return Grant::Users(WorkerRoles(), Scope::kOwnProcuratorate, {&AssignedCaseworkerOrHead()});
}
Grant Head() { return Grant::Users({Role::kDepartmentHead}, Scope::kOwnProcuratorate); }
Grant Chief() { return Grant::Users({Role::kChief}, Scope::kOwnProcuratorate); }
Grant Finance() { return Grant::Users({Role::kFinance}, Scope::kOwnProcuratorate); }
Grant StatisticsReaders() {
  return Grant::Users({Role::kAnalyst, Role::kDepartmentHead, Role::kChief},
                      Scope::kOwnProcuratorate);
}
Grant Admin() { return Grant::Users({Role::kAdmin}, Scope::kPlatform); }
Grant OversightService() { return Grant::Service("oversight", Scope::kPlatform); }
Grant AgencyWhere(const AccessCondition& c) {
  return Grant{CallerKind::kAgency, {}, Scope::kOwnAgency, {&c}, {}};
}

bool IsRecordAgency(const Principal& p, const RecordFacts& r) {
  return p.kind == Principal::Kind::kAgency && !r.agency.empty() && r.agency == p.id;
}

std::string RuleMaker::Key(absl::string_view service, absl::string_view method) const {
  return absl::StrCat(package_, ".", service, "/", method);
}

AccessRule RuleMaker::operator()(absl::string_view service, absl::string_view method,
                                 std::vector<Grant> grants, absl::string_view denied) const {
  return {Key(service, method), std::move(grants), std::string(denied)};
}

}  // namespace shouhu::access
