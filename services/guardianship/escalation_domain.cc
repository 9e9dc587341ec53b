#include "guardianship/escalation_domain.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/validate.h"

namespace shouhu::guardianship {

pb::SuggestionBasis EffectiveBasis(pb::EscalationKind kind, pb::SuggestionBasis basis) {
  if (basis != pb::SUGGESTION_BASIS_UNSPECIFIED) return basis;
  switch (kind) {
    case pb::ESCALATION_KIND_REVOCATION:
    case pb::ESCALATION_KIND_TEMPORARY_GUARDIANSHIP:
      return pb::SUGGESTION_BASIS_GENERAL_RULES;
    default:
      return pb::SUGGESTION_BASIS_NONE;
  }
}

int ReplyMonths(const pb::OrderPolicy& policy, pb::SuggestionBasis basis) {
  switch (basis) {
    case pb::SUGGESTION_BASIS_MINORS_PROTECTION_ART_114:
      return policy.suggestion_reply_months();
    case pb::SUGGESTION_BASIS_GENERAL_RULES:
      return policy.general_suggestion_reply_months();
    default:
      return 0;
  }
}

std::optional<absl::CivilDay> ReplyDueOn(const pb::OrderPolicy& policy, pb::SuggestionBasis basis,
                                         absl::CivilDay issued_on,
                                         std::optional<absl::CivilDay> served_on) {
  const int months = ReplyMonths(policy, basis);
  if (months <= 0) return std::nullopt;
  return AddMonths(served_on.value_or(issued_on), months);
}

bool AwaitsReply(pb::EscalationStatus status) {
  return status == pb::ESCALATION_STATUS_ISSUED || status == pb::ESCALATION_STATUS_SERVED;
}

bool ShownToAddressee(const pb::Escalation& e) {
  return AwaitsReply(e.status()) || e.status() == pb::ESCALATION_STATUS_REPLIED ||
         (e.status() == pb::ESCALATION_STATUS_CLOSED && !e.document_number().empty());
}

bool ReplyOverdue(const pb::Escalation& e, absl::CivilDay today) {
  if (!AwaitsReply(e.status()) || !IsValidDate(e.reply_due_on())) return false;
  return ToCivilDay(e.reply_due_on()) < today;
}

namespace {

void CheckOptionalId(FieldErrors& errors, absl::string_view field, absl::string_view id,
                     absl::string_view prefix) {
  if (id.empty()) return;
  if (!absl::StartsWith(id, prefix) || id.size() > 48) {
    errors.Add(std::string(field), absl::StrCat("must be an id starting with ", prefix));
  }
}

}  // namespace

void CheckDraftFields(const pb::DraftEscalationRequest& req, FieldErrors& errors) {
  if (req.case_id().empty()) errors.Add("case_id", "required");
  if (!pb::EscalationKind_IsValid(req.kind()) || req.kind() == pb::ESCALATION_KIND_UNSPECIFIED) {
    errors.Add("kind", "required: one of the escalation kinds");
  }
  if (!IsValidCode(req.addressee_agency_code(), 2, 32)) {
    errors.Add("addressee_agency_code", "required: the code of a registered agency");
  }
  CheckText(errors, "content", req.content(), 1, kMaxEscalationContentChars);
  if (!pb::SuggestionBasis_IsValid(req.basis())) {
    errors.Add("basis", "not a suggestion basis");
  } else if (req.kind() == pb::ESCALATION_KIND_PROCURATORIAL_SUGGESTION &&
             req.basis() != pb::SUGGESTION_BASIS_MINORS_PROTECTION_ART_114 &&
             req.basis() != pb::SUGGESTION_BASIS_GENERAL_RULES) {
    errors.Add("basis", "a 检察建议 needs its legal basis (Art. 114 or the general rules)");
  }
  CheckOptionalId(errors, "order_id", req.order_id(), "gord-");
  CheckOptionalId(errors, "follows_escalation_id", req.follows_escalation_id(), "gesc-");
  CheckOptionalId(errors, "escalation_id", req.escalation_id(), "gesc-");
  if (!req.escalation_id().empty() && req.version() <= 0) {
    errors.Add("version", "the version read is required to edit a draft");
  }
}

void CheckClose(pb::EscalationStatus status, const pb::EscalationUpdateRequest& req,
                FieldErrors& errors) {
  const pb::EscalationOutcome o = req.outcome();
  if (!pb::EscalationOutcome_IsValid(o) || o == pb::ESCALATION_OUTCOME_UNSPECIFIED) {
    errors.Add("outcome", "required");
    return;
  }
  if ((status == pb::ESCALATION_STATUS_DRAFT || status == pb::ESCALATION_STATUS_PENDING_APPROVAL) &&
      o != pb::ESCALATION_OUTCOME_WITHDRAWN) {
    errors.Add("outcome", "an escalation not issued can only be withdrawn");
  }
  const bool note_required = o != pb::ESCALATION_OUTCOME_ADOPTED;
  CheckText(errors, "summary", req.summary(), note_required ? 1 : 0, kMaxReplySummaryChars);
}

bool AnswersFromCourt(pb::EscalationKind kind) {
  return kind == pb::ESCALATION_KIND_COURT_GUIDANCE_REQUEST ||
         kind == pb::ESCALATION_KIND_PROTECTION_ORDER_APPLICATION;
}

void CheckCourtAnswer(const pb::CourtAnswer& a, absl::CivilDay issued_on, absl::CivilDay today,
                      FieldErrors& errors) {
  if (!pb::CourtAnswerKind_IsValid(a.kind()) || a.kind() == pb::COURT_ANSWER_KIND_UNSPECIFIED) {
    errors.Add("answer.kind", "required: granted, refused or objection");
  }
  if (!IsValidDate(a.answered_on())) {
    errors.Add("answer.answered_on", "required");
  } else if (ToCivilDay(a.answered_on()) < issued_on || ToCivilDay(a.answered_on()) > today) {
    errors.Add("answer.answered_on", "between the issue date and today");
  }
  if (a.kind() == pb::COURT_ANSWER_KIND_GRANTED) {
    CheckText(errors, "answer.court_case_number", a.court_case_number(), 1, 64);
    CheckOptionalId(errors, "answer.court_order_id", a.court_order_id(), "gord-");
    CheckText(errors, "answer.note", a.note(), 0, kMaxCourtNoteChars);
  } else {
    CheckText(errors, "answer.note", a.note(), 1, kMaxCourtNoteChars);
    if (!a.court_order_id().empty()) {
      errors.Add("answer.court_order_id", "only a granted request links a court order");
    }
  }
}

bool MayBeFollowedUp(const pb::Escalation& e) {
  return e.status() == pb::ESCALATION_STATUS_CLOSED &&
         (e.outcome() == pb::ESCALATION_OUTCOME_NOT_ADOPTED ||
          e.outcome() == pb::ESCALATION_OUTCOME_PARTLY_ADOPTED);
}

}  // namespace shouhu::guardianship
