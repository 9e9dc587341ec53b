#include "common/crypto/field_cipher.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cstdio>
#include <cstdlib>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/base/file.h"
#include "common/base/status_macros.h"

namespace shouhu {
namespace {

struct CipherCtxDeleter {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;

const unsigned char* Bytes(absl::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

unsigned char* MutableBytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

absl::StatusOr<std::string> ReadHexKey(const std::string& path) {
  ASSIGN_OR_RETURN(std::string contents, ReadFile(path));
  const absl::string_view hex = absl::StripAsciiWhitespace(contents);
  if (hex.size() != 2 * FieldCipher::kKeySize) {
    OPENSSL_cleanse(contents.data(), contents.size());
    return absl::InvalidArgumentError(
        absl::StrCat("key file ", path, " must contain 64 hexadecimal characters"));
  }
  absl::StatusOr<std::string> key = HexDecode(hex);
  OPENSSL_cleanse(contents.data(), contents.size());
  if (!key.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("key file ", path, " must contain 64 hexadecimal characters"));
  }
  return key;
}

}  // namespace

FieldCipher::FieldCipher(std::string encryption_key, std::string hmac_key)
    : encryption_key_(std::move(encryption_key)), hmac_key_(std::move(hmac_key)) {}

FieldCipher::~FieldCipher() {
  OPENSSL_cleanse(encryption_key_.data(), encryption_key_.size());
  OPENSSL_cleanse(hmac_key_.data(), hmac_key_.size());
}

absl::StatusOr<std::unique_ptr<FieldCipher>> FieldCipher::Create(absl::string_view encryption_key,
                                                                 absl::string_view hmac_key) {
  if (encryption_key.size() != kKeySize) {
    return absl::InvalidArgumentError("encryption key must be 32 bytes");
  }
  if (hmac_key.size() != kKeySize) {
    return absl::InvalidArgumentError("HMAC key must be 32 bytes");
  }
  if (encryption_key == hmac_key) {
    return absl::InvalidArgumentError("encryption key and HMAC key must differ");
  }
  return std::unique_ptr<FieldCipher>(
      new FieldCipher(std::string(encryption_key), std::string(hmac_key)));
}

absl::StatusOr<std::unique_ptr<FieldCipher>> FieldCipher::FromKeyFiles(
    const std::string& encryption_key_path, const std::string& hmac_key_path) {
  ASSIGN_OR_RETURN(std::string encryption_key, ReadHexKey(encryption_key_path));
  ASSIGN_OR_RETURN(std::string hmac_key, ReadHexKey(hmac_key_path));
  auto cipher = Create(encryption_key, hmac_key);
  OPENSSL_cleanse(encryption_key.data(), encryption_key.size());
  OPENSSL_cleanse(hmac_key.data(), hmac_key.size());
  return cipher;
}

absl::StatusOr<std::string> FieldCipher::Encrypt(absl::string_view plaintext,
                                                 absl::string_view associated_data) const {
  if (plaintext.size() > (1u << 30) || associated_data.size() > (1u << 30)) {
    return absl::InvalidArgumentError("value too large to encrypt");
  }
  std::string out(1 + kNonceSize + plaintext.size() + kTagSize, '\0');
  out[0] = kVersion;
  unsigned char* nonce = MutableBytes(out) + 1;
  if (RAND_bytes(nonce, kNonceSize) != 1) return absl::InternalError("random generator failed");
  unsigned char* body = nonce + kNonceSize;

  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  if (ctx == nullptr ||
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, Bytes(encryption_key_), nonce) !=
          1 ||
      (!associated_data.empty() &&
       EVP_EncryptUpdate(ctx.get(), nullptr, &len, Bytes(associated_data),
                         static_cast<int>(associated_data.size())) != 1) ||
      EVP_EncryptUpdate(ctx.get(), body, &len, Bytes(plaintext),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), body + len, &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagSize, body + plaintext.size()) !=
          1) {
    return absl::InternalError("encryption failed");
  }
  return out;
}

absl::StatusOr<std::string> FieldCipher::Decrypt(absl::string_view ciphertext,
                                                 absl::string_view associated_data) const {
  if (ciphertext.size() < 1 + kNonceSize + kTagSize) {
    return absl::DataLossError("encrypted value is truncated");
  }
  if (ciphertext[0] != kVersion) {
    return absl::DataLossError("encrypted value has an unknown format version");
  }
  if (ciphertext.size() > (1u << 30) + 1 + kNonceSize + kTagSize ||
      associated_data.size() > (1u << 30)) {
    return absl::DataLossError("encrypted value too large");
  }
  const unsigned char* nonce = Bytes(ciphertext) + 1;
  const unsigned char* body = nonce + kNonceSize;
  const size_t body_size = ciphertext.size() - 1 - kNonceSize - kTagSize;
  std::string tag(ciphertext.substr(ciphertext.size() - kTagSize));
  std::string out(body_size, '\0');

  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  if (ctx == nullptr ||
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, Bytes(encryption_key_), nonce) !=
          1 ||
      (!associated_data.empty() &&
       EVP_DecryptUpdate(ctx.get(), nullptr, &len, Bytes(associated_data),
                         static_cast<int>(associated_data.size())) != 1) ||
      EVP_DecryptUpdate(ctx.get(), MutableBytes(out), &len, body, static_cast<int>(body_size)) !=
          1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, tag.data()) != 1) {
    OPENSSL_cleanse(out.data(), out.size());
    return absl::DataLossError("decryption failed");
  }
  if (EVP_DecryptFinal_ex(ctx.get(), MutableBytes(out) + len, &len) != 1) {
    OPENSSL_cleanse(out.data(), out.size());
    return absl::DataLossError("encrypted value failed authentication");
  }
  return out;
}

std::string FieldCipher::Hmac(absl::string_view value) const {
  return HmacSha256Hex(hmac_key_, value);
}

std::string FieldCipher::KeyedHash(absl::string_view label, absl::string_view value) const {
  unsigned char sub_key[EVP_MAX_MD_SIZE];
  unsigned int sub_key_len = 0;
  const std::string info = absl::StrCat("shouhu.keyed-hash.v1/", label);
  if (HMAC(EVP_sha256(), hmac_key_.data(), static_cast<int>(hmac_key_.size()), Bytes(info),
           info.size(), sub_key, &sub_key_len) == nullptr) {
    std::fprintf(stderr, "HMAC-SHA256 failed\n");
    std::abort();
  }
  std::string out =
      HmacSha256Hex(absl::string_view(reinterpret_cast<const char*>(sub_key), sub_key_len), value);
  OPENSSL_cleanse(sub_key, sizeof(sub_key));
  return out;
}

std::string HmacSha256Hex(absl::string_view key, absl::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), Bytes(data), data.size(), mac,
           &mac_len) == nullptr) {
    std::fprintf(stderr, "HMAC-SHA256 failed\n");
    std::abort();
  }
  return HexEncode(absl::string_view(reinterpret_cast<const char*>(mac), mac_len));
}

std::string Sha256Hex(absl::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &digest_len, EVP_sha256(), nullptr) != 1) {
    std::fprintf(stderr, "SHA-256 failed\n");
    std::abort();
  }
  return HexEncode(absl::string_view(reinterpret_cast<const char*>(digest), digest_len));
}

std::string HexEncode(absl::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0x0F]);
  }
  return out;
}

absl::StatusOr<std::string> HexDecode(absl::string_view hex) {
  if (hex.size() % 2 != 0) return absl::InvalidArgumentError("hex string has odd length");
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    const int hi = HexValue(hex[i]);
    const int lo = HexValue(hex[i + 1]);
    if (hi < 0 || lo < 0) return absl::InvalidArgumentError("hex string has a non-hex character");
    out.push_back(static_cast<char>((hi << 4) | lo));
  }
  return out;
}

std::string RandomBytes(size_t n) {
  std::string out(n, '\0');
  if (n > 0 && RAND_bytes(MutableBytes(out), static_cast<int>(n)) != 1) {
    std::fprintf(stderr, "random generator failed\n");
    std::abort();
  }
  return out;
}

}  // namespace shouhu
