#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "cli/args.h"
#include "cli/catalog.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "shouhu/aid/v1/aid.pb.h"
#include "shouhu/common/v1/common.pb.h"
#include "shouhu/referral/v1/referral.pb.h"

namespace shouhu::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

namespace rv1 = ::shouhu::referral::v1;
namespace gpb = ::google::protobuf;

bool HasNonAscii(const char* text) {
  for (const char* p = text; *p != '\0'; ++p) {
    if (static_cast<unsigned char>(*p) >= 0x80) return true;
  }
  return false;
}

void ExpectEveryValueNamed(const gpb::EnumDescriptor* type) {
  for (int i = 0; i < type->value_count(); ++i) {
    const gpb::EnumValueDescriptor* value = type->value(i);
    std::optional<Text> text = EnumText(value);
    ASSERT_TRUE(text.has_value()) << value->full_name() << " has no name in the catalogue";
    EXPECT_TRUE(HasNonAscii(text->zh)) << value->full_name() << ": zh name is not Chinese";
    EXPECT_STRNE(text->en, "") << value->full_name();
    EXPECT_FALSE(HasNonAscii(text->en)) << value->full_name() << ": en name is not English";
  }
}

TEST(CatalogTest, ReferralStatusKindAndDeclineReasonAreFullyNamed) {
  ExpectEveryValueNamed(rv1::ReferralStatus_descriptor());
  ExpectEveryValueNamed(rv1::ReferralKind_descriptor());
  ExpectEveryValueNamed(rv1::DeclineReason_descriptor());
}

TEST(CatalogTest, EveryEnumOfTheReferralApiIsFullyNamed) {
  const gpb::FileDescriptor* files[] = {rv1::Referral::descriptor()->file(),
                                        shouhu::common::v1::Person::descriptor()->file()};
  int enums = 0;
  for (const gpb::FileDescriptor* file : files) {
    for (int i = 0; i < file->enum_type_count(); ++i) {
      SCOPED_TRACE(file->enum_type(i)->full_name());
      ExpectEveryValueNamed(file->enum_type(i));
      ++enums;
    }
  }
  EXPECT_GE(enums, 11);
}

// Every enum of the aid API, nested ones included.
void CollectEnums(const gpb::Descriptor* message, std::vector<const gpb::EnumDescriptor*>* out) {
  for (int i = 0; i < message->enum_type_count(); ++i) out->push_back(message->enum_type(i));
  for (int i = 0; i < message->nested_type_count(); ++i) CollectEnums(message->nested_type(i), out);
}

TEST(CatalogTest, EveryEnumOfTheAidApiIsFullyNamed) {
  const gpb::FileDescriptor* file = shouhu::aid::v1::Application::descriptor()->file();
  std::vector<const gpb::EnumDescriptor*> enums;
  for (int i = 0; i < file->enum_type_count(); ++i) enums.push_back(file->enum_type(i));
  for (int i = 0; i < file->message_type_count(); ++i) CollectEnums(file->message_type(i), &enums);
  for (const gpb::EnumDescriptor* type : enums) {
    SCOPED_TRACE(type->full_name());
    ExpectEveryValueNamed(type);
  }
  EXPECT_GE(enums.size(), 28u);
  EXPECT_EQ(EnumName(shouhu::aid::v1::APPLICATION_STATUS_PENDING_COMMITTEE, Lang::kZh),
            "待检察长办公会研究");
  EXPECT_EQ(EnumName(shouhu::aid::v1::PriorAid::ORGAN_COURT, Lang::kEn), "Court");
}

TEST(CatalogTest, EnumNamesInBothLanguages) {
  EXPECT_EQ(EnumName(rv1::REFERRAL_STATUS_UNDER_REVIEW, Lang::kZh), "审查中");
  EXPECT_EQ(EnumName(rv1::REFERRAL_STATUS_UNDER_REVIEW, Lang::kEn), "Under review");
  EXPECT_EQ(EnumName(rv1::REFERRAL_KIND_MANDATORY_REPORT, Lang::kZh), "强制报告");
  EXPECT_EQ(EnumName(rv1::DECLINE_REASON_NOT_IN_JURISDICTION, Lang::kZh), "不属于本院管辖");
  EXPECT_EQ(EnumName(shouhu::common::v1::SEX_FEMALE, Lang::kZh), "女");
}

TEST(CatalogTest, UnknownEnumNumbersFallBackToTheNumber) {
  EXPECT_EQ(EnumName(rv1::ReferralStatus_descriptor(), 99, Lang::kZh), "99");
}

TEST(CatalogTest, StatusCodes) {
  EXPECT_STREQ(StatusCodeName(grpc::StatusCode::PERMISSION_DENIED), "PERMISSION_DENIED");
  EXPECT_STREQ(StatusCodeName(grpc::StatusCode::UNAUTHENTICATED), "UNAUTHENTICATED");
  EXPECT_THAT(StatusCodeExplanation(grpc::StatusCode::PERMISSION_DENIED).zh,
              StartsWith("无权访问该记录"));
  EXPECT_STREQ(StatusCodeExplanation(grpc::StatusCode::ABORTED).zh,
               "记录已被他人修改，请刷新后重试");
  EXPECT_STREQ(StatusCodeExplanation(grpc::StatusCode::INVALID_ARGUMENT).zh, "输入有误");
  EXPECT_STREQ(StatusCodeExplanation(grpc::StatusCode::FAILED_PRECONDITION).zh,
               "当前状态不允许此操作");
  EXPECT_THAT(StatusCodeExplanation(grpc::StatusCode::UNAVAILABLE).zh, StartsWith("服务不可用"));
  EXPECT_THAT(StatusCodeExplanation(grpc::StatusCode::UNAUTHENTICATED).zh,
              StartsWith("身份验证失败"));
  for (int code = 0; code <= 16; ++code) {
    auto c = static_cast<grpc::StatusCode>(code);
    Text t = StatusCodeExplanation(c);
    EXPECT_TRUE(HasNonAscii(t.zh)) << code;
    EXPECT_FALSE(HasNonAscii(t.en)) << code;
    EXPECT_STRNE(t.en, "") << code;
  }
}

TEST(CatalogTest, StepsAndDuplicateStates) {
  for (const char* step : {"submitted", "assigned", "info_requested", "supplemented", "accepted",
                           "declined", "withdrawn"}) {
    EXPECT_TRUE(HasNonAscii(StepName(step, Lang::kZh).c_str())) << step;
  }
  EXPECT_EQ(StepName("future_step", Lang::kZh), "future_step");
  EXPECT_EQ(DuplicateStateName("pending", Lang::kZh), "待确认");
  EXPECT_EQ(DuplicateStateName("pending", Lang::kEn), "pending");
}

TEST(CatalogTest, HelpListsEveryCommandInBothLanguages) {
  for (Lang lang : {Lang::kZh, Lang::kEn}) {
    std::string help = HelpText(lang);
    for (const CommandSpec& spec : AllCommands()) {
      EXPECT_THAT(help, HasSubstr(std::string("shouhu ") + spec.name));
      EXPECT_STRNE(spec.summary(lang), "");
    }
    for (const char* env : {"SHOUHU_ADDR", "SHOUHU_CA", "SHOUHU_CERT", "SHOUHU_KEY",
                            "SHOUHU_TOKEN_FILE", "SHOUHU_LANG"}) {
      EXPECT_THAT(help, HasSubstr(env));
    }
  }
  EXPECT_THAT(HelpText(Lang::kZh), HasSubstr("退出码"));
  EXPECT_THAT(HelpText(Lang::kEn), HasSubstr("Exit codes"));
  EXPECT_FALSE(HasNonAscii(HelpText(Lang::kEn).c_str()));
}

}  // namespace
}  // namespace shouhu::cli
