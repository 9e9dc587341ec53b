#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "aid/disbursement_ops_internal.h"
#include "aid/disbursement_sql.h"
#include "common/base/dates.h"

namespace shouhu::aid {

namespace pb = ::shouhu::aid::v1;

std::optional<absl::CivilDay> CheckDay(FieldErrors& errors, absl::string_view field,
                                       const ::shouhu::common::v1::Date& date) {
  const absl::CivilDay day(date.year(), date.month(), date.day());
  if (date.year() < 2000 || date.year() > 2100 || day.year() != date.year() ||
      day.month() != date.month() || day.day() != date.day()) {
    errors.Add(std::string(field), "a real date (YYYY-MM-DD) between 2000 and 2100");
    return std::nullopt;
  }
  return day;
}

void CheckReference(FieldErrors& errors, absl::string_view field, absl::string_view value,
                    bool required) {
  if (value.empty() && !required) return;
  bool ok = !value.empty() && value.size() <= 64;
  for (char c : value) {
    ok = ok && (absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
                c == '/' || c == '.');
  }
  if (!ok) errors.Add(std::string(field), "1-64 characters of letters, digits and -_/.");
}

void CheckPayee(FieldErrors& errors, absl::string_view field, const pb::PayeeInput& payee) {
  CheckName(errors, absl::StrCat(field, ".name"), payee.name(), 1, 64);
  CheckText(errors, absl::StrCat(field, ".bank_name"), payee.bank_name(), 1, 128);
  const std::string& acc = payee.account_number();
  bool ok = acc.size() >= 6 && acc.size() <= 34;
  for (char c : acc) ok = ok && absl::ascii_isalnum(static_cast<unsigned char>(c));
  if (!ok) errors.Add(absl::StrCat(field, ".account_number"), "6-34 letters or digits");
}

int64_t CheckInstalments(FieldErrors& errors, pb::DisbursementMethod method,
                         const google::protobuf::RepeatedPtrField<pb::Instalment>& instalments) {
  if (instalments.empty()) {
    errors.Add("instalments", "at least one instalment");
    return 0;
  }
  if (method == pb::DISBURSEMENT_METHOD_LUMP_SUM && instalments.size() != 1) {
    errors.Add("instalments", "a lump sum has exactly one instalment");
    return 0;
  }
  int64_t sum = 0;
  std::optional<absl::CivilDay> previous;
  for (int i = 0; i < instalments.size(); ++i) {
    const pb::Instalment& in = instalments[i];
    const std::string field = absl::StrCat("instalments[", i, "]");
    if (in.sequence() != i + 1) {
      errors.Add(field + ".sequence", absl::StrCat("must be ", i + 1, " (1..n in order)"));
    }
    if (in.amount_fen() <= 0) errors.Add(field + ".amount_fen", "must be positive");
    sum += in.amount_fen() > 0 ? in.amount_fen() : 0;
    std::optional<absl::CivilDay> due = CheckDay(errors, field + ".due_on", in.due_on());
    if (due.has_value() && previous.has_value() && *due <= *previous) {
      errors.Add(field + ".due_on", "due dates must be strictly ascending");
    }
    if (due.has_value()) previous = due;
  }
  return sum;
}

int ReservationYear(db::Tx& tx, const std::string& application_id, pb::FundPot pot, int fallback) {
  auto rs = tx.Sql(kReservationYear).Str(application_id).Int(pot).Rows();
  return rs->next() ? rs->getInt("year") : fallback;
}

}  // namespace shouhu::aid
