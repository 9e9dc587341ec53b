// VolunteerCore: assigning volunteers, ending assignments and the lists of them.
#include "visit/volunteer_ops.h"

#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/paging.h"
#include "common/base/status_macros.h"
#include "common/base/validate.h"
#include "common/server/tenant.h"
#include "visit/access_policy.h"
#include "visit/ids.h"
#include "visit/plan_ops.h"
#include "visit/policy.h"
#include "visit/visit_rules.h"
#include "visit/volunteer_rules.h"

namespace shouhu::visit {

bool IsStaff(const Principal& p) {
  return p.kind == Principal::Kind::kUser &&
         p.HasAny({Role::kCaseworker, Role::kDepartmentHead, Role::kChief});
}

VolunteerCore::VolunteerCore(const VisitDeps& deps)
    : d_(deps),
      mutations_(deps.Mutations()),
      repo_(deps.cipher),
      plans_(deps.cipher),
      needs_(deps.cipher, deps.ids),
      amendments_(deps.cipher) {}

absl::CivilDay VolunteerCore::Today() const { return ChinaDay(d_.clock->Now()); }

absl::StatusOr<int> VolunteerCore::GraceDays(db::Tx& tx, const std::string& procuratorate) {
  ASSIGN_OR_RETURN(std::optional<pb::VisitPolicy> stored, plans_.Policy(tx, procuratorate, false));
  return stored.has_value() ? stored->offline_grace_days()
                            : DefaultVisitPolicy(procuratorate).offline_grace_days();
}

absl::StatusOr<pb::VolunteerAssignment> VolunteerCore::AssignVolunteer(
    const Principal& p, const pb::AssignVolunteerRequest& req) {
  FieldErrors e;
  CheckRequestId(e, req.request_id());
  if (req.case_id().empty()) e.Add("case_id", "required");
  CheckUserId(e, "volunteer_id", req.volunteer_id());
  if (!req.subject_person_id().empty() && !IsValidCode(req.subject_person_id(), 1, 32)) {
    e.Add("subject_person_id", "a person id");
  }
  CheckAlias(e, "subject_alias", req.subject_alias(), "");
  if (!req.care_notes().empty()) {
    CheckFreeText(e, "care_notes", req.care_notes(), 1, kMaxCareNotesChars);
  }
  const bool starts_ok = req.has_starts_on() && IsValidDate(req.starts_on());
  if (!starts_ok) e.Add("starts_on", "a real date required");
  if (req.has_ends_on() && req.ends_on().year() != 0) {
    if (!IsValidDate(req.ends_on())) {
      e.Add("ends_on", "a real date");
    } else if (starts_ok && ToCivilDay(req.ends_on()) < ToCivilDay(req.starts_on())) {
      e.Add("ends_on", "not before starts_on");
    }
  }
  if (req.report_every_days() < 0 || req.report_every_days() > kMaxReportEveryDays) {
    e.Add("report_every_days", absl::StrCat("1-", kMaxReportEveryDays, " days (0: daily)"));
  }
  RETURN_IF_ERROR(e.ToStatus());
  RETURN_IF_ERROR(CheckIdTenant(p, req.case_id(), "case_id"));

  ASSIGN_OR_RETURN(referral::v1::Case c, d_.cases->GetCase(req.case_id()));
  if (c.procuratorate_code() != p.procuratorate) {
    return absl::PermissionDeniedError("the case belongs to another procuratorate");
  }
  RecordFacts facts;
  facts.procuratorate = c.procuratorate_code();
  facts.assigned_to = c.assigned_to();
  RETURN_IF_ERROR(Require(AssignedOrHead(), p, facts, "assign volunteers to this case"));

  // The minor: the case's subject (the case hub names no other person of a case).
  const std::string person_id =
      req.subject_person_id().empty() ? c.subject_person_id() : req.subject_person_id();
  FieldErrors pe;
  if (person_id.empty() || person_id != c.subject_person_id()) {
    pe.Add("subject_person_id", "not a minor named in the case");
    return pe.ToStatus();
  }
  absl::StatusOr<cpb::Person> person = d_.cases->GetPerson(person_id);
  if (absl::IsNotFound(person.status())) {
    pe.Add("subject_person_id", "no such person in the referral service");
    return pe.ToStatus();
  }
  if (!person.ok()) return person.status();
  const bool minor = IsValidDate(person->birth_date())
                         ? AgeOn(ToCivilDay(person->birth_date()), ToCivilDay(req.starts_on())) < 18
                         : person->minor();
  if (!minor) pe.Add("subject_person_id", "must be under 18 on starts_on");
  CheckAlias(pe, "subject_alias", req.subject_alias(), person->name());
  RETURN_IF_ERROR(pe.ToStatus());

  pb::VolunteerAssignment a;
  a.set_case_id(req.case_id());
  a.set_volunteer_id(req.volunteer_id());
  a.set_subject_person_id(person_id);
  a.set_subject_alias(req.subject_alias());
  a.set_care_notes(req.care_notes());
  *a.mutable_starts_on() = req.starts_on();
  if (req.ends_on().year() != 0) *a.mutable_ends_on() = req.ends_on();
  a.set_report_every_days(req.report_every_days() == 0 ? 1 : req.report_every_days());
  a.set_active(true);

  return mutations_.Run<pb::VolunteerAssignment>(
      {.actor = p.Name(), .method = "AssignVolunteer", .request_id = req.request_id()}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::VolunteerAssignment> {
        pb::VolunteerAssignment out = a;
        out.set_assignment_id(NewVisitId(*d_.ids, VisitIdKind::kAssignment, p.procuratorate));
        RETURN_IF_ERROR(repo_.InsertAssignment(m.tx(), out, absl::ToUnixMillis(m.now())));
        RETURN_IF_ERROR(m.Audit("visit.volunteer.assign", "volunteer_assignment",
                                out.assignment_id(), p.procuratorate,
                                absl::StrCat("{\"case_id\":\"", out.case_id(),
                                             "\",\"volunteer_id\":\"", out.volunteer_id(), "\"}")));
        out.set_version(1);
        return out;
      });
}

absl::StatusOr<pb::VolunteerAssignment> VolunteerCore::EndAssignment(
    const Principal& p, const pb::EndAssignmentRequest& req) {
  FieldErrors e;
  CheckRequestId(e, req.request_id());
  if (req.assignment_id().empty()) e.Add("assignment_id", "required");
  CheckVersion(e, req.version());
  CheckText(e, "reason", req.reason(), 1, 500);
  RETURN_IF_ERROR(e.ToStatus());
  RETURN_IF_ERROR(CheckIdTenant(p, req.assignment_id(), "assignment_id"));
  return mutations_.Run<pb::VolunteerAssignment>(
      {.actor = p.Name(), .method = "EndAssignment", .request_id = req.request_id()}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::VolunteerAssignment> {
        ASSIGN_OR_RETURN(std::optional<pb::VolunteerAssignment> row,
                         repo_.GetAssignment(m.tx(), req.assignment_id(), true));
        if (!row.has_value()) {
          return absl::NotFoundError(absl::StrCat("no assignment ", req.assignment_id()));
        }
        pb::VolunteerAssignment a = *std::move(row);
        ASSIGN_OR_RETURN(referral::v1::Case c, d_.cases->GetCase(a.case_id()));
        RecordFacts facts;
        facts.procuratorate = TenantOfId(a.assignment_id());
        facts.assigned_to = c.assigned_to();
        RETURN_IF_ERROR(Require(AssignedOrHead(), p, facts, "end this assignment"));
        RETURN_IF_ERROR(m.CheckVersion(a.version(), req.version()));
        if (!a.active()) {
          return absl::FailedPreconditionError("assignment_id: the assignment has ended");
        }
        a.set_active(false);
        a.set_end_reason(req.reason());
        *a.mutable_ended_on() = FromCivilDay(ChinaDay(m.now()));
        RETURN_IF_ERROR(repo_.EndAssignment(m.tx(), a, req.version(), absl::ToUnixMillis(m.now())));
        RETURN_IF_ERROR(m.Audit("visit.volunteer.end", "volunteer_assignment", a.assignment_id(),
                                p.procuratorate));
        a.set_version(req.version() + 1);
        return a;
      });
}

absl::StatusOr<pb::ListAssignmentsResponse> VolunteerCore::ListAssignments(
    const Principal& p, const pb::ListAssignmentsRequest& req) {
  FieldErrors e;
  if (req.page_size() < 0) e.Add("page_size", "must not be negative");
  absl::StatusOr<int64_t> before = DecodePageToken(req.page_token());
  if (!before.ok()) e.Add("page_token", "not a token of this list");
  RETURN_IF_ERROR(e.ToStatus());
  if (!req.case_id().empty()) RETURN_IF_ERROR(CheckIdTenant(p, req.case_id(), "case_id"));
  const int size = PageSize(req.page_size());
  AssignmentFilter f;
  f.procuratorate = p.procuratorate;
  f.case_id = req.case_id();
  f.active_only = req.active_only();
  f.before_seq = *before;
  f.limit = size + 1;
  std::vector<std::pair<int64_t, pb::VolunteerAssignment>> rows;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool,
                                       [&](db::Tx& tx) -> absl::Status {
                                         ASSIGN_OR_RETURN(rows, repo_.ListAssignments(tx, f));
                                         return absl::OkStatus();
                                       },
                                       {.read_only = true}));
  const absl::CivilDay today = Today();
  pb::ListAssignmentsResponse out;
  out.set_next_page_token(TakePage(rows, size, [&](pb::VolunteerAssignment&& a) {
    a.set_report_overdue(ReportOverdue(a, today));
    *out.add_assignments() = std::move(a);
  }));
  return out;
}

absl::StatusOr<pb::ListMyAssignmentsResponse> VolunteerCore::ListMyAssignments(
    const Principal& p, const pb::ListMyAssignmentsRequest& req) {
  FieldErrors e;
  if (req.page_size() < 0) e.Add("page_size", "must not be negative");
  absl::StatusOr<int64_t> before = DecodePageToken(req.page_token());
  if (!before.ok()) e.Add("page_token", "not a token of this list");
  RETURN_IF_ERROR(e.ToStatus());
  const int size = PageSize(req.page_size());
  AssignmentFilter f;
  f.procuratorate = p.procuratorate;
  f.volunteer_id = p.id;
  f.active_only = req.active_only();
  f.before_seq = *before;
  f.limit = size + 1;
  std::vector<std::pair<int64_t, pb::VolunteerAssignment>> rows;
  int grace = 0;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool,
                                       [&](db::Tx& tx) -> absl::Status {
                                         ASSIGN_OR_RETURN(rows, repo_.ListAssignments(tx, f));
                                         ASSIGN_OR_RETURN(grace, GraceDays(tx, p.procuratorate));
                                         return absl::OkStatus();
                                       },
                                       {.read_only = true}));
  const absl::CivilDay today = Today();
  pb::ListMyAssignmentsResponse out;
  out.set_next_page_token(TakePage(rows, size, [&](pb::VolunteerAssignment&& a) {
    pb::VolunteerAssignmentView v = ViewOf(a, today, grace);
    if (!VolunteerMayUse(a, today, grace, false)) v.clear_care_notes();  // access stopped
    *out.add_assignments() = std::move(v);
  }));
  return out;
}

}  // namespace shouhu::visit
