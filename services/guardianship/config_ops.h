// The guardianship configuration (GuardianshipConfigService): per-procuratorate order
// policies. Independent of gRPC (config_grpc.cc only binds). Updates run through the
// mutation pipeline: idempotent by request id, audited, version-checked.
#ifndef SHOUHU_GUARDIANSHIP_CONFIG_OPS_H_
#define SHOUHU_GUARDIANSHIP_CONFIG_OPS_H_

#include "absl/status/statusor.h"
#include "common/db/mutation.h"
#include "common/server/principal.h"
#include "guardianship/deps.h"

namespace shouhu::guardianship {

class ConfigCore {
 public:
  explicit ConfigCore(const GuardDeps& deps);

  // Own procuratorate; admin any. The defaults (version 0) when none was stored.
  absl::StatusOr<pb::OrderPolicy> GetOrderPolicy(const Principal& p,
                                                 const pb::GetOrderPolicyRequest& req);
  // Admin: policy.version must be the version read (0 for the defaults never stored);
  // stale -> ABORTED. Validated field by field (ValidateOrderPolicy).
  absl::StatusOr<pb::OrderPolicy> UpdateOrderPolicy(const Principal& p,
                                                    const pb::UpdateOrderPolicyRequest& req);

 private:
  GuardDeps d_;
  db::MutationRunner mutations_;
};

}  // namespace shouhu::guardianship

#endif  // SHOUHU_GUARDIANSHIP_CONFIG_OPS_H_
