#include "aid/deadline_changes.h"

#include <optional>

#include "aid/chain.h"
#include "aid/deps.h"
#include "common/base/dates.h"
#include "common/base/status_macros.h"
#include "common/db/deadline_events.h"

namespace shouhu::aid {
namespace {

namespace pb = ::shouhu::aid::v1;
namespace opb = ::shouhu::oversight::v1;

db::DeadlineChange ChangeOf(opb::DeadlineKind kind, const AppRow& row) {
  return {.kind = kind,
          .procuratorate = row.app.procuratorate_code(),
          .case_id = row.app.case_id(),
          .record_id = row.app.application_id(),
          .assignee = row.app.assigned_to(),
          .department = row.department,
          .sequence = row.app.version()};
}

std::optional<db::DeadlineChange> DecisionOf(const AppRow* row) {
  if (row == nullptr) return std::nullopt;
  const pb::Application& a = row->app;
  if (a.registered_on().year() == 0 || a.decision_due_on().year() == 0) return std::nullopt;
  db::DeadlineChange c = ChangeOf(opb::AID_DECISION, *row);
  c.started_at = db::DeadlineDayStart(ToCivilDay(a.registered_on()));
  c.due_at = db::DeadlineDayEnd(ToCivilDay(a.decision_due_on()));
  if (a.decided_on().year() != 0) {
    c.state = opb::DEADLINE_MET;  // on the decision's day (recorded that day or later)
    c.ended_at = db::DeadlineDayEnd(ToCivilDay(a.decided_on()));
  } else if (!BeforeDecision(a.status())) {
    c.state = opb::DEADLINE_CANCELLED;
  }
  return c;
}

std::optional<db::DeadlineChange> PaperworkOf(const AppRow* row) {
  if (row == nullptr) return std::nullopt;
  const pb::EmergencyAdvance& e = row->app.emergency();
  if (e.amount_fen() <= 0 || !e.has_approved_at() || e.paperwork_due_on().year() == 0) {
    return std::nullopt;
  }
  db::DeadlineChange c = ChangeOf(opb::ADVANCE_AID_PAPERWORK, *row);
  c.started_at = FromTimestamp(e.approved_at());
  c.due_at = db::DeadlineDayEnd(ToCivilDay(e.paperwork_due_on()));
  if (e.paperwork_done()) {
    c.state = opb::DEADLINE_MET;
    if (e.has_paperwork_done_at()) c.ended_at = FromTimestamp(e.paperwork_done_at());
  }
  return c;
}

db::DeadlineChange NotificationOf(const pb::Disbursement& d, const ApplicationRow& app) {
  return {.kind = opb::AID_NOTIFICATION,
          .procuratorate = app.procuratorate,
          .case_id = d.case_id(),
          .record_id = d.disbursement_id(),
          .assignee = app.assigned_to,
          .started_at = db::DeadlineDayStart(ToCivilDay(d.funds_arrived_on())),
          .due_at = db::DeadlineDayEnd(ToCivilDay(d.notify_due_on())),
          .sequence = d.version()};
}

}  // namespace

absl::Status PublishApplicationDeadlines(db::Tx& tx, IdGenerator& ids, const AppRow* before,
                                         const AppRow* after, absl::Time now) {
  RETURN_IF_ERROR(db::EnqueueDeadlineTransition(tx, ids, kAidService, now, DecisionOf(before),
                                                DecisionOf(after)));
  return db::EnqueueDeadlineTransition(tx, ids, kAidService, now, PaperworkOf(before),
                                       PaperworkOf(after));
}

absl::Status PublishNotificationOpened(db::Tx& tx, IdGenerator& ids, const pb::Disbursement& d,
                                       const ApplicationRow& app, absl::Time now) {
  if (!d.has_funds_arrived_on() || !d.has_notify_due_on()) return absl::OkStatus();
  return db::EnqueueDeadline(tx, ids, kAidService, now, NotificationOf(d, app));
}

absl::Status PublishNotificationMet(db::Tx& tx, IdGenerator& ids, const pb::Disbursement& d,
                                    const ApplicationRow& app, absl::Time notified_at,
                                    absl::Time now) {
  // Only a notification the funds' arrival started is watched (advances have none).
  if (!d.has_funds_arrived_on() || !d.has_notify_due_on()) return absl::OkStatus();
  db::DeadlineChange c = NotificationOf(d, app);
  c.state = opb::DEADLINE_MET;
  c.ended_at = notified_at;
  return db::EnqueueDeadline(tx, ids, kAidService, now, c);
}

}  // namespace shouhu::aid
