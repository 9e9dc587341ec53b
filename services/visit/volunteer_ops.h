// Volunteers (爱心妈妈/社工, VolunteerService), independent of gRPC (volunteer_grpc.cc only
// binds them behind the visit access table): assignments of a volunteer to a minor of a
// case, the volunteer's own view of them, daily reports and their replacement (with
// history), and the daily reports of offline batches (OfflineReports). Every change runs
// through the mutation pipeline (idempotent by request id, version-checked, audited).
//
// Volunteers. The platform has no user directory: a volunteer is the user id (token
// subject) a caseworker names; it is checked for form only when assigned, and the
// volunteer role is checked on every call the volunteer makes (the token's roles, the
// access table's OwnActiveAssignment). A volunteer reaches only assignments naming them
// that are running (active, not past ends_on), or, for offline reports and reading, within
// the visit policy's offline_grace_days after the last report day. Anything else - an
// unknown id, another volunteer's, an ended one, another procuratorate's - is the same
// PERMISSION_DENIED (kNotYourAssignment), so nothing tells a volunteer what exists.
#ifndef SHOUHU_VISIT_VOLUNTEER_OPS_H_
#define SHOUHU_VISIT_VOLUNTEER_OPS_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/db/mutation.h"
#include "common/server/principal.h"
#include "visit/amendment_store.h"
#include "visit/deps.h"
#include "visit/need_store.h"
#include "visit/offline_reports.h"
#include "visit/plan_repository.h"
#include "visit/volunteer_repository.h"

namespace shouhu::visit {

// The one answer a volunteer gets for any assignment that is not an own running one.
inline constexpr char kNotYourAssignment[] = "assignment_id: not an active assignment of yours";

class VolunteerCore : public OfflineReports {
 public:
  explicit VolunteerCore(const VisitDeps& deps);

  // --- Assignments (volunteer_ops.cc) --------------------------------------------------
  // The case's assigned caseworker or a department head: the volunteer (a user id), the
  // case's subject (a minor on starts_on), an alias without the surname, care notes
  // (sealed), starts_on <= ends_on (optional), report_every_days 1-30 (0: 1).
  absl::StatusOr<pb::VolunteerAssignment> AssignVolunteer(const Principal& p,
                                                          const pb::AssignVolunteerRequest& req);
  // The case's assigned caseworker or a department head: ends an active assignment today
  // with a reason; the volunteer's access stops at once.
  absl::StatusOr<pb::VolunteerAssignment> EndAssignment(const Principal& p,
                                                        const pb::EndAssignmentRequest& req);
  // Staff: the procuratorate's (or one case's) assignments, newest first.
  absl::StatusOr<pb::ListAssignmentsResponse> ListAssignments(
      const Principal& p, const pb::ListAssignmentsRequest& req);
  // A volunteer: own assignments as VolunteerAssignmentView, newest first.
  absl::StatusOr<pb::ListMyAssignmentsResponse> ListMyAssignments(
      const Principal& p, const pb::ListMyAssignmentsRequest& req);

  // --- Daily reports (volunteer_reports.cc) --------------------------------------------
  // The volunteer of a running assignment: version 0 creates the report of report_on
  // (ALREADY_EXISTS when there is one); the version read replaces it on its day or the
  // day after (an amendment keeps the report before). Needs raised become visit_needs
  // (visit.need_found); concern = true (or a SERIOUS rating) the report did not have
  // before publishes visit.serious_concern to the case's caseworker, audited.
  absl::StatusOr<pb::DailyReport> SubmitDailyReport(const Principal& p,
                                                    const pb::SubmitDailyReportRequest& req);
  // Staff of the procuratorate, or the assignment's volunteer while it runs (its end stops
  // the volunteer's reading at once; the grace is for offline uploads only):
  // newest day first, optionally a date range and concerns only.
  absl::StatusOr<pb::ListDailyReportsResponse> ListDailyReports(
      const Principal& p, const pb::ListDailyReportsRequest& req);

  // OfflineReports (volunteer_reports.cc).
  absl::StatusOr<OfflineResult> ApplyOfflineReport(db::Mutation& m, const Principal& p,
                                                   const pb::DailyReport& report,
                                                   const std::string& client_id,
                                                   const std::string& prefix,
                                                   bool against_current) override;

 private:
  enum class Mode { kOnline, kOffline, kOfflineAgainstCurrent };
  struct Applied {
    pb::DailyReport report;
    bool conflict = false;  // offline: the report of the day changed since capture
    std::string case_id;
  };
  // Checks and applies one report in `m` (see SubmitDailyReport and ApplyOfflineReport);
  // invalid fields are INVALID_ARGUMENT under `prefix`, nothing written.
  absl::StatusOr<Applied> ApplyReport(db::Mutation& m, const Principal& p, const pb::DailyReport& r,
                                      const std::string& client_id, const std::string& prefix,
                                      Mode mode);
  // The assignment `id` as the caller may reach it for reports: NOT_FOUND or
  // PERMISSION_DENIED (for volunteers always kNotYourAssignment).
  absl::StatusOr<pb::VolunteerAssignment> ReachableAssignment(db::Tx& tx, const Principal& p,
                                                              const std::string& id, bool lock,
                                                              bool within_grace);
  absl::StatusOr<int> GraceDays(db::Tx& tx, const std::string& procuratorate);
  absl::CivilDay Today() const;

  VisitDeps d_;
  db::MutationRunner mutations_;
  VolunteerRepository repo_;
  PlanRepository plans_;  // the visit policy
  NeedStore needs_;
  AmendmentStore amendments_;
};

// Staff (caseworker, department head, chief) rather than only a volunteer.
bool IsStaff(const Principal& p);

}  // namespace shouhu::visit

#endif  // SHOUHU_VISIT_VOLUNTEER_OPS_H_
