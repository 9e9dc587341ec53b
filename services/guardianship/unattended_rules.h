// The 事实无人抚养儿童 criteria (民政部等《关于进一步加强事实无人抚养儿童保障工作的意见》,
// 2019) as data, without I/O: which condition of a parent counts (grade and category of a
// disability, six months of deprivation of liberty or loss of contact), and the two rules
// over both parents:
//   BOTH_PARENTS                     both parents meet one of the conditions of kMeets;
//   ONE_DEAD_OR_MISSING_OTHER_MEETS  one parent is dead or declared missing, the other
//                                    meets one of the conditions of kMeets.
// Two parents both dead or missing is not this rule (the child is an orphan, 孤儿): not
// met, and the explanation says so.
#ifndef SHOUHU_GUARDIANSHIP_UNATTENDED_RULES_H_
#define SHOUHU_GUARDIANSHIP_UNATTENDED_RULES_H_

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/base/text.h"
#include "shouhu/guardianship/v1/guardianship.pb.h"

namespace shouhu::guardianship {

namespace pb = ::shouhu::guardianship::v1;

// A group of parent conditions a rule names.
enum class ConditionGroup {
  kMeets,  // 重残、重病、服刑在押/强制隔离戒毒等、失联、被撤销监护资格、被遣送出境
  kDeadOrMissing,  // 死亡（含宣告死亡）、宣告失踪
};

// One rule: a parent in `first` and the other in `second` (either way round).
struct UnattendedRuleSpec {
  pb::UnattendedRule rule;
  ConditionGroup first;
  ConditionGroup second;
  const char* text;  // Chinese, for the explanation
};

// The rules in the order they are tried.
const std::vector<UnattendedRuleSpec>& UnattendedRules();

// The group of `condition` (nullopt-like: false when it is in neither, e.g. NONE).
bool InGroup(pb::ParentCondition condition, ConditionGroup group);

// Whether `parent`'s condition counts on `today`: severe disability of grade 1-2, or 3-4
// for a mental or intellectual disability; deprivation of liberty for six months or more
// (from `since` to `until`); out of contact for six months or more by `today`; the other
// conditions as recorded (with evidence). `why` (optional) receives the reason in Chinese.
bool ParentMeetsCondition(const pb::ParentStatus& parent, absl::CivilDay today,
                          std::string* why = nullptr);

struct UnattendedAssessment {
  bool criteria_met = false;
  pb::UnattendedRule rule = pb::UNATTENDED_RULE_NOT_MET;
  std::string explanation;                // which parent met what, or why not
  std::vector<pb::ParentStatus> parents;  // with meets_condition set
};

// Evaluates the rules over two parents (validated by CheckParents).
UnattendedAssessment AssessParents(const std::vector<pb::ParentStatus>& parents,
                                   absl::CivilDay today);

// Field checks ("parents", "parents[0].evidence", ...): exactly one father and one mother;
// a condition each; evidence for any condition other than NONE; disability category and
// grade 1-4; dates of deprivation and loss of contact; texts within their lengths.
void CheckParents(const google::protobuf::RepeatedPtrField<pb::ParentStatus>& parents,
                  absl::CivilDay today, FieldErrors& errors);

}  // namespace shouhu::guardianship

#endif  // SHOUHU_GUARDIANSHIP_UNATTENDED_RULES_H_
