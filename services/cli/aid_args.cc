// Validation of the `shouhu aid` commands' arguments: everything the client can check
// before calling (exit code 2, nothing sent).
#include "cli/aid_args.h"

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/substitute.h"
#include "cli/aid_catalog.h"
#include "cli/args.h"
#include "cli/money.h"
#include "shouhu/aid/v1/aid.pb.h"

namespace shouhu::cli {
namespace {

namespace pb = ::shouhu::aid::v1;
namespace gpb = ::google::protobuf;

constexpr const char* kBoolOptions[] = {"grant",  "refuse",  "agree",       "return", "unpaid_due",
                                        "cancel", "granted", "case_closed", "history"};
constexpr const char* kMoneyOptions[] = {"minor_costs",         "ceiling",      "amount", "wage",
                                         "committee_threshold", "emergency_cap"};
constexpr const char* kDateOptions[] = {"decided_on", "on", "from", "to", "due", "start"};
// Integer options: name and whether zero is allowed.
struct IntOption {
  const char* name;
  bool allow_zero;
};
constexpr IntOption kIntOptions[] = {
    {"months", false},      {"year", false},           {"number", true},
    {"sessions", true},     {"cap_months", false},     {"decision_days", false},
    {"notify_days", false}, {"paperwork_days", false}, {"reply_days", false},
};

struct EnumCheck {
  const char* command;  // "aid list"
  const char* option;   // option name, or "#1" for the second positional argument
  const gpb::EnumDescriptor* type;
  const char* prefix;
  Text what;
  bool list;  // comma-separated values
};

const std::vector<EnumCheck>& EnumChecks() {
  static const auto* checks = new std::vector<EnumCheck>{
      {"aid register", "channel", pb::ApplicationChannel_descriptor(), "APPLICATION_CHANNEL_",
       msg::kWhatChannel, false},
      {"aid list", "status", pb::ApplicationStatus_descriptor(), "APPLICATION_STATUS_",
       msg::kWhatAidStatus, false},
      {"aid list", "channel", pb::ApplicationChannel_descriptor(), "APPLICATION_CHANNEL_",
       msg::kWhatChannel, false},
      {"aid propose", "exclusion", pb::ExclusionReason_descriptor(), "EXCLUSION_REASON_",
       msg::kWhatExclusion, true},
      {"aid request-materials", "materials", pb::MaterialKind_descriptor(), "MATERIAL_KIND_",
       msg::kWhatMaterial, true},
      {"aid materials-received", "materials", pb::MaterialKind_descriptor(), "MATERIAL_KIND_",
       msg::kWhatMaterial, true},
      {"aid notice", "method", pb::NotificationMethod_descriptor(), "NOTIFICATION_METHOD_",
       msg::kWhatMethod, false},
      {"aid notified", "method", pb::NotificationMethod_descriptor(), "NOTIFICATION_METHOD_",
       msg::kWhatMethod, false},
      {"aid prior-aid", "organ", pb::PriorAid::Organ_descriptor(), "ORGAN_", msg::kWhatOrgan,
       false},
      {"aid fund-allocate", "pot", pb::FundPot_descriptor(), "FUND_POT_", msg::kWhatPot, false},
      {"aid fund-entries", "pot", pb::FundPot_descriptor(), "FUND_POT_", msg::kWhatPot, false},
      {"aid recovery-open", "kind", pb::RecoveryKind_descriptor(), "RECOVERY_KIND_",
       msg::kWhatRecoveryKind, false},
      {"aid recovery-open", "destination", pb::RecoveryDestination_descriptor(),
       "RECOVERY_DESTINATION_", msg::kWhatDestination, false},
      {"aid recoveries", "status", pb::RecoveryStatus_descriptor(), "RECOVERY_STATUS_",
       msg::kWhatAidStatus, false},
      {"aid reconciliation-issues", "state",
       pb::ListReconciliationIssuesRequest::State_descriptor(), "STATE_", msg::kWhatIssueState,
       false},
      {"aid reconciliation-resolve", "resolution", pb::ReconciliationIssue::Resolution_descriptor(),
       "RESOLUTION_", msg::kWhatResolution, false},
      {"aid suggest", "measure", pb::MeasureKind_descriptor(), "MEASURE_KIND_", msg::kWhatMeasure,
       false},
      {"aid suggestion-outcome", "#1", pb::SuggestionStatus_descriptor(), "SUGGESTION_STATUS_",
       msg::kWhatAidStatus, false},
      {"aid suggestions", "status", pb::SuggestionStatus_descriptor(), "SUGGESTION_STATUS_",
       msg::kWhatAidStatus, false},
      {"aid addressed", "status", pb::SuggestionStatus_descriptor(), "SUGGESTION_STATUS_",
       msg::kWhatAidStatus, false},
      {"aid stats", "period", pb::StatsPeriod_descriptor(), "STATS_PERIOD_", msg::kWhatPeriod,
       false},
      {"aid stats", "group_by", pb::StatsGroupBy_descriptor(), "STATS_GROUP_BY_", msg::kWhatGroupBy,
       false},
  };
  return *checks;
}

std::string CheckEnums(const Invocation& inv, Lang lang) {
  for (const EnumCheck& check : EnumChecks()) {
    if (absl::string_view(check.command) != inv.spec->name) continue;
    std::string value;
    if (absl::string_view(check.option) == "#1") {
      value = inv.args[1];
    } else if (inv.Has(check.option)) {
      value = inv.Get(check.option);
    } else {
      continue;
    }
    std::vector<std::string> values;
    if (check.list) {
      values = SplitListArg(value);
    } else {
      values.push_back(value);
    }
    for (const std::string& v : values) {
      if (!ParseEnumArg(check.type, check.prefix, v).has_value()) {
        return Sub(msg::kBadEnum, lang, check.what(lang), v, EnumChoices(check.type, check.prefix));
      }
    }
  }
  return "";
}

std::string CheckValues(const Invocation& inv, Lang lang) {
  for (const char* name : kMoneyOptions) {
    if (!inv.Has(name)) continue;
    int64_t fen = 0;
    switch (ParseYuan(inv.Get(name), &fen)) {
      case YuanError::kNone:
        break;
      case YuanError::kTooPrecise:
        return Sub(msg::kMoneyTooPrecise, lang, name, inv.Get(name));
      case YuanError::kSyntax:
        return Sub(msg::kBadMoney, lang, name, inv.Get(name));
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

// A positional argument that must be a positive integer.
std::string CheckPositiveArg(const std::string& text, const Text& what, Lang lang) {
  int v = 0;
  if (!absl::SimpleAtoi(text, &v) || v <= 0) return Sub(msg::kBadArgNumber, lang, what(lang), text);
  return "";
}

std::string CheckCommand(const Invocation& inv, Lang lang) {
  const absl::string_view name = inv.spec->name;
  if (name == "aid compute") return Require(inv, {"months"}, lang);
  if (name == "aid propose") {
    if (std::string e = OneOf(inv, "grant", "refuse", lang); !e.empty()) return e;
    if (inv.Flag("grant")) {
      if (inv.Has("exclusion")) return Sub(msg::kOptionOnlyWith, lang, "exclusion", "--refuse");
      return Require(inv, {"months", "opinion"}, lang);
    }
    for (const char* o : {"months", "minor_costs", "ceiling", "justification"}) {
      if (inv.Has(o)) return Sub(msg::kOptionOnlyWith, lang, o, "--grant");
    }
    return Require(inv, {"exclusion", "opinion"}, lang);
  }
  if (name == "aid review" || name == "aid decide" || name == "aid committee" ||
      name == "aid higher-approval") {
    if (std::string e = OneOf(inv, "agree", "return", lang); !e.empty()) return e;
    if (inv.Flag("return")) {
      if (std::string e = Require(inv, {"opinion"}, lang); !e.empty()) return e;
    }
    if (inv.Has("amount_reason") && !inv.Has("months")) {
      return Sub(msg::kOptionOnlyWith, lang, "amount_reason", "--months");
    }
    if (inv.Has("months") && !inv.Has("amount_reason"))
      return Sub(msg::kNeedOption, lang, "amount_reason");
    if (name == "aid committee") return Require(inv, {"document", "decided_on"}, lang);
    if (name == "aid higher-approval")
      return Require(inv, {"body", "document", "decided_on"}, lang);
    return "";
  }
  if (name == "aid emergency") return Require(inv, {"amount", "reason"}, lang);
  if (name == "aid request-materials" || name == "aid materials-received") {
    return Require(inv, {"materials"}, lang);
  }
  if (name == "aid revoke" || name == "aid close-unpaid") return Require(inv, {"reason"}, lang);
  if (name == "aid notice" || name == "aid notified") return Require(inv, {"method"}, lang);
  if (name == "aid prior-aid") return Require(inv, {"organ", "organ_name", "on", "amount"}, lang);
  if (name == "aid pay") {
    if (std::string e = CheckPositiveArg(inv.args[1], msg::kWhatInstalment, lang); !e.empty()) {
      return e;
    }
    return Require(inv, {"amount", "voucher", "bank_ref"}, lang);
  }
  if (name == "aid receipt") {
    if (!inv.Has("version")) return Sub(msg::kVersionRequired, lang, "aid disbursement");
    return Require(inv, {"receipt"}, lang);
  }
  if (name == "aid payment-failed") {
    if (!inv.Has("version")) return Sub(msg::kVersionRequired, lang, "aid disbursement");
    return Require(inv, {"reason"}, lang);
  }
  if (name == "aid amend") return Require(inv, {"reason"}, lang);
  if (name == "aid withdrawal") return Require(inv, {"amount", "purpose"}, lang);
  if (name == "aid fund-allocate") return Require(inv, {"pot", "amount", "source"}, lang);
  if (name == "aid statement-import") return Require(inv, {"account", "from", "to"}, lang);
  if (name == "aid recovery-open")
    return Require(inv, {"kind", "debtor", "reason", "amount"}, lang);
  if (name == "aid reconciliation-resolve") {
    if (!inv.Has("version")) return Sub(msg::kVersionRequired, lang, "aid reconciliation-issues");
    return Require(inv, {"resolution", "note"}, lang);
  }
  if (name == "aid recovery-receipt" || name == "aid recovery-close") {
    if (!inv.Has("version")) return Sub(msg::kVersionRequired, lang, "aid recoveries");
    return Require(inv,
                   name == "aid recovery-close"
                       ? std::initializer_list<const char*>{"reason"}
                       : std::initializer_list<const char*>{"amount", "voucher"},
                   lang);
  }
  if (name == "aid suggest") {
    if (inv.Has("draft")) {
      if (!inv.args.empty()) return msg::kTooManyArgs(lang);
      if (!inv.Has("version")) return Sub(msg::kVersionRequired, lang, "aid suggestions");
      return Require(inv, {"agency"}, lang);
    }
    if (inv.args.empty()) return msg::kTooFewArgs(lang);
    if (inv.Has("version")) return Sub(msg::kOptionOnlyWith, lang, "version", "--draft");
    return Require(inv, {"agency", "measure", "content"}, lang);
  }
  if (name == "aid stats") {
    if (std::string e = Require(inv, {"period", "year"}, lang); !e.empty()) return e;
    const bool whole_year = ParseEnumArg(pb::StatsPeriod_descriptor(), "STATS_PERIOD_",
                                         inv.Get("period")) == pb::STATS_PERIOD_YEAR;
    if (!whole_year) return Require(inv, {"number"}, lang);
    return "";
  }
  if (name == "aid wage-set") {
    if (std::string e = CheckPositiveArg(inv.args[1], msg::kWhatYear, lang); !e.empty()) return e;
    return Require(inv, {"wage", "source"}, lang);
  }
  return "";
}

}  // namespace

bool IsAidBoolOption(absl::string_view name) {
  for (const char* b : kBoolOptions) {
    if (name == b) return true;
  }
  return false;
}

const std::vector<const char*>& AidOptionNames() {
  static const auto* names = new std::vector<const char*>(OptionNamesOf({&AidCommands()}));
  return *names;
}

std::string AidHelpText(Lang lang) {
  const bool en = lang == Lang::kEn;
  std::string out = en ? "shouhu aid - state judicial aid\n" : "shouhu aid —— 国家司法救助\n";
  absl::StrAppend(&out, CommandsHelp("aid ", lang));
  absl::StrAppend(
      &out, en ? "\nMoney in yuan with at most two decimals (1234.50); dates YYYY-MM-DD.\n"
                 "Updates of an application or disbursement read its version unless --version=N.\n"
                 "The aid service: --aid_addr or SHOUHU_AID_ADDR (default 127.0.0.1:7102).\n"
                 "See docs/cli-aid.md.\n"
               : "\n金额以元为单位，最多两位小数（如 1234.50）；日期格式 YYYY-MM-DD。\n"
                 "更新申请或发放计划时，未指定 --version=N 则先读取当前版本。\n"
                 "司法救助服务地址：--aid_addr 或 SHOUHU_AID_ADDR（默认 127.0.0.1:7102）。\n"
                 "详见 docs/cli-aid.md。\n");
  return out;
}

std::string ValidateAidInvocation(const Invocation& inv, Lang lang) {
  if (std::string e = CheckValues(inv, lang); !e.empty()) return e;
  if (std::string e = CheckEnums(inv, lang); !e.empty()) return e;
  return CheckCommand(inv, lang);
}

}  // namespace shouhu::cli
