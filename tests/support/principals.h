// Principals for tests: people with roles (and a title), partner agencies and services,
// as the authenticator would make them.
#ifndef SHOUHU_TESTS_SUPPORT_PRINCIPALS_H_
#define SHOUHU_TESTS_SUPPORT_PRINCIPALS_H_

#include <set>
#include <string>
#include <utility>

#include "common/server/principal.h"

namespace shouhu::testing {

inline Principal User(const std::string& id, const std::string& procuratorate,
                      std::set<Role> roles, const std::string& title = "",
                      const std::string& department = "未成年人检察部") {
  Principal p;
  p.kind = Principal::Kind::kUser;
  p.id = id;
  p.display_name = id;
  p.procuratorate = procuratorate;
  p.department = department;
  p.title = title;
  p.roles = std::move(roles);
  return p;
}

inline Principal Agency(const std::string& code, const std::string& procuratorate) {
  Principal p;
  p.kind = Principal::Kind::kAgency;
  p.id = code;
  p.display_name = code;
  p.procuratorate = procuratorate;
  p.roles = {Role::kAgency};
  return p;
}

inline Principal Service(const std::string& name) {
  Principal p;
  p.kind = Principal::Kind::kService;
  p.id = name;
  p.display_name = name;
  p.roles = {Role::kService};
  return p;
}

}  // namespace shouhu::testing

#endif  // SHOUHU_TESTS_SUPPORT_PRINCIPALS_H_
