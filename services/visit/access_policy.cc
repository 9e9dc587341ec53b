#include "visit/access_policy.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/server/access_rules.h"
#include "shouhu/oversight/v1/review.pb.h"
#include "shouhu/visit/v1/visit.pb.h"

namespace shouhu::visit {
namespace {

// Roles that work cases inside a procuratorate (read access to its visit records).
const std::vector<Role> kStaff = {Role::kCaseworker, Role::kDepartmentHead, Role::kChief};
// Roles that visit and plan (a department head holds caseworker powers).
const std::vector<Role> kWorkers = {Role::kCaseworker, Role::kDepartmentHead};

std::string M(absl::string_view service, absl::string_view method) {
  return absl::StrCat("shouhu.visit.v1.", service, "/", method);
}

AccessRule Rule(absl::string_view service, absl::string_view method, std::vector<Grant> grants,
                absl::string_view denied) {
  return {M(service, method), std::move(grants), std::string(denied)};
}

Grant Staff() { return Grant::Users(kStaff, Scope::kOwnProcuratorate); }
Grant Workers() { return Grant::Users(kWorkers, Scope::kOwnProcuratorate); }
Grant AssignedWorkers() {
  return Grant::Users(kWorkers, Scope::kOwnProcuratorate, {&AssignedOrHead()});
}
Grant Recorders() { return Grant::Users(kWorkers, Scope::kOwnProcuratorate, {&RecorderOrHead()}); }
Grant Head() { return Grant::Users({Role::kDepartmentHead}, Scope::kOwnProcuratorate); }
Grant Admin() { return Grant::Users({Role::kAdmin}, Scope::kOwnProcuratorate); }
Grant Volunteer() {
  return Grant::Users({Role::kVolunteer}, Scope::kOwnProcuratorate, {&OwnActiveAssignment()});
}

constexpr char kPlan[] = "VisitPlanService";
constexpr char kVisit[] = "VisitService";
constexpr char kVol[] = "VolunteerService";

constexpr char kNoAccess[] = "your role does not give access to visit plans and records";
constexpr char kOnlyWorkers[] = "only caseworkers and department heads may do this";
constexpr char kOnlyAssigned[] =
    "only the assigned caseworker or a department head may change this plan";
constexpr char kOnlyRecorder[] =
    "only the caseworker who recorded it or a department head may change this record";
constexpr char kOnlyHead[] = "only a department head may do this";
constexpr char kOnlyAdmin[] = "admin role required";
constexpr char kOnlyVolunteer[] = "only a volunteer, for an own active assignment, may do this";

bool IsHeadOf(const Principal& p, const RecordFacts& r) {
  return p.kind == Principal::Kind::kUser && p.Has(Role::kDepartmentHead) &&
         p.procuratorate == r.procuratorate;
}

}  // namespace

const AccessCondition& AssignedOrHead() { return AssignedCaseworkerOrHead(); }

const AccessCondition& RecorderOrHead() {
  static const AccessCondition* c = new AccessCondition{
      "recorder_or_head", "the caseworker who recorded it or a department head",
      [](const Principal& p, const RecordFacts& r) {
        return IsHeadOf(p, r) || (p.kind == Principal::Kind::kUser && !r.assigned_to.empty() &&
                                  r.assigned_to == p.id && p.procuratorate == r.procuratorate);
      }};
  return *c;
}

const AccessCondition& OwnActiveAssignment() {
  static const AccessCondition* c = new AccessCondition{
      "own_active_assignment", "the volunteer of an active assignment of the minor",
      [](const Principal& p, const RecordFacts& r) {
        return p.kind == Principal::Kind::kUser && p.Has(Role::kVolunteer) &&
               !r.assigned_to.empty() && r.assigned_to == p.id &&
               p.procuratorate == r.procuratorate;
      }};
  return *c;
}

const AccessPolicy& VisitAccessPolicy() {
  static const AccessPolicy* policy = new AccessPolicy(
      "visit",
      {
          // VisitPlanService (回访计划)
          Rule(kPlan, "CreatePlan", {AssignedWorkers()},
               "only the case's caseworker or a department head may plan its visits"),
          Rule(kPlan, "GetPlan", {Staff()}, kNoAccess),
          Rule(kPlan, "ListPlans", {Staff()}, kNoAccess),
          Rule(kPlan, "WaiveSlot", {AssignedWorkers()}, kOnlyAssigned),
          Rule(kPlan, "CancelPlan", {Head()}, kOnlyHead),
          Rule(kPlan, "ListDueVisits", {Workers()}, kOnlyWorkers),
          Rule(kPlan, "UpsertScheduleTemplate", {Admin()}, kOnlyAdmin),
          Rule(kPlan, "ListScheduleTemplates", {Staff(), Admin()},
               "your role does not give access to schedule templates"),
          Rule(kPlan, "AssignPlan", {Head()}, kOnlyHead),
          Rule(kPlan, "GetVisitPolicy", {Staff(), Admin()},
               "your role does not give access to the visit policy"),
          Rule(kPlan, "UpdateVisitPolicy", {Admin()}, kOnlyAdmin),
          // VisitService (回访记录)
          Rule(kVisit, "RecordVisit", {Workers()}, kOnlyWorkers),
          Rule(kVisit, "GetVisit", {Staff()}, kNoAccess),
          Rule(kVisit, "ListVisits", {Staff()}, kNoAccess),
          Rule(kVisit, "AmendVisit", {Recorders()}, kOnlyRecorder),
          Rule(kVisit, "GetVisitStatistics",
               {Grant::Users({Role::kAnalyst, Role::kDepartmentHead, Role::kChief},
                             Scope::kOwnProcuratorate)},
               "only analysts, department heads and the chief may see statistics"),
          Rule(kVisit, "ListAmendments", {Staff()}, kNoAccess),
          Rule(kVisit, "ListNeeds", {Staff()}, kNoAccess),
          Rule(kVisit, "WithdrawNeed", {Recorders()}, kOnlyRecorder),
          Rule(kVisit, "UploadBatch", {Workers(), Volunteer()},
               "only caseworkers, department heads and volunteers (own assignments) may upload"),
          Rule(kVisit, "ListConflicts", {Staff()}, kNoAccess),
          Rule(kVisit, "ResolveConflict", {Recorders()},
               "only the uploader or a department head may resolve a conflict"),
          // VolunteerService (爱心妈妈)
          Rule(kVol, "AssignVolunteer", {AssignedWorkers()},
               "only the case's caseworker or a department head may assign volunteers"),
          Rule(kVol, "EndAssignment", {AssignedWorkers()},
               "only the case's caseworker or a department head may end an assignment"),
          Rule(kVol, "ListAssignments", {Staff()}, kNoAccess),
          Rule(kVol, "ListMyAssignments", {Grant::Users({Role::kVolunteer}, Scope::kNone)},
               "only volunteers have this view"),
          Rule(kVol, "SubmitDailyReport", {Volunteer()}, kOnlyVolunteer),
          Rule(kVol, "ListDailyReports", {Staff(), Volunteer()},
               "only the procuratorate's staff or the assignment's volunteer may read reports"),
          // CaseFactsService (案件质量评查: the case's facts for the oversight service)
          {"shouhu.oversight.v1.CaseFactsService/GetCaseFacts",
           {access::OversightService()},
           "only the oversight service may read a case's facts"},
      });
  return *policy;
}

std::vector<const google::protobuf::ServiceDescriptor*> VisitServices() {
  // Through a message of the file, so that the generated code is linked in.
  const google::protobuf::FileDescriptor* file =
      ::shouhu::visit::v1::VisitPlan::descriptor()->file();
  std::vector<const google::protobuf::ServiceDescriptor*> out;
  for (const char* name : {"VisitPlanService", "VisitService", "VolunteerService"}) {
    out.push_back(file->FindServiceByName(name));
  }
  out.push_back(::shouhu::oversight::v1::CaseFacts::descriptor()->file()->FindServiceByName(
      "CaseFactsService"));
  return out;
}

absl::Status Admitted(const Principal& p, absl::string_view service, absl::string_view method) {
  return VisitAccessPolicy().Admit(p, M(service, method)).status();
}

}  // namespace shouhu::visit
