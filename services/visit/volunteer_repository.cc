#include "visit/volunteer_repository.h"

#include <limits>

#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/status_macros.h"
#include "common/server/tenant.h"
#include "visit/volunteer_sql.h"

namespace shouhu::visit {
namespace {

using namespace volunteer_sql;  // NOLINT(build/namespaces): the statements of this file

constexpr char kAssignments[] = "volunteer_assignments";
constexpr char kReports[] = "volunteer_reports";

void ReadDate(sql::ResultSet& rs, const char* col, ::shouhu::common::v1::Date* out) {
  if (auto d = ParseDateString(db::GetStr(rs, col))) *out = FromCivilDay(*d);
}
std::string DateOr(const ::shouhu::common::v1::Date& d) {
  return d.year() == 0 ? "" : DateString(d);
}

}  // namespace

absl::StatusOr<pb::VolunteerAssignment> VolunteerRepository::AssignmentFromRow(
    sql::ResultSet& rs) const {
  pb::VolunteerAssignment a;
  const std::string id = db::GetStr(rs, "id");
  a.set_assignment_id(id);
  a.set_case_id(db::GetStr(rs, "case_id"));
  a.set_volunteer_id(db::GetStr(rs, "volunteer_id"));
  a.set_volunteer_name(db::GetStr(rs, "volunteer_name"));
  a.set_subject_person_id(db::GetStr(rs, "subject_person_id"));
  ASSIGN_OR_RETURN(std::string alias,
                   sealed_.Open(db::GetBlob(rs, "alias_enc"), kAssignments, id, "alias"));
  a.set_subject_alias(alias);
  ASSIGN_OR_RETURN(std::string notes,
                   sealed_.Open(db::GetBlob(rs, "care_notes_enc"), kAssignments, id, "care_notes"));
  a.set_care_notes(notes);
  ASSIGN_OR_RETURN(std::string reason,
                   sealed_.Open(db::GetBlob(rs, "end_reason_enc"), kAssignments, id, "end_reason"));
  a.set_end_reason(reason);
  ReadDate(rs, "starts_on", a.mutable_starts_on());
  ReadDate(rs, "ends_on", a.mutable_ends_on());
  ReadDate(rs, "ended_on", a.mutable_ended_on());
  ReadDate(rs, "last_report_on", a.mutable_last_report_on());
  a.set_report_every_days(rs.getInt("report_every_days"));
  a.set_active(rs.getInt("active") != 0);
  a.set_version(rs.getInt64("version"));
  return a;
}

absl::Status VolunteerRepository::InsertAssignment(db::Tx& tx, const pb::VolunteerAssignment& a,
                                                   int64_t now_ms) {
  const std::string& id = a.assignment_id();
  ASSIGN_OR_RETURN(std::string alias, sealed_.Seal(a.subject_alias(), kAssignments, id, "alias"));
  ASSIGN_OR_RETURN(std::string notes, sealed_.Seal(a.care_notes(), kAssignments, id, "care_notes"));
  return tx.Sql(kInsertAssignment)
      .Str(id)
      .Str(TenantOfId(id))
      .Str(a.case_id())
      .Str(a.volunteer_id())
      .Str(a.volunteer_name())
      .Str(a.subject_person_id())
      .Blob(alias)
      .BlobOrNull(notes)
      .Str(DateString(a.starts_on()))
      .StrOrNull(DateOr(a.ends_on()))
      .Int(a.report_every_days())
      .Int(now_ms)
      .Int(now_ms)
      .ExecOrStatus()
      .status();
}

absl::StatusOr<std::optional<pb::VolunteerAssignment>> VolunteerRepository::GetAssignment(
    db::Tx& tx, const std::string& id, bool lock) {
  auto rs = tx.Sql(lock ? kGetAssignmentForUpdate : kGetAssignment).Str(id).Rows();
  if (!rs->next()) return std::optional<pb::VolunteerAssignment>();
  ASSIGN_OR_RETURN(pb::VolunteerAssignment a, AssignmentFromRow(*rs));
  return std::optional<pb::VolunteerAssignment>(std::move(a));
}

absl::Status VolunteerRepository::EndAssignment(db::Tx& tx, const pb::VolunteerAssignment& a,
                                                int64_t expected_version, int64_t now_ms) {
  ASSIGN_OR_RETURN(std::string reason,
                   sealed_.Seal(a.end_reason(), kAssignments, a.assignment_id(), "end_reason"));
  const int64_t n = tx.Sql(kEndAssignment)
                        .Str(DateString(a.ended_on()))
                        .BlobOrNull(reason)
                        .Int(now_ms)
                        .Str(a.assignment_id())
                        .Int(expected_version)
                        .Exec();
  if (n != 1) return absl::AbortedError("the assignment changed meanwhile; read it again");
  return absl::OkStatus();
}

absl::Status VolunteerRepository::NoteReport(db::Tx& tx, const std::string& assignment_id,
                                             absl::CivilDay day) {
  tx.Sql(kSetLastReport).Str(DateString(day)).Str(assignment_id).Str(DateString(day)).Exec();
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::pair<int64_t, pb::VolunteerAssignment>>>
VolunteerRepository::ListAssignments(db::Tx& tx, const AssignmentFilter& f) {
  std::string sql = kAsgCols;
  if (!f.case_id.empty()) {
    absl::StrAppend(&sql, kWhereAsgCase);
  } else if (!f.volunteer_id.empty()) {
    absl::StrAppend(&sql, kWhereAsgVolunteer);
  } else {
    absl::StrAppend(&sql, kWhereAsgProc);
  }
  if (f.active_only) absl::StrAppend(&sql, kAndActive);
  absl::StrAppend(&sql, kAsgBeforeSeq, kAsgOrder);
  db::Query q = tx.Sql(sql);
  if (!f.case_id.empty()) {
    q.Str(f.case_id);
  } else if (!f.volunteer_id.empty()) {
    q.Str(f.procuratorate).Str(f.volunteer_id);
  } else {
    q.Str(f.procuratorate);
  }
  q.Int(f.before_seq > 0 ? f.before_seq : std::numeric_limits<int64_t>::max()).Int(f.limit);
  std::vector<std::pair<int64_t, pb::VolunteerAssignment>> out;
  auto rs = q.Rows();
  while (rs->next()) {
    ASSIGN_OR_RETURN(pb::VolunteerAssignment a, AssignmentFromRow(*rs));
    out.emplace_back(rs->getInt64("seq"), std::move(a));
  }
  return out;
}

absl::StatusOr<pb::DailyReport> VolunteerRepository::ReportFromRow(sql::ResultSet& rs) const {
  const std::string id = db::GetStr(rs, "id");
  ASSIGN_OR_RETURN(std::string body,
                   sealed_.Open(db::GetBlob(rs, "body_enc"), kReports, id, "body"));
  pb::DailyReport r;
  if (!r.ParseFromString(body)) {
    return absl::DataLossError(absl::StrCat("report ", id, " unreadable"));
  }
  r.set_report_id(id);
  r.set_amendments(rs.getInt("amendments"));
  r.set_version(rs.getInt64("version"));
  return r;
}

absl::Status VolunteerRepository::InsertReport(db::Tx& tx, const std::string& procuratorate,
                                               const pb::DailyReport& r,
                                               const std::string& submitted_by, int64_t now_ms) {
  pb::DailyReport stored = r;
  stored.clear_needs();
  stored.set_version(1);
  ASSIGN_OR_RETURN(std::string body,
                   sealed_.Seal(stored.SerializeAsString(), kReports, r.report_id(), "body"));
  return tx.Sql(kInsertReport)
      .Str(r.report_id())
      .Str(procuratorate)
      .Str(r.assignment_id())
      .Str(DateString(r.report_on()))
      .Int(r.contact_kind())
      .Int(r.concern() ? 1 : 0)
      .Str(submitted_by)
      .StrOrNull(r.client_id())
      .Blob(body)
      .Int(now_ms)
      .Int(now_ms)
      .ExecOrStatus()
      .status();
}

absl::StatusOr<std::optional<pb::DailyReport>> VolunteerRepository::ReportOfDay(
    db::Tx& tx, const std::string& assignment_id, absl::CivilDay day) {
  auto rs = tx.Sql(kReportOfDayForUpdate).Str(assignment_id).Str(DateString(day)).Rows();
  if (!rs->next()) return std::optional<pb::DailyReport>();
  ASSIGN_OR_RETURN(pb::DailyReport r, ReportFromRow(*rs));
  return std::optional<pb::DailyReport>(std::move(r));
}

absl::Status VolunteerRepository::ReplaceReport(db::Tx& tx, const pb::DailyReport& r,
                                                int64_t expected_version, int64_t now_ms) {
  pb::DailyReport stored = r;
  stored.clear_needs();
  stored.set_version(expected_version + 1);
  ASSIGN_OR_RETURN(std::string body,
                   sealed_.Seal(stored.SerializeAsString(), kReports, r.report_id(), "body"));
  const int64_t n = tx.Sql(kUpdateReport)
                        .Int(r.contact_kind())
                        .Int(r.concern() ? 1 : 0)
                        .Blob(body)
                        .Int(now_ms)
                        .Str(r.report_id())
                        .Int(expected_version)
                        .Exec();
  if (n != 1) return absl::AbortedError("the report changed meanwhile; read it again");
  return absl::OkStatus();
}

absl::StatusOr<std::vector<pb::DailyReport>> VolunteerRepository::ListReports(
    db::Tx& tx, const ReportFilter& f) {
  std::string sql = absl::StrCat(kReportCols, kWhereReportAsg);
  if (f.concern_only) absl::StrAppend(&sql, kAndConcern);
  if (f.from.has_value()) absl::StrAppend(&sql, kReportFrom);
  if (f.to.has_value()) absl::StrAppend(&sql, kReportTo);
  if (f.before.has_value()) absl::StrAppend(&sql, kReportBefore);
  absl::StrAppend(&sql, kReportOrder);
  db::Query q = tx.Sql(sql);
  q.Str(f.assignment_id);
  if (f.from.has_value()) q.Str(DateString(*f.from));
  if (f.to.has_value()) q.Str(DateString(*f.to));
  if (f.before.has_value()) q.Str(DateString(*f.before));
  q.Int(f.limit);
  std::vector<pb::DailyReport> out;
  auto rs = q.Rows();
  while (rs->next()) {
    ASSIGN_OR_RETURN(pb::DailyReport r, ReportFromRow(*rs));
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace shouhu::visit
