// EscalationCore: replies, court answers, closing and identity disclosure.
#include <algorithm>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/status_macros.h"
#include "common/base/text.h"
#include "common/base/validate.h"
#include "common/server/tenant.h"
#include "guardianship/access_policy.h"
#include "guardianship/disclosure.h"
#include "guardianship/escalation_domain.h"
#include "guardianship/escalation_ops.h"

namespace shouhu::guardianship {

namespace {

absl::Status NotIn(const EscalationRow& row, absl::string_view what) {
  return absl::FailedPreconditionError(absl::StrCat("escalation ", row.e.escalation_id(), " is ",
                                                    pb::EscalationStatus_Name(row.e.status()),
                                                    ": cannot ", what));
}

}  // namespace

absl::StatusOr<pb::Escalation> EscalationCore::RecordReply(const Principal& p,
                                                           const pb::EscalationUpdateRequest& req) {
  {
    FieldErrors errors;
    if (!IsValidDate(req.on())) errors.Add("on", "required: the date of the written reply");
    CheckText(errors, "summary", req.summary(), 1, kMaxReplySummaryChars);
    if (req.outcome() != pb::ESCALATION_OUTCOME_UNSPECIFIED) {
      errors.Add("outcome", "set by CloseEscalation");
    }
    RETURN_IF_ERROR(errors.ToStatus());
  }
  const AccessCondition& who =
      p.kind == Principal::Kind::kAgency ? AddresseeAgency() : AssignedOrHead();
  return Change(
      p, "RecordEscalationReply", "guardianship.escalation.reply", req, req.request_id(),
      req.escalation_id(), req.version(), &who,
      [&](EscalationRow& row, db::Mutation& m) -> absl::Status {
        if (!AwaitsReply(row.e.status())) return NotIn(row, "record a reply");
        if (AnswersFromCourt(row.e.kind())) {
          return absl::FailedPreconditionError("a court's answer is recorded by RecordCourtAnswer");
        }
        const absl::CivilDay on = ToCivilDay(req.on());
        if (on < ToCivilDay(row.e.issued_on()) || on > ChinaDay(m.now())) {
          FieldErrors errors;
          errors.Add("on", "from the issue date to today");
          return errors.ToStatus();
        }
        *row.e.mutable_replied_on() = req.on();
        row.e.set_reply_summary(req.summary());
        row.e.set_status(pb::ESCALATION_STATUS_REPLIED);
        return absl::OkStatus();
      });
}

absl::StatusOr<pb::Escalation> EscalationCore::RecordCourtAnswer(
    const Principal& p, const pb::RecordCourtAnswerRequest& req) {
  return Change(
      p, "RecordCourtAnswer", "guardianship.escalation.court_answer", req, req.request_id(),
      req.escalation_id(), req.version(), &AssignedOrHead(),
      [&](EscalationRow& row, db::Mutation& m) -> absl::Status {
        if (!AnswersFromCourt(row.e.kind())) {
          return absl::FailedPreconditionError("only requests to a court have a court answer");
        }
        // An objection may follow a granted order; otherwise the answer comes once.
        const bool objection_after_grant =
            row.e.status() == pb::ESCALATION_STATUS_REPLIED &&
            req.answer().kind() == pb::COURT_ANSWER_KIND_OBJECTION &&
            row.e.court_answer().kind() == pb::COURT_ANSWER_KIND_GRANTED;
        if (!AwaitsReply(row.e.status()) && !objection_after_grant) {
          return NotIn(row, "record a court answer");
        }
        FieldErrors errors;
        CheckCourtAnswer(req.answer(), ToCivilDay(row.e.issued_on()), ChinaDay(m.now()), errors);
        RETURN_IF_ERROR(errors.ToStatus());
        pb::CourtAnswer a = req.answer();
        if (a.kind() == pb::COURT_ANSWER_KIND_GRANTED) {
          // The order RecordCourtOrder recorded for this request (linked by its
          // requested_by_escalation_id), or the one named, which must be that order.
          std::optional<std::string> recorded = ReadCourtOrderOf(m.tx(), row.e.escalation_id());
          if (!a.court_order_id().empty() && recorded != a.court_order_id()) {
            errors.Add("answer.court_order_id",
                       "must be the court order recorded for this request");
            return errors.ToStatus();
          }
          if (recorded) a.set_court_order_id(*recorded);
        }
        if (objection_after_grant) {
          // The grant stays on record: the objection's note is added to it.
          a.set_court_case_number(row.e.court_answer().court_case_number());
          a.set_court_order_id(row.e.court_answer().court_order_id());
        }
        *row.e.mutable_court_answer() = a;
        *row.e.mutable_replied_on() = a.answered_on();
        row.e.set_status(pb::ESCALATION_STATUS_REPLIED);
        return absl::OkStatus();
      });
}

absl::StatusOr<pb::Escalation> EscalationCore::Close(const Principal& p,
                                                     const pb::EscalationUpdateRequest& req) {
  {
    FieldErrors errors;
    if (req.outcome() == pb::ESCALATION_OUTCOME_UNSPECIFIED ||
        !pb::EscalationOutcome_IsValid(req.outcome())) {
      errors.Add("outcome", "required");
    }
    RETURN_IF_ERROR(errors.ToStatus());
  }
  return Change(p, "CloseEscalation", "guardianship.escalation.close", req, req.request_id(),
                req.escalation_id(), req.version(), &AssignedOrHead(),
                [&](EscalationRow& row, db::Mutation& m) -> absl::Status {
                  if (row.e.status() == pb::ESCALATION_STATUS_CLOSED) {
                    return NotIn(row, "close");
                  }
                  FieldErrors errors;
                  CheckClose(row.e.status(), req, errors);
                  RETURN_IF_ERROR(errors.ToStatus());
                  row.e.set_outcome(req.outcome());
                  row.e.set_outcome_note(req.summary());
                  row.e.set_status(pb::ESCALATION_STATUS_CLOSED);
                  row.closed_on = DateString(ChinaDay(m.now()));
                  return absl::OkStatus();
                });
}

absl::StatusOr<pb::IdentityDisclosureResponse> EscalationCore::DiscloseIdentity(
    const Principal& p, const pb::DiscloseIdentityRequest& req) {
  RETURN_IF_ERROR(CheckDisclosureRequest(req, "escalation"));
  RETURN_IF_ERROR(CheckIdTenant(p, req.record_id(), "record_id"));
  RETURN_IF_ERROR(VersionError(req.version()));
  // Who may be disclosed: the case's minor and the guardians the escalation's order names.
  ASSIGN_OR_RETURN(EscalationRow before, ReadOne(req.record_id()));
  ASSIGN_OR_RETURN(referral::v1::Case c, d_.cases->GetCase(before.e.case_id()));

  pb::IdentityDisclosureResponse out;
  absl::StatusOr<pb::Escalation> changed =
      Change(p, "DiscloseEscalationIdentity", "guardianship.escalation.disclose", req,
             req.request_id(), req.record_id(), req.version(), &AssignedOrHead(),
             [&](EscalationRow& row, db::Mutation& m) -> absl::Status {
               FieldErrors errors;
               if (req.agency_code() != row.e.addressee_agency_code()) {
                 errors.Add("agency_code", "only the addressee of the escalation");
               }
               std::vector<std::string> allowed = {c.subject_person_id()};
               if (!row.e.order_id().empty()) {
                 for (std::string& g : ReadOrderGuardians(m.tx(), row.e.order_id())) {
                   allowed.push_back(std::move(g));
                 }
               }
               if (std::find(allowed.begin(), allowed.end(), req.person_id()) == allowed.end()) {
                 errors.Add("person_id", "the minor or a guardian of this escalation's order");
               }
               RETURN_IF_ERROR(errors.ToStatus());
               const DisclosureRow d = NewDisclosure(p, req, m.now());
               RETURN_IF_ERROR(
                   repo_.UpsertDisclosure(m.tx(), row.e.escalation_id(), row.procuratorate, d));
               *out.mutable_disclosure() = d.disclosure;
               return absl::OkStatus();
             });
  if (!changed.ok()) return changed.status();
  // On a replay the disclosure is the stored one (the last of this agency and person).
  for (const pb::IdentityDisclosure& x : changed->disclosures()) {
    if (x.agency_code() == req.agency_code() && x.person_id() == req.person_id()) {
      *out.mutable_disclosure() = x;
    }
  }
  out.set_record_version(changed->version());
  return out;
}

}  // namespace shouhu::guardianship
