// Policy defaults (aid.proto) and field-level validation of an UpdateAidPolicy.
#include "aid/policy.h"

#include <gtest/gtest.h>

#include "common/base/text.h"

namespace shouhu::aid {
namespace {

std::vector<std::string> Fields(const absl::Status& s) {
  std::vector<std::string> out;
  for (const auto& [field, desc] : FieldViolationsOf(s)) out.push_back(field);
  return out;
}

TEST(PolicyTest, DefaultsAreTheDocumentedValues) {
  pb::AidPolicy p = DefaultPolicy("520382");
  EXPECT_EQ(p.procuratorate_code(), "520382");
  EXPECT_EQ(p.committee_threshold_fen(), 1'000'000);
  EXPECT_EQ(p.cap_months(), 36);
  EXPECT_EQ(p.decision_working_days(), 10);
  EXPECT_EQ(p.notify_working_days(), 2);
  EXPECT_EQ(p.emergency_paperwork_working_days(), 10);
  EXPECT_EQ(p.suggestion_reply_working_days(), 5);
  EXPECT_EQ(p.emergency_cap_fen(), 2'000'000);
  EXPECT_EQ(p.version(), 0);
  ASSERT_EQ(p.step_actors_size(), 6);
  EXPECT_TRUE(ValidatePolicy(p).ok()) << ValidatePolicy(p);
}

TEST(PolicyTest, EveryBadFieldIsNamed) {
  pb::AidPolicy p = DefaultPolicy("52038");
  p.set_cap_months(0);
  p.set_committee_threshold_fen(-1);
  p.set_decision_working_days(61);
  p.set_notify_working_days(0);
  p.set_emergency_paperwork_working_days(0);
  p.set_suggestion_reply_working_days(0);
  p.set_emergency_cap_fen(0);
  absl::Status s = ValidatePolicy(p);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Fields(s), (std::vector<std::string>{
                           "policy.procuratorate_code", "policy.committee_threshold_fen",
                           "policy.cap_months", "policy.decision_working_days",
                           "policy.notify_working_days", "policy.emergency_paperwork_working_days",
                           "policy.suggestion_reply_working_days", "policy.emergency_cap_fen"}));
}

TEST(PolicyTest, StepActorsMustCoverEveryStepOnceWithAStaffRole) {
  pb::AidPolicy p = DefaultPolicy("520382");
  p.mutable_step_actors(0)->set_role("finance");
  EXPECT_EQ(Fields(ValidatePolicy(p)), std::vector<std::string>{"policy.step_actors[0].role"});

  p = DefaultPolicy("520382");
  *p.add_step_actors() = p.step_actors(1);
  EXPECT_EQ(Fields(ValidatePolicy(p)), std::vector<std::string>{"policy.step_actors[6].step"});

  p = DefaultPolicy("520382");
  p.mutable_step_actors()->RemoveLast();
  EXPECT_EQ(Fields(ValidatePolicy(p)), std::vector<std::string>{"policy.step_actors"});

  p = DefaultPolicy("520382");
  p.mutable_step_actors(2)->add_titles("bad title!");
  EXPECT_EQ(Fields(ValidatePolicy(p)), std::vector<std::string>{"policy.step_actors[2].titles[2]"});
}

}  // namespace
}  // namespace shouhu::aid
