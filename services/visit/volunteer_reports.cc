// VolunteerCore: daily reports - submitting and replacing them, reading them, and the
// daily reports of offline batches (OfflineReports).
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/base/dates.h"
#include "common/base/paging.h"
#include "common/base/status_macros.h"
#include "common/base/validate.h"
#include "common/server/tenant.h"
#include "shouhu/visit/v1/events.pb.h"
#include "visit/access_policy.h"
#include "visit/ids.h"
#include "visit/plan_ops.h"
#include "visit/visit_core.h"
#include "visit/volunteer_ops.h"
#include "visit/volunteer_rules.h"

namespace shouhu::visit {
namespace {

absl::Status NotYours() { return absl::PermissionDeniedError(kNotYourAssignment); }

// A volunteer acting as one (staff roles read and upload as staff).
bool ActsAsVolunteer(const Principal& p) { return !IsStaff(p); }

}  // namespace

absl::StatusOr<pb::VolunteerAssignment> VolunteerCore::ReachableAssignment(
    db::Tx& tx, const Principal& p, const std::string& id, bool lock, bool within_grace) {
  const bool volunteer = ActsAsVolunteer(p);
  if (TenantOfId(id) != p.procuratorate) {
    if (volunteer) return NotYours();
    RETURN_IF_ERROR(CheckIdTenant(p, id, "assignment_id"));
  }
  ASSIGN_OR_RETURN(std::optional<pb::VolunteerAssignment> row, repo_.GetAssignment(tx, id, lock));
  if (!row.has_value()) {
    if (volunteer) return NotYours();
    return absl::NotFoundError(absl::StrCat("no assignment ", id));
  }
  if (!volunteer) return *std::move(row);
  RecordFacts facts;
  facts.procuratorate = TenantOfId(id);
  facts.assigned_to = row->volunteer_id();
  if (!Require(OwnActiveAssignment(), p, facts, "report").ok()) return NotYours();
  ASSIGN_OR_RETURN(int grace, GraceDays(tx, p.procuratorate));
  if (!VolunteerMayUse(*row, Today(), grace, within_grace)) return NotYours();
  return *std::move(row);
}

absl::StatusOr<VolunteerCore::Applied> VolunteerCore::ApplyReport(
    db::Mutation& m, const Principal& p, const pb::DailyReport& r, const std::string& client_id,
    const std::string& prefix, Mode mode) {
  auto field = [&](absl::string_view name) { return absl::StrCat(prefix, ".", name); };
  const bool offline = mode != Mode::kOnline;
  ASSIGN_OR_RETURN(pb::VolunteerAssignment a,
                   ReachableAssignment(m.tx(), p, r.assignment_id(), true, offline));
  const absl::CivilDay today = ChinaDay(m.now());
  const absl::CivilDay day = ToCivilDay(r.report_on());
  FieldErrors e;
  if (day > today) {
    e.Add(field("report_on"), "not in the future");
  } else if (day < ToCivilDay(a.starts_on())) {
    e.Add(field("report_on"), "within the assignment's dates (before its start)");
  } else if (std::optional<absl::CivilDay> last = LastReportDay(a); last && day > *last) {
    e.Add(field("report_on"), "within the assignment's dates (after its end)");
  }
  RETURN_IF_ERROR(e.ToStatus());

  Applied out;
  out.case_id = a.case_id();
  ASSIGN_OR_RETURN(std::optional<pb::DailyReport> existing,
                   repo_.ReportOfDay(m.tx(), a.assignment_id(), day));
  int64_t base_version = r.version();
  if (existing.has_value() && r.version() != existing->version()) {
    switch (mode) {
      case Mode::kOnline:
        if (r.version() == 0) {
          return absl::AlreadyExistsError(absl::StrCat("report: the report of ", DateString(day),
                                                       " exists (version ", existing->version(),
                                                       "); send that version to replace it"));
        }
        return db::StaleVersionError(existing->version());
      case Mode::kOffline:
        out.conflict = true;
        return out;
      case Mode::kOfflineAgainstCurrent:
        base_version = existing->version();
    }
  }
  if (!existing.has_value() && r.version() != 0) {
    if (mode == Mode::kOfflineAgainstCurrent) {
      base_version = 0;
    } else {
      e.Add(field("version"),
            absl::StrCat("no report of ", DateString(day), " to replace; 0 creates it"));
      return e.ToStatus();
    }
  }
  if (existing.has_value() && mode == Mode::kOnline && today > day + 1) {
    return absl::FailedPreconditionError(
        "report: a report may be replaced on its day or the day after only");
  }

  pb::DailyReport report = r;
  report.clear_needs();
  report.set_client_id(client_id.empty() && existing ? existing->client_id() : client_id);
  *report.mutable_submitted_at() = ToTimestamp(m.now());
  const int64_t now_ms = absl::ToUnixMillis(m.now());
  const std::string procuratorate = TenantOfId(a.assignment_id());
  if (!existing.has_value()) {
    report.set_report_id(NewVisitId(*d_.ids, VisitIdKind::kReport, procuratorate));
    report.set_amendments(0);
    RETURN_IF_ERROR(repo_.InsertReport(m.tx(), procuratorate, report, p.Name(), now_ms));
    report.set_version(1);
    RETURN_IF_ERROR(
        m.Audit("visit.report.submit", "volunteer_report", report.report_id(), procuratorate));
  } else {
    pb::DailyReport before = *existing;
    ASSIGN_OR_RETURN(std::vector<pb::Need> kept, needs_.OfReport(m.tx(), before.report_id()));
    for (pb::Need& n : kept) *before.add_needs() = n;
    report.set_report_id(existing->report_id());
    report.set_amendments(existing->amendments() + 1);
    RETURN_IF_ERROR(repo_.ReplaceReport(m.tx(), report, base_version, now_ms));
    report.set_version(base_version + 1);
    const std::vector<std::string> changed = ChangedReportFields(*existing, r);
    pb::Amendment am;
    am.set_record_id(report.report_id());
    *am.mutable_amended_by() = ActorOf(p);
    *am.mutable_amended_at() = ToTimestamp(m.now());
    am.set_reason(mode == Mode::kOnline ? "replaced by the volunteer"
                                        : "offline upload applied to the current report");
    for (const std::string& c : changed) am.add_changed_fields(c);
    *am.mutable_report_before() = before;
    RETURN_IF_ERROR(amendments_.Append(m.tx(), procuratorate, am).status());
    RETURN_IF_ERROR(m.Audit("visit.report.replace", "volunteer_report", report.report_id(),
                            procuratorate,
                            absl::StrCat("{\"changed\":\"", absl::StrJoin(changed, ","), "\"}")));
    for (pb::Need& n : kept) *report.add_needs() = std::move(n);
  }
  RETURN_IF_ERROR(repo_.NoteReport(m.tx(), a.assignment_id(), day));
  pb::SeriousConcern alert;
  for (const pb::Assessment& x : r.assessments()) {
    if (x.rating() != pb::RATING_SERIOUS) continue;
    bool was = false;
    if (existing.has_value()) {
      for (const pb::Assessment& b : existing->assessments()) {
        was = was || (b.dimension() == x.dimension() && b.rating() == pb::RATING_SERIOUS);
      }
    }
    if (!was) alert.add_dimensions(x.dimension());
  }
  const bool alerting = (r.concern() && (!existing.has_value() || !existing->concern())) ||
                        !alert.dimensions().empty();
  if (alerting || r.needs_size() > 0) {
    // The case's caseworker, to alert and to hold the needs (empty when the hub is down).
    absl::StatusOr<referral::v1::Case> c = d_.cases->GetCase(a.case_id());
    const std::string caseworker = c.ok() ? c->assigned_to() : "";
    NeedOrigin origin;
    origin.procuratorate = procuratorate;
    origin.case_id = a.case_id();
    origin.report_id = report.report_id();
    origin.person_id = a.subject_person_id();
    origin.assigned_to = caseworker;
    origin.raised_by = ActorOf(p);
    origin.found_on = day;
    for (const pb::Need& n : r.needs()) {
      ASSIGN_OR_RETURN(pb::Need stored, needs_.Add(m, origin, n));
      *report.add_needs() = std::move(stored);
    }
    if (alerting) {
      alert.set_report_id(report.report_id());
      alert.set_assignment_id(a.assignment_id());
      alert.set_case_id(a.case_id());
      alert.set_procuratorate_code(procuratorate);
      alert.set_assigned_to(caseworker);
      RETURN_IF_ERROR(m.Emit(kTopicSeriousConcern, report.report_id(), procuratorate, alert));
      RETURN_IF_ERROR(m.Audit("visit.serious_concern", "volunteer_report", report.report_id(),
                              procuratorate,
                              absl::StrCat("{\"assigned_to\":\"", caseworker,
                                           "\",\"dimensions\":", alert.dimensions_size(), "}")));
    }
  }
  out.report = std::move(report);
  return out;
}

absl::StatusOr<pb::DailyReport> VolunteerCore::SubmitDailyReport(
    const Principal& p, const pb::SubmitDailyReportRequest& req) {
  FieldErrors e;
  CheckRequestId(e, req.request_id());
  if (req.report().assignment_id().empty()) e.Add("report.assignment_id", "required");
  CheckReportContent(e, "report", req.report());
  RETURN_IF_ERROR(e.ToStatus());
  return mutations_.Run<pb::DailyReport>(
      {.actor = p.Name(), .method = "SubmitDailyReport", .request_id = req.request_id()}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::DailyReport> {
        ASSIGN_OR_RETURN(Applied applied,
                         ApplyReport(m, p, req.report(), "", "report", Mode::kOnline));
        return std::move(applied.report);
      });
}

absl::StatusOr<OfflineResult> VolunteerCore::ApplyOfflineReport(db::Mutation& m, const Principal& p,
                                                                const pb::DailyReport& report,
                                                                const std::string& client_id,
                                                                const std::string& prefix,
                                                                bool against_current) {
  OfflineResult out;
  FieldErrors e;
  if (report.assignment_id().empty()) e.Add(absl::StrCat(prefix, ".assignment_id"), "required");
  CheckReportContent(e, prefix, report);
  absl::StatusOr<Applied> applied =
      e.empty() ? ApplyReport(m, p, report, client_id, prefix,
                              against_current ? Mode::kOfflineAgainstCurrent : Mode::kOffline)
                : absl::StatusOr<Applied>(e.ToStatus());
  if (absl::IsInvalidArgument(applied.status())) {
    out.outcome = pb::BATCH_OUTCOME_REJECTED;
    for (const auto& [f, d] : FieldViolationsOf(applied.status())) {
      cpb::FieldViolation* v = &out.violations.emplace_back();
      v->set_field(f);
      v->set_description(d);
    }
    out.message = "invalid report";
    return out;
  }
  if (!applied.ok()) return applied.status();
  out.case_id = applied->case_id;
  if (applied->conflict) {
    out.outcome = pb::BATCH_OUTCOME_CONFLICT;
    out.conflict_reason = pb::CONFLICT_REASON_REPORT_CHANGED;
    out.message = "the report of that day changed since it was captured";
    return out;
  }
  out.outcome = pb::BATCH_OUTCOME_CREATED;
  out.record_id = applied->report.report_id();
  return out;
}

absl::StatusOr<pb::ListDailyReportsResponse> VolunteerCore::ListDailyReports(
    const Principal& p, const pb::ListDailyReportsRequest& req) {
  FieldErrors e;
  if (req.assignment_id().empty()) e.Add("assignment_id", "required");
  const bool has_from = req.has_from() && req.from().year() != 0;
  const bool has_to = req.has_to() && req.to().year() != 0;
  if (has_from && !IsValidDate(req.from())) e.Add("from", "a real date");
  if (has_to && !IsValidDate(req.to())) e.Add("to", "a real date");
  if (has_from && has_to && IsValidDate(req.from()) && IsValidDate(req.to()) &&
      ToCivilDay(req.to()) < ToCivilDay(req.from())) {
    e.Add("to", "not before from");
  }
  if (req.page_size() < 0) e.Add("page_size", "must not be negative");
  ReportFilter f;
  if (!req.page_token().empty()) {
    absl::StatusOr<std::string> key = DecodeKeyPageToken(req.page_token());
    if (key.ok()) f.before = ParseDateString(*key);
    if (!f.before.has_value()) e.Add("page_token", "not a token of this list");
  }
  RETURN_IF_ERROR(e.ToStatus());
  const int size = PageSize(req.page_size());
  f.assignment_id = req.assignment_id();
  if (has_from) f.from = ToCivilDay(req.from());
  if (has_to) f.to = ToCivilDay(req.to());
  f.concern_only = req.concern_only();
  f.limit = size + 1;
  std::vector<pb::DailyReport> rows;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        RETURN_IF_ERROR(ReachableAssignment(tx, p, req.assignment_id(), false, false).status());
        ASSIGN_OR_RETURN(rows, repo_.ListReports(tx, f));
        for (pb::DailyReport& r : rows) {
          ASSIGN_OR_RETURN(std::vector<pb::Need> needs, needs_.OfReport(tx, r.report_id()));
          for (pb::Need& n : needs) *r.add_needs() = std::move(n);
        }
        return absl::OkStatus();
      },
      {.read_only = true}));
  pb::ListDailyReportsResponse out;
  out.set_next_page_token(TakePage(
      rows, size, [&](pb::DailyReport&& r) { *out.add_reports() = std::move(r); },
      [](const pb::DailyReport& r) { return EncodeKeyPageToken(DateString(r.report_on())); }));
  return out;
}

}  // namespace shouhu::visit
