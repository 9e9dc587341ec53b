// What an agency submitted for a person, compared with the person record, and the
// changes of a person record: pure functions over decrypted values, no I/O (tested in
// tests/unit/referral/person_details_test.cc). Values are shown the way PersonView shows a
// person: masked unless the caller unmasked with a recorded purpose.
#ifndef SHOUHU_REFERRAL_PERSON_DETAILS_H_
#define SHOUHU_REFERRAL_PERSON_DETAILS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "referral/repository.h"

namespace shouhu::referral {

// A field of kPersonFields as text: sex as "SEX_MALE"/"SEX_FEMALE" ("" when unspecified),
// a birth date as "YYYY-MM-DD" ("" when absent), the others as stored.
std::string FieldText(const cpb::PersonInput& p, absl::string_view field);
std::string FieldText(const PersonRow& row, absl::string_view field);

// `value` of `field` as a read shows it: name, phone and address masked
// (common/base/mask.h) unless kUnmasked; sex, birth date and ethnicity as they are.
std::string ShowField(absl::string_view field, const std::string& value, Disclosure disclosure);

// The submitted identity as a response shows it (no person id, no ID number).
cpb::Person SubmittedView(const cpb::PersonInput& submitted, Disclosure disclosure);

// Each field of kPersonFields the agency gave a value for that differs from the record.
std::vector<pb::PersonFieldDifference> Differences(const cpb::PersonInput& submitted,
                                                   const PersonRow& record, Disclosure disclosure);

// Copies `field` of `from` into `row`.
void ApplyField(const cpb::PersonInput& from, absl::string_view field, PersonRow& row);

// The given fields of `row` as a PersonInput (what the history stores, encrypted).
cpb::PersonInput FieldsOf(const PersonRow& row, const std::vector<std::string>& fields);

// One history entry's field changes as a response shows them.
std::vector<pb::PersonFieldChange> ChangesView(const std::vector<std::string>& fields,
                                               const cpb::PersonInput& before,
                                               const cpb::PersonInput& after,
                                               Disclosure disclosure);

}  // namespace shouhu::referral

#endif  // SHOUHU_REFERRAL_PERSON_DETAILS_H_
