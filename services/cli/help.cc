// The help texts of the command line: the usage of a command, the command lists of each
// group under their headings, and the full help with the global options.
#include <initializer_list>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cli/args.h"
#include "cli/format.h"

namespace shouhu::cli {

std::string Usage(const CommandSpec& spec, Lang lang) {
  return absl::StrCat("shouhu ", spec.name, " ", spec.synopsis(lang));
}

std::string CommandsHelp(absl::string_view prefix, Lang lang) {
  const bool en = lang == Lang::kEn;
  std::string out;
  const char* group = nullptr;
  for (const CommandSpec& spec : AllCommands()) {
    if (!absl::StartsWith(spec.name, prefix)) continue;
    if (group == nullptr || std::string(group) != spec.group(lang)) {
      group = spec.group(lang);
      absl::StrAppend(&out, "\n", group, en ? ":\n" : "：\n");
    }
    absl::StrAppend(&out, "  ", Usage(spec, lang), "\n      ", spec.summary(lang), "\n");
  }
  return out;
}

std::vector<const char*> OptionNamesOf(
    std::initializer_list<const std::vector<CommandSpec>*> tables) {
  std::vector<const char*> out;
  for (const std::vector<CommandSpec>* table : tables) {
    for (const CommandSpec& spec : *table) {
      for (const char* o : spec.options) {
        bool seen = false;
        for (const char* n : out) seen = seen || absl::string_view(n) == o;
        if (!seen) out.push_back(o);
      }
    }
  }
  return out;
}

std::string HelpText(Lang lang) {
  const bool en = lang == Lang::kEn;
  std::string out;
  absl::StrAppend(&out, en ? "shouhu - command-line client of the Shouhu platform\n\n"
                           : "shouhu —— 守护平台命令行客户端\n\n");
  absl::StrAppend(&out, en ? "Usage: shouhu [OPTIONS] COMMAND [ARGUMENTS] [OPTIONS]\n"
                           : "用法：shouhu [选项] <命令> [参数] [选项]\n");
  absl::StrAppend(&out, CommandsHelp("", lang));
  struct OptionHelp {
    const char* flag;
    Text text;
  };
  const OptionHelp options[] = {
      {"--addr=HOST:PORT",
       {"服务地址（SHOUHU_ADDR，默认 127.0.0.1:7101）",
        "server address (SHOUHU_ADDR, default 127.0.0.1:7101)"}},
      {"--aid_addr=HOST:PORT",
       {"司法救助服务地址，aid 命令使用（SHOUHU_AID_ADDR，默认 127.0.0.1:7102）",
        "aid service address for the aid commands (SHOUHU_AID_ADDR, default 127.0.0.1:7102)"}},
      {"--guardianship_addr=HOST:PORT",
       {"督促监护服务地址，order 命令使用（SHOUHU_GUARDIANSHIP_ADDR，默认 127.0.0.1:7104）",
        "guardianship service address for the order commands (SHOUHU_GUARDIANSHIP_ADDR, "
        "default 127.0.0.1:7104)"}},
      {"--visit_addr=HOST:PORT",
       {"回访服务地址，visit 命令使用（SHOUHU_VISIT_ADDR，默认 127.0.0.1:7103）",
        "visit service address for the visit commands (SHOUHU_VISIT_ADDR, default "
        "127.0.0.1:7103)"}},
      {"--oversight_addr=HOST:PORT",
       {"流程监控服务地址，oversight 命令使用（SHOUHU_OVERSIGHT_ADDR，默认 127.0.0.1:7105）",
        "oversight service address for the oversight commands (SHOUHU_OVERSIGHT_ADDR, "
        "default 127.0.0.1:7105)"}},
      {"--ca=FILE", {"根证书，PEM 格式（SHOUHU_CA）", "root certificates, PEM (SHOUHU_CA)"}},
      {"--cert=FILE",
       {"客户端证书链，PEM 格式（SHOUHU_CERT）", "client certificate chain, PEM (SHOUHU_CERT)"}},
      {"--key=FILE",
       {"客户端私钥，PEM 格式（SHOUHU_KEY）", "client private key, PEM (SHOUHU_KEY)"}},
      {"--server_name=NAME",
       {"服务端证书中的名称（SHOUHU_SERVER_NAME）",
        "server name expected in its certificate (SHOUHU_SERVER_NAME)"}},
      {"--token_file=FILE",
       {"承办人令牌文件，以 authorization: Bearer 发送（SHOUHU_TOKEN_FILE）",
        "caseworker token, sent as authorization: Bearer "
        "(SHOUHU_TOKEN_FILE)"}},
      {"--lang=zh|en",
       {"提示语言（SHOUHU_LANG，默认 zh）", "language of all messages (SHOUHU_LANG, default zh)"}},
      {"--json", {"以 JSON 输出结果，不输出表格", "print responses as JSON instead of tables"}},
      {"--request_id=ID",
       {"更新操作的幂等键（默认每次运行随机生成）；重试时沿用可避免重复办理",
        "idempotency key of an update (default: random per run); re-use "
        "it to retry safely"}},
      {"--timeout_s=N",
       {"每次调用的时限，单位秒（默认 10；watch 默认不限）",
        "deadline of each call in seconds (default 10; watch: none)"}},
  };
  if (en) {
    absl::StrAppend(
        &out,
        "\nUpdates of a referral or case send its version: without --version=N the client\n"
        "reads the record first and uses its current version.\n"
        "Status, kind and reason values: the proto name without its prefix (UNDER_REVIEW,\n"
        "MANDATORY_REPORT, NOT_ELIGIBLE...), case-insensitive, or the displayed name.\n"
        "\nGlobal options (flag, or environment variable):\n");
  } else {
    absl::StrAppend(
        &out,
        "\n更新线索或案件时须提交其版本号：未指定 --version=N 时，先读取记录并使用当前版本。\n"
        "状态、类型、理由等取值：去掉前缀的枚举名（如 UNDER_REVIEW、MANDATORY_REPORT、\n"
        "NOT_ELIGIBLE，不区分大小写），或显示的中文名称。\n"
        "\n全局选项（也可用环境变量设置）：\n");
  }
  for (const OptionHelp& o : options) {
    absl::StrAppend(&out, "  ", PadRight(o.flag, 20), "  ", o.text(lang), "\n");
  }
  absl::StrAppend(&out, en ? "Without --ca/--cert/--key the connection is not encrypted (local "
                             "development only).\n"
                             "Agencies use their client certificate; caseworkers a certificate "
                             "and a token.\n"
                             "\nExit codes: 0 success, 1 the server returned an error, 2 usage "
                             "error.\n"
                           : "未提供 --ca/--cert/--key 时连接不加密，仅供本地开发使用。\n"
                             "合作单位使用客户端证书；承办人使用客户端证书和令牌。\n"
                             "\n退出码：0 成功；1 服务端返回错误；2 用法错误。\n");
  return out;
}

}  // namespace shouhu::cli
