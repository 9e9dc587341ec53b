// Validation of the `shouhu visit` commands' arguments: everything the client can check
// before calling (exit code 2, nothing sent).
#include "cli/visit_args.h"

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "cli/visit_catalog.h"
#include "shouhu/aid/v1/aid.pb.h"
#include "shouhu/visit/v1/visit.pb.h"

namespace shouhu::cli {
namespace {

namespace vv1 = ::shouhu::visit::v1;
namespace gpb = ::google::protobuf;

constexpr const char* kBoolOptions[] = {"missed", "unresolved", "active", "concern"};
constexpr const char* kDateOptions[] = {"on", "from", "to"};
constexpr const char* kRatingOptions[] = {"mood", "physical", "living", "family"};
struct IntOption {
  const char* name;
  bool allow_zero;
  int64_t max;
};
constexpr IntOption kIntOptions[] = {
    {"horizon", true, 60}, {"slot", false, 400}, {"grace", true, 30},  {"amend_window", false, 365},
    {"year", false, 9999}, {"first", false, 12}, {"count", false, 24}, {"every", false, 30},
};

struct EnumCheck {
  const char* command;
  const char* option;  // An option, or "#1" for the second argument.
  const gpb::EnumDescriptor* type;
  const char* prefix;
  Text what;
};

const std::vector<EnumCheck>& EnumChecks() {
  static const auto* checks = new std::vector<EnumCheck>{
      {"visit plans", "status", vv1::PlanStatus_descriptor(), "PLAN_STATUS_", msg::kWhatPlanStatus},
      {"visit plan-create", "anchor", vv1::AnchorKind_descriptor(), "ANCHOR_KIND_",
       msg::kWhatAnchor},
      {"visit record", "kind", vv1::VisitKind_descriptor(), "VISIT_KIND_", msg::kWhatVisitKind},
      {"visit needs", "status", vv1::NeedStatus_descriptor(), "NEED_STATUS_", msg::kWhatNeedStatus},
      {"visit resolve", "#1", vv1::ConflictResolution_descriptor(), "CONFLICT_RESOLUTION_",
       msg::kWhatConflictResolution},
      {"visit stats", "period", vv1::StatisticsPeriod_descriptor(), "STATISTICS_PERIOD_",
       msg::kWhatPeriod},
      {"visit stats", "grouping", vv1::StatisticsGrouping_descriptor(), "STATISTICS_GROUPING_",
       msg::kWhatGrouping},
      {"visit report", "contact", vv1::VisitKind_descriptor(), "VISIT_KIND_", msg::kWhatVisitKind},
  };
  return *checks;
}

std::string CheckValues(const Invocation& inv, Lang lang) {
  for (const EnumCheck& check : EnumChecks()) {
    if (absl::string_view(check.command) != inv.spec->name) continue;
    const bool arg = absl::string_view(check.option) == "#1";
    if (arg ? inv.args.size() < 2 : !inv.Has(check.option)) continue;
    const std::string value = arg ? inv.args[1] : inv.Get(check.option);
    if (!ParseEnumArg(check.type, check.prefix, value).has_value()) {
      return Sub(msg::kBadEnum, lang, check.what(lang), value,
                 EnumChoices(check.type, check.prefix));
    }
  }
  for (const char* name : kRatingOptions) {
    if (inv.Has(name) && !ParseRatingArg(inv.Get(name)).has_value()) {
      return Sub(msg::kBadEnum, lang, msg::kWhatRating(lang), inv.Get(name),
                 absl::StrCat("1-5, ", EnumChoices(vv1::Rating_descriptor(), "RATING_")));
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
    if (!absl::SimpleAtoi(text, &v) || v < 0 || v > io.max || (!io.allow_zero && v == 0)) {
      return Sub(io.allow_zero ? msg::kBadNumber : msg::kBadPositive, lang, io.name, text);
    }
  }
  return "";
}

// Two options that go together.
std::string Both(const Invocation& inv, const char* a, const char* b, Lang lang) {
  if (inv.Has(a) && !inv.Has(b)) return Sub(msg::kOptionOnlyWith, lang, a, absl::StrCat("--", b));
  if (inv.Has(b) && !inv.Has(a)) return Sub(msg::kOptionOnlyWith, lang, b, absl::StrCat("--", a));
  return "";
}

std::string CheckCommand(const Invocation& inv, Lang lang) {
  const absl::string_view name = inv.spec->name;
  const bool file = !inv.args.empty();
  if (name == "visit plan-create") {
    if (inv.args.size() == 2) return "";
    return Require(inv, {"anchor", "on"}, lang);
  }
  if (name == "visit waive") return Require(inv, {"slot", "reason"}, lang);
  if (name == "visit plan-cancel" || name == "visit need-withdraw" ||
      name == "visit volunteer-end") {
    return Require(inv, {"reason"}, lang);
  }
  if (name == "visit record") {
    if (std::string e = Both(inv, "plan", "slot", lang); !e.empty()) return e;
    return file ? "" : Require(inv, {"case"}, lang);
  }
  if (name == "visit volunteer-assign") return Require(inv, {"person", "alias", "from"}, lang);
  if (name == "visit report") {
    if (file) {
      for (const char* o :
           {"assignment", "contact", "text", "mood", "physical", "living", "family", "concern"}) {
        if (inv.Has(o)) return Sub(msg::kOnlyOne, lang, absl::StrCat("FILE.json / --", o));
      }
      return "";
    }
    return Require(inv, {"assignment", "contact", "text"}, lang);
  }
  if (name == "visit stats") return Require(inv, {"period", "year"}, lang);
  return "";
}

}  // namespace

std::optional<int> ParseRatingArg(absl::string_view text) {
  const std::string t(absl::StripAsciiWhitespace(text));
  int n = 0;
  if (absl::SimpleAtoi(t, &n)) {
    if (n >= 1 && n <= 5) return n;
    return std::nullopt;
  }
  return ParseEnumArg(vv1::Rating_descriptor(), "RATING_", t);
}

bool IsVisitBoolOption(absl::string_view name) {
  for (const char* o : kBoolOptions) {
    if (name == o) return true;
  }
  return false;
}

const std::vector<const char*>& VisitOptionNames() {
  static const auto* names = new std::vector<const char*>(OptionNamesOf({&VisitCommands()}));
  return *names;
}

std::string VisitHelpText(Lang lang) {
  const bool en = lang == Lang::kEn;
  std::string out =
      en ? "shouhu visit - follow-up visits (跟踪回访)\n" : "shouhu visit —— 跟踪回访\n";
  absl::StrAppend(&out, CommandsHelp("visit ", lang));
  absl::StrAppend(
      &out, en ? "\nDates YYYY-MM-DD. Ratings 1-5 (1 good, 2 fair, 3 concern, 4 serious, 5 not\n"
                 "assessed) or their names. Updates read the record's version unless --version=N.\n"
                 "The visit service: --visit_addr or SHOUHU_VISIT_ADDR (default 127.0.0.1:7103).\n"
                 "See docs/cli-visit.md.\n"
               : "\n日期格式 YYYY-MM-DD。评估等级可输入 1-5（1 良好、2 一般、3 需关注、4 严重、5 "
                 "未评估）或名称。\n更新记录时，未指定 --version=N 则先读取当前版本。\n"
                 "回访服务地址：--visit_addr 或 SHOUHU_VISIT_ADDR（默认 127.0.0.1:7103）。\n"
                 "详见 docs/cli-visit.md。\n");
  return out;
}

std::string ValidateVisitInvocation(const Invocation& inv, Lang lang) {
  if (std::string e = CheckValues(inv, lang); !e.empty()) return e;
  return CheckCommand(inv, lang);
}

}  // namespace shouhu::cli
