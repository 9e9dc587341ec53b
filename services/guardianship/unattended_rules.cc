#include "guardianship/unattended_rules.h"

#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/validate.h"

namespace shouhu::guardianship {

namespace {

constexpr int kSixMonths = 6;

const char* ConditionText(pb::ParentCondition c) {
  switch (c) {
    case pb::PARENT_CONDITION_NONE:
      return "无特殊情形";
    case pb::PARENT_CONDITION_DEAD:
      return "死亡";
    case pb::PARENT_CONDITION_MISSING:
      return "宣告失踪";
    case pb::PARENT_CONDITION_SEVERE_DISABILITY:
      return "重残";
    case pb::PARENT_CONDITION_SERIOUS_ILLNESS:
      return "重病";
    case pb::PARENT_CONDITION_DEPRIVED_OF_LIBERTY:
      return "服刑在押或被限制人身自由";
    case pb::PARENT_CONDITION_OUT_OF_CONTACT:
      return "失联";
    case pb::PARENT_CONDITION_GUARDIANSHIP_REVOKED:
      return "被撤销监护资格";
    case pb::PARENT_CONDITION_DEPORTED:
      return "被遣送（驱逐）出境";
    default:
      return "未填写";
  }
}

const char* RoleText(pb::ParentRole r) {
  return r == pb::PARENT_ROLE_FATHER ? "父亲" : r == pb::PARENT_ROLE_MOTHER ? "母亲" : "父母一方";
}

}  // namespace

const std::vector<UnattendedRuleSpec>& UnattendedRules() {
  static const std::vector<UnattendedRuleSpec>* rules = new std::vector<UnattendedRuleSpec>{
      {pb::UNATTENDED_RULE_BOTH_PARENTS, ConditionGroup::kMeets, ConditionGroup::kMeets,
       "父母双方均符合重残、重病、服刑在押、强制隔离戒毒、被执行其他限制人身自由的措施、失联等情形"
       "之一"},
      {pb::UNATTENDED_RULE_ONE_DEAD_OR_MISSING_OTHER_MEETS, ConditionGroup::kDeadOrMissing,
       ConditionGroup::kMeets, "父母一方死亡或失踪，另一方符合重残、重病、服刑在押等情形之一"},
  };
  return *rules;
}

bool InGroup(pb::ParentCondition c, ConditionGroup group) {
  switch (c) {
    case pb::PARENT_CONDITION_DEAD:
    case pb::PARENT_CONDITION_MISSING:
      return group == ConditionGroup::kDeadOrMissing;
    case pb::PARENT_CONDITION_SEVERE_DISABILITY:
    case pb::PARENT_CONDITION_SERIOUS_ILLNESS:
    case pb::PARENT_CONDITION_DEPRIVED_OF_LIBERTY:
    case pb::PARENT_CONDITION_OUT_OF_CONTACT:
    case pb::PARENT_CONDITION_GUARDIANSHIP_REVOKED:
    case pb::PARENT_CONDITION_DEPORTED:
      return group == ConditionGroup::kMeets;
    default:
      return false;
  }
}

bool ParentMeetsCondition(const pb::ParentStatus& p, absl::CivilDay today, std::string* why) {
  auto say = [&](bool result, std::string text) {
    if (why != nullptr) *why = std::move(text);
    return result;
  };
  const std::string what = ConditionText(p.condition());
  switch (p.condition()) {
    case pb::PARENT_CONDITION_SEVERE_DISABILITY: {
      const int g = p.disability_grade();
      const bool mental = p.disability_category() == pb::DISABILITY_CATEGORY_MENTAL ||
                          p.disability_category() == pb::DISABILITY_CATEGORY_INTELLECTUAL;
      if (g >= 1 && g <= 2) return say(true, absl::StrCat("重残（", g, "级）"));
      if (g >= 3 && g <= 4 && mental) return say(true, absl::StrCat("精神或智力残疾", g, "级"));
      return say(false, absl::StrCat("残疾", g, "级不属重残（须一、二级，或精神、智力三、四级）"));
    }
    case pb::PARENT_CONDITION_DEPRIVED_OF_LIBERTY: {
      if (!IsValidDate(p.since()) || !IsValidDate(p.until())) return say(false, what + "期限不明");
      if (ToCivilDay(p.until()) < AddMonths(ToCivilDay(p.since()), kSixMonths)) {
        return say(false, what + "不满6个月");
      }
      return say(true, what + "（6个月以上）");
    }
    case pb::PARENT_CONDITION_OUT_OF_CONTACT: {
      if (!IsValidDate(p.since())) return say(false, "失联起始日期不明");
      if (today < AddMonths(ToCivilDay(p.since()), kSixMonths)) return say(false, "失联不满6个月");
      return say(true, "失联（6个月以上）");
    }
    case pb::PARENT_CONDITION_DEAD:
    case pb::PARENT_CONDITION_MISSING:
    case pb::PARENT_CONDITION_SERIOUS_ILLNESS:
    case pb::PARENT_CONDITION_GUARDIANSHIP_REVOKED:
    case pb::PARENT_CONDITION_DEPORTED:
      return say(true, what);
    default:
      return say(false, what);
  }
}

UnattendedAssessment AssessParents(const std::vector<pb::ParentStatus>& parents,
                                   absl::CivilDay today) {
  UnattendedAssessment out;
  out.parents = parents;
  std::vector<std::string> why(parents.size());
  for (size_t i = 0; i < parents.size(); ++i) {
    out.parents[i].set_meets_condition(ParentMeetsCondition(parents[i], today, &why[i]));
  }
  std::string facts;
  for (size_t i = 0; i < parents.size(); ++i) {
    absl::StrAppend(&facts, i == 0 ? "" : "；", RoleText(parents[i].role()), "：", why[i]);
  }
  if (out.parents.size() != 2) {
    out.explanation = "须有父母双方的情况";
    return out;
  }
  auto holds = [&](const pb::ParentStatus& p, ConditionGroup g) {
    return p.meets_condition() && InGroup(p.condition(), g);
  };
  for (const UnattendedRuleSpec& r : UnattendedRules()) {
    const pb::ParentStatus& a = out.parents[0];
    const pb::ParentStatus& b = out.parents[1];
    if ((holds(a, r.first) && holds(b, r.second)) || (holds(b, r.first) && holds(a, r.second))) {
      out.criteria_met = true;
      out.rule = r.rule;
      out.explanation = absl::StrCat(facts, "。符合：", r.text);
      return out;
    }
  }
  const bool both_gone = InGroup(out.parents[0].condition(), ConditionGroup::kDeadOrMissing) &&
                         InGroup(out.parents[1].condition(), ConditionGroup::kDeadOrMissing);
  out.explanation = absl::StrCat(
      facts, both_gone
                 ? "。父母双方均死亡或失踪，属孤儿认定范围，不适用本标准"
                 : "。不符合：须父母双方均符合情形之一，或一方死亡、失踪且另一方符合情形之一");
  return out;
}

void CheckParents(const google::protobuf::RepeatedPtrField<pb::ParentStatus>& parents,
                  absl::CivilDay today, FieldErrors& errors) {
  int fathers = 0, mothers = 0;
  for (const pb::ParentStatus& p : parents) {
    fathers += p.role() == pb::PARENT_ROLE_FATHER;
    mothers += p.role() == pb::PARENT_ROLE_MOTHER;
  }
  if (parents.size() != 2 || fathers != 1 || mothers != 1) {
    errors.Add("parents", "exactly two: the father and the mother");
    return;
  }
  for (int i = 0; i < parents.size(); ++i) {
    const pb::ParentStatus& p = parents[i];
    const std::string f = absl::StrCat("parents[", i, "].");
    if (!pb::ParentCondition_IsValid(p.condition()) ||
        p.condition() == pb::PARENT_CONDITION_UNSPECIFIED) {
      errors.Add(f + "condition", "required (NONE when none applies)");
      continue;
    }
    if (p.person_id().size() > 32) {
      errors.Add(f + "person_id", "at most 32 characters");
    } else if (!p.person_id().empty() && !IsValidUserId(p.person_id())) {
      errors.Add(f + "person_id", "a person id: letters, digits, '.', '_' and '-'");
    }
    if (p.condition() != pb::PARENT_CONDITION_NONE && p.evidence().empty()) {
      errors.Add(f + "evidence", "at least one document for the condition");
    }
    for (int j = 0; j < p.evidence_size(); ++j) {
      const pb::Evidence& e = p.evidence(j);
      const std::string ef = absl::StrCat(f, "evidence[", j, "].");
      CheckText(errors, ef + "kind", e.kind(), 1, 64);
      CheckText(errors, ef + "document_ref", e.document_ref(), 0, 100);
      CheckText(errors, ef + "issued_by", e.issued_by(), 0, 100);
    }
    CheckText(errors, f + "note", p.note(), 0, 1000);
    if (p.condition() == pb::PARENT_CONDITION_SEVERE_DISABILITY) {
      if (p.disability_grade() < 1 || p.disability_grade() > 4) {
        errors.Add(f + "disability_grade", "1 to 4");
      }
      if (!pb::DisabilityCategory_IsValid(p.disability_category()) ||
          p.disability_category() == pb::DISABILITY_CATEGORY_UNSPECIFIED) {
        errors.Add(f + "disability_category", "required for a disability");
      }
    }
    const bool needs_since = p.condition() == pb::PARENT_CONDITION_DEPRIVED_OF_LIBERTY ||
                             p.condition() == pb::PARENT_CONDITION_OUT_OF_CONTACT;
    if (needs_since && (!IsValidDate(p.since()) || ToCivilDay(p.since()) > today)) {
      errors.Add(f + "since", "the start of the condition, not in the future");
    }
    if (p.condition() == pb::PARENT_CONDITION_DEPRIVED_OF_LIBERTY &&
        (!IsValidDate(p.until()) ||
         (IsValidDate(p.since()) && ToCivilDay(p.until()) < ToCivilDay(p.since())))) {
      errors.Add(f + "until", "the end of the sentence or measure, after its start");
    }
  }
}

}  // namespace shouhu::guardianship
