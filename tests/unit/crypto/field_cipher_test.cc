#include "common/crypto/field_cipher.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "support/temp_dir.h"

namespace shouhu {
namespace {

const std::string kEncKey(32, 'e');
const std::string kMacKey(32, 'm');

std::unique_ptr<FieldCipher> MakeCipher() {
  auto cipher = FieldCipher::Create(kEncKey, kMacKey);
  EXPECT_TRUE(cipher.ok()) << cipher.status();
  return std::move(cipher).value();
}

TEST(FieldCipherTest, RoundTrips) {
  auto cipher = MakeCipher();
  for (const std::string& plaintext : {std::string(), std::string("52038220100315123X"),
                                       std::string("贵州省遵义市"), std::string(5000, 'a')}) {
    auto encrypted = cipher->Encrypt(plaintext, "person.id_number:p-1");
    ASSERT_TRUE(encrypted.ok()) << encrypted.status();
    EXPECT_EQ(encrypted->size(), 1 + 12 + plaintext.size() + 16);
    EXPECT_EQ((*encrypted)[0], '\x01');
    if (!plaintext.empty()) {
      EXPECT_EQ(encrypted->find(plaintext), std::string::npos);
    }
    auto decrypted = cipher->Decrypt(*encrypted, "person.id_number:p-1");
    ASSERT_TRUE(decrypted.ok()) << decrypted.status();
    EXPECT_EQ(*decrypted, plaintext);
  }
}

TEST(FieldCipherTest, UsesAFreshNonceEachTime) {
  auto cipher = MakeCipher();
  const std::string a = *cipher->Encrypt("same", "ad");
  const std::string b = *cipher->Encrypt("same", "ad");
  EXPECT_NE(a, b);
  EXPECT_NE(a.substr(1, 12), b.substr(1, 12));
}

TEST(FieldCipherTest, DetectsTampering) {
  auto cipher = MakeCipher();
  const std::string good = *cipher->Encrypt("13812345678", "ad");
  for (size_t i = 0; i < good.size(); ++i) {
    std::string bad = good;
    bad[i] ^= 0x01;
    EXPECT_EQ(cipher->Decrypt(bad, "ad").status().code(), absl::StatusCode::kDataLoss) << i;
  }
  EXPECT_EQ(cipher->Decrypt(good.substr(0, good.size() - 1), "ad").status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(cipher->Decrypt(good.substr(0, 28), "ad").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(cipher->Decrypt("", "ad").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(cipher->Decrypt(good + "x", "ad").status().code(), absl::StatusCode::kDataLoss);
}

TEST(FieldCipherTest, WrongAssociatedDataFails) {
  auto cipher = MakeCipher();
  const std::string encrypted = *cipher->Encrypt("secret", "person.phone:p-1");
  EXPECT_EQ(cipher->Decrypt(encrypted, "person.phone:p-2").status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(cipher->Decrypt(encrypted, "").status().code(), absl::StatusCode::kDataLoss);
}

TEST(FieldCipherTest, WrongKeyFails) {
  auto cipher = MakeCipher();
  auto other = FieldCipher::Create(std::string(32, 'x'), kMacKey);
  ASSERT_TRUE(other.ok());
  const std::string encrypted = *cipher->Encrypt("secret", "ad");
  EXPECT_EQ((*other)->Decrypt(encrypted, "ad").status().code(), absl::StatusCode::kDataLoss);
}

TEST(FieldCipherTest, RejectsBadKeys) {
  EXPECT_EQ(FieldCipher::Create(std::string(31, 'e'), kMacKey).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldCipher::Create(kEncKey, std::string(33, 'm')).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldCipher::Create("", "").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldCipher::Create(kEncKey, kEncKey).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(FieldCipherTest, HmacIsKeyedSha256) {
  auto cipher = MakeCipher();
  const std::string mac = cipher->Hmac("11010519491231002X");
  EXPECT_EQ(mac.size(), 64u);
  EXPECT_EQ(mac, HmacSha256Hex(kMacKey, "11010519491231002X"));
  EXPECT_EQ(mac, cipher->Hmac("11010519491231002X"));
  EXPECT_NE(mac, cipher->Hmac("110105194912310021"));
  auto other = FieldCipher::Create(kEncKey, std::string(32, 'n'));
  EXPECT_NE(mac, (*other)->Hmac("11010519491231002X"));
}

TEST(HashTest, KnownVectors) {
  // RFC 4231, test case 2.
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // FIPS 180-2 example.
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(HexTest, EncodesAndDecodes) {
  EXPECT_EQ(HexEncode(std::string("\x00\x01\xab\xff", 4)), "0001abff");
  EXPECT_EQ(HexEncode(""), "");
  EXPECT_EQ(*HexDecode("0001abff"), std::string("\x00\x01\xab\xff", 4));
  EXPECT_EQ(*HexDecode("ABFF"), "\xab\xff");
  EXPECT_EQ(HexDecode("abc").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(HexDecode("zz").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(RandomBytesTest, ReturnsRequestedLengthAndVaries) {
  EXPECT_EQ(RandomBytes(0), "");
  EXPECT_EQ(RandomBytes(32).size(), 32u);
  EXPECT_NE(RandomBytes(32), RandomBytes(32));
}

class KeyFileTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& name, const std::string& contents) {
    EXPECT_FALSE(dir_.path().empty());
    return dir_.Write("key_" + name, contents);
  }
  shouhu::testing::TempDir dir_{"key-file"};
};

TEST_F(KeyFileTest, LoadsHexKeysAndTrimsWhitespace) {
  const std::string enc = Write("enc", "  " + HexEncode(kEncKey) + "\n");
  const std::string mac = Write("mac", HexEncode(kMacKey));
  auto from_files = FieldCipher::FromKeyFiles(enc, mac);
  ASSERT_TRUE(from_files.ok()) << from_files.status();
  auto direct = MakeCipher();
  EXPECT_EQ(*direct->Decrypt(*(*from_files)->Encrypt("x", "ad"), "ad"), "x");
  EXPECT_EQ((*from_files)->Hmac("v"), direct->Hmac("v"));
}

TEST_F(KeyFileTest, RejectsBadFiles) {
  const std::string mac = Write("mac", HexEncode(kMacKey));
  const std::string short_key = Write("short", HexEncode(std::string(31, 'e')));
  const std::string not_hex = Write("nothex", std::string(64, 'g'));
  auto s = FieldCipher::FromKeyFiles(short_key, mac).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find(short_key), absl::string_view::npos);
  EXPECT_EQ(FieldCipher::FromKeyFiles(not_hex, mac).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldCipher::FromKeyFiles(mac + ".missing", mac).status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace shouhu
