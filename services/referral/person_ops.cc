// Person operations: reading a person (masked, or unmasked with a recorded purpose),
// resolving possible duplicates, what agencies submitted compared with the record, and
// changes of the record with their history.
#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/base/dates.h"
#include "common/base/id_number.h"
#include "common/base/paging.h"
#include "common/base/status_macros.h"
#include "common/base/text.h"
#include "common/base/validate.h"
#include "common/crypto/sealed_fields.h"
#include "common/db/audit.h"
#include "referral/access_policy.h"
#include "referral/core.h"
#include "referral/core_internal.h"
#include "referral/person_details.h"

namespace shouhu::referral {

absl::StatusOr<cpb::Person> ReferralCore::GetPerson(const Principal& p,
                                                    const pb::GetPersonRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "PersonService", "GetPerson"));
  RETURN_IF_ERROR(CheckUnmask(p, req.unmask(), req.purpose()));
  cpb::Person out;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool, [&](db::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(auto row, repo_.GetPerson(tx, req.person_id()));
    // Absent and not-linked-to-your-procuratorate give the same answer.
    if (!row.has_value()) return NotFound("person");
    // Services (the guardianship service checking a minor's age) read any person, masked
    // (CheckUnmask refuses them unmasked reads).
    if (p.kind != Principal::Kind::kService) {
      ASSIGN_OR_RETURN(bool visible, repo_.PersonVisibleTo(tx, row->id, p.procuratorate));
      if (!visible) return NotFound("person");
    }
    out = PersonView(*row, req.unmask() ? Disclosure::kUnmasked : Disclosure::kMasked);
    if (out.has_birth_date()) {
      out.set_minor(AgeOn(ToCivilDay(out.birth_date()), ChinaDay(d_.clock->Now())) < 18);
    }
    if (req.unmask()) {
      RETURN_IF_ERROR(
          AuditUnmaskedRead(tx, p, "person.read_unmasked", "person", row->id, req.purpose()));
    }
    return absl::OkStatus();
  }));
  return out;
}

absl::Status ReferralCore::CheckUnmask(const Principal& p, bool unmask,
                                       const std::string& purpose) const {
  if (!unmask) return absl::OkStatus();
  if (!IsCaseStaff(p)) {
    return absl::PermissionDeniedError("only procuratorate staff may read identity data unmasked");
  }
  FieldErrors errors;
  CheckText(errors, "purpose", purpose, 2, 200);
  return errors.ToStatus();
}

absl::Status ReferralCore::AuditUnmaskedRead(db::Tx& tx, const Principal& p,
                                             absl::string_view action,
                                             absl::string_view entity_type,
                                             const std::string& entity_id,
                                             const std::string& purpose) {
  // Reading identity data is audited like a change, in the same transaction.
  db::AuditRecord audit;
  audit.service = kService;
  audit.actor = p.Name();
  audit.action = std::string(action);
  audit.entity_type = std::string(entity_type);
  audit.entity_id = entity_id;
  audit.procuratorate = p.procuratorate;
  // The purpose is free text a caseworker types: sealed like facts and notes, so that a
  // purpose naming someone is not kept in clear in the audit trail (UnmaskPurposeRow).
  ASSIGN_OR_RETURN(
      std::string sealed,
      SealedFields(d_.cipher).Seal(
          purpose, "audit", UnmaskPurposeRow(audit.entity_type, audit.entity_id, audit.actor),
          "purpose"));
  audit.detail = absl::StrCat("{\"purpose_sealed\":", JsonString(absl::Base64Escape(sealed)), "}");
  audit.at = d_.clock->Now();
  return db::AppendAudit(tx, audit);
}

absl::Status ReferralCore::AddSubmittedDetails(db::Tx& tx, const Principal& p,
                                               const pb::GetReferralRequest& req, pb::Referral& r) {
  const Disclosure disclosure = req.unmask() ? Disclosure::kUnmasked : Disclosure::kMasked;
  ASSIGN_OR_RETURN(std::vector<SubmittedPerson> submitted,
                   repo_.SubmittedPeople(tx, r.referral_id()));
  for (const SubmittedPerson& s : submitted) {
    if (s.ord < 0 || s.ord >= r.people_size()) continue;
    pb::ReferralPerson& rp = *r.mutable_people(s.ord);
    // The record as stored (read with the submission): the masked view of the referral
    // cannot be compared, and an unmasked read replaces it.
    const std::optional<PersonRow>& record = s.record;
    if (record.has_value() && req.unmask()) *rp.mutable_person() = PersonView(*record, disclosure);
    if (!s.kept) continue;
    *rp.mutable_submitted() = SubmittedView(s.values, disclosure);
    if (!record.has_value()) continue;
    for (pb::PersonFieldDifference& d : Differences(s.values, *record, disclosure)) {
      *rp.add_differences() = std::move(d);
    }
  }
  if (req.unmask()) {
    RETURN_IF_ERROR(AuditUnmaskedRead(tx, p, "referral.read_unmasked", "referral", r.referral_id(),
                                      req.purpose()));
  }
  return absl::OkStatus();
}

absl::StatusOr<cpb::Person> ReferralCore::UpdatePerson(const Principal& p,
                                                       const pb::UpdatePersonRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "PersonService", "UpdatePerson"));
  RETURN_IF_ERROR(RequestIdError(req.request_id()));
  RETURN_IF_ERROR(VersionError(req.version()));
  RETURN_IF_ERROR(ValidateUpdatePerson(req, ChinaDay(d_.clock->Now())));
  if (!req.from_referral_id().empty()) {
    RETURN_IF_ERROR(CheckIdTenant(p, req.from_referral_id(), "from_referral_id"));
  }
  const std::vector<std::string> fields(req.fields().begin(), req.fields().end());
  return mutations_.Run<cpb::Person>(
      MutationOf(p, "UpdatePerson", req.request_id()), req,
      [&](db::Mutation& m) -> absl::StatusOr<cpb::Person> {
        db::Tx& tx = m.tx();
        // Absent and outside the caller's scope give the same answer, as GetPerson does.
        ASSIGN_OR_RETURN(std::optional<PersonRow> row, repo_.GetPerson(tx, req.person_id()));
        if (!row.has_value()) return NotFound("person");
        ASSIGN_OR_RETURN(bool visible, repo_.PersonVisibleTo(tx, row->id, p.procuratorate));
        if (!visible) return NotFound("person");
        if (!row->merged_into.empty()) {
          return absl::FailedPreconditionError(
              absl::StrCat("the record was merged into ", row->merged_into, "; change that one"));
        }
        RETURN_IF_ERROR(m.CheckVersion(row->version, req.version()));
        cpb::PersonInput source = req.values();
        if (!req.from_referral_id().empty()) {
          ASSIGN_OR_RETURN(source, SubmittedValues(tx, req));
        }
        FieldErrors errors;
        if (!row->id_number.empty() && std::count(fields.begin(), fields.end(), "birth_date")) {
          // The ID number states the birth date; the two must agree.
          auto from_id = BirthDateFromIdNumber(row->id_number);
          if (from_id.ok() && DateString(*from_id) != FieldText(source, "birth_date")) {
            errors.Add(req.from_referral_id().empty() ? "values.birth_date" : "from_referral_id",
                       "does not match the person's ID number");
          }
        }
        RETURN_IF_ERROR(errors.ToStatus());
        PersonRow updated = *row;
        std::vector<std::string> changed;
        for (const std::string& f : fields) {
          if (FieldText(source, f) == FieldText(*row, f)) continue;
          ApplyField(source, f, updated);
          changed.push_back(f);
        }
        if (changed.empty()) {
          return absl::FailedPreconditionError("the record already has these values");
        }
        RETURN_IF_ERROR(repo_.UpdatePersonFields(tx, updated, req.version()));
        updated.version = req.version() + 1;
        PersonHistoryRow h;
        h.person_id = row->id;
        h.version = updated.version;
        h.fields = changed;
        h.before = FieldsOf(*row, changed);
        h.after = FieldsOf(updated, changed);
        h.reason = req.reason();
        h.actor = p.Name();
        h.actor_name = p.display_name;
        h.procuratorate = p.procuratorate;
        h.request_id = req.request_id();
        h.source_referral_id = req.from_referral_id();
        h.at_ms = absl::ToUnixMillis(m.now());
        RETURN_IF_ERROR(repo_.InsertPersonHistory(tx, h));
        // Field names only: no value and no reason (free text) in the audit detail.
        std::string detail = absl::StrCat("{\"fields\":[",
                                          absl::StrJoin(changed, ",",
                                                        [](std::string* out, const std::string& f) {
                                                          absl::StrAppend(out, "\"", f, "\"");
                                                        }),
                                          "],\"version\":", updated.version);
        if (!req.from_referral_id().empty()) {
          absl::StrAppend(&detail, ",\"source_referral\":", JsonString(req.from_referral_id()));
        }
        absl::StrAppend(&detail, "}");
        RETURN_IF_ERROR(m.Audit("person.update", "person", row->id, p.procuratorate, detail));
        cpb::Person out = PersonView(updated, Disclosure::kMasked);
        if (out.has_birth_date()) {
          out.set_minor(AgeOn(ToCivilDay(out.birth_date()), ChinaDay(m.now())) < 18);
        }
        return out;
      });
}

absl::StatusOr<cpb::PersonInput> ReferralCore::SubmittedValues(db::Tx& tx,
                                                               const pb::UpdatePersonRequest& req) {
  auto invalid = [](const std::string& field, const std::string& why) {
    FieldErrors errors;
    errors.Add(field, why);
    return errors.ToStatus();
  };
  ASSIGN_OR_RETURN(std::vector<SubmittedPerson> people,
                   repo_.SubmittedPeople(tx, req.from_referral_id()));
  for (const SubmittedPerson& s : people) {
    if (s.person_id != req.person_id()) continue;
    if (!s.kept) {
      return invalid("from_referral_id", "the referral predates kept submissions");
    }
    for (int i = 0; i < req.fields_size(); ++i) {
      if (FieldText(s.values, req.fields(i)).empty()) {
        return invalid(absl::StrCat("fields[", i, "]"),
                       "the agency submitted no value for this field");
      }
    }
    return s.values;
  }
  return invalid("from_referral_id", "the referral does not name this person");
}

absl::StatusOr<pb::ListPersonHistoryResponse> ReferralCore::ListPersonHistory(
    const Principal& p, const pb::ListPersonHistoryRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "PersonService", "ListPersonHistory"));
  RETURN_IF_ERROR(CheckUnmask(p, req.unmask(), req.purpose()));
  ASSIGN_OR_RETURN(int64_t before, DecodePageToken(req.page_token()));
  const int size = PageSize(req.page_size());
  const Disclosure disclosure = req.unmask() ? Disclosure::kUnmasked : Disclosure::kMasked;
  pb::ListPersonHistoryResponse resp;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool, [&](db::Tx& tx) -> absl::Status {
    resp.Clear();
    ASSIGN_OR_RETURN(auto row, repo_.GetPerson(tx, req.person_id()));
    if (!row.has_value()) return NotFound("person");
    ASSIGN_OR_RETURN(bool visible, repo_.PersonVisibleTo(tx, row->id, p.procuratorate));
    if (!visible) return NotFound("person");
    ASSIGN_OR_RETURN(auto rows, repo_.ListPersonHistory(tx, row->id, before, size + 1));
    resp.set_next_page_token(TakePage(
        rows, size,
        [&](PersonHistoryRow h) {
          pb::PersonChange* c = resp.add_changes();
          c->set_version(h.version);
          for (pb::PersonFieldChange& f : ChangesView(h.fields, h.before, h.after, disclosure)) {
            *c->add_changes() = std::move(f);
          }
          c->mutable_actor()->set_principal(h.actor);
          c->mutable_actor()->set_display_name(h.actor_name);
          *c->mutable_at() = TimestampFromMillis(h.at_ms);
          c->set_reason(h.reason);
          c->set_source_referral_id(h.source_referral_id);
          c->set_request_id(h.request_id);
        },
        [](const PersonHistoryRow& h) { return EncodePageToken(h.version); }));
    if (req.unmask()) {
      RETURN_IF_ERROR(AuditUnmaskedRead(tx, p, "person.history_read_unmasked", "person", row->id,
                                        req.purpose()));
    }
    return absl::OkStatus();
  }));
  return resp;
}

absl::StatusOr<pb::ListDuplicateCandidatesResponse> ReferralCore::ListDuplicateCandidates(
    const Principal& p, const pb::ListDuplicateCandidatesRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "PersonService", "ListDuplicateCandidates"));
  ASSIGN_OR_RETURN(int64_t before, DecodePageToken(req.page_token()));
  const int size = PageSize(req.page_size());
  pb::ListDuplicateCandidatesResponse resp;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool, [&](db::Tx& tx) -> absl::Status {
    resp.Clear();
    ASSIGN_OR_RETURN(auto rows, repo_.ListPendingCandidates(tx, p.procuratorate, before, size + 1));
    absl::Status failed;
    resp.set_next_page_token(TakePage(
        rows, size,
        [&](Repository::CandidateRow row) {
          if (!failed.ok()) return;
          pb::DuplicateCandidate* c = resp.add_candidates();
          c->set_candidate_id(row.id);
          c->set_referral_id(row.referral_id);
          c->set_state("pending");
          for (auto [id, target] : {std::pair{row.existing, c->mutable_existing()},
                                    std::pair{row.incoming, c->mutable_incoming()}}) {
            absl::StatusOr<std::optional<PersonRow>> person = repo_.GetPerson(tx, id);
            if (!person.ok()) {
              failed = person.status();
              return;
            }
            if (!person->has_value()) continue;
            const cpb::Person view = PersonView(**person, Disclosure::kMasked);
            target->set_person_id(view.person_id());
            target->set_name(view.name());
            target->set_sex(view.sex());
            if (!view.id_number().empty()) target->set_id_number(view.id_number());
          }
        },
        [](const Repository::CandidateRow& row) { return EncodePageToken(row.seq); }));
    return failed;
  }));
  return resp;
}

absl::StatusOr<pb::DuplicateCandidate> ReferralCore::ResolveDuplicate(
    const Principal& p, const pb::ResolveDuplicateRequest& req) {
  RETURN_IF_ERROR(Admitted(p, "PersonService", "ResolveDuplicate"));
  RETURN_IF_ERROR(CheckIdTenant(p, req.candidate_id(), "candidate_id"));
  return mutations_.Run<pb::DuplicateCandidate>(
      MutationOf(p, "ResolveDuplicate", req.request_id()), req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::DuplicateCandidate> {
        ASSIGN_OR_RETURN(auto c, repo_.GetCandidate(m.tx(), req.candidate_id(), Lock::kForUpdate));
        if (!c.has_value()) return NotFound("duplicate candidate");
        if (c->state != 0) return absl::FailedPreconditionError("already resolved");
        if (req.same_person()) RETURN_IF_ERROR(repo_.MergePerson(m.tx(), c->incoming, c->existing));
        RETURN_IF_ERROR(repo_.ResolveCandidate(m.tx(), c->id, req.same_person() ? 1 : 2, p.Name()));
        RETURN_IF_ERROR(m.Audit(req.same_person() ? "person.merge" : "person.not_duplicate",
                                "person", c->existing, c->procuratorate,
                                absl::StrCat("{\"incoming\":\"", c->incoming, "\"}")));
        pb::DuplicateCandidate out;
        out.set_candidate_id(c->id);
        out.set_referral_id(c->referral_id);
        out.set_state(req.same_person() ? "confirmed" : "rejected");
        out.mutable_existing()->set_person_id(c->existing);
        out.mutable_incoming()->set_person_id(c->incoming);
        return out;
      });
}

}  // namespace shouhu::referral
