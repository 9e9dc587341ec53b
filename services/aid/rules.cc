#include "aid/rules.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace shouhu::aid {
namespace {

using Json = nlohmann::json;
using ::shouhu::referral::v1::AidGround;

// Reads one boolean fact of an input. Every name is listed once here.
using FactReader = bool (*)(const EligibilityInput&);

#define HARM(f)                                                                         \
  {                                                                                     \
    "harm." #f, [](const EligibilityInput& in) { return in.details->harm_facts().f(); } \
  }
#define EXCL(f)                                                                                   \
  {                                                                                               \
    "exclusion." #f, [](const EligibilityInput& in) { return in.details->exclusion_facts().f(); } \
  }
#define DETAIL(f)                                                             \
  {                                                                           \
    "details." #f, [](const EligibilityInput& in) { return in.details->f(); } \
  }

const std::vector<std::pair<std::string, FactReader>>& FactTable() {
  static const auto* table = new std::vector<std::pair<std::string, FactReader>>{
      HARM(serious_injury),
      HARM(severe_disability),
      HARM(case_unsolved),
      HARM(limitation_expired),
      HARM(offender_dead_or_unable_to_pay),
      HARM(life_endangered),
      HARM(urgent_treatment_needed),
      HARM(cannot_pay_medical_costs),
      HARM(victim_died),
      HARM(lost_work_capacity),
      HARM(dependants_in_hardship),
      HARM(major_property_loss),
      HARM(retaliation_harm),
      HARM(civil_tort_injury),
      HARM(no_compensation_obtainable),
      HARM(support_unpaid),
      HARM(debtor_unable_to_pay),
      HARM(hardship_from_case),
      HARM(psychological_trauma),
      HARM(carer_killed),
      HARM(procuratorate_finds_need),
      EXCL(major_fault),
      EXCL(refused_cooperation),
      EXCL(false_statement),
      EXCL(waived_claim),
      EXCL(hardship_not_caused_by_case),
      EXCL(reasonably_compensated),
      DETAIL(victim_minor),
      DETAIL(victim_disabled),
      DETAIL(victim_veteran),
      DETAIL(victim_rural_hardship),
      DETAIL(applicant_is_organisation),
      {"history.prior_aid", [](const EligibilityInput& in) { return !in.prior_aid.empty(); }},
      {"history.already_granted_here",
       [](const EligibilityInput& in) { return in.already_granted_here; }},
  };
  return *table;
}

#undef HARM
#undef EXCL
#undef DETAIL

const absl::flat_hash_map<std::string, FactReader>& FactIndex() {
  static const auto* index = [] {
    auto* m = new absl::flat_hash_map<std::string, FactReader>();
    for (const auto& [name, reader] : FactTable()) m->emplace(name, reader);
    return m;
  }();
  return *index;
}

absl::Status Bad(absl::string_view where, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("rule set: ", where, ": ", what));
}

absl::StatusOr<RuleCondition> ParseCondition(const Json& j, const std::string& where) {
  if (!j.is_object() || j.size() != 1) {
    return Bad(where, "a condition is an object with exactly one of fact, all, any, not");
  }
  RuleCondition c;
  const auto& [key, value] = *j.items().begin();
  if (key == "fact") {
    if (!value.is_string()) return Bad(where, "fact must be a string");
    c.op = RuleCondition::Op::kFact;
    c.fact = value.get<std::string>();
    if (!FactIndex().contains(c.fact)) {
      return Bad(where, absl::StrCat("unknown fact name \"", c.fact, "\""));
    }
    return c;
  }
  if (key == "not") {
    c.op = RuleCondition::Op::kNot;
    auto child = ParseCondition(value, where);
    if (!child.ok()) return child.status();
    c.children.push_back(*std::move(child));
    return c;
  }
  if (key != "all" && key != "any") {
    return Bad(where, absl::StrCat("unknown condition operator \"", key, "\""));
  }
  c.op = key == "all" ? RuleCondition::Op::kAll : RuleCondition::Op::kAny;
  if (!value.is_array() || value.empty()) {
    return Bad(where, absl::StrCat(key, " needs a non-empty list"));
  }
  for (const Json& child_json : value) {
    auto child = ParseCondition(child_json, where);
    if (!child.ok()) return child.status();
    c.children.push_back(*std::move(child));
  }
  return c;
}

absl::Status RequiredString(const Json& j, const char* name, const std::string& where,
                            std::string* out) {
  auto it = j.find(name);
  if (it == j.end() || !it->is_string() || it->get<std::string>().empty()) {
    return Bad(where, absl::StrCat("missing ", name));
  }
  *out = it->get<std::string>();
  return absl::OkStatus();
}

constexpr const char* kRuleKeys[] = {"id",          "kind",      "ground",   "exclusion",
                                     "minors_only", "title",     "when",     "matched_zh",
                                     "matched_en",  "failed_zh", "failed_en"};

absl::StatusOr<Rule> ParseRule(const Json& j, size_t index) {
  std::string where = absl::StrCat("rule #", index + 1);
  if (!j.is_object()) return Bad(where, "a rule is an object");
  Rule r;
  if (absl::Status s = RequiredString(j, "id", where, &r.id); !s.ok()) return s;
  where = absl::StrCat("rule \"", r.id, "\"");
  for (const auto& [key, value] : j.items()) {
    bool known = false;
    for (const char* k : kRuleKeys) known = known || key == k;
    if (!known) return Bad(where, absl::StrCat("unknown key \"", key, "\""));
  }
  std::string kind;
  if (absl::Status s = RequiredString(j, "kind", where, &kind); !s.ok()) return s;
  if (kind == "situation") {
    r.kind = pb::RuleOutcome::KIND_SITUATION;
    std::string ground;
    if (absl::Status s = RequiredString(j, "ground", where, &ground); !s.ok()) return s;
    AidGround g;
    if (!::shouhu::referral::v1::AidGround_Parse(ground, &g) ||
        g == ::shouhu::referral::v1::AID_GROUND_UNSPECIFIED) {
      return Bad(where, absl::StrCat("unknown ground \"", ground, "\""));
    }
    r.ground = g;
  } else if (kind == "exclusion" || kind == "principle") {
    r.kind =
        kind == "exclusion" ? pb::RuleOutcome::KIND_EXCLUSION : pb::RuleOutcome::KIND_PRINCIPLE;
    std::string exclusion;
    if (absl::Status s = RequiredString(j, "exclusion", where, &exclusion); !s.ok()) return s;
    pb::ExclusionReason e;
    if (!pb::ExclusionReason_Parse(exclusion, &e) || e == pb::EXCLUSION_REASON_UNSPECIFIED) {
      return Bad(where, absl::StrCat("unknown exclusion \"", exclusion, "\""));
    }
    r.exclusion = e;
  } else {
    return Bad(where, absl::StrCat("unknown kind \"", kind, "\""));
  }
  if (auto it = j.find("minors_only"); it != j.end()) {
    if (!it->is_boolean()) return Bad(where, "minors_only must be true or false");
    r.minors_only = it->get<bool>();
  }
  if (absl::Status s = RequiredString(j, "title", where, &r.title); !s.ok()) return s;
  auto when = j.find("when");
  if (when == j.end()) return Bad(where, "missing when");
  auto cond = ParseCondition(*when, where);
  if (!cond.ok()) return cond.status();
  r.when = *std::move(cond);
  for (auto [name, out] :
       {std::pair{"matched_zh", &r.matched_zh}, std::pair{"matched_en", &r.matched_en},
        std::pair{"failed_zh", &r.failed_zh}, std::pair{"failed_en", &r.failed_en}}) {
    if (absl::Status s = RequiredString(j, name, where, out); !s.ok()) return s;
  }
  return r;
}

bool Holds(const RuleCondition& c, const EligibilityInput& in) {
  switch (c.op) {
    case RuleCondition::Op::kFact:
      return FactIndex().at(c.fact)(in);
    case RuleCondition::Op::kNot:
      return !Holds(c.children.front(), in);
    case RuleCondition::Op::kAll:
      for (const RuleCondition& child : c.children) {
        if (!Holds(child, in)) return false;
      }
      return true;
    case RuleCondition::Op::kAny:
      for (const RuleCondition& child : c.children) {
        if (Holds(child, in)) return true;
      }
      return false;
  }
  return false;
}

std::string OrganZh(pb::PriorAid::Organ organ) {
  switch (organ) {
    case pb::PriorAid::ORGAN_COURT:
      return "人民法院";
    case pb::PriorAid::ORGAN_POLICE:
      return "公安机关";
    case pb::PriorAid::ORGAN_PROCURATORATE:
      return "人民检察院";
    default:
      return "其他机关";
  }
}

std::string DateText(const ::shouhu::common::v1::Date& d) {
  if (d.year() == 0) return "?";
  return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
}

std::string Yuan(int64_t fen) {
  return absl::StrFormat("%d.%02d", fen / 100, (fen < 0 ? -fen : fen) % 100);
}

// The principle's reason names each prior aid: organ, date and amount.
void AppendPriorAid(const EligibilityInput& in, std::string* zh, std::string* en) {
  for (const pb::PriorAid& p : in.prior_aid) {
    const std::string name = p.organ_name().empty() ? OrganZh(p.organ()) : p.organ_name();
    absl::StrAppend(zh, "（", name, "于", DateText(p.aided_on()), "救助", Yuan(p.amount_fen()),
                    "元）");
    absl::StrAppend(en, " (", name, " on ", DateText(p.aided_on()), ": ", Yuan(p.amount_fen()),
                    " yuan)");
  }
  if (in.already_granted_here) {
    absl::StrAppend(zh, "（本平台已决定救助）");
    absl::StrAppend(en, " (already granted on this platform)");
  }
}

std::string ConditionText(const RuleCondition& c, bool nested) {
  switch (c.op) {
    case RuleCondition::Op::kFact:
      return absl::StrCat("`", c.fact, "`");
    case RuleCondition::Op::kNot:
      return absl::StrCat("NOT ", ConditionText(c.children.front(), true));
    case RuleCondition::Op::kAll:
    case RuleCondition::Op::kAny: {
      std::vector<std::string> parts;
      for (const RuleCondition& child : c.children) parts.push_back(ConditionText(child, true));
      if (parts.size() == 1) return parts.front();
      std::string joined = absl::StrJoin(parts, c.op == RuleCondition::Op::kAll ? " AND " : " OR ");
      return nested ? absl::StrCat("(", joined, ")") : joined;
    }
  }
  return "";
}

absl::string_view KindName(pb::RuleOutcome::Kind k) {
  switch (k) {
    case pb::RuleOutcome::KIND_SITUATION:
      return "situation 救助情形";
    case pb::RuleOutcome::KIND_EXCLUSION:
      return "exclusion 不予救助";
    case pb::RuleOutcome::KIND_PRINCIPLE:
      return "principle 原则";
    default:
      return "?";
  }
}

}  // namespace

std::string RulesMarkdownTable(const RuleSet& rules) {
  std::string out = absl::StrCat("Rule set version `", rules.version(), "`.\n\n",
                                 "| # | Rule | Kind | Ground / reason | 标题 | Condition |\n",
                                 "|---|---|---|---|---|---|\n");
  int n = 0;
  for (const Rule& r : rules.rules()) {
    const std::string target = r.kind == pb::RuleOutcome::KIND_SITUATION
                                   ? ::shouhu::referral::v1::AidGround_Name(r.ground)
                                   : pb::ExclusionReason_Name(r.exclusion);
    absl::StrAppend(&out, "| ", ++n, " | `", r.id, "`", r.minors_only ? " (minors only)" : "",
                    " | ", KindName(r.kind), " | ", target, " | ", r.title, " | ",
                    ConditionText(r.when, false), " |\n");
  }
  return out;
}

const std::vector<std::string>& KnownFacts() {
  static const auto* names = [] {
    auto* v = new std::vector<std::string>();
    for (const auto& [name, reader] : FactTable()) v->push_back(name);
    return v;
  }();
  return *names;
}

absl::StatusOr<RuleSet> RuleSet::FromJson(absl::string_view json) {
  const Json j = Json::parse(json.begin(), json.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Bad("file", "not a JSON object");
  RuleSet set;
  if (absl::Status s = RequiredString(j, "version", "file", &set.version_); !s.ok()) return s;
  auto rules = j.find("rules");
  if (rules == j.end() || !rules->is_array() || rules->empty()) {
    return Bad("file", "missing rules (a non-empty list)");
  }
  std::set<std::string> ids;
  for (size_t i = 0; i < rules->size(); ++i) {
    auto rule = ParseRule((*rules)[i], i);
    if (!rule.ok()) return rule.status();
    if (!ids.insert(rule->id).second) {
      return Bad(absl::StrCat("rule \"", rule->id, "\""), "duplicate id");
    }
    set.rules_.push_back(*std::move(rule));
  }
  return set;
}

absl::StatusOr<RuleSet> RuleSet::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("rule set file not readable: ", path));
  std::stringstream buf;
  buf << in.rdbuf();
  return FromJson(buf.str());
}

pb::EligibilityResult Evaluate(const RuleSet& rules, const EligibilityInput& input) {
  static const pb::ApplicationDetails kEmpty;
  EligibilityInput in = input;
  if (in.details == nullptr) in.details = &kEmpty;
  const auto& selected = in.details->grounds();
  auto was_selected = [&](AidGround g) {
    if (selected.empty()) return true;
    for (int s : selected) {
      if (s == g) return true;
    }
    return false;
  };

  pb::EligibilityResult result;
  result.set_rule_set_version(rules.version());
  bool situation = false;
  bool excluded = false;
  for (const Rule& rule : rules.rules()) {
    pb::RuleOutcome* o = result.add_outcomes();
    o->set_rule_id(rule.id);
    o->set_kind(rule.kind);
    if (rule.kind == pb::RuleOutcome::KIND_SITUATION) {
      o->set_ground(rule.ground);
    } else {
      o->set_exclusion(rule.exclusion);
    }
    if (rule.minors_only && !in.details->victim_minor()) {
      o->set_matched(false);
      o->set_reason("被害人非未成年人，不适用未成年人救助情形（details.victim_minor）");
      o->set_reason_en(
          "the victim is not a minor: minors' situation not applicable "
          "(details.victim_minor)");
      continue;
    }
    const bool matched = Holds(rule.when, in);
    o->set_matched(matched);
    std::string zh = matched ? rule.matched_zh : rule.failed_zh;
    std::string en = matched ? rule.matched_en : rule.failed_en;
    if (matched && rule.kind == pb::RuleOutcome::KIND_PRINCIPLE) AppendPriorAid(in, &zh, &en);
    o->set_reason(zh);
    o->set_reason_en(en);
    if (!matched) continue;
    if (rule.kind == pb::RuleOutcome::KIND_SITUATION) {
      bool seen = false;
      for (int g : result.matched_grounds()) seen = seen || g == rule.ground;
      if (!seen) result.add_matched_grounds(rule.ground);
      if (was_selected(rule.ground)) situation = true;
    } else {
      excluded = true;
      bool seen = false;
      for (int e : result.exclusion_reasons()) seen = seen || e == rule.exclusion;
      if (!seen) result.add_exclusion_reasons(rule.exclusion);
    }
  }
  result.set_eligible(situation && !excluded);
  return result;
}

}  // namespace shouhu::aid
