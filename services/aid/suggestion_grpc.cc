#include "aid/suggestion_grpc.h"

#include "aid/access_policy.h"
#include "common/server/policy_bind.h"
#include "shouhu/aid/v1/aid.grpc.pb.h"

namespace shouhu::aid {

MethodTable SocialAidMethods(SuggestionCore* core) {
  MethodTable t = MethodTable::For<pb::SocialAidService>();
  const AccessPolicy& policy = AidAccessPolicy();
  BindPolicy(t, policy, "IssueSuggestion", core, &SuggestionCore::Issue);
  BindPolicy(t, policy, "ReportSuggestionOutcome", core, &SuggestionCore::ReportOutcome);
  BindPolicy(t, policy, "ListSuggestions", core, &SuggestionCore::List);
  BindPolicy(t, policy, "ListAddressedSuggestions", core, &SuggestionCore::ListAddressed);
  BindPolicy(t, policy, "GetAddressedSuggestion", core, &SuggestionCore::GetAddressed);
  return t;
}

}  // namespace shouhu::aid
