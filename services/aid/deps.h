// What every part of the aid service is built with: injected, so tests can give a fixed
// clock, sequential ids, their own database and a fake case hub.
#ifndef SHOUHU_AID_DEPS_H_
#define SHOUHU_AID_DEPS_H_

#include "common/base/clock.h"
#include "common/calendar/working_calendar.h"
#include "common/crypto/field_cipher.h"
#include "common/db/mutation.h"
#include "common/db/pool.h"
#include "common/ops/metrics.h"
#include "common/server/case_client.h"
#include "shouhu/aid/v1/aid.pb.h"

namespace shouhu::aid {

namespace pb = ::shouhu::aid::v1;
namespace cpb = ::shouhu::common::v1;

struct AidDeps {
  db::ConnectionPool* pool = nullptr;
  const Clock* clock = nullptr;
  IdGenerator* ids = nullptr;
  const FieldCipher* cipher = nullptr;  // sealed fields and stored responses
  const WorkingCalendar* calendar = nullptr;
  // The referral service's CaseService (the case hub), asked as service:aid.
  const CaseClient* cases = nullptr;
  Registry* metrics = nullptr;  // optional

  // The mutation pipeline of the aid service over these deps.
  db::MutationRunner::Deps Mutations() const {
    return {.pool = pool, .clock = clock, .ids = ids, .service = "aid", .cipher = cipher};
  }
};

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_DEPS_H_
