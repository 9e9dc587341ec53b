// Who is calling: the result of authentication, handed to every handler.
#ifndef SHOUHU_COMMON_SERVER_PRINCIPAL_H_
#define SHOUHU_COMMON_SERVER_PRINCIPAL_H_

#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shouhu {

enum class Role {
  kAgency,          // partner agency system (from its certificate)
  kCaseworker,      // 承办检察官/检察官助理
  kDepartmentHead,  // 部门负责人
  kChief,           // 检察长/分管检察长
  kFinance,         // 计财部门
  kVolunteer,       // 爱心妈妈/社工
  kAnalyst,         // 院领导/分析人员: aggregates only
  kAdmin,           // 系统管理员
  kService,         // another Shouhu service (from its certificate)
};

absl::StatusOr<Role> ParseRole(absl::string_view name);
absl::string_view RoleName(Role role);

struct Principal {
  enum class Kind { kUser, kAgency, kService };
  Kind kind = Kind::kUser;
  std::string id;             // user id, agency code or service name
  std::string display_name;   // for timelines; never personal data of the people served
  std::string procuratorate;  // tenant: users' and agencies' procuratorate code
  std::string department;
  std::string title;  // users: official title from the token (may be empty)
  // Agency staff (kAgency from a person's token over a "client:" certificate, not the
  // agency's own certificate): the person, the token's subject. Empty otherwise. The
  // referral service records it with the agency as the mutation actor
  // ("agency:<code>/<person>": audit, idempotency); Name() stays the agency's.
  std::string person;
  std::set<Role> roles;

  bool Has(Role r) const { return roles.count(r) > 0; }
  bool HasAny(std::initializer_list<Role> rs) const {
    for (Role r : rs) {
      if (Has(r)) return true;
    }
    return false;
  }
  // "user:<id>", "agency:<code>" or "service:<name>".
  std::string Name() const;
};

}  // namespace shouhu

#endif  // SHOUHU_COMMON_SERVER_PRINCIPAL_H_
