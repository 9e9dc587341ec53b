// The `shouhu aid` argument checks (exit code 2, nothing sent), the aid address option
// and the yuan/fen conversion.
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/client.h"
#include "cli/money.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace shouhu::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// --- Argument errors: exit code 2, a Chinese message, no call ------------------------------

struct BadArgs {
  std::vector<std::string> args;
  const char* message;
};

TEST(AidArgsTest, BadArgumentsGiveAChineseMessageAndExitCodeTwo) {
  const BadArgs cases[] = {
      {{"aid", "propose", "aid-1", "--grant", "--months=12", "--minor_costs=12.345", "--opinion=x"},
       "最多精确到分"},
      {{"aid", "emergency", "aid-1", "--amount=12.345", "--reason=x"}, "最多精确到分"},
      {{"aid", "emergency", "aid-1", "--amount=-3", "--reason=x"}, "须为元"},
      {{"aid", "emergency", "aid-1", "--amount=1e5", "--reason=x"}, "须为元"},
      {{"aid", "pay", "disb-1"}, "参数不足"},
      {{"aid", "pay", "disb-1", "1", "--voucher=v", "--bank_ref=b"}, "须指定 --amount"},
      {{"aid", "pay", "disb-1", "first", "--amount=1", "--voucher=v", "--bank_ref=b"},
       "期次须为正整数"},
      {{"aid", "notice", "case-1", "person-1", "--method=phone", "--on=2026-02-30"},
       "日期格式应为 YYYY-MM-DD"},
      {{"aid", "statement-import", "s.csv", "--account=a", "--from=2026/11/01", "--to=2026-11-30"},
       "日期格式应为 YYYY-MM-DD"},
      {{"aid", "propose", "aid-1", "--grant", "--refuse", "--opinion=x"}, "只能指定其一"},
      {{"aid", "propose", "aid-1", "--refuse", "--opinion=x"}, "须指定 --exclusion"},
      {{"aid", "propose", "aid-1", "--refuse", "--exclusion=bad-luck", "--opinion=x"},
       "MAJOR_FAULT"},
      {{"aid", "review", "aid-1", "--return"}, "须指定 --opinion"},
      {{"aid", "receipt", "pay-1", "--receipt=R1"}, "须指定 --version=N"},
      {{"aid", "stats", "--period=month", "--year=2026"}, "须指定 --number"},
      {{"aid", "stats", "--period=week", "--year=2026"}, "MONTH, QUARTER, YEAR"},
      {{"aid", "wage-set", "520000", "2025", "--wage=8000.001", "--source=s"}, "最多精确到分"},
      {{"aid", "frobnicate"}, "未知的 aid 子命令"},
      {{"aid", "show", "aid-1", "--months=3"}, "不适用于命令"},
  };
  for (const BadArgs& c : cases) {
    SCOPED_TRACE(c.args[1]);
    std::ostringstream out, err;
    EXPECT_EQ(RunCli(
                  c.args, [](const char*) { return std::nullopt; }, out, err),
              kExitUsage);
    EXPECT_THAT(err.str(), HasSubstr(c.message));
    EXPECT_THAT(err.str(), HasSubstr("错误："));
    EXPECT_EQ(out.str(), "");
  }
}

TEST(AidArgsTest, AidAloneOrHelpAidListsOnlyTheAidCommands) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"aid"}, std::vector<std::string>{"help", "aid"}}) {
    std::ostringstream out, err;
    EXPECT_EQ(RunCli(
                  args, [](const char*) { return std::nullopt; }, out, err),
              kExitOk);
    EXPECT_THAT(out.str(), HasSubstr("shouhu aid pay"));
    EXPECT_THAT(out.str(), HasSubstr("SHOUHU_AID_ADDR"));
    EXPECT_THAT(out.str(), Not(HasSubstr("shouhu submit")));
  }
}

TEST(AidArgsTest, EnglishMessagesWithLangEn) {
  std::ostringstream out, err;
  EXPECT_EQ(
      RunCli(
          {"aid", "pay", "d", "1", "--amount=1.001", "--voucher=v", "--bank_ref=b", "--lang=en"},
          [](const char*) { return std::nullopt; }, out, err),
      kExitUsage);
  EXPECT_THAT(err.str(), HasSubstr("exact to the fen"));
}

TEST(AidArgsTest, AidAddressFromFlagEnvironmentOrDefault) {
  auto none = [](const char*) -> std::optional<std::string> { return std::nullopt; };
  EXPECT_EQ(ParseArgs({"aid", "fund"}, none).invocation.global.aid_addr, "127.0.0.1:7102");
  auto env = [](const char* name) -> std::optional<std::string> {
    if (std::string(name) == "SHOUHU_AID_ADDR") return "aid.example:443";
    return std::nullopt;
  };
  EXPECT_EQ(ParseArgs({"aid", "fund"}, env).invocation.global.aid_addr, "aid.example:443");
  EXPECT_EQ(ParseArgs({"aid", "fund", "--aid_addr=10.0.0.2:7102"}, env).invocation.global.aid_addr,
            "10.0.0.2:7102");
  EXPECT_EQ(ParseArgs({"aid", "fund"}, env).invocation.global.addr, "127.0.0.1:7101");
}

TEST(MoneyTest, YuanToFenWithoutFloatingPoint) {
  int64_t fen = -1;
  EXPECT_EQ(ParseYuan("1234.50", &fen), YuanError::kNone);
  EXPECT_EQ(fen, 123450);
  EXPECT_EQ(ParseYuan("0.07", &fen), YuanError::kNone);
  EXPECT_EQ(fen, 7);
  EXPECT_EQ(ParseYuan("1,000", &fen), YuanError::kNone);
  EXPECT_EQ(fen, 100000);
  EXPECT_EQ(ParseYuan("0.1", &fen), YuanError::kNone);
  EXPECT_EQ(fen, 10);
  EXPECT_EQ(ParseYuan("9999999999999.99", &fen), YuanError::kNone);
  EXPECT_EQ(fen, 999999999999999);
  EXPECT_EQ(ParseYuan("12.345", &fen), YuanError::kTooPrecise);
  for (const char* bad : {"", "-1", "1.", ".5", "1e3", "abc", "12.3.4", "10000000000000"}) {
    EXPECT_EQ(ParseYuan(bad, &fen), YuanError::kSyntax) << bad;
  }
  EXPECT_EQ(FormatYuan(123450), "1,234.50");
  EXPECT_EQ(FormatYuan(5), "0.05");
  EXPECT_EQ(FormatYuan(0), "0.00");
  EXPECT_EQ(FormatYuan(-100000010), "-1,000,000.10");
  EXPECT_EQ(FormatYuan(999999999999999), "9,999,999,999,999.99");
}

}  // namespace
}  // namespace shouhu::cli
