#include "guardianship/config_ops.h"

#include <string>

#include "common/base/status_macros.h"
#include "common/base/text.h"
#include "common/base/validate.h"
#include "common/server/tenant.h"
#include "guardianship/config_repository.h"
#include "guardianship/policy.h"

namespace shouhu::guardianship {

ConfigCore::ConfigCore(const GuardDeps& deps) : d_(deps), mutations_(deps.Mutations()) {}

absl::StatusOr<pb::OrderPolicy> ConfigCore::GetOrderPolicy(const Principal& p,
                                                           const pb::GetOrderPolicyRequest& req) {
  ASSIGN_OR_RETURN(const std::string code, SettingsProcuratorate(p, req.procuratorate_code()));
  pb::OrderPolicy out;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool,
                                       [&](db::Tx& tx) -> absl::Status {
                                         ASSIGN_OR_RETURN(out, LoadOrderPolicy(tx, code));
                                         return absl::OkStatus();
                                       },
                                       {.read_only = true}));
  return out;
}

absl::StatusOr<pb::OrderPolicy> ConfigCore::UpdateOrderPolicy(
    const Principal& p, const pb::UpdateOrderPolicyRequest& req) {
  if (absl::Status s = RequestIdError(req.request_id()); !s.ok()) return s;
  RETURN_IF_ERROR(ValidateOrderPolicy(req.policy()));
  if (req.policy().version() < 0) {
    FieldErrors errors;
    errors.Add("policy.version", "the version read (0 for the defaults)");
    return errors.ToStatus();
  }
  const pb::OrderPolicy& want = req.policy();
  return mutations_.Run<pb::OrderPolicy>(
      {.actor = p.Name(), .method = "UpdateOrderPolicy", .request_id = req.request_id()}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::OrderPolicy> {
        ASSIGN_OR_RETURN(pb::OrderPolicy current,
                         LoadOrderPolicy(m.tx(), want.procuratorate_code()));
        RETURN_IF_ERROR(m.CheckVersion(current.version(), want.version()));
        ASSIGN_OR_RETURN(pb::OrderPolicy stored,
                         StoreOrderPolicy(m.tx(), want, want.version(), m.now()));
        RETURN_IF_ERROR(m.Audit("guardianship.policy.update", "guard_policy",
                                want.procuratorate_code(), want.procuratorate_code()));
        return stored;
      });
}

}  // namespace shouhu::guardianship
