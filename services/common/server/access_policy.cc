#include "common/server/access_policy.h"

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace shouhu {

const AccessCondition& AssignedCaseworkerOrHead() {
  static const AccessCondition* c = new AccessCondition{
      "assigned_or_head", "the assigned caseworker or a department head",
      [](const Principal& p, const RecordFacts& r) {
        if (p.kind != Principal::Kind::kUser) return false;
        if (p.Has(Role::kDepartmentHead)) return true;
        return p.Has(Role::kCaseworker) && !r.assigned_to.empty() && r.assigned_to == p.id;
      }};
  return *c;
}

absl::Status Require(const AccessCondition& c, const Principal& p, const RecordFacts& r,
                     absl::string_view what) {
  if (c.holds && c.holds(p, r)) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat("only ", c.text, " may ", what));
}

absl::string_view ScopeText(Scope s) {
  switch (s) {
    case Scope::kNone:
      return "no record (creates one of the caller)";
    case Scope::kOwnProcuratorate:
      return "own procuratorate (from the id)";
    case Scope::kOwnAgency:
      return "own referrals only";
    case Scope::kLinkedPeople:
      return "people named in the own procuratorate's referrals (others: NOT_FOUND)";
    case Scope::kTransferTarget:
      return "cases offered to the own procuratorate";
    case Scope::kPlatform:
      return "every procuratorate";
  }
  return "?";
}

bool Grant::Admits(const Principal& p) const {
  switch (kind) {
    case CallerKind::kAgency:
      return p.kind == Principal::Kind::kAgency;
    case CallerKind::kService:
      return p.kind == Principal::Kind::kService && (service.empty() || p.id == service);
    case CallerKind::kUser:
      if (p.kind != Principal::Kind::kUser) return false;
      for (Role r : roles) {
        if (p.Has(r)) return true;
      }
      return false;
  }
  return false;
}

AccessPolicy::AccessPolicy(std::string service, std::vector<AccessRule> rules)
    : service_(std::move(service)), rules_(std::move(rules)) {}

const AccessRule* AccessPolicy::Find(absl::string_view method) const {
  for (const AccessRule& r : rules_) {
    if (r.method == method) return &r;
  }
  return nullptr;
}

absl::StatusOr<const Grant*> AccessPolicy::Admit(const Principal& p,
                                                 absl::string_view method) const {
  const AccessRule* rule = Find(method);
  if (rule == nullptr) {
    return absl::PermissionDeniedError("this method is not open to any caller");
  }
  for (const Grant& g : rule->grants) {
    if (g.Admits(p)) return &g;
  }
  return absl::PermissionDeniedError(rule->denied.empty() ? "access denied" : rule->denied);
}

std::string MethodKey(const google::protobuf::MethodDescriptor& m) {
  return absl::StrCat(m.service()->full_name(), "/", m.name());
}

absl::Status AccessPolicy::CheckCovers(
    const std::vector<const google::protobuf::ServiceDescriptor*>& services) const {
  std::map<std::string, int> rows;
  for (const AccessRule& r : rules_) ++rows[r.method];
  std::set<std::string> methods;
  std::vector<std::string> problems;
  for (const auto* s : services) {
    for (int i = 0; i < s->method_count(); ++i) {
      const std::string key = MethodKey(*s->method(i));
      methods.insert(key);
      const int n = rows.count(key) ? rows[key] : 0;
      if (n == 0) problems.push_back(absl::StrCat(key, " has no access rule"));
      if (n > 1) problems.push_back(absl::StrCat(key, " has ", n, " access rules"));
    }
  }
  for (const AccessRule& r : rules_) {
    if (!methods.count(r.method)) {
      problems.push_back(absl::StrCat("access rule for unknown method ", r.method));
    }
    for (const Grant& g : r.grants) {
      if (g.kind == CallerKind::kUser && g.roles.empty()) {
        problems.push_back(absl::StrCat(r.method, ": a user grant without roles"));
      }
      for (const AccessCondition* c : g.conditions) {
        if (c == nullptr || !c->holds) {
          problems.push_back(absl::StrCat(r.method, ": a condition without a check"));
        }
      }
    }
  }
  if (problems.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("access policy of ", service_, ": ", absl::StrJoin(problems, "; ")));
}

namespace {

std::string GrantText(const Grant& g) {
  std::string who;
  switch (g.kind) {
    case CallerKind::kAgency:
      who = "agency";
      break;
    case CallerKind::kService:
      who = g.service.empty() ? "service" : absl::StrCat("service ", g.service);
      break;
    case CallerKind::kUser: {
      std::vector<std::string> names;
      for (Role r : g.roles) names.emplace_back(RoleName(r));
      who = absl::StrJoin(names, ", ");
      break;
    }
  }
  std::string out = absl::StrCat("**", who, "**: ", ScopeText(g.scope));
  for (const AccessCondition* c : g.conditions) {
    if (c != nullptr) absl::StrAppend(&out, "; only ", c->text, " (`", c->name, "`)");
  }
  return out;
}

}  // namespace

std::string AccessPolicy::Markdown() const {
  std::string out =
      absl::StrCat("### ", service_,
                   "\n\n| RPC | who may call, and on which records | otherwise |\n|---|---|---|\n");
  for (const AccessRule& r : rules_) {
    std::vector<std::string> grants;
    for (const Grant& g : r.grants) grants.push_back(GrantText(g));
    const size_t slash = r.method.rfind('/');
    const size_t dot = r.method.rfind('.', slash);
    const std::string shown =
        dot == std::string::npos ? r.method : r.method.substr(dot + 1);  // "Service/Method"
    absl::StrAppend(&out, "| `", shown, "` | ",
                    grants.empty() ? "nobody" : absl::StrJoin(grants, "<br>"), " | ",
                    r.denied.empty() ? "PERMISSION_DENIED"
                                     : absl::StrCat("PERMISSION_DENIED: \"", r.denied, "\""),
                    " |\n");
  }
  return out;
}

}  // namespace shouhu
