// The aid access matrix, generated from the aid service's access table
// (services/aid/access_policy.cc): for every RPC of its eight services and of the
// CaseFactsService it implements for the oversight service (one test each),
// every caller kind and role, and a record of the caller's own procuratorate (Renhuai) and
// of another (Xishui), assigned to the caller or to someone else where a row has
// conditions, the call goes through the method tables as main.cc binds them (the policy
// gate, then the operation) on a real MariaDB, and the status must be the one the row
// implies:
//   - no grant admits the caller: PERMISSION_DENIED;
//   - another procuratorate's record: PERMISSION_DENIED (from the id alone);
//   - a suggestion addressed to another agency: PERMISSION_DENIED, as for an unknown id;
//   - a condition of the grant that does not hold (not the assigned caseworker and no
//     department head): PERMISSION_DENIED;
//   - otherwise the call passes the gate: OK, with the record in the state the step needs
//     (lists: OK, without the other procuratorate's record). One step ends otherwise
//     whoever asks, named with its reason in Prepare (RecordGuardianWithdrawal on money
//     not held in custody: FAILED_PRECONDITION).
// The chiefs carry the titles the policy's approval steps need (chief_procurator,
// deputy_chief_procurator). The expectations come from the table; the spot checks at the
// end are hand-written, so that a wrong table fails too.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "aid/access_policy.h"
#include "gmock/gmock.h"
#include "integration/aid/aid_access_targets.h"
#include "support/access_matrix.h"
#include "support/principals.h"

namespace shouhu::testing {
namespace {

using google::protobuf::Message;

// Every caller lives in Renhuai (or nowhere): "own" records are Renhuai's, "other" ones
// Xishui's. Suggestions are addressed to edu-renhuai (own) and edu-xishui (other).
std::vector<Caller> Callers() {
  std::vector<Caller> callers = {
      {"agency, addressed", Agency("edu-renhuai", kRenhuai)},
      {"agency, not addressed", Agency("police-renhuai", kRenhuai)},
      {"service", Service("aid")},
      {"oversight service", Service("oversight")},
  };
  for (Caller& c : StaffCallers(kRenhuai)) callers.push_back(std::move(c));
  return callers;
}

class AidAccessMatrixTest : public AidAccessMatrix,
                            public ::testing::WithParamInterface<std::string> {};

TEST_P(AidAccessMatrixTest, EveryCallerOnOwnAndOtherRecordsGetsWhatTheTableSays) {
  const std::string key = GetParam();
  WalkMatrix(
      aid::AidAccessPolicy(), key, Callers(),
      [&](bool other, bool assigned) { return Prepare(key, other, assigned); },
      [&](const Principal& p, const Message& req) { return Call(key, p, req); });
}

INSTANTIATE_TEST_SUITE_P(Aid, AidAccessMatrixTest,
                         ::testing::ValuesIn(MethodsOf(aid::AidAccessPolicy())), MethodTestName);

// Hand-written: what the table must say about the roles of the chain, the money and the
// agencies, each on a real record, so that a wrong row fails here even when the matrix
// (which follows the table) passes.
class AidAccessSpotCheckTest : public AidAccessMatrix {
 protected:
  static std::string Key(const char* service, const char* method) {
    return absl::StrCat("shouhu.aid.v1.", service, "/", method);
  }
};

TEST_F(AidAccessSpotCheckTest, RolesStepsAndAgenciesAsTheBriefSays) {
  const Principal zhang = User("u-zhang", kRenhuai, {Role::kCaseworker});
  const Principal wang = User("u-wang", kRenhuai, {Role::kCaseworker});
  const Principal head = User("u-head", kRenhuai, {Role::kDepartmentHead});
  const Principal chief = User("u-chief", kRenhuai, {Role::kChief}, "chief_procurator");
  const Principal finance = User("u-finance", kRenhuai, {Role::kFinance});
  const Principal analyst = User("u-analyst", kRenhuai, {Role::kAnalyst});
  const Principal admin = User("u-admin", kRenhuai, {Role::kAdmin});
  const Principal volunteer = User("u-volunteer", kRenhuai, {Role::kVolunteer});
  const Principal edu = Agency("edu-renhuai", kRenhuai);
  const Principal police = Agency("police-renhuai", kRenhuai);
  const Principal service = Service("aid");
  const char* kApp = "AidApplicationService";
  const char* kDisb = "DisbursementService";
  const std::string kFacts = "shouhu.oversight.v1.CaseFactsService/GetCaseFacts";
  const std::vector<Spot> kSpots = {
      // The chain: each step its own role.
      {"finance decides", Key(kApp, "DecideApplication"), finance, false, true, Outcome::kDenied},
      {"a head decides", Key(kApp, "DecideApplication"), head, false, true, Outcome::kDenied},
      {"the chief decides", Key(kApp, "DecideApplication"), chief, false, true, Outcome::kOk},
      {"a caseworker reviews", Key(kApp, "ReviewProposal"), zhang, false, true, Outcome::kDenied},
      {"the chief reviews", Key(kApp, "ReviewProposal"), chief, false, true, Outcome::kDenied},
      {"a head reviews", Key(kApp, "ReviewProposal"), head, false, true, Outcome::kOk},
      {"the chief proposes", Key(kApp, "ProposeDecision"), chief, false, true, Outcome::kDenied},
      {"another caseworker proposes", Key(kApp, "ProposeDecision"), wang, false, true,
       Outcome::kDenied},
      {"the assigned caseworker proposes", Key(kApp, "ProposeDecision"), zhang, false, true,
       Outcome::kOk},
      {"a head proposes on another's application", Key(kApp, "ProposeDecision"), head, false, false,
       Outcome::kOk},
      {"a caseworker approves emergency aid", Key(kApp, "ApproveEmergencyAid"), zhang, false, true,
       Outcome::kDenied},
      {"a head revokes", Key(kApp, "RevokeDecision"), head, false, true, Outcome::kDenied},
      // Cards: staff of the procuratorate only.
      {"an analyst reads a card", Key(kApp, "GetApplication"), analyst, false, true,
       Outcome::kDenied},
      {"finance reads a card", Key(kApp, "GetApplication"), finance, false, true, Outcome::kDenied},
      {"a volunteer reads a card", Key(kApp, "GetApplication"), volunteer, false, true,
       Outcome::kDenied},
      {"the admin reads a card", Key(kApp, "GetApplication"), admin, false, true, Outcome::kDenied},
      {"a service reads a card", Key(kApp, "GetApplication"), service, false, true,
       Outcome::kDenied},
      {"an agency reads a card", Key(kApp, "GetApplication"), edu, false, true, Outcome::kDenied},
      {"another procuratorate's card", Key(kApp, "GetApplication"), head, true, true,
       Outcome::kDenied},
      {"another caseworker reads a card", Key(kApp, "GetApplication"), wang, false, true,
       Outcome::kOk},
      // Money: finance pays, caseworkers plan.
      {"a caseworker records a payment", Key(kDisb, "RecordPayment"), zhang, false, true,
       Outcome::kDenied},
      {"the chief records a payment", Key(kDisb, "RecordPayment"), chief, false, true,
       Outcome::kDenied},
      {"finance records a payment", Key(kDisb, "RecordPayment"), finance, false, true,
       Outcome::kOk},
      {"finance plans a disbursement", Key(kDisb, "PlanDisbursement"), finance, false, true,
       Outcome::kDenied},
      {"finance reads a disbursement", Key(kDisb, "GetDisbursement"), finance, false, true,
       Outcome::kOk},
      {"finance of another procuratorate's disbursement", Key(kDisb, "GetDisbursement"), finance,
       true, true, Outcome::kDenied},
      {"a caseworker allocates the fund", Key("FundService", "AllocateFund"), zhang, false, true,
       Outcome::kDenied},
      {"a caseworker sees the fund", Key("FundService", "GetFund"), zhang, false, true,
       Outcome::kDenied},
      {"finance opens a recovery", Key("RecoveryService", "OpenRecovery"), finance, false, true,
       Outcome::kDenied},
      // Agencies: only what is addressed to them.
      {"the addressed agency reads its suggestion",
       Key("SocialAidService", "GetAddressedSuggestion"), edu, false, true, Outcome::kOk},
      {"another agency reads it", Key("SocialAidService", "GetAddressedSuggestion"), police, false,
       true, Outcome::kDenied},
      {"another agency answers it", Key("SocialAidService", "ReportSuggestionOutcome"), police,
       false, true, Outcome::kDenied},
      {"an agency issues a suggestion", Key("SocialAidService", "IssueSuggestion"), edu, false,
       true, Outcome::kDenied},
      {"an agency lists the staff's suggestions", Key("SocialAidService", "ListSuggestions"), edu,
       false, true, Outcome::kDenied},
      // Statistics and configuration.
      {"an analyst reads statistics", Key("AidStatisticsService", "GetAidStatistics"), analyst,
       false, true, Outcome::kOk},
      {"a caseworker reads statistics", Key("AidStatisticsService", "GetAidStatistics"), zhang,
       false, true, Outcome::kDenied},
      {"a head changes the policy", Key("AidConfigService", "UpdateAidPolicy"), head, false, true,
       Outcome::kDenied},
      {"the admin changes the wage table", Key("AidConfigService", "UpsertWageEntry"), admin, false,
       true, Outcome::kOk},
      {"a head reads another procuratorate's policy", Key("AidConfigService", "GetAidPolicy"), head,
       true, true, Outcome::kDenied},
      // Case facts (案件质量评查): the oversight service only, on every procuratorate.
      {"the oversight service reads case facts", kFacts, Service("oversight"), false, true,
       Outcome::kOk},
      {"the oversight service reads another procuratorate's case facts", kFacts,
       Service("oversight"), true, true, Outcome::kOk},
      {"the chief reads case facts", kFacts, chief, false, true, Outcome::kDenied},
      {"a caseworker reads case facts", kFacts, zhang, false, true, Outcome::kDenied},
      {"an agency reads case facts", kFacts, edu, false, true, Outcome::kDenied},
      {"another service reads case facts", kFacts, service, false, true, Outcome::kDenied},
  };
  CheckSpots(
      aid::AidAccessPolicy(), kSpots,
      [&](const std::string& m, bool other, bool assigned) { return Prepare(m, other, assigned); },
      [&](const std::string& m, const Principal& p, const Message& req) {
        return Call(m, p, req);
      });
}

// Beyond the table: the chain's step actors (titles) and separation of duties refuse a
// caller the table admits, and an unknown id answers as another's record does.
TEST_F(AidAccessSpotCheckTest, TitlesSeparationOfDutiesAndUnknownIds) {
  const std::string decide = Key("AidApplicationService", "DecideApplication");
  // A chief without the title the policy's CHIEF_DECISION step names.
  Target t = Prepare(decide, false, true);
  const Principal untitled = User("u-chief-x", kRenhuai, {Role::kChief});
  EXPECT_EQ(Expected(aid::AidAccessPolicy(), *aid::AidAccessPolicy().Find(decide), untitled, t),
            Outcome::kOk);
  auto got = Call(decide, untitled, *t.request);
  EXPECT_TRUE(absl::IsPermissionDenied(got.status())) << got.status();
  EXPECT_THAT(got.status().message(), ::testing::HasSubstr("with title"));

  // A head who proposed does not review the own proposal.
  const Principal lead = User("u-lead", kRenhuai, {Role::kDepartmentHead});
  apb::Application a = Registered(false, true);
  a = Must(core_->ProposeDecision(lead, Grant(a, 1)), "propose");
  got = Call(Key("AidApplicationService", "ReviewProposal"), lead, Agree(a));
  EXPECT_TRUE(absl::IsPermissionDenied(got.status())) << got.status();
  EXPECT_THAT(got.status().message(), ::testing::HasSubstr("separation of duties"));
  // Nor does a chief who reviewed decide.
  const Principal both =
      User("u-both", kRenhuai, {Role::kDepartmentHead, Role::kChief}, "chief_procurator");
  a = Proposed(false, true);
  a = Must(core_->ReviewProposal(both, Agree(a)), "review");
  got = Call(decide, both, Agree(a));
  EXPECT_TRUE(absl::IsPermissionDenied(got.status())) << got.status();

  // Unknown ids of the own procuratorate: NOT_FOUND for staff; another procuratorate's
  // ids: PERMISSION_DENIED whether they exist or not.
  apb::GetApplicationRequest get;
  get.set_application_id("aid-520382-doesnotexist");
  EXPECT_TRUE(
      absl::IsNotFound(Call(Key("AidApplicationService", "GetApplication"), head_, get).status()));
  get.set_application_id("aid-520330-doesnotexist");
  EXPECT_TRUE(absl::IsPermissionDenied(
      Call(Key("AidApplicationService", "GetApplication"), head_, get).status()));
  get.set_application_id(Registered(true, true).application_id());
  EXPECT_TRUE(absl::IsPermissionDenied(
      Call(Key("AidApplicationService", "GetApplication"), head_, get).status()));

  // An agency: a suggestion addressed to another and a nonexistent one look the same.
  const Principal police = Agency("police-renhuai", kRenhuai);
  apb::Suggestion s = Issued(false);  // to edu-renhuai
  apb::GetAddressedSuggestionRequest gs;
  gs.set_suggestion_id(s.suggestion_id());
  auto other_agency = Call(Key("SocialAidService", "GetAddressedSuggestion"), police, gs);
  gs.set_suggestion_id("sug-520382-doesnotexist");
  auto nonexistent = Call(Key("SocialAidService", "GetAddressedSuggestion"), police, gs);
  EXPECT_TRUE(absl::IsPermissionDenied(other_agency.status())) << other_agency.status();
  EXPECT_EQ(other_agency.status(), nonexistent.status());
  auto listed = Call(Key("SocialAidService", "ListAddressedSuggestions"), police,
                     apb::ListAddressedSuggestionsRequest());
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_EQ(listed->find(s.suggestion_id()), std::string::npos);
  auto mine = Call(Key("SocialAidService", "ListAddressedSuggestions"), agency_,
                   apb::ListAddressedSuggestionsRequest());
  ASSERT_TRUE(mine.ok()) << mine.status();
  EXPECT_NE(mine->find(s.suggestion_id()), std::string::npos);
}

// The matrix walks the table's rows: the table must have exactly one row per RPC of the
// eight aid services (51) and the CaseFactsService (1), or an RPC would escape the matrix.
TEST(AidAccessTable, HasExactlyOneRowPerRpcOfItsNineServices) {
  std::vector<const google::protobuf::ServiceDescriptor*> services;
  for (const char* name :
       {"shouhu.aid.v1.AidApplicationService", "shouhu.aid.v1.DisbursementService",
        "shouhu.aid.v1.FundService", "shouhu.aid.v1.ReconciliationService",
        "shouhu.aid.v1.RecoveryService", "shouhu.aid.v1.SocialAidService",
        "shouhu.aid.v1.AidStatisticsService", "shouhu.aid.v1.AidConfigService",
        "shouhu.oversight.v1.CaseFactsService"}) {
    services.push_back(google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name));
    ASSERT_NE(services.back(), nullptr) << name;
  }
  EXPECT_TRUE(aid::AidAccessPolicy().CheckCovers(services).ok())
      << aid::AidAccessPolicy().CheckCovers(services);
  int rpcs = 0;
  for (const auto* s : services) rpcs += s->method_count();
  EXPECT_EQ(rpcs, 52);
  EXPECT_EQ(aid::AidAccessPolicy().rules().size(), static_cast<size_t>(rpcs));
}

}  // namespace
}  // namespace shouhu::testing
