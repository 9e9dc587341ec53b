// A service's access policy as one declarative table: per fully-qualified RPC method
// ("shouhu.referral.v1.CaseService/GetCase"), which callers may call it (caller kinds and
// user roles), the record scope each of them gets, and named record-level conditions.
//
//   AccessPolicy policy("referral", {
//       {.method = "shouhu.referral.v1.CaseService/AssignCase",
//        .grants = {Grant::Users({Role::kDepartmentHead}, Scope::kOwnProcuratorate)},
//        .denied = "only a department head may assign cases"},
//       ...});
//
// Two parts of the table are enforced in two places, both driven by the same rows:
// - who may call (kind and role) by Admit(), before the handler runs (the service's
//   binding of its handlers calls it for every RPC; a method without a row is denied);
// - the record-level part (scope and conditions) by the domain code, which checks each
//   named AccessCondition through Require(): the rows reference the same objects, so
//   the rendered documentation names exactly the checks the code makes.
// CheckCovers() makes a service refuse to start when a method of its descriptors has no
// row or a row names no method; Markdown() renders the table for docs/access-policy.md
// (a unit test fails when the committed file differs).
#ifndef SHOUHU_COMMON_SERVER_ACCESS_POLICY_H_
#define SHOUHU_COMMON_SERVER_ACCESS_POLICY_H_

#include <google/protobuf/descriptor.h>

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/server/principal.h"

namespace shouhu {

// The record a condition is evaluated on, as far as access is concerned.
struct RecordFacts {
  std::string procuratorate;    // tenant of the record
  std::string agency;           // submitting agency, when the record has one
  std::string assigned_to;      // assigned caseworker (user id), when the record has one
  std::string department = {};  // the record's department (办案部门), when it has one
};

// A named record-level condition, e.g. "the assigned caseworker or a department head".
// Defined once (a constant of the service) and referenced by the table and the code.
struct AccessCondition {
  std::string name;  // short identifier, e.g. "assigned_or_head"
  std::string text;  // for people: "the assigned caseworker or a department head"
  std::function<bool(const Principal&, const RecordFacts&)> holds;
};

// The condition services share: "the assigned caseworker or a department head" (a user
// with the department head role, or a caseworker whose id is the record's assigned_to).
const AccessCondition& AssignedCaseworkerOrHead();

// PERMISSION_DENIED "only <text> may <what>" unless `c` holds for `p` on `r`.
[[nodiscard]] absl::Status Require(const AccessCondition& c, const Principal& p,
                                   const RecordFacts& r, absl::string_view what);

// Which records a caller admitted by a grant may reach.
enum class Scope {
  kNone,              // no record is addressed (e.g. a submission creates one of the caller)
  kOwnProcuratorate,  // the caller's procuratorate, decided from the id's tenant part
  kOwnAgency,         // only the records the calling agency submitted
  kLinkedPeople,      // people named in the own procuratorate's referrals or cases
  kTransferTarget,    // cases another procuratorate offered to the caller's procuratorate
  kPlatform,          // every procuratorate (registry administration, service calls)
};
absl::string_view ScopeText(Scope s);

enum class CallerKind { kUser, kAgency, kService };

// One kind of caller admitted to a method.
struct Grant {
  CallerKind kind = CallerKind::kUser;
  std::vector<Role> roles;  // users: holding any of these; empty for agencies and services
  Scope scope = Scope::kNone;
  std::vector<const AccessCondition*> conditions;  // all must hold on the record
  std::string service;  // services: only this one ("oversight"); empty: any service

  static Grant Users(std::vector<Role> roles, Scope scope,
                     std::vector<const AccessCondition*> conditions = {}) {
    return Grant{CallerKind::kUser, std::move(roles), scope, std::move(conditions), {}};
  }
  static Grant Agencies(Scope scope) { return Grant{CallerKind::kAgency, {}, scope, {}, {}}; }
  static Grant Services(Scope scope) { return Grant{CallerKind::kService, {}, scope, {}, {}}; }
  // One named service only (certificate "service:<name>").
  static Grant Service(std::string name, Scope scope) {
    return Grant{CallerKind::kService, {}, scope, {}, std::move(name)};
  }
  bool Admits(const Principal& p) const;
};

struct AccessRule {
  std::string method;         // "<package>.<Service>/<Method>"
  std::vector<Grant> grants;  // empty: nobody (e.g. not callable from outside)
  std::string denied;         // PERMISSION_DENIED text for callers no grant admits
};

class AccessPolicy {
 public:
  AccessPolicy(std::string service, std::vector<AccessRule> rules);

  const std::string& service() const { return service_; }
  const std::vector<AccessRule>& rules() const { return rules_; }
  // The row of `method` ("<package>.<Service>/<Method>"), or nullptr.
  const AccessRule* Find(absl::string_view method) const;
  // The first grant of `method` that admits `p`, or PERMISSION_DENIED (the row's text;
  // a method without a row is denied to everybody).
  absl::StatusOr<const Grant*> Admit(const Principal& p, absl::string_view method) const;

  // OK when every method of `services` has exactly one row and every row names a method
  // of `services`; otherwise FAILED_PRECONDITION listing what is missing or unknown.
  [[nodiscard]] absl::Status CheckCovers(
      const std::vector<const google::protobuf::ServiceDescriptor*>& services) const;

  // The table as a markdown section (heading, one row per method).
  std::string Markdown() const;

 private:
  std::string service_;
  std::vector<AccessRule> rules_;
};

// "<service full name>/<method name>", the key of the table.
std::string MethodKey(const google::protobuf::MethodDescriptor& m);

}  // namespace shouhu

#endif  // SHOUHU_COMMON_SERVER_ACCESS_POLICY_H_
