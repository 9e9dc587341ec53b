// What every part of the oversight service is built with: injected, so tests can give a
// fixed clock, sequential ids and their own database.
#ifndef SHOUHU_OVERSIGHT_DEPS_H_
#define SHOUHU_OVERSIGHT_DEPS_H_

#include "common/base/clock.h"
#include "common/crypto/field_cipher.h"
#include "common/db/mutation.h"
#include "common/db/pool.h"
#include "common/ops/metrics.h"
#include "oversight/rules.h"

namespace shouhu::oversight {

inline constexpr char kTopicDeadlineChanged[] = "deadline.changed";

struct OversightDeps {
  db::ConnectionPool* pool = nullptr;
  const Clock* clock = nullptr;
  IdGenerator* ids = nullptr;
  Registry* metrics = nullptr;  // optional
  // Seals the review's free texts (appeal reasons, decisions) and the stored responses of
  // its mutations; null only in tests of the deadline watch, which has no free text.
  const FieldCipher* cipher = nullptr;
  NoticeTiming timing;

  db::MutationRunner::Deps Mutations() const {
    return {.pool = pool, .clock = clock, .ids = ids, .service = "oversight", .cipher = cipher};
  }
};

}  // namespace shouhu::oversight

#endif  // SHOUHU_OVERSIGHT_DEPS_H_
