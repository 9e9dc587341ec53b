// The aid configuration (AidConfigService): the provinces' average monthly wage table and
// per-procuratorate policies. Independent of gRPC (config_grpc.cc only binds). Mutations
// run through the mutation pipeline: idempotent by request id, audited, the policy
// version-checked.
#ifndef SHOUHU_AID_CONFIG_OPS_H_
#define SHOUHU_AID_CONFIG_OPS_H_

#include "absl/status/statusor.h"
#include "shouhu/aid/v1/aid.pb.h"  // before deps.h, which names the namespace
//
#include "aid/deps.h"
#include "common/db/mutation.h"
#include "common/server/principal.h"

namespace shouhu::aid {

class ConfigCore {
 public:
  explicit ConfigCore(const AidDeps& deps);

  // Admin: sets the figure of a province and year; a previous figure of the same province
  // and year moves to the history (superseded_at).
  absl::StatusOr<pb::WageEntry> UpsertWageEntry(const Principal& p,
                                                const pb::UpsertWageEntryRequest& req);
  // Any staff role: current figures (newest year first) and replaced ones.
  absl::StatusOr<pb::ListWageEntriesResponse> ListWageEntries(
      const Principal& p, const pb::ListWageEntriesRequest& req);
  // Own procuratorate; admin any. The defaults (version 0) when none was stored.
  absl::StatusOr<pb::AidPolicy> GetAidPolicy(const Principal& p,
                                             const pb::GetAidPolicyRequest& req);
  // Admin: policy.version must be the version read (0 for the defaults never stored);
  // stale -> ABORTED. Validated field by field (ValidatePolicy).
  absl::StatusOr<pb::AidPolicy> UpdateAidPolicy(const Principal& p,
                                                const pb::UpdateAidPolicyRequest& req);

 private:
  AidDeps d_;
  db::MutationRunner mutations_;
};

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_CONFIG_OPS_H_
