// What every part of a service working on the case hub's cases (aid, guardianship, ...) is
// built with: injected, so tests can give a fixed clock, sequential ids, their own
// database and a fake case hub. One struct per service, named by the service:
//
//   inline constexpr char kAidService[] = "aid";
//   using AidDeps = ServiceDeps<kAidService>;
//
// The deps of a running service come from its context (CaseServiceDeps in
// common/server/service_data.h).
#ifndef SHOUHU_COMMON_SERVER_SERVICE_DEPS_H_
#define SHOUHU_COMMON_SERVER_SERVICE_DEPS_H_

#include "common/base/clock.h"
#include "common/calendar/working_calendar.h"
#include "common/crypto/field_cipher.h"
#include "common/db/mutation.h"
#include "common/db/pool.h"
#include "common/ops/metrics.h"
#include "common/server/case_client.h"

namespace shouhu {

template <const char* kName>
struct ServiceDeps {
  // The service's name: the audit records' and outbox events' service, "service:<name>"
  // when it asks the case hub.
  static constexpr const char* kService = kName;

  db::ConnectionPool* pool = nullptr;
  const Clock* clock = nullptr;
  IdGenerator* ids = nullptr;
  const FieldCipher* cipher = nullptr;  // sealed fields and stored responses
  const WorkingCalendar* calendar = nullptr;
  // The referral service (the case hub: cases, persons, agencies).
  const CaseClient* cases = nullptr;
  Registry* metrics = nullptr;  // optional

  // The mutation pipeline of the service over these deps.
  db::MutationRunner::Deps Mutations() const {
    return {.pool = pool, .clock = clock, .ids = ids, .service = kName, .cipher = cipher};
  }
};

}  // namespace shouhu

#endif  // SHOUHU_COMMON_SERVER_SERVICE_DEPS_H_
