// Person operations: reading a person (masked, or unmasked with a recorded purpose) and
// resolving possible duplicates.
#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/paging.h"
#include "common/base/status_macros.h"
#include "common/base/text.h"
#include "common/db/audit.h"
#include "referral/core.h"
#include "referral/core_internal.h"

namespace shouhu::referral {

absl::StatusOr<cpb::Person> ReferralCore::GetPerson(const Principal& p,
                                                    const pb::GetPersonRequest& req) {
  if (!IsCaseStaff(p)) {
    return absl::PermissionDeniedError("your role does not give access to person records");
  }
  if (req.unmask()) {
    FieldErrors errors;
    CheckText(errors, "purpose", req.purpose(), 2, 200);
    RETURN_IF_ERROR(errors.ToStatus());
  }
  cpb::Person out;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool, [&](db::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(auto row, repo_.GetPerson(tx, req.person_id()));
    // Absent and not-linked-to-your-procuratorate give the same answer.
    if (!row.has_value()) return NotFound("person");
    ASSIGN_OR_RETURN(bool visible, repo_.PersonVisibleTo(tx, row->id, p.procuratorate));
    if (!visible) return NotFound("person");
    out = PersonView(*row, req.unmask() ? Disclosure::kUnmasked : Disclosure::kMasked);
    if (out.has_birth_date()) {
      out.set_minor(AgeOn(ToCivilDay(out.birth_date()), ChinaDay(d_.clock->Now())) < 18);
    }
    if (req.unmask()) {
      // Reading identity data is audited like a change, in the same transaction.
      db::AuditRecord audit;
      audit.service = kService;
      audit.actor = p.Name();
      audit.action = "person.read_unmasked";
      audit.entity_type = "person";
      audit.entity_id = row->id;
      audit.procuratorate = p.procuratorate;
      audit.detail = absl::StrCat("{\"purpose\":", JsonString(req.purpose()), "}");
      audit.at = d_.clock->Now();
      RETURN_IF_ERROR(db::AppendAudit(tx, audit));
    }
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<pb::ListDuplicateCandidatesResponse> ReferralCore::ListDuplicateCandidates(
    const Principal& p, const pb::ListDuplicateCandidatesRequest& req) {
  if (!IsCaseStaff(p)) return absl::PermissionDeniedError("your role does not give access");
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
  if (!IsCaseStaff(p) || !p.Has(Role::kDepartmentHead)) {
    return absl::PermissionDeniedError("only a department head may resolve duplicates");
  }
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
