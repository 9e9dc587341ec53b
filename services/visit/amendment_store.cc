#include "visit/amendment_store.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/base/status_macros.h"
#include "visit/need_sql.h"

namespace shouhu::visit {
namespace {

using namespace need_sql;  // NOLINT(build/namespaces): the statements of this file
namespace pb = ::shouhu::visit::v1;

constexpr char kAmendments[] = "visit_amendments";

std::string RowId(const std::string& record_id, int sequence) {
  return absl::StrCat(record_id, "#", sequence);
}

}  // namespace

absl::StatusOr<int> AmendmentStore::Append(db::Tx& tx, const std::string& procuratorate,
                                           const pb::Amendment& a) {
  int sequence = 1;
  {
    auto rs = tx.Sql(kLastAmendment).Str(a.record_id()).Rows();
    if (rs->next()) sequence = rs->getInt("n") + 1;
  }
  const std::string row = RowId(a.record_id(), sequence);
  pb::Amendment before;
  if (a.has_visit_before()) *before.mutable_visit_before() = a.visit_before();
  if (a.has_report_before()) *before.mutable_report_before() = a.report_before();
  ASSIGN_OR_RETURN(std::string before_enc,
                   sealed_.Seal(before.SerializeAsString(), kAmendments, row, "before"));
  ASSIGN_OR_RETURN(std::string reason_enc, sealed_.Seal(a.reason(), kAmendments, row, "reason"));
  if (before_enc.empty()) before_enc = std::string(1, '\0');  // an empty record: NOT NULL
  tx.Sql(kInsertAmendment)
      .Str(a.record_id())
      .Int(sequence)
      .Str(procuratorate)
      .Str(a.amended_by().principal())
      .Str(a.amended_by().display_name())
      .Int(a.amended_at().unix_millis())
      .Str(absl::StrJoin(a.changed_fields(), ","))
      .Blob(reason_enc)
      .Blob(before_enc)
      .Exec();
  return sequence;
}

absl::StatusOr<std::vector<pb::Amendment>> AmendmentStore::List(db::Tx& tx,
                                                                const std::string& record_id,
                                                                int after_sequence, int limit) {
  std::vector<pb::Amendment> out;
  auto rs = tx.Sql(kAmendmentsOf).Str(record_id).Int(after_sequence).Int(limit).Rows();
  while (rs->next()) {
    pb::Amendment a;
    a.set_record_id(db::GetStr(*rs, "record_id"));
    a.set_sequence(rs->getInt("sequence"));
    a.mutable_amended_by()->set_principal(db::GetStr(*rs, "amended_by"));
    a.mutable_amended_by()->set_display_name(db::GetStr(*rs, "amended_by_name"));
    a.mutable_amended_at()->set_unix_millis(rs->getInt64("amended_at_ms"));
    const std::string fields = db::GetStr(*rs, "changed_fields");
    for (absl::string_view f : absl::StrSplit(fields, ',', absl::SkipEmpty())) {
      a.add_changed_fields(std::string(f));
    }
    const std::string row = RowId(a.record_id(), a.sequence());
    ASSIGN_OR_RETURN(std::string reason,
                     sealed_.Open(db::GetBlob(*rs, "reason_enc"), kAmendments, row, "reason"));
    a.set_reason(reason);
    const std::string enc = db::GetBlob(*rs, "before_enc");
    if (enc.size() > 1) {
      ASSIGN_OR_RETURN(std::string before, sealed_.Open(enc, kAmendments, row, "before"));
      pb::Amendment b;
      if (!b.ParseFromString(before)) {
        return absl::DataLossError(absl::StrCat("amendment ", row, " unreadable"));
      }
      if (b.has_visit_before()) *a.mutable_visit_before() = b.visit_before();
      if (b.has_report_before()) *a.mutable_report_before() = b.report_before();
    }
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace shouhu::visit
