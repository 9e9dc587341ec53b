// Cases: one open case per person per procuratorate (a unique key), transfers between
// procuratorates.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/db/mutation.h"
#include "referral/repository.h"
#include "referral/repository_sql.h"

namespace shouhu::referral {

absl::StatusOr<pb::Case> Repository::CaseFromRow(sql::ResultSet& rs) const {
  pb::Case c;
  c.set_case_id(db::GetStr(rs, "id"));
  c.set_procuratorate_code(db::GetStr(rs, "procuratorate_code"));
  c.set_status(static_cast<pb::CaseStatus>(rs.getInt("status")));
  c.set_subject_person_id(db::GetStr(rs, "subject_person_id"));
  c.set_kind(static_cast<pb::ReferralKind>(rs.getInt("kind")));
  c.set_assigned_to(db::GetStr(rs, "assigned_to"));
  *c.mutable_opened_at() = TimestampFromMillis(rs.getInt64("opened_at_ms"));
  if (!rs.isNull("closed_at_ms")) {
    *c.mutable_closed_at() = TimestampFromMillis(rs.getInt64("closed_at_ms"));
  }
  c.set_close_reason(static_cast<pb::CloseReason>(rs.getInt("close_reason")));
  // Rows written before migration 0005 and not yet backfilled still hold clear values.
  absl::StatusOr<std::string> note =
      sealed_.OpenOrLegacy(db::GetBlob(rs, "close_note_enc"), db::GetStr(rs, "close_note"), "case",
                           c.case_id(), "close_note");
  if (!note.ok()) return note.status();
  c.set_close_note(*std::move(note));
  c.set_transfer_to_procuratorate(db::GetStr(rs, "transfer_to"));
  c.set_transferred_to_case_id(db::GetStr(rs, "transferred_to_case"));
  c.set_transferred_from_case_id(db::GetStr(rs, "transferred_from_case"));
  absl::StatusOr<std::string> reason = sealed_.OpenOrLegacy(db::GetBlob(rs, "transfer_reason_enc"),
                                                            db::GetStr(rs, "transfer_reason"),
                                                            "case", c.case_id(), "transfer_reason");
  if (!reason.ok()) return reason.status();
  c.set_transfer_reason(*std::move(reason));
  c.set_version(rs.getInt64("version"));
  return c;
}

absl::Status Repository::InsertCase(db::Tx& tx, const pb::Case& c,
                                    const CaseDepartment& department) {
  const int64_t now = NowMs();
  absl::StatusOr<int64_t> inserted =
      tx.Sql(kInsertCase)
          .Str(c.case_id())
          .Str(c.procuratorate_code())
          .Int(c.status())
          .Str(c.subject_person_id())
          .Int(c.kind())
          .StrOrNull(c.assigned_to())
          .Int(c.opened_at().unix_millis())
          .StrOrNull(c.transferred_from_case_id())
          .Str(OpenSubjectKey(c.procuratorate_code(), c.subject_person_id()))
          .Int(c.version())
          .Int(now)
          .StrOrNull(department.from_referral)
          .Str(department.fallback)
          .ExecOrStatus();
  if (absl::IsAlreadyExists(inserted.status())) {
    return absl::AlreadyExistsError("the person already has an open case in this procuratorate");
  }
  return inserted.status();
}

absl::Status Repository::FillCaseReferrals(db::Tx& tx, pb::Case& c) {
  auto rs = tx.Sql(kCaseReferrals).Str(c.case_id()).Rows();
  while (rs->next()) c.add_referral_ids(db::GetStr(*rs, "id"));
  return absl::OkStatus();
}

std::string CasesReferralsSql(size_t n) {
  std::string sql = kCasesReferrals;
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) absl::StrAppend(&sql, kInListSeparator);
    absl::StrAppend(&sql, kInListPlaceholder);
  }
  absl::StrAppend(&sql, kCasesReferralsEnd);
  return sql;
}

absl::Status Repository::FillReferralsOfCases(db::Tx& tx, const std::vector<pb::Case*>& cases) {
  if (cases.empty()) return absl::OkStatus();
  // The list is padded (repeating the last id) to a power of two, so that a connection
  // prepares at most a handful of distinct statements whatever the page size.
  size_t slots = 1;
  while (slots < cases.size()) slots *= 2;
  auto q = tx.Sql(CasesReferralsSql(slots));
  absl::flat_hash_map<std::string, pb::Case*> by_id;
  by_id.reserve(cases.size());
  for (size_t i = 0; i < slots; ++i) {
    pb::Case* c = cases[std::min(i, cases.size() - 1)];
    q.Str(c->case_id());
    by_id.emplace(c->case_id(), c);
  }
  auto rs = q.Rows();
  while (rs->next()) {
    auto it = by_id.find(db::GetStr(*rs, "case_id"));
    if (it != by_id.end()) it->second->add_referral_ids(db::GetStr(*rs, "id"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<pb::Case>> Repository::GetCase(db::Tx& tx, const std::string& id,
                                                            Lock lock) {
  auto rs = tx.Sql(absl::StrCat(kCaseCols, kWhereId, lock == Lock::kForUpdate ? kForUpdate : ""))
                .Str(id)
                .Rows();
  if (!rs->next()) return std::optional<pb::Case>();
  absl::StatusOr<pb::Case> read = CaseFromRow(*rs);
  if (!read.ok()) return read.status();
  pb::Case c = *std::move(read);
  if (absl::Status st = FillCaseReferrals(tx, c); !st.ok()) return st;
  return std::optional<pb::Case>(std::move(c));
}

absl::StatusOr<std::optional<std::string>> Repository::OpenCaseOf(db::Tx& tx,
                                                                  const std::string& procuratorate,
                                                                  const std::string& subject,
                                                                  Lock lock) {
  auto rs = tx.Sql(lock == Lock::kForUpdate ? kOpenCaseForUpdate : kOpenCase)
                .Str(OpenSubjectKey(procuratorate, subject))
                .Rows();
  if (!rs->next()) return std::optional<std::string>();
  return std::optional<std::string>(db::GetStr(*rs, "id"));
}

absl::Status Repository::UpdateCase(db::Tx& tx, const pb::Case& c, int64_t expected_version) {
  const bool open =
      c.status() == pb::CASE_STATUS_OPEN || c.status() == pb::CASE_STATUS_TRANSFER_PENDING;
  absl::StatusOr<std::string> note =
      sealed_.Seal(c.close_note(), "case", c.case_id(), "close_note");
  if (!note.ok()) return note.status();
  absl::StatusOr<std::string> reason =
      sealed_.Seal(c.transfer_reason(), "case", c.case_id(), "transfer_reason");
  if (!reason.ok()) return reason.status();
  auto q = tx.Sql(kUpdateCase);
  q.Int(c.status()).StrOrNull(c.assigned_to());
  if (c.has_closed_at()) {
    q.Int(c.closed_at().unix_millis());
  } else {
    q.Null();
  }
  const int64_t updated =
      q.Int(c.close_reason())
          .BlobOrNull(*note)
          .StrOrNull(c.transfer_to_procuratorate())
          .StrOrNull(c.transferred_to_case_id())
          .BlobOrNull(*reason)
          .StrOrNull(open ? OpenSubjectKey(c.procuratorate_code(), c.subject_person_id()) : "")
          .Int(NowMs())
          .Str(c.case_id())
          .Int(expected_version)
          .Exec();
  return updated == 1 ? absl::OkStatus() : db::StaleVersionError(expected_version + 1);
}

absl::StatusOr<std::vector<std::pair<int64_t, pb::Case>>> Repository::ListCases(
    db::Tx& tx, const CaseFilter& f) {
  std::string sql = f.transfer_to.empty()
                        ? absl::StrCat(kCaseCols, kCasesByProcuratorateIndex, kByProcuratorate)
                        : absl::StrCat(kCaseCols, kIncomingTransfers);
  if (f.status != 0) absl::StrAppend(&sql, kAndStatus);
  if (f.kind != 0) absl::StrAppend(&sql, kAndKind);
  if (!f.assigned_to.empty()) absl::StrAppend(&sql, kAndAssignedTo);
  if (!f.subject_person_id.empty()) absl::StrAppend(&sql, kAndSubject);
  absl::StrAppend(&sql, kPageBySeq);
  auto q = tx.Sql(sql);
  q.Str(f.transfer_to.empty() ? f.procuratorate : f.transfer_to);
  if (f.status != 0) q.Int(f.status);
  if (f.kind != 0) q.Int(f.kind);
  if (!f.assigned_to.empty()) q.Str(f.assigned_to);
  if (!f.subject_person_id.empty()) q.Str(f.subject_person_id);
  q.Int(f.before_seq > 0 ? f.before_seq : INT64_MAX).Int(f.limit);
  std::vector<std::pair<int64_t, pb::Case>> out;
  auto rs = q.Rows();
  while (rs->next()) {
    absl::StatusOr<pb::Case> c = CaseFromRow(*rs);
    if (!c.ok()) return c.status();
    out.emplace_back(rs->getInt64("seq"), *std::move(c));
  }
  if (out.empty()) return out;
  // The referrals of every case of the page in one statement.
  std::vector<pb::Case*> cases;
  cases.reserve(out.size());
  for (auto& [seq, c] : out) cases.push_back(&c);
  if (absl::Status st = FillReferralsOfCases(tx, cases); !st.ok()) return st;
  return out;
}

absl::Status Repository::SetCaseDepartment(db::Tx& tx, const std::string& case_id,
                                           const std::string& department) {
  tx.Sql(kSetCaseDepartment).Str(department).Str(case_id).Exec();
  return absl::OkStatus();
}

}  // namespace shouhu::referral
