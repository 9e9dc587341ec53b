// What every part of the guardianship service is built with: injected, so tests can give a
// fixed clock, sequential ids, their own database and a fake case hub.
#ifndef SHOUHU_GUARDIANSHIP_DEPS_H_
#define SHOUHU_GUARDIANSHIP_DEPS_H_

#include "common/base/clock.h"
#include "common/calendar/working_calendar.h"
#include "common/crypto/field_cipher.h"
#include "common/db/mutation.h"
#include "common/db/pool.h"
#include "common/ops/metrics.h"
#include "common/server/case_client.h"
#include "shouhu/guardianship/v1/guardianship.pb.h"

namespace shouhu::guardianship {

namespace pb = ::shouhu::guardianship::v1;
namespace cpb = ::shouhu::common::v1;

struct GuardDeps {
  db::ConnectionPool* pool = nullptr;
  const Clock* clock = nullptr;
  IdGenerator* ids = nullptr;
  const FieldCipher* cipher = nullptr;  // sealed fields and stored responses
  const WorkingCalendar* calendar = nullptr;
  // The referral service (the case hub: cases, persons, agencies), asked as
  // service:guardianship.
  const CaseClient* cases = nullptr;
  Registry* metrics = nullptr;  // optional

  // The mutation pipeline of the guardianship service over these deps.
  db::MutationRunner::Deps Mutations() const {
    return {.pool = pool, .clock = clock, .ids = ids, .service = "guardianship", .cipher = cipher};
  }
};

}  // namespace shouhu::guardianship

#endif  // SHOUHU_GUARDIANSHIP_DEPS_H_
