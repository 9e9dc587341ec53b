// What a service holding personal data loads at start-up, the same for every such service
// (referral, aid, ...): the field cipher from its key files, and the working-day calendar
// with its coverage reported. A year without its holiday file does not stop the service:
// deadlines are counted Monday to Friday for that year, and it says so loudly (a warning
// in the log, the /healthz details, the gauge shouhu_calendar_year_covered{year}) until
// the file is added.
#ifndef SHOUHU_COMMON_SERVER_SERVICE_DATA_H_
#define SHOUHU_COMMON_SERVER_SERVICE_DATA_H_

#include <string>

#include "absl/status/statusor.h"
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

}  // namespace shouhu

#endif  // SHOUHU_COMMON_SERVER_SERVICE_DATA_H_
