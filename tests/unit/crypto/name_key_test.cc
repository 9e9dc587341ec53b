#include "common/crypto/name_key.h"

#include <memory>
#include <string>

#include "common/crypto/field_cipher.h"
#include "gtest/gtest.h"

namespace shouhu {
namespace {

std::unique_ptr<FieldCipher> MakeCipher(char hmac_byte = 'm') {
  auto cipher = FieldCipher::Create(std::string(32, 'e'), std::string(32, hmac_byte));
  EXPECT_TRUE(cipher.ok()) << cipher.status();
  return std::move(cipher).value();
}

TEST(NormalizeNameForMatchingTest, RemovesSpacesAndInvisibleCharacters) {
  EXPECT_EQ(NormalizeNameForMatching("张思琪"), "张思琪");
  EXPECT_EQ(NormalizeNameForMatching("  张 思琪\t"), "张思琪");
  EXPECT_EQ(NormalizeNameForMatching("张\u3000思琪"), "张思琪");              // ideographic space
  EXPECT_EQ(NormalizeNameForMatching("张\u00a0思琪"), "张思琪");              // no-break space
  EXPECT_EQ(NormalizeNameForMatching("张\u200b思\u200d琪\ufeff"), "张思琪");  // zero width
  EXPECT_EQ(NormalizeNameForMatching("\u202e张思琪\u202c"), "张思琪");        // bidi override
  EXPECT_EQ(NormalizeNameForMatching("张\u2066思琪\u2069"), "张思琪");        // bidi isolate
  EXPECT_EQ(NormalizeNameForMatching("张\u00ad思琪"), "张思琪");              // soft hyphen
}

TEST(NormalizeNameForMatchingTest, FoldsWidthCaseAndMiddleDots) {
  EXPECT_EQ(NormalizeNameForMatching("ＬＩ　Ｍｉｎｇ"), "liming");
  EXPECT_EQ(NormalizeNameForMatching("Li Ming"), "liming");
  EXPECT_EQ(NormalizeNameForMatching("买买提\u30fb艾力"), "买买提\u00b7艾力");
  EXPECT_EQ(NormalizeNameForMatching("买买提\uff65艾力"), "买买提\u00b7艾力");
  EXPECT_EQ(NormalizeNameForMatching("买买提\u2022艾力"), "买买提\u00b7艾力");
  // Nothing else changes: other scripts, accents and traditional characters stay apart.
  EXPECT_EQ(NormalizeNameForMatching("Ａé"), "aé");
  EXPECT_NE(NormalizeNameForMatching("張思琪"), NormalizeNameForMatching("张思琪"));
  EXPECT_EQ(NormalizeNameForMatching("ÄÖ"), "ÄÖ");
}

TEST(NormalizeNameForMatchingTest, KeepsBytesThatAreNotUtf8) {
  EXPECT_EQ(NormalizeNameForMatching(std::string("a\xff b\xe5", 5)), std::string("a\xff"
                                                                                 "b\xe5",
                                                                                 4));
  EXPECT_EQ(NormalizeNameForMatching(""), "");
}

TEST(NameBirthKeyTest, EqualForEquivalentNamesAndTheSameBirthDate) {
  auto cipher = MakeCipher();
  const std::string key = NameBirthKey(*cipher, "张思琪", "2012-05-01");
  EXPECT_EQ(key.size(), 64u);
  EXPECT_EQ(NameBirthKey(*cipher, " 张\u200b思琪 ", "2012-05-01"), key);
  EXPECT_NE(NameBirthKey(*cipher, "张思琪", "2012-05-02"), key);
  EXPECT_NE(NameBirthKey(*cipher, "张思淇", "2012-05-01"), key);
  // The separator keeps name and date apart.
  EXPECT_NE(NameBirthKey(*cipher, "a1", "2012-05-01"), NameBirthKey(*cipher, "a", "12012-05-01"));
}

TEST(NameBirthKeyTest, KeyedAndSeparatedFromOtherHashes) {
  auto cipher = MakeCipher();
  const std::string key = NameBirthKey(*cipher, "张思琪", "2012-05-01");
  // Another HMAC key gives another hash: the column cannot be recomputed without the key.
  EXPECT_NE(NameBirthKey(*MakeCipher('n'), "张思琪", "2012-05-01"), key);
  // Not the plain HMAC (the ID number hash) nor an unkeyed digest of the same input.
  EXPECT_NE(cipher->Hmac("张思琪\x1f"
                         "2012-05-01"),
            key);
  EXPECT_NE(Sha256Hex("张思琪\x1f"
                      "2012-05-01"),
            key);
  // The sub-key depends on the label.
  EXPECT_EQ(cipher->KeyedHash(kNameBirthKeyLabel,
                              "张思琪\x1f"
                              "2012-05-01"),
            key);
  EXPECT_NE(cipher->KeyedHash("other.label",
                              "张思琪\x1f"
                              "2012-05-01"),
            key);
}

}  // namespace
}  // namespace shouhu
