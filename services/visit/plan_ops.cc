// PlanCore: creating a plan by hand, waiving a slot, cancelling and assigning a plan, and
// the helpers every plan operation shares.
#include "visit/plan_ops.h"

#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/status_macros.h"
#include "common/base/validate.h"
#include "common/server/tenant.h"
#include "visit/access_policy.h"
#include "visit/deadline_changes.h"
#include "visit/ids.h"
#include "visit/schedule.h"

namespace shouhu::visit {

cpb::Actor ActorOf(const Principal& p) {
  cpb::Actor a;
  a.set_principal(p.Name());
  a.set_display_name(p.display_name.empty() ? p.id : p.display_name);
  return a;
}

RecordFacts FactsOf(const pb::VisitPlan& plan) {
  RecordFacts r;
  r.procuratorate = plan.procuratorate_code();
  r.assigned_to = plan.assigned_to();
  return r;
}

std::string AnchorKey(pb::AnchorKind kind, const std::string& ref) {
  switch (kind) {
    case pb::ANCHOR_KIND_AID_PAID:
      return absl::StrCat("aid:", ref);
    case pb::ANCHOR_KIND_ORDER_ISSUED:
      return absl::StrCat("order:", ref);
    case pb::ANCHOR_KIND_CASE_CLOSED:
      return absl::StrCat("case:", ref);
    default:
      return "";
  }
}

PlanCore::PlanCore(const VisitDeps& deps)
    : d_(deps), mutations_(deps.Mutations()), repo_(deps.cipher) {}

absl::CivilDay PlanCore::Today() const { return ChinaDay(d_.clock->Now()); }

pb::VisitPlan PlanCore::View(pb::VisitPlan plan, absl::CivilDay today) {
  for (pb::VisitSlot& s : *plan.mutable_slots()) s = WithState(std::move(s), today);
  plan.set_finished(PlanFinished(plan, today));
  return plan;
}

std::string PlanCore::DisplayName(const std::string& person_id) const {
  if (person_id.empty() || d_.cases == nullptr) return "";
  absl::StatusOr<cpb::Person> person = d_.cases->GetPerson(person_id);
  return person.ok() ? person->name() : "";  // masked by the referral service
}

absl::StatusOr<std::optional<pb::ScheduleTemplate>> PlanCore::FindTemplate(
    db::Tx& tx, const std::string& procuratorate, const std::string& template_id,
    pb::AnchorKind anchor) {
  ASSIGN_OR_RETURN(std::vector<pb::ScheduleTemplate> own, repo_.Templates(tx, procuratorate));
  const std::vector<pb::ScheduleTemplate> all =
      MergeTemplates(ShippedTemplates(procuratorate), own);
  if (template_id.empty()) {
    std::optional<pb::ScheduleTemplate> t = DefaultFor(all, anchor);
    if (!t.has_value()) t = DefaultFor(ShippedTemplates(procuratorate), anchor);
    return t;
  }
  for (const pb::ScheduleTemplate& t : all) {
    if (t.template_id() == template_id) return std::optional<pb::ScheduleTemplate>(t);
  }
  return std::optional<pb::ScheduleTemplate>();
}

absl::StatusOr<pb::VisitPlan> PlanCore::CreatePlan(const Principal& p,
                                                   const pb::CreatePlanRequest& req) {
  FieldErrors e;
  CheckRequestId(e, req.request_id());
  if (req.case_id().empty()) e.Add("case_id", "required");
  if (req.anchor_kind() == pb::ANCHOR_KIND_UNSPECIFIED ||
      !pb::AnchorKind_IsValid(req.anchor_kind())) {
    e.Add("anchor_kind", "required");
  }
  if (!req.has_anchor_date() || !IsValidDate(req.anchor_date())) {
    e.Add("anchor_date", "a real date required");
  }
  if (!req.anchor_ref().empty() && !IsValidCode(req.anchor_ref(), 1, 64)) {
    e.Add("anchor_ref", "an id: up to 64 of [A-Za-z0-9_-]");
  }
  if (!req.subject_person_id().empty() && !IsValidCode(req.subject_person_id(), 1, 32)) {
    e.Add("subject_person_id", "a person id");
  }
  if (!req.template_id().empty() && !req.items().empty()) {
    e.Add("items", "either template_id or items, not both");
  } else if (req.template_id().empty() && req.items().empty()) {
    e.Add("template_id", "a template or explicit items required");
  } else if (!req.items().empty()) {
    CheckItems(e, "items", req.items());
  }
  RETURN_IF_ERROR(e.ToStatus());
  RETURN_IF_ERROR(CheckIdTenant(p, req.case_id(), "case_id"));

  ASSIGN_OR_RETURN(referral::v1::Case c, d_.cases->GetCase(req.case_id()));
  if (c.procuratorate_code() != p.procuratorate) {
    return absl::PermissionDeniedError("the case belongs to another procuratorate");
  }
  pb::VisitPlan plan;
  plan.set_case_id(req.case_id());
  plan.set_procuratorate_code(c.procuratorate_code());
  plan.set_assigned_to(c.assigned_to().empty() ? p.id : c.assigned_to());
  RETURN_IF_ERROR(Require(AssignedOrHead(), p, FactsOf(plan), "plan visits of this case"));
  plan.set_subject_person_id(req.subject_person_id().empty() ? c.subject_person_id()
                                                             : req.subject_person_id());
  if (!req.subject_person_id().empty()) {
    absl::StatusOr<cpb::Person> person = d_.cases->GetPerson(req.subject_person_id());
    if (absl::IsNotFound(person.status())) {
      FieldErrors pe;
      pe.Add("subject_person_id", "no such person in the referral service");
      return pe.ToStatus();
    }
    if (!person.ok()) return person.status();
    plan.set_subject_display_name(person->name());
  } else {
    plan.set_subject_display_name(DisplayName(plan.subject_person_id()));
  }
  plan.set_anchor_kind(req.anchor_kind());
  plan.set_anchor_ref(req.anchor_ref());
  *plan.mutable_anchor_date() = req.anchor_date();
  plan.set_status(pb::PLAN_STATUS_ACTIVE);
  *plan.mutable_created_by() = ActorOf(p);

  return mutations_.Run<pb::VisitPlan>(
      {.actor = p.Name(), .method = "CreatePlan", .request_id = req.request_id()}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::VisitPlan> {
        pb::VisitPlan out = plan;
        google::protobuf::RepeatedPtrField<pb::ScheduleItem> items = req.items();
        const char* items_field = "items";
        if (!req.template_id().empty()) {
          items_field = "template_id";
          ASSIGN_OR_RETURN(
              std::optional<pb::ScheduleTemplate> t,
              FindTemplate(m.tx(), out.procuratorate_code(), req.template_id(), req.anchor_kind()));
          FieldErrors te;
          if (!t.has_value()) {
            te.Add("template_id", "no such template in this procuratorate");
          } else if (t->anchor_kind() != req.anchor_kind() &&
                     req.anchor_kind() != pb::ANCHOR_KIND_MANUAL) {
            te.Add("template_id", "the template is for another anchor kind");
          }
          RETURN_IF_ERROR(te.ToStatus());
          items = t->items();
          out.set_template_id(t->template_id());
          out.set_template_version(t->version());
        }
        ASSIGN_OR_RETURN(
            std::vector<pb::VisitSlot> slots,
            ExpandSlots(items, ToCivilDay(req.anchor_date()), std::nullopt, items_field));
        for (pb::VisitSlot& s : slots) *out.add_slots() = std::move(s);
        out.set_plan_id(NewVisitId(*d_.ids, VisitIdKind::kPlan, out.procuratorate_code()));
        *out.mutable_created_at() = ToTimestamp(m.now());
        RETURN_IF_ERROR(repo_.Insert(m.tx(), out, "", absl::ToUnixMillis(m.now()), p.department));
        RETURN_IF_ERROR(m.Audit("visit.plan.create", "visit_plan", out.plan_id(),
                                out.procuratorate_code(),
                                absl::StrCat("{\"slots\":", out.slots_size(), "}")));
        out.set_version(1);
        RETURN_IF_ERROR(PublishSlotDeadlines(m.tx(), *d_.ids, m.now(), nullptr, &out));
        return View(std::move(out), ChinaDay(m.now()));
      });
}

absl::StatusOr<pb::VisitPlan> PlanCore::Change(const Principal& p, const char* method,
                                               const google::protobuf::Message& req,
                                               const std::string& request_id,
                                               const std::string& plan_id, int64_t version,
                                               const AccessCondition* cond, const char* action,
                                               const ChangeFn& fn) {
  FieldErrors e;
  CheckRequestId(e, request_id);
  if (plan_id.empty()) e.Add("plan_id", "required");
  CheckVersion(e, version);
  RETURN_IF_ERROR(e.ToStatus());
  RETURN_IF_ERROR(CheckIdTenant(p, plan_id, "plan_id"));
  return mutations_.Run<pb::VisitPlan>(
      {.actor = p.Name(), .method = method, .request_id = request_id}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::VisitPlan> {
        ASSIGN_OR_RETURN(std::optional<pb::VisitPlan> row, repo_.Get(m.tx(), plan_id, true));
        if (!row.has_value()) return absl::NotFoundError(absl::StrCat("no plan ", plan_id));
        pb::VisitPlan plan = *std::move(row);
        RETURN_IF_ERROR(m.CheckVersion(plan.version(), version));
        if (cond != nullptr) RETURN_IF_ERROR(Require(*cond, p, FactsOf(plan), "change it"));
        if (plan.status() != pb::PLAN_STATUS_ACTIVE) {
          return absl::FailedPreconditionError(
              absl::StrCat("plan_id: the plan is ", pb::PlanStatus_Name(plan.status())));
        }
        const pb::VisitPlan read = plan;
        RETURN_IF_ERROR(fn(m, plan));
        RETURN_IF_ERROR(repo_.Update(m.tx(), plan, version, absl::ToUnixMillis(m.now())));
        RETURN_IF_ERROR(m.Audit(action, "visit_plan", plan.plan_id(), plan.procuratorate_code()));
        plan.set_version(version + 1);
        RETURN_IF_ERROR(PublishSlotDeadlines(m.tx(), *d_.ids, m.now(), &read, &plan));
        return View(std::move(plan), ChinaDay(m.now()));
      });
}

absl::StatusOr<pb::VisitPlan> PlanCore::WaiveSlot(const Principal& p,
                                                  const pb::WaiveSlotRequest& req) {
  FieldErrors e;
  if (req.slot_sequence() <= 0) e.Add("slot_sequence", "required (1-based)");
  CheckText(e, "reason", req.reason(), 1, 500);
  RETURN_IF_ERROR(e.ToStatus());
  return Change(
      p, "WaiveSlot", req, req.request_id(), req.plan_id(), req.version(), &AssignedOrHead(),
      "visit.plan.waive_slot", [&](db::Mutation& m, pb::VisitPlan& plan) -> absl::Status {
        pb::VisitSlot* slot = nullptr;
        for (pb::VisitSlot& s : *plan.mutable_slots()) {
          if (s.sequence() == req.slot_sequence()) slot = &s;
        }
        if (slot == nullptr) {
          FieldErrors se;
          se.Add("slot_sequence", "the plan has no such slot");
          return se.ToStatus();
        }
        if (slot->state() == pb::SLOT_STATE_DONE || slot->state() == pb::SLOT_STATE_WAIVED) {
          return absl::FailedPreconditionError(
              absl::StrCat("slot_sequence: the slot is ", pb::SlotState_Name(slot->state())));
        }
        slot->set_state(pb::SLOT_STATE_WAIVED);
        slot->set_waive_reason(req.reason());
        *slot->mutable_waived_by() = ActorOf(p);
        *slot->mutable_waived_at() = ToTimestamp(m.now());
        return repo_.WaiveSlot(m.tx(), plan.plan_id(), *slot);
      });
}

absl::StatusOr<pb::VisitPlan> PlanCore::CancelPlan(const Principal& p,
                                                   const pb::CancelPlanRequest& req) {
  FieldErrors e;
  CheckText(e, "reason", req.reason(), 1, 500);
  RETURN_IF_ERROR(e.ToStatus());
  return Change(p, "CancelPlan", req, req.request_id(), req.plan_id(), req.version(), nullptr,
                "visit.plan.cancel", [&](db::Mutation& m, pb::VisitPlan& plan) -> absl::Status {
                  plan.set_status(pb::PLAN_STATUS_CANCELLED);
                  plan.set_cancel_reason(req.reason());
                  *plan.mutable_ended_on() = FromCivilDay(ChinaDay(m.now()));
                  return absl::OkStatus();
                });
}

absl::StatusOr<pb::VisitPlan> PlanCore::AssignPlan(const Principal& p,
                                                   const pb::AssignPlanRequest& req) {
  FieldErrors e;
  CheckUserId(e, "assigned_to", req.assigned_to());
  RETURN_IF_ERROR(e.ToStatus());
  return Change(p, "AssignPlan", req, req.request_id(), req.plan_id(), req.version(), nullptr,
                "visit.plan.assign", [&](db::Mutation& m, pb::VisitPlan& plan) -> absl::Status {
                  plan.set_assigned_to(req.assigned_to());
                  return repo_.SetDepartment(m.tx(), plan.plan_id(), p.department);
                });
}

}  // namespace shouhu::visit
