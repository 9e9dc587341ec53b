#include "cli/args.h"

#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/substitute.h"
#include "absl/time/civil_time.h"
#include "cli/aid_args.h"
#include "cli/aid_catalog.h"
#include "cli/format.h"
#include "cli/order_args.h"
#include "cli/order_catalog.h"
#include "cli/oversight_cli.h"
#include "cli/visit_args.h"
#include "cli/visit_catalog.h"
#include "shouhu/referral/v1/referral.pb.h"

namespace shouhu::cli {
namespace {

namespace rv1 = ::shouhu::referral::v1;
namespace cv1 = ::shouhu::common::v1;

struct OptionDef {
  const char* name;
  bool is_bool;
  bool global;
};

constexpr OptionDef kOptions[] = {
    {"addr", false, true},        {"ca", false, true},
    {"cert", false, true},        {"key", false, true},
    {"server_name", false, true}, {"token_file", false, true},
    {"lang", false, true},        {"json", true, true},
    {"request_id", false, true},  {"timeout_s", false, true},
    {"help", true, true},         {"status", false, false},
    {"kind", false, false},       {"assigned_to", false, false},
    {"person", false, false},     {"overdue", true, false},
    {"page_size", false, false},  {"page_token", false, false},
    {"all", true, false},         {"link_case", false, false},
    {"message", false, false},    {"version", false, false},
    {"note", false, false},       {"unmask", true, false},
    {"purpose", false, false},    {"procuratorate", false, false},
    {"after", false, false},      {"from_referral", false, false},
    {"fields", false, false},     {"name", false, false},
    {"sex", false, false},        {"birth_date", false, false},
    {"phone", false, false},      {"address", false, false},
    {"ethnicity", false, false},  {"aid_addr", false, true},
};

// Integer command options: name and whether zero is allowed.
struct IntOption {
  const char* name;
  bool allow_zero;
};
constexpr IntOption kIntOptions[] = {{"page_size", false}, {"version", true}, {"after", true}};

const OptionDef* FindOption(absl::string_view name) {
  for (const OptionDef& def : kOptions) {
    if (name == def.name) return &def;
  }
  static constexpr OptionDef kGuardianshipAddr{"guardianship_addr", false, true};
  if (name == kGuardianshipAddr.name) return &kGuardianshipAddr;
  static constexpr OptionDef kVisitAddr{"visit_addr", false, true};
  if (name == kVisitAddr.name) return &kVisitAddr;
  static constexpr OptionDef kOversightAddr{"oversight_addr", false, true};
  if (name == kOversightAddr.name) return &kOversightAddr;
  // The aid commands' own options.
  static constexpr OptionDef kAidValue{"", false, false};
  static constexpr OptionDef kAidBool{"", true, false};
  for (const char* option : AidOptionNames()) {
    if (name == option) return IsAidBoolOption(name) ? &kAidBool : &kAidValue;
  }
  for (const char* option : OrderOptionNames()) {
    if (name == option) return IsOrderBoolOption(name) ? &kAidBool : &kAidValue;
  }
  for (const char* option : VisitOptionNames()) {
    if (name == option) return IsVisitBoolOption(name) ? &kAidBool : &kAidValue;
  }
  for (const char* option : OversightOptionNames()) {
    if (name == option) return IsOversightBoolOption(name) ? &kAidBool : &kAidValue;
  }
  return nullptr;
}

std::optional<Lang> ParseLang(absl::string_view text) {
  std::string lower = absl::AsciiStrToLower(text);
  if (absl::StartsWith(lower, "zh")) return Lang::kZh;
  if (absl::StartsWith(lower, "en")) return Lang::kEn;
  return std::nullopt;
}

std::optional<bool> ParseBool(absl::string_view text) {
  std::string lower = absl::AsciiStrToLower(text);
  if (lower == "true" || lower == "1" || lower == "yes") return true;
  if (lower == "false" || lower == "0" || lower == "no") return false;
  return std::nullopt;
}

struct RawOption {
  std::string name;
  std::string value;
};

// Validates enum-valued arguments and options of a command.
// update-person: new values or a referral to take them from, not both.
std::string ValidatePersonUpdate(const Invocation& inv, Lang lang) {
  bool values = false;
  for (const char* option : kPersonValueOptions) values = values || inv.Has(option);
  if (inv.Has("from_referral")) {
    if (values) return msg::kValuesWithReferral(lang);
    for (absl::string_view f : absl::StrSplit(inv.Get("fields"), ',', absl::SkipEmpty())) {
      bool known = false;
      for (const char* option : kPersonValueOptions) known = known || f == option;
      if (!known) return Sub(msg::kBadField, lang, std::string(f));
    }
  } else {
    if (inv.Has("fields")) return msg::kFieldsNeedReferral(lang);
    if (!values) return msg::kUpdateNeedsValues(lang);
  }
  if (inv.Has("birth_date") && !ParseDateArg(inv.Get("birth_date")).has_value()) {
    return Sub(msg::kBadBirthDate, lang, inv.Get("birth_date"));
  }
  return "";
}

std::string ValidateEnums(const Invocation& inv, Lang lang) {
  const std::string name = inv.spec->name;
  if (absl::StartsWith(name, "aid ")) return ValidateAidInvocation(inv, lang);
  if (absl::StartsWith(name, "order ")) return ValidateOrderInvocation(inv, lang);
  if (absl::StartsWith(name, "visit ")) return ValidateVisitInvocation(inv, lang);
  if (absl::StartsWith(name, "oversight ")) return ValidateOversightInvocation(inv, lang);
  struct Check {
    absl::string_view value;
    const google::protobuf::EnumDescriptor* type;
    const char* prefix;
    Text what;
  };
  std::vector<Check> checks;
  auto option = [&](const char* opt, const google::protobuf::EnumDescriptor* type,
                    const char* prefix, Text what) {
    auto it = inv.options.find(opt);
    if (it != inv.options.end()) checks.push_back({it->second, type, prefix, what});
  };
  if (name == "stats") {
    if (std::string e = Require(inv, {"period", "year"}, lang); !e.empty()) return e;
    option("period", rv1::StatisticsPeriod_descriptor(), "STATISTICS_PERIOD_", msg::kWhatPeriod);
    option("grouping", rv1::StatisticsGrouping_descriptor(), "STATISTICS_GROUPING_",
           msg::kWhatGrouping);
  } else if (name == "list") {
    option("status", rv1::ReferralStatus_descriptor(), "REFERRAL_STATUS_", msg::kWhatStatus);
    option("kind", rv1::ReferralKind_descriptor(), "REFERRAL_KIND_", msg::kWhatKind);
  } else if (name == "cases") {
    option("status", rv1::CaseStatus_descriptor(), "CASE_STATUS_", msg::kWhatStatus);
    option("kind", rv1::ReferralKind_descriptor(), "REFERRAL_KIND_", msg::kWhatKind);
  } else if (name == "decline") {
    checks.push_back(
        {inv.args[1], rv1::DeclineReason_descriptor(), "DECLINE_REASON_", msg::kWhatDeclineReason});
  } else if (name == "close-case") {
    checks.push_back(
        {inv.args[1], rv1::CloseReason_descriptor(), "CLOSE_REASON_", msg::kWhatCloseReason});
  } else if (name == "admin agency") {
    checks.push_back(
        {inv.args[2], rv1::AgencyType_descriptor(), "AGENCY_TYPE_", msg::kWhatAgencyType});
  } else if (name == "update-person") {
    if (std::string error = ValidatePersonUpdate(inv, lang); !error.empty()) return error;
    option("sex", cv1::Sex_descriptor(), "SEX_", msg::kWhatSex);
  } else if (name == "resolve-duplicate") {
    std::string decision = absl::AsciiStrToLower(inv.args[1]);
    if (decision != "same" && decision != "different") {
      return Sub(msg::kBadEnum, lang, msg::kWhatDecision(lang), inv.args[1], "same, different");
    }
  }
  for (const Check& check : checks) {
    if (!ParseEnumArg(check.type, check.prefix, check.value).has_value()) {
      return Sub(msg::kBadEnum, lang, check.what(lang), check.value,
                 EnumChoices(check.type, check.prefix));
    }
  }
  return "";
}

}  // namespace

const CommandSpec* FindCommand(absl::string_view name) {
  for (const CommandSpec& spec : AllCommands()) {
    if (name == spec.name) return &spec;
  }
  return nullptr;
}

bool Invocation::Has(absl::string_view option) const {
  return options.find(std::string(option)) != options.end();
}

std::string Invocation::Get(absl::string_view option, absl::string_view fallback) const {
  auto it = options.find(std::string(option));
  return it == options.end() ? std::string(fallback) : it->second;
}

bool Invocation::Flag(absl::string_view option) const { return Get(option) == "true"; }

int64_t Invocation::Int(absl::string_view option, int64_t fallback) const {
  int64_t value = 0;
  if (!Has(option) || !absl::SimpleAtoi(Get(option), &value)) return fallback;
  return value;
}

EnvLookup ProcessEnv() {
  return [](const char* name) -> std::optional<std::string> {
    const char* value = std::getenv(name);
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

std::optional<int> ParseEnumArg(const google::protobuf::EnumDescriptor* type,
                                absl::string_view prefix, absl::string_view text) {
  std::string wanted = absl::AsciiStrToUpper(absl::StrReplaceAll(text, {{"-", "_"}}));
  for (int i = 0; i < type->value_count(); ++i) {
    const google::protobuf::EnumValueDescriptor* value = type->value(i);
    if (value->number() == 0) continue;
    absl::string_view name = value->name();
    absl::string_view short_name = name;
    absl::ConsumePrefix(&short_name, prefix);
    if (wanted == name || wanted == short_name) return value->number();
    std::optional<Text> names = EnumText(value);
    if (names.has_value() && (text == names->zh || text == names->en)) return value->number();
  }
  return std::nullopt;
}

std::string EnumChoices(const google::protobuf::EnumDescriptor* type, absl::string_view prefix) {
  std::vector<std::string> names;
  for (int i = 0; i < type->value_count(); ++i) {
    const google::protobuf::EnumValueDescriptor* value = type->value(i);
    if (value->number() == 0) continue;
    absl::string_view name = value->name();
    absl::ConsumePrefix(&name, prefix);
    names.emplace_back(name);
  }
  return absl::StrJoin(names, ", ");
}

bool IsValidRequestId(absl::string_view id) {
  if (id.size() < 8 || id.size() > 64) return false;
  for (char c : id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') {
      return false;
    }
  }
  return true;
}

ParseResult ParseArgs(const std::vector<std::string>& args, const EnvLookup& env) {
  ParseResult result;
  Invocation& inv = result.invocation;
  GlobalOptions& g = inv.global;

  // Split options from positional arguments first, so that --lang is known before any
  // message is produced.
  std::vector<RawOption> raw;
  std::vector<std::string> positional;
  std::string early_error;
  auto set_error = [&](std::string error) {
    if (early_error.empty()) early_error = std::move(error);
  };
  // Errors are produced in the language known so far and re-rendered below.
  std::vector<std::pair<Text, std::vector<std::string>>> pending;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      positional.insert(positional.end(), args.begin() + i + 1, args.end());
      break;
    }
    if (arg == "-h") {
      raw.push_back({"help", "true"});
      continue;
    }
    if (!absl::StartsWith(arg, "--")) {
      positional.push_back(arg);
      continue;
    }
    absl::string_view body = absl::string_view(arg).substr(2);
    std::string name, value;
    bool has_value = false;
    size_t eq = body.find('=');
    if (eq != absl::string_view::npos) {
      name = std::string(body.substr(0, eq));
      value = std::string(body.substr(eq + 1));
      has_value = true;
    } else {
      name = std::string(body);
    }
    const OptionDef* def = FindOption(name);
    if (def == nullptr) {
      pending.push_back({msg::kUnknownOption, {arg}});
      continue;
    }
    if (def->is_bool) {
      if (!has_value) value = "true";
      std::optional<bool> b = ParseBool(value);
      if (!b.has_value()) {
        pending.push_back({msg::kBadBool, {name, value}});
        continue;
      }
      value = *b ? "true" : "false";
    } else if (!has_value) {
      if (i + 1 >= args.size()) {
        pending.push_back({msg::kMissingValue, {name}});
        continue;
      }
      value = args[++i];
    }
    raw.push_back({name, value});
  }

  // Environment first, flags override.
  struct EnvBinding {
    const char* var;
    std::string* target;
  };
  const EnvBinding bindings[] = {
      {"SHOUHU_ADDR", &g.addr},
      {"SHOUHU_AID_ADDR", &g.aid_addr},
      {"SHOUHU_GUARDIANSHIP_ADDR", &g.guardianship_addr},
      {"SHOUHU_VISIT_ADDR", &g.visit_addr},
      {"SHOUHU_OVERSIGHT_ADDR", &g.oversight_addr},
      {"SHOUHU_CA", &g.ca},
      {"SHOUHU_CERT", &g.cert},
      {"SHOUHU_KEY", &g.key},
      {"SHOUHU_TOKEN_FILE", &g.token_file},
      {"SHOUHU_SERVER_NAME", &g.server_name},
  };
  for (const EnvBinding& b : bindings) {
    std::optional<std::string> v = env(b.var);
    if (v.has_value() && !v->empty()) *b.target = *v;
  }
  std::string bad_lang;
  if (std::optional<std::string> v = env("SHOUHU_LANG"); v.has_value() && !v->empty()) {
    std::optional<Lang> lang = ParseLang(*v);
    if (lang.has_value()) {
      g.lang = *lang;
    } else {
      bad_lang = *v;
    }
  }
  for (const RawOption& o : raw) {
    if (o.name == "lang") {
      std::optional<Lang> lang = ParseLang(o.value);
      if (lang.has_value()) {
        g.lang = *lang;
        bad_lang.clear();
      } else {
        bad_lang = o.value;
      }
    }
  }
  const Lang lang = g.lang;
  if (!bad_lang.empty()) set_error(Sub(msg::kBadLang, lang, bad_lang));
  for (const auto& [text, params] : pending) {
    set_error(
        Sub(text, lang, params.size() > 0 ? params[0] : "", params.size() > 1 ? params[1] : ""));
  }

  for (const RawOption& o : raw) {
    const OptionDef* def = FindOption(o.name);
    if (!def->global) {
      inv.options[o.name] = o.value;
      continue;
    }
    if (o.name == "addr") {
      g.addr = o.value;
    } else if (o.name == "aid_addr") {
      g.aid_addr = o.value;
    } else if (o.name == "guardianship_addr") {
      g.guardianship_addr = o.value;
    } else if (o.name == "visit_addr") {
      g.visit_addr = o.value;
    } else if (o.name == "oversight_addr") {
      g.oversight_addr = o.value;
    } else if (o.name == "ca") {
      g.ca = o.value;
    } else if (o.name == "cert") {
      g.cert = o.value;
    } else if (o.name == "key") {
      g.key = o.value;
    } else if (o.name == "server_name") {
      g.server_name = o.value;
    } else if (o.name == "token_file") {
      g.token_file = o.value;
    } else if (o.name == "json") {
      g.json = o.value == "true";
    } else if (o.name == "help") {
      if (o.value == "true") inv.help = true;
    } else if (o.name == "request_id") {
      g.request_id = o.value;
      if (!IsValidRequestId(o.value)) set_error(msg::kBadRequestId(lang));
    } else if (o.name == "timeout_s") {
      int timeout = 0;
      if (!absl::SimpleAtoi(o.value, &timeout) || timeout <= 0) {
        set_error(Sub(msg::kBadPositive, lang, o.name, o.value));
      } else {
        g.timeout_s = timeout;
        g.timeout_given = true;
      }
    }
  }
  if (g.cert.empty() != g.key.empty()) set_error(msg::kCertKeyPair(lang));

  // The command.
  size_t next = 0;
  if (!positional.empty()) {
    std::string name = positional[0];
    next = 1;
    if (name == "aid") {
      if (positional.size() < 2) {
        // "shouhu aid": the aid commands' help.
        inv.help = true;
        inv.help_topic = "aid";
        next = 1;
      } else {
        name = absl::StrCat("aid ", positional[1]);
        next = 2;
        if (FindCommand(name) == nullptr) {
          set_error(Sub(msg::kUnknownAidCommand, lang, positional[1]));
        }
      }
    } else if (name == "order") {
      if (positional.size() < 2) {
        // "shouhu order": the order commands' help.
        inv.help = true;
        inv.help_topic = "order";
      } else {
        name = absl::StrCat("order ", positional[1]);
        next = 2;
        if (FindCommand(name) == nullptr) {
          set_error(Sub(msg::kUnknownOrderCommand, lang, positional[1]));
        }
      }
    } else if (name == "visit") {
      if (positional.size() < 2) {
        // "shouhu visit": the visit commands' help.
        inv.help = true;
        inv.help_topic = "visit";
      } else {
        name = absl::StrCat("visit ", positional[1]);
        next = 2;
        if (FindCommand(name) == nullptr) {
          set_error(Sub(msg::kUnknownVisitCommand, lang, positional[1]));
        }
      }
    } else if (name == "oversight") {
      if (positional.size() < 2) {
        // "shouhu oversight": the oversight commands' help.
        inv.help = true;
        inv.help_topic = "oversight";
      } else {
        name = absl::StrCat("oversight ", positional[1]);
        next = 2;
        if (FindCommand(name) == nullptr) set_error(Sub(msg::kUnknownCommand, lang, name));
      }
    } else if (name == "admin") {
      if (positional.size() < 2) {
        set_error(Sub(msg::kUnknownAdminCommand, lang, ""));
      } else {
        name = absl::StrCat("admin ", positional[1]);
        next = 2;
        if (FindCommand(name) == nullptr) {
          set_error(Sub(msg::kUnknownAdminCommand, lang, positional[1]));
        }
      }
    }
    if (early_error.empty() && inv.help_topic != "aid" && inv.help_topic != "order" &&
        inv.help_topic != "visit" && inv.help_topic != "oversight") {
      inv.spec = FindCommand(name);
      if (inv.spec == nullptr) set_error(Sub(msg::kUnknownCommand, lang, name));
    }
  }
  if (inv.spec != nullptr && std::string(inv.spec->name) == "help") {
    inv.help = true;
    inv.help_topic = absl::StrJoin(positional.begin() + next, positional.end(), " ");
    inv.spec = nullptr;
    next = positional.size();
  }
  if (inv.help) {
    // "shouhu list --help": explain that command.
    if (inv.spec != nullptr && inv.help_topic.empty()) inv.help_topic = inv.spec->name;
    inv.spec = nullptr;
    result.error = early_error;
    return result;
  }
  if (!early_error.empty()) {
    result.error = early_error;
    return result;
  }
  if (inv.spec == nullptr) {
    result.error = msg::kNoCommand(lang);
    return result;
  }
  result.error_spec = inv.spec;
  inv.args.assign(positional.begin() + next, positional.end());

  // Options must belong to the command.
  for (const auto& [name, value] : inv.options) {
    bool allowed = false;
    for (const char* o : inv.spec->options) allowed = allowed || name == o;
    if (!allowed) {
      result.error = Sub(msg::kOptionNotForCommand, lang, name, inv.spec->name);
      return result;
    }
  }
  const int n = static_cast<int>(inv.args.size());
  if (n < inv.spec->min_args) {
    result.error = msg::kTooFewArgs(lang);
    return result;
  }
  if (n > inv.spec->max_args) {
    result.error = msg::kTooManyArgs(lang);
    return result;
  }
  for (const std::string& a : inv.args) {
    if (absl::StripAsciiWhitespace(a).empty()) {
      result.error = msg::kEmptyArg(lang);
      return result;
    }
  }
  for (const IntOption& io : kIntOptions) {
    if (!inv.Has(io.name)) continue;
    int64_t v = 0;
    std::string text = inv.Get(io.name);
    if (!absl::SimpleAtoi(text, &v) || v < 0 || (!io.allow_zero && v == 0)) {
      result.error = Sub(io.allow_zero ? msg::kBadNumber : msg::kBadPositive, lang, io.name, text);
      return result;
    }
  }
  for (const auto& [name, value] : inv.options) {
    const OptionDef* def = FindOption(name);
    if (!def->is_bool && value.empty()) {
      result.error = Sub(msg::kMissingValue, lang, name);
      return result;
    }
  }
  // The aid and order commands take --purpose for their own reasons (disclosures).
  const bool aid =
      absl::StartsWith(inv.spec->name, "aid ") || absl::StartsWith(inv.spec->name, "order ");
  if (inv.Flag("unmask") && !inv.Has("purpose")) {
    result.error = msg::kUnmaskNeedsPurpose(lang);
    return result;
  }
  if (!aid && inv.Has("purpose") && !inv.Flag("unmask")) {
    result.error = msg::kPurposeNeedsUnmask(lang);
    return result;
  }
  result.error = ValidateEnums(inv, lang);
  return result;
}

std::vector<std::string> SplitListArg(absl::string_view text) {
  const std::string list = absl::StrReplaceAll(text, {{"，", ","}, {"、", ","}});
  std::vector<std::string> out;
  for (absl::string_view item : absl::StrSplit(list, ',', absl::SkipWhitespace())) {
    out.emplace_back(absl::StripAsciiWhitespace(item));
  }
  return out;
}

std::optional<shouhu::common::v1::Date> ParseDateArg(absl::string_view text) {
  std::vector<absl::string_view> parts = absl::StrSplit(text, '-');
  int y = 0, m = 0, d = 0;
  if (parts.size() != 3 || parts[0].size() != 4 || !absl::SimpleAtoi(parts[0], &y) ||
      !absl::SimpleAtoi(parts[1], &m) || !absl::SimpleAtoi(parts[2], &d)) {
    return std::nullopt;
  }
  const absl::CivilDay day(y, m, d);
  if (day.year() != y || day.month() != m || day.day() != d) return std::nullopt;
  shouhu::common::v1::Date out;
  out.set_year(y);
  out.set_month(m);
  out.set_day(d);
  return out;
}

std::string Sub(const Text& text, Lang lang, absl::string_view a0, absl::string_view a1,
                absl::string_view a2) {
  return absl::Substitute(text(lang), a0, a1, a2);
}

std::string Require(const Invocation& inv, std::initializer_list<const char*> names, Lang lang) {
  for (const char* name : names) {
    if (!inv.Has(name)) return Sub(msg::kNeedOption, lang, name);
  }
  return "";
}

std::string OneOf(const Invocation& inv, const char* a, const char* b, Lang lang) {
  const std::string both = absl::StrCat("--", a, " / --", b);
  if (inv.Flag(a) && inv.Flag(b)) return Sub(msg::kOnlyOne, lang, both);
  if (!inv.Flag(a) && !inv.Flag(b)) return Sub(msg::kNeedOne, lang, both);
  return "";
}

}  // namespace shouhu::cli
