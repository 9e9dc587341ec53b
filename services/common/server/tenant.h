// Tenancy of record ids. Every record id of every service embeds the procuratorate that
// owns it: "<prefix>-<6-digit procuratorate code>-<random>" ("ref-520382-...",
// "aid-520382-..."), so a caller of another procuratorate is refused from the id alone,
// before any lookup, and the answer does not depend on whether the record exists.
#ifndef SHOUHU_COMMON_SERVER_TENANT_H_
#define SHOUHU_COMMON_SERVER_TENANT_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/server/principal.h"

namespace shouhu {

// "ref-520382-XXXX" -> "520382"; empty when the id has no tenant part, is longer than 64
// characters or has a character outside [A-Za-z0-9_-].
std::string TenantOfId(absl::string_view id);

// INVALID_ARGUMENT naming `field` when `id` has no tenant part; PERMISSION_DENIED when it
// belongs to another procuratorate than the caller's. Services pass (they act for every
// procuratorate and are checked by the access table).
[[nodiscard]] absl::Status CheckIdTenant(const Principal& p, absl::string_view id,
                                         absl::string_view field);

// The procuratorate whose settings (a service's policy) `p` reads: `requested`, or the
// caller's own when empty. INVALID_ARGUMENT naming "procuratorate_code" unless a 6-digit
// code; PERMISSION_DENIED for another procuratorate's unless `p` is an admin.
[[nodiscard]] absl::StatusOr<std::string> SettingsProcuratorate(const Principal& p,
                                                                const std::string& requested);

// The row an unmasked read's sealed purpose is bound to (SealedFields entity "audit",
// field "purpose"): "<entity_type>:<entity_id>:<actor>" of its audit record. The audit
// detail holds {"purpose_sealed": base64 of the ciphertext}.
std::string UnmaskPurposeRow(absl::string_view entity_type, absl::string_view entity_id,
                             absl::string_view actor);

}  // namespace shouhu

#endif  // SHOUHU_COMMON_SERVER_TENANT_H_
