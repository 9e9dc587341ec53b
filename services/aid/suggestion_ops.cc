// SuggestionCore: issuing suggestions, their outcomes and the views of them.
#include "aid/suggestion_ops.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "aid/access_policy.h"
#include "aid/chain.h"
#include "aid/config_repository.h"
#include "aid/ids.h"
#include "aid/suggestion_internal.h"
#include "common/base/dates.h"
#include "common/base/paging.h"
#include "common/base/status_macros.h"
#include "common/base/text.h"
#include "common/base/validate.h"
#include "common/db/audit.h"
#include "common/server/events.h"
#include "common/server/tenant.h"
#include "shouhu/visit/v1/events.pb.h"

namespace shouhu::aid {
namespace {

using suggestion_internal::IsMeasure;
using suggestion_internal::kTopicSuggestionChanged;
using suggestion_internal::NotAddressed;
using suggestion_internal::SuggestionChangedOf;

constexpr char kService[] = "SocialAidService";
constexpr int64_t kMaxOutcomeFen = 100'000'000'000;  // ¥1,000,000,000: surely a typo above

absl::Status NotFound() { return absl::NotFoundError("suggestion not found"); }

bool IsAgency(const Principal& p) { return p.kind == Principal::Kind::kAgency; }

// The legal moves of a suggestion; FAILED_PRECONDITION naming both states otherwise.
absl::Status CheckMove(pb::SuggestionStatus from, pb::SuggestionStatus to) {
  bool ok = false;
  switch (to) {
    case pb::SUGGESTION_STATUS_ACKNOWLEDGED:
      ok = from == pb::SUGGESTION_STATUS_ISSUED;
      break;
    case pb::SUGGESTION_STATUS_COMPLETED:
    case pb::SUGGESTION_STATUS_DECLINED:
      ok = from == pb::SUGGESTION_STATUS_ISSUED || from == pb::SUGGESTION_STATUS_ACKNOWLEDGED;
      break;
    case pb::SUGGESTION_STATUS_CANCELLED:
      ok = from == pb::SUGGESTION_STATUS_DRAFT || from == pb::SUGGESTION_STATUS_ISSUED;
      break;
    default:
      break;
  }
  if (ok) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("a suggestion in state ", pb::SuggestionStatus_Name(from), " cannot become ",
                   pb::SuggestionStatus_Name(to)));
}

void CheckOptionalDate(FieldErrors& errors, const std::string& field, const cpb::Date& d,
                       bool set) {
  if (set && !IsValidDate(d)) errors.Add(field, "is not a valid calendar date");
}

// The identity disclosed to the agency: a name, and optionally sex, birth date, phone,
// address (the same rules as a person's fields elsewhere).
void CheckDisclosure(FieldErrors& errors, const pb::IssueSuggestionRequest& req) {
  const cpb::PersonInput& who = req.disclosed_person();
  if (!req.disclose_identity()) {
    if (req.has_disclosed_person()) {
      errors.Add("disclosed_person", "is only allowed with disclose_identity");
    }
    if (!req.disclosure_purpose().empty()) {
      errors.Add("disclosure_purpose", "is only allowed with disclose_identity");
    }
    return;
  }
  if (req.person_id().empty()) errors.Add("person_id", "is required with disclose_identity");
  CheckText(errors, "disclosure_purpose", req.disclosure_purpose(), 1, 200);
  CheckName(errors, "disclosed_person.name", who.name(), 1, 64);
  if (!cpb::Sex_IsValid(who.sex())) errors.Add("disclosed_person.sex", "is not a known value");
  CheckOptionalDate(errors, "disclosed_person.birth_date", who.birth_date(), who.has_birth_date());
  CheckPhone(errors, "disclosed_person.phone", who.phone());
  CheckText(errors, "disclosed_person.address", who.address(), 0, 200);
  if (!who.id_number().empty()) {
    errors.Add("disclosed_person.id_number", "is never disclosed to an agency");
  }
}

// One check of an IssueSuggestionRequest, a new suggestion or the issue of a draft
// (`draft`: suggestion_id set; the draft holds the case and application, and may keep its
// measure and content).
absl::Status CheckIssueRequest(const pb::IssueSuggestionRequest& req, bool draft,
                               absl::CivilDay today) {
  FieldErrors errors;
  CheckRequestId(errors, req.request_id());
  if (draft) {
    CheckVersion(errors, req.version());
    if (!req.case_id().empty()) errors.Add("case_id", "is the draft's; leave it empty");
    if (!req.application_id().empty()) {
      errors.Add("application_id", "is the draft's; leave it empty");
    }
  } else {
    if (req.version() != 0) errors.Add("version", "is only for issuing a draft (suggestion_id)");
    if (req.case_id().empty()) errors.Add("case_id", "is required");
  }
  if (req.agency_code().empty() || !IsValidCode(req.agency_code(), 1, 32)) {
    errors.Add("agency_code", "is required: a registered agency code");
  }
  if (draft && req.measure() != 0 && !IsMeasure(req.measure())) {
    errors.Add("measure", "is not a MeasureKind");
  } else if (!draft && !IsMeasure(req.measure())) {
    errors.Add("measure", "is required: a MeasureKind");
  }
  CheckText(errors, "content", req.content(), draft ? 0 : 1, 2000);
  if (req.person_id().size() > 32) errors.Add("person_id", "is not a person id");
  CheckDisclosure(errors, req);
  CheckOptionalDate(errors, "reply_due_on", req.reply_due_on(), req.has_reply_due_on());
  if (req.has_reply_due_on() && IsValidDate(req.reply_due_on()) &&
      ToCivilDay(req.reply_due_on()) < today) {
    errors.Add("reply_due_on", "is in the past");
  }
  return errors.ToStatus();
}

}  // namespace

SuggestionCore::SuggestionCore(AidDeps deps)
    : d_(deps), repo_(deps.cipher, deps.clock), mutations_(deps.Mutations()) {}

absl::CivilDay SuggestionCore::Today() const { return ChinaDay(d_.clock->Now()); }

absl::Status SuggestionCore::CheckAgency(const std::string& code) const {
  if (d_.cases == nullptr) return absl::UnavailableError("the agency registry is not configured");
  absl::StatusOr<referral::v1::Agency> a = d_.cases->GetAgency(code);
  FieldErrors errors;
  if (absl::IsNotFound(a.status())) {
    errors.Add("agency_code", "is not a registered agency");
  } else if (!a.ok()) {
    return a.status();
  } else if (!a->active()) {
    errors.Add("agency_code", "the agency is not active");
  }
  return errors.ToStatus();
}

absl::StatusOr<absl::CivilDay> SuggestionCore::ReplyDue(db::Tx& tx,
                                                        const std::string& procuratorate,
                                                        absl::CivilDay on) const {
  ASSIGN_OR_RETURN(pb::AidPolicy policy, LoadPolicy(tx, procuratorate));
  return WorkingDaysAfter(*d_.calendar, on, policy.suggestion_reply_working_days());
}

pb::Suggestion SuggestionCore::ForStaff(pb::Suggestion s) const {
  s.set_overdue((s.status() == pb::SUGGESTION_STATUS_ISSUED ||
                 s.status() == pb::SUGGESTION_STATUS_ACKNOWLEDGED) &&
                s.has_reply_due_on() && ToCivilDay(s.reply_due_on()) < Today());
  return s;
}

pb::AgencySuggestion SuggestionCore::ForAgency(const SuggestionRow& row) const {
  const pb::Suggestion s = ForStaff(row.suggestion);
  pb::AgencySuggestion v;
  v.set_suggestion_id(s.suggestion_id());
  v.set_measure(s.measure());
  v.set_content(s.content());
  v.set_status(s.status());
  *v.mutable_issued_on() = s.issued_on();
  *v.mutable_reply_due_on() = s.reply_due_on();
  v.set_overdue(s.overdue());
  v.set_issuing_procuratorate(row.procuratorate);
  if (s.identity_disclosed()) {
    const cpb::PersonInput& who = row.disclosed_person;
    cpb::Person* out = v.mutable_person();
    out->set_person_id(s.person_id());
    out->set_name(who.name());
    out->set_sex(who.sex());
    if (who.has_birth_date()) *out->mutable_birth_date() = who.birth_date();
    out->set_phone(who.phone());
    out->set_address(who.address());
    out->set_unmasked(true);
  }
  v.set_outcome(s.outcome());
  *v.mutable_measure_outcome() = s.measure_outcome();
  v.set_version(s.version());
  return v;
}

absl::StatusOr<pb::Suggestion> SuggestionCore::Issue(const Principal& p,
                                                     const pb::IssueSuggestionRequest& req) {
  RETURN_IF_ERROR(Admitted(p, kService, "IssueSuggestion"));
  return req.suggestion_id().empty() ? Create(p, req) : IssueDraft(p, req);
}

absl::StatusOr<pb::Suggestion> SuggestionCore::Create(const Principal& p,
                                                      const pb::IssueSuggestionRequest& req) {
  RETURN_IF_ERROR(CheckIssueRequest(req, /*draft=*/false, Today()));
  RETURN_IF_ERROR(CheckIdTenant(p, req.case_id(), "case_id"));
  if (!req.application_id().empty()) {
    RETURN_IF_ERROR(CheckIdTenant(p, req.application_id(), "application_id"));
  }
  // The case hub and the registry answer before the transaction opens.
  if (d_.cases == nullptr) return absl::UnavailableError("the case hub is not configured");
  ASSIGN_OR_RETURN(referral::v1::Case c, d_.cases->GetCase(req.case_id()));
  if (c.procuratorate_code() != p.procuratorate) {
    return absl::PermissionDeniedError("the case belongs to another procuratorate");
  }
  if (c.status() != referral::v1::CASE_STATUS_OPEN) {
    return absl::FailedPreconditionError("the case is not open");
  }
  RETURN_IF_ERROR(CheckAgency(req.agency_code()));
  return mutations_.Run<pb::Suggestion>(
      {.actor = p.Name(), .method = "IssueSuggestion", .request_id = req.request_id()}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::Suggestion> {
        if (!req.application_id().empty()) {
          ASSIGN_OR_RETURN(std::string case_of,
                           repo_.CaseOfApplication(m.tx(), req.application_id()));
          if (case_of.empty()) return absl::NotFoundError("application not found");
          if (case_of != req.case_id()) {
            FieldErrors wrong;
            wrong.Add("application_id", "belongs to another case");
            return wrong.ToStatus();
          }
        }
        const absl::CivilDay today = ChinaDay(m.now());
        SuggestionRow row;
        row.procuratorate = p.procuratorate;
        pb::Suggestion& s = row.suggestion;
        s.set_suggestion_id(NewAidId(*d_.ids, AidIdKind::kSuggestion, p.procuratorate));
        s.set_case_id(req.case_id());
        s.set_application_id(req.application_id());
        s.set_agency_code(req.agency_code());
        s.set_measure(req.measure());
        s.set_content(req.content());
        s.set_status(pb::SUGGESTION_STATUS_ISSUED);
        *s.mutable_issued_on() = FromCivilDay(today);
        if (req.has_reply_due_on()) {
          *s.mutable_reply_due_on() = req.reply_due_on();
        } else {
          ASSIGN_OR_RETURN(absl::CivilDay due, ReplyDue(m.tx(), p.procuratorate, today));
          *s.mutable_reply_due_on() = FromCivilDay(due);
        }
        s.set_person_id(req.person_id());
        s.set_identity_disclosed(req.disclose_identity());
        s.set_disclosure_purpose(req.disclosure_purpose());
        if (req.disclose_identity()) row.disclosed_person = req.disclosed_person();
        s.mutable_issued_by()->set_principal(p.Name());
        s.mutable_issued_by()->set_display_name(p.display_name);
        s.set_version(1);
        RETURN_IF_ERROR(repo_.Insert(m.tx(), row));
        RETURN_IF_ERROR(m.Audit(
            "suggestion.issue", "suggestion", s.suggestion_id(), p.procuratorate,
            absl::StrCat("{\"agency\":\"", s.agency_code(), "\",\"measure\":", s.measure(),
                         ",\"identity_disclosed\":", s.identity_disclosed() ? "true" : "false",
                         "}")));
        return ForStaff(s);
      });
}

absl::StatusOr<pb::Suggestion> SuggestionCore::IssueDraft(const Principal& p,
                                                          const pb::IssueSuggestionRequest& req) {
  RETURN_IF_ERROR(CheckIssueRequest(req, /*draft=*/true, Today()));
  RETURN_IF_ERROR(CheckIdTenant(p, req.suggestion_id(), "suggestion_id"));
  RETURN_IF_ERROR(CheckAgency(req.agency_code()));
  return mutations_.Run<pb::Suggestion>(
      {.actor = p.Name(), .method = "IssueSuggestion", .request_id = req.request_id()}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::Suggestion> {
        ASSIGN_OR_RETURN(auto found, repo_.Get(m.tx(), req.suggestion_id(), true));
        if (!found.has_value()) return NotFound();
        SuggestionRow row = *std::move(found);
        pb::Suggestion& s = row.suggestion;
        RETURN_IF_ERROR(m.CheckVersion(s.version(), req.version()));
        if (s.status() != pb::SUGGESTION_STATUS_DRAFT) {
          return absl::FailedPreconditionError(
              absl::StrCat("only a DRAFT is issued this way; this one is ",
                           pb::SuggestionStatus_Name(s.status())));
        }
        const absl::CivilDay today = ChinaDay(m.now());
        s.set_agency_code(req.agency_code());
        if (req.measure() != 0) s.set_measure(req.measure());
        if (!req.content().empty()) s.set_content(req.content());
        s.set_status(pb::SUGGESTION_STATUS_ISSUED);
        *s.mutable_issued_on() = FromCivilDay(today);
        if (req.has_reply_due_on()) {
          *s.mutable_reply_due_on() = req.reply_due_on();
        } else {
          ASSIGN_OR_RETURN(absl::CivilDay due, ReplyDue(m.tx(), row.procuratorate, today));
          *s.mutable_reply_due_on() = FromCivilDay(due);
        }
        if (!req.person_id().empty()) s.set_person_id(req.person_id());
        s.set_identity_disclosed(req.disclose_identity());
        s.set_disclosure_purpose(req.disclosure_purpose());
        row.disclosed_person =
            req.disclose_identity() ? req.disclosed_person() : cpb::PersonInput();
        s.mutable_issued_by()->set_principal(p.Name());
        s.mutable_issued_by()->set_display_name(p.display_name);
        RETURN_IF_ERROR(repo_.Update(m.tx(), row, req.version()));
        RETURN_IF_ERROR(m.Audit("suggestion.issue", "suggestion", s.suggestion_id(),
                                row.procuratorate,
                                absl::StrCat("{\"agency\":\"", s.agency_code(),
                                             "\",\"from_draft\":true,\"identity_disclosed\":",
                                             s.identity_disclosed() ? "true" : "false", "}")));
        s.set_version(req.version() + 1);
        return ForStaff(s);
      });
}

absl::StatusOr<pb::Suggestion> SuggestionCore::ReportOutcome(
    const Principal& p, const pb::SuggestionUpdateRequest& req) {
  RETURN_IF_ERROR(Admitted(p, kService, "ReportSuggestionOutcome"));
  const bool agency = IsAgency(p);
  FieldErrors errors;
  CheckRequestId(errors, req.request_id());
  CheckVersion(errors, req.version());
  if (TenantOfId(req.suggestion_id()).empty()) {
    errors.Add("suggestion_id", "is not a suggestion id");
  }
  const pb::SuggestionStatus to = req.status();
  const bool final_answer =
      to == pb::SUGGESTION_STATUS_COMPLETED || to == pb::SUGGESTION_STATUS_DECLINED;
  if (to != pb::SUGGESTION_STATUS_ACKNOWLEDGED && !final_answer &&
      to != pb::SUGGESTION_STATUS_CANCELLED) {
    errors.Add("status", "must be ACKNOWLEDGED, COMPLETED, DECLINED or CANCELLED");
  } else if (agency && to == pb::SUGGESTION_STATUS_CANCELLED) {
    errors.Add("status", "an agency answers with ACKNOWLEDGED, COMPLETED or DECLINED");
  }
  if (final_answer) {
    CheckText(errors, "outcome", req.outcome(), 1, 2000);
    if (!req.has_outcome_on() || !IsValidDate(req.outcome_on())) {
      errors.Add("outcome_on", "is required: a valid date");
    } else if (ToCivilDay(req.outcome_on()) > Today()) {
      errors.Add("outcome_on", "is in the future");
    }
    const pb::MeasureOutcome& mo = req.measure_outcome();
    if (mo.sessions() < 0 || mo.sessions() > 10000) {
      errors.Add("measure_outcome.sessions", "must be 0-10000");
    }
    if (mo.amount_fen() < 0 || mo.amount_fen() > kMaxOutcomeFen) {
      errors.Add("measure_outcome.amount_fen", "must be 0 or more, in fen");
    }
    CheckOptionalDate(errors, "measure_outcome.start_on", mo.start_on(), mo.has_start_on());
  } else {
    if (!req.outcome().empty()) errors.Add("outcome", "is only for COMPLETED or DECLINED");
    if (req.has_measure_outcome()) {
      errors.Add("measure_outcome", "is only for COMPLETED or DECLINED");
    }
  }
  RETURN_IF_ERROR(errors.ToStatus());
  if (!agency) RETURN_IF_ERROR(CheckIdTenant(p, req.suggestion_id(), "suggestion_id"));
  return mutations_.Run<pb::Suggestion>(
      {.actor = p.Name(), .method = "ReportSuggestionOutcome", .request_id = req.request_id()}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::Suggestion> {
        ASSIGN_OR_RETURN(auto found, repo_.Get(m.tx(), req.suggestion_id(), true));
        if (agency && (!found.has_value() || found->suggestion.agency_code() != p.id ||
                       found->suggestion.status() == pb::SUGGESTION_STATUS_DRAFT)) {
          return NotAddressed();
        }
        if (!found.has_value()) return NotFound();
        SuggestionRow row = *std::move(found);
        pb::Suggestion& s = row.suggestion;
        RETURN_IF_ERROR(m.CheckVersion(s.version(), req.version()));
        RETURN_IF_ERROR(CheckMove(s.status(), to));
        s.set_status(to);
        if (final_answer) {
          s.set_outcome(req.outcome());
          *s.mutable_outcome_on() = req.outcome_on();
          *s.mutable_measure_outcome() = req.measure_outcome();
        }
        RETURN_IF_ERROR(repo_.Update(m.tx(), row, req.version()));
        // Staff answering for the agency is recorded as such.
        RETURN_IF_ERROR(m.Audit(
            "suggestion.outcome", "suggestion", s.suggestion_id(), row.procuratorate,
            absl::StrCat("{\"status\":", to, ",\"on_behalf_of_agency\":",
                         !agency && to != pb::SUGGESTION_STATUS_CANCELLED ? "true" : "false",
                         "}")));
        if (!s.source_need_id().empty()) {  // the visit service follows its need
          RETURN_IF_ERROR(m.Emit(kTopicSuggestionChanged, s.suggestion_id(), row.procuratorate,
                                 SuggestionChangedOf(row, m.now())));
        }
        s.set_version(req.version() + 1);
        return ForStaff(s);
      });
}

}  // namespace shouhu::aid
