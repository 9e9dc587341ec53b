// Event reactions of the orders: case.transferred moves the case's open orders.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/base/status_macros.h"
#include "common/db/audit.h"
#include "common/server/events.h"
#include "guardianship/deadline_changes.h"
#include "guardianship/ids.h"
#include "guardianship/order_ops.h"
#include "shouhu/referral/v1/events.pb.h"

namespace shouhu::guardianship {
namespace {

constexpr ReactionAudit AuditEvent{"guardianship", "guard_order"};

}  // namespace

absl::Status OrderCore::ReactToEvent(db::Tx& tx, const cpb::Event& e) {
  if (e.topic() != kTopicCaseTransferred) return absl::OkStatus();
  namespace rpb = ::shouhu::referral::v1;
  ASSIGN_OR_RETURN(rpb::CaseTransferred moved, UnpackEventPayload<rpb::CaseTransferred>(e));
  const absl::Time now = d_.clock->Now();
  const std::string& to = moved.to_procuratorate_code();
  ASSIGN_OR_RETURN(std::vector<std::string> ids, repo_.OpenOfCase(tx, moved.case_id()));
  for (const std::string& old_id : ids) {
    ASSIGN_OR_RETURN(std::optional<pb::Order> found, repo_.Get(tx, old_id, /*lock=*/true));
    if (!found.has_value()) continue;
    pb::Order o = *std::move(found);
    const pb::Order left = o;
    const std::string from = o.procuratorate_code();
    o.set_order_id(NewGuardId(*d_.ids, GuardIdKind::kOrder, to));
    o.set_case_id(moved.new_case_id());
    o.set_procuratorate_code(to);
    // The receiving procuratorate's department head assigns it (AssignedOrHead).
    o.clear_assigned_to();
    RETURN_IF_ERROR(repo_.Move(tx, old_id, o, o.drafted_by().principal(), o.department(),
                               absl::ToUnixMillis(now)));
    // The evaluation deadline ends under the old id and starts again under the new one
    // (stored as version 1).
    o.set_version(1);
    RETURN_IF_ERROR(db::EnqueueDeadlineTransition(tx, *d_.ids, kGuardianshipService, now,
                                                  EvaluationDeadlineOf(left), std::nullopt));
    RETURN_IF_ERROR(db::EnqueueDeadlineTransition(tx, *d_.ids, kGuardianshipService, now,
                                                  std::nullopt, EvaluationDeadlineOf(o)));
    RETURN_IF_ERROR(AuditEvent(tx, e, "guardianship.order.moved_out", old_id, from,
                               absl::StrCat("{\"to\":\"", o.order_id(), "\"}"), now));
    RETURN_IF_ERROR(AuditEvent(tx, e, "guardianship.order.moved_in", o.order_id(), to,
                               absl::StrCat("{\"from\":\"", old_id, "\"}"), now));
  }
  return absl::OkStatus();
}

}  // namespace shouhu::guardianship
