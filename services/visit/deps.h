// What every part of the visit service is built with: injected, so tests can give a fixed
// clock, sequential ids, their own database and a fake case hub.
#ifndef SHOUHU_VISIT_DEPS_H_
#define SHOUHU_VISIT_DEPS_H_

#include "common/base/clock.h"
#include "common/base/concurrency_gate.h"
#include "common/crypto/field_cipher.h"
#include "common/db/mutation.h"
#include "common/db/pool.h"
#include "common/ops/metrics.h"
#include "common/server/case_client.h"
#include "shouhu/visit/v1/visit.pb.h"

namespace shouhu::visit {

namespace pb = ::shouhu::visit::v1;
namespace cpb = ::shouhu::common::v1;

struct VisitDeps {
  db::ConnectionPool* pool = nullptr;
  const Clock* clock = nullptr;
  IdGenerator* ids = nullptr;
  const FieldCipher* cipher = nullptr;  // sealed fields and stored responses
  // The referral service (the case hub: cases, persons), asked as service:visit.
  const CaseClient* cases = nullptr;
  Registry* metrics = nullptr;  // optional
  // Offline batches running at once (UploadBatch holds a database connection for its
  // whole transaction); null: no cap (tests).
  ConcurrencyGate* batches = nullptr;

  // The mutation pipeline of the visit service over these deps.
  db::MutationRunner::Deps Mutations() const {
    return {.pool = pool, .clock = clock, .ids = ids, .service = "visit", .cipher = cipher};
  }
};

}  // namespace shouhu::visit

#endif  // SHOUHU_VISIT_DEPS_H_
