#include "common/base/mask.h"

#include "gtest/gtest.h"

namespace shouhu {
namespace {

TEST(MaskTest, IdNumberKeepsFourAndFour) {
  EXPECT_EQ(MaskIdNumber("52038220100315123X"), "5203**********123X");
  EXPECT_EQ(MaskIdNumber("123456789"), "1234*6789");
  EXPECT_EQ(MaskIdNumber("12345678"), "********");
  EXPECT_EQ(MaskIdNumber(""), "");
}

TEST(MaskTest, NameKeepsTheFirstCharacter) {
  EXPECT_EQ(MaskName("张三"), "张*");
  EXPECT_EQ(MaskName("欧阳娜娜"), "欧***");
  EXPECT_EQ(MaskName("张"), "*");
  EXPECT_EQ(MaskName("Li Lei"), "L*****");
  EXPECT_EQ(MaskName(""), "");
}

TEST(MaskTest, PhoneKeepsThreeAndFour) {
  EXPECT_EQ(MaskPhone("13812345678"), "138****5678");
  EXPECT_EQ(MaskPhone("08512345678"), "085****5678");
  EXPECT_EQ(MaskPhone("1234567"), "*******");
  EXPECT_EQ(MaskPhone(""), "");
}

TEST(MaskTest, AddressKeepsSixCharacters) {
  EXPECT_EQ(MaskAddress("贵州省遵义市仁怀市中枢街道"), "贵州省遵义市****");
  EXPECT_EQ(MaskAddress("贵州省遵义市"), "贵州省****");
  EXPECT_EQ(MaskAddress("贵"), "****");
  EXPECT_EQ(MaskAddress(""), "");
}

}  // namespace
}  // namespace shouhu
