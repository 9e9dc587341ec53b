#include "guardianship/deadline_changes.h"

#include "common/base/dates.h"
#include "guardianship/escalation_domain.h"

namespace shouhu::guardianship {
namespace {

namespace opb = ::shouhu::oversight::v1;

}  // namespace

std::optional<db::DeadlineChange> EvaluationDeadlineOf(const pb::Order& o) {
  if (!IsValidDate(o.compliance_starts_on()) || !IsValidDate(o.compliance_ends_on())) {
    return std::nullopt;
  }
  db::DeadlineChange c{.kind = opb::ORDER_EVALUATION,
                       .procuratorate = o.procuratorate_code(),
                       .case_id = o.case_id(),
                       .record_id = o.order_id(),
                       .assignee = o.assigned_to(),
                       .department = o.department(),
                       .started_at = db::DeadlineDayStart(ToCivilDay(o.compliance_starts_on())),
                       .due_at = db::DeadlineDayEnd(ToCivilDay(o.compliance_ends_on())),
                       .sequence = o.version()};
  switch (o.status()) {
    case pb::ORDER_STATUS_UNDER_SUPERVISION:
      break;
    case pb::ORDER_STATUS_COMPLIED:
    case pb::ORDER_STATUS_NOT_COMPLIED:
      c.state = opb::DEADLINE_MET;
      if (IsValidDate(o.evaluation().evaluated_on())) {
        c.ended_at = db::DeadlineDayEnd(ToCivilDay(o.evaluation().evaluated_on()));
      }
      break;
    default:  // terminated (or cancelled)
      c.state = opb::DEADLINE_CANCELLED;
  }
  return c;
}

std::optional<db::DeadlineChange> ReplyDeadlineOf(const EscalationRow& row) {
  const pb::Escalation& e = row.e;
  if (!IsValidDate(e.reply_due_on()) || !IsValidDate(e.issued_on())) return std::nullopt;
  db::DeadlineChange c{.kind = opb::SUGGESTION_REPLY,
                       .procuratorate = row.procuratorate,
                       .case_id = e.case_id(),
                       .record_id = e.escalation_id(),
                       .assignee = row.assigned_to,
                       .department = e.department(),
                       .started_at = db::DeadlineDayStart(ToCivilDay(e.issued_on())),
                       .due_at = db::DeadlineDayEnd(ToCivilDay(e.reply_due_on())),
                       .sequence = e.version()};
  if (AwaitsReply(e.status())) return c;
  if (IsValidDate(e.replied_on())) {
    c.state = opb::DEADLINE_MET;
    c.ended_at = db::DeadlineDayEnd(ToCivilDay(e.replied_on()));
  } else if (e.status() == pb::ESCALATION_STATUS_CLOSED) {
    c.state = opb::DEADLINE_CANCELLED;
  } else {
    return std::nullopt;  // not issued yet
  }
  return c;
}

}  // namespace shouhu::guardianship
