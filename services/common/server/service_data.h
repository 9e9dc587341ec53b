// What a service holding personal data loads at start-up, the same for every such service
// (referral, aid, ...): the field cipher from its key files, and the working-day calendar
// with its coverage reported. A year without its holiday file does not stop the service:
// deadlines are counted Monday to Friday for that year, and it says so loudly (a warning
// in the log, the /healthz details, the gauge shouhu_calendar_year_covered{year}) until
// the file is added.
#ifndef SHOUHU_COMMON_SERVER_SERVICE_DATA_H_
#define SHOUHU_COMMON_SERVER_SERVICE_DATA_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/base/clock.h"
#include "common/calendar/working_calendar.h"
#include "common/crypto/field_cipher.h"
#include "common/server/service_main.h"

namespace shouhu {

struct DataOptions {
  std::string data_key_file;  // AES-256 key for sensitive fields (64 hex chars)
  std::string hmac_key_file;  // HMAC key for matching ID numbers (64 hex chars)
  std::string calendar_dir;   // working-day calendar files
};

struct ServiceData {
  const FieldCipher* cipher = nullptr;        // owned by the context
  const WorkingCalendar* calendar = nullptr;  // owned by the context
};

[[nodiscard]] absl::StatusOr<ServiceData> LoadServiceData(const DataOptions& options,
                                                          ServiceContext& ctx);

// The deps (common/server/service_deps.h) of a service working on the case hub's cases:
// the context's pool, clock, metrics and case hub, random ids, and the loaded data.
// FAILED_PRECONDITION when the service has no case hub (--referral_addr).
template <typename Deps>
[[nodiscard]] absl::StatusOr<Deps> CaseServiceDeps(ServiceContext& ctx, const ServiceData& data) {
  if (ctx.cases() == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("the ", Deps::kService, " service needs --referral_addr (cases)"));
  }
  Deps deps;
  deps.pool = &ctx.pool();
  deps.clock = &ctx.clock();
  deps.ids = &IdGenerator::Random();
  deps.cipher = data.cipher;
  deps.calendar = data.calendar;
  deps.cases = ctx.cases();
  deps.metrics = &ctx.metrics();
  return deps;
}

}  // namespace shouhu

#endif  // SHOUHU_COMMON_SERVER_SERVICE_DATA_H_
