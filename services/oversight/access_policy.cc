#include "oversight/access_policy.h"

#include <string>

#include "common/server/access_rules.h"
#include "shouhu/oversight/v1/oversight.pb.h"
#include "shouhu/oversight/v1/review.pb.h"

namespace shouhu::oversight {
namespace {

constexpr access::RuleMaker Rule("shouhu.oversight.v1");
constexpr char kWatch[] = "DeadlineWatchService";
constexpr char kReview[] = "QualityReviewService";

bool IsUserOf(const Principal& p, const RecordFacts& r) {
  return p.kind == Principal::Kind::kUser && !r.procuratorate.empty() &&
         p.procuratorate == r.procuratorate;
}

bool IsHeadOf(const Principal& p, const RecordFacts& r) {
  return p.Has(Role::kDepartmentHead) && !r.department.empty() && r.department == p.department;
}

}  // namespace

const AccessCondition& OwnDepartmentOrChief() {
  static const AccessCondition* c = new AccessCondition{
      "own_department_or_chief", "a department head of that department, or the chief",
      [](const Principal& p, const RecordFacts& r) {
        if (!IsUserOf(p, r)) return false;
        if (p.Has(Role::kChief)) return true;
        return p.Has(Role::kDepartmentHead) && !r.department.empty() &&
               r.department == p.department;
      }};
  return *c;
}

const AccessCondition& NoticeRecipient() {
  static const AccessCondition* c = new AccessCondition{
      "notice_recipient", "the notice's recipient", [](const Principal& p, const RecordFacts& r) {
        return IsUserOf(p, r) && !r.assigned_to.empty() && r.assigned_to == p.id;
      }};
  return *c;
}

const AccessCondition& CaseworkerHeadOrChief() {
  static const AccessCondition* c = new AccessCondition{
      "caseworker_head_or_chief",
      "the case's caseworker, a department head of its department, or the chief",
      [](const Principal& p, const RecordFacts& r) {
        if (!IsUserOf(p, r)) return false;
        return (!r.assigned_to.empty() && r.assigned_to == p.id) || p.Has(Role::kChief) ||
               IsHeadOf(p, r);
      }};
  return *c;
}

const AccessCondition& CaseworkerOrHead() {
  static const AccessCondition* c = new AccessCondition{
      "caseworker_or_head", "the case's caseworker or a department head of its department",
      [](const Principal& p, const RecordFacts& r) {
        if (!IsUserOf(p, r)) return false;
        return (!r.assigned_to.empty() && r.assigned_to == p.id) || IsHeadOf(p, r);
      }};
  return *c;
}

const AccessCondition& FindingCaseworker() {
  static const AccessCondition* c = new AccessCondition{
      "finding_caseworker", "the finding's caseworker",
      [](const Principal& p, const RecordFacts& r) {
        return IsUserOf(p, r) && !r.assigned_to.empty() && r.assigned_to == p.id;
      }};
  return *c;
}

const AccessCondition& FindingDepartmentHead() {
  static const AccessCondition* c =
      new AccessCondition{"finding_department_head",
                          "a department head of the finding's department who is not its caseworker",
                          [](const Principal& p, const RecordFacts& r) {
                            return IsUserOf(p, r) && IsHeadOf(p, r) && r.assigned_to != p.id;
                          }};
  return *c;
}

const AccessPolicy& OversightAccessPolicy() {
  static const AccessPolicy* policy = new AccessPolicy(
      "oversight",
      {
          Rule(kWatch, "ListMyDeadlines", {access::Staff()},
               "only the procuratorate's caseworkers, department heads and chief have deadlines"),
          Rule(kWatch, "ListDepartmentDeadlines",
               {Grant::Users({Role::kDepartmentHead, Role::kChief}, Scope::kOwnProcuratorate,
                             {&OwnDepartmentOrChief()})},
               "only a department head (own department) or the chief may list a department"),
          Rule(kWatch, "ListNotices", {access::Staff()},
               "only the procuratorate's caseworkers, department heads and chief get notices"),
          Rule(kWatch, "AcknowledgeNotice",
               {Grant::Users(access::StaffRoles(), Scope::kOwnProcuratorate, {&NoticeRecipient()})},
               "only the notice's recipient may acknowledge it"),
          Rule(kWatch, "GetMonthlyLedger", {access::StatisticsReaders()},
               "only department heads (own department), the chief and analysts (small counts "
               "suppressed) may see the ledger"),
          Rule(kReview, "GetCaseReview",
               {Grant::Users(access::StaffRoles(), Scope::kOwnProcuratorate,
                             {&CaseworkerHeadOrChief()})},
               "only the case's caseworker, its department head and the chief see its review"),
          Rule(kReview, "RerunReview",
               {Grant::Users(access::WorkerRoles(), Scope::kOwnProcuratorate,
                             {&CaseworkerOrHead()})},
               "only the case's caseworker or its department head may re-run its review"),
          Rule(kReview, "ListMyFindings", {access::Staff()},
               "only the procuratorate's caseworkers, department heads and chief have findings"),
          Rule(kReview, "ListDepartmentFindings",
               {Grant::Users({Role::kDepartmentHead, Role::kChief}, Scope::kOwnProcuratorate,
                             {&OwnDepartmentOrChief()})},
               "only a department head (own department) or the chief may list a department"),
          Rule(kReview, "AppealFinding",
               {Grant::Users(access::WorkerRoles(), Scope::kOwnProcuratorate,
                             {&FindingCaseworker()})},
               "only the finding's caseworker may appeal it"),
          Rule(kReview, "DecideAppeal",
               {Grant::Users({Role::kDepartmentHead}, Scope::kOwnProcuratorate,
                             {&FindingDepartmentHead()})},
               "only a department head of the finding's department (not its caseworker) decides "
               "an appeal"),
          Rule(kReview, "GetReviewSummary", {access::StatisticsReaders()},
               "only department heads (own department), the chief and analysts (small counts "
               "suppressed) may see the review summary"),
          Rule(kReview, "ListRuleSets",
               {Grant::Users({Role::kDepartmentHead, Role::kChief, Role::kAdmin},
                             Scope::kOwnProcuratorate)},
               "only department heads, the chief and admins read the rule sets"),
          Rule(kReview, "GetRuleSet",
               {Grant::Users({Role::kDepartmentHead, Role::kChief, Role::kAdmin},
                             Scope::kOwnProcuratorate)},
               "only department heads, the chief and admins read the rule sets"),
          Rule(kReview, "CreateRuleSet", {Grant::Users({Role::kAdmin}, Scope::kOwnProcuratorate)},
               "only an admin of the procuratorate deploys rule sets"),
          Rule(kReview, "TryRuleSet", {Grant::Users({Role::kAdmin}, Scope::kOwnProcuratorate)},
               "only an admin of the procuratorate tries rule sets"),
          Rule(kReview, "ActivateRuleSet", {Grant::Users({Role::kAdmin}, Scope::kOwnProcuratorate)},
               "only an admin of the procuratorate switches rule sets on"),
      });
  return *policy;
}

std::vector<const google::protobuf::ServiceDescriptor*> OversightServices() {
  const google::protobuf::FileDescriptor* file = v1::Deadline::descriptor()->file();
  return {file->FindServiceByName("DeadlineWatchService"),
          v1::Finding::descriptor()->file()->FindServiceByName("QualityReviewService")};
}

absl::Status Admitted(const Principal& p, absl::string_view method) {
  return OversightAccessPolicy().Admit(p, Rule.Key(kWatch, method)).status();
}

absl::Status ReviewAdmitted(const Principal& p, absl::string_view method) {
  return OversightAccessPolicy().Admit(p, Rule.Key(kReview, method)).status();
}

}  // namespace shouhu::oversight
