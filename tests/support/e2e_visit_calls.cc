// Requests of the visit service for the end-to-end flows (see e2e_visit_calls.h).
#include "support/e2e_visit_calls.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"

namespace shouhu::e2e {

vpb::RecordVisitRequest VisitOf(const std::string& case_id, absl::CivilDay on) {
  vpb::RecordVisitRequest r;
  r.set_request_id(NewRequestId("visit"));
  r.set_case_id(case_id);
  r.set_kind(vpb::VISIT_KIND_HOME);
  *r.mutable_visited_on() = DateOf(on);
  for (vpb::Dimension d : {vpb::DIMENSION_MOOD, vpb::DIMENSION_PHYSICAL, vpb::DIMENSION_LIVING,
                           vpb::DIMENSION_FAMILY}) {
    vpb::Assessment* a = r.add_assessments();
    a->set_dimension(d);
    a->set_rating(vpb::RATING_GOOD);
    a->set_notes("情况稳定");
  }
  r.set_summary("孩子情绪稳定，按时上学，监护人配合回访。");
  return r;
}

vpb::RecordVisitRequest PlannedVisitOf(const vpb::VisitPlan& plan, int slot, absl::CivilDay on) {
  vpb::RecordVisitRequest r = VisitOf(plan.case_id(), on);
  r.set_plan_id(plan.plan_id());
  r.set_slot_sequence(slot);
  return r;
}

vpb::RecordVisitRequest CapturedVisitOf(const vpb::VisitPlan& plan, int slot, absl::CivilDay on) {
  vpb::RecordVisitRequest r = PlannedVisitOf(plan, slot, on);
  r.set_base_plan_version(plan.version());
  return r;
}

vpb::Need NeedOf(apb::MeasureKind kind, const std::string& description, bool urgent) {
  vpb::Need n;
  n.set_kind(kind);
  n.set_description(description);
  n.set_urgent(urgent);
  return n;
}

vpb::CreatePlanRequest ManualPlanToday(const std::string& case_id) {
  vpb::CreatePlanRequest req;
  req.set_request_id(NewRequestId("vplan"));
  req.set_case_id(case_id);
  req.set_anchor_kind(vpb::ANCHOR_KIND_MANUAL);
  *req.mutable_anchor_date() = DateOf(TodayInChina());
  vpb::ScheduleItem* first = req.add_items();
  first->set_label("首次回访");
  first->set_offset_days(0);
  first->set_window_before_days(0);
  first->set_expiry_after_days(7);
  vpb::ScheduleItem* second = req.add_items();
  second->set_label("一月回访");
  second->set_offset_days(30);
  second->set_window_before_days(5);
  second->set_expiry_after_days(10);
  return req;
}

absl::Status UseSameDayAidTemplate(Platform& p) {
  vpb::UpsertScheduleTemplateRequest req;
  req.set_request_id(NewRequestId("vtpl"));
  vpb::ScheduleTemplate* t = req.mutable_template_();
  t->set_template_id("aid-standard");
  t->set_name("司法救助回访（发放当日、一月）");
  t->set_anchor_kind(vpb::ANCHOR_KIND_AID_PAID);
  t->set_default_for_anchor(true);
  vpb::ScheduleItem* first = t->add_items();
  first->set_label("发放当日回访");
  first->set_offset_days(0);
  first->set_window_before_days(0);
  first->set_expiry_after_days(14);
  vpb::ScheduleItem* second = t->add_items();
  second->set_label("一月回访");
  second->set_offset_days(30);
  second->set_window_before_days(7);
  second->set_expiry_after_days(14);
  vpb::ScheduleTemplate saved;
  const grpc::Status st = p.UserCaller(kAdmin, p.visit().address())
                              .Call(&VisitPlans::UpsertScheduleTemplate, req, &saved);
  if (st.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(st.error_code()),
                      absl::StrCat("UpsertScheduleTemplate: ", StatusText(st)));
}

vpb::AssignVolunteerRequest AssignVolunteerRequest(const std::string& case_id,
                                                   const std::string& volunteer_id,
                                                   const std::string& person_id) {
  vpb::AssignVolunteerRequest req;
  req.set_request_id(NewRequestId("vasg"));
  req.set_case_id(case_id);
  req.set_volunteer_id(volunteer_id);
  req.set_subject_person_id(person_id);
  req.set_subject_alias("小军");
  req.set_care_notes("留意放学后是否有人照看，每周与班主任联系一次。");
  *req.mutable_starts_on() = DateOf(TodayInChina());
  req.set_report_every_days(1);
  return req;
}

vpb::DailyReport DailyReportOf(const std::string& assignment_id, absl::CivilDay on) {
  vpb::DailyReport r;
  r.set_assignment_id(assignment_id);
  *r.mutable_report_on() = DateOf(on);
  r.set_contact_kind(vpb::VISIT_KIND_PHONE);
  vpb::Assessment* mood = r.add_assessments();
  mood->set_dimension(vpb::DIMENSION_MOOD);
  mood->set_rating(vpb::RATING_GOOD);
  mood->set_notes("电话里情绪不错");
  r.set_observations("今天电话联系，孩子已完成作业，晚饭由奶奶照顾。");
  return r;
}

vpb::SubmitDailyReportRequest SubmitReportRequest(const vpb::DailyReport& report) {
  vpb::SubmitDailyReportRequest req;
  req.set_request_id(NewRequestId("vrep"));
  *req.mutable_report() = report;
  return req;
}

vpb::EndAssignmentRequest EndAssignmentRequest(const vpb::VolunteerAssignment& a) {
  vpb::EndAssignmentRequest req;
  req.set_request_id(NewRequestId("vend"));
  req.set_assignment_id(a.assignment_id());
  req.set_version(a.version());
  req.set_reason("孩子随父母迁往外省，结对结束。");
  return req;
}

vpb::BatchItem VisitItem(const std::string& client_id, vpb::RecordVisitRequest visit) {
  vpb::BatchItem item;
  item.set_client_id(client_id);
  visit.clear_request_id();
  *item.mutable_visit() = std::move(visit);
  return item;
}

vpb::BatchItem ReportItem(const std::string& client_id, const vpb::DailyReport& report) {
  vpb::BatchItem item;
  item.set_client_id(client_id);
  *item.mutable_report() = report;
  return item;
}

}  // namespace shouhu::e2e
