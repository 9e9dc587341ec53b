// The 事实无人抚养儿童 rules both ways: each rule met, and not met for the reason given
// (durations, disability grades, orphans, one parent only), plus the field checks.
#include "guardianship/unattended_rules.h"

#include <gtest/gtest.h>

#include "common/base/dates.h"

namespace shouhu::guardianship {
namespace {

using absl::CivilDay;
const CivilDay kToday(2025, 3, 10);

pb::ParentStatus Parent(pb::ParentRole role, pb::ParentCondition c) {
  pb::ParentStatus p;
  p.set_role(role);
  p.set_condition(c);
  if (c != pb::PARENT_CONDITION_NONE) p.add_evidence()->set_kind("证明");
  return p;
}
pb::ParentStatus Father(pb::ParentCondition c) { return Parent(pb::PARENT_ROLE_FATHER, c); }
pb::ParentStatus Mother(pb::ParentCondition c) { return Parent(pb::PARENT_ROLE_MOTHER, c); }

pb::ParentStatus Deprived(pb::ParentRole role, CivilDay since, CivilDay until) {
  pb::ParentStatus p = Parent(role, pb::PARENT_CONDITION_DEPRIVED_OF_LIBERTY);
  *p.mutable_since() = FromCivilDay(since);
  *p.mutable_until() = FromCivilDay(until);
  return p;
}
pb::ParentStatus OutOfContact(pb::ParentRole role, CivilDay since) {
  pb::ParentStatus p = Parent(role, pb::PARENT_CONDITION_OUT_OF_CONTACT);
  *p.mutable_since() = FromCivilDay(since);
  return p;
}
pb::ParentStatus Disabled(pb::ParentRole role, int grade, pb::DisabilityCategory cat) {
  pb::ParentStatus p = Parent(role, pb::PARENT_CONDITION_SEVERE_DISABILITY);
  p.set_disability_grade(grade);
  p.set_disability_category(cat);
  return p;
}

UnattendedAssessment Assess(pb::ParentStatus a, pb::ParentStatus b) {
  return AssessParents({a, b}, kToday);
}

TEST(UnattendedRules, BothParentsMeetACondition) {
  auto r = Assess(Deprived(pb::PARENT_ROLE_FATHER, CivilDay(2024, 6, 1), CivilDay(2027, 6, 1)),
                  OutOfContact(pb::PARENT_ROLE_MOTHER, CivilDay(2024, 9, 10)));
  EXPECT_TRUE(r.criteria_met) << r.explanation;
  EXPECT_EQ(r.rule, pb::UNATTENDED_RULE_BOTH_PARENTS);
  EXPECT_TRUE(r.parents[0].meets_condition());
  EXPECT_TRUE(r.parents[1].meets_condition());
  EXPECT_NE(r.explanation.find("父母双方均符合"), std::string::npos) << r.explanation;
}

TEST(UnattendedRules, OneDeadOrMissingTheOtherMeets) {
  for (auto gone : {pb::PARENT_CONDITION_DEAD, pb::PARENT_CONDITION_MISSING}) {
    // Either way round.
    auto r = Assess(Father(gone), Mother(pb::PARENT_CONDITION_SERIOUS_ILLNESS));
    EXPECT_TRUE(r.criteria_met);
    EXPECT_EQ(r.rule, pb::UNATTENDED_RULE_ONE_DEAD_OR_MISSING_OTHER_MEETS);
    auto s = Assess(Father(pb::PARENT_CONDITION_GUARDIANSHIP_REVOKED), Mother(gone));
    EXPECT_EQ(s.rule, pb::UNATTENDED_RULE_ONE_DEAD_OR_MISSING_OTHER_MEETS);
  }
}

TEST(UnattendedRules, NotMetWhenOneParentCanCare) {
  auto r = Assess(Father(pb::PARENT_CONDITION_DEAD), Mother(pb::PARENT_CONDITION_NONE));
  EXPECT_FALSE(r.criteria_met);
  EXPECT_EQ(r.rule, pb::UNATTENDED_RULE_NOT_MET);
  EXPECT_NE(r.explanation.find("不符合"), std::string::npos);
  auto s = Assess(Father(pb::PARENT_CONDITION_SERIOUS_ILLNESS), Mother(pb::PARENT_CONDITION_NONE));
  EXPECT_FALSE(s.criteria_met);
}

TEST(UnattendedRules, OrphansAreNotThisRule) {
  auto r = Assess(Father(pb::PARENT_CONDITION_DEAD), Mother(pb::PARENT_CONDITION_MISSING));
  EXPECT_FALSE(r.criteria_met);
  EXPECT_NE(r.explanation.find("孤儿"), std::string::npos) << r.explanation;
}

TEST(UnattendedRules, SixMonthsOfDeprivationOrLossOfContact) {
  // Sentence of five months: does not count.
  auto shorter =
      Assess(Deprived(pb::PARENT_ROLE_FATHER, CivilDay(2025, 1, 1), CivilDay(2025, 5, 31)),
             Mother(pb::PARENT_CONDITION_DEAD));
  EXPECT_FALSE(shorter.criteria_met);
  EXPECT_FALSE(shorter.parents[0].meets_condition());
  EXPECT_NE(shorter.explanation.find("不满6个月"), std::string::npos);
  auto six = Assess(Deprived(pb::PARENT_ROLE_FATHER, CivilDay(2025, 1, 1), CivilDay(2025, 7, 1)),
                    Mother(pb::PARENT_CONDITION_DEAD));
  EXPECT_TRUE(six.criteria_met);
  // Out of contact since 10 September 2024: six months on 10 March 2025, not the day before.
  pb::ParentStatus lost = OutOfContact(pb::PARENT_ROLE_MOTHER, CivilDay(2024, 9, 10));
  EXPECT_TRUE(ParentMeetsCondition(lost, CivilDay(2025, 3, 10)));
  EXPECT_FALSE(ParentMeetsCondition(lost, CivilDay(2025, 3, 9)));
}

TEST(UnattendedRules, SevereDisabilityByGradeAndCategory) {
  using R = pb::ParentRole;
  EXPECT_TRUE(ParentMeetsCondition(
      Disabled(R::PARENT_ROLE_FATHER, 2, pb::DISABILITY_CATEGORY_PHYSICAL), kToday));
  EXPECT_FALSE(ParentMeetsCondition(
      Disabled(R::PARENT_ROLE_FATHER, 3, pb::DISABILITY_CATEGORY_PHYSICAL), kToday));
  EXPECT_TRUE(ParentMeetsCondition(
      Disabled(R::PARENT_ROLE_FATHER, 4, pb::DISABILITY_CATEGORY_MENTAL), kToday));
  EXPECT_TRUE(ParentMeetsCondition(
      Disabled(R::PARENT_ROLE_FATHER, 3, pb::DISABILITY_CATEGORY_INTELLECTUAL), kToday));
}

std::vector<std::string> Fields(const google::protobuf::RepeatedPtrField<pb::ParentStatus>& ps) {
  FieldErrors errors;
  CheckParents(ps, kToday, errors);
  std::vector<std::string> out;
  for (const auto& [f, d] : errors.violations()) out.push_back(f);
  return out;
}

TEST(UnattendedRules, FieldChecks) {
  google::protobuf::RepeatedPtrField<pb::ParentStatus> ps;
  *ps.Add() = Father(pb::PARENT_CONDITION_DEAD);
  EXPECT_EQ(Fields(ps), std::vector<std::string>{"parents"});
  *ps.Add() = Father(pb::PARENT_CONDITION_DEAD);
  EXPECT_EQ(Fields(ps), std::vector<std::string>{"parents"});
  ps.Mutable(1)->set_role(pb::PARENT_ROLE_MOTHER);
  EXPECT_TRUE(Fields(ps).empty());
  ps.Mutable(1)->clear_evidence();
  ps.Mutable(0)->set_condition(pb::PARENT_CONDITION_OUT_OF_CONTACT);
  EXPECT_EQ(Fields(ps), (std::vector<std::string>{"parents[0].since", "parents[1].evidence"}));
  ps.Mutable(1)->set_condition(pb::PARENT_CONDITION_UNSPECIFIED);
  EXPECT_EQ(Fields(ps), (std::vector<std::string>{"parents[0].since", "parents[1].condition"}));
}

}  // namespace
}  // namespace shouhu::guardianship
