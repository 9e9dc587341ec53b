// Encryption of sensitive fields at rest (ID numbers, phones, addresses, bank accounts)
// and keyed hashes for matching them without decrypting.
#ifndef SHOUHU_COMMON_CRYPTO_FIELD_CIPHER_H_
#define SHOUHU_COMMON_CRYPTO_FIELD_CIPHER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace shouhu {

// AES-256-GCM for field values plus HMAC-SHA256 for lookup columns. Thread-safe: every
// call uses its own OpenSSL context.
//
// Ciphertext layout (binary, store as VARBINARY/BLOB):
//   0x01 (format version) | 12-byte random nonce | ciphertext | 16-byte tag
// The associated data (for example "<table>.<column>:<row id>") is authenticated but not
// stored: decrypting with different associated data fails, so a value cannot be moved to
// another row or column unnoticed.
class FieldCipher {
 public:
  static constexpr size_t kKeySize = 32;
  static constexpr size_t kNonceSize = 12;
  static constexpr size_t kTagSize = 16;
  static constexpr char kVersion = 0x01;

  // Both keys are raw 32-byte strings and must differ. INVALID_ARGUMENT otherwise.
  static absl::StatusOr<std::unique_ptr<FieldCipher>> Create(absl::string_view encryption_key,
                                                             absl::string_view hmac_key);
  // Each file holds the key as 64 hexadecimal characters; surrounding whitespace is
  // ignored. Errors name the file, never its contents.
  static absl::StatusOr<std::unique_ptr<FieldCipher>> FromKeyFiles(
      const std::string& encryption_key_path, const std::string& hmac_key_path);

  FieldCipher(const FieldCipher&) = delete;
  FieldCipher& operator=(const FieldCipher&) = delete;
  virtual ~FieldCipher();

  // Encrypts with a fresh random nonce, so equal plaintexts give different outputs.
  // Virtual so that tests can inject failures.
  virtual absl::StatusOr<std::string> Encrypt(absl::string_view plaintext,
                                              absl::string_view associated_data) const;
  // DATA_LOSS if the input is malformed, of an unknown version, or fails authentication
  // (wrong key, wrong associated data, or tampered bytes).
  virtual absl::StatusOr<std::string> Decrypt(absl::string_view ciphertext,
                                              absl::string_view associated_data) const;
  // HMAC-SHA256 of `value` under the HMAC key, 64 lowercase hex characters. Normalise the
  // value first (for ID numbers: NormalizeIdNumber) so equal values hash equally.
  std::string Hmac(absl::string_view value) const;
  // HMAC-SHA256 of `value` under a sub-key derived from the HMAC key for `label`
  // (HMAC(hmac key, "shouhu.keyed-hash.v1/" + label)), 64 lowercase hex characters. One
  // label per kind of value (e.g. "person.name_birth"), so hashes of different kinds never
  // compare equal and a hash of one kind cannot be looked up in another's column. Used for
  // matching values that are stored encrypted (see name_key.h).
  std::string KeyedHash(absl::string_view label, absl::string_view value) const;

 protected:
  // For test doubles; production code uses Create or FromKeyFiles (which check the keys).
  FieldCipher(std::string encryption_key, std::string hmac_key);

 private:
  std::string encryption_key_;
  std::string hmac_key_;
};

// HMAC-SHA256 of `data` under `key` (any length), 64 lowercase hex characters.
std::string HmacSha256Hex(absl::string_view key, absl::string_view data);

// SHA-256 of `data` as 64 lowercase hex characters.
std::string Sha256Hex(absl::string_view data);

// Lowercase hex encoding of arbitrary bytes.
std::string HexEncode(absl::string_view bytes);

// Decodes hex (either case). INVALID_ARGUMENT on odd length or a non-hex character.
absl::StatusOr<std::string> HexDecode(absl::string_view hex);

// `n` bytes from OpenSSL's CSPRNG. Aborts the process if the generator fails.
std::string RandomBytes(size_t n);

}  // namespace shouhu

#endif  // SHOUHU_COMMON_CRYPTO_FIELD_CIPHER_H_
