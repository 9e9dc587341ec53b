// OrderCore: service per guardian (the last one starts the compliance period and publishes
// order.issued), court orders, extension, termination and evaluation.
#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/status_macros.h"
#include "common/base/validate.h"
#include "common/server/tenant.h"
#include "guardianship/access_policy.h"
#include "guardianship/config_repository.h"
#include "guardianship/deadline_changes.h"
#include "guardianship/escalation_ops.h"
#include "guardianship/ids.h"
#include "guardianship/order_domain.h"
#include "guardianship/order_ops.h"
#include "guardianship/order_sql.h"
#include "guardianship/policy.h"
#include "shouhu/guardianship/v1/events.pb.h"

namespace shouhu::guardianship {
namespace {

int TotalMonths(const pb::Order& o) {
  int months = o.compliance_months();
  for (const pb::Extension& x : o.extensions()) months += x.extra_months();
  return months;
}

absl::Status EmitIssued(db::Mutation& m, const pb::Order& o) {
  pb::OrderIssued e;
  e.set_order_id(o.order_id());
  e.set_case_id(o.case_id());
  e.set_procuratorate_code(o.procuratorate_code());
  e.set_minor_person_id(o.minor_person_id());
  *e.mutable_served_on() = o.compliance_starts_on();
  *e.mutable_compliance_ends_on() = o.compliance_ends_on();
  e.set_assigned_to(o.assigned_to());
  e.set_kind(o.kind());
  return m.Emit(kTopicOrderIssued, o.order_id(), o.procuratorate_code(), e);
}

absl::Status EmitEnded(db::Mutation& m, const pb::Order& o, const cpb::Date& on) {
  pb::OrderEnded e;
  e.set_order_id(o.order_id());
  e.set_case_id(o.case_id());
  e.set_procuratorate_code(o.procuratorate_code());
  e.set_status(o.status());
  *e.mutable_ended_on() = on;
  return m.Emit(kTopicOrderEnded, o.order_id(), o.procuratorate_code(), e);
}

// A date given in a request, else today; not in the future.
absl::StatusOr<absl::CivilDay> DayOr(const cpb::Date& d, absl::CivilDay today,
                                     const std::string& field) {
  if (!d.IsInitialized() || d.year() == 0) return today;
  FieldErrors e;
  if (!IsValidDate(d)) {
    e.Add(field, "a real date");
  } else if (ToCivilDay(d) > today) {
    e.Add(field, "must not be in the future");
  }
  RETURN_IF_ERROR(e.ToStatus());
  return ToCivilDay(d);
}

}  // namespace

absl::StatusOr<pb::Order> OrderCore::RecordService(const Principal& p,
                                                   const pb::RecordServiceRequest& req) {
  FieldErrors e;
  if (req.guardians().empty()) e.Add("guardians", "at least one guardian served");
  if (req.attendees_size() > 10) e.Add("attendees", "at most 10");
  for (int i = 0; i < req.attendees_size(); ++i) {
    CheckText(e, absl::StrCat("attendees[", i, "]"), req.attendees(i), 1, 32);
  }
  RETURN_IF_ERROR(e.ToStatus());
  const absl::CivilDay today = Today();
  return Change(
      p, "RecordService", req, req.request_id(), req.order_id(), req.version(), &AssignedOrHead(),
      "guardianship.order.serve",
      [&](db::Mutation& m, pb::Order& o, const pb::OrderPolicy&) -> absl::Status {
        RETURN_IF_ERROR(NextOrderStatus(o.status(), OrderMove::kServe).status());
        FieldErrors fe;
        std::map<std::string, int> index;
        for (int i = 0; i < o.addressees_size(); ++i) index[o.addressees(i).person_id()] = i;
        for (int i = 0; i < req.guardians_size(); ++i) {
          const std::string f = absl::StrCat("guardians[", i, "]");
          const pb::GuardianService& g = req.guardians(i);
          ValidateGuardianService(fe, f, g, o.kind(), today);
          auto it = index.find(g.person_id());
          if (it == index.end()) {
            fe.Add(absl::StrCat(f, ".person_id"), "not a guardian the order is addressed to");
          } else if (o.addressees(it->second).has_service()) {
            fe.Add(absl::StrCat(f, ".person_id"), "this guardian was served already");
          }
        }
        RETURN_IF_ERROR(fe.ToStatus());
        for (const pb::GuardianService& g : req.guardians()) {
          pb::GuardianService* s = o.mutable_addressees(index[g.person_id()])->mutable_service();
          *s = g;
          *s->mutable_recorded_by() = ActorOf(p);
        }
        for (const std::string& a : req.attendees()) o.mutable_service()->add_attendees(a);
        const bool all = std::all_of(o.addressees().begin(), o.addressees().end(),
                                     [](const pb::Addressee& a) { return a.has_service(); });
        if (!all) return absl::OkStatus();
        ASSIGN_OR_RETURN(pb::OrderStatus to, NextOrderStatus(o.status(), OrderMove::kServeLast));
        o.set_status(to);
        absl::CivilDay start = ToCivilDay(o.addressees(0).service().served_on());
        bool admonished = true;
        bool signed_all = true;
        for (const pb::Addressee& a : o.addressees()) {
          start = std::max(start, ToCivilDay(a.service().served_on()));
          admonished = admonished && a.service().admonished();
          signed_all = signed_all && a.service().guardian_signed();
        }
        pb::ServiceRecord* summary = o.mutable_service();
        summary->set_method(req.guardians(req.guardians_size() - 1).method());
        *summary->mutable_served_on() = FromCivilDay(start);
        summary->set_admonished(admonished);
        summary->set_guardian_signed(signed_all);
        *o.mutable_compliance_starts_on() = FromCivilDay(start);
        *o.mutable_compliance_ends_on() = FromCivilDay(ComplianceEnd(start, TotalMonths(o)));
        return EmitIssued(m, o);
      });
}

absl::StatusOr<pb::Order> OrderCore::RecordCourtOrder(const Principal& p,
                                                      const pb::RecordCourtOrderRequest& req) {
  pb::OrderPolicy policy;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool,
                                       [&](db::Tx& tx) -> absl::Status {
                                         ASSIGN_OR_RETURN(policy,
                                                          LoadOrderPolicy(tx, p.procuratorate));
                                         return absl::OkStatus();
                                       },
                                       {.read_only = true}));
  const absl::CivilDay today = Today();
  FieldErrors e;
  CheckRequestId(e, req.request_id());
  if (req.case_id().empty()) e.Add("case_id", "required");
  CheckText(e, "court_name", req.court_name(), 1, 100);
  CheckText(e, "court_case_number", req.court_case_number(), 1, 64);
  if (!IsValidDate(req.decided_on())) {
    e.Add("decided_on", "a real date");
  } else if (ToCivilDay(req.decided_on()) > today) {
    e.Add("decided_on", "must not be in the future");
  }
  // The content checks of a draft apply to the court's order too.
  pb::DraftOrderRequest as_draft;
  as_draft.set_kind(pb::ORDER_KIND_SUPERVISION);
  *as_draft.mutable_addressees() = req.addressees();
  as_draft.add_failings(pb::FAILING_OTHER);
  as_draft.add_trigger_grounds(pb::TRIGGER_GROUND_IMPROPER_FAMILY_EDUCATION);
  as_draft.set_facts(req.content());
  as_draft.add_actions()->set_description("-");
  as_draft.add_legal_basis("-");
  as_draft.set_compliance_months(req.compliance_months());
  *as_draft.mutable_guidance() = req.guidance();
  as_draft.set_guidance_focus(req.guidance_focus());
  FieldErrors content;
  ValidateDraftContent(content, as_draft, 1, policy.max_compliance_months());
  for (const auto& [field, what] : content.violations()) {
    e.Add(field == "facts" ? "content" : field, what);
  }
  if (req.requested_by_procuratorate() == req.requested_by_escalation_id().empty()) {
    e.Add("requested_by_escalation_id",
          "required exactly when requested_by_procuratorate (the escalation that asked)");
  }
  RETURN_IF_ERROR(e.ToStatus());
  RETURN_IF_ERROR(CheckIdTenant(p, req.case_id(), "case_id"));
  if (!req.requested_by_escalation_id().empty()) {
    RETURN_IF_ERROR(
        CheckIdTenant(p, req.requested_by_escalation_id(), "requested_by_escalation_id"));
  }
  pb::Order o;
  RETURN_IF_ERROR(CheckCase(p, req.case_id(), "case_id", ToCivilDay(req.decided_on()), o));
  RETURN_IF_ERROR(Require(AssignedOrHead(), p, FactsOf(o), "record court orders on this case"));
  o.set_kind(pb::ORDER_KIND_COURT_GUIDANCE_ORDER);
  o.set_status(pb::ORDER_STATUS_UNDER_SUPERVISION);
  o.set_document_number(req.court_case_number());
  o.set_court_name(req.court_name());
  *o.mutable_court_decided_on() = req.decided_on();
  *o.mutable_addressees() = req.addressees();
  o.set_facts(req.content());
  o.set_compliance_months(req.compliance_months());
  for (const pb::GuidanceArrangement& g : req.guidance()) {
    pb::GuidanceArrangement* out = o.add_guidance();
    out->set_agency_code(g.agency_code());
    out->set_provider_name(g.provider_name());
    out->set_planned_sessions(g.planned_sessions());
  }
  o.set_guidance_focus(req.guidance_focus());
  o.set_requested_by_escalation_id(req.requested_by_escalation_id());
  *o.mutable_compliance_starts_on() = req.decided_on();
  *o.mutable_compliance_ends_on() =
      FromCivilDay(ComplianceEnd(ToCivilDay(req.decided_on()), req.compliance_months()));
  RETURN_IF_ERROR(CheckAddressees("addressees", o));
  RETURN_IF_ERROR(CheckAgencies(o));
  return mutations_.Run<pb::Order>(
      {.actor = p.Name(), .method = "RecordCourtOrder", .request_id = req.request_id()}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::Order> {
        pb::Order out = o;
        if (!req.requested_by_escalation_id().empty()) {
          auto rs =
              m.tx().Sql(order_sql::kEscalationKind).Str(req.requested_by_escalation_id()).Rows();
          if (!rs->next() || rs->getInt("kind") != pb::ESCALATION_KIND_COURT_GUIDANCE_REQUEST) {
            FieldErrors ee;
            ee.Add("requested_by_escalation_id", "no court-guidance request of this id");
            return ee.ToStatus();
          }
        }
        out.set_order_id(NewGuardId(*d_.ids, GuardIdKind::kOrder, out.procuratorate_code()));
        *out.mutable_drafted_by() = ActorOf(p);
        *out.mutable_order_date() = req.decided_on();
        out.set_department(p.department);
        RETURN_IF_ERROR(
            repo_.Insert(m.tx(), out, p.Name(), p.department, absl::ToUnixMillis(m.now())));
        RETURN_IF_ERROR(repo_.ReplaceAgencies(m.tx(), out));
        RETURN_IF_ERROR(m.Audit("guardianship.order.court_record", "guard_order", out.order_id(),
                                out.procuratorate_code()));
        RETURN_IF_ERROR(EmitIssued(m, out));
        out.set_version(1);
        // A court order is under supervision from the start: its evaluation is watched.
        RETURN_IF_ERROR(db::EnqueueDeadlineTransition(m.tx(), *d_.ids, kGuardianshipService,
                                                      m.now(), std::nullopt,
                                                      EvaluationDeadlineOf(out)));
        return View(std::move(out));
      });
}

absl::StatusOr<pb::Order> OrderCore::ExtendCompliancePeriod(const Principal& p,
                                                            const pb::OrderActionRequest& req) {
  FieldErrors e;
  CheckText(e, "note", req.note(), 1, 1000);
  if (req.extra_months() < 1) e.Add("extra_months", "at least 1");
  RETURN_IF_ERROR(e.ToStatus());
  return Change(p, "ExtendCompliancePeriod", req, req.request_id(), req.order_id(), req.version(),
                nullptr, "guardianship.order.extend",
                [&](db::Mutation& m, pb::Order& o, const pb::OrderPolicy& policy) -> absl::Status {
                  RETURN_IF_ERROR(NextOrderStatus(o.status(), OrderMove::kExtend).status());
                  RETURN_IF_ERROR(CheckStepActor(policy, pb::APPROVAL_STEP_ORDER_END, p));
                  RETURN_IF_ERROR(CheckNotDrafter(p, o.drafted_by().principal(), "extend"));
                  const int total = TotalMonths(o) + req.extra_months();
                  if (req.extra_months() > policy.max_extension_months() ||
                      total > policy.max_compliance_months()) {
                    FieldErrors fe;
                    fe.Add("extra_months", absl::StrCat("at most ", policy.max_extension_months(),
                                                        " and the whole period at most ",
                                                        policy.max_compliance_months(),
                                                        " months (the procuratorate's policy)"));
                    return fe.ToStatus();
                  }
                  pb::Extension* x = o.add_extensions();
                  x->set_extra_months(req.extra_months());
                  x->set_reason(req.note());
                  *x->mutable_extended_by() = ActorOf(p);
                  *x->mutable_extended_on() = FromCivilDay(ChinaDay(m.now()));
                  *o.mutable_compliance_ends_on() =
                      FromCivilDay(ComplianceEnd(ToCivilDay(o.compliance_starts_on()), total));
                  return absl::OkStatus();
                });
}

absl::StatusOr<pb::Order> OrderCore::TerminateOrder(const Principal& p,
                                                    const pb::TerminateOrderRequest& req) {
  const absl::CivilDay today = Today();
  FieldErrors e;
  if (req.reason() == pb::TERMINATION_REASON_UNSPECIFIED ||
      !pb::TerminationReason_IsValid(req.reason())) {
    e.Add("reason", "a termination reason");
  }
  if (req.reason() == pb::TERMINATION_REASON_OTHER || !req.note().empty()) {
    CheckText(e, "note", req.note(), 1, 1000);
  }
  RETURN_IF_ERROR(e.ToStatus());
  ASSIGN_OR_RETURN(absl::CivilDay on, DayOr(req.terminated_on(), today, "terminated_on"));
  return Change(p, "TerminateOrder", req, req.request_id(), req.order_id(), req.version(), nullptr,
                "guardianship.order.terminate",
                [&](db::Mutation& m, pb::Order& o, const pb::OrderPolicy& policy) -> absl::Status {
                  ASSIGN_OR_RETURN(pb::OrderStatus to,
                                   NextOrderStatus(o.status(), OrderMove::kTerminate));
                  RETURN_IF_ERROR(CheckStepActor(policy, pb::APPROVAL_STEP_ORDER_END, p));
                  RETURN_IF_ERROR(CheckNotDrafter(p, o.drafted_by().principal(), "terminate"));
                  if (on < ToCivilDay(o.compliance_starts_on())) {
                    FieldErrors fe;
                    fe.Add("terminated_on", "before the compliance period started");
                    return fe.ToStatus();
                  }
                  o.set_status(to);
                  pb::Termination* t = o.mutable_termination();
                  t->set_reason(req.reason());
                  t->set_note(req.note());
                  *t->mutable_terminated_on() = FromCivilDay(on);
                  *t->mutable_terminated_by() = ActorOf(p);
                  return EmitEnded(m, o, t->terminated_on());
                });
}

absl::StatusOr<pb::Order> OrderCore::EvaluateOrder(const Principal& p,
                                                   const pb::EvaluateOrderRequest& req) {
  const absl::CivilDay today = Today();
  const pb::Evaluation& ev = req.evaluation();
  FieldErrors e;
  const pb::OrderStatus result = ResultOf(ev.overall());
  if (result == pb::ORDER_STATUS_UNSPECIFIED) e.Add("evaluation.overall", "an overall finding");
  if (ev.result() != pb::ORDER_STATUS_UNSPECIFIED && ev.result() != result) {
    e.Add("evaluation.result", "must agree with evaluation.overall (or be left empty)");
  }
  CheckText(e, "evaluation.summary", ev.summary(), 1, 2000);
  for (int i = 0; i < ev.action_outcomes_size(); ++i) {
    const pb::ActionOutcome& a = ev.action_outcomes(i);
    const std::string f = absl::StrCat("evaluation.action_outcomes[", i, "]");
    if (a.progress() == pb::PROGRESS_UNSPECIFIED || !pb::Progress_IsValid(a.progress())) {
      e.Add(absl::StrCat(f, ".progress"), "a progress value");
    }
    if (!a.note().empty()) CheckText(e, absl::StrCat(f, ".note"), a.note(), 1, 500);
  }
  if (!pb::EscalationKind_IsValid(req.propose_kind())) e.Add("propose_kind", "unknown value");
  RETURN_IF_ERROR(e.ToStatus());
  ASSIGN_OR_RETURN(absl::CivilDay on, DayOr(ev.evaluated_on(), today, "evaluation.evaluated_on"));
  return Change(p, "EvaluateOrder", req, req.request_id(), req.order_id(), req.version(), nullptr,
                "guardianship.order.evaluate",
                [&](db::Mutation& m, pb::Order& o, const pb::OrderPolicy& policy) -> absl::Status {
                  RETURN_IF_ERROR(NextOrderStatus(o.status(), OrderMove::kEvaluate).status());
                  RETURN_IF_ERROR(CheckStepActor(policy, pb::APPROVAL_STEP_ORDER_EVALUATE, p));
                  RETURN_IF_ERROR(CheckNotDrafter(p, o.drafted_by().principal(), "evaluate"));
                  FieldErrors fe;
                  std::map<int, int> seen;
                  for (int i = 0; i < ev.action_outcomes_size(); ++i) {
                    const int seq = ev.action_outcomes(i).sequence();
                    if (seq < 1 || seq > o.actions_size() || !seen.emplace(seq, i).second) {
                      fe.Add(absl::StrCat("evaluation.action_outcomes[", i, "].sequence"),
                             "a corrective action of the order, each once");
                    }
                  }
                  if (fe.empty() && static_cast<int>(seen.size()) != o.actions_size()) {
                    fe.Add("evaluation.action_outcomes", "one outcome per corrective action");
                  }
                  RETURN_IF_ERROR(fe.ToStatus());
                  pb::Evaluation* out = o.mutable_evaluation();
                  *out = ev;
                  out->set_result(result);
                  *out->mutable_evaluated_on() = FromCivilDay(on);
                  *out->mutable_evaluated_by() = ActorOf(p);
                  out->set_evaluator_title(p.title);
                  out->clear_proposed_escalation_id();
                  for (const pb::ActionOutcome& a : ev.action_outcomes()) {
                    o.mutable_actions(a.sequence() - 1)->set_progress(a.progress());
                  }
                  if (result == pb::ORDER_STATUS_NOT_COMPLIED &&
                      (req.propose_kind() != pb::ESCALATION_KIND_UNSPECIFIED ||
                       !req.propose_addressee_agency_code().empty())) {
                    out->set_escalation_proposed(true);
                    out->set_proposed_kind(req.propose_kind() == pb::ESCALATION_KIND_UNSPECIFIED
                                               ? pb::ESCALATION_KIND_PROCURATORIAL_SUGGESTION
                                               : req.propose_kind());
                    out->set_proposed_addressee_agency_code(req.propose_addressee_agency_code());
                    // The DRAFT escalation for the caseworker to confirm (one per order).
                    if (!req.propose_addressee_agency_code().empty()) {
                      ASSIGN_OR_RETURN(std::string proposed,
                                       ProposeEscalation(m, d_,
                                                         {.order_id = o.order_id(),
                                                          .case_id = o.case_id(),
                                                          .procuratorate = o.procuratorate_code(),
                                                          .assigned_to = o.assigned_to(),
                                                          .department = o.department(),
                                                          .kind = out->proposed_kind(),
                                                          .addressee_agency_code =
                                                              req.propose_addressee_agency_code(),
                                                          .content = "",
                                                          .drafted_by = ActorOf(p)}));
                      out->set_proposed_escalation_id(proposed);
                    }
                  } else {
                    out->set_escalation_proposed(false);
                    out->clear_proposed_kind();
                    out->clear_proposed_addressee_agency_code();
                  }
                  o.set_status(result);
                  (void)policy;
                  return EmitEnded(m, o, out->evaluated_on());
                });
}

}  // namespace shouhu::guardianship
