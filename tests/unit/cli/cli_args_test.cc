#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/args.h"
#include "cli/client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "shouhu/referral/v1/referral.pb.h"
#include "support/temp_dir.h"

namespace shouhu::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

namespace rv1 = ::shouhu::referral::v1;

EnvLookup Env(std::map<std::string, std::string> vars = {}) {
  return [vars](const char* name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

ParseResult Parse(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
  return ParseArgs(args, Env(std::move(env)));
}

TEST(ParseArgsTest, DefaultsWithoutFlagsOrEnvironment) {
  ParseResult r = Parse({"list"});
  ASSERT_TRUE(r.ok()) << r.error;
  const GlobalOptions& g = r.invocation.global;
  EXPECT_EQ(g.addr, "127.0.0.1:7101");
  EXPECT_EQ(g.lang, Lang::kZh);
  EXPECT_EQ(g.timeout_s, 10);
  EXPECT_FALSE(g.timeout_given);
  EXPECT_FALSE(g.json);
  EXPECT_FALSE(g.UsesTls());
  EXPECT_THAT(g.token_file, IsEmpty());
  EXPECT_THAT(g.request_id, IsEmpty());
  ASSERT_NE(r.invocation.spec, nullptr);
  EXPECT_STREQ(r.invocation.spec->name, "list");
}

TEST(ParseArgsTest, EnvironmentSetsGlobalsAndFlagsOverrideIt) {
  std::map<std::string, std::string> env = {
      {"SHOUHU_ADDR", "10.0.0.1:9000"}, {"SHOUHU_CA", "ca.pem"},
      {"SHOUHU_CERT", "c.pem"},         {"SHOUHU_KEY", "k.pem"},
      {"SHOUHU_TOKEN_FILE", "tok"},     {"SHOUHU_LANG", "en_US.UTF-8"},
  };
  ParseResult r = Parse({"show", "ref-1"}, env);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.invocation.global.addr, "10.0.0.1:9000");
  EXPECT_EQ(r.invocation.global.ca, "ca.pem");
  EXPECT_EQ(r.invocation.global.cert, "c.pem");
  EXPECT_EQ(r.invocation.global.key, "k.pem");
  EXPECT_EQ(r.invocation.global.token_file, "tok");
  EXPECT_EQ(r.invocation.global.lang, Lang::kEn);
  EXPECT_TRUE(r.invocation.global.UsesTls());

  r = Parse({"--addr=localhost:1", "show", "ref-1", "--lang", "zh", "--token_file=other"}, env);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.invocation.global.addr, "localhost:1");
  EXPECT_EQ(r.invocation.global.lang, Lang::kZh);
  EXPECT_EQ(r.invocation.global.token_file, "other");
}

TEST(ParseArgsTest, CommandOptionsAnywhereInBothSpellings) {
  ParseResult r = Parse({"--json", "list", "--status", "under-review", "--kind=MANDATORY_REPORT",
                         "--overdue", "--all", "--page_size=20", "--timeout_s=3"});
  ASSERT_TRUE(r.ok()) << r.error;
  const Invocation& inv = r.invocation;
  EXPECT_TRUE(inv.global.json);
  EXPECT_EQ(inv.global.timeout_s, 3);
  EXPECT_TRUE(inv.global.timeout_given);
  EXPECT_EQ(inv.Get("status"), "under-review");
  EXPECT_EQ(inv.Get("kind"), "MANDATORY_REPORT");
  EXPECT_TRUE(inv.Flag("overdue"));
  EXPECT_TRUE(inv.Flag("all"));
  EXPECT_EQ(inv.Int("page_size", 0), 20);
  EXPECT_THAT(inv.args, IsEmpty());
}

TEST(ParseArgsTest, PositionalArgumentsAndDoubleDash) {
  ParseResult r = Parse({"decline", "ref-520382-x", "not_eligible", "--message=不符合救助条件"});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_THAT(r.invocation.args, ElementsAre("ref-520382-x", "not_eligible"));
  EXPECT_EQ(r.invocation.Get("message"), "不符合救助条件");

  r = Parse({"supplement", "ref-1", "--", "--不是选项"});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_THAT(r.invocation.args, ElementsAre("ref-1", "--不是选项"));

  r = Parse({"withdraw", "ref-1"});
  ASSERT_TRUE(r.ok()) << r.error;
  r = Parse({"withdraw", "ref-1", "重复移送"});
  ASSERT_TRUE(r.ok()) << r.error;
}

TEST(ParseArgsTest, AdminSubcommands) {
  ParseResult r =
      Parse({"admin", "agency", "edu-renhuai", "仁怀市教育局", "education", "520382", "520382"});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_STREQ(r.invocation.spec->name, "admin agency");
  EXPECT_EQ(r.invocation.args.size(), 5u);

  r = Parse({"admin", "agencies", "--procuratorate=520382"});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.invocation.Get("procuratorate"), "520382");

  r = Parse({"admin", "frobnicate"});
  EXPECT_FALSE(r.ok());
  EXPECT_THAT(r.error, HasSubstr("frobnicate"));
  r = Parse({"admin"});
  EXPECT_FALSE(r.ok());
}

TEST(ParseArgsTest, HelpForms) {
  ParseResult r = Parse({"help"});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.invocation.help);
  EXPECT_THAT(r.invocation.help_topic, IsEmpty());

  r = Parse({"--help"});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.invocation.help);

  r = Parse({"list", "-h"});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.invocation.help);
  EXPECT_EQ(r.invocation.help_topic, "list");

  r = Parse({"help", "admin", "agency"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.invocation.help_topic, "admin agency");
}

struct UsageCase {
  std::vector<std::string> args;
  std::string zh_fragment;
};

TEST(ParseArgsTest, UsageErrorsInChinese) {
  const std::vector<UsageCase> cases = {
      {{}, "缺少命令"},
      {{"frobnicate"}, "未知命令：frobnicate"},
      {{"list", "--colour=red"}, "未知选项：--colour=red"},
      {{"show", "ref-1", "--status=ACCEPTED"}, "选项 --status 不适用于命令 show"},
      {{"show"}, "参数不足"},
      {{"show", "ref-1", "ref-2"}, "参数过多"},
      {{"assign", "ref-1"}, "参数不足"},
      {{"list", "--status=FINISHED"}, "无效的状态：FINISHED"},
      {{"list", "--kind=UNSPECIFIED"}, "无效的类型"},
      {{"cases", "--status=UNDER_REVIEW"}, "无效的状态"},
      {{"decline", "ref-1", "LAZY"}, "无效的不予受理理由：LAZY"},
      {{"close-case", "case-1", "BORED"}, "无效的结案理由"},
      {{"admin", "agency", "a-1", "名称", "BANK", "520382", "520382"}, "无效的单位类型"},
      {{"resolve-duplicate", "dup-1", "maybe"}, "same, different"},
      {{"update-person", "per-1", "核实"}, "请用 --from_referral"},
      {{"update-person", "per-1", "核实", "--from_referral=ref-520382-1", "--phone=123"},
       "不能与 --name 等新值同时使用"},
      {{"update-person", "per-1", "核实", "--fields=phone", "--phone=123"}, "--fields 只能与"},
      {{"update-person", "per-1", "核实", "--from_referral=ref-1", "--fields=id_number"},
       "无效的项目：id_number"},
      {{"update-person", "per-1", "核实", "--birth_date=2015-02-30"}, "出生日期须为"},
      {{"update-person", "per-1", "核实", "--sex=unknown"}, "无效的性别"},
      {{"show", "ref-1", "--unmask"}, "--purpose"},
      {{"list", "--page_size=0"}, "须为正整数"},
      {{"list", "--page_size=abc"}, "须为正整数"},
      {{"accept", "ref-1", "--version=-3"}, "须为非负整数"},
      {{"list", "--timeout_s=0"}, "须为正整数"},
      {{"list", "--all=maybe"}, "true 或 false"},
      {{"list", "--status"}, "需要一个值"},
      {{"accept", "ref-1", "--message="}, "需要一个值"},
      {{"person", "per-1", "--unmask"}, "--purpose"},
      {{"person", "per-1", "--purpose=核实身份"}, "--unmask"},
      {{"list", "--cert=c.pem"}, "--cert 与 --key"},
      {{"list", "--request_id=short"}, "--request_id"},
      {{"list", "--request_id=has space in it"}, "--request_id"},
      {{"list", "--lang=fr"}, "不支持的语言：fr"},
      {{"supplement", "ref-1", "  "}, "不能为空"},
  };
  for (const UsageCase& c : cases) {
    ParseResult r = Parse(c.args);
    EXPECT_FALSE(r.ok()) << ::testing::PrintToString(c.args);
    EXPECT_THAT(r.error, HasSubstr(c.zh_fragment)) << ::testing::PrintToString(c.args);
  }
}

TEST(ParseArgsTest, UsageErrorsInEnglish) {
  ParseResult r = Parse({"--lang=en", "frobnicate"});
  EXPECT_EQ(r.error, "Unknown command: frobnicate");
  r = Parse({"decline", "ref-1", "LAZY"}, {{"SHOUHU_LANG", "en"}});
  EXPECT_THAT(r.error, HasSubstr("Invalid decline reason: LAZY (one of: NOT_IN_JURISDICTION"));
  // --lang is honoured even when it comes after the faulty option.
  r = Parse({"list", "--colour", "--lang=en"});
  EXPECT_EQ(r.error, "Unknown option: --colour");
}

TEST(ParseArgsTest, ErrorKnowsTheCommandForItsUsageLine) {
  ParseResult r = Parse({"decline", "ref-1"});
  ASSERT_NE(r.error_spec, nullptr);
  EXPECT_EQ(Usage(*r.error_spec, Lang::kEn),
            "shouhu decline REFERRAL_ID REASON [--message=TEXT] [--version=N]");
  EXPECT_THAT(Usage(*r.error_spec, Lang::kZh), HasSubstr("<线索编号> <理由>"));
}

TEST(ParseEnumArgTest, AcceptsSeveralSpellings) {
  const auto* type = rv1::DeclineReason_descriptor();
  const char* prefix = "DECLINE_REASON_";
  EXPECT_EQ(ParseEnumArg(type, prefix, "NOT_IN_JURISDICTION"),
            rv1::DECLINE_REASON_NOT_IN_JURISDICTION);
  EXPECT_EQ(ParseEnumArg(type, prefix, "not-eligible"), rv1::DECLINE_REASON_NOT_ELIGIBLE);
  EXPECT_EQ(ParseEnumArg(type, prefix, "DECLINE_REASON_DUPLICATE"), rv1::DECLINE_REASON_DUPLICATE);
  EXPECT_EQ(ParseEnumArg(type, prefix, "已由其他机关处理"), rv1::DECLINE_REASON_HANDLED_ELSEWHERE);
  EXPECT_EQ(ParseEnumArg(type, prefix, "Duplicate referral"), rv1::DECLINE_REASON_DUPLICATE);
  EXPECT_EQ(ParseEnumArg(type, prefix, "UNSPECIFIED"), std::nullopt);
  EXPECT_EQ(ParseEnumArg(type, prefix, "0"), std::nullopt);
  EXPECT_EQ(ParseEnumArg(rv1::ReferralStatus_descriptor(), "REFERRAL_STATUS_", "审查中"),
            rv1::REFERRAL_STATUS_UNDER_REVIEW);
  EXPECT_EQ(ParseEnumArg(rv1::AgencyType_descriptor(), "AGENCY_TYPE_", "womens_federation"),
            rv1::AGENCY_TYPE_WOMENS_FEDERATION);
}

TEST(RequestIdTest, Validation) {
  EXPECT_TRUE(IsValidRequestId("abcdEFGH"));
  EXPECT_TRUE(IsValidRequestId("retry-2026_11_23-0001"));
  EXPECT_FALSE(IsValidRequestId("abc"));
  EXPECT_FALSE(IsValidRequestId(std::string(65, 'a')));
  EXPECT_FALSE(IsValidRequestId("abcdefgh!"));
}

TEST(RequestIdTest, GeneratedIdsAreValidAndDiffer) {
  std::string a = GenerateRequestId();
  std::string b = GenerateRequestId();
  EXPECT_EQ(a.size(), 24u);
  EXPECT_TRUE(IsValidRequestId(a));
  EXPECT_NE(a, b);
}

TEST(RunCliTest, ExitCodesForUsageAndHelp) {
  std::ostringstream out, err;
  EXPECT_EQ(RunCli({"show"}, Env(), out, err), kExitUsage);
  EXPECT_THAT(err.str(), HasSubstr("错误：参数不足"));
  EXPECT_THAT(err.str(), HasSubstr("用法：shouhu show <线索编号>"));

  std::ostringstream out2, err2;
  EXPECT_EQ(RunCli({"help", "--lang=en"}, Env(), out2, err2), kExitOk);
  EXPECT_THAT(out2.str(), HasSubstr("Exit codes: 0 success"));
  EXPECT_THAT(err2.str(), IsEmpty());

  std::ostringstream out3, err3;
  EXPECT_EQ(RunCli({}, Env(), out3, err3), kExitUsage);
  EXPECT_THAT(err3.str(), HasSubstr("退出码"));

  std::ostringstream out4, err4;
  EXPECT_EQ(RunCli({"help", "watch"}, Env(), out4, err4), kExitOk);
  EXPECT_THAT(out4.str(), HasSubstr("shouhu watch <线索编号>"));
}

TEST(RunCliTest, MissingTokenFileIsAUsageError) {
  std::ostringstream out, err;
  // A readable CA file, so that the missing token file is what fails.
  shouhu::testing::TempDir dir("cli-args");
  const std::string ca = dir.Write("ca.pem", "not used before the token is read\n");
  EXPECT_EQ(
      RunCli({"list", "--ca=" + ca, "--token_file=/nonexistent/shouhu-token"}, Env(), out, err),
      kExitUsage);
  EXPECT_THAT(err.str(), HasSubstr("无法读取文件"));
}

TEST(RunCliTest, RefusesToConnectWithoutCa) {
  std::ostringstream out, err;
  // No plaintext fallback: without the platform CA nothing is sent.
  EXPECT_EQ(RunCli({"list", "--addr=127.0.0.1:1", "--timeout_s=5"}, Env(), out, err), kExitUsage);
  EXPECT_THAT(err.str(), HasSubstr("CA"));
  EXPECT_THAT(out.str(), IsEmpty());
}

TEST(SplitListArgTest, SplitsAtAsciiAndChineseCommasWithoutCuttingChineseItems) {
  // The Chinese separators are three bytes each; splitting at any of their bytes would cut
  // Chinese items (whose UTF-8 shares those bytes) apart.
  EXPECT_EQ(SplitListArg("医疗救助，教育救助、其他, OTHER ,"),
            (std::vector<std::string>{"医疗救助", "教育救助", "其他", "OTHER"}));
  EXPECT_EQ(SplitListArg("王某（父亲）、李某"), (std::vector<std::string>{"王某（父亲）", "李某"}));
  EXPECT_TRUE(SplitListArg(" , ，").empty());
}

}  // namespace
}  // namespace shouhu::cli
