// Rules of volunteers' assignments and daily reports (爱心妈妈) without I/O: the alias a
// volunteer sees, the dates of an assignment, how long reports are accepted after it
// ended (offline grace), when reporting is overdue, and which fields a report must have.
// Dates are China dates (the caller passes today).
#ifndef SHOUHU_VISIT_VOLUNTEER_RULES_H_
#define SHOUHU_VISIT_VOLUNTEER_RULES_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/base/text.h"
#include "shouhu/visit/v1/visit.pb.h"

namespace shouhu::visit {

namespace pb = ::shouhu::visit::v1;

inline constexpr int kMaxAliasChars = 16;
inline constexpr int kMaxCareNotesChars = 1000;
inline constexpr int kMaxObservationsChars = 2000;
inline constexpr int kMaxReportEveryDays = 30;

// The alias (化名) a volunteer knows the minor by: 1-16 characters (CheckName), not the
// person's name and not starting with its surname (the first character of `person_name`,
// masked or not, e.g. "王*" or "王小明"): "小明" is fine, "王小明" and "王明" are not.
void CheckAlias(FieldErrors& e, absl::string_view field, absl::string_view alias,
                absl::string_view person_name);

// The last day a volunteer's reports may be dated: the day the assignment was ended
// (EndAssignment), else its planned ends_on; nullopt while open-ended.
std::optional<absl::CivilDay> LastReportDay(const pb::VolunteerAssignment& a);

// Reports dated up to LastReportDay are accepted until that day + `grace_days` (offline
// capture); nullopt while open-ended (no limit).
std::optional<absl::CivilDay> AcceptsReportsUntil(const pb::VolunteerAssignment& a, int grace_days);

// The volunteer may act on the assignment now (submit, read): it is active and today is
// not after its planned ends_on. `within_grace` also admits an ended (or run out)
// assignment until AcceptsReportsUntil.
bool VolunteerMayUse(const pb::VolunteerAssignment& a, absl::CivilDay today, int grace_days,
                     bool within_grace);

// Reporting is overdue when the assignment is running (active, started, not past its
// ends_on) and more than report_every_days have passed since the last report (or since the
// day before it started, when there is none): with daily reports, a volunteer who has not
// reported yesterday's contact by today is overdue.
bool ReportOverdue(const pb::VolunteerAssignment& a, absl::CivilDay today);

// Field violations of a daily report's content (not its assignment or date), each under
// `prefix` ("report" or "items[3].report"): a real report_on, contact_kind HOME, PHONE,
// SCHOOL or ONLINE, at most one assessment per dimension (a real dimension and rating,
// notes up to 1000 characters), observations 1-2000 characters, needs (a kind, a
// description of 1-1000 characters, no need_id) and a version not negative.
void CheckReportContent(FieldErrors& e, absl::string_view prefix, const pb::DailyReport& r);

// The fields that differ between two versions of a report ("contact_kind",
// "assessments", "observations", "concern", "needs"), for the amendment record.
std::vector<std::string> ChangedReportFields(const pb::DailyReport& before,
                                             const pb::DailyReport& after);

// What a volunteer sees of an assignment (VolunteerAssignmentView), at `today`.
pb::VolunteerAssignmentView ViewOf(const pb::VolunteerAssignment& a, absl::CivilDay today,
                                   int grace_days);

}  // namespace shouhu::visit

#endif  // SHOUHU_VISIT_VOLUNTEER_RULES_H_
