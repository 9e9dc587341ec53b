// Binds a service core's operations as the handlers of a method table behind the
// service's access policy (access_policy.h): who may call is decided from the policy's
// row before the operation runs, for every RPC.
//
//   MethodTable t = MethodTable::For<pb::FundService>();
//   BindPolicy(t, AidAccessPolicy(), "AllocateFund", core, &FundCore::Allocate);
#ifndef SHOUHU_COMMON_SERVER_POLICY_BIND_H_
#define SHOUHU_COMMON_SERVER_POLICY_BIND_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/server/access_policy.h"
#include "common/server/principal.h"
#include "common/server/rpc_service.h"

namespace shouhu {

// The access policy's key of `name` in `table`'s service.
inline std::string PolicyKey(const MethodTable& table, absl::string_view name) {
  return absl::StrCat(table.service()->full_name(), "/", name);
}

// Registers `op` of `core` as the handler of the method `name`, admitted by `policy`
// (which must outlive the table). Request and response types come from `op` and are
// checked against the descriptor by the table.
template <typename Core, typename Req, typename Resp>
void BindPolicy(MethodTable& table, const AccessPolicy& policy, absl::string_view name, Core* core,
                absl::StatusOr<Resp> (Core::*op)(const Principal&, const Req&)) {
  table.Unary<Req, Resp>(name,
                         [&policy, core, op, key = PolicyKey(table, name)](
                             const Principal& p, const Req& req) -> absl::StatusOr<Resp> {
                           absl::StatusOr<const Grant*> admitted = policy.Admit(p, key);
                           if (!admitted.ok()) return admitted.status();
                           return (core->*op)(p, req);
                         });
}

}  // namespace shouhu

#endif  // SHOUHU_COMMON_SERVER_POLICY_BIND_H_
