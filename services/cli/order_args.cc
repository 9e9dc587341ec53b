// Validation of the `shouhu order` commands' arguments: everything the client can check
// before calling (exit code 2, nothing sent).
#include "cli/order_args.h"

#include <initializer_list>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/substitute.h"
#include "cli/order_catalog.h"
#include "shouhu/guardianship/v1/guardianship.pb.h"

namespace shouhu::cli {
namespace {

namespace gv1 = ::shouhu::guardianship::v1;
namespace gpb = ::google::protobuf;

constexpr const char* kBoolOptions[] = {"agree",  "return",   "admonished", "signed",
                                        "absent", "township", "county"};
constexpr const char* kDateOptions[] = {"on"};
struct IntOption {
  const char* name;
  bool allow_zero;
};
constexpr IntOption kIntOptions[] = {
    {"months", false}, {"arrangement", true}, {"minutes", true}, {"year", false}, {"index", true},
};

struct EnumCheck {
  const char* command;
  const char* option;
  const gpb::EnumDescriptor* type;
  const char* prefix;
  Text what;
};

const std::vector<EnumCheck>& EnumChecks() {
  static const auto* checks = new std::vector<EnumCheck>{
      {"order list", "kind", gv1::OrderKind_descriptor(), "ORDER_KIND_", msg::kWhatOrderKind},
      {"order list", "status", gv1::OrderStatus_descriptor(), "ORDER_STATUS_",
       msg::kWhatOrderStatus},
      {"order serve", "method", gv1::ServiceMethod_descriptor(), "SERVICE_METHOD_",
       msg::kWhatServiceMethod},
      {"order terminate", "reason", gv1::TerminationReason_descriptor(), "TERMINATION_REASON_",
       msg::kWhatTermination},
      {"order court-answer", "answer", gv1::CourtAnswerKind_descriptor(), "COURT_ANSWER_KIND_",
       msg::kWhatCourtAnswer},
      {"order escalation-close", "outcome", gv1::EscalationOutcome_descriptor(),
       "ESCALATION_OUTCOME_", msg::kWhatOutcome},
      {"order escalations", "status", gv1::EscalationStatus_descriptor(), "ESCALATION_STATUS_",
       msg::kWhatOrderStatus},
      {"order unattended-answer", "answer", gv1::HandoffAnswer_descriptor(), "HANDOFF_ANSWER_",
       msg::kWhatHandoffAnswer},
      {"order unattended-list", "status", gv1::UnattendedCheckStatus_descriptor(),
       "UNATTENDED_CHECK_STATUS_", msg::kWhatOrderStatus},
      {"order stats", "period", gv1::PeriodKind_descriptor(), "PERIOD_KIND_", msg::kWhatPeriod},
      {"order stats", "dimension", gv1::StatisticsDimension_descriptor(), "STATISTICS_DIMENSION_",
       msg::kWhatDimension},
  };
  return *checks;
}

std::string CheckValues(const Invocation& inv, Lang lang) {
  for (const EnumCheck& check : EnumChecks()) {
    if (absl::string_view(check.command) != inv.spec->name || !inv.Has(check.option)) continue;
    const std::string value = inv.Get(check.option);
    if (!ParseEnumArg(check.type, check.prefix, value).has_value()) {
      return Sub(msg::kBadEnum, lang, check.what(lang), value,
                 EnumChoices(check.type, check.prefix));
    }
  }
  for (const char* name : kDateOptions) {
    if (inv.Has(name) && !ParseDateArg(inv.Get(name)).has_value()) {
      return Sub(msg::kBadDate, lang, name, inv.Get(name));
    }
  }
  for (const IntOption& io : kIntOptions) {
    if (!inv.Has(io.name)) continue;
    int64_t v = 0;
    const std::string text = inv.Get(io.name);
    if (!absl::SimpleAtoi(text, &v) || v < 0 || v > 1000000 || (!io.allow_zero && v == 0)) {
      return Sub(io.allow_zero ? msg::kBadNumber : msg::kBadPositive, lang, io.name, text);
    }
  }
  return "";
}

// --agree, or --return with the opinion that says why.
std::string Decision(const Invocation& inv, Lang lang) {
  if (std::string e = OneOf(inv, "agree", "return", lang); !e.empty()) return e;
  return inv.Flag("return") ? Require(inv, {"note"}, lang) : "";
}

// --version edits an existing draft named by `id_option`.
std::string VersionNeeds(const Invocation& inv, const char* id_option, Lang lang) {
  if (inv.Has("version") && !inv.Has(id_option)) {
    return Sub(msg::kOptionOnlyWith, lang, "version", absl::StrCat("--", id_option));
  }
  return "";
}

std::string CheckServe(const Invocation& inv, Lang lang) {
  constexpr const char* kOne[] = {"person",     "method", "on",     "place",
                                  "admonished", "signed", "refusal"};
  if (inv.args.size() == 2) {
    for (const char* o : kOne) {
      if (inv.Has(o)) return Sub(msg::kOnlyOne, lang, absl::StrCat("FILE.json / --", o));
    }
    return "";
  }
  if (std::string e = Require(inv, {"person", "method", "on"}, lang); !e.empty()) return e;
  if (inv.Has("admonition") && !inv.Flag("admonished")) {
    return Sub(msg::kOptionOnlyWith, lang, "admonition", "--admonished");
  }
  const std::string both = "--signed / --refusal";
  if (inv.Flag("signed") && inv.Has("refusal")) return Sub(msg::kOnlyOne, lang, both);
  if (!inv.Flag("signed") && !inv.Has("refusal")) return Sub(msg::kNeedOne, lang, both);
  return "";
}

std::string CheckCommand(const Invocation& inv, Lang lang) {
  const absl::string_view name = inv.spec->name;
  if (name == "order draft") return VersionNeeds(inv, "order", lang);
  if (name == "order escalation-draft") return VersionNeeds(inv, "escalation", lang);
  if (name == "order unattended-assess") return VersionNeeds(inv, "check", lang);
  if (name == "order approve" || name == "order escalation-approve") return Decision(inv, lang);
  if (name == "order serve") return CheckServe(inv, lang);
  if (name == "order cancel") return Require(inv, {"note"}, lang);
  if (name == "order extend") return Require(inv, {"months", "note"}, lang);
  if (name == "order terminate") return Require(inv, {"reason"}, lang);
  if (name == "order disclose") return Require(inv, {"agency", "person", "purpose"}, lang);
  if (name == "order escalation-disclose") return Require(inv, {"person", "purpose"}, lang);
  if (name == "order session" || name == "order escalation-served") {
    return Require(inv, {"on"}, lang);
  }
  if (name == "order escalation-reply") return Require(inv, {"on", "summary"}, lang);
  if (name == "order court-answer") return Require(inv, {"answer", "on"}, lang);
  if (name == "order escalation-close") return Require(inv, {"outcome"}, lang);
  if (name == "order unattended-handoff") return Require(inv, {"agency"}, lang);
  if (name == "order unattended-answer") {
    if (std::string e = OneOf(inv, "township", "county", lang); !e.empty()) return e;
    return Require(inv, {"answer"}, lang);
  }
  if (name == "order stats") {
    if (std::string e = Require(inv, {"period", "year"}, lang); !e.empty()) return e;
    const auto period =
        ParseEnumArg(gv1::PeriodKind_descriptor(), "PERIOD_KIND_", inv.Get("period"));
    if (period != gv1::PERIOD_KIND_YEAR) return Require(inv, {"index"}, lang);
  }
  return "";
}

}  // namespace

bool IsOrderBoolOption(absl::string_view name) {
  for (const char* o : kBoolOptions) {
    if (name == o) return true;
  }
  return false;
}

const std::vector<const char*>& OrderOptionNames() {
  static const auto* names =
      new std::vector<const char*>(OptionNamesOf({&OrderCommands(), &OrderLaterCommands()}));
  return *names;
}

std::string OrderHelpText(Lang lang) {
  const bool en = lang == Lang::kEn;
  std::string out =
      en ? "shouhu order - guardianship orders (督促监护令)\n" : "shouhu order —— 督促监护令\n";
  absl::StrAppend(&out, CommandsHelp("order ", lang));
  absl::StrAppend(
      &out,
      en ? "\nDates YYYY-MM-DD. Updates of an order, escalation or check read its version\n"
           "unless --version=N. The guardianship service: --guardianship_addr or\n"
           "SHOUHU_GUARDIANSHIP_ADDR (default 127.0.0.1:7104). See docs/cli-guardianship.md.\n"
         : "\n日期格式 YYYY-MM-DD。更新督促监护令、后续措施或评估时，未指定 --version=N "
           "则先读取当前"
           "版本。\n督促监护服务地址：--guardianship_addr 或 SHOUHU_GUARDIANSHIP_ADDR（默认 "
           "127.0.0.1:7104）。\n详见 docs/cli-guardianship.md。\n");
  return out;
}

std::string ValidateOrderInvocation(const Invocation& inv, Lang lang) {
  if (std::string e = CheckValues(inv, lang); !e.empty()) return e;
  return CheckCommand(inv, lang);
}

}  // namespace shouhu::cli
