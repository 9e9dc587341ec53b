// Requests of the visit service (跟踪回访) that the end-to-end flows send, built from the
// records they act on; a test sends each with the caller whose step it is. Dates are
// today in China (UTC+8) unless told otherwise.
#ifndef SHOUHU_TESTS_SUPPORT_E2E_VISIT_CALLS_H_
#define SHOUHU_TESTS_SUPPORT_E2E_VISIT_CALLS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "shouhu/visit/v1/visit.grpc.pb.h"
#include "support/e2e_calls.h"
#include "support/e2e_platform.h"

namespace shouhu::e2e {

namespace vpb = ::shouhu::visit::v1;

using VisitPlans = vpb::VisitPlanService::Stub;
using Visits = vpb::VisitService::Stub;
using Volunteers = vpb::VolunteerService::Stub;
using SocialAid = apb::SocialAidService::Stub;

// A home visit of the case subject of `case_id` on `on`, four GOOD assessments, no needs
// (unscheduled: no plan).
vpb::RecordVisitRequest VisitOf(const std::string& case_id, absl::CivilDay on);
// The same visit completing slot `slot` of `plan`.
vpb::RecordVisitRequest PlannedVisitOf(const vpb::VisitPlan& plan, int slot, absl::CivilDay on);
// As captured offline (a batch item): base_plan_version is the version of `plan` as read.
vpb::RecordVisitRequest CapturedVisitOf(const vpb::VisitPlan& plan, int slot, absl::CivilDay on);
vpb::Need NeedOf(apb::MeasureKind kind, const std::string& description, bool urgent = false);

// A manual plan of `case_id` anchored today: slot 1 due today (open now, expires in 7
// days), slot 2 due in 30 days.
vpb::CreatePlanRequest ManualPlanToday(const std::string& case_id);

// The procuratorate's own "aid-standard" template (default for aid paid) with slot 1 due
// on the payment date, so that a visit on the day of payment completes it; as the admin.
absl::Status UseSameDayAidTemplate(Platform& p);

// `volunteer` assigned from today, reporting daily, to the minor `person_id` of `case_id`.
vpb::AssignVolunteerRequest AssignVolunteerRequest(const std::string& case_id,
                                                   const std::string& volunteer_id,
                                                   const std::string& person_id);
// A phone contact report of `assignment_id` on `on`.
vpb::DailyReport DailyReportOf(const std::string& assignment_id, absl::CivilDay on);
vpb::SubmitDailyReportRequest SubmitReportRequest(const vpb::DailyReport& report);
// Ends `a` (as read) with a reason.
vpb::EndAssignmentRequest EndAssignmentRequest(const vpb::VolunteerAssignment& a);

// Items of an offline batch (client ids 8-64 characters of [A-Za-z0-9_-]).
vpb::BatchItem VisitItem(const std::string& client_id, vpb::RecordVisitRequest visit);
vpb::BatchItem ReportItem(const std::string& client_id, const vpb::DailyReport& report);

}  // namespace shouhu::e2e

#endif  // SHOUHU_TESTS_SUPPORT_E2E_VISIT_CALLS_H_
