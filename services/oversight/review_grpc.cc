#include "oversight/review_grpc.h"

#include "common/server/policy_bind.h"
#include "oversight/access_policy.h"
#include "shouhu/oversight/v1/review.grpc.pb.h"

namespace shouhu::oversight {

MethodTable QualityReviewMethods(ReviewCore* core) {
  MethodTable t = MethodTable::For<v1::QualityReviewService>();
  const AccessPolicy& policy = OversightAccessPolicy();
  BindPolicy(t, policy, "GetCaseReview", core, &ReviewCore::GetCaseReview);
  BindPolicy(t, policy, "RerunReview", core, &ReviewCore::RerunReview);
  BindPolicy(t, policy, "ListMyFindings", core, &ReviewCore::ListMyFindings);
  BindPolicy(t, policy, "ListDepartmentFindings", core, &ReviewCore::ListDepartmentFindings);
  BindPolicy(t, policy, "AppealFinding", core, &ReviewCore::AppealFinding);
  BindPolicy(t, policy, "DecideAppeal", core, &ReviewCore::DecideAppeal);
  BindPolicy(t, policy, "GetReviewSummary", core, &ReviewCore::GetReviewSummary);
  BindPolicy(t, policy, "ListRuleSets", core, &ReviewCore::ListRuleSets);
  BindPolicy(t, policy, "GetRuleSet", core, &ReviewCore::GetRuleSet);
  BindPolicy(t, policy, "CreateRuleSet", core, &ReviewCore::CreateRuleSet);
  BindPolicy(t, policy, "TryRuleSet", core, &ReviewCore::TryRuleSet);
  BindPolicy(t, policy, "ActivateRuleSet", core, &ReviewCore::ActivateRuleSet);
  return t;
}

}  // namespace shouhu::oversight
