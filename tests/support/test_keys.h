// Fresh signing key pairs (PEM) for tests of token issuing and checking.
#ifndef SHOUHU_TESTS_SUPPORT_TEST_KEYS_H_
#define SHOUHU_TESTS_SUPPORT_TEST_KEYS_H_

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <string>

#include "gtest/gtest.h"

namespace shouhu::testing {

struct KeyPair {
  std::string private_pem;
  std::string public_pem;
};

inline std::string BioContents(BIO* bio) {
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(len));
}

// A new key pair: EC on `curve` (default P-256, the platform's ES256), or RSA 2048 when
// `type` is "RSA" (a key the platform must refuse).
inline KeyPair GenerateKeyPair(const char* type = "EC", const char* curve = "P-256") {
  EVP_PKEY* key = std::string(type) == "EC" ? EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve)
                                            : EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", 2048);
  EXPECT_NE(key, nullptr);
  BIO* priv = BIO_new(BIO_s_mem());
  BIO* pub = BIO_new(BIO_s_mem());
  EXPECT_EQ(PEM_write_bio_PrivateKey(priv, key, nullptr, nullptr, 0, nullptr, nullptr), 1);
  EXPECT_EQ(PEM_write_bio_PUBKEY(pub, key), 1);
  KeyPair pair{BioContents(priv), BioContents(pub)};
  BIO_free(priv);
  BIO_free(pub);
  EVP_PKEY_free(key);
  return pair;
}

}  // namespace shouhu::testing

#endif  // SHOUHU_TESTS_SUPPORT_TEST_KEYS_H_
