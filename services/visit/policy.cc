#include "visit/policy.h"

#include <string>

namespace shouhu::visit {

pb::VisitPolicy DefaultVisitPolicy(absl::string_view procuratorate) {
  pb::VisitPolicy p;
  p.set_procuratorate_code(std::string(procuratorate));
  p.set_offline_grace_days(7);
  p.set_amend_window_days(30);
  p.set_due_horizon_days(7);
  return p;
}

void CheckVisitPolicy(FieldErrors& e, const pb::VisitPolicy& p, absl::string_view procuratorate) {
  if (!p.procuratorate_code().empty() && p.procuratorate_code() != procuratorate) {
    e.Add("policy.procuratorate_code", "empty or the caller's procuratorate");
  }
  if (p.offline_grace_days() < 0 || p.offline_grace_days() > 30) {
    e.Add("policy.offline_grace_days", "0-30 days");
  }
  if (p.amend_window_days() < 1 || p.amend_window_days() > 365) {
    e.Add("policy.amend_window_days", "1-365 days");
  }
  if (p.due_horizon_days() < 0 || p.due_horizon_days() > 60) {
    e.Add("policy.due_horizon_days", "0-60 days");
  }
  if (p.version() < 0) e.Add("policy.version", "must not be negative");
}

}  // namespace shouhu::visit
