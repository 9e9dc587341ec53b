#include "aid/access_policy.h"

#include <string>
#include <vector>

#include "common/server/access_rules.h"

namespace shouhu::aid {
namespace {

using access::AssignedWorkers;
using access::Chief;
using access::Finance;
using access::Staff;
using access::Workers;

constexpr access::RuleMaker Rule("shouhu.aid.v1");
// The case facts of the case-quality review (proto/shouhu/oversight/v1/review.proto).
constexpr access::RuleMaker OversightRule("shouhu.oversight.v1");

constexpr char kApp[] = "AidApplicationService";
constexpr char kDisb[] = "DisbursementService";
constexpr char kFund[] = "FundService";
constexpr char kRecon[] = "ReconciliationService";
constexpr char kRec[] = "RecoveryService";
constexpr char kSocial[] = "SocialAidService";
constexpr char kStats[] = "AidStatisticsService";
constexpr char kConfig[] = "AidConfigService";

constexpr char kNoAidAccess[] = "your role does not give access to aid applications";
constexpr char kOnlyWorkers[] = "only caseworkers and department heads may do this";
constexpr char kOnlyAssigned[] =
    "only the assigned caseworker or a department head may change this application";
constexpr char kOnlyChief[] = "only the chief procurator (检察长/分管副检察长) may do this";
constexpr char kOnlyFinance[] = "only finance (计财部门) may do this";

}  // namespace

const AccessCondition& AssignedOrHead() { return AssignedCaseworkerOrHead(); }

const AccessPolicy& AidAccessPolicy() {
  static const AccessPolicy* policy = new AccessPolicy(
      "aid",
      {
          // AidApplicationService (救助申请与审批)
          Rule(kApp, "RegisterApplication", {Workers()}, kOnlyWorkers),
          Rule(kApp, "GetApplication", {Staff()}, kNoAidAccess),
          Rule(kApp, "ListApplications", {Staff()}, kNoAidAccess),
          Rule(kApp, "UpdateApplication", {AssignedWorkers()}, kOnlyAssigned),
          Rule(kApp, "ComputeAmount", {Staff()}, kNoAidAccess),
          Rule(kApp, "ProposeDecision", {AssignedWorkers()}, kOnlyAssigned),
          Rule(kApp, "ReviewProposal", {access::Head()},
               "only a department head may review a proposal"),
          Rule(kApp, "DecideApplication", {Chief()}, kOnlyChief),
          Rule(kApp, "RecordCommitteeResolution", {Chief()}, kOnlyChief),
          Rule(kApp, "RecordHigherApproval", {Chief()}, kOnlyChief),
          Rule(kApp, "ApproveEmergencyAid", {Chief()}, kOnlyChief),
          Rule(kApp, "WithdrawApplication", {AssignedWorkers()}, kOnlyAssigned),
          Rule(kApp, "EvaluateEligibility", {Staff()}, kNoAidAccess),
          Rule(kApp, "RequestMaterials", {AssignedWorkers()}, kOnlyAssigned),
          Rule(kApp, "MaterialsReceived", {AssignedWorkers()}, kOnlyAssigned),
          Rule(kApp, "CompleteEmergencyPaperwork", {AssignedWorkers()}, kOnlyAssigned),
          Rule(kApp, "RevokeDecision", {Chief()}, kOnlyChief),
          Rule(kApp, "CloseUnpaid", {AssignedWorkers()}, kOnlyAssigned),
          Rule(kApp, "RecordRightsNotice", {Workers()}, kOnlyWorkers),
          Rule(kApp, "ListRightsNotices", {Staff()}, kNoAidAccess),
          Rule(kApp, "RecordPriorAid", {Workers()}, kOnlyWorkers),
          // DisbursementService (发放)
          Rule(kDisb, "PlanDisbursement", {AssignedWorkers()}, kOnlyAssigned),
          Rule(kDisb, "GetDisbursement", {Staff(), Finance()},
               "your role does not give access to disbursements"),
          Rule(kDisb, "ListDisbursements", {Staff(), Finance()},
               "your role does not give access to disbursements"),
          Rule(kDisb, "RecordFundsArrived", {Finance()}, kOnlyFinance),
          Rule(kDisb, "RecordPayment", {Finance()}, kOnlyFinance),
          Rule(kDisb, "ConfirmReceipt", {Finance()}, kOnlyFinance),
          Rule(kDisb, "MarkPaymentFailed", {Finance()}, kOnlyFinance),
          Rule(kDisb, "RecordApplicantNotified", {AssignedWorkers()}, kOnlyAssigned),
          Rule(kDisb, "AmendDisbursement", {AssignedWorkers()}, kOnlyAssigned),
          Rule(kDisb, "RecordGuardianWithdrawal", {Finance()}, kOnlyFinance),
          // FundService (救助资金)
          Rule(kFund, "AllocateFund", {Finance()}, kOnlyFinance),
          Rule(kFund, "GetFund",
               {Finance(),
                Grant::Users({Role::kDepartmentHead, Role::kChief}, Scope::kOwnProcuratorate)},
               "only finance, department heads and the chief may see the fund"),
          Rule(kFund, "ListFundEntries", {Finance()}, kOnlyFinance),
          // ReconciliationService (对账)
          Rule(kRecon, "ImportBankStatement", {Finance()}, kOnlyFinance),
          Rule(kRecon, "ListReconciliationIssues", {Finance()}, kOnlyFinance),
          Rule(kRecon, "ResolveReconciliationIssue", {Finance()}, kOnlyFinance),
          // RecoveryService (追回/追偿)
          Rule(kRec, "OpenRecovery", {Chief()}, kOnlyChief),
          Rule(kRec, "RecordRecoveryReceipt", {Finance()}, kOnlyFinance),
          Rule(kRec, "CloseRecovery", {Chief()}, kOnlyChief),
          Rule(kRec, "ListRecoveries", {Staff(), Finance()},
               "your role does not give access to recoveries"),
          // SocialAidService (社会救助建议)
          Rule(kSocial, "IssueSuggestion", {Workers()}, kOnlyWorkers),
          Rule(kSocial, "ReportSuggestionOutcome", {Grant::Agencies(Scope::kOwnAgency), Workers()},
               "only the addressed agency or the procuratorate's caseworkers may do this"),
          Rule(kSocial, "ListSuggestions", {Staff()},
               "your role does not give access to social-aid suggestions"),
          Rule(kSocial, "ListAddressedSuggestions", {Grant::Agencies(Scope::kOwnAgency)},
               "only partner agencies have addressed suggestions"),
          Rule(kSocial, "GetAddressedSuggestion", {Grant::Agencies(Scope::kOwnAgency)},
               "only partner agencies have addressed suggestions"),
          // AidStatisticsService (统计: aggregates only)
          Rule(kStats, "GetAidStatistics", {access::StatisticsReaders()},
               "only analysts, department heads and the chief may see statistics"),
          // AidConfigService (配置: wage table and policy)
          Rule(kConfig, "UpsertWageEntry", {access::Admin()}, "admin role required"),
          Rule(kConfig, "ListWageEntries", {Staff(), Finance(), access::Admin()},
               "your role does not give access to the wage table"),
          Rule(kConfig, "GetAidPolicy", {Staff(), Finance(), access::Admin()},
               "your role does not give access to the aid policy"),
          Rule(kConfig, "UpdateAidPolicy", {access::Admin()}, "admin role required"),
          // CaseFactsService (案件质量评查: what the aid service holds about a case)
          OversightRule("CaseFactsService", "GetCaseFacts", {access::OversightService()},
                        "only the oversight service may read a case's facts"),
      });
  return *policy;
}

absl::Status Admitted(const Principal& p, absl::string_view service, absl::string_view method) {
  return AidAccessPolicy().Admit(p, Rule.Key(service, method)).status();
}

}  // namespace shouhu::aid
