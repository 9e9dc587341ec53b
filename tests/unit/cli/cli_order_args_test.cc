// The `shouhu order` argument checks (exit code 2, nothing sent), the help of the order
// commands and the guardianship address option.
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace shouhu::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct BadArgs {
  std::vector<std::string> args;
  const char* message;
};

TEST(OrderArgsTest, BadArgumentsGiveAChineseMessageAndExitCodeTwo) {
  const BadArgs cases[] = {
      {{"order", "frobnicate"}, "未知的 order 子命令"},
      {{"order", "draft", "case-1"}, "参数不足"},
      {{"order", "draft", "case-1", "d.json", "--version=3"}, "--version 只能与 --order 同用"},
      {{"order", "approve", "gord-1"}, "须指定 --agree / --return 之一"},
      {{"order", "approve", "gord-1", "--agree", "--return"}, "只能指定其一"},
      {{"order", "approve", "gord-1", "--return"}, "须指定 --note"},
      {{"order", "serve", "gord-1", "--person=p-1", "--on=2026-11-02", "--signed"},
       "须指定 --method"},
      {{"order", "serve", "gord-1", "--person=p-1", "--method=post", "--on=2026-11-02", "--signed"},
       "DIRECT"},
      {{"order", "serve", "gord-1", "--person=p-1", "--method=direct", "--on=2026-11-31",
        "--signed"},
       "日期格式应为 YYYY-MM-DD"},
      {{"order", "serve", "gord-1", "--person=p-1", "--method=direct", "--on=2026-11-02"},
       "须指定 --signed / --refusal 之一"},
      {{"order", "serve", "gord-1", "s.json", "--person=p-1"}, "只能指定其一"},
      {{"order", "serve", "gord-1", "--person=p-1", "--method=direct", "--on=2026-11-02",
        "--signed", "--admonition=x"},
       "--admonition 只能与 --admonished 同用"},
      {{"order", "extend", "gord-1", "--months=0", "--note=x"}, "须为正整数"},
      {{"order", "extend", "gord-1", "--months=2"}, "须指定 --note"},
      {{"order", "terminate", "gord-1", "--reason=bored"}, "MINOR_CAME_OF_AGE"},
      {{"order", "list", "--status=done"}, "UNDER_SUPERVISION"},
      {{"order", "session", "gord-1", "--minutes=30"}, "须指定 --on"},
      {{"order", "session", "gord-1", "--on=2026-11-02", "--arrangement=-1"}, "须为非负整数"},
      {{"order", "disclose", "gord-1", "--agency=a", "--person=p"}, "须指定 --purpose"},
      {{"order", "escalation-reply", "gesc-1", "--on=2026-11-02"}, "须指定 --summary"},
      {{"order", "court-answer", "gesc-1", "--answer=maybe", "--on=2026-11-02"}, "GRANTED"},
      {{"order", "escalation-close", "gesc-1"}, "须指定 --outcome"},
      {{"order", "unattended-answer", "guc-1", "--answer=recognised"},
       "须指定 --township / --county 之一"},
      {{"order", "unattended-handoff", "guc-1"}, "须指定 --agency"},
      {{"order", "stats", "--period=quarter", "--year=2026"}, "须指定 --index"},
      {{"order", "stats", "--period=week", "--year=2026"}, "MONTH, QUARTER, YEAR"},
      {{"order", "show", "gord-1", "--months=3"}, "不适用于命令"},
  };
  for (const BadArgs& c : cases) {
    SCOPED_TRACE(c.args[1] + " " + c.message);
    std::ostringstream out, err;
    EXPECT_EQ(RunCli(
                  c.args, [](const char*) { return std::nullopt; }, out, err),
              kExitUsage);
    EXPECT_THAT(err.str(), HasSubstr(c.message));
    EXPECT_THAT(err.str(), HasSubstr("错误："));
    EXPECT_EQ(out.str(), "");
  }
}

TEST(OrderArgsTest, EnglishMessagesWithLangEn) {
  std::ostringstream out, err;
  EXPECT_EQ(RunCli(
                {"order", "approve", "gord-1", "--return", "--lang=en"},
                [](const char*) { return std::nullopt; }, out, err),
            kExitUsage);
  EXPECT_THAT(err.str(), HasSubstr("--note is required"));
  EXPECT_THAT(err.str(), HasSubstr("Usage: shouhu order approve ORDER_ID"));
}

TEST(OrderArgsTest, OrderAloneOrHelpOrderListsOnlyTheOrderCommands) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"order"}, std::vector<std::string>{"help", "order"}}) {
    std::ostringstream out, err;
    EXPECT_EQ(RunCli(
                  args, [](const char*) { return std::nullopt; }, out, err),
              kExitOk);
    EXPECT_THAT(out.str(), HasSubstr("shouhu order draft"));
    EXPECT_THAT(out.str(), HasSubstr("shouhu order unattended-assess"));
    EXPECT_THAT(out.str(), HasSubstr("SHOUHU_GUARDIANSHIP_ADDR"));
    EXPECT_THAT(out.str(), Not(HasSubstr("shouhu aid pay")));
    EXPECT_THAT(out.str(), Not(HasSubstr("shouhu submit")));
  }
  std::ostringstream out, err;
  EXPECT_EQ(RunCli(
                {"help", "order", "serve"}, [](const char*) { return std::nullopt; }, out, err),
            kExitOk);
  EXPECT_THAT(out.str(), HasSubstr("shouhu order serve <令编号>"));
}

TEST(OrderArgsTest, TheFullHelpNamesTheGuardianshipAddress) {
  std::ostringstream out, err;
  EXPECT_EQ(RunCli(
                {"help", "--lang=en"}, [](const char*) { return std::nullopt; }, out, err),
            kExitOk);
  EXPECT_THAT(out.str(), HasSubstr("--guardianship_addr=HOST:PORT"));
  EXPECT_THAT(out.str(), HasSubstr("shouhu order escalation-draft"));
}

TEST(OrderArgsTest, GuardianshipAddressFromFlagEnvironmentOrDefault) {
  auto none = [](const char*) -> std::optional<std::string> { return std::nullopt; };
  EXPECT_EQ(ParseArgs({"order", "list"}, none).invocation.global.guardianship_addr,
            "127.0.0.1:7104");
  auto env = [](const char* name) -> std::optional<std::string> {
    if (std::string(name) == "SHOUHU_GUARDIANSHIP_ADDR") return "gua.example:443";
    return std::nullopt;
  };
  EXPECT_EQ(ParseArgs({"order", "list"}, env).invocation.global.guardianship_addr,
            "gua.example:443");
  EXPECT_EQ(ParseArgs({"order", "list", "--guardianship_addr=10.0.0.2:7104"}, env)
                .invocation.global.guardianship_addr,
            "10.0.0.2:7104");
  EXPECT_EQ(ParseArgs({"order", "list"}, env).invocation.global.aid_addr, "127.0.0.1:7102");
}

TEST(OrderArgsTest, EnumValuesByShortNameOrChineseName) {
  auto none = [](const char*) -> std::optional<std::string> { return std::nullopt; };
  EXPECT_TRUE(ParseArgs({"order", "list", "--status=监督履行中"}, none).ok());
  EXPECT_TRUE(ParseArgs({"order", "list", "--status=under-supervision"}, none).ok());
  EXPECT_TRUE(ParseArgs({"order", "terminate", "g", "--reason=MINOR_CAME_OF_AGE"}, none).ok());
  EXPECT_TRUE(
      ParseArgs({"order", "disclose", "g", "--agency=a", "--person=p", "--purpose=x"}, none).ok());
}

}  // namespace
}  // namespace shouhu::cli
