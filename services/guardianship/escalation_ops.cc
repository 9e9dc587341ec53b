#include "guardianship/escalation_ops.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/status_macros.h"
#include "common/base/text.h"
#include "common/base/validate.h"
#include "common/server/tenant.h"
#include "guardianship/access_policy.h"
#include "guardianship/config_repository.h"
#include "guardianship/deadline_changes.h"
#include "guardianship/doc_numbers.h"
#include "guardianship/escalation_domain.h"
#include "guardianship/ids.h"
#include "guardianship/policy.h"

namespace shouhu::guardianship {

namespace {

cpb::Actor ActorOf(const Principal& p) {
  cpb::Actor a;
  a.set_principal(p.Name());
  a.set_display_name(p.display_name);
  return a;
}

absl::Status Precondition(const EscalationRow& row, bool ok, absl::string_view what) {
  if (ok) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat("escalation ", row.e.escalation_id(), " is ",
                                                    pb::EscalationStatus_Name(row.e.status()),
                                                    ": cannot ", what));
}

// INVALID_ARGUMENT on `field` unless `d` is a date from `from` to `today`; `d` unset gives
// `today` when `optional`.
absl::StatusOr<absl::CivilDay> DayIn(const cpb::Date& d, absl::CivilDay from, absl::CivilDay today,
                                     bool optional, absl::string_view field) {
  FieldErrors errors;
  if (d.year() == 0 && d.month() == 0 && d.day() == 0) {
    if (optional) return today;
    errors.Add(std::string(field), "required");
  } else if (!IsValidDate(d)) {
    errors.Add(std::string(field), "not a valid date");
  } else if (ToCivilDay(d) < from || ToCivilDay(d) > today) {
    errors.Add(std::string(field), absl::StrCat("must be from ", DateString(from), " to today"));
  } else {
    return ToCivilDay(d);
  }
  return errors.ToStatus();
}

}  // namespace

EscalationCore::EscalationCore(const GuardDeps& deps)
    : d_(deps), sealed_(deps.cipher), repo_(sealed_), mutations_(deps.Mutations()) {}

absl::StatusOr<pb::Escalation> EscalationCore::Change(
    const Principal& p, absl::string_view method, absl::string_view action,
    const google::protobuf::Message& req, const std::string& request_id, const std::string& id,
    int64_t version, const AccessCondition* who, const Step& step) {
  RETURN_IF_ERROR(RequestIdError(request_id));
  if (p.kind != Principal::Kind::kAgency) RETURN_IF_ERROR(CheckIdTenant(p, id, "escalation_id"));
  RETURN_IF_ERROR(VersionError(version));
  return mutations_.Run<pb::Escalation>(
      {.actor = p.Name(), .method = std::string(method), .request_id = request_id}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::Escalation> {
        absl::StatusOr<EscalationRow> got = repo_.Get(m.tx(), id, /*for_update=*/true);
        // An agency learns nothing of ids that do not exist or are not issued yet: the
        // answer of an escalation addressed to another agency.
        if (who != nullptr && p.kind == Principal::Kind::kAgency &&
            (absl::IsNotFound(got.status()) || (got.ok() && !ShownToAddressee(got->e)))) {
          return Require(*who, p, {}, absl::StrCat(method, " on this escalation"));
        }
        ASSIGN_OR_RETURN(EscalationRow row, std::move(got));
        if (who != nullptr) {
          RETURN_IF_ERROR(
              Require(*who, p, {row.procuratorate, row.e.addressee_agency_code(), row.assigned_to},
                      absl::StrCat(method, " on this escalation")));
        }
        RETURN_IF_ERROR(m.CheckVersion(row.e.version(), version));
        const EscalationRow read = row;
        RETURN_IF_ERROR(step(row, m));
        RETURN_IF_ERROR(repo_.Update(m.tx(), row, version, m.now()));
        RETURN_IF_ERROR(m.Audit(action, "guard_escalation", id, row.procuratorate));
        row.e.set_version(version + 1);
        RETURN_IF_ERROR(db::EnqueueDeadlineTransition(m.tx(), *d_.ids, kGuardianshipService,
                                                      m.now(), ReplyDeadlineOf(read),
                                                      ReplyDeadlineOf(row)));
        return Out(m.tx(), row, ChinaDay(m.now()));
      });
}

absl::StatusOr<pb::Escalation> EscalationCore::Draft(const Principal& p,
                                                     const pb::DraftEscalationRequest& req) {
  RETURN_IF_ERROR(RequestIdError(req.request_id()));
  {
    FieldErrors errors;
    CheckDraftFields(req, errors);
    RETURN_IF_ERROR(errors.ToStatus());
  }
  RETURN_IF_ERROR(CheckIdTenant(p, req.case_id(), "case_id"));
  ASSIGN_OR_RETURN(referral::v1::Case c, d_.cases->GetCase(req.case_id()));
  absl::StatusOr<referral::v1::Agency> agency = d_.cases->GetAgency(req.addressee_agency_code());
  if (absl::IsNotFound(agency.status()) || (agency.ok() && !agency->active())) {
    FieldErrors errors;
    errors.Add("addressee_agency_code", "not an active registered agency");
    return errors.ToStatus();
  }
  RETURN_IF_ERROR(agency.status());
  RETURN_IF_ERROR(Require(AssignedOrHead(), p, {c.procuratorate_code(), "", c.assigned_to()},
                          "draft an escalation on this case"));

  auto fill = [&](db::Tx& tx, pb::Escalation& e) -> absl::Status {
    FieldErrors errors;
    if (!req.order_id().empty()) {
      std::optional<OrderFacts> o = ReadOrderFacts(tx, req.order_id());
      if (!o || o->case_id != req.case_id()) errors.Add("order_id", "not an order of this case");
    }
    if (!req.follows_escalation_id().empty()) {
      absl::StatusOr<EscalationRow> prev = repo_.Get(tx, req.follows_escalation_id(), false);
      if (!prev.ok() || prev->procuratorate != c.procuratorate_code() ||
          prev->e.case_id() != req.case_id() || !MayBeFollowedUp(prev->e)) {
        errors.Add("follows_escalation_id",
                   "must be a closed escalation of this case not (fully) adopted");
      }
    }
    RETURN_IF_ERROR(errors.ToStatus());
    e.set_order_id(req.order_id());
    e.set_kind(req.kind());
    e.set_addressee_agency_code(req.addressee_agency_code());
    e.set_content(req.content());
    e.set_basis(EffectiveBasis(req.kind(), req.basis()));
    e.set_follows_escalation_id(req.follows_escalation_id());
    return absl::OkStatus();
  };

  return mutations_.Run<pb::Escalation>(
      {.actor = p.Name(), .method = "DraftEscalation", .request_id = req.request_id()}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::Escalation> {
        EscalationRow row;
        if (req.escalation_id().empty()) {
          row.procuratorate = c.procuratorate_code();
          row.assigned_to = c.assigned_to();
          row.e.set_escalation_id(
              NewGuardId(*d_.ids, GuardIdKind::kEscalation, c.procuratorate_code()));
          row.e.set_case_id(req.case_id());
          row.e.set_status(pb::ESCALATION_STATUS_DRAFT);
          row.e.set_department(p.department);
          *row.e.mutable_drafted_by() = ActorOf(p);
          RETURN_IF_ERROR(fill(m.tx(), row.e));
          RETURN_IF_ERROR(repo_.Insert(m.tx(), row, m.now()));
          row.e.set_version(1);
        } else {
          ASSIGN_OR_RETURN(row, repo_.Get(m.tx(), req.escalation_id(), true));
          if (row.e.case_id() != req.case_id()) {
            FieldErrors errors;
            errors.Add("case_id", "an escalation stays on its case");
            return errors.ToStatus();
          }
          RETURN_IF_ERROR(Require(AssignedOrHead(), p, {row.procuratorate, "", row.assigned_to},
                                  "edit this escalation"));
          RETURN_IF_ERROR(m.CheckVersion(row.e.version(), req.version()));
          RETURN_IF_ERROR(Precondition(row, row.e.status() == pb::ESCALATION_STATUS_DRAFT, "edit"));
          RETURN_IF_ERROR(fill(m.tx(), row.e));
          RETURN_IF_ERROR(repo_.Update(m.tx(), row, req.version(), m.now()));
          row.e.set_version(req.version() + 1);
        }
        RETURN_IF_ERROR(m.Audit("guardianship.escalation.draft", "guard_escalation",
                                row.e.escalation_id(), row.procuratorate));
        return Out(m.tx(), row, ChinaDay(m.now()));
      });
}

absl::StatusOr<pb::Escalation> EscalationCore::Submit(const Principal& p,
                                                      const pb::EscalationActionRequest& req) {
  return Change(
      p, "SubmitEscalation", "guardianship.escalation.submit", req, req.request_id(),
      req.escalation_id(), req.version(), &AssignedOrHead(),
      [&](EscalationRow& row, db::Mutation&) -> absl::Status {
        RETURN_IF_ERROR(Precondition(row, row.e.status() == pb::ESCALATION_STATUS_DRAFT, "submit"));
        row.e.set_status(pb::ESCALATION_STATUS_PENDING_APPROVAL);
        return absl::OkStatus();
      });
}

absl::StatusOr<pb::Escalation> EscalationCore::Approve(const Principal& p,
                                                       const pb::EscalationActionRequest& req) {
  {
    FieldErrors errors;
    CheckText(errors, "note", req.note(), req.agree() ? 0 : 1, kMaxOpinionChars);
    RETURN_IF_ERROR(errors.ToStatus());
  }
  RETURN_IF_ERROR(RequestIdError(req.request_id()));
  RETURN_IF_ERROR(CheckIdTenant(p, req.escalation_id(), "escalation_id"));
  // Bad input writes nothing, not even the year's counter row.
  RETURN_IF_ERROR(VersionError(req.version()));
  const absl::CivilDay today = ChinaDay(d_.clock->Now());
  if (req.agree()) {
    // The counter row of the year exists before the approval's transaction (doc_numbers.h).
    ASSIGN_OR_RETURN(EscalationRow before, ReadOne(req.escalation_id()));
    const pb::DocumentKind kind = EscalationDocumentKind(before.e.kind());
    if (kind != pb::DOCUMENT_KIND_UNSPECIFIED) {
      RETURN_IF_ERROR(PrepareDocumentCounter(*d_.pool, before.procuratorate, today.year(), kind));
    }
  }
  return Change(
      p, "ApproveEscalation",
      req.agree() ? "guardianship.escalation.approve" : "guardianship.escalation.return", req,
      req.request_id(), req.escalation_id(), req.version(), nullptr,
      [&](EscalationRow& row, db::Mutation& m) -> absl::Status {
        const absl::CivilDay now_day = ChinaDay(m.now());
        ASSIGN_OR_RETURN(pb::OrderPolicy policy, LoadOrderPolicy(m.tx(), row.procuratorate));
        RETURN_IF_ERROR(CheckStepActor(policy, pb::APPROVAL_STEP_ESCALATION_APPROVE, p));
        RETURN_IF_ERROR(CheckNotDrafter(p, row.e.drafted_by().principal(), "approve"));
        RETURN_IF_ERROR(
            Precondition(row, row.e.status() == pb::ESCALATION_STATUS_PENDING_APPROVAL, "approve"));
        pb::ApprovalRecord* a = row.e.add_approvals();
        a->set_step(pb::APPROVAL_STEP_ESCALATION_APPROVE);
        a->set_agreed(req.agree());
        *a->mutable_actor() = ActorOf(p);
        a->set_actor_title(p.title);
        *a->mutable_at() = ToTimestamp(m.now());
        a->set_opinion(req.note());
        if (!req.agree()) {
          row.e.set_status(pb::ESCALATION_STATUS_DRAFT);
          return absl::OkStatus();
        }
        ASSIGN_OR_RETURN(absl::CivilDay issued,
                         DayIn(req.on(), now_day - 30, now_day, /*optional=*/true, "on"));
        const pb::DocumentKind kind = EscalationDocumentKind(row.e.kind());
        if (kind != pb::DOCUMENT_KIND_UNSPECIFIED) {
          ASSIGN_OR_RETURN(DocumentNumber n,
                           AllocateDocumentNumber(m.tx(), row.procuratorate, now_day.year(), kind,
                                                  DocumentPrefixFor(policy, kind)));
          row.e.set_document_number(n.text);
          row.doc_kind = kind;
          row.doc_year = n.year;
          row.doc_seq = n.seq;
        }
        *row.e.mutable_issued_on() = FromCivilDay(issued);
        row.e.clear_reply_due_on();
        if (auto due = ReplyDueOn(policy, row.e.basis(), issued, std::nullopt)) {
          *row.e.mutable_reply_due_on() = FromCivilDay(*due);
        }
        row.e.set_status(pb::ESCALATION_STATUS_ISSUED);
        return absl::OkStatus();
      });
}

absl::StatusOr<pb::Escalation> EscalationCore::RecordServed(
    const Principal& p, const pb::EscalationActionRequest& req) {
  return Change(
      p, "RecordEscalationServed", "guardianship.escalation.served", req, req.request_id(),
      req.escalation_id(), req.version(), &AssignedOrHead(),
      [&](EscalationRow& row, db::Mutation& m) -> absl::Status {
        RETURN_IF_ERROR(
            Precondition(row, row.e.status() == pb::ESCALATION_STATUS_ISSUED, "record service"));
        ASSIGN_OR_RETURN(absl::CivilDay served, DayIn(req.on(), ToCivilDay(row.e.issued_on()),
                                                      ChinaDay(m.now()), false, "on"));
        ASSIGN_OR_RETURN(pb::OrderPolicy policy, LoadOrderPolicy(m.tx(), row.procuratorate));
        *row.e.mutable_served_on() = FromCivilDay(served);
        row.e.clear_reply_due_on();
        if (auto due = ReplyDueOn(policy, row.e.basis(), ToCivilDay(row.e.issued_on()), served)) {
          *row.e.mutable_reply_due_on() = FromCivilDay(*due);
        }
        row.e.set_status(pb::ESCALATION_STATUS_SERVED);
        return absl::OkStatus();
      });
}

absl::StatusOr<std::string> ProposeEscalation(db::Mutation& m, const GuardDeps& deps,
                                              const EscalationProposal& in) {
  SealedFields sealed(deps.cipher);
  EscalationRepository repo(sealed);
  if (std::optional<std::string> existing = repo.ProposedBy(m.tx(), in.order_id)) {
    return *existing;
  }
  if (!IsValidCode(in.addressee_agency_code, 2, 32)) {
    FieldErrors errors;
    errors.Add("propose_addressee_agency_code", "the code of a registered agency");
    return errors.ToStatus();
  }
  EscalationRow row;
  row.procuratorate = in.procuratorate;
  row.assigned_to = in.assigned_to;
  pb::Escalation& e = row.e;
  e.set_escalation_id(NewGuardId(*deps.ids, GuardIdKind::kEscalation, in.procuratorate));
  e.set_case_id(in.case_id);
  e.set_order_id(in.order_id);
  e.set_proposed_by_order_id(in.order_id);
  const pb::EscalationKind kind = in.kind == pb::ESCALATION_KIND_UNSPECIFIED
                                      ? pb::ESCALATION_KIND_PROCURATORIAL_SUGGESTION
                                      : in.kind;
  e.set_kind(kind);
  e.set_basis(EffectiveBasis(kind, kind == pb::ESCALATION_KIND_PROCURATORIAL_SUGGESTION
                                       ? pb::SUGGESTION_BASIS_MINORS_PROTECTION_ART_114
                                       : pb::SUGGESTION_BASIS_UNSPECIFIED));
  e.set_status(pb::ESCALATION_STATUS_DRAFT);
  e.set_addressee_agency_code(in.addressee_agency_code);
  e.set_content(in.content.empty() ? "督促监护令经评估未履行，拟依法提出（承办人补充事实与建议）"
                                   : in.content);
  e.set_department(in.department);
  *e.mutable_drafted_by() = in.drafted_by;
  RETURN_IF_ERROR(repo.Insert(m.tx(), row, m.now()));
  RETURN_IF_ERROR(m.Audit("guardianship.escalation.propose", "guard_escalation", e.escalation_id(),
                          in.procuratorate));
  return e.escalation_id();
}

}  // namespace shouhu::guardianship
