#include "referral/access_policy.h"

#include "absl/strings/str_cat.h"
#include "common/server/access_rules.h"

namespace shouhu::referral {
namespace {

// Roles that work cases inside a procuratorate (read access to its records).
const std::vector<Role> kStaff = {Role::kCaseworker, Role::kDepartmentHead, Role::kChief};
const std::vector<Role> kHead = {Role::kDepartmentHead};
const std::vector<Role> kTriage = {Role::kCaseworker, Role::kDepartmentHead};

std::string M(absl::string_view service, absl::string_view method) {
  return absl::StrCat("shouhu.referral.v1.", service, "/", method);
}

AccessRule Readable(absl::string_view method) {
  return {M("ReferralService", method),
          {Grant::Agencies(Scope::kOwnAgency), Grant::Users(kStaff, Scope::kOwnProcuratorate)},
          "your role does not give access to referrals"};
}

AccessRule Triage(absl::string_view method) {
  return {M("ReferralService", method),
          {Grant::Users(kTriage, Scope::kOwnProcuratorate, {&AssignedOrHead()})},
          "only procuratorate caseworkers and department heads may triage referrals"};
}

AccessRule HeadOnly(absl::string_view service, absl::string_view method, Scope scope,
                    absl::string_view what) {
  return {M(service, method),
          {Grant::Users(kHead, scope)},
          absl::StrCat("only a department head may ", what)};
}

}  // namespace

const AccessCondition& AssignedOrHead() { return AssignedCaseworkerOrHead(); }

const AccessPolicy& ReferralAccessPolicy() {
  static const AccessPolicy* policy = new AccessPolicy(
      "referral",
      {
          // ReferralService (线索移送)
          {M("ReferralService", "SubmitReferral"),
           {Grant::Agencies(Scope::kNone)},
           "only partner agencies submit referrals"},
          Readable("GetReferral"),
          Readable("ListReferrals"),
          HeadOnly("ReferralService", "AssignReferral", Scope::kOwnProcuratorate,
                   "assign referrals"),
          Triage("AcceptReferral"),
          Triage("DeclineReferral"),
          Triage("RequestInformation"),
          {M("ReferralService", "SupplementReferral"),
           {Grant::Agencies(Scope::kOwnAgency)},
           "only the referring agency may do this"},
          {M("ReferralService", "WithdrawReferral"),
           {Grant::Agencies(Scope::kOwnAgency)},
           "only the referring agency may do this"},
          Readable("GetTimeline"),
          Readable("WatchReferral"),
          {M("ReferralService", "GetReferralStatistics"),
           {access::StatisticsReaders()},
           "only analysts, department heads and the chief may see statistics"},
          // CaseService (案件)
          {M("CaseService", "GetCase"),
           {Grant::Users(kStaff, Scope::kOwnProcuratorate), Grant::Services(Scope::kPlatform)},
           "your role does not give access to cases"},
          {M("CaseService", "ListCases"),
           {Grant::Users(kStaff, Scope::kOwnProcuratorate)},
           "your role does not give access to cases"},
          HeadOnly("CaseService", "AssignCase", Scope::kOwnProcuratorate, "assign cases"),
          {M("CaseService", "CloseCase"),
           {Grant::Users(kTriage, Scope::kOwnProcuratorate, {&AssignedOrHead()})},
           "only the assigned caseworker or a department head may close cases"},
          HeadOnly("CaseService", "TransferCase", Scope::kOwnProcuratorate, "transfer cases"),
          HeadOnly("CaseService", "ListIncomingTransfers", Scope::kTransferTarget,
                   "see incoming transfers"),
          HeadOnly("CaseService", "AcceptTransfer", Scope::kTransferTarget, "accept transfers"),
          HeadOnly("CaseService", "RejectTransfer", Scope::kTransferTarget, "reject transfers"),
          // PersonService (人员)
          {M("PersonService", "GetPerson"),
           {Grant::Users(kStaff, Scope::kLinkedPeople), Grant::Services(Scope::kPlatform)},
           "your role does not give access to person records"},
          {M("PersonService", "ListDuplicateCandidates"),
           {Grant::Users(kStaff, Scope::kOwnProcuratorate)},
           "your role does not give access to person records"},
          HeadOnly("PersonService", "ResolveDuplicate", Scope::kOwnProcuratorate,
                   "resolve duplicates"),
          {M("PersonService", "UpdatePerson"),
           {Grant::Users(kTriage, Scope::kLinkedPeople)},
           "only caseworkers and department heads may update person records"},
          {M("PersonService", "ListPersonHistory"),
           {Grant::Users(kStaff, Scope::kLinkedPeople)},
           "your role does not give access to person records"},
          // RegistryService (登记: procuratorates and agencies)
          {M("RegistryService", "UpsertProcuratorate"),
           {Grant::Users({Role::kAdmin}, Scope::kPlatform)},
           "admin role required"},
          {M("RegistryService", "RegisterAgency"),
           {Grant::Users({Role::kAdmin}, Scope::kPlatform)},
           "admin role required"},
          {M("RegistryService", "GetAgency"),
           {Grant::Services(Scope::kPlatform), Grant::Users({Role::kAdmin}, Scope::kPlatform)},
           "only services and admins look agencies up by code"},
          {M("RegistryService", "ListAgencies"),
           {Grant::Users({Role::kAdmin}, Scope::kPlatform),
            Grant::Users(kStaff, Scope::kOwnProcuratorate)},
           "your role does not give access to the registry"},
          // CaseFactsService (案件质量评查, shouhu.oversight.v1): the oversight service reads
          // the facts of any procuratorate's case; nobody else.
          {kGetCaseFactsMethod,
           {access::OversightService()},
           "only the oversight service reads case facts"},
      });
  return *policy;
}

absl::Status Admitted(const Principal& p, absl::string_view service, absl::string_view method) {
  return ReferralAccessPolicy().Admit(p, M(service, method)).status();
}

}  // namespace shouhu::referral
