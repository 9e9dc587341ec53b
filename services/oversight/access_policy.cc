#include "oversight/access_policy.h"

#include <string>

#include "common/server/access_rules.h"
#include "shouhu/oversight/v1/oversight.pb.h"

namespace shouhu::oversight {
namespace {

constexpr access::RuleMaker Rule("shouhu.oversight.v1");
constexpr char kWatch[] = "DeadlineWatchService";

bool IsUserOf(const Principal& p, const RecordFacts& r) {
  return p.kind == Principal::Kind::kUser && !r.procuratorate.empty() &&
         p.procuratorate == r.procuratorate;
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
      });
  return *policy;
}

std::vector<const google::protobuf::ServiceDescriptor*> OversightServices() {
  const google::protobuf::FileDescriptor* file = v1::Deadline::descriptor()->file();
  return {file->FindServiceByName("DeadlineWatchService")};
}

absl::Status Admitted(const Principal& p, absl::string_view method) {
  return OversightAccessPolicy().Admit(p, Rule.Key(kWatch, method)).status();
}

}  // namespace shouhu::oversight
