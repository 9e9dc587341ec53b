// Referral operations: submission by agencies, triage by the procuratorate, timeline.
#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/paging.h"
#include "common/base/status_macros.h"
#include "common/base/text.h"
#include "common/base/validate.h"
#include "common/db/deadline_events.h"
#include "referral/access_policy.h"
#include "referral/core.h"
#include "referral/core_internal.h"
#include "shouhu/referral/v1/events.pb.h"

namespace shouhu::referral {

absl::StatusOr<pb::Referral> ReferralCore::Submit(const Principal& p,
                                                  const pb::SubmitReferralRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "ReferralService", "SubmitReferral"));
  RETURN_IF_ERROR(RequestIdError(req.request_id()));
  const absl::Time now = d_.clock->Now();
  RETURN_IF_ERROR(ValidateSubmit(req, ChinaDay(now)));
  return mutations_.Run<pb::Referral>(
      MutationOf(p, "SubmitReferral", req.request_id()), req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::Referral> {
        db::Tx& tx = m.tx();
        pb::Referral r;
        r.set_referral_id(d_.ids->NewTenantId("ref", p.procuratorate));
        r.set_procuratorate_code(p.procuratorate);
        r.set_agency_code(p.id);
        r.set_kind(req.kind());
        r.set_status(pb::REFERRAL_STATUS_SUBMITTED);
        r.set_facts(req.facts());
        *r.mutable_occurred_on() = req.occurred_on();
        *r.mutable_situations() = req.situations();
        *r.mutable_aid_grounds() = req.aid_grounds();
        *r.mutable_special_categories() = req.special_categories();
        r.set_urgent(req.urgent() || req.kind() == pb::REFERRAL_KIND_MANDATORY_REPORT);
        *r.mutable_submitted_at() = ToTimestamp(now);
        *r.mutable_response_due_at() =
            ToTimestamp(ResponseDue(d_.rules, *d_.calendar, req.kind(), r.urgent(), now));
        r.set_version(1);
        std::vector<std::pair<std::string, std::string>> duplicates;  // existing, incoming
        for (const auto& in : req.people()) {
          ASSIGN_OR_RETURN(PersonMatch match,
                           repo_.MatchOrCreatePerson(tx, in.person(), d_.ids->NewId("per")));
          pb::ReferralPerson* rp = r.add_people();
          rp->set_role(in.role());
          rp->set_relation(in.relation());
          // The response shows the record as stored, masked (as a read of it would).
          *rp->mutable_person() = PersonView(match.row, Disclosure::kMasked);
          rp->mutable_person()->set_person_id(match.person_id);
          rp->set_matched_existing(match.matched_existing);
          rp->set_possible_duplicate(!match.possible_duplicate_of.empty());
          if (!match.possible_duplicate_of.empty()) {
            duplicates.emplace_back(match.possible_duplicate_of, match.person_id);
          }
        }
        RETURN_IF_ERROR(repo_.InsertReferral(tx, r));
        // What the agency sent is kept with the link, even when the person matched.
        std::vector<const cpb::PersonInput*> submitted;
        submitted.reserve(req.people_size());
        for (const auto& in : req.people()) submitted.push_back(&in.person());
        RETURN_IF_ERROR(repo_.InsertReferralPeople(tx, r, submitted));
        for (const auto& [existing, incoming] : duplicates) {
          RETURN_IF_ERROR(
              repo_.InsertDuplicateCandidate(tx, d_.ids->NewTenantId("dup", p.procuratorate),
                                             p.procuratorate, r.referral_id(), existing, incoming));
        }
        RETURN_IF_ERROR(Step(tx, r, p, "submitted", ""));
        RETURN_IF_ERROR(
            m.Audit("referral.submit", "referral", r.referral_id(), r.procuratorate_code(),
                    absl::StrCat("{\"kind\":", r.kind(), ",\"people\":", r.people_size(), "}")));
        RETURN_IF_ERROR(
            db::EmitDeadline(m, AnswerDeadlineOf(r, FromTimestamp(r.response_due_at()), "")));
        // Built from what was written: no read back.
        return Present(p, std::move(r));
      });
}

absl::StatusOr<pb::Referral> ReferralCore::Get(const Principal& p,
                                               const pb::GetReferralRequest& req) {
  RETURN_IF_ERROR(CheckIdTenant(p, req.referral_id(), "referral_id"));
  RETURN_IF_ERROR(CheckUnmask(p, req.unmask(), req.purpose()));
  pb::Referral out;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool, [&](db::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(out, LoadForRead(p, req.referral_id(), tx));
    // Procuratorate staff also see what the agency submitted and where it differs.
    if (IsCaseStaff(p)) RETURN_IF_ERROR(AddSubmittedDetails(tx, p, req, out));
    return absl::OkStatus();
  }));
  return Present(p, std::move(out));
}

absl::StatusOr<pb::ListReferralsResponse> ReferralCore::List(const Principal& p,
                                                             const pb::ListReferralsRequest& req) {
  ListFilter f;
  if (p.kind == Principal::Kind::kAgency) {
    f.agency = p.id;
  } else if (IsCaseStaff(p)) {
    f.procuratorate = p.procuratorate;
  } else {
    return absl::PermissionDeniedError("your role does not give access to referrals");
  }
  FieldErrors errors;
  if (!pb::ReferralStatus_IsValid(req.status())) errors.Add("status", "unknown value");
  if (!pb::ReferralKind_IsValid(req.kind())) errors.Add("kind", "unknown value");
  if (req.page_size() < 0) errors.Add("page_size", "must not be negative");
  RETURN_IF_ERROR(errors.ToStatus());
  ASSIGN_OR_RETURN(f.before_seq, DecodePageToken(req.page_token()));
  f.status = req.status();
  f.kind = req.kind();
  f.assigned_to = p.kind == Principal::Kind::kAgency ? "" : req.assigned_to();
  f.overdue_only = req.overdue_only();
  const int size = PageSize(req.page_size());
  f.limit = size + 1;
  std::vector<std::pair<int64_t, pb::Referral>> rows;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool, [&](db::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(rows, repo_.ListReferrals(tx, f));
    return absl::OkStatus();
  }));
  pb::ListReferralsResponse resp;
  resp.set_next_page_token(TakePage(
      rows, size, [&](pb::Referral r) { *resp.add_referrals() = Present(p, std::move(r)); }));
  return resp;
}

absl::StatusOr<pb::Referral> ReferralCore::Assign(const Principal& p,
                                                  const pb::AssignReferralRequest& req) {
  FieldErrors errors;
  CheckUserId(errors, "caseworker", req.caseworker());
  RETURN_IF_ERROR(errors.ToStatus());
  return Transition(p, "AssignReferral", req, req.request_id(), req.referral_id(), req.version(),
                    Action::kAssign, "assigned", "", [&](db::Mutation&, pb::Referral& r) {
                      r.set_assigned_to(req.caseworker());
                      return absl::OkStatus();
                    });
}

absl::StatusOr<pb::Referral> ReferralCore::Accept(const Principal& p,
                                                  const pb::AcceptReferralRequest& req) {
  {
    FieldErrors errors;
    CheckText(errors, "message_to_agency", req.message_to_agency(), 0, 1000);
    if (!req.link_case_id().empty() && TenantOfId(req.link_case_id()).empty()) {
      errors.Add("link_case_id", "is not a case id");
    }
    RETURN_IF_ERROR(errors.ToStatus());
  }
  return Transition(
      p, "AcceptReferral", req, req.request_id(), req.referral_id(), req.version(), Action::kAccept,
      "accepted", req.message_to_agency(), [&](db::Mutation& m, pb::Referral& r) -> absl::Status {
        db::Tx& tx = m.tx();
        const bool taken = r.assigned_to().empty();  // answered by whoever takes it
        if (taken) r.set_assigned_to(p.id);
        r.clear_response_due_at();
        r.set_message_to_agency(req.message_to_agency());
        // `r` is the referral Transition read once (locked, with its people).
        std::string subject;
        for (const auto& person : r.people()) {
          if (person.role() == pb::PERSON_ROLE_SUBJECT) subject = person.person().person_id();
        }
        std::string case_id;
        bool opened = false;
        if (!req.link_case_id().empty()) {
          ASSIGN_OR_RETURN(auto c, repo_.GetCase(tx, req.link_case_id(), Lock::kForUpdate));
          if (!c.has_value() || c->procuratorate_code() != r.procuratorate_code()) {
            FieldErrors errors;
            errors.Add("link_case_id", "no such case in your procuratorate");
            return errors.ToStatus();
          }
          if (c->status() != pb::CASE_STATUS_OPEN) {
            return absl::FailedPreconditionError("the case to link is not open");
          }
          case_id = c->case_id();
        } else {
          ASSIGN_OR_RETURN(auto open,
                           repo_.OpenCaseOf(tx, r.procuratorate_code(), subject, Lock::kForUpdate));
          if (open.has_value()) {
            case_id = *open;
          } else {
            pb::Case c;
            c.set_case_id(d_.ids->NewTenantId("case", r.procuratorate_code()));
            c.set_procuratorate_code(r.procuratorate_code());
            c.set_status(pb::CASE_STATUS_OPEN);
            c.set_subject_person_id(subject);
            c.set_kind(r.kind());
            c.set_assigned_to(r.assigned_to());
            *c.mutable_opened_at() = ToTimestamp(d_.clock->Now());
            c.set_version(1);
            // The case counts under the department the referral counts under: the
            // assigner's as stored, or the taker's when nobody was assigned.
            absl::Status inserted = repo_.InsertCase(
                tx, c, {.from_referral = taken ? "" : r.referral_id(), .fallback = p.department});
            if (inserted.ok()) {
              case_id = c.case_id();
              opened = true;
            } else if (absl::IsAlreadyExists(inserted)) {
              // A concurrent accept opened the subject's case first: link to it.
              ASSIGN_OR_RETURN(auto open_now, repo_.OpenCaseOf(tx, r.procuratorate_code(), subject,
                                                               Lock::kForUpdate));
              if (!open_now.has_value()) return inserted;
              case_id = *open_now;
            } else {
              return inserted;
            }
          }
        }
        r.set_case_id(case_id);
        if (opened) {
          RETURN_IF_ERROR(m.Audit("case.open", "case", case_id, r.procuratorate_code(),
                                  absl::StrCat("{\"referral\":\"", r.referral_id(), "\"}")));
          pb::CaseOpened event;
          event.set_case_id(case_id);
          event.set_kind(r.kind());
          event.set_subject_person_id(subject);
          event.set_referral_id(r.referral_id());
          RETURN_IF_ERROR(m.Emit(kTopicCaseOpened, case_id, r.procuratorate_code(), event));
        }
        pb::ReferralAccepted accepted;
        accepted.set_referral_id(r.referral_id());
        accepted.set_case_id(case_id);
        accepted.set_kind(r.kind());
        accepted.set_subject_person_id(subject);
        accepted.set_procuratorate_code(r.procuratorate_code());
        accepted.set_assigned_to(r.assigned_to());
        return m.Emit(kTopicReferralAccepted, r.referral_id(), r.procuratorate_code(), accepted);
      });
}

absl::StatusOr<pb::Referral> ReferralCore::Decline(const Principal& p,
                                                   const pb::DeclineReferralRequest& req) {
  FieldErrors errors;
  if (req.reason() == pb::DECLINE_REASON_UNSPECIFIED || !pb::DeclineReason_IsValid(req.reason())) {
    errors.Add("reason", "a decline reason code is required");
  }
  CheckText(errors, "message_to_agency", req.message_to_agency(),
            req.reason() == pb::DECLINE_REASON_OTHER ? 1 : 0, 1000);
  RETURN_IF_ERROR(errors.ToStatus());
  return Transition(p, "DeclineReferral", req, req.request_id(), req.referral_id(), req.version(),
                    Action::kDecline, "declined", req.message_to_agency(),
                    [&](db::Mutation&, pb::Referral& r) {
                      if (r.assigned_to().empty()) r.set_assigned_to(p.id);
                      r.set_decline_reason(req.reason());
                      r.set_message_to_agency(req.message_to_agency());
                      r.clear_response_due_at();
                      return absl::OkStatus();
                    });
}

absl::StatusOr<pb::Referral> ReferralCore::RequestInformation(
    const Principal& p, const pb::RequestInformationRequest& req) {
  FieldErrors errors;
  CheckText(errors, "question", req.question(), 1, 1000);
  RETURN_IF_ERROR(errors.ToStatus());
  return Transition(p, "RequestInformation", req, req.request_id(), req.referral_id(),
                    req.version(), Action::kRequestInfo, "info_requested", req.question(),
                    [&](db::Mutation&, pb::Referral& r) {
                      if (r.assigned_to().empty()) r.set_assigned_to(p.id);
                      r.set_message_to_agency(req.question());
                      r.clear_response_due_at();  // the agency's turn
                      return absl::OkStatus();
                    });
}

absl::StatusOr<pb::Referral> ReferralCore::Supplement(const Principal& p,
                                                      const pb::SupplementReferralRequest& req) {
  FieldErrors errors;
  CheckText(errors, "supplement", req.supplement(), 1, 4000);
  RETURN_IF_ERROR(errors.ToStatus());
  return Transition(
      p, "SupplementReferral", req, req.request_id(), req.referral_id(), req.version(),
      Action::kSupplement, "supplemented", req.supplement(),
      [&](db::Mutation&, pb::Referral& r) -> absl::Status {
        std::string facts =
            absl::StrCat(r.facts(), "\n\n【补充材料 supplement】\n", req.supplement());
        if (Utf8Length(facts) > 20000) {
          FieldErrors too_long;
          too_long.Add("supplement", "the referral's facts would exceed 20000 characters");
          return too_long.ToStatus();
        }
        r.set_facts(std::move(facts));
        *r.mutable_response_due_at() =
            ToTimestamp(ResponseDue(d_.rules, *d_.calendar, r.kind(), r.urgent(), d_.clock->Now()));
        return absl::OkStatus();
      });
}

absl::StatusOr<pb::Referral> ReferralCore::Withdraw(const Principal& p,
                                                    const pb::WithdrawReferralRequest& req) {
  FieldErrors errors;
  CheckText(errors, "reason", req.reason(), 0, 1000);
  RETURN_IF_ERROR(errors.ToStatus());
  return Transition(p, "WithdrawReferral", req, req.request_id(), req.referral_id(), req.version(),
                    Action::kWithdraw, "withdrawn", req.reason(),
                    [&](db::Mutation&, pb::Referral& r) {
                      r.clear_response_due_at();
                      return absl::OkStatus();
                    });
}

absl::StatusOr<std::pair<std::vector<pb::TimelineEntry>, bool>> ReferralCore::TimelineAfter(
    const Principal& p, const std::string& referral_id, int64_t after) {
  RETURN_IF_ERROR(CheckIdTenant(p, referral_id, "referral_id"));
  std::pair<std::vector<pb::TimelineEntry>, bool> out;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool, [&](db::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(auto found, repo_.GetReferral(tx, referral_id, Lock::kNone, People::kWithout));
    if (!found.has_value()) return ReferralNotFound(p);
    RETURN_IF_ERROR(CheckCanRead(p, *found));
    ASSIGN_OR_RETURN(out.first, repo_.Timeline(tx, referral_id, after));
    out.second = IsFinal(found->status());
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<pb::GetTimelineResponse> ReferralCore::Timeline(const Principal& p,
                                                               const pb::GetTimelineRequest& req) {
  ASSIGN_OR_RETURN(auto entries, TimelineAfter(p, req.referral_id(), 0));
  pb::GetTimelineResponse resp;
  for (auto& e : entries.first) *resp.add_entries() = std::move(e);
  return resp;
}

}  // namespace shouhu::referral
