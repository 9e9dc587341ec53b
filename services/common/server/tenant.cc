#include "common/server/tenant.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/base/validate.h"

namespace shouhu {

std::string TenantOfId(absl::string_view id) {
  // Ids are issued as [A-Za-z0-9_-]; anything else (control characters, which the
  // database's collation would ignore and so match the real record) is no id.
  if (id.size() > 64) return "";
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return "";
  }
  std::vector<absl::string_view> parts = absl::StrSplit(id, '-');
  if (parts.size() != 3 || parts[1].size() != 6) return "";
  for (char c : parts[1]) {
    if (c < '0' || c > '9') return "";
  }
  return std::string(parts[1]);
}

absl::Status CheckIdTenant(const Principal& p, absl::string_view id, absl::string_view field) {
  if (p.kind == Principal::Kind::kService) return absl::OkStatus();
  const std::string tenant = TenantOfId(id);
  if (tenant.empty()) {
    FieldErrors errors;
    errors.Add(std::string(field), "is not an id issued by this service");
    return errors.ToStatus();
  }
  if (tenant != p.procuratorate) {
    return absl::PermissionDeniedError("the record belongs to another procuratorate");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> SettingsProcuratorate(const Principal& p,
                                                  const std::string& requested) {
  const std::string code = requested.empty() ? p.procuratorate : requested;
  if (!IsSixDigitCode(code)) {
    FieldErrors errors;
    errors.Add("procuratorate_code", "must be a 6-digit procuratorate code");
    return errors.ToStatus();
  }
  if (!p.Has(Role::kAdmin) && code != p.procuratorate) {
    return absl::PermissionDeniedError("only the policy of your own procuratorate");
  }
  return code;
}

std::string UnmaskPurposeRow(absl::string_view entity_type, absl::string_view entity_id,
                             absl::string_view actor) {
  return absl::StrCat(entity_type, ":", entity_id, ":", actor);
}

}  // namespace shouhu
