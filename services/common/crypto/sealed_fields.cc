#include "common/crypto/sealed_fields.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/ops/log.h"

namespace shouhu {

std::string SealedFields::AssociatedData(absl::string_view entity, absl::string_view row_id,
                                         absl::string_view field) {
  return absl::StrCat(entity, "/", row_id, "/", field);
}

absl::StatusOr<std::string> SealedFields::Seal(absl::string_view value, absl::string_view entity,
                                               absl::string_view row_id,
                                               absl::string_view field) const {
  if (value.empty()) return std::string();
  absl::StatusOr<std::string> out = cipher_->Encrypt(value, AssociatedData(entity, row_id, field));
  if (!out.ok()) {
    Log(LogLevel::kError, absl::StrCat(entity, ".encrypt_failed"),
        {{"row_id", std::string(row_id)},
         {"field", std::string(field)},
         {"error", std::string(out.status().message())}});
    return absl::InternalError(
        absl::StrCat("cannot encrypt the ", field, " of ", entity, " ", row_id));
  }
  return out;
}

absl::StatusOr<std::string> SealedFields::Open(absl::string_view sealed, absl::string_view entity,
                                               absl::string_view row_id,
                                               absl::string_view field) const {
  if (sealed.empty()) return std::string();
  absl::StatusOr<std::string> out = cipher_->Decrypt(sealed, AssociatedData(entity, row_id, field));
  if (!out.ok()) {
    // Tampered bytes, a wrong key or a value moved between rows: never show a placeholder
    // as if it were the value. The value itself is not logged.
    if (decrypt_failures_ != nullptr)
      decrypt_failures_->WithLabels({std::string(field)}).Increment();
    Log(LogLevel::kError, absl::StrCat(entity, ".decrypt_failed"),
        {{absl::StrCat(entity, "_id"), std::string(row_id)},
         {"field", std::string(field)},
         {"error", std::string(out.status().message())}});
    return absl::DataLossError(
        absl::StrCat("the stored ", field, " of ", entity, " ", row_id, " cannot be decrypted"));
  }
  return out;
}

absl::StatusOr<std::string> SealedFields::OpenOrLegacy(absl::string_view sealed,
                                                       absl::string_view legacy_clear,
                                                       absl::string_view entity,
                                                       absl::string_view row_id,
                                                       absl::string_view field) const {
  if (sealed.empty()) return std::string(legacy_clear);
  return Open(sealed, entity, row_id, field);
}

}  // namespace shouhu
