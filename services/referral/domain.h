// Referral domain rules, free of I/O: request validation, the referral state machine,
// access policy and response deadlines. Tested in tests/unit/referral/.
#ifndef SHOUHU_REFERRAL_DOMAIN_H_
#define SHOUHU_REFERRAL_DOMAIN_H_

#include <functional>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/base/dates.h"
#include "common/base/text.h"
#include "common/calendar/working_calendar.h"
#include "common/server/access_policy.h"
#include "common/server/principal.h"
#include "common/server/tenant.h"
#include "shouhu/referral/v1/referral.pb.h"

namespace shouhu::referral {

namespace pb = ::shouhu::referral::v1;
namespace cpb = ::shouhu::common::v1;

// Provincial rules that differ between procuratorates: data, not code.
struct ReferralRules {
  // The procuratorate answers an ordinary referral within this many working days.
  int response_working_days = 5;
  // ... an urgent one (flagged by the agency) within this many working days.
  int urgent_response_working_days = 1;
  // Mandatory reports (强制报告) are triaged within hours.
  absl::Duration mandatory_report_response = absl::Hours(24);
};

// Dates (China Standard Time) are shared by every service: common/base/dates.h.
using ::shouhu::AgeOn;
using ::shouhu::ChinaTime;
using ::shouhu::FromCivilDay;
using ::shouhu::ToCivilDay;

// Checks every field of a submission; INVALID_ARGUMENT lists each bad field by path.
absl::Status ValidateSubmit(const pb::SubmitReferralRequest& req, absl::CivilDay today);

// The identity fields of a person record that UpdatePerson may change (the ID number
// identifies the person and is never changed there).
inline constexpr const char* kPersonFields[] = {"name",  "sex",     "birth_date",
                                                "phone", "address", "ethnicity"};
bool IsPersonField(absl::string_view field);

// The rules of a person's identity fields, the same for SubmitReferral and UpdatePerson:
// adds a violation "<path>.<field>" for each bad field of `p` (only the fields `check`
// accepts, all when it is empty). Returns the birth date when present and valid.
std::optional<absl::CivilDay> CheckPersonFields(
    FieldErrors& errors, const std::string& path, const cpb::PersonInput& p, absl::CivilDay today,
    const std::function<bool(absl::string_view)>& check = nullptr);

// Checks an UpdatePersonRequest apart from request id and version (which the caller
// checks first) and what needs the stored record; INVALID_ARGUMENT lists each bad field.
absl::Status ValidateUpdatePerson(const pb::UpdatePersonRequest& req, absl::CivilDay today);

enum class Action { kAssign, kAccept, kDecline, kRequestInfo, kSupplement, kWithdraw };
absl::string_view ActionName(Action a);

// The status after `action`, or FAILED_PRECONDITION naming the illegal transition.
absl::StatusOr<pb::ReferralStatus> NextStatus(pb::ReferralStatus from, Action action);
bool IsFinal(pb::ReferralStatus s);
// The procuratorate's answers to a referral (accept, decline, request information): the
// first one is its acknowledgement, timed against the response deadline in the statistics.
bool IsAnswer(Action action);

// Id tenancy and the unmask-purpose row are shared by every service (common/server/tenant.h).
using ::shouhu::CheckIdTenant;
using ::shouhu::TenantOfId;
using ::shouhu::UnmaskPurposeRow;

// Roles that work cases inside a procuratorate (read access to its records; acting
// needs more: referral/access_policy.h).
bool IsCaseStaff(const Principal& p);

// May `p` read referral `r`? PERMISSION_DENIED otherwise (the same answer whether or not
// other records exist).
absl::Status CheckCanRead(const Principal& p, const pb::Referral& r);
// The referral as access conditions see it.
RecordFacts FactsOf(const pb::Referral& r);
// May `p` apply `action` to `r` (role, scope and the policy's conditions, e.g.
// AssignedOrHead() for triage; the state machine is separate)?
absl::Status CheckCanAct(const Principal& p, const pb::Referral& r, Action action);

// The referral as the caller may see it: agencies never see assignment or case ids.
pb::Referral RedactForCaller(const Principal& p, pb::Referral r);

// When the procuratorate owes its answer to a referral received at `from`.
absl::Time ResponseDue(const ReferralRules& rules, const WorkingCalendar& calendar,
                       pb::ReferralKind kind, bool urgent, absl::Time from);

}  // namespace shouhu::referral

#endif  // SHOUHU_REFERRAL_DOMAIN_H_
