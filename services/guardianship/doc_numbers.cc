#include "guardianship/doc_numbers.h"

#include "absl/strings/str_cat.h"

namespace shouhu::guardianship {

namespace pb = ::shouhu::guardianship::v1;

std::string FormatDocumentNumber(absl::string_view prefix, int year, int seq) {
  return absl::StrCat(prefix, "〔", year, "〕", seq, "号");
}

absl::Status PrepareDocumentCounter(db::ConnectionPool& pool, const std::string& procuratorate,
                                    int year, pb::DocumentKind kind) {
  return db::RunInTransaction(pool, [&](db::Tx& tx) -> absl::Status {
    tx.Sql(doc_sql::kEnsureCounter).Str(procuratorate).Int(year).Int(kind).Exec();
    return absl::OkStatus();
  });
}

absl::StatusOr<DocumentNumber> AllocateDocumentNumber(db::Tx& tx, const std::string& procuratorate,
                                                      int year, pb::DocumentKind kind,
                                                      absl::string_view prefix) {
  if (kind == pb::DOCUMENT_KIND_UNSPECIFIED) {
    return absl::InternalError("a document number needs a document kind");
  }
  const int64_t updated = tx.Sql(doc_sql::kAdvance).Str(procuratorate).Int(year).Int(kind).Exec();
  if (updated == 0) {
    tx.Sql(doc_sql::kInsertFirst).Str(procuratorate).Int(year).Int(kind).Exec();
  }
  auto rs = tx.Sql(doc_sql::kRead).Str(procuratorate).Int(year).Int(kind).Rows();
  if (!rs->next()) return absl::InternalError("document counter row disappeared");
  DocumentNumber n;
  n.year = year;
  n.seq = rs->getInt("last_number");
  n.text = FormatDocumentNumber(prefix, year, n.seq);
  return n;
}

}  // namespace shouhu::guardianship
