#include "visit/visit_repository.h"

#include <limits>
#include <memory>

#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/status_macros.h"
#include "visit/visit_sql.h"

namespace shouhu::visit {
namespace {

using namespace visit_sql;  // NOLINT(build/namespaces): the statements of this file

constexpr char kVisits[] = "visits";
constexpr char kConflicts[] = "visit_conflicts";

int64_t Before(int64_t before_seq) {
  return before_seq > 0 ? before_seq : std::numeric_limits<int64_t>::max();
}

void Execute(db::Tx& tx, const char* statement) {
  std::unique_ptr<sql::Statement> st(tx.connection().raw().createStatement());
  st->execute(statement);
}

}  // namespace

absl::Status VisitRepository::Insert(db::Tx& tx, const std::string& procuratorate,
                                     const pb::Visit& v, int64_t now_ms,
                                     const std::string& department) {
  pb::Visit body = v;
  body.clear_needs();
  ASSIGN_OR_RETURN(std::string enc,
                   sealed_.Seal(body.SerializeAsString(), kVisits, v.visit_id(), "body"));
  return tx.Sql(kInsertVisit)
      .Str(v.visit_id())
      .Str(procuratorate)
      .Str(v.case_id())
      .StrOrNull(v.plan_id())
      .Int(v.slot_sequence())
      .Int(v.kind())
      .Str(DateString(v.visited_on()))
      .Str(v.subject_person_id())
      .Str(v.recorded_by().principal())
      .StrOrNull(v.client_id())
      .Blob(enc)
      .Int(now_ms)
      .Int(now_ms)
      .Str(department)
      .ExecOrStatus()
      .status();
}

absl::Status VisitRepository::Update(db::Tx& tx, const pb::Visit& v, int64_t expected_version,
                                     int64_t now_ms) {
  pb::Visit body = v;
  body.clear_needs();
  ASSIGN_OR_RETURN(std::string enc,
                   sealed_.Seal(body.SerializeAsString(), kVisits, v.visit_id(), "body"));
  const int64_t n =
      tx.Sql(kUpdateVisit).Blob(enc).Int(now_ms).Str(v.visit_id()).Int(expected_version).Exec();
  if (n != 1) return absl::AbortedError("the visit changed meanwhile; read it again");
  return absl::OkStatus();
}

absl::StatusOr<VisitRow> VisitRepository::VisitFromRow(sql::ResultSet& rs) const {
  VisitRow row;
  row.seq = rs.getInt64("seq");
  row.procuratorate = db::GetStr(rs, "procuratorate_code");
  row.created_at_ms = rs.getInt64("created_at_ms");
  row.department = db::GetStr(rs, "department");
  const std::string id = db::GetStr(rs, "id");
  ASSIGN_OR_RETURN(std::string body,
                   sealed_.Open(db::GetBlob(rs, "body_enc"), kVisits, id, "body"));
  if (!row.visit.ParseFromString(body)) {
    return absl::DataLossError(absl::StrCat("visit ", id, " unreadable"));
  }
  row.visit.set_version(rs.getInt64("version"));
  row.visit.set_amendments(rs.getInt("amendments"));
  return row;
}

absl::StatusOr<std::optional<VisitRow>> VisitRepository::Get(db::Tx& tx, const std::string& id,
                                                             bool lock) {
  auto rs = tx.Sql(lock ? kGetVisitForUpdate : kGetVisit).Str(id).Rows();
  if (!rs->next()) return std::optional<VisitRow>();
  ASSIGN_OR_RETURN(VisitRow row, VisitFromRow(*rs));
  return std::optional<VisitRow>(std::move(row));
}

absl::StatusOr<std::vector<VisitRow>> VisitRepository::OfCase(db::Tx& tx,
                                                              const std::string& case_id,
                                                              int64_t before_seq, int limit) {
  std::vector<VisitRow> out;
  auto rs = tx.Sql(kVisitsOfCase).Str(case_id).Int(Before(before_seq)).Int(limit).Rows();
  while (rs->next()) {
    ASSIGN_OR_RETURN(VisitRow row, VisitFromRow(*rs));
    out.push_back(std::move(row));
  }
  return out;
}

absl::Status VisitRepository::CompleteSlot(db::Tx& tx, const std::string& plan_id, int sequence,
                                           const std::string& visit_id, absl::CivilDay visited_on,
                                           int64_t plan_version, int64_t now_ms) {
  const int64_t bumped = tx.Sql(kBumpPlan).Int(now_ms).Str(plan_id).Int(plan_version).Exec();
  if (bumped != 1) return absl::AbortedError("the plan changed meanwhile; read it again");
  const int64_t n = tx.Sql(kCompleteSlot)
                        .Str(visit_id)
                        .Str(DateString(visited_on))
                        .Str(plan_id)
                        .Int(sequence)
                        .Exec();
  if (n != 1) {
    return absl::FailedPreconditionError(
        absl::StrCat("slot_sequence: slot ", sequence, " is already done or waived"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<std::string>> VisitRepository::ReportTenant(db::Tx& tx,
                                                                         const std::string& id) {
  auto rs = tx.Sql(kReportTenant).Str(id).Rows();
  if (!rs->next()) return std::optional<std::string>();
  return std::optional<std::string>(db::GetStr(*rs, "procuratorate_code"));
}

void VisitRepository::Savepoint(db::Tx& tx) { Execute(tx, kSavepoint); }
void VisitRepository::RollbackToSavepoint(db::Tx& tx) { Execute(tx, kRollbackToSavepoint); }

absl::StatusOr<std::optional<StoredItem>> VisitRepository::GetItem(db::Tx& tx,
                                                                   const std::string& uploader,
                                                                   const std::string& client_id) {
  auto rs = tx.Sql(kGetBatchItem).Str(uploader).Str(client_id).Rows();
  if (!rs->next()) return std::optional<StoredItem>();
  StoredItem s;
  s.outcome = static_cast<pb::BatchOutcome>(rs->getInt("outcome"));
  s.record_id = db::GetStr(*rs, "record_id");
  s.conflict_id = db::GetStr(*rs, "conflict_id");
  s.payload_hash = db::GetStr(*rs, "payload_hash");
  return std::optional<StoredItem>(std::move(s));
}

absl::Status VisitRepository::InsertItem(db::Tx& tx, const std::string& uploader,
                                         const std::string& client_id,
                                         const std::string& procuratorate, const StoredItem& item,
                                         int64_t now_ms) {
  return tx.Sql(kInsertBatchItem)
      .Str(uploader)
      .Str(client_id)
      .Str(procuratorate)
      .Int(item.outcome)
      .StrOrNull(item.record_id)
      .StrOrNull(item.conflict_id)
      .Str(item.payload_hash)
      .Int(now_ms)
      .ExecOrStatus()
      .status();
}

absl::Status VisitRepository::SetItemRecord(db::Tx& tx, const std::string& uploader,
                                            const std::string& client_id,
                                            const std::string& record_id) {
  tx.Sql(kSetBatchItemRecord).Str(record_id).Str(uploader).Str(client_id).Exec();
  return absl::OkStatus();
}

absl::Status VisitRepository::InsertConflict(db::Tx& tx, const std::string& procuratorate,
                                             const pb::VisitConflict& c, int64_t now_ms,
                                             const std::string& department) {
  ASSIGN_OR_RETURN(std::string item,
                   sealed_.Seal(c.item().SerializeAsString(), kConflicts, c.conflict_id(), "item"));
  tx.Sql(kInsertConflict)
      .Str(c.conflict_id())
      .Str(procuratorate)
      .Str(c.case_id())
      .StrOrNull(c.plan_id())
      .Str(c.client_id())
      .Int(c.reason())
      .Str(c.uploaded_by().principal())
      .Blob(item)
      .Int(now_ms)
      .Int(now_ms)
      .Str(department)
      .Exec();
  return absl::OkStatus();
}

absl::StatusOr<ConflictRow> VisitRepository::ConflictFromRow(sql::ResultSet& rs) const {
  ConflictRow row;
  row.seq = rs.getInt64("seq");
  row.procuratorate = db::GetStr(rs, "procuratorate_code");
  row.uploader_department = db::GetStr(rs, "uploader_department");
  pb::VisitConflict& c = row.conflict;
  c.set_conflict_id(db::GetStr(rs, "id"));
  c.set_case_id(db::GetStr(rs, "case_id"));
  c.set_plan_id(db::GetStr(rs, "plan_id"));
  c.set_client_id(db::GetStr(rs, "client_id"));
  c.set_reason(static_cast<pb::ConflictReason>(rs.getInt("reason")));
  c.mutable_uploaded_by()->set_principal(db::GetStr(rs, "uploaded_by"));
  c.mutable_uploaded_at()->set_unix_millis(rs.getInt64("created_at_ms"));
  c.set_resolved(rs.getInt("resolved") != 0);
  c.set_resolution(static_cast<pb::ConflictResolution>(rs.getInt("resolution")));
  c.set_record_id(db::GetStr(rs, "record_id"));
  const std::string by = db::GetStr(rs, "resolved_by");
  if (!by.empty()) c.mutable_resolved_by()->set_principal(by);
  c.set_version(rs.getInt64("version"));
  ASSIGN_OR_RETURN(std::string item,
                   sealed_.Open(db::GetBlob(rs, "item_enc"), kConflicts, c.conflict_id(), "item"));
  if (!c.mutable_item()->ParseFromString(item)) {
    return absl::DataLossError(absl::StrCat("conflict ", c.conflict_id(), " unreadable"));
  }
  return row;
}

absl::StatusOr<std::optional<ConflictRow>> VisitRepository::GetConflict(db::Tx& tx,
                                                                        const std::string& id,
                                                                        bool lock) {
  auto rs = tx.Sql(lock ? kGetConflictForUpdate : kGetConflict).Str(id).Rows();
  if (!rs->next()) return std::optional<ConflictRow>();
  ASSIGN_OR_RETURN(ConflictRow row, ConflictFromRow(*rs));
  return std::optional<ConflictRow>(std::move(row));
}

absl::StatusOr<std::vector<ConflictRow>> VisitRepository::Conflicts(db::Tx& tx,
                                                                    const ConflictFilter& f) {
  const bool by_case = !f.case_id.empty();
  const char* statement = by_case ? (f.unresolved_only ? kOpenConflictsOfCase : kConflictsOfCase)
                                  : (f.unresolved_only ? kOpenConflictsOfProc : kConflictsOfProc);
  std::vector<ConflictRow> out;
  auto rs = tx.Sql(statement)
                .Str(by_case ? f.case_id : f.procuratorate)
                .Int(Before(f.before_seq))
                .Int(f.limit)
                .Rows();
  while (rs->next()) {
    ASSIGN_OR_RETURN(ConflictRow row, ConflictFromRow(*rs));
    out.push_back(std::move(row));
  }
  return out;
}

absl::Status VisitRepository::Resolve(db::Tx& tx, const pb::VisitConflict& c,
                                      int64_t expected_version, int64_t now_ms) {
  const int64_t n = tx.Sql(kResolveConflict)
                        .Int(c.resolution())
                        .StrOrNull(c.record_id())
                        .Str(c.resolved_by().principal())
                        .Int(now_ms)
                        .Str(c.conflict_id())
                        .Int(expected_version)
                        .Exec();
  if (n != 1) return absl::AbortedError("the conflict changed meanwhile; read it again");
  return absl::OkStatus();
}

}  // namespace shouhu::visit
