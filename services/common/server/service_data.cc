#include "common/server/service_data.h"

#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/base/status_macros.h"
#include "common/ops/log.h"

namespace shouhu {

absl::StatusOr<ServiceData> LoadServiceData(const DataOptions& o, ServiceContext& ctx) {
  ServiceData out;
  ASSIGN_OR_RETURN(std::unique_ptr<FieldCipher> cipher,
                   FieldCipher::FromKeyFiles(o.data_key_file, o.hmac_key_file));
  out.cipher = ctx.Own(std::move(cipher));
  ASSIGN_OR_RETURN(WorkingCalendar loaded, LoadCalendarForService(o.calendar_dir));
  out.calendar = ctx.Own(std::make_unique<WorkingCalendar>(std::move(loaded)));
  const CalendarCoverage coverage = CheckCoverage(*out.calendar, absl::Now());
  Gauge& covered = ctx.metrics().AddGauge(
      "shouhu_calendar_year_covered",
      "1 if the holiday calendar of the year is loaded, 0 if days are counted Monday-Friday",
      {"year"});
  covered.WithLabels({absl::StrCat(coverage.year)}).Set(coverage.current ? 1 : 0);
  covered.WithLabels({absl::StrCat(coverage.year + 1)}).Set(coverage.next ? 1 : 0);
  const std::vector<std::string> warnings = coverage.Warnings();
  for (const std::string& w : warnings) {
    Log(LogLevel::kWarning, "calendar.missing_year", {{"warning", w}});
  }
  if (!warnings.empty()) ctx.AddHealthDetails([warnings] { return warnings; });
  return out;
}

}  // namespace shouhu
