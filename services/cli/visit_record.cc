// `shouhu visit record` without a file: the questions a caseworker answers after a visit,
// in the chosen language, each with a default taken on Enter.
#include <istream>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/substitute.h"
#include "cli/args.h"
#include "cli/format.h"
#include "cli/money.h"
#include "cli/runner_impl.h"
#include "cli/visit_args.h"
#include "cli/visit_catalog.h"
#include "cli/visit_runner.h"

namespace shouhu::cli {
namespace {

namespace vv1 = ::shouhu::visit::v1;
namespace pb = ::shouhu::aid::v1;
namespace gpb = ::google::protobuf;

// "1 家访、2 电话回访…": the numbered choices of an enum.
std::string Choices(const gpb::EnumDescriptor* type, Lang lang) {
  std::vector<std::string> items;
  for (int i = 0; i < type->value_count(); ++i) {
    const int n = type->value(i)->number();
    if (n != 0) items.push_back(absl::StrCat(n, " ", EnumName(type, n, lang)));
  }
  return absl::StrJoin(items, lang == Lang::kEn ? ", " : "、");
}

// A typed number of the enum or any name ParseEnumArg accepts.
std::optional<int> EnumAnswer(const gpb::EnumDescriptor* type, const char* prefix,
                              const std::string& answer) {
  int n = 0;
  if (absl::SimpleAtoi(answer, &n)) {
    if (n != 0 && type->FindValueByNumber(n) != nullptr) return n;
    return std::nullopt;
  }
  return ParseEnumArg(type, prefix, answer);
}

std::optional<bool> YesNo(const std::string& answer, bool fallback) {
  if (answer.empty()) return fallback;
  const std::string a = absl::AsciiStrToLower(answer);
  if (a == "y" || a == "yes" || answer == "是") return true;
  if (a == "n" || a == "no" || answer == "否") return false;
  return std::nullopt;
}

std::tuple<int, int, int> Key(const shouhu::common::v1::Date& d) {
  return {d.year(), d.month(), d.day()};
}

}  // namespace

std::optional<std::string> VisitRunner::Line(const std::string& prompt) {
  r_.err_ << prompt << std::flush;
  std::string line;
  if (!std::getline(*r_.in_, line)) {
    r_.err_ << "\n" << msg::kInputEnded(lang_) << "\n";
    return std::nullopt;
  }
  return std::string(absl::StripAsciiWhitespace(line));
}

int VisitRunner::Ask(vv1::RecordVisitRequest* req) {
  auto again = [&](const std::string& answer) {
    r_.err_ << absl::Substitute(msg::kNotUnderstood(lang_), answer) << "\n";
  };
  // The open or overdue slot of the case's active plans due soonest, offered by default.
  vv1::VisitSlot suggested;
  if (req->plan_id().empty()) {
    vv1::ListPlansRequest list;
    list.set_case_id(req->case_id());
    list.set_status(vv1::PLAN_STATUS_ACTIVE);
    list.set_page_size(50);
    vv1::ListPlansResponse plans;
    if (!r_.Call(r_.stubs_.visit_plans, &vv1::VisitPlanService::StubInterface::ListPlans, list,
                 &plans, false)) {
      return kExitRpcError;
    }
    std::string plan_id;
    for (const vv1::VisitPlan& p : plans.plans()) {
      for (const vv1::VisitSlot& s : p.slots()) {
        if (s.state() != vv1::SLOT_STATE_OPEN && s.state() != vv1::SLOT_STATE_OVERDUE) continue;
        if (plan_id.empty() || Key(s.due_on()) < Key(suggested.due_on())) {
          plan_id = p.plan_id();
          suggested = s;
        }
      }
    }
    if (!plan_id.empty()) {
      for (;;) {
        std::optional<std::string> a =
            Line(absl::Substitute(msg::kPromptSlot(lang_), plan_id, suggested.sequence(),
                                  suggested.label(), FormatDate(suggested.due_on())));
        if (!a.has_value()) return kExitUsage;
        std::optional<bool> yes = YesNo(*a, true);
        if (!yes.has_value()) {
          again(*a);
          continue;
        }
        if (*yes) {
          req->set_plan_id(plan_id);
          req->set_slot_sequence(suggested.sequence());
        } else {
          suggested.Clear();
        }
        break;
      }
    }
  }
  if (req->kind() == vv1::VISIT_KIND_UNSPECIFIED) {
    const int fallback = suggested.suggested_kind() != vv1::VISIT_KIND_UNSPECIFIED
                             ? suggested.suggested_kind()
                             : vv1::VISIT_KIND_HOME;
    for (;;) {
      std::optional<std::string> a = Line(
          absl::Substitute(msg::kPromptKind(lang_), Choices(vv1::VisitKind_descriptor(), lang_),
                           EnumName(vv1::VisitKind_descriptor(), fallback, lang_)));
      if (!a.has_value()) return kExitUsage;
      std::optional<int> kind =
          a->empty() ? fallback : EnumAnswer(vv1::VisitKind_descriptor(), "VISIT_KIND_", *a);
      if (!kind.has_value()) {
        again(*a);
        continue;
      }
      req->set_kind(static_cast<vv1::VisitKind>(*kind));
      break;
    }
  }
  if (!req->has_visited_on()) {
    const std::string today = FormatDate(TodayInChina());
    for (;;) {
      std::optional<std::string> a = Line(absl::Substitute(msg::kPromptDate(lang_), today));
      if (!a.has_value()) return kExitUsage;
      std::optional<shouhu::common::v1::Date> d = ParseDateArg(a->empty() ? today : *a);
      if (!d.has_value()) {
        again(*a);
        continue;
      }
      *req->mutable_visited_on() = *d;
      break;
    }
  }
  const std::string ratings = Choices(vv1::Rating_descriptor(), lang_);
  const std::string good = absl::StrCat("1 ", EnumName(vv1::Rating_descriptor(), 1, lang_));
  for (int dim = vv1::DIMENSION_MOOD; dim <= vv1::DIMENSION_FAMILY; ++dim) {
    const std::string dimension = EnumName(vv1::Dimension_descriptor(), dim, lang_);
    vv1::Assessment* assessment = req->add_assessments();
    assessment->set_dimension(static_cast<vv1::Dimension>(dim));
    for (;;) {
      std::optional<std::string> a =
          Line(absl::Substitute(msg::kPromptRating(lang_), dimension, ratings, good));
      if (!a.has_value()) return kExitUsage;
      std::optional<int> rating = a->empty() ? 1 : ParseRatingArg(*a);
      if (!rating.has_value()) {
        again(*a);
        continue;
      }
      assessment->set_rating(static_cast<vv1::Rating>(*rating));
      break;
    }
    std::optional<std::string> notes = Line(absl::Substitute(msg::kPromptNotes(lang_), dimension));
    if (!notes.has_value()) return kExitUsage;
    assessment->set_notes(*notes);
  }
  std::optional<std::string> summary = Line(msg::kPromptSummary(lang_));
  if (!summary.has_value()) return kExitUsage;
  req->set_summary(*summary);
  const std::string kinds = Choices(pb::MeasureKind_descriptor(), lang_);
  for (;;) {
    std::optional<std::string> a = Line(absl::Substitute(msg::kPromptNeedKind(lang_), kinds));
    if (!a.has_value()) return kExitUsage;
    if (a->empty()) break;
    std::optional<int> kind = EnumAnswer(pb::MeasureKind_descriptor(), "MEASURE_KIND_", *a);
    if (!kind.has_value()) {
      again(*a);
      continue;
    }
    vv1::Need* need = req->add_needs();
    need->set_kind(static_cast<pb::MeasureKind>(*kind));
    while (need->description().empty()) {
      std::optional<std::string> text = Line(msg::kPromptNeedText(lang_));
      if (!text.has_value()) return kExitUsage;
      need->set_description(*text);
    }
    for (;;) {
      std::optional<std::string> u = Line(msg::kPromptNeedUrgent(lang_));
      if (!u.has_value()) return kExitUsage;
      std::optional<bool> urgent = YesNo(*u, false);
      if (!urgent.has_value()) {
        again(*u);
        continue;
      }
      need->set_urgent(*urgent);
      break;
    }
  }
  return kExitOk;
}

}  // namespace shouhu::cli
