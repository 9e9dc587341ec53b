// Request checks shared by the money operations (disbursements, reconciliation, recovery).
#ifndef SHOUHU_AID_DISBURSEMENT_OPS_INTERNAL_H_
#define SHOUHU_AID_DISBURSEMENT_OPS_INTERNAL_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/base/text.h"
#include "common/db/mutation.h"
#include "common/server/principal.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "shouhu/aid/v1/aid.pb.h"

namespace shouhu::aid {

// The date, when it is a real calendar date between 2000 and 2100; else a violation.
std::optional<absl::CivilDay> CheckDay(FieldErrors& errors, absl::string_view field,
                                       const ::shouhu::common::v1::Date& date);
// A voucher number or bank reference: 1-64 characters of [A-Za-z0-9_-/.].
void CheckReference(FieldErrors& errors, absl::string_view field, absl::string_view value,
                    bool required);
// Payee: name 1-64, bank 1-128, account 6-34 digits (letters allowed, no value echoed).
void CheckPayee(FieldErrors& errors, absl::string_view field,
                const ::shouhu::aid::v1::PayeeInput& payee);
// Instalments: at least one (exactly one for LUMP_SUM), sequence 1..n, due dates strictly
// ascending, amounts positive. Returns their sum.
int64_t CheckInstalments(
    FieldErrors& errors, ::shouhu::aid::v1::DisbursementMethod method,
    const google::protobuf::RepeatedPtrField<::shouhu::aid::v1::Instalment>& instalments);

// The year of the application's last reservation on the pot (a draw or release must hit the
// pot that holds the reservation), or `fallback`.
int ReservationYear(db::Tx& tx, const std::string& application_id, ::shouhu::aid::v1::FundPot pot,
                    int fallback);

inline db::MutationRequest MutationOf(const Principal& p, absl::string_view method,
                                      absl::string_view request_id) {
  return {.actor = p.Name(), .method = std::string(method), .request_id = std::string(request_id)};
}

}  // namespace shouhu::aid

#endif  // SHOUHU_AID_DISBURSEMENT_OPS_INTERNAL_H_
