// Encrypted columns of a service's rows ("sealed" values): the one helper every
// repository uses to write and read personal data at rest (ID numbers, phones, addresses,
// names, free-text facts and notes; the next services' visit notes and order facts).
//
//   SealedFields sealed(cipher, decrypt_failures);       // once per repository
//   ASSIGN_OR_RETURN(std::string blob, sealed.Seal(facts, "referral", id, "facts"));
//   ... bind `blob` with BlobOrNull (an empty value is stored as NULL) ...
//   ASSIGN_OR_RETURN(std::string facts,
//                    sealed.Open(db::GetBlob(rs, "facts_enc"), "referral", id, "facts"));
//
// Each value is AES-256-GCM (FieldCipher) with the associated data
// "<entity>/<row id>/<field>", so a ciphertext copied to another row, column or table does
// not decrypt. Choose a row id that is known before the row is written and never changes
// (the primary key, or for child rows numbered by the database, the parent's key).
// A value that cannot be encrypted is INTERNAL; one that cannot be decrypted is DATA_LOSS,
// counted (label "field") and logged as "<entity>.decrypt_failed" with the row id, never
// the value, and never replaced by a placeholder. Thread-safe.
#ifndef SHOUHU_COMMON_CRYPTO_SEALED_FIELDS_H_
#define SHOUHU_COMMON_CRYPTO_SEALED_FIELDS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/crypto/field_cipher.h"
#include "common/ops/metrics.h"

namespace shouhu {

class SealedFields {
 public:
  // `decrypt_failures` (optional) is a counter family with the one label "field".
  explicit SealedFields(const FieldCipher* cipher, Counter* decrypt_failures = nullptr)
      : cipher_(cipher), decrypt_failures_(decrypt_failures) {}

  // "<entity>/<row_id>/<field>".
  static std::string AssociatedData(absl::string_view entity, absl::string_view row_id,
                                    absl::string_view field);

  // The ciphertext of `value`; "" for "" (store NULL).
  [[nodiscard]] absl::StatusOr<std::string> Seal(absl::string_view value, absl::string_view entity,
                                                 absl::string_view row_id,
                                                 absl::string_view field) const;
  // The value of a ciphertext written by Seal with the same entity, row id and field;
  // "" for "" (NULL).
  [[nodiscard]] absl::StatusOr<std::string> Open(absl::string_view sealed, absl::string_view entity,
                                                 absl::string_view row_id,
                                                 absl::string_view field) const;
  // For a column pair kept while existing rows are migrated (see db/seal_backfill.h): the
  // sealed value if there is one, else `legacy_clear`, the clear value of a row written
  // before the encrypted column existed and not yet backfilled.
  [[nodiscard]] absl::StatusOr<std::string> OpenOrLegacy(absl::string_view sealed,
                                                         absl::string_view legacy_clear,
                                                         absl::string_view entity,
                                                         absl::string_view row_id,
                                                         absl::string_view field) const;

  const FieldCipher& cipher() const { return *cipher_; }

 private:
  const FieldCipher* cipher_;
  Counter* decrypt_failures_;
};

}  // namespace shouhu

#endif  // SHOUHU_COMMON_CRYPTO_SEALED_FIELDS_H_
