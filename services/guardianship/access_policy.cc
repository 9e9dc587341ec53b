#include "guardianship/access_policy.h"

#include <string>
#include <vector>

#include "common/server/access_rules.h"
#include "shouhu/guardianship/v1/guardianship.pb.h"
#include "shouhu/oversight/v1/review.pb.h"

namespace shouhu::guardianship {
namespace {

using access::Admin;
using access::AssignedWorkers;
using access::Chief;
using access::Head;
using access::Staff;
using access::Workers;

constexpr access::RuleMaker Rule("shouhu.guardianship.v1");
// The case facts of the case-quality review (proto/shouhu/oversight/v1/review.proto).
constexpr access::RuleMaker OversightRule("shouhu.oversight.v1");

Grant GuidanceAgency() { return access::AgencyWhere(NamedGuidanceAgency()); }
Grant Addressee() { return access::AgencyWhere(AddresseeAgency()); }
Grant CivilAffairs() { return access::AgencyWhere(HandoffAgency()); }

constexpr char kOrd[] = "GuardianshipOrderService";
constexpr char kEsc[] = "EscalationService";
constexpr char kUnat[] = "UnattendedChildService";
constexpr char kConfig[] = "GuardianshipConfigService";

constexpr char kNoAccess[] = "your role does not give access to guardianship orders";
constexpr char kOnlyWorkers[] = "only caseworkers and department heads may do this";
constexpr char kOnlyAssigned[] =
    "only the assigned caseworker or a department head may change this record";
constexpr char kOnlyHead[] = "only a department head may do this";
constexpr char kOnlyChief[] = "only the chief procurator (检察长/分管副检察长) may do this";
constexpr char kOnlyGuidance[] =
    "only the procuratorate's caseworkers or a guidance agency the order names may do this";
constexpr char kOnlyAgencies[] = "only partner agencies have this view";
constexpr char kNoEscAccess[] = "your role does not give access to escalations";
constexpr char kNoUnatAccess[] = "your role does not give access to 事实无人抚养 checks";

}  // namespace

const AccessCondition& AssignedOrHead() { return AssignedCaseworkerOrHead(); }

const AccessCondition& NamedGuidanceAgency() {
  static const AccessCondition* c = new AccessCondition{
      "named_guidance_agency", "a guidance agency the order names", access::IsRecordAgency};
  return *c;
}

const AccessCondition& AddresseeAgency() {
  static const AccessCondition* c = new AccessCondition{
      "addressee_agency", "the agency the escalation is addressed to", access::IsRecordAgency};
  return *c;
}

const AccessCondition& HandoffAgency() {
  static const AccessCondition* c = new AccessCondition{
      "handoff_agency", "the 民政 agency the check was handed off to", access::IsRecordAgency};
  return *c;
}

const AccessPolicy& GuardianshipAccessPolicy() {
  static const AccessPolicy* policy = new AccessPolicy(
      "guardianship",
      {
          // GuardianshipOrderService (监护令)
          Rule(kOrd, "DraftOrder", {AssignedWorkers()}, kOnlyAssigned),
          Rule(kOrd, "SubmitOrder", {AssignedWorkers()}, kOnlyAssigned),
          Rule(kOrd, "ApproveOrder", {Chief()}, kOnlyChief),
          Rule(kOrd, "RecordService", {AssignedWorkers()}, kOnlyAssigned),
          Rule(kOrd, "RecordCourtOrder", {AssignedWorkers()}, kOnlyAssigned),
          Rule(kOrd, "CancelOrder", {Head()}, kOnlyHead),
          Rule(kOrd, "ExtendCompliancePeriod", {Head()}, kOnlyHead),
          Rule(kOrd, "TerminateOrder", {Head()}, kOnlyHead),
          Rule(kOrd, "GetOrder", {Staff()}, kNoAccess),
          Rule(kOrd, "ListOrders", {Staff()}, kNoAccess),
          Rule(kOrd, "GetAgencyOrder", {GuidanceAgency()}, kOnlyAgencies),
          Rule(kOrd, "ListAgencyOrders", {Grant::Agencies(Scope::kOwnAgency)}, kOnlyAgencies),
          Rule(kOrd, "RecordGuidanceSession", {Workers(), GuidanceAgency()}, kOnlyGuidance),
          Rule(kOrd, "ListGuidanceSessions", {Staff(), GuidanceAgency()}, kNoAccess),
          Rule(kOrd, "RecordComplianceCheck", {Workers(), GuidanceAgency()}, kOnlyGuidance),
          Rule(kOrd, "ListComplianceChecks", {Staff(), GuidanceAgency()}, kNoAccess),
          Rule(kOrd, "GetSupervisionSummary", {Staff()}, kNoAccess),
          Rule(kOrd, "EvaluateOrder", {Head()}, kOnlyHead),
          Rule(kOrd, "DiscloseOrderIdentity", {AssignedWorkers()}, kOnlyAssigned),
          Rule(kOrd, "GetOrderStatistics", {access::StatisticsReaders()},
               "only analysts, department heads and the chief may see statistics"),
          // EscalationService (检察建议、撤销监护资格建议…)
          Rule(kEsc, "DraftEscalation", {AssignedWorkers()}, kOnlyAssigned),
          Rule(kEsc, "SubmitEscalation", {AssignedWorkers()}, kOnlyAssigned),
          Rule(kEsc, "ApproveEscalation", {Chief()}, kOnlyChief),
          Rule(kEsc, "RecordEscalationServed", {AssignedWorkers()}, kOnlyAssigned),
          Rule(kEsc, "RecordEscalationReply", {AssignedWorkers(), Addressee()},
               "only the assigned caseworker, a department head or the addressee may do this"),
          Rule(kEsc, "RecordCourtAnswer", {AssignedWorkers()}, kOnlyAssigned),
          Rule(kEsc, "CloseEscalation", {AssignedWorkers()}, kOnlyAssigned),
          Rule(kEsc, "GetEscalation", {Staff()}, kNoEscAccess),
          Rule(kEsc, "ListEscalations", {Staff()}, kNoEscAccess),
          Rule(kEsc, "GetAgencyEscalation", {Addressee()}, kOnlyAgencies),
          Rule(kEsc, "ListAgencyEscalations", {Grant::Agencies(Scope::kOwnAgency)}, kOnlyAgencies),
          Rule(kEsc, "DiscloseEscalationIdentity", {AssignedWorkers()}, kOnlyAssigned),
          // UnattendedChildService (事实无人抚养儿童: never other agencies)
          Rule(kUnat, "AssessUnattendedChild", {Workers()}, kOnlyWorkers),
          Rule(kUnat, "HandOffUnattendedCheck", {Workers()}, kOnlyWorkers),
          Rule(kUnat, "RecordUnattendedAnswer", {Workers(), CivilAffairs()},
               "only the procuratorate's caseworkers or the 民政 agency of the hand-off may do "
               "this"),
          Rule(kUnat, "GetUnattendedCheck", {Staff()}, kNoUnatAccess),
          Rule(kUnat, "ListUnattendedChecks", {Staff()}, kNoUnatAccess),
          Rule(kUnat, "ListAddressedUnattendedHandoffs", {Grant::Agencies(Scope::kOwnAgency)},
               kOnlyAgencies),
          // GuardianshipConfigService (配置)
          Rule(kConfig, "GetOrderPolicy", {Staff(), Admin()},
               "your role does not give access to the guardianship policy"),
          Rule(kConfig, "UpdateOrderPolicy", {Admin()}, "admin role required"),
          // CaseFactsService (案件质量评查: what the service holds about a case)
          OversightRule("CaseFactsService", "GetCaseFacts", {access::OversightService()},
                        "only the oversight service may read a case's facts"),
      });
  return *policy;
}

std::vector<const google::protobuf::ServiceDescriptor*> GuardianshipServices() {
  // Through a message of the file, so that the generated code is linked in.
  const google::protobuf::FileDescriptor* file =
      ::shouhu::guardianship::v1::Order::descriptor()->file();
  std::vector<const google::protobuf::ServiceDescriptor*> out;
  for (const char* name : {"GuardianshipOrderService", "EscalationService",
                           "UnattendedChildService", "GuardianshipConfigService"}) {
    out.push_back(file->FindServiceByName(name));
  }
  out.push_back(::shouhu::oversight::v1::CaseFacts::descriptor()->file()->FindServiceByName(
      "CaseFactsService"));
  return out;
}

absl::Status Admitted(const Principal& p, absl::string_view service, absl::string_view method) {
  return GuardianshipAccessPolicy().Admit(p, Rule.Key(service, method)).status();
}

}  // namespace shouhu::guardianship
