// The walk every visit access matrix test makes (VisitPlanService, VisitService,
// VolunteerService, CaseFactsService): the callers of Renhuai (agency, another service, the
// oversight service, the staff of every role) and of Xishui, each on a record of their own
// and of the other procuratorate, expectations from the visit access table.
#ifndef SHOUHU_TESTS_INTEGRATION_VISIT_VISIT_ACCESS_WALK_H_
#define SHOUHU_TESTS_INTEGRATION_VISIT_VISIT_ACCESS_WALK_H_

#include <string>
#include <vector>

#include "integration/visit/visit_access_targets.h"
#include "visit/access_policy.h"

namespace shouhu::testing {

class VisitAccessWalk : public VisitAccessMatrix,
                        public ::testing::WithParamInterface<std::string> {
 protected:
  static std::vector<Caller> RenhuaiCallers() {
    std::vector<Caller> callers = {
        {"agency", Agency("fl-renhuai", kRenhuai)},
        {"service", Service("aid")},
        {"oversight service", Service("oversight")},
    };
    for (Caller& c : StaffCallers(kRenhuai)) callers.push_back(std::move(c));
    return callers;
  }

  static std::vector<Caller> XishuiCallers() {
    const std::string xs = kXishui;
    return {
        {"Xishui caseworker, assigned", User("u-xs-li", xs, {Role::kCaseworker})},
        {"Xishui caseworker, not assigned", User("u-xs-wang", xs, {Role::kCaseworker})},
        {"Xishui department head", User("u-xs-head", xs, {Role::kDepartmentHead})},
        {"Xishui chief procurator", User("u-xs-chief", xs, {Role::kChief}, "chief_procurator")},
        {"Xishui volunteer", User("u-xs-vol", xs, {Role::kVolunteer})},
        {"Xishui analyst", User("u-xs-analyst", xs, {Role::kAnalyst})},
        {"Xishui admin", User("u-xs-admin", xs, {Role::kAdmin})},
        {"Xishui agency", Agency("fl-xishui", xs)},
        {"oversight service", Service("oversight")},
    };
  }

  // Every cell of the RPC GetParam() names, for both procuratorates' callers.
  void WalkBothProcuratorates() {
    const std::string key = GetParam();
    const auto call = [&](const Principal& p, const google::protobuf::Message& req) {
      return CallRpc(key, p, req);
    };
    WalkMatrix(
        visit::VisitAccessPolicy(), key, RenhuaiCallers(),
        [&](bool other, bool assigned) { return Prepare(key, other, assigned); }, call);
    WalkMatrix(
        visit::VisitAccessPolicy(), key, XishuiCallers(),
        [&](bool other, bool assigned) { return PrepareForXishui(key, other, assigned); }, call);
  }
};

}  // namespace shouhu::testing

#endif  // SHOUHU_TESTS_INTEGRATION_VISIT_VISIT_ACCESS_WALK_H_
