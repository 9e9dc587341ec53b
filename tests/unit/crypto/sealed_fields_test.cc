#include "common/crypto/sealed_fields.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "common/ops/log.h"
#include "common/ops/metrics.h"
#include "gtest/gtest.h"

namespace shouhu {
namespace {

class SealedFieldsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cipher = FieldCipher::Create(std::string(32, 'e'), std::string(32, 'm'));
    ASSERT_TRUE(cipher.ok());
    cipher_ = *std::move(cipher);
    SetLogSink([this](absl::string_view line) { log_.emplace_back(line); });
  }
  void TearDown() override { SetLogSink(nullptr); }

  std::unique_ptr<FieldCipher> cipher_;
  Registry metrics_;
  Counter& failures_ = metrics_.AddCounter("test_decrypt_failures_total", "failures", {"field"});
  std::vector<std::string> log_;
};

TEST_F(SealedFieldsTest, SealsBoundToEntityRowAndField) {
  SealedFields sealed(cipher_.get(), &failures_);
  const std::string facts = "八年级学生张思琪（13岁）长期无人照看";
  auto blob = sealed.Seal(facts, "referral", "ref-1", "facts");
  ASSERT_TRUE(blob.ok()) << blob.status();
  EXPECT_FALSE(absl::StrContains(*blob, facts));
  EXPECT_FALSE(absl::StrContains(*blob, "张思琪"));
  // The associated data is "<entity>/<row>/<field>", as for persons since 0002.
  EXPECT_EQ(SealedFields::AssociatedData("referral", "ref-1", "facts"), "referral/ref-1/facts");
  EXPECT_EQ(*cipher_->Decrypt(*blob, "referral/ref-1/facts"), facts);
  auto opened = sealed.Open(*blob, "referral", "ref-1", "facts");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, facts);

  // Moved to another row, field or entity: DATA_LOSS, counted, logged without the value.
  EXPECT_TRUE(absl::IsDataLoss(sealed.Open(*blob, "referral", "ref-2", "facts").status()));
  EXPECT_TRUE(
      absl::IsDataLoss(sealed.Open(*blob, "referral", "ref-1", "message_to_agency").status()));
  EXPECT_TRUE(absl::IsDataLoss(sealed.Open(*blob, "case", "ref-1", "facts").status()));
  EXPECT_EQ(failures_.WithLabels({"facts"}).Value(), 2);
  EXPECT_EQ(failures_.WithLabels({"message_to_agency"}).Value(), 1);
  ASSERT_EQ(log_.size(), 3u);
  EXPECT_TRUE(absl::StrContains(log_[0], "referral.decrypt_failed"));
  EXPECT_TRUE(absl::StrContains(log_[0], "ref-2"));
  for (const std::string& line : log_) EXPECT_FALSE(absl::StrContains(line, "张思琪")) << line;
}

TEST_F(SealedFieldsTest, EmptyIsEmptyAndLegacyClearValuesAreRead) {
  SealedFields sealed(cipher_.get());
  EXPECT_EQ(*sealed.Seal("", "case", "c-1", "close_note"), "");
  EXPECT_EQ(*sealed.Open("", "case", "c-1", "close_note"), "");
  EXPECT_EQ(*sealed.OpenOrLegacy("", "旧的结案说明", "case", "c-1", "close_note"), "旧的结案说明");
  auto blob = sealed.Seal("新的结案说明", "case", "c-1", "close_note");
  ASSERT_TRUE(blob.ok());
  // A sealed value wins over a leftover clear one.
  EXPECT_EQ(*sealed.OpenOrLegacy(*blob, "旧的结案说明", "case", "c-1", "close_note"),
            "新的结案说明");
  std::string tampered = *blob;
  tampered[tampered.size() / 2] ^= 1;
  EXPECT_TRUE(absl::IsDataLoss(
      sealed.OpenOrLegacy(tampered, "旧的结案说明", "case", "c-1", "close_note").status()));
}

}  // namespace
}  // namespace shouhu
