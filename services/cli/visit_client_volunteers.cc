// The visit commands of volunteers (爱心妈妈): assignments and daily reports.
#include <string>
#include <vector>

#include "absl/strings/substitute.h"
#include "cli/args.h"
#include "cli/runner_impl.h"
#include "cli/visit_args.h"
#include "cli/visit_catalog.h"
#include "cli/visit_render.h"
#include "cli/visit_runner.h"

namespace shouhu::cli {
namespace {

namespace vv1 = ::shouhu::visit::v1;
using VolunteerStub = vv1::VolunteerService::StubInterface;

}  // namespace

std::optional<int64_t> VisitRunner::AssignmentVersion(const std::string& id) {
  if (inv_.Has("version")) return inv_.Int("version", 0);
  // There is no GetAssignment: the procuratorate's (or the case's) assignments are searched.
  vv1::ListAssignmentsRequest req;
  req.set_case_id(inv_.Get("case"));
  req.set_active_only(true);
  req.set_page_size(200);
  for (;;) {
    vv1::ListAssignmentsResponse page;
    if (!r_.Call(r_.stubs_.volunteers, &VolunteerStub::ListAssignments, req, &page, false)) {
      return std::nullopt;
    }
    for (const vv1::VolunteerAssignment& a : page.assignments()) {
      if (a.assignment_id() == id) return a.version();
    }
    if (page.next_page_token().empty() || page.next_page_token() == req.page_token()) break;
    req.set_page_token(page.next_page_token());
  }
  r_.err_ << absl::Substitute(msg::kAssignmentNotFound(lang_), id) << "\n";
  return std::nullopt;
}

int VisitRunner::AssignVolunteer() {
  vv1::AssignVolunteerRequest req;
  req.set_request_id(r_.request_id_);
  req.set_case_id(inv_.args[0]);
  req.set_volunteer_id(inv_.args[1]);
  req.set_subject_person_id(inv_.Get("person"));
  req.set_subject_alias(inv_.Get("alias"));
  req.set_care_notes(inv_.Get("notes"));
  *req.mutable_starts_on() = DateOpt("from");
  if (inv_.Has("to")) *req.mutable_ends_on() = DateOpt("to");
  req.set_report_every_days(static_cast<int32_t>(inv_.Int("every", 1)));
  vv1::VolunteerAssignment a;
  if (!r_.Call(r_.stubs_.volunteers, &VolunteerStub::AssignVolunteer, req, &a, true)) {
    return kExitRpcError;
  }
  return Done(a, msg::kDoneVolunteerAssigned);
}

int VisitRunner::EndAssignment() {
  std::optional<int64_t> version = AssignmentVersion(inv_.args[0]);
  if (!version.has_value()) return kExitRpcError;
  vv1::EndAssignmentRequest req;
  req.set_request_id(r_.request_id_);
  req.set_assignment_id(inv_.args[0]);
  req.set_version(*version);
  req.set_reason(inv_.Get("reason"));
  vv1::VolunteerAssignment a;
  if (!r_.Call(r_.stubs_.volunteers, &VolunteerStub::EndAssignment, req, &a, true)) {
    return kExitRpcError;
  }
  return Done(a, msg::kDoneAssignmentEnded);
}

int VisitRunner::Assignments() {
  vv1::ListAssignmentsRequest req;
  req.set_case_id(inv_.Get("case"));
  req.set_active_only(inv_.Flag("active"));
  vv1::ListAssignmentsResponse resp;
  if (!r_.Page(r_.stubs_.volunteers, &VolunteerStub::ListAssignments, req, &resp)) {
    return kExitRpcError;
  }
  return r_.Emit(resp, [&] {
    return RenderVisitTable(
        RowsOf(resp.assignments()),
        {"assignment_id", "case_id", "volunteer_id", "volunteer_name", "subject_alias", "starts_on",
         "ends_on", "active", "last_report_on", "report_overdue"},
        lang_);
  });
}

int VisitRunner::MyAssignments() {
  vv1::ListMyAssignmentsRequest req;
  req.set_active_only(inv_.Flag("active"));
  vv1::ListMyAssignmentsResponse resp;
  if (!r_.Page(r_.stubs_.volunteers, &VolunteerStub::ListMyAssignments, req, &resp)) {
    return kExitRpcError;
  }
  return r_.Emit(resp, [&] {
    return RenderVisitTable(
        RowsOf(resp.assignments()),
        {"assignment_id", "subject_alias", "care_notes", "starts_on", "ends_on",
         "report_every_days", "last_report_on", "report_overdue", "accepts_reports_until"},
        lang_);
  });
}

int VisitRunner::Report() {
  vv1::SubmitDailyReportRequest req;
  vv1::DailyReport* report = req.mutable_report();
  if (!inv_.args.empty()) {
    if (!r_.ReadJson(inv_.args[0], report)) return kExitUsage;
  } else {
    report->set_assignment_id(inv_.Get("assignment"));
    report->set_contact_kind(EnumArg<vv1::VisitKind>("VISIT_KIND_", inv_.Get("contact")));
    report->set_observations(inv_.Get("text"));
    report->set_concern(inv_.Flag("concern"));
    const struct {
      const char* option;
      vv1::Dimension dimension;
    } kRatings[] = {{"mood", vv1::DIMENSION_MOOD},
                    {"physical", vv1::DIMENSION_PHYSICAL},
                    {"living", vv1::DIMENSION_LIVING},
                    {"family", vv1::DIMENSION_FAMILY}};
    for (const auto& r : kRatings) {
      if (!inv_.Has(r.option)) continue;
      vv1::Assessment* a = report->add_assessments();
      a->set_dimension(r.dimension);
      a->set_rating(static_cast<vv1::Rating>(ParseRatingArg(inv_.Get(r.option)).value_or(0)));
    }
  }
  if (inv_.Has("on")) {
    *report->mutable_report_on() = DateOpt("on");
  } else if (!report->has_report_on()) {
    *report->mutable_report_on() = TodayInChina();
  }
  if (inv_.Has("version")) report->set_version(inv_.Int("version", 0));
  req.set_request_id(r_.request_id_);
  vv1::DailyReport saved;
  if (!r_.Call(r_.stubs_.volunteers, &VolunteerStub::SubmitDailyReport, req, &saved, true)) {
    return kExitRpcError;
  }
  return Done(saved, msg::kDoneReportSubmitted);
}

int VisitRunner::Reports() {
  vv1::ListDailyReportsRequest req;
  req.set_assignment_id(inv_.args[0]);
  if (inv_.Has("from")) *req.mutable_from() = DateOpt("from");
  if (inv_.Has("to")) *req.mutable_to() = DateOpt("to");
  req.set_concern_only(inv_.Flag("concern"));
  vv1::ListDailyReportsResponse resp;
  if (!r_.Page(r_.stubs_.volunteers, &VolunteerStub::ListDailyReports, req, &resp)) {
    return kExitRpcError;
  }
  return r_.Emit(resp, [&] {
    return RenderVisitTable(
        RowsOf(resp.reports()),
        {"report_id", "report_on", "contact_kind", "concern", "observations", "amendments"}, lang_);
  });
}

}  // namespace shouhu::cli
