// Test data of the referral service, built in one place: valid resident ID numbers
// (GB 11643, check character computed by the production code) and valid
// SubmitReferralRequests of every kind. Unit, integration and end-to-end tests all build
// their submissions here and change only what a test is about.
#ifndef SHOUHU_TESTS_SUPPORT_BUILDERS_H_
#define SHOUHU_TESTS_SUPPORT_BUILDERS_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "shouhu/common/v1/common.pb.h"
#include "shouhu/referral/v1/referral.pb.h"

namespace shouhu::testing {

namespace rpb = ::shouhu::referral::v1;
namespace cpb = ::shouhu::common::v1;

inline constexpr char kRenhuai[] = "520382";  // 仁怀市人民检察院
inline constexpr char kXishui[] = "520330";   // 习水县人民检察院

// A date as a client sends it: not normalised, so 30 February stays 30 February.
cpb::Date Date(int year, int month, int day);
cpb::Date DateOf(absl::CivilDay day);
// Today in China (UTC+8), from the real clock.
absl::CivilDay TodayInChina();

// A valid 18-character resident ID number of someone born on `birth` in `region`, with
// sequence number `seq` (0-999; odd: male, even: female) and the correct check character.
std::string IdNumber(absl::CivilDay birth, int seq = 123, absl::string_view region = kRenhuai);
// A valid ID number of someone `age_years` old on `today`, distinct for each `serial`
// (up to 300 distinct birth days per sequence number).
std::string IdNumberOfAge(int age_years, absl::CivilDay today, int serial, bool female,
                          absl::string_view region = kRenhuai);

// A person known by ID number only (sex and birth date are read from it).
cpb::PersonInput PersonWithIdNumber(const std::string& name, const std::string& id_number);
// A person known by birth date and sex only (no ID number: matched by name and birth).
cpb::PersonInput PersonWithBirthDate(const std::string& name, const cpb::Date& birth,
                                     cpb::Sex sex = cpb::SEX_MALE);

struct SubmissionSpec {
  std::string request_id = "req-0000000001";
  rpb::ReferralKind kind = rpb::REFERRAL_KIND_GUARDIANSHIP_CONCERN;
  absl::CivilDay occurred_on = absl::CivilDay(2026, 3, 1);
  // Default: 王小明, a boy born 1 June 2015 in Renhuai (IdNumber(2015-06-01, 123)).
  std::optional<cpb::PersonInput> subject;
  // Default: a fixed description of the facts.
  std::string facts;
  // Adds people[1], the mother: 李秀英, born 29 February 1988, phone, address and
  // ethnicity, no ID number.
  bool with_guardian = true;
};

// A submission that passes every validation rule for `spec.kind` when the subject is of
// the right age on the day it is submitted: people[0] is the subject, people[1] the
// guardian; MANDATORY_REPORT gets two situations, JUDICIAL_AID one aid ground,
// SPECIAL_MINOR one category.
rpb::SubmitReferralRequest ValidSubmission(const SubmissionSpec& spec = {});

}  // namespace shouhu::testing

#endif  // SHOUHU_TESTS_SUPPORT_BUILDERS_H_
