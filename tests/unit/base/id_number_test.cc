#include "common/base/id_number.h"

#include <string>

#include "gtest/gtest.h"

namespace shouhu {
namespace {

const absl::CivilDay kToday(2025, 6, 1);

// Appends the correct check character to 17 digits.
std::string WithCheck(const std::string& first17) {
  return first17 + *IdNumberCheckCharacter(first17);
}

TEST(IdNumberTest, CheckCharacterMatchesTheStandardExample) {
  // The worked example in GB 11643-1999.
  EXPECT_EQ(*IdNumberCheckCharacter("11010519491231002"), 'X');
  EXPECT_EQ(*IdNumberCheckCharacter("44052418800101001"), '4');
  EXPECT_FALSE(IdNumberCheckCharacter("1101051949123100").ok());
  EXPECT_FALSE(IdNumberCheckCharacter("1101051949123100A").ok());
}

TEST(IdNumberTest, AcceptsValidNumbers) {
  EXPECT_TRUE(ValidateIdNumber("11010519491231002X", kToday).ok());
  EXPECT_TRUE(ValidateIdNumber("11010519491231002x", kToday).ok());
  EXPECT_TRUE(ValidateIdNumber(WithCheck("52038220100315123"), kToday).ok());
  // Born today is fine; leap day exists in 2012.
  EXPECT_TRUE(ValidateIdNumber(WithCheck("52038220250601123"), kToday).ok());
  EXPECT_TRUE(ValidateIdNumber(WithCheck("52038220120229123"), kToday).ok());
}

void ExpectInvalid(const std::string& id, const std::string& reason) {
  const absl::Status status = ValidateIdNumber(id, kToday);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << id;
  EXPECT_EQ(status.message(), reason) << id;
}

TEST(IdNumberTest, RejectsWrongShape) {
  ExpectInvalid("", "identity number must be 18 characters long");
  ExpectInvalid("11010519491231002", "identity number must be 18 characters long");
  ExpectInvalid("11010519491231002X1", "identity number must be 18 characters long");
  ExpectInvalid("1101051949123100AX", "identity number must start with 17 digits");
  ExpectInvalid("11010519491231002Y", "identity number must end with a digit or X");
}

TEST(IdNumberTest, RejectsWrongCheckCharacter) {
  ExpectInvalid("110105194912310021", "identity number check character does not match");
  ExpectInvalid("110105194912310029", "identity number check character does not match");
}

TEST(IdNumberTest, RejectsImpossibleBirthDates) {
  ExpectInvalid(WithCheck("52038220130229123"), "identity number contains an invalid birth date");
  ExpectInvalid(WithCheck("52038220101301123"), "identity number contains an invalid birth date");
  ExpectInvalid(WithCheck("52038220100100123"), "identity number contains an invalid birth date");
  ExpectInvalid(WithCheck("52038220100431123"), "identity number contains an invalid birth date");
  ExpectInvalid("440524188001010014", "identity number birth date is before 1900");
  ExpectInvalid(WithCheck("52038220250602123"), "identity number birth date is in the future");
}

TEST(IdNumberTest, RejectsZeroRegion) {
  ExpectInvalid(WithCheck("00000020100315123"), "identity number has an invalid region code");
}

TEST(IdNumberTest, NormalizesLowercaseX) {
  EXPECT_EQ(NormalizeIdNumber("11010519491231002x"), "11010519491231002X");
  EXPECT_EQ(NormalizeIdNumber("110105194912310021"), "110105194912310021");
  EXPECT_EQ(NormalizeIdNumber(""), "");
}

TEST(IdNumberTest, ExtractsBirthDateAndSex) {
  EXPECT_EQ(*BirthDateFromIdNumber("11010519491231002X"), absl::CivilDay(1949, 12, 31));
  // 17th digit 2: female.
  EXPECT_EQ(*SexFromIdNumber("11010519491231002X"), Sex::kFemale);
  EXPECT_EQ(*SexFromIdNumber(WithCheck("52038220100315123")), Sex::kMale);
  EXPECT_EQ(*SexFromIdNumber(WithCheck("52038220100315124")), Sex::kFemale);
  EXPECT_FALSE(BirthDateFromIdNumber("110105194912310021").ok());
  EXPECT_FALSE(SexFromIdNumber("1101051949").ok());
}

}  // namespace
}  // namespace shouhu
