// The referral service's access table (services/referral/access_policy.cc): it covers
// every RPC of the served descriptors, docs/access-policy.md is exactly its rendering,
// and the decisions taken with the domain hold (hand-written spot checks, so that a
// wrong table fails too).
#include "referral/access_policy.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "referral/domain.h"
#include "shouhu/oversight/v1/review.grpc.pb.h"
#include "shouhu/referral/v1/referral.grpc.pb.h"
#include "support/generated_doc.h"

namespace shouhu::referral {
namespace {

using ::testing::HasSubstr;

constexpr char kBegin[] = "<!-- BEGIN GENERATED: access policy tables -->\n";
constexpr char kEnd[] = "<!-- END GENERATED: access policy tables -->";

const google::protobuf::ServiceDescriptor* Service(const std::string& full_name) {
  // Through the file of a message type, which links and loads the generated descriptors.
  return pb::Referral::descriptor()->file()->pool()->FindServiceByName(full_name);
}

// The case-quality review's CaseFactsService, through the file of one of its messages.
const google::protobuf::ServiceDescriptor* CaseFactsService() {
  return ::shouhu::oversight::v1::GetCaseFactsRequest::descriptor()->file()->FindServiceByName(
      "CaseFactsService");
}

std::vector<const google::protobuf::ServiceDescriptor*> Served() {
  return {Service(pb::ReferralService::service_full_name()),
          Service(pb::CaseService::service_full_name()),
          Service(pb::PersonService::service_full_name()),
          Service(pb::RegistryService::service_full_name()), CaseFactsService()};
}

Principal User(const std::string& id, std::set<Role> roles) {
  Principal p;
  p.kind = Principal::Kind::kUser;
  p.id = id;
  p.procuratorate = "520382";
  p.roles = std::move(roles);
  return p;
}

Principal ServiceCaller(const std::string& name) {
  Principal p;
  p.kind = Principal::Kind::kService;
  p.id = name;
  p.roles = {Role::kService};
  return p;
}

std::string Key(const std::string& service, const std::string& method) {
  return absl::StrCat("shouhu.referral.v1.", service, "/", method);
}

TEST(ReferralAccessPolicyTest, EveryServedRpcHasExactlyOneRowAndEveryRowAnRpc) {
  for (const auto* s : Served()) ASSERT_NE(s, nullptr);
  EXPECT_TRUE(ReferralAccessPolicy().CheckCovers(Served()).ok())
      << ReferralAccessPolicy().CheckCovers(Served());
  int methods = 0;
  for (const auto* s : Served()) methods += s->method_count();
  EXPECT_EQ(static_cast<int>(ReferralAccessPolicy().rules().size()), methods);
}

TEST(ReferralAccessPolicyTest, CheckCoversFindsMissingAndUnknownRows) {
  AccessPolicy partial("partial", {{Key("CaseService", "GetCase"), {}, ""},
                                   {Key("CaseService", "NoSuchRpc"), {}, ""}});
  absl::Status s = partial.CheckCovers({Service(pb::CaseService::service_full_name())});
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("CaseService/ListCases has no access rule"));
  EXPECT_THAT(s.message(), HasSubstr("unknown method shouhu.referral.v1.CaseService/NoSuchRpc"));
}

TEST(ReferralAccessPolicyTest, AMethodWithoutARowIsDeniedToEverybody) {
  for (const Principal& p : {User("u-admin", {Role::kAdmin}), ServiceCaller("aid")}) {
    EXPECT_EQ(
        ReferralAccessPolicy().Admit(p, "shouhu.referral.v1.CaseService/Nope").status().code(),
        absl::StatusCode::kPermissionDenied);
  }
}

// Finding 1: a service certificate may call CaseService.GetCase and nothing else.
// Services read a case, a person masked (the guardianship service checks the minor's age),
// and an agency by code (to authenticate agency certificates); nothing else.
TEST(ReferralAccessPolicyTest, ServicesMayOnlyGetCasesPersonsAndAgencies) {
  const Principal aid = ServiceCaller("aid");
  for (const auto* s : Served()) {
    for (int i = 0; i < s->method_count(); ++i) {
      const std::string key = MethodKey(*s->method(i));
      EXPECT_EQ(ReferralAccessPolicy().Admit(aid, key).ok(),
                key == Key("CaseService", "GetCase") || key == Key("PersonService", "GetPerson") ||
                    key == Key("RegistryService", "GetAgency"))
          << key;
    }
  }
}

// Finding 2: the chief reads the procuratorate's records but passes no department-head
// check; a user holding both roles does.
TEST(ReferralAccessPolicyTest, TheChiefReadsButDoesNotActAsADepartmentHead) {
  const Principal chief = User("u-qian", {Role::kChief});
  const Principal both = User("u-qian", {Role::kChief, Role::kDepartmentHead});
  for (const std::string& read :
       {Key("ReferralService", "GetReferral"), Key("ReferralService", "ListReferrals"),
        Key("ReferralService", "GetTimeline"), Key("ReferralService", "WatchReferral"),
        Key("CaseService", "GetCase"), Key("CaseService", "ListCases"),
        Key("PersonService", "GetPerson"), Key("PersonService", "ListDuplicateCandidates")}) {
    EXPECT_TRUE(ReferralAccessPolicy().Admit(chief, read).ok()) << read;
  }
  const std::pair<std::string, std::string> kHeadOnly[] = {
      {Key("ReferralService", "AssignReferral"), "only a department head may assign referrals"},
      {Key("CaseService", "AssignCase"), "only a department head may assign cases"},
      {Key("CaseService", "TransferCase"), "only a department head may transfer cases"},
      {Key("CaseService", "AcceptTransfer"), "only a department head may accept transfers"},
      {Key("CaseService", "RejectTransfer"), "only a department head may reject transfers"},
      {Key("CaseService", "ListIncomingTransfers"),
       "only a department head may see incoming transfers"},
      {Key("PersonService", "ResolveDuplicate"), "only a department head may resolve duplicates"},
  };
  for (const auto& [key, text] : kHeadOnly) {
    absl::StatusOr<const Grant*> denied = ReferralAccessPolicy().Admit(chief, key);
    EXPECT_EQ(denied.status().code(), absl::StatusCode::kPermissionDenied) << key;
    EXPECT_EQ(denied.status().message(), text) << key;
    EXPECT_TRUE(ReferralAccessPolicy().Admit(both, key).ok()) << key;
  }
  for (const char* triage : {"AcceptReferral", "DeclineReferral", "RequestInformation"}) {
    EXPECT_FALSE(ReferralAccessPolicy().Admit(chief, Key("ReferralService", triage)).ok());
  }
  EXPECT_FALSE(ReferralAccessPolicy().Admit(chief, Key("CaseService", "CloseCase")).ok());
}

// Finding 3: triage needs the assigned caseworker or a department head.
TEST(ReferralAccessPolicyTest, TriageNeedsTheAssignedCaseworkerOrAHead) {
  for (const char* triage : {"AcceptReferral", "DeclineReferral", "RequestInformation"}) {
    const AccessRule* rule = ReferralAccessPolicy().Find(Key("ReferralService", triage));
    ASSERT_NE(rule, nullptr) << triage;
    ASSERT_EQ(rule->grants.size(), 1u) << triage;
    EXPECT_THAT(rule->grants[0].conditions, ::testing::ElementsAre(&AssignedOrHead())) << triage;
  }
  const Principal li = User("u-li", {Role::kCaseworker});
  const AccessCondition& c = AssignedOrHead();
  EXPECT_FALSE(c.holds(li, {"520382", "edu-renhuai", ""}));
  EXPECT_FALSE(c.holds(li, {"520382", "edu-renhuai", "u-wang"}));
  EXPECT_TRUE(c.holds(li, {"520382", "edu-renhuai", "u-li"}));
  EXPECT_TRUE(c.holds(User("u-zhao", {Role::kDepartmentHead}), {"520382", "", ""}));
  EXPECT_FALSE(c.holds(User("u-qian", {Role::kChief}), {"520382", "", ""}));
  absl::Status denied = Require(c, li, {"520382", "", ""}, "triage this referral");
  EXPECT_EQ(denied.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(denied.message(),
            "only the assigned caseworker or a department head may triage this referral");
}

// Statistics are aggregates of the caller's procuratorate: analysts, department heads and
// the chief; no caseworker, agency, service or admin.
TEST(ReferralAccessPolicyTest, StatisticsAreForAnalystsHeadsAndTheChief) {
  const std::string key = Key("ReferralService", "GetReferralStatistics");
  for (Role r : {Role::kAnalyst, Role::kDepartmentHead, Role::kChief}) {
    EXPECT_TRUE(ReferralAccessPolicy().Admit(User("u-a", {r}), key).ok()) << RoleName(r);
  }
  Principal agency;
  agency.kind = Principal::Kind::kAgency;
  agency.id = "edu-renhuai";
  agency.procuratorate = "520382";
  agency.roles = {Role::kAgency};
  agency.person = "s-edu-renhuai";  // agency staff: the agency's rules, nothing more
  for (const Principal& p : {User("u-a", {Role::kCaseworker}), User("u-a", {Role::kAdmin}),
                             User("u-a", {Role::kFinance}), User("u-a", {Role::kVolunteer}), agency,
                             ServiceCaller("aid")}) {
    absl::StatusOr<const Grant*> denied = ReferralAccessPolicy().Admit(p, key);
    EXPECT_EQ(denied.status().code(), absl::StatusCode::kPermissionDenied) << p.Name();
    EXPECT_EQ(denied.status().message(),
              "only analysts, department heads and the chief may see statistics");
  }
}

// The case facts of the case-quality review: the oversight service's certificate only, on
// every procuratorate; no user of any role, no agency, no other service.
TEST(ReferralAccessPolicyTest, OnlyTheOversightServiceReadsCaseFacts) {
  ASSERT_NE(CaseFactsService(), nullptr);
  const std::string key = MethodKey(*CaseFactsService()->FindMethodByName("GetCaseFacts"));
  EXPECT_EQ(key, kGetCaseFactsMethod);
  EXPECT_TRUE(ReferralAccessPolicy().Admit(ServiceCaller("oversight"), key).ok());
  Principal agency;
  agency.kind = Principal::Kind::kAgency;
  agency.id = "edu-renhuai";
  agency.procuratorate = "520382";
  agency.roles = {Role::kAgency};
  std::vector<Principal> denied = {agency, ServiceCaller("aid"), ServiceCaller("visit"),
                                   ServiceCaller("guardianship"), ServiceCaller("referral")};
  for (Role r : {Role::kCaseworker, Role::kDepartmentHead, Role::kChief, Role::kFinance,
                 Role::kVolunteer, Role::kAnalyst, Role::kAdmin}) {
    denied.push_back(User("u-a", {r}));
  }
  // A user named like the service is still a user.
  denied.push_back(User("oversight", {Role::kAdmin, Role::kChief}));
  for (const Principal& p : denied) {
    absl::StatusOr<const Grant*> got = ReferralAccessPolicy().Admit(p, key);
    EXPECT_EQ(got.status().code(), absl::StatusCode::kPermissionDenied) << p.Name();
    EXPECT_EQ(got.status().message(), "only the oversight service reads case facts") << p.Name();
  }
}

// The tables between the markers of docs/access-policy.md are the rendering of the code's
// tables. To refresh the file after changing a table, run this test with
// SHOUHU_UPDATE_ACCESS_DOC=1.
TEST(ReferralAccessPolicyTest, DocsAreTheRenderedTable) {
  if (!testing::ExpectGeneratedSection("docs/access-policy.md", kBegin, kEnd,
                                       ReferralAccessPolicy().Markdown(),
                                       "SHOUHU_UPDATE_ACCESS_DOC")) {
    GTEST_SKIP() << "SHOUHU_SOURCE_DIR is not set";
  }
}

}  // namespace
}  // namespace shouhu::referral
