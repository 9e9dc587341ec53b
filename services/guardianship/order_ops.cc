// OrderCore: drafting, submission, approval (with the document number) and cancellation,
// and the helpers every order operation shares.
#include "guardianship/order_ops.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/status_macros.h"
#include "common/base/validate.h"
#include "common/server/tenant.h"
#include "guardianship/access_policy.h"
#include "guardianship/config_repository.h"
#include "guardianship/deadline_changes.h"
#include "guardianship/doc_numbers.h"
#include "guardianship/ids.h"
#include "guardianship/order_domain.h"
#include "guardianship/policy.h"

namespace shouhu::guardianship {

cpb::Actor ActorOf(const Principal& p) {
  cpb::Actor a;
  a.set_principal(p.Name());
  a.set_display_name(p.display_name.empty() ? p.id : p.display_name);
  return a;
}

RecordFacts FactsOf(const pb::Order& o, const std::string& agency) {
  RecordFacts r;
  r.procuratorate = o.procuratorate_code();
  r.assigned_to = o.assigned_to();
  // A guidance agency is the order's from approval (文号 assigned) on, never a draft's.
  if (!agency.empty() && !o.document_number().empty() && ArrangementOf(o, agency) >= 0) {
    r.agency = agency;
  }
  return r;
}

int ArrangementOf(const pb::Order& o, const std::string& agency) {
  for (int i = 0; i < o.guidance_size(); ++i) {
    if (!agency.empty() && o.guidance(i).agency_code() == agency) return i;
  }
  return -1;
}

absl::Status NoOrder(const Principal& p, const std::string& order_id, absl::string_view what) {
  if (p.kind == Principal::Kind::kAgency) return Require(NamedGuidanceAgency(), p, {}, what);
  return absl::NotFoundError(absl::StrCat("no order ", order_id));
}

OrderCore::OrderCore(const GuardDeps& deps)
    : d_(deps), mutations_(deps.Mutations()), repo_(deps.cipher) {}

absl::CivilDay OrderCore::Today() const { return ChinaDay(d_.clock->Now()); }

pb::Order OrderCore::View(pb::Order o) const {
  o.set_evaluation_overdue(EvaluationOverdue(o, Today()));
  return o;
}

absl::StatusOr<pb::Order> OrderCore::Change(const Principal& p, const char* method,
                                            const google::protobuf::Message& req,
                                            const std::string& request_id,
                                            const std::string& order_id, int64_t version,
                                            const AccessCondition* cond, const char* action,
                                            const ChangeFn& fn) {
  FieldErrors e;
  CheckRequestId(e, request_id);
  if (order_id.empty()) e.Add("order_id", "required");
  CheckVersion(e, version);
  RETURN_IF_ERROR(e.ToStatus());
  RETURN_IF_ERROR(CheckIdTenant(p, order_id, "order_id"));
  return mutations_.Run<pb::Order>(
      {.actor = p.Name(), .method = method, .request_id = request_id}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::Order> {
        ASSIGN_OR_RETURN(std::optional<pb::Order> row, repo_.Get(m.tx(), order_id, true));
        if (!row.has_value()) return absl::NotFoundError(absl::StrCat("no order ", order_id));
        pb::Order o = *std::move(row);
        RETURN_IF_ERROR(m.CheckVersion(o.version(), version));
        if (cond != nullptr) RETURN_IF_ERROR(Require(*cond, p, FactsOf(o, p.id), "change it"));
        ASSIGN_OR_RETURN(pb::OrderPolicy policy, LoadOrderPolicy(m.tx(), o.procuratorate_code()));
        const pb::Order read = o;
        RETURN_IF_ERROR(fn(m, o, policy));
        RETURN_IF_ERROR(repo_.Update(m.tx(), o, version, absl::ToUnixMillis(m.now())));
        RETURN_IF_ERROR(m.Audit(action, "guard_order", o.order_id(), o.procuratorate_code()));
        o.set_version(version + 1);
        RETURN_IF_ERROR(db::EnqueueDeadlineTransition(m.tx(), *d_.ids, kGuardianshipService,
                                                      m.now(), EvaluationDeadlineOf(read),
                                                      EvaluationDeadlineOf(o)));
        return View(std::move(o));
      });
}

absl::Status OrderCore::CheckCase(const Principal& p, const std::string& case_id,
                                  const std::string& case_field, absl::CivilDay on, pb::Order& o) {
  ASSIGN_OR_RETURN(referral::v1::Case c, d_.cases->GetCase(case_id));
  if (c.procuratorate_code() != p.procuratorate) {
    return absl::PermissionDeniedError("the case belongs to another procuratorate");
  }
  if (c.status() != referral::v1::CASE_STATUS_OPEN) {
    return absl::FailedPreconditionError(absl::StrCat(case_field, ": the case is not open"));
  }
  if (c.subject_person_id().empty()) {
    return absl::FailedPreconditionError(absl::StrCat(case_field, ": the case has no subject"));
  }
  ASSIGN_OR_RETURN(cpb::Person minor, d_.cases->GetPerson(c.subject_person_id()));
  if (!minor.has_birth_date() || !IsValidDate(minor.birth_date())) {
    return absl::FailedPreconditionError(
        absl::StrCat(case_field, ": the subject's birth date is not known"));
  }
  if (AgeOn(ToCivilDay(minor.birth_date()), on) >= 18) {
    return absl::FailedPreconditionError(
        absl::StrCat(case_field, ": the subject is not a minor on ", DateString(on)));
  }
  o.set_case_id(case_id);
  o.set_procuratorate_code(c.procuratorate_code());
  o.set_minor_person_id(c.subject_person_id());
  o.set_assigned_to(c.assigned_to());
  o.set_minor_display_name(minor.name());  // masked by the referral service
  return absl::OkStatus();
}

absl::Status OrderCore::CheckAddressees(const std::string& field, pb::Order& o) {
  FieldErrors e;
  for (int i = 0; i < o.addressees_size(); ++i) {
    pb::Addressee* a = o.mutable_addressees(i);
    const std::string f = absl::StrCat(field, "[", i, "].person_id");
    if (a->person_id() == o.minor_person_id()) {
      e.Add(f, "is the minor, not a guardian");
      continue;
    }
    absl::StatusOr<cpb::Person> person = d_.cases->GetPerson(a->person_id());
    if (absl::IsNotFound(person.status())) {
      e.Add(f, "no such person in the referral service");
      continue;
    }
    if (!person.ok()) return person.status();
    a->set_display_name(person->name());  // masked by the referral service
  }
  return e.ToStatus();
}

absl::Status OrderCore::CheckAgencies(const pb::Order& o) {
  FieldErrors e;
  std::set<std::string> seen;
  for (int i = 0; i < o.guidance_size(); ++i) {
    const std::string& code = o.guidance(i).agency_code();
    if (code.empty()) continue;
    const std::string f = absl::StrCat("guidance[", i, "].agency_code");
    if (!seen.insert(code).second) {
      e.Add(f, "names an agency twice");
      continue;
    }
    absl::StatusOr<referral::v1::Agency> a = d_.cases->GetAgency(code);
    if (absl::IsNotFound(a.status()) || (a.ok() && !a->active())) {
      e.Add(f, "no active agency of this code");
      continue;
    }
    if (!a.ok()) return a.status();
    if (a->procuratorate_code() != o.procuratorate_code()) {
      e.Add(f, "an agency of the order's procuratorate");
    }
  }
  return e.ToStatus();
}

absl::StatusOr<pb::Order> OrderCore::DraftOrder(const Principal& p,
                                                const pb::DraftOrderRequest& req) {
  const bool create = req.order_id().empty();
  pb::OrderPolicy policy;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool,
                                       [&](db::Tx& tx) -> absl::Status {
                                         ASSIGN_OR_RETURN(policy,
                                                          LoadOrderPolicy(tx, p.procuratorate));
                                         return absl::OkStatus();
                                       },
                                       {.read_only = true}));
  FieldErrors e;
  CheckRequestId(e, req.request_id());
  if (!create) CheckVersion(e, req.version());
  if (req.case_id().empty()) e.Add("case_id", "required");
  ValidateDraftContent(e, req, policy.min_compliance_months(), policy.max_compliance_months());
  RETURN_IF_ERROR(e.ToStatus());
  RETURN_IF_ERROR(CheckIdTenant(p, req.case_id(), "case_id"));
  if (!req.previous_order_id().empty()) {
    RETURN_IF_ERROR(CheckIdTenant(p, req.previous_order_id(), "previous_order_id"));
  }

  pb::Order draft;
  RETURN_IF_ERROR(CheckCase(p, req.case_id(), "case_id", Today(), draft));
  RETURN_IF_ERROR(Require(AssignedOrHead(), p, FactsOf(draft), "draft orders on this case"));
  draft.set_kind(req.kind());
  *draft.mutable_addressees() = req.addressees();
  for (pb::Addressee& a : *draft.mutable_addressees()) {
    a.clear_display_name();
    a.clear_service();
  }
  *draft.mutable_failings() = req.failings();
  draft.set_facts(req.facts());
  for (int i = 0; i < req.actions_size(); ++i) {
    pb::CorrectiveAction* a = draft.add_actions();
    a->set_sequence(i + 1);
    a->set_description(req.actions(i).description());
    if (req.actions(i).has_due_on()) *a->mutable_due_on() = req.actions(i).due_on();
    a->set_progress(pb::PROGRESS_NOT_STARTED);
  }
  *draft.mutable_legal_basis() = req.legal_basis();
  draft.set_compliance_months(req.compliance_months());
  for (const pb::GuidanceArrangement& g : req.guidance()) {
    pb::GuidanceArrangement* out = draft.add_guidance();
    out->set_agency_code(g.agency_code());
    out->set_provider_name(g.provider_name());
    out->set_planned_sessions(g.planned_sessions());
  }
  *draft.mutable_trigger_grounds() = req.trigger_grounds();
  draft.set_previous_order_id(req.previous_order_id());
  draft.set_guidance_focus(req.guidance_focus());
  RETURN_IF_ERROR(CheckAddressees("addressees", draft));
  RETURN_IF_ERROR(CheckAgencies(draft));

  auto check_previous = [&](db::Tx& tx) -> absl::Status {
    if (req.previous_order_id().empty()) return absl::OkStatus();
    ASSIGN_OR_RETURN(auto prev, repo_.Get(tx, req.previous_order_id(), false));
    if (!prev.has_value() || prev->minor_person_id() != draft.minor_person_id()) {
      FieldErrors pe;
      pe.Add("previous_order_id", "no earlier order for the same minor");
      return pe.ToStatus();
    }
    return absl::OkStatus();
  };

  if (!create) {
    return Change(p, "DraftOrder", req, req.request_id(), req.order_id(), req.version(),
                  &AssignedOrHead(), "guardianship.order.edit",
                  [&](db::Mutation& m, pb::Order& o, const pb::OrderPolicy&) -> absl::Status {
                    RETURN_IF_ERROR(NextOrderStatus(o.status(), OrderMove::kEditDraft).status());
                    if (o.case_id() != req.case_id()) {
                      FieldErrors ce;
                      ce.Add("case_id", "a draft stays on its case");
                      return ce.ToStatus();
                    }
                    RETURN_IF_ERROR(check_previous(m.tx()));
                    pb::Order edited = draft;
                    edited.set_order_id(o.order_id());
                    edited.set_status(o.status());
                    *edited.mutable_drafted_by() = o.drafted_by();
                    *edited.mutable_order_date() = o.order_date();
                    edited.set_department(o.department());
                    *edited.mutable_approvals() = o.approvals();
                    o = std::move(edited);
                    return repo_.ReplaceAgencies(m.tx(), o);
                  });
  }
  return mutations_.Run<pb::Order>(
      {.actor = p.Name(), .method = "DraftOrder", .request_id = req.request_id()}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::Order> {
        RETURN_IF_ERROR(check_previous(m.tx()));
        pb::Order o = draft;
        o.set_order_id(NewGuardId(*d_.ids, GuardIdKind::kOrder, o.procuratorate_code()));
        o.set_status(pb::ORDER_STATUS_DRAFT);
        *o.mutable_drafted_by() = ActorOf(p);
        *o.mutable_order_date() = FromCivilDay(ChinaDay(m.now()));
        o.set_department(p.department);
        RETURN_IF_ERROR(
            repo_.Insert(m.tx(), o, p.Name(), p.department, absl::ToUnixMillis(m.now())));
        RETURN_IF_ERROR(repo_.ReplaceAgencies(m.tx(), o));
        RETURN_IF_ERROR(m.Audit("guardianship.order.draft", "guard_order", o.order_id(),
                                o.procuratorate_code()));
        o.set_version(1);
        return View(std::move(o));
      });
}

absl::StatusOr<pb::Order> OrderCore::SubmitOrder(const Principal& p,
                                                 const pb::OrderActionRequest& req) {
  return Change(p, "SubmitOrder", req, req.request_id(), req.order_id(), req.version(),
                &AssignedOrHead(), "guardianship.order.submit",
                [&](db::Mutation&, pb::Order& o, const pb::OrderPolicy&) -> absl::Status {
                  ASSIGN_OR_RETURN(pb::OrderStatus to,
                                   NextOrderStatus(o.status(), OrderMove::kSubmit));
                  o.set_status(to);
                  return absl::OkStatus();
                });
}

absl::StatusOr<pb::Order> OrderCore::ApproveOrder(const Principal& p,
                                                  const pb::OrderActionRequest& req) {
  if (!req.agree()) {
    FieldErrors e;
    CheckText(e, "note", req.note(), 1, 2000);
    RETURN_IF_ERROR(e.ToStatus());
  } else if (!req.note().empty()) {
    FieldErrors e;
    CheckText(e, "note", req.note(), 1, 2000);
    RETURN_IF_ERROR(e.ToStatus());
  }
  const int year = static_cast<int>(Today().year());
  if (req.agree() && IsValidRequestId(req.request_id()) && req.version() > 0 &&
      !req.order_id().empty() && TenantOfId(req.order_id()) == p.procuratorate) {
    // The counter rows exist before the approval's transaction locks one (doc_numbers.h).
    for (pb::DocumentKind k :
         {pb::DOCUMENT_KIND_SUPERVISION_ORDER, pb::DOCUMENT_KIND_GUIDANCE_DIRECTIVE}) {
      RETURN_IF_ERROR(PrepareDocumentCounter(*d_.pool, p.procuratorate, year, k));
    }
  }
  return Change(p, "ApproveOrder", req, req.request_id(), req.order_id(), req.version(), nullptr,
                req.agree() ? "guardianship.order.approve" : "guardianship.order.return",
                [&](db::Mutation& m, pb::Order& o, const pb::OrderPolicy& policy) -> absl::Status {
                  ASSIGN_OR_RETURN(pb::OrderStatus to,
                                   NextOrderStatus(o.status(), req.agree() ? OrderMove::kApprove
                                                                           : OrderMove::kReturn));
                  RETURN_IF_ERROR(CheckStepActor(policy, pb::APPROVAL_STEP_ORDER_APPROVE, p));
                  RETURN_IF_ERROR(CheckNotDrafter(p, o.drafted_by().principal(), "approve"));
                  pb::ApprovalRecord* r = o.add_approvals();
                  r->set_step(pb::APPROVAL_STEP_ORDER_APPROVE);
                  r->set_agreed(req.agree());
                  *r->mutable_actor() = ActorOf(p);
                  r->set_actor_title(p.title);
                  *r->mutable_at() = ToTimestamp(m.now());
                  r->set_opinion(req.note());
                  o.set_status(to);
                  if (!req.agree()) return absl::OkStatus();
                  const pb::DocumentKind kind = OrderDocumentKind(o.kind());
                  const int y = static_cast<int>(ChinaDay(m.now()).year());
                  ASSIGN_OR_RETURN(DocumentNumber n,
                                   AllocateDocumentNumber(m.tx(), o.procuratorate_code(), y, kind,
                                                          DocumentPrefixFor(policy, kind)));
                  o.set_document_number(n.text);
                  return repo_.SetDocumentNumber(m.tx(), o.order_id(), kind, n.year, n.seq);
                });
}

absl::StatusOr<pb::Order> OrderCore::CancelOrder(const Principal& p,
                                                 const pb::OrderActionRequest& req) {
  FieldErrors e;
  CheckText(e, "note", req.note(), 1, 1000);
  RETURN_IF_ERROR(e.ToStatus());
  return Change(p, "CancelOrder", req, req.request_id(), req.order_id(), req.version(), nullptr,
                "guardianship.order.cancel",
                [&](db::Mutation&, pb::Order& o, const pb::OrderPolicy& policy) -> absl::Status {
                  ASSIGN_OR_RETURN(pb::OrderStatus to,
                                   NextOrderStatus(o.status(), OrderMove::kCancel));
                  RETURN_IF_ERROR(CheckStepActor(policy, pb::APPROVAL_STEP_ORDER_END, p));
                  RETURN_IF_ERROR(CheckNotDrafter(p, o.drafted_by().principal(), "cancel"));
                  o.set_status(to);
                  o.set_cancel_note(req.note());
                  return absl::OkStatus();
                });
}

}  // namespace shouhu::guardianship
