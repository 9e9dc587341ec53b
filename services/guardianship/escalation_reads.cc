// EscalationCore: reads for the procuratorate's staff and the addressee agency's view.
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/paging.h"
#include "common/base/status_macros.h"
#include "common/base/text.h"
#include "common/server/tenant.h"
#include "guardianship/access_policy.h"
#include "guardianship/escalation_domain.h"
#include "guardianship/escalation_ops.h"

namespace shouhu::guardianship {

namespace {

absl::StatusOr<int64_t> PageStart(const std::string& token) {
  absl::StatusOr<int64_t> seq = DecodePageToken(token);
  if (seq.ok()) return seq;
  FieldErrors errors;
  errors.Add("page_token", "not a token of this list");
  return errors.ToStatus();
}

}  // namespace

absl::StatusOr<pb::Escalation> EscalationCore::Out(db::Tx& tx, const EscalationRow& row,
                                                   absl::CivilDay today) const {
  pb::Escalation e = row.e;
  e.set_reply_overdue(ReplyOverdue(e, today));
  ASSIGN_OR_RETURN(std::vector<DisclosureRow> disclosed,
                   repo_.Disclosures(tx, e.escalation_id(), ""));
  e.clear_disclosures();
  for (const DisclosureRow& d : disclosed) *e.add_disclosures() = d.disclosure;
  return e;
}

pb::AgencyEscalationView EscalationCore::AgencyView(const EscalationRow& row,
                                                    const std::vector<DisclosureRow>& disclosed,
                                                    absl::CivilDay today) const {
  const pb::Escalation& e = row.e;
  pb::AgencyEscalationView v;
  v.set_escalation_id(e.escalation_id());
  v.set_procuratorate_code(row.procuratorate);
  v.set_kind(e.kind());
  v.set_status(e.status());
  v.set_document_number(e.document_number());
  v.set_content(e.content());
  *v.mutable_issued_on() = e.issued_on();
  *v.mutable_served_on() = e.served_on();
  *v.mutable_reply_due_on() = e.reply_due_on();
  v.set_reply_overdue(ReplyOverdue(e, today));
  *v.mutable_replied_on() = e.replied_on();
  v.set_reply_summary(e.reply_summary());
  v.set_version(e.version());
  for (const DisclosureRow& d : disclosed) {
    cpb::Person* person = v.add_disclosed_people();
    person->set_person_id(d.disclosure.person_id());
    person->set_name(d.person.name());
    person->set_sex(d.person.sex());
    *person->mutable_birth_date() = d.person.birth_date();
    person->set_phone(d.person.phone());
    person->set_address(d.person.address());
    person->set_unmasked(true);
  }
  return v;
}

absl::StatusOr<EscalationRow> EscalationCore::ReadOne(const std::string& id) const {
  EscalationRow row;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool,
                                       [&](db::Tx& tx) -> absl::Status {
                                         ASSIGN_OR_RETURN(row, repo_.Get(tx, id, false));
                                         return absl::OkStatus();
                                       },
                                       {.read_only = true}));
  return row;
}

absl::StatusOr<pb::Escalation> EscalationCore::Get(const Principal& p,
                                                   const pb::GetEscalationRequest& req) {
  RETURN_IF_ERROR(CheckIdTenant(p, req.escalation_id(), "escalation_id"));
  const absl::CivilDay today = ChinaDay(d_.clock->Now());
  pb::Escalation out;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        ASSIGN_OR_RETURN(EscalationRow row, repo_.Get(tx, req.escalation_id(), false));
        ASSIGN_OR_RETURN(out, Out(tx, row, today));
        return absl::OkStatus();
      },
      {.read_only = true}));
  return out;
}

absl::StatusOr<pb::ListEscalationsResponse> EscalationCore::List(
    const Principal& p, const pb::ListEscalationsRequest& req) {
  EscalationFilter f;
  f.procuratorate = p.procuratorate;
  if (!req.case_id().empty()) {
    RETURN_IF_ERROR(CheckIdTenant(p, req.case_id(), "case_id"));
    f.case_id = req.case_id();
  }
  if (!pb::EscalationStatus_IsValid(req.status())) {
    FieldErrors errors;
    errors.Add("status", "not an escalation status");
    return errors.ToStatus();
  }
  f.status = req.status();
  const absl::CivilDay today = ChinaDay(d_.clock->Now());
  if (req.reply_overdue_only()) f.overdue_on = today;
  ASSIGN_OR_RETURN(f.before_seq, PageStart(req.page_token()));
  const int size = PageSize(req.page_size());
  f.limit = size + 1;
  pb::ListEscalationsResponse out;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        out.Clear();
        ASSIGN_OR_RETURN(std::vector<EscalationRow> rows, repo_.List(tx, f));
        std::vector<std::pair<int64_t, pb::Escalation>> page;
        for (const EscalationRow& r : rows) {
          ASSIGN_OR_RETURN(pb::Escalation e, Out(tx, r, today));
          page.emplace_back(r.seq, std::move(e));
        }
        out.set_next_page_token(
            TakePage(page, size, [&](pb::Escalation e) { *out.add_escalations() = std::move(e); }));
        return absl::OkStatus();
      },
      {.read_only = true}));
  return out;
}

absl::StatusOr<pb::AgencyEscalationView> EscalationCore::GetAgency(
    const Principal& p, const pb::GetEscalationRequest& req) {
  if (TenantOfId(req.escalation_id()).empty()) {
    FieldErrors errors;
    errors.Add("escalation_id", "not an escalation id");
    return errors.ToStatus();
  }
  const absl::CivilDay today = ChinaDay(d_.clock->Now());
  pb::AgencyEscalationView out;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        absl::StatusOr<EscalationRow> got = repo_.Get(tx, req.escalation_id(), false);
        // An id that does not exist gets the answer of one addressed to another agency.
        if (absl::IsNotFound(got.status())) {
          return Require(AddresseeAgency(), p, {}, "see this escalation");
        }
        ASSIGN_OR_RETURN(EscalationRow row, std::move(got));
        RETURN_IF_ERROR(Require(AddresseeAgency(), p,
                                {row.procuratorate, row.e.addressee_agency_code(), ""},
                                "see this escalation"));
        if (!AwaitsReply(row.e.status()) && row.e.status() != pb::ESCALATION_STATUS_REPLIED &&
            row.e.status() != pb::ESCALATION_STATUS_CLOSED) {
          return absl::NotFoundError(absl::StrCat("no escalation ", req.escalation_id()));
        }
        ASSIGN_OR_RETURN(std::vector<DisclosureRow> disclosed,
                         repo_.Disclosures(tx, row.e.escalation_id(), p.id));
        out = AgencyView(row, disclosed, today);
        return absl::OkStatus();
      },
      {.read_only = true}));
  return out;
}

absl::StatusOr<pb::ListAgencyEscalationsResponse> EscalationCore::ListAgency(
    const Principal& p, const pb::ListAgencyEscalationsRequest& req) {
  EscalationFilter f;
  f.agency = p.id;
  const absl::CivilDay today = ChinaDay(d_.clock->Now());
  if (req.reply_overdue_only()) f.overdue_on = today;
  ASSIGN_OR_RETURN(f.before_seq, PageStart(req.page_token()));
  const int size = PageSize(req.page_size());
  f.limit = size + 1;
  pb::ListAgencyEscalationsResponse out;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        out.Clear();
        ASSIGN_OR_RETURN(std::vector<EscalationRow> rows, repo_.List(tx, f));
        std::vector<std::pair<int64_t, pb::AgencyEscalationView>> page;
        for (const EscalationRow& r : rows) {
          ASSIGN_OR_RETURN(std::vector<DisclosureRow> disclosed,
                           repo_.Disclosures(tx, r.e.escalation_id(), p.id));
          page.emplace_back(r.seq, AgencyView(r, disclosed, today));
        }
        out.set_next_page_token(TakePage(page, size, [&](pb::AgencyEscalationView v) {
          *out.add_escalations() = std::move(v);
        }));
        return absl::OkStatus();
      },
      {.read_only = true}));
  return out;
}

}  // namespace shouhu::guardianship
