#include "guardianship/unattended_repository.h"

#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/status_macros.h"
#include "guardianship/unattended_sql.h"

namespace shouhu::guardianship {

using namespace unattended_sql;  // NOLINT(build/namespaces): the statements of this file
namespace cpb = ::shouhu::common::v1;

namespace {

constexpr char kEntity[] = "guard_unattended_checks";

std::string DateOr(const cpb::Date& d) { return IsValidDate(d) ? DateString(d) : ""; }

// What parents_enc holds: the parents, the explanation and the assessor.
std::string AssessmentPb(const pb::UnattendedCheck& c) {
  pb::UnattendedCheck a;
  *a.mutable_parents() = c.parents();
  a.set_explanation(c.explanation());
  *a.mutable_assessed_by() = c.assessed_by();
  return a.SerializeAsString();
}

struct Sealed {
  std::string parents;
  std::string handoff;
};

absl::StatusOr<Sealed> SealRow(const SealedFields& sealed, const pb::UnattendedCheck& c) {
  Sealed s;
  ASSIGN_OR_RETURN(s.parents, sealed.Seal(AssessmentPb(c), kEntity, c.check_id(), "parents_enc"));
  if (c.has_handoff()) {
    ASSIGN_OR_RETURN(s.handoff, sealed.Seal(c.handoff().SerializeAsString(), kEntity, c.check_id(),
                                            "handoff_enc"));
  }
  return s;
}

// The columns an insert and an update both write, status through assessed_by, in the
// statements' order.
db::Query& BindAssessment(db::Query& q, const pb::UnattendedCheck& c, const Sealed& s) {
  const pb::UnattendedHandoff& h = c.handoff();
  return q.Int(c.status())
      .Bool(c.criteria_met())
      .Int(c.matched_rule())
      .Blob(s.parents)
      .Str(h.civil_affairs_agency_code())
      .StrOrNull(DateOr(h.handed_on()))
      .StrOrNull(DateOr(h.township().due_on()))
      .Int(h.township().answer())
      .StrOrNull(DateOr(h.township().answered_on()))
      .StrOrNull(DateOr(h.county().due_on()))
      .Int(h.county().answer())
      .StrOrNull(DateOr(h.county().answered_on()))
      .BlobOrNull(s.handoff)
      .Str(DateString(c.assessed_on()))
      .Str(c.assessed_by().principal());
}

}  // namespace

std::string UnattendedListSql(bool agency, bool with_case, bool with_status, bool overdue,
                              bool after_first_page) {
  std::string sql = kSelect;
  absl::StrAppend(&sql, agency ? kWhereAgency : kWhereProcuratorate);
  if (!agency && with_case) absl::StrAppend(&sql, kAndCase);
  if (!agency && with_status) absl::StrAppend(&sql, kAndStatus);
  if (!agency && overdue) absl::StrAppend(&sql, kAndOverdue);
  if (after_first_page) absl::StrAppend(&sql, kAndBefore);
  absl::StrAppend(&sql, kOrderPage);
  return sql;
}

absl::Status UnattendedRepository::Insert(db::Tx& tx, const UnattendedRow& row,
                                          absl::Time now) const {
  const pb::UnattendedCheck& c = row.c;
  ASSIGN_OR_RETURN(Sealed s, SealRow(sealed_, c));
  const int64_t at = absl::ToUnixMillis(now);
  ASSIGN_OR_RETURN(int64_t n, BindAssessment(tx.Sql(kInsert)
                                                 .Str(c.check_id())
                                                 .Str(c.procuratorate_code())
                                                 .Str(c.case_id())
                                                 .StrOrNull(c.order_id())
                                                 .Str(c.minor_person_id())
                                                 .StrOrNull(row.assigned_to),
                                             c, s)
                                  .Int(at)
                                  .Int(at)
                                  .ExecOrStatus());
  if (n != 1) return absl::InternalError("check not inserted");
  return absl::OkStatus();
}

absl::Status UnattendedRepository::Update(db::Tx& tx, const UnattendedRow& row,
                                          int64_t expected_version, absl::Time now) const {
  const pb::UnattendedCheck& c = row.c;
  ASSIGN_OR_RETURN(Sealed s, SealRow(sealed_, c));
  const int64_t n = BindAssessment(tx.Sql(kUpdate).StrOrNull(c.order_id()), c, s)
                        .Int(absl::ToUnixMillis(now))
                        .Str(c.check_id())
                        .Int(expected_version)
                        .Exec();
  if (n != 1) {
    return absl::AbortedError(
        absl::StrCat("check ", c.check_id(), " changed since version ", expected_version));
  }
  return absl::OkStatus();
}

absl::StatusOr<UnattendedRow> UnattendedRepository::Read(sql::ResultSet& rs) const {
  UnattendedRow row;
  pb::UnattendedCheck& c = row.c;
  const std::string id = db::GetStr(rs, "id");
  ASSIGN_OR_RETURN(std::string parents,
                   sealed_.Open(db::GetBlob(rs, "parents_enc"), kEntity, id, "parents_enc"));
  if (!c.ParseFromString(parents)) {
    return absl::DataLossError(absl::StrCat("check ", id, " is unreadable"));
  }
  ASSIGN_OR_RETURN(std::string handoff,
                   sealed_.Open(db::GetBlob(rs, "handoff_enc"), kEntity, id, "handoff_enc"));
  if (!handoff.empty() && !c.mutable_handoff()->ParseFromString(handoff)) {
    return absl::DataLossError(absl::StrCat("hand-off of check ", id, " is unreadable"));
  }
  c.set_check_id(id);
  c.set_procuratorate_code(db::GetStr(rs, "procuratorate_code"));
  c.set_case_id(db::GetStr(rs, "case_id"));
  c.set_order_id(db::GetStr(rs, "order_id"));
  c.set_minor_person_id(db::GetStr(rs, "minor_person_id"));
  c.set_status(static_cast<pb::UnattendedCheckStatus>(rs.getInt("status")));
  c.set_criteria_met(rs.getBoolean("criteria_met"));
  c.set_matched_rule(static_cast<pb::UnattendedRule>(rs.getInt("matched_rule")));
  if (auto d = ParseDateString(db::GetStr(rs, "assessed_on"))) {
    *c.mutable_assessed_on() = FromCivilDay(*d);
  }
  c.set_version(rs.getInt64("version"));
  row.assigned_to = db::GetStr(rs, "assigned_to");
  row.seq = rs.getInt64("seq");
  return row;
}

absl::StatusOr<UnattendedRow> UnattendedRepository::Get(db::Tx& tx, const std::string& id,
                                                        bool for_update) const {
  auto rs = tx.Sql(for_update ? kGetForUpdate : kGet).Str(id).Rows();
  if (!rs->next()) return absl::NotFoundError(absl::StrCat("no 事实无人抚养 check ", id));
  return Read(*rs);
}

absl::StatusOr<std::vector<UnattendedRow>> UnattendedRepository::List(
    db::Tx& tx, const UnattendedFilter& f) const {
  const bool agency = !f.agency.empty();
  const bool with_case = !agency && !f.case_id.empty();
  const bool with_status = !agency && f.status != pb::UNATTENDED_CHECK_STATUS_UNSPECIFIED;
  const bool overdue = !agency && f.overdue_on.has_value();
  db::Query q =
      tx.Sql(UnattendedListSql(agency, with_case, with_status, overdue, f.before_seq > 0));
  q.Str(agency ? f.agency : f.procuratorate);
  if (with_case) q.Str(f.case_id);
  if (with_status) q.Int(f.status);
  if (overdue) q.Str(DateString(*f.overdue_on)).Str(DateString(*f.overdue_on));
  if (f.before_seq > 0) q.Int(f.before_seq);
  q.Int(f.limit);
  auto rs = q.Rows();
  std::vector<UnattendedRow> out;
  while (rs->next()) {
    ASSIGN_OR_RETURN(UnattendedRow row, Read(*rs));
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace shouhu::guardianship
