#include "common/server/flags/data_flags.h"

#include <string>

#include "absl/flags/flag.h"
#include "common/server/flags/service_flags.h"

ABSL_FLAG(std::string, data_key_file, shouhu::EnvOr("SHOUHU_DATA_KEY_FILE", ""),
          "AES-256 key for sensitive fields (64 hex chars)");
ABSL_FLAG(std::string, hmac_key_file, shouhu::EnvOr("SHOUHU_HMAC_KEY_FILE", ""),
          "HMAC key for matching ID numbers (64 hex chars)");
ABSL_FLAG(std::string, calendar_dir, shouhu::EnvOr("SHOUHU_CALENDAR_DIR", "deploy/calendar"),
          "working-day calendar files");

namespace shouhu {

DataOptions DataOptionsFromFlags() {
  return {absl::GetFlag(FLAGS_data_key_file), absl::GetFlag(FLAGS_hmac_key_file),
          absl::GetFlag(FLAGS_calendar_dir)};
}

}  // namespace shouhu
