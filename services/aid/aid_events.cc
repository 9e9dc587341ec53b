// Event reactions of the applications (see aid_events.h).
#include "aid/aid_events.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "aid/application_core.h"
#include "aid/chain.h"
#include "aid/config_repository.h"
#include "aid/deadline_changes.h"
#include "aid/ids.h"
#include "common/base/dates.h"
#include "common/base/status_macros.h"
#include "common/db/audit.h"
#include "common/server/events.h"
#include "shouhu/referral/v1/events.pb.h"

namespace shouhu::aid {
namespace {

namespace rpb = ::shouhu::referral::v1;

constexpr ReactionAudit AuditEvent{"aid", "aid_application"};

}  // namespace

absl::Status ApplicationCore::ReactToEvent(db::Tx& tx, const cpb::Event& e) {
  const absl::Time now = d_.clock->Now();
  if (e.topic() == kTopicReferralAccepted) {
    ASSIGN_OR_RETURN(rpb::ReferralAccepted accepted, UnpackEventPayload<rpb::ReferralAccepted>(e));
    if (accepted.kind() != rpb::REFERRAL_KIND_JUDICIAL_AID) return absl::OkStatus();
    ASSIGN_OR_RETURN(std::optional<std::string> existing,
                     repo_.IdOfReferral(tx, accepted.referral_id()));
    if (existing.has_value()) return absl::OkStatus();  // drafted before
    const std::string& proc = accepted.procuratorate_code();
    ASSIGN_OR_RETURN(pb::AidPolicy policy, LoadPolicy(tx, proc));
    AppRow row;
    pb::Application& a = row.app;
    a.set_application_id(NewAidId(*d_.ids, AidIdKind::kApplication, proc));
    a.set_case_id(accepted.case_id());
    a.set_procuratorate_code(proc);
    a.set_channel(pb::APPLICATION_CHANNEL_EX_OFFICIO);
    a.set_status(pb::APPLICATION_STATUS_UNDER_REVIEW);
    a.set_assigned_to(accepted.assigned_to());
    a.set_source_referral_id(accepted.referral_id());
    a.mutable_details()->set_relation(pb::APPLICANT_RELATION_VICTIM);
    a.mutable_details()->set_applicant_person_id(accepted.subject_person_id());
    a.mutable_details()->set_victim_person_id(accepted.subject_person_id());
    const absl::CivilDay registered = ChinaDay(now);
    *a.mutable_registered_on() = FromCivilDay(registered);
    *a.mutable_decision_due_on() =
        FromCivilDay(DecisionDue(*d_.calendar, registered, policy.decision_working_days(), 0));
    a.set_version(1);
    RETURN_IF_ERROR(repo_.Insert(tx, row, now));
    RETURN_IF_ERROR(PublishApplicationDeadlines(tx, *d_.ids, nullptr, &row, now));
    return AuditEvent(tx, e, "aid.draft_ex_officio", a.application_id(), proc,
                      absl::StrCat("{\"referral_id\":\"", accepted.referral_id(), "\"}"), now);
  }
  if (e.topic() == kTopicCaseTransferred) {
    ASSIGN_OR_RETURN(rpb::CaseTransferred moved, UnpackEventPayload<rpb::CaseTransferred>(e));
    ASSIGN_OR_RETURN(std::vector<std::string> ids, repo_.MovableOfCase(tx, moved.case_id()));
    for (const std::string& old_id : ids) {
      ASSIGN_OR_RETURN(std::optional<AppRow> found, repo_.Get(tx, old_id, /*lock=*/true));
      if (!found.has_value()) continue;
      AppRow row = *std::move(found);
      const AppRow left = row;
      const std::string old_proc = row.app.procuratorate_code();
      const std::string& to = moved.to_procuratorate_code();
      RETURN_IF_ERROR(repo_.ReleaseClaim(tx, old_id));
      RETURN_IF_ERROR(repo_.Delete(tx, old_id));
      row.moved_from_id = old_id;
      row.app.set_application_id(NewAidId(*d_.ids, AidIdKind::kApplication, to));
      row.app.set_case_id(moved.new_case_id());
      row.app.set_procuratorate_code(to);
      // The receiving procuratorate's department head assigns it (AssignedOrHead).
      row.app.clear_assigned_to();
      RETURN_IF_ERROR(repo_.Insert(tx, row, now));
      RETURN_IF_ERROR(repo_.Update(tx, row, now));  // the columns Insert does not write
      // The deadlines end under the old id and start again under the new one.
      RETURN_IF_ERROR(PublishApplicationDeadlines(tx, *d_.ids, &left, nullptr, now));
      RETURN_IF_ERROR(PublishApplicationDeadlines(tx, *d_.ids, nullptr, &row, now));
      const std::string party = PartyKey(*d_.cipher, row);
      if (!party.empty() && !row.original_case_number.empty()) {
        RETURN_IF_ERROR(
            repo_.Claim(tx, party, row.original_case_number, row.app.application_id(), to, now));
      }
      RETURN_IF_ERROR(AuditEvent(tx, e, "aid.moved_out", old_id, old_proc,
                                 absl::StrCat("{\"to\":\"", row.app.application_id(), "\"}"), now));
      RETURN_IF_ERROR(AuditEvent(tx, e, "aid.moved_in", row.app.application_id(), to,
                                 absl::StrCat("{\"from\":\"", old_id, "\"}"), now));
    }
    return absl::OkStatus();
  }
  if (e.topic() == kTopicCaseClosed) {
    ASSIGN_OR_RETURN(rpb::CaseClosed closed, UnpackEventPayload<rpb::CaseClosed>(e));
    return CloseWithCase(tx, e, closed.case_id(), now);
  }
  return absl::OkStatus();
}

absl::Status ApplicationCore::CloseWithCase(db::Tx& tx, const cpb::Event& e,
                                            const std::string& case_id, absl::Time now) {
  ASSIGN_OR_RETURN(std::vector<std::string> ids, repo_.OpenOfCase(tx, case_id));
  for (const std::string& id : ids) {
    ASSIGN_OR_RETURN(std::optional<AppRow> found, repo_.Get(tx, id, /*lock=*/true));
    if (!found.has_value()) continue;
    AppRow row = *std::move(found);
    const AppRow read = row;
    pb::Application& a = row.app;
    const pb::ApplicationStatus before = a.status();
    if (before == pb::APPLICATION_STATUS_APPROVED) {
      // Decided money is still owed: the application stays, the closure is noted.
      if (a.case_closed_on().year() != 0) continue;  // noted before (redelivery)
      *a.mutable_case_closed_on() = FromCivilDay(ChinaDay(now));
      RETURN_IF_ERROR(repo_.Update(tx, row, now));
      RETURN_IF_ERROR(AuditEvent(tx, e, "aid.case_closed_noted", id, a.procuratorate_code(),
                                 absl::StrCat("{\"case_id\":\"", case_id, "\"}"), now));
      continue;
    }
    absl::StatusOr<pb::ApplicationStatus> next =
        NextStatus(before, AidAction::kCaseClosed, pb::APPROVAL_OUTCOME_UNSPECIFIED, ChainFacts{});
    if (!next.ok()) continue;  // decided meanwhile: nothing to close
    RETURN_IF_ERROR(repo_.ReleaseClaim(tx, id));
    RETURN_IF_ERROR(SettleAdvanceWithoutAward(tx, d_, row, kCaseClosedAdvanceReason, "service:aid",
                                              e.event_id(), now));
    row.closing_reason = kCaseClosedReason;
    a.set_closing_reason(kCaseClosedReason);
    a.set_status(*next);
    RETURN_IF_ERROR(repo_.Update(tx, row, now));
    RETURN_IF_ERROR(PublishApplicationDeadlines(tx, *d_.ids, &read, &row, now));
    RETURN_IF_ERROR(
        AuditEvent(tx, e, "aid.case_closed", id, a.procuratorate_code(),
                   absl::StrCat("{\"case_id\":\"", case_id, "\",\"status_before\":\"",
                                pb::ApplicationStatus_Name(before), "\",\"status_after\":\"",
                                pb::ApplicationStatus_Name(*next), "\"}"),
                   now));
  }
  return absl::OkStatus();
}

}  // namespace shouhu::aid
