// PlanCore: reactions to other services' events. Plans are made from aid.paid,
// order.issued and case.closed (one per anchor: a redelivered or repeated event finds the
// plan by its dedupe key), order.ended ends the order's plan, case.transferred moves open
// plans. They run inside the transaction that records the event in the inbox.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/status_macros.h"
#include "common/db/audit.h"
#include "common/server/events.h"
#include "shouhu/aid/v1/events.pb.h"
#include "shouhu/guardianship/v1/events.pb.h"
#include "shouhu/referral/v1/events.pb.h"
#include "visit/deadline_changes.h"
#include "visit/ids.h"
#include "visit/plan_ops.h"
#include "visit/schedule.h"

namespace shouhu::visit {
namespace {

constexpr char kSelf[] = "service:visit";

absl::Status AuditEvent(db::Tx& tx, const cpb::Event& e, absl::string_view action,
                        const std::string& id, const std::string& procuratorate,
                        const std::string& detail, absl::Time at) {
  return db::AppendAudit(tx, db::AuditRecord{.service = "visit",
                                             .actor = kSelf,
                                             .action = std::string(action),
                                             .entity_type = "visit_plan",
                                             .entity_id = id,
                                             .procuratorate = procuratorate,
                                             .request_id = e.event_id(),
                                             .detail = detail,
                                             .at = at});
}

// The event's date in China (when a payload has no date of its own).
absl::CivilDay EventDay(const cpb::Event& e, absl::Time now) {
  return e.has_occurred_at() ? ChinaDay(FromTimestamp(e.occurred_at())) : ChinaDay(now);
}

absl::CivilDay DateOr(const cpb::Date& d, absl::CivilDay fallback) {
  return IsValidDate(d) ? ToCivilDay(d) : fallback;
}

}  // namespace

absl::Status PlanCore::ReactToEvent(db::Tx& tx, const cpb::Event& e) {
  if (e.topic() == kTopicAidPaid) return OnAidPaid(tx, e);
  if (e.topic() == kTopicOrderIssued) return OnOrderIssued(tx, e);
  if (e.topic() == kTopicOrderEnded) return OnOrderEnded(tx, e);
  if (e.topic() == kTopicCaseClosed) return OnCaseClosed(tx, e);
  if (e.topic() == kTopicCaseTransferred) return OnCaseTransferred(tx, e);
  return absl::OkStatus();
}

absl::Status PlanCore::PlanFromAnchor(db::Tx& tx, const cpb::Event& e, const Anchor& a) {
  ASSIGN_OR_RETURN(std::optional<std::string> existing, repo_.FindByDedupe(tx, a.dedupe_key));
  if (existing.has_value()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::optional<pb::ScheduleTemplate> t,
                   FindTemplate(tx, a.procuratorate, "", a.kind));
  if (!t.has_value()) return absl::OkStatus();  // no default for the anchor: nothing to do
  ASSIGN_OR_RETURN(std::vector<pb::VisitSlot> slots,
                   ExpandSlots(t->items(), a.date, a.ends_on, "template.items"));
  const absl::Time now = d_.clock->Now();
  pb::VisitPlan plan;
  plan.set_plan_id(NewVisitId(*d_.ids, VisitIdKind::kPlan, a.procuratorate));
  plan.set_case_id(a.case_id);
  plan.set_procuratorate_code(a.procuratorate);
  plan.set_subject_person_id(a.subject_person_id);
  plan.set_subject_display_name(DisplayName(a.subject_person_id));
  plan.set_anchor_kind(a.kind);
  plan.set_anchor_ref(a.ref);
  *plan.mutable_anchor_date() = FromCivilDay(a.date);
  if (a.ends_on.has_value()) *plan.mutable_anchor_ends_on() = FromCivilDay(*a.ends_on);
  plan.set_template_id(t->template_id());
  plan.set_template_version(t->version());
  for (pb::VisitSlot& s : slots) *plan.add_slots() = std::move(s);
  plan.set_status(pb::PLAN_STATUS_ACTIVE);
  plan.set_assigned_to(a.assigned_to);
  plan.mutable_created_by()->set_principal(kSelf);
  plan.mutable_created_by()->set_display_name(absl::StrCat("自动（", e.topic(), "）"));
  *plan.mutable_created_at() = ToTimestamp(now);
  RETURN_IF_ERROR(repo_.Insert(tx, plan, a.dedupe_key, absl::ToUnixMillis(now), ""));
  plan.set_version(1);
  RETURN_IF_ERROR(PublishSlotDeadlines(tx, *d_.ids, now, nullptr, &plan));
  return AuditEvent(
      tx, e, "visit.plan.create", plan.plan_id(), plan.procuratorate_code(),
      absl::StrCat("{\"topic\":\"", e.topic(), "\",\"slots\":", plan.slots_size(), "}"), now);
}

absl::Status PlanCore::OnAidPaid(db::Tx& tx, const cpb::Event& e) {
  namespace apb = ::shouhu::aid::v1;
  ASSIGN_OR_RETURN(apb::AidPaid paid, UnpackEventPayload<apb::AidPaid>(e));
  // The first payment of an application anchors its plan; later ones find it.
  const std::string ref =
      !paid.application_id().empty() ? paid.application_id() : paid.disbursement_id();
  if (paid.case_id().empty() || ref.empty()) return absl::OkStatus();
  Anchor a;
  a.kind = pb::ANCHOR_KIND_AID_PAID;
  a.ref = ref;
  a.dedupe_key = AnchorKey(a.kind, ref);
  ASSIGN_OR_RETURN(std::optional<std::string> existing, repo_.FindByDedupe(tx, a.dedupe_key));
  if (existing.has_value()) return absl::OkStatus();
  if (d_.cases == nullptr) return absl::FailedPreconditionError("no case hub to ask");
  ASSIGN_OR_RETURN(referral::v1::Case c, d_.cases->GetCase(paid.case_id()));
  a.case_id = paid.case_id();
  a.procuratorate = c.procuratorate_code();
  a.subject_person_id = !paid.person_id().empty() ? paid.person_id() : c.subject_person_id();
  a.assigned_to = c.assigned_to();
  a.date = DateOr(paid.paid_on(), EventDay(e, d_.clock->Now()));
  return PlanFromAnchor(tx, e, a);
}

absl::Status PlanCore::OnOrderIssued(db::Tx& tx, const cpb::Event& e) {
  namespace gpb = ::shouhu::guardianship::v1;
  ASSIGN_OR_RETURN(gpb::OrderIssued issued, UnpackEventPayload<gpb::OrderIssued>(e));
  if (issued.order_id().empty() || issued.case_id().empty()) return absl::OkStatus();
  Anchor a;
  a.kind = pb::ANCHOR_KIND_ORDER_ISSUED;
  a.ref = issued.order_id();
  a.dedupe_key = AnchorKey(a.kind, a.ref);
  a.case_id = issued.case_id();
  a.procuratorate =
      !issued.procuratorate_code().empty() ? issued.procuratorate_code() : e.procuratorate_code();
  a.subject_person_id = issued.minor_person_id();
  a.assigned_to = issued.assigned_to();
  a.date = DateOr(issued.served_on(), EventDay(e, d_.clock->Now()));
  if (IsValidDate(issued.compliance_ends_on())) a.ends_on = ToCivilDay(issued.compliance_ends_on());
  return PlanFromAnchor(tx, e, a);
}

absl::Status PlanCore::OnOrderEnded(db::Tx& tx, const cpb::Event& e) {
  namespace gpb = ::shouhu::guardianship::v1;
  ASSIGN_OR_RETURN(gpb::OrderEnded ended, UnpackEventPayload<gpb::OrderEnded>(e));
  ASSIGN_OR_RETURN(
      std::optional<std::string> id,
      repo_.FindByDedupe(tx, AnchorKey(pb::ANCHOR_KIND_ORDER_ISSUED, ended.order_id())));
  if (!id.has_value()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::optional<pb::VisitPlan> row, repo_.Get(tx, *id, /*lock=*/true));
  if (!row.has_value() || row->status() != pb::PLAN_STATUS_ACTIVE) return absl::OkStatus();
  pb::VisitPlan plan = *std::move(row);
  const pb::VisitPlan read = plan;
  const absl::Time now = d_.clock->Now();
  plan.set_status(pb::PLAN_STATUS_ENDED);
  *plan.mutable_ended_on() = FromCivilDay(DateOr(ended.ended_on(), ChinaDay(now)));
  RETURN_IF_ERROR(repo_.Update(tx, plan, plan.version(), absl::ToUnixMillis(now)));
  plan.set_version(plan.version() + 1);
  RETURN_IF_ERROR(PublishSlotDeadlines(tx, *d_.ids, now, &read, &plan));
  return AuditEvent(tx, e, "visit.plan.end", plan.plan_id(), plan.procuratorate_code(),
                    absl::StrCat("{\"order\":\"", ended.order_id(), "\"}"), now);
}

absl::Status PlanCore::OnCaseClosed(db::Tx& tx, const cpb::Event& e) {
  namespace rpb = ::shouhu::referral::v1;
  ASSIGN_OR_RETURN(rpb::CaseClosed closed, UnpackEventPayload<rpb::CaseClosed>(e));
  // A merged case's follow-up continues on the case it was merged into.
  if (closed.case_id().empty() || closed.reason() == rpb::CLOSE_REASON_MERGED) {
    return absl::OkStatus();
  }
  Anchor a;
  a.kind = pb::ANCHOR_KIND_CASE_CLOSED;
  a.ref = closed.case_id();
  a.dedupe_key = AnchorKey(a.kind, a.ref);
  ASSIGN_OR_RETURN(std::optional<std::string> existing, repo_.FindByDedupe(tx, a.dedupe_key));
  if (existing.has_value()) return absl::OkStatus();
  // 一案一回访: a case that already has an ACTIVE plan has its visit.
  ASSIGN_OR_RETURN(std::vector<std::string> active, repo_.ActiveOfCase(tx, closed.case_id()));
  if (!active.empty()) return absl::OkStatus();
  if (d_.cases == nullptr) return absl::FailedPreconditionError("no case hub to ask");
  absl::StatusOr<rpb::Case> c = d_.cases->GetCase(closed.case_id());
  if (absl::IsNotFound(c.status())) return absl::OkStatus();
  if (!c.ok()) return c.status();
  a.case_id = closed.case_id();
  a.procuratorate = c->procuratorate_code();
  a.subject_person_id = c->subject_person_id();
  a.assigned_to = c->assigned_to();
  a.date =
      c->has_closed_at() ? ChinaDay(FromTimestamp(c->closed_at())) : EventDay(e, d_.clock->Now());
  return PlanFromAnchor(tx, e, a);
}

absl::Status PlanCore::OnCaseTransferred(db::Tx& tx, const cpb::Event& e) {
  namespace rpb = ::shouhu::referral::v1;
  ASSIGN_OR_RETURN(rpb::CaseTransferred moved, UnpackEventPayload<rpb::CaseTransferred>(e));
  const std::string& to = moved.to_procuratorate_code();
  if (moved.case_id().empty() || moved.new_case_id().empty() || to.empty()) {
    return absl::OkStatus();
  }
  const absl::Time now = d_.clock->Now();
  ASSIGN_OR_RETURN(std::vector<std::string> ids, repo_.ActiveOfCase(tx, moved.case_id()));
  for (const std::string& old_id : ids) {
    ASSIGN_OR_RETURN(std::optional<pb::VisitPlan> row, repo_.Get(tx, old_id, /*lock=*/true));
    if (!row.has_value()) continue;
    ASSIGN_OR_RETURN(std::string dedupe_key, repo_.DedupeKeyOf(tx, old_id));
    pb::VisitPlan plan = *std::move(row);
    const pb::VisitPlan left = plan;
    const std::string from = plan.procuratorate_code();
    plan.set_plan_id(NewVisitId(*d_.ids, VisitIdKind::kPlan, to));
    plan.set_case_id(moved.new_case_id());
    plan.set_procuratorate_code(to);
    plan.set_moved_from_plan_id(old_id);
    // The receiving procuratorate's department head assigns it (AssignPlan).
    plan.clear_assigned_to();
    RETURN_IF_ERROR(repo_.Delete(tx, old_id));
    RETURN_IF_ERROR(repo_.Insert(tx, plan, dedupe_key, absl::ToUnixMillis(now), ""));
    plan.set_version(1);
    // The windows end under the old plan id and start again under the new one.
    RETURN_IF_ERROR(PublishSlotDeadlines(tx, *d_.ids, now, &left, nullptr));
    RETURN_IF_ERROR(PublishSlotDeadlines(tx, *d_.ids, now, nullptr, &plan));
    RETURN_IF_ERROR(AuditEvent(tx, e, "visit.plan.moved_out", old_id, from,
                               absl::StrCat("{\"to\":\"", plan.plan_id(), "\"}"), now));
    RETURN_IF_ERROR(AuditEvent(tx, e, "visit.plan.moved_in", plan.plan_id(), to,
                               absl::StrCat("{\"from\":\"", old_id, "\"}"), now));
  }
  return absl::OkStatus();
}

}  // namespace shouhu::visit
