// What the operations of ReferralCore share: the mutation pipeline's request, referral
// transitions, case changes, timeline steps and presentation.
#include "referral/core.h"

#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/status_macros.h"
#include "common/base/validate.h"
#include "common/db/deadline_events.h"
#include "referral/core_internal.h"

namespace shouhu::referral {

namespace {

Counter* DecryptFailures(Registry* metrics) {
  if (metrics == nullptr) return nullptr;
  return &metrics->AddCounter("shouhu_field_decrypt_failures_total",
                              "Stored sensitive values that failed to decrypt (reads failed).",
                              {"field"});
}

}  // namespace

db::DeadlineChange AnswerDeadlineOf(const pb::Referral& r, absl::Time due,
                                    const std::string& department) {
  return {.kind = r.kind() == pb::REFERRAL_KIND_MANDATORY_REPORT ? db::opb::MANDATORY_REPORT_TRIAGE
                                                                 : db::opb::REFERRAL_ANSWER,
          .procuratorate = r.procuratorate_code(),
          .case_id = r.case_id(),
          .record_id = r.referral_id(),
          .assignee = r.assigned_to(),
          .department = department,
          .started_at = FromTimestamp(r.submitted_at()),
          .due_at = due,
          .sequence = r.version()};
}

ReferralCore::ReferralCore(CoreDeps deps)
    : d_(std::move(deps)),
      repo_(d_.cipher, d_.clock, DecryptFailures(d_.metrics)),
      mutations_({.pool = d_.pool,
                  .clock = d_.clock,
                  .ids = d_.ids,
                  .service = kService,
                  .cipher = d_.cipher}) {}

db::MutationRequest ReferralCore::MutationOf(const Principal& p, absl::string_view method,
                                             const std::string& request_id) const {
  // Agency staff: the person acts for the agency, and is named with it in the audit (and
  // their request ids are theirs, not shared with the agency's system).
  std::string actor = p.Name();
  if (!p.person.empty()) absl::StrAppend(&actor, "/", p.person);
  return db::MutationRequest{std::move(actor), std::string(method), request_id};
}

absl::Status ReferralCore::Step(db::Tx& tx, const pb::Referral& r, const Principal& p,
                                const std::string& step, const std::string& message) {
  pb::TimelineEntry e;
  *e.mutable_at() = ToTimestamp(d_.clock->Now());
  e.set_status(r.status());
  e.set_step(step);
  e.set_message(message);
  e.mutable_actor()->set_principal(p.Name());
  e.mutable_actor()->set_display_name(p.display_name);
  return repo_.AppendEvent(tx, r.referral_id(), e);
}

pb::Referral ReferralCore::Present(const Principal& p, pb::Referral r) const {
  const bool awaiting =
      r.status() == pb::REFERRAL_STATUS_SUBMITTED || r.status() == pb::REFERRAL_STATUS_UNDER_REVIEW;
  r.set_overdue(awaiting && r.has_response_due_at() &&
                d_.clock->Now() > FromTimestamp(r.response_due_at()));
  return RedactForCaller(p, std::move(r));
}

absl::Status ReferralCore::ReferralNotFound(const Principal& p) const {
  // Agencies learn nothing about referrals that are not theirs, existing or not.
  if (p.kind == Principal::Kind::kAgency) {
    return absl::PermissionDeniedError("referral not found or not submitted by your agency");
  }
  return NotFound("referral");
}

absl::StatusOr<pb::Referral> ReferralCore::LoadForRead(const Principal& p, const std::string& id,
                                                       db::Tx& tx) {
  ASSIGN_OR_RETURN(auto r, repo_.GetReferral(tx, id, Lock::kNone, People::kWith));
  if (!r.has_value()) return ReferralNotFound(p);
  RETURN_IF_ERROR(CheckCanRead(p, *r));
  return *r;
}

absl::StatusOr<pb::Referral> ReferralCore::Transition(
    const Principal& p, absl::string_view method, const google::protobuf::Message& req,
    const std::string& request_id, const std::string& referral_id, int64_t version, Action action,
    const std::string& step, const std::string& message, const Change& change) {
  RETURN_IF_ERROR(RequestIdError(request_id));
  RETURN_IF_ERROR(VersionError(version));
  RETURN_IF_ERROR(CheckIdTenant(p, referral_id, "referral_id"));
  return mutations_.Run<pb::Referral>(
      MutationOf(p, method, request_id), req, [&](db::Mutation& m) -> absl::StatusOr<pb::Referral> {
        // Read once, locked, with its people: the change and the response use this copy.
        ASSIGN_OR_RETURN(auto found,
                         repo_.GetReferral(m.tx(), referral_id, Lock::kForUpdate, People::kWith));
        if (!found.has_value()) return ReferralNotFound(p);
        pb::Referral r = *std::move(found);
        // Scope first (reveals nothing to outsiders), then the version, then the role:
        // the loser of a race learns that the record changed (ABORTED) even when the
        // winner's change (e.g. an assignment) would now also deny it.
        RETURN_IF_ERROR(CheckCanRead(p, r));
        RETURN_IF_ERROR(m.CheckVersion(r.version(), version));
        RETURN_IF_ERROR(CheckCanAct(p, r, action));
        ASSIGN_OR_RETURN(pb::ReferralStatus next, NextStatus(r.status(), action));
        // For the statistics: the department of whoever assigns or takes it, and the
        // answer against the deadline in force before it.
        ReferralStatsFacts facts;
        if (IsAnswer(action)) {
          facts.answered_at = m.now();
          if (r.has_response_due_at()) facts.answer_due = FromTimestamp(r.response_due_at());
        }
        // The first answer's watched deadline (REFERRAL_ANSWER, MANDATORY_REPORT_TRIAGE)
        // runs until that answer; later deadlines (after a supplement) are not watched.
        ASSIGN_OR_RETURN(ReferralAnswerFacts answer, repo_.GetAnswerFacts(m.tx(), referral_id));
        const bool watched = !answer.answered && r.has_response_due_at();
        const absl::Time due = watched ? FromTimestamp(r.response_due_at()) : absl::Time();
        const std::string assigned_before = r.assigned_to();
        r.set_status(next);
        RETURN_IF_ERROR(change(m, r));
        if (action == Action::kAssign || r.assigned_to() != assigned_before) {
          facts.department = p.department;
        }
        RETURN_IF_ERROR(repo_.UpdateReferral(m.tx(), r, version, facts));
        RETURN_IF_ERROR(Step(m.tx(), r, p, step, message));
        RETURN_IF_ERROR(m.Audit(absl::StrCat("referral.", ActionName(action)), "referral",
                                referral_id, r.procuratorate_code(),
                                absl::StrCat("{\"status\":", next, "}")));
        // The response is what was written (UpdateReferral bumped the version by one).
        r.set_version(version + 1);
        if (watched) {
          db::DeadlineChange deadline =
              AnswerDeadlineOf(r, due, facts.department.value_or(answer.department));
          if (IsAnswer(action) || action == Action::kWithdraw) {
            deadline.state = IsAnswer(action) ? db::opb::DEADLINE_MET : db::opb::DEADLINE_CANCELLED;
            deadline.ended_at = m.now();
          }
          if (deadline.state != db::opb::DEADLINE_OPEN || r.assigned_to() != assigned_before) {
            RETURN_IF_ERROR(db::EmitDeadline(m, deadline));
          }
        }
        return Present(p, std::move(r));
      });
}

absl::StatusOr<pb::Case> ReferralCore::CaseChange(const Principal& p, absl::string_view method,
                                                  const google::protobuf::Message& req,
                                                  const std::string& request_id,
                                                  const std::string& case_id, int64_t version,
                                                  const CaseFn& fn, CaseScope scope) {
  if (!IsCaseStaff(p)) {
    return absl::PermissionDeniedError("your role does not give access to cases");
  }
  RETURN_IF_ERROR(RequestIdError(request_id));
  RETURN_IF_ERROR(VersionError(version));
  // Transfer decisions are made by the receiving procuratorate, whose code is not in the
  // id; for them scope is checked after the lookup, with the same answer for an absent
  // case and a case not offered to the caller.
  if (scope == CaseScope::kOwner) RETURN_IF_ERROR(CheckIdTenant(p, case_id, "case_id"));
  return mutations_.Run<pb::Case>(
      MutationOf(p, method, request_id), req, [&](db::Mutation& m) -> absl::StatusOr<pb::Case> {
        ASSIGN_OR_RETURN(auto c, repo_.GetCase(m.tx(), case_id, Lock::kForUpdate));
        if (scope == CaseScope::kTransferTarget) {
          if (!c.has_value() || c->transfer_to_procuratorate() != p.procuratorate ||
              c->status() != pb::CASE_STATUS_TRANSFER_PENDING) {
            return absl::PermissionDeniedError("no pending transfer of this case to you");
          }
        } else if (!c.has_value()) {
          return NotFound("case");
        }
        RETURN_IF_ERROR(m.CheckVersion(c->version(), version));
        pb::Case updated = *c;
        RETURN_IF_ERROR(fn(m, updated));
        RETURN_IF_ERROR(repo_.UpdateCase(m.tx(), updated, version));
        ASSIGN_OR_RETURN(auto stored, repo_.GetCase(m.tx(), case_id, Lock::kNone));
        if (!stored.has_value()) return absl::InternalError("updated case disappeared");
        return *std::move(stored);
      });
}

}  // namespace shouhu::referral
