// Parsing and validation of the `shouhu visit` commands: the visit service's address,
// the help, enum values in both languages, ratings, dates and required options (usage
// errors, exit code 2, nothing sent).
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/client.h"
#include "cli/visit_args.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace shouhu::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::optional<std::string> NoEnv(const char*) { return std::nullopt; }

std::string ErrorOf(const std::vector<std::string>& args) { return ParseArgs(args, NoEnv).error; }

TEST(VisitArgsTest, VisitAddressFromFlagEnvironmentOrDefault) {
  EXPECT_EQ(ParseArgs({"visit", "due"}, NoEnv).invocation.global.visit_addr, "127.0.0.1:7103");
  auto env = [](const char* name) -> std::optional<std::string> {
    if (std::string(name) == "SHOUHU_VISIT_ADDR") return "visit.example:443";
    return std::nullopt;
  };
  EXPECT_EQ(ParseArgs({"visit", "due"}, env).invocation.global.visit_addr, "visit.example:443");
  EXPECT_EQ(
      ParseArgs({"visit", "due", "--visit_addr=10.0.0.3:7103"}, env).invocation.global.visit_addr,
      "10.0.0.3:7103");
  EXPECT_EQ(ParseArgs({"visit", "due"}, env).invocation.global.guardianship_addr, "127.0.0.1:7104");
}

TEST(VisitArgsTest, VisitAloneOrHelpVisitListsOnlyTheVisitCommands) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"visit"}, std::vector<std::string>{"help", "visit"}}) {
    std::ostringstream out, err;
    EXPECT_EQ(RunCli(args, NoEnv, out, err), kExitOk);
    EXPECT_THAT(out.str(), HasSubstr("shouhu visit due"));
    EXPECT_THAT(out.str(), HasSubstr("shouhu visit record"));
    EXPECT_THAT(out.str(), HasSubstr("shouhu visit volunteer-assign"));
    EXPECT_THAT(out.str(), HasSubstr("SHOUHU_VISIT_ADDR"));
    EXPECT_THAT(out.str(), Not(HasSubstr("shouhu order draft")));
  }
  std::ostringstream out, err;
  EXPECT_EQ(RunCli({"visit", "--lang=en"}, NoEnv, out, err), kExitOk);
  EXPECT_THAT(out.str(), HasSubstr("Follow-up visits: plans"));
  std::ostringstream full, full_err;
  EXPECT_EQ(RunCli({"help"}, NoEnv, full, full_err), kExitOk);
  EXPECT_THAT(full.str(), HasSubstr("--visit_addr=HOST:PORT"));
  EXPECT_THAT(full.str(), HasSubstr("shouhu visit stats"));
}

TEST(VisitArgsTest, EveryRpcHasACommand) {
  // 11 plan RPCs, 11 visit RPCs and 6 volunteer RPCs; one command each.
  EXPECT_EQ(VisitCommands().size(), 28u);
  for (const CommandSpec& spec : VisitCommands()) {
    const CommandSpec* found = FindCommand(spec.name);
    ASSERT_NE(found, nullptr) << spec.name;
    EXPECT_EQ(found->min_args, spec.min_args) << spec.name;
  }
}

TEST(VisitArgsTest, AnUnknownVisitCommandIsNamed) {
  EXPECT_THAT(ErrorOf({"visit", "nonsense"}), HasSubstr("未知的 visit 子命令：nonsense"));
  EXPECT_THAT(ErrorOf({"visit", "nonsense", "--lang=en"}),
              HasSubstr("Unknown visit command: nonsense"));
}

TEST(VisitArgsTest, EnumValuesInBothLanguages) {
  EXPECT_EQ(ErrorOf({"visit", "plans", "--status=执行中"}), "");
  EXPECT_EQ(ErrorOf({"visit", "plans", "--status=Active"}), "");
  EXPECT_EQ(ErrorOf({"visit", "plans", "--status=PLAN_STATUS_ENDED"}), "");
  EXPECT_EQ(ErrorOf({"visit", "needs", "case-1", "--status=withdrawn"}), "");
  EXPECT_EQ(ErrorOf({"visit", "resolve", "vcfl-1", "舍弃"}), "");
  EXPECT_EQ(ErrorOf({"visit", "resolve", "vcfl-1", "record-unscheduled"}), "");
  const std::string e = ErrorOf({"visit", "plans", "--status=open"});
  EXPECT_THAT(e, HasSubstr("无效的计划状态：open"));
  EXPECT_THAT(e, HasSubstr("ACTIVE, CANCELLED, ENDED"));
  EXPECT_THAT(ErrorOf({"visit", "resolve", "vcfl-1", "keep"}), HasSubstr("处理方式"));
  EXPECT_THAT(ErrorOf({"visit", "record", "--case=c", "--kind=visit"}), HasSubstr("回访方式"));
}

TEST(VisitArgsTest, RatingsAsDigitsOrWords) {
  EXPECT_EQ(ParseRatingArg("1"), 1);
  EXPECT_EQ(ParseRatingArg(" 4 "), 4);
  EXPECT_EQ(ParseRatingArg("需关注"), 3);
  EXPECT_EQ(ParseRatingArg("not-assessed"), 5);
  EXPECT_EQ(ParseRatingArg("Serious"), 4);
  EXPECT_FALSE(ParseRatingArg("0").has_value());
  EXPECT_FALSE(ParseRatingArg("6").has_value());
  EXPECT_FALSE(ParseRatingArg("ok").has_value());
  EXPECT_EQ(
      ErrorOf({"visit", "report", "--assignment=a", "--contact=home", "--text=t", "--mood=2"}), "");
  EXPECT_THAT(
      ErrorOf({"visit", "report", "--assignment=a", "--contact=home", "--text=t", "--mood=7"}),
      HasSubstr("无效的评估等级：7"));
}

TEST(VisitArgsTest, DatesAndNumbersAreChecked) {
  EXPECT_THAT(ErrorOf({"visit", "record", "--case=c", "--on=2026-02-30"}), HasSubstr("2026-02-30"));
  EXPECT_THAT(ErrorOf({"visit", "due", "--horizon=61"}), HasSubstr("--horizon"));
  EXPECT_EQ(ErrorOf({"visit", "due", "--horizon=0"}), "");
  EXPECT_THAT(ErrorOf({"visit", "waive", "vplan-1", "--slot=0", "--reason=r"}),
              HasSubstr("--slot"));
  EXPECT_THAT(ErrorOf({"visit", "stats", "--period=month", "--year=2026", "--count=25"}),
              HasSubstr("--count"));
}

TEST(VisitArgsTest, RequiredAndPairedOptions) {
  EXPECT_THAT(ErrorOf({"visit", "waive", "vplan-1", "--reason=r"}), HasSubstr("--slot"));
  EXPECT_THAT(ErrorOf({"visit", "plan-cancel", "vplan-1"}), HasSubstr("--reason"));
  EXPECT_THAT(ErrorOf({"visit", "record"}), HasSubstr("--case"));
  EXPECT_THAT(ErrorOf({"visit", "record", "--case=c", "--plan=vplan-1"}), HasSubstr("--slot"));
  EXPECT_THAT(ErrorOf({"visit", "plan-create", "case-1"}), HasSubstr("--anchor"));
  EXPECT_EQ(ErrorOf({"visit", "plan-create", "case-1", "plan.json"}), "");
  EXPECT_THAT(ErrorOf({"visit", "report", "r.json", "--text=t"}), HasSubstr("FILE.json / --text"));
  EXPECT_THAT(ErrorOf({"visit", "report", "--assignment=a", "--text=t"}), HasSubstr("--contact"));
  EXPECT_THAT(ErrorOf({"visit", "volunteer-assign", "case-1", "u-vol", "--alias=小明"}),
              HasSubstr("--person"));
  EXPECT_THAT(ErrorOf({"visit", "stats", "--year=2026"}), HasSubstr("--period"));
  EXPECT_THAT(ErrorOf({"visit", "due", "--reason=x"}), HasSubstr("--reason"));
}

TEST(VisitArgsTest, BooleanFlagsNeedNoValue) {
  ParseResult p = ParseArgs({"visit", "conflicts", "--unresolved", "--case", "case-1"}, NoEnv);
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_TRUE(p.invocation.Flag("unresolved"));
  EXPECT_EQ(p.invocation.Get("case"), "case-1");
  p = ParseArgs({"visit", "volunteers", "--active"}, NoEnv);
  ASSERT_TRUE(p.ok()) << p.error;
  EXPECT_TRUE(p.invocation.Flag("active"));
}

TEST(VisitArgsTest, AUsageErrorExitsTwoWithTheCommandsUsage) {
  std::ostringstream out, err;
  EXPECT_EQ(RunCli({"visit", "waive", "vplan-1", "--lang=en"}, NoEnv, out, err), kExitUsage);
  EXPECT_THAT(err.str(), HasSubstr("--slot is required"));
  EXPECT_THAT(err.str(), HasSubstr("Usage: shouhu visit waive PLAN_ID"));
}

}  // namespace
}  // namespace shouhu::cli
