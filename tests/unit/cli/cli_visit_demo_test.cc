// The visit inputs of the demo (deploy/local/demo/visit) must stay valid requests, so that
// `shouhu visit plan-create` and `shouhu visit record` of them are accepted; the scripted
// answers of the interactive visit must fill all four assessments and one need.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "google/protobuf/util/json_util.h"
#include "shouhu/visit/v1/visit.pb.h"
#include "unit/cli/visit_command_fixture.h"

namespace shouhu::cli {
namespace {

std::string DemoFile(const std::string& name) {
  const char* source = std::getenv("SHOUHU_SOURCE_DIR");
  const std::filesystem::path path =
      std::filesystem::path(source == nullptr ? "." : source) / "deploy/local/demo/visit" / name;
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

template <typename M>
M Parse(const std::string& name) {
  const std::string text = DemoFile(name);
  EXPECT_FALSE(text.empty()) << name << ": SHOUHU_SOURCE_DIR must point at the source tree";
  M message;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(text, &message, options).ok()) << name;
  return message;
}

TEST(VisitDemoTest, TheManualPlanHasAFirstSlotOpenOnTheAnchorDate) {
  const auto plan = Parse<vv1::CreatePlanRequest>("plan-manual.json");
  EXPECT_EQ(plan.anchor_kind(), vv1::ANCHOR_KIND_MANUAL);
  ASSERT_GE(plan.items_size(), 2);
  // The demo records the first visit on the anchor date: the slot must already be open.
  EXPECT_EQ(plan.items(0).offset_days(), plan.items(0).window_before_days());
}

TEST(VisitDemoTest, ThePhoneVisitAssessesAllFourDimensions) {
  const auto visit = Parse<vv1::RecordVisitRequest>("visit-phone.json");
  EXPECT_EQ(visit.kind(), vv1::VISIT_KIND_PHONE);
  EXPECT_EQ(visit.assessments_size(), 4);
  EXPECT_FALSE(visit.summary().empty());
}

class VisitDemoAnswersTest : public VisitCommandTest {};

TEST_F(VisitDemoAnswersTest, TheScriptedAnswersRecordTheHomeVisitWithANeed) {
  vv1::RecordVisitRequest sent;
  EXPECT_CALL(visits_, RecordVisit(_, _, _))
      .WillOnce(DoAll(Invoke([&](auto*, const auto& req, auto*) { sent = req; }),
                      Return(grpc::Status::OK)));
  std::istringstream in(DemoFile("visit-home-answers.txt"));
  input_ = &in;
  EXPECT_EQ(Run({"visit", "record", "--case=case-1", "--plan=vplan-1", "--slot=1", "--kind=home",
                 "--on=2026-12-02"}),
            kExitOk);
  EXPECT_EQ(sent.assessments_size(), 4);
  for (const auto& a : sent.assessments()) EXPECT_NE(a.rating(), vv1::RATING_UNSPECIFIED);
  ASSERT_EQ(sent.needs_size(), 1);
  EXPECT_EQ(sent.needs(0).kind(), shouhu::aid::v1::MEASURE_KIND_MEDICAL);
  EXPECT_TRUE(sent.needs(0).urgent());
  EXPECT_FALSE(sent.summary().empty());
  EXPECT_THAT(err_.str(), Not(HasSubstr("无法识别")));
}

}  // namespace
}  // namespace shouhu::cli
