#include "guardianship/unattended_ops.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/paging.h"
#include "common/base/status_macros.h"
#include "common/base/text.h"
#include "common/base/validate.h"
#include "common/server/tenant.h"
#include "guardianship/access_policy.h"
#include "guardianship/config_repository.h"
#include "guardianship/ids.h"
#include "guardianship/unattended_rules.h"

namespace shouhu::guardianship {

namespace {

cpb::Actor ActorOf(const Principal& p) {
  cpb::Actor a;
  a.set_principal(p.Name());
  a.set_display_name(p.display_name);
  return a;
}

absl::Status FieldError(absl::string_view field, absl::string_view what) {
  FieldErrors errors;
  errors.Add(std::string(field), std::string(what));
  return errors.ToStatus();
}

absl::Status NotIn(const pb::UnattendedCheck& c, absl::string_view what) {
  return absl::FailedPreconditionError(absl::StrCat("check ", c.check_id(), " is ",
                                                    pb::UnattendedCheckStatus_Name(c.status()),
                                                    ": cannot ", what));
}

}  // namespace

UnattendedCore::UnattendedCore(const GuardDeps& deps)
    : d_(deps), sealed_(deps.cipher), repo_(sealed_), mutations_(deps.Mutations()) {}

pb::UnattendedCheck UnattendedCore::WithOverdue(pb::UnattendedCheck c, absl::CivilDay today) {
  pb::UnattendedHandoff* h = c.mutable_handoff();
  auto past = [&](const pb::HandoffStage& s) {
    return IsValidDate(s.due_on()) && ToCivilDay(s.due_on()) < today;
  };
  h->mutable_township()->set_overdue(c.status() == pb::UNATTENDED_CHECK_STATUS_HANDED_OFF &&
                                     past(h->township()));
  h->mutable_county()->set_overdue(c.status() == pb::UNATTENDED_CHECK_STATUS_TOWNSHIP_DONE &&
                                   past(h->county()));
  if (!c.has_handoff() || h->civil_affairs_agency_code().empty()) c.clear_handoff();
  return c;
}

absl::StatusOr<pb::UnattendedCheck> UnattendedCore::Assess(
    const Principal& p, const pb::AssessUnattendedChildRequest& req) {
  RETURN_IF_ERROR(RequestIdError(req.request_id()));
  const absl::CivilDay today = ChinaDay(d_.clock->Now());
  {
    FieldErrors errors;
    if (req.case_id().empty()) errors.Add("case_id", "required");
    if (!req.order_id().empty() && req.order_id().rfind("gord-", 0) != 0) {
      errors.Add("order_id", "an order id");
    }
    if (!req.check_id().empty() && req.version() <= 0) {
      errors.Add("version", "the version read is required to re-assess");
    }
    CheckParents(req.parents(), today, errors);
    RETURN_IF_ERROR(errors.ToStatus());
  }
  RETURN_IF_ERROR(CheckIdTenant(p, req.case_id(), "case_id"));
  ASSIGN_OR_RETURN(referral::v1::Case c, d_.cases->GetCase(req.case_id()));
  const std::vector<pb::ParentStatus> parents(req.parents().begin(), req.parents().end());
  return mutations_.Run<pb::UnattendedCheck>(
      {.actor = p.Name(), .method = "AssessUnattendedChild", .request_id = req.request_id()}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::UnattendedCheck> {
        const absl::CivilDay day = ChinaDay(m.now());
        const UnattendedAssessment a = AssessParents(parents, day);
        UnattendedRow row;
        int64_t version = 0;
        if (!req.check_id().empty()) {
          ASSIGN_OR_RETURN(row, repo_.Get(m.tx(), req.check_id(), true));
          if (row.c.case_id() != req.case_id()) {
            return FieldError("case_id", "a check stays on its case");
          }
          RETURN_IF_ERROR(m.CheckVersion(row.c.version(), req.version()));
          if (row.c.status() != pb::UNATTENDED_CHECK_STATUS_ASSESSED &&
              row.c.status() != pb::UNATTENDED_CHECK_STATUS_CLOSED) {
            return NotIn(row.c, "re-assess after the hand-off");
          }
          version = req.version();
        } else {
          row.c.set_check_id(
              NewGuardId(*d_.ids, GuardIdKind::kUnattendedCheck, c.procuratorate_code()));
          row.c.set_case_id(req.case_id());
          row.c.set_procuratorate_code(c.procuratorate_code());
          row.c.set_minor_person_id(c.subject_person_id());
          row.assigned_to = c.assigned_to();
        }
        row.c.set_order_id(req.order_id());
        row.c.clear_parents();
        for (const pb::ParentStatus& ps : a.parents) *row.c.add_parents() = ps;
        row.c.set_criteria_met(a.criteria_met);
        row.c.set_matched_rule(a.rule);
        row.c.set_explanation(a.explanation);
        row.c.set_status(a.criteria_met ? pb::UNATTENDED_CHECK_STATUS_ASSESSED
                                        : pb::UNATTENDED_CHECK_STATUS_CLOSED);
        *row.c.mutable_assessed_on() = FromCivilDay(day);
        *row.c.mutable_assessed_by() = ActorOf(p);
        if (version == 0) {
          RETURN_IF_ERROR(repo_.Insert(m.tx(), row, m.now()));
        } else {
          RETURN_IF_ERROR(repo_.Update(m.tx(), row, version, m.now()));
        }
        row.c.set_version(version + 1);
        RETURN_IF_ERROR(m.Audit("guardianship.unattended.assess", "guard_unattended_check",
                                row.c.check_id(), row.c.procuratorate_code()));
        return WithOverdue(row.c, day);
      });
}

absl::StatusOr<pb::UnattendedCheck> UnattendedCore::HandOff(
    const Principal& p, const pb::HandOffUnattendedCheckRequest& req) {
  RETURN_IF_ERROR(RequestIdError(req.request_id()));
  RETURN_IF_ERROR(CheckIdTenant(p, req.check_id(), "check_id"));
  RETURN_IF_ERROR(VersionError(req.version()));
  const std::string procuratorate = TenantOfId(req.check_id());
  absl::StatusOr<referral::v1::Agency> agency =
      IsValidCode(req.civil_affairs_agency_code(), 2, 32)
          ? d_.cases->GetAgency(req.civil_affairs_agency_code())
          : absl::NotFoundError("no code");
  if (!agency.ok() && !absl::IsNotFound(agency.status())) return agency.status();
  if (!agency.ok() || !agency->active() ||
      agency->type() != referral::v1::AGENCY_TYPE_CIVIL_AFFAIRS ||
      agency->procuratorate_code() != procuratorate) {
    return FieldError("civil_affairs_agency_code",
                      "an active 民政 agency of the procuratorate's area");
  }
  return mutations_.Run<pb::UnattendedCheck>(
      {.actor = p.Name(), .method = "HandOffUnattendedCheck", .request_id = req.request_id()}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::UnattendedCheck> {
        const absl::CivilDay today = ChinaDay(m.now());
        ASSIGN_OR_RETURN(UnattendedRow row, repo_.Get(m.tx(), req.check_id(), true));
        RETURN_IF_ERROR(m.CheckVersion(row.c.version(), req.version()));
        if (row.c.status() != pb::UNATTENDED_CHECK_STATUS_ASSESSED || !row.c.criteria_met()) {
          return NotIn(row.c, "hand off (only a met check, once)");
        }
        absl::CivilDay handed = today;
        if (req.has_handed_on()) {
          if (!IsValidDate(req.handed_on()) ||
              ToCivilDay(req.handed_on()) < ToCivilDay(row.c.assessed_on()) ||
              ToCivilDay(req.handed_on()) > today) {
            return FieldError("handed_on", "from the assessment to today");
          }
          handed = ToCivilDay(req.handed_on());
        }
        ASSIGN_OR_RETURN(pb::OrderPolicy policy, LoadOrderPolicy(m.tx(), procuratorate));
        const absl::CivilDay township =
            d_.calendar->AddWorkingDays(handed, policy.township_working_days());
        pb::UnattendedHandoff* h = row.c.mutable_handoff();
        h->Clear();
        h->set_civil_affairs_agency_code(req.civil_affairs_agency_code());
        *h->mutable_handed_on() = FromCivilDay(handed);
        *h->mutable_township()->mutable_due_on() = FromCivilDay(township);
        // Provisional until the township answers: counted from its due day.
        *h->mutable_county()->mutable_due_on() =
            FromCivilDay(d_.calendar->AddWorkingDays(township, policy.county_working_days()));
        *h->mutable_handed_by() = ActorOf(p);
        row.c.set_status(pb::UNATTENDED_CHECK_STATUS_HANDED_OFF);
        RETURN_IF_ERROR(repo_.Update(m.tx(), row, req.version(), m.now()));
        row.c.set_version(req.version() + 1);
        RETURN_IF_ERROR(m.Audit("guardianship.unattended.handoff", "guard_unattended_check",
                                row.c.check_id(), procuratorate));
        return WithOverdue(row.c, today);
      });
}

absl::StatusOr<pb::UnattendedCheck> UnattendedCore::RecordAnswer(
    const Principal& p, const pb::RecordUnattendedAnswerRequest& req) {
  RETURN_IF_ERROR(RequestIdError(req.request_id()));
  const bool agency = p.kind == Principal::Kind::kAgency;
  if (!agency) RETURN_IF_ERROR(CheckIdTenant(p, req.check_id(), "check_id"));
  {
    FieldErrors errors;
    if (req.answer() == pb::HANDOFF_ANSWER_UNSPECIFIED ||
        !pb::HandoffAnswer_IsValid(req.answer())) {
      errors.Add("answer", "recognised or not recognised");
    }
    if (!IsValidDate(req.answered_on())) errors.Add("answered_on", "required");
    CheckText(errors, "note", req.note(), req.answer() == pb::HANDOFF_ANSWER_NOT_RECOGNISED ? 1 : 0,
              1000);
    CheckText(errors, "document_ref", req.document_ref(), 0, 100);
    RETURN_IF_ERROR(errors.ToStatus());
  }
  RETURN_IF_ERROR(VersionError(req.version()));
  return mutations_.Run<pb::UnattendedCheck>(
      {.actor = p.Name(), .method = "RecordUnattendedAnswer", .request_id = req.request_id()}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::UnattendedCheck> {
        const absl::CivilDay today = ChinaDay(m.now());
        absl::StatusOr<UnattendedRow> got = repo_.Get(m.tx(), req.check_id(), true);
        // Another agency learns nothing, not even whether the check exists: the same
        // answer as for a check handed off to another agency.
        if (agency && absl::IsNotFound(got.status())) {
          return Require(HandoffAgency(), p, {}, "answer this hand-off");
        }
        if (!got.ok()) return got.status();
        UnattendedRow row = *std::move(got);
        pb::UnattendedHandoff* h = row.c.mutable_handoff();
        if (agency) {
          RETURN_IF_ERROR(Require(HandoffAgency(), p,
                                  {row.c.procuratorate_code(), h->civil_affairs_agency_code(), ""},
                                  "answer this hand-off"));
        }
        RETURN_IF_ERROR(m.CheckVersion(row.c.version(), req.version()));
        const bool county = req.county();
        if (row.c.status() != (county ? pb::UNATTENDED_CHECK_STATUS_TOWNSHIP_DONE
                                      : pb::UNATTENDED_CHECK_STATUS_HANDED_OFF)) {
          return NotIn(row.c, county ? "record the county decision" : "record the township answer");
        }
        const absl::CivilDay from =
            county ? ToCivilDay(h->township().answered_on()) : ToCivilDay(h->handed_on());
        const absl::CivilDay on = ToCivilDay(req.answered_on());
        if (on < from || on > today)
          return FieldError("answered_on", "from the previous stage to today");
        pb::HandoffStage* s = county ? h->mutable_county() : h->mutable_township();
        s->set_answer(req.answer());
        *s->mutable_answered_on() = req.answered_on();
        s->set_note(req.note());
        s->set_document_ref(req.document_ref());
        if (!county && req.answer() == pb::HANDOFF_ANSWER_RECOGNISED) {
          ASSIGN_OR_RETURN(pb::OrderPolicy policy,
                           LoadOrderPolicy(m.tx(), row.c.procuratorate_code()));
          *h->mutable_county()->mutable_due_on() =
              FromCivilDay(d_.calendar->AddWorkingDays(on, policy.county_working_days()));
          row.c.set_status(pb::UNATTENDED_CHECK_STATUS_TOWNSHIP_DONE);
        } else {
          if (!county) h->mutable_county()->clear_due_on();  // the county stage is not reached
          row.c.set_status(pb::UNATTENDED_CHECK_STATUS_ANSWERED);
        }
        RETURN_IF_ERROR(repo_.Update(m.tx(), row, req.version(), m.now()));
        row.c.set_version(req.version() + 1);
        RETURN_IF_ERROR(m.Audit(county ? "guardianship.unattended.county_answer"
                                       : "guardianship.unattended.township_answer",
                                "guard_unattended_check", row.c.check_id(),
                                row.c.procuratorate_code()));
        return WithOverdue(row.c, today);
      });
}

absl::StatusOr<pb::UnattendedCheck> UnattendedCore::Get(const Principal& p,
                                                        const pb::GetUnattendedCheckRequest& req) {
  RETURN_IF_ERROR(CheckIdTenant(p, req.check_id(), "check_id"));
  pb::UnattendedCheck out;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool,
                                       [&](db::Tx& tx) -> absl::Status {
                                         ASSIGN_OR_RETURN(UnattendedRow row,
                                                          repo_.Get(tx, req.check_id(), false));
                                         out = WithOverdue(row.c, ChinaDay(d_.clock->Now()));
                                         return absl::OkStatus();
                                       },
                                       {.read_only = true}));
  return out;
}

namespace {

absl::StatusOr<int64_t> PageStart(const std::string& token) {
  absl::StatusOr<int64_t> seq = DecodePageToken(token);
  if (seq.ok()) return seq;
  return FieldError("page_token", "not a token of this list");
}

}  // namespace

absl::StatusOr<pb::ListUnattendedChecksResponse> UnattendedCore::List(
    const Principal& p, const pb::ListUnattendedChecksRequest& req) {
  UnattendedFilter f;
  f.procuratorate = p.procuratorate;
  if (!req.case_id().empty()) {
    RETURN_IF_ERROR(CheckIdTenant(p, req.case_id(), "case_id"));
    f.case_id = req.case_id();
  }
  if (!pb::UnattendedCheckStatus_IsValid(req.status())) return FieldError("status", "not a status");
  f.status = req.status();
  const absl::CivilDay today = ChinaDay(d_.clock->Now());
  if (req.overdue_only()) f.overdue_on = today;
  ASSIGN_OR_RETURN(f.before_seq, PageStart(req.page_token()));
  const int size = PageSize(req.page_size());
  f.limit = size + 1;
  pb::ListUnattendedChecksResponse out;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        out.Clear();
        ASSIGN_OR_RETURN(std::vector<UnattendedRow> rows, repo_.List(tx, f));
        std::vector<std::pair<int64_t, pb::UnattendedCheck>> page;
        for (const UnattendedRow& r : rows) page.emplace_back(r.seq, WithOverdue(r.c, today));
        out.set_next_page_token(
            TakePage(page, size, [&](pb::UnattendedCheck c) { *out.add_checks() = std::move(c); }));
        return absl::OkStatus();
      },
      {.read_only = true}));
  return out;
}

absl::StatusOr<pb::ListAddressedUnattendedHandoffsResponse> UnattendedCore::ListAddressed(
    const Principal& p, const pb::ListAddressedUnattendedHandoffsRequest& req) {
  UnattendedFilter f;
  f.agency = p.id;
  ASSIGN_OR_RETURN(f.before_seq, PageStart(req.page_token()));
  const int size = PageSize(req.page_size());
  f.limit = size + 1;
  const absl::CivilDay today = ChinaDay(d_.clock->Now());
  pb::ListAddressedUnattendedHandoffsResponse out;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        out.Clear();
        ASSIGN_OR_RETURN(std::vector<UnattendedRow> rows, repo_.List(tx, f));
        std::vector<std::pair<int64_t, pb::AgencyUnattendedHandoffView>> page;
        for (const UnattendedRow& r : rows) {
          const pb::UnattendedCheck c = WithOverdue(r.c, today);
          pb::AgencyUnattendedHandoffView v;
          v.set_check_id(c.check_id());
          v.set_procuratorate_code(c.procuratorate_code());
          v.set_matched_rule(c.matched_rule());
          for (const pb::ParentStatus& ps : c.parents()) {
            pb::ParentStatus* out_ps = v.add_parents();
            *out_ps = ps;
            out_ps->clear_person_id();
          }
          *v.mutable_handoff() = c.handoff();
          v.set_version(c.version());
          page.emplace_back(r.seq, std::move(v));
        }
        out.set_next_page_token(TakePage(page, size, [&](pb::AgencyUnattendedHandoffView v) {
          *out.add_handoffs() = std::move(v);
        }));
        return absl::OkStatus();
      },
      {.read_only = true}));
  return out;
}

}  // namespace shouhu::guardianship
