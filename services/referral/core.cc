#include "referral/core.h"

#include <cppconn/exception.h>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/base/mask.h"
#include "common/base/status_macros.h"
#include "common/base/text.h"
#include "common/db/audit.h"
#include "common/db/idempotency.h"
#include "common/db/outbox.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace shouhu::referral {
namespace {

constexpr char kService[] = "referral";
constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 200;

std::string PayloadHash(const google::protobuf::Message& req) {
  std::unique_ptr<google::protobuf::Message> copy(req.New());
  copy->CopyFrom(req);
  const auto* field = copy->GetDescriptor()->FindFieldByName("request_id");
  if (field != nullptr) copy->GetReflection()->ClearField(copy.get(), field);
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream out(&bytes);
    google::protobuf::io::CodedOutputStream coded(&out);
    coded.SetSerializationDeterministic(true);
    copy->SerializeToCodedStream(&coded);
  }
  return Sha256Hex(bytes);
}

absl::Status RequestIdErrors(const std::string& request_id) {
  absl::Status st = db::ValidateRequestId(request_id);
  if (st.ok()) return st;
  FieldErrors errors;
  errors.Add("request_id", std::string(st.message()));
  return errors.ToStatus();
}

absl::Status RequireVersion(int64_t version) {
  if (version > 0) return absl::OkStatus();
  FieldErrors errors;
  errors.Add("version", "is required: send the version you read");
  return errors.ToStatus();
}

bool ValidUserId(absl::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
      return false;
    }
  }
  return true;
}

bool ValidCode(absl::string_view code, size_t min, size_t max) {
  if (code.size() < min || code.size() > max) return false;
  for (char c : code) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

bool SixDigits(absl::string_view code) {
  if (code.size() != 6) return false;
  for (char c : code) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

cpb::Timestamp Ts(absl::Time t) {
  cpb::Timestamp out;
  out.set_unix_millis(absl::ToUnixMillis(t));
  return out;
}

absl::Status NotFound(absl::string_view what) {
  return absl::NotFoundError(absl::StrCat(what, " not found"));
}

// Hands the first `size` of `rows` (fetched with one extra row) to `add` and returns the
// token of the next page, or "" when there is none.
template <typename Row, typename Add>
std::string TakePage(std::vector<std::pair<int64_t, Row>>& rows, int size, Add add) {
  for (int i = 0; i < static_cast<int>(rows.size()) && i < size; ++i) {
    add(std::move(rows[i].second));
  }
  return static_cast<int>(rows.size()) > size ? EncodePageToken(rows[size - 1].first) : "";
}

absl::Status Stale(int64_t current) {
  return absl::AbortedError(absl::StrCat("the record was changed by someone else (current version ",
                                         current, "); reload and retry"));
}

}  // namespace

std::string EncodePageToken(int64_t seq) {
  return absl::WebSafeBase64Escape(absl::StrCat("s", seq));
}

absl::StatusOr<int64_t> DecodePageToken(absl::string_view token) {
  if (token.empty()) return 0;
  std::string raw;
  int64_t seq = 0;
  if (!absl::WebSafeBase64Unescape(token, &raw) || raw.size() < 2 || raw[0] != 's' ||
      !absl::SimpleAtoi(absl::string_view(raw).substr(1), &seq) || seq <= 0) {
    FieldErrors errors;
    errors.Add("page_token", "is not a token returned by this service");
    return errors.ToStatus();
  }
  return seq;
}

ReferralCore::ReferralCore(CoreDeps deps) : d_(std::move(deps)), repo_(d_.cipher, d_.clock) {}

int ReferralCore::PageSize(int requested) const {
  if (requested <= 0) return kDefaultPageSize;
  return std::min(requested, kMaxPageSize);
}

template <typename Resp>
absl::StatusOr<Resp> ReferralCore::Mutate(const Principal& p, absl::string_view method,
                                          const google::protobuf::Message& req,
                                          const std::string& request_id,
                                          const std::function<absl::StatusOr<Resp>(db::Tx&)>& fn) {
  RETURN_IF_ERROR(RequestIdErrors(request_id));
  db::IdempotencyKey key{absl::StrCat(p.Name(), "|", method), request_id};
  auto bytes = db::RunIdempotent(*d_.pool, key, PayloadHash(req),
                                 [&](db::Tx& tx) -> absl::StatusOr<std::string> {
                                   ASSIGN_OR_RETURN(Resp resp, fn(tx));
                                   return resp.SerializeAsString();
                                 });
  if (!bytes.ok()) return bytes.status();
  Resp out;
  if (!out.ParseFromString(*bytes)) return absl::InternalError("stored response is unreadable");
  return out;
}

void ReferralCore::Audit(db::Tx& tx, const Principal& p, absl::string_view action,
                         absl::string_view entity_type, const std::string& entity_id,
                         const std::string& tenant, const std::string& request_id,
                         const std::string& detail) {
  db::AuditRecord r;
  r.service = kService;
  r.actor = p.Name();
  r.action = std::string(action);
  r.entity_type = std::string(entity_type);
  r.entity_id = entity_id;
  r.procuratorate = tenant;
  r.request_id = request_id;
  r.detail = detail;
  r.at = d_.clock->Now();
  absl::Status st = db::AppendAudit(tx, r);
  // A missing chain head is a schema problem: fail the transaction rather than skip audit.
  if (!st.ok()) throw sql::SQLException(std::string(st.message()), "HY000", 1146);
}

void ReferralCore::Emit(db::Tx& tx, absl::string_view topic, const std::string& aggregate,
                        const std::string& tenant, const std::string& payload_json) {
  db::OutboxEvent e;
  e.event_id = d_.ids->NewId("evt");
  e.service = kService;
  e.topic = std::string(topic);
  e.aggregate_id = aggregate;
  e.procuratorate = tenant;
  e.occurred_at = d_.clock->Now();
  e.payload_json = payload_json;
  (void)db::EnqueueEvent(tx, e);
}

void ReferralCore::Step(db::Tx& tx, const pb::Referral& r, const Principal& p,
                        const std::string& step, const std::string& message) {
  pb::TimelineEntry e;
  *e.mutable_at() = Ts(d_.clock->Now());
  e.set_status(r.status());
  e.set_step(step);
  e.set_message(message);
  e.mutable_actor()->set_principal(p.Name());
  e.mutable_actor()->set_display_name(p.display_name);
  repo_.AppendEvent(tx, r.referral_id(), e);
}

pb::Referral ReferralCore::Present(const Principal& p, pb::Referral r) const {
  const bool awaiting =
      r.status() == pb::REFERRAL_STATUS_SUBMITTED || r.status() == pb::REFERRAL_STATUS_UNDER_REVIEW;
  r.set_overdue(awaiting && r.has_response_due_at() &&
                d_.clock->Now() > absl::FromUnixMillis(r.response_due_at().unix_millis()));
  return RedactForCaller(p, std::move(r));
}

// ---------------------------------------------------------------------------- referrals

absl::StatusOr<pb::Referral> ReferralCore::Submit(const Principal& p,
                                                  const pb::SubmitReferralRequest& req) {
  if (p.kind != Principal::Kind::kAgency) {
    return absl::PermissionDeniedError("only partner agencies submit referrals");
  }
  RETURN_IF_ERROR(RequestIdErrors(req.request_id()));
  const absl::Time now = d_.clock->Now();
  RETURN_IF_ERROR(ValidateSubmit(req, absl::ToCivilDay(now, ChinaTime())));
  return Mutate<pb::Referral>(
      p, "SubmitReferral", req, req.request_id(), [&](db::Tx& tx) -> absl::StatusOr<pb::Referral> {
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
        *r.mutable_submitted_at() = Ts(now);
        *r.mutable_response_due_at() =
            Ts(ResponseDue(d_.rules, *d_.calendar, req.kind(), r.urgent(), now));
        r.set_version(1);
        std::vector<std::pair<std::string, std::string>> duplicates;  // existing, incoming
        for (const auto& in : req.people()) {
          ASSIGN_OR_RETURN(PersonMatch m,
                           repo_.MatchOrCreatePerson(tx, in.person(), d_.ids->NewId("per")));
          pb::ReferralPerson* rp = r.add_people();
          rp->set_role(in.role());
          rp->set_relation(in.relation());
          rp->mutable_person()->set_person_id(m.person_id);
          rp->set_matched_existing(m.matched_existing);
          rp->set_possible_duplicate(!m.possible_duplicate_of.empty());
          if (!m.possible_duplicate_of.empty()) {
            duplicates.emplace_back(m.possible_duplicate_of, m.person_id);
          }
        }
        repo_.InsertReferral(tx, r);
        for (int i = 0; i < r.people_size(); ++i) {
          repo_.InsertReferralPerson(tx, r.referral_id(), i, r.people(i));
        }
        for (const auto& [existing, incoming] : duplicates) {
          repo_.InsertDuplicateCandidate(tx, d_.ids->NewTenantId("dup", p.procuratorate),
                                         p.procuratorate, r.referral_id(), existing, incoming);
        }
        Step(tx, r, p, "submitted", "");
        Audit(tx, p, "referral.submit", "referral", r.referral_id(), r.procuratorate_code(),
              req.request_id(),
              absl::StrCat("{\"kind\":", r.kind(), ",\"people\":", r.people_size(), "}"));
        ASSIGN_OR_RETURN(auto stored, repo_.GetReferral(tx, r.referral_id(), false, true));
        return Present(p, *stored);
      });
}

absl::StatusOr<pb::Referral> ReferralCore::LoadForRead(const Principal& p, const std::string& id,
                                                       db::Tx& tx) {
  ASSIGN_OR_RETURN(auto r, repo_.GetReferral(tx, id, false, true));
  if (!r.has_value()) {
    // Agencies learn nothing about referrals that are not theirs, existing or not.
    if (p.kind == Principal::Kind::kAgency) {
      return absl::PermissionDeniedError("referral not found or not submitted by your agency");
    }
    return NotFound("referral");
  }
  RETURN_IF_ERROR(CheckCanRead(p, *r));
  return *r;
}

absl::StatusOr<pb::Referral> ReferralCore::Get(const Principal& p,
                                               const pb::GetReferralRequest& req) {
  RETURN_IF_ERROR(CheckIdTenant(p, req.referral_id()));
  pb::Referral out;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool, [&](db::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(out, LoadForRead(p, req.referral_id(), tx));
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
    rows = repo_.ListReferrals(tx, f);
    return absl::OkStatus();
  }));
  pb::ListReferralsResponse resp;
  resp.set_next_page_token(TakePage(
      rows, size, [&](pb::Referral r) { *resp.add_referrals() = Present(p, std::move(r)); }));
  return resp;
}

absl::StatusOr<pb::Referral> ReferralCore::Transition(
    const Principal& p, absl::string_view method, const google::protobuf::Message& req,
    const std::string& request_id, const std::string& referral_id, int64_t version, Action action,
    const std::string& step, const std::string& message, const Change& change) {
  RETURN_IF_ERROR(RequestIdErrors(request_id));
  RETURN_IF_ERROR(RequireVersion(version));
  RETURN_IF_ERROR(CheckIdTenant(p, referral_id));
  return Mutate<pb::Referral>(
      p, method, req, request_id, [&](db::Tx& tx) -> absl::StatusOr<pb::Referral> {
        ASSIGN_OR_RETURN(auto found, repo_.GetReferral(tx, referral_id, true, false));
        if (!found.has_value()) {
          if (p.kind == Principal::Kind::kAgency) {
            return absl::PermissionDeniedError(
                "referral not found or not submitted by your agency");
          }
          return NotFound("referral");
        }
        pb::Referral r = *std::move(found);
        // Scope first (reveals nothing to outsiders), then the version, then the role:
        // the loser of a race learns that the record changed (ABORTED) even when the
        // winner's change (e.g. an assignment) would now also deny it.
        RETURN_IF_ERROR(CheckCanRead(p, r));
        if (r.version() != version) return Stale(r.version());
        RETURN_IF_ERROR(CheckCanAct(p, r, action));
        ASSIGN_OR_RETURN(pb::ReferralStatus next, NextStatus(r.status(), action));
        r.set_status(next);
        RETURN_IF_ERROR(change(tx, r));
        if (!repo_.UpdateReferral(tx, r, version)) return Stale(version + 1);
        Step(tx, r, p, step, message);
        Audit(tx, p, absl::StrCat("referral.", ActionName(action)), "referral", referral_id,
              r.procuratorate_code(), request_id, absl::StrCat("{\"status\":", next, "}"));
        ASSIGN_OR_RETURN(auto stored, repo_.GetReferral(tx, referral_id, false, true));
        return Present(p, *stored);
      });
}

absl::StatusOr<pb::Referral> ReferralCore::Assign(const Principal& p,
                                                  const pb::AssignReferralRequest& req) {
  if (!ValidUserId(req.caseworker())) {
    FieldErrors errors;
    errors.Add("caseworker", "must be a user id of 1-64 characters [A-Za-z0-9._-]");
    return errors.ToStatus();
  }
  return Transition(p, "AssignReferral", req, req.request_id(), req.referral_id(), req.version(),
                    Action::kAssign, "assigned", "", [&](db::Tx&, pb::Referral& r) {
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
      "accepted", req.message_to_agency(), [&](db::Tx& tx, pb::Referral& r) -> absl::Status {
        if (r.assigned_to().empty()) r.set_assigned_to(p.id);
        r.clear_response_due_at();
        r.set_message_to_agency(req.message_to_agency());
        std::string subject;
        {
          ASSIGN_OR_RETURN(auto full, repo_.GetReferral(tx, r.referral_id(), false, true));
          for (const auto& person : full->people()) {
            if (person.role() == pb::PERSON_ROLE_SUBJECT) subject = person.person().person_id();
          }
        }
        std::string case_id;
        bool opened = false;
        if (!req.link_case_id().empty()) {
          auto c = repo_.GetCase(tx, req.link_case_id(), true);
          if (!c.has_value() || c->procuratorate_code() != r.procuratorate_code()) {
            FieldErrors errors;
            errors.Add("link_case_id", "no such case in your procuratorate");
            return errors.ToStatus();
          }
          if (c->status() != pb::CASE_STATUS_OPEN) {
            return absl::FailedPreconditionError("the case to link is not open");
          }
          case_id = c->case_id();
        } else if (auto open = repo_.OpenCaseOf(tx, r.procuratorate_code(), subject, true)) {
          case_id = *open;
        } else {
          pb::Case c;
          c.set_case_id(d_.ids->NewTenantId("case", r.procuratorate_code()));
          c.set_procuratorate_code(r.procuratorate_code());
          c.set_status(pb::CASE_STATUS_OPEN);
          c.set_subject_person_id(subject);
          c.set_kind(r.kind());
          c.set_assigned_to(r.assigned_to());
          *c.mutable_opened_at() = Ts(d_.clock->Now());
          c.set_version(1);
          try {
            repo_.InsertCase(tx, c);
            case_id = c.case_id();
            opened = true;
          } catch (const sql::SQLException& e) {
            // A concurrent accept opened the subject's case first: link to it.
            if (e.getErrorCode() != 1062) throw;
            auto open_now = repo_.OpenCaseOf(tx, r.procuratorate_code(), subject, true);
            if (!open_now.has_value()) throw;
            case_id = *open_now;
          }
        }
        r.set_case_id(case_id);
        if (opened) {
          Audit(tx, p, "case.open", "case", case_id, r.procuratorate_code(), req.request_id(),
                absl::StrCat("{\"referral\":\"", r.referral_id(), "\"}"));
          Emit(tx, "case.opened", case_id, r.procuratorate_code(),
               absl::StrCat("{\"case_id\":\"", case_id, "\",\"kind\":", r.kind(),
                            ",\"subject_person_id\":\"", subject, "\"}"));
        }
        Emit(tx, "referral.accepted", r.referral_id(), r.procuratorate_code(),
             absl::StrCat("{\"referral_id\":\"", r.referral_id(), "\",\"case_id\":\"", case_id,
                          "\",\"kind\":", r.kind(), "}"));
        return absl::OkStatus();
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
                    [&](db::Tx&, pb::Referral& r) {
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
                    [&](db::Tx&, pb::Referral& r) {
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
      [&](db::Tx&, pb::Referral& r) -> absl::Status {
        std::string facts =
            absl::StrCat(r.facts(), "\n\n【补充材料 supplement】\n", req.supplement());
        if (Utf8Length(facts) > 20000) {
          FieldErrors too_long;
          too_long.Add("supplement", "the referral's facts would exceed 20000 characters");
          return too_long.ToStatus();
        }
        r.set_facts(std::move(facts));
        *r.mutable_response_due_at() =
            Ts(ResponseDue(d_.rules, *d_.calendar, r.kind(), r.urgent(), d_.clock->Now()));
        return absl::OkStatus();
      });
}

absl::StatusOr<pb::Referral> ReferralCore::Withdraw(const Principal& p,
                                                    const pb::WithdrawReferralRequest& req) {
  FieldErrors errors;
  CheckText(errors, "reason", req.reason(), 0, 1000);
  RETURN_IF_ERROR(errors.ToStatus());
  return Transition(p, "WithdrawReferral", req, req.request_id(), req.referral_id(), req.version(),
                    Action::kWithdraw, "withdrawn", req.reason(), [&](db::Tx&, pb::Referral& r) {
                      r.clear_response_due_at();
                      return absl::OkStatus();
                    });
}

absl::StatusOr<std::pair<std::vector<pb::TimelineEntry>, bool>> ReferralCore::TimelineAfter(
    const Principal& p, const std::string& referral_id, int64_t after) {
  RETURN_IF_ERROR(CheckIdTenant(p, referral_id));
  std::pair<std::vector<pb::TimelineEntry>, bool> out;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool, [&](db::Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(auto found, repo_.GetReferral(tx, referral_id, false, false));
    if (!found.has_value()) {
      if (p.kind == Principal::Kind::kAgency) {
        return absl::PermissionDeniedError("referral not found or not submitted by your agency");
      }
      return NotFound("referral");
    }
    RETURN_IF_ERROR(CheckCanRead(p, *found));
    out.first = repo_.Timeline(tx, referral_id, after);
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

// -------------------------------------------------------------------------------- cases

absl::StatusOr<pb::Case> ReferralCore::GetCase(const Principal& p, const pb::GetCaseRequest& req) {
  if (p.kind == Principal::Kind::kAgency) {
    return absl::PermissionDeniedError("agencies have no access to case records");
  }
  if (p.kind == Principal::Kind::kUser && !IsCaseStaff(p)) {
    return absl::PermissionDeniedError("your role does not give access to cases");
  }
  RETURN_IF_ERROR(CheckIdTenant(p, req.case_id()));
  std::optional<pb::Case> c;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool, [&](db::Tx& tx) -> absl::Status {
    c = repo_.GetCase(tx, req.case_id(), false);
    return absl::OkStatus();
  }));
  if (!c.has_value()) return NotFound("case");
  return *c;
}

absl::StatusOr<pb::ListCasesResponse> ReferralCore::ListCases(const Principal& p,
                                                              const pb::ListCasesRequest& req) {
  if (!IsCaseStaff(p))
    return absl::PermissionDeniedError("your role does not give access to cases");
  FieldErrors errors;
  if (!pb::CaseStatus_IsValid(req.status())) errors.Add("status", "unknown value");
  if (!pb::ReferralKind_IsValid(req.kind())) errors.Add("kind", "unknown value");
  if (req.page_size() < 0) errors.Add("page_size", "must not be negative");
  RETURN_IF_ERROR(errors.ToStatus());
  CaseFilter f;
  f.procuratorate = p.procuratorate;
  f.status = req.status();
  f.kind = req.kind();
  f.assigned_to = req.assigned_to();
  f.subject_person_id = req.subject_person_id();
  ASSIGN_OR_RETURN(f.before_seq, DecodePageToken(req.page_token()));
  const int size = PageSize(req.page_size());
  f.limit = size + 1;
  std::vector<std::pair<int64_t, pb::Case>> rows;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool, [&](db::Tx& tx) -> absl::Status {
    rows = repo_.ListCases(tx, f);
    return absl::OkStatus();
  }));
  pb::ListCasesResponse resp;
  resp.set_next_page_token(
      TakePage(rows, size, [&](pb::Case c) { *resp.add_cases() = std::move(c); }));
  return resp;
}

absl::StatusOr<pb::Case> ReferralCore::CaseChange(
    const Principal& p, absl::string_view method, const google::protobuf::Message& req,
    const std::string& request_id, const std::string& case_id, int64_t version,
    const std::function<absl::Status(db::Tx&, pb::Case&)>& fn, bool transfer_decision) {
  if (!IsCaseStaff(p))
    return absl::PermissionDeniedError("your role does not give access to cases");
  RETURN_IF_ERROR(RequestIdErrors(request_id));
  RETURN_IF_ERROR(RequireVersion(version));
  // Transfer decisions are made by the receiving procuratorate, whose code is not in the
  // id; for them scope is checked after the lookup, with the same answer for an absent
  // case and a case not offered to the caller.
  if (!transfer_decision) RETURN_IF_ERROR(CheckIdTenant(p, case_id));
  return Mutate<pb::Case>(p, method, req, request_id, [&](db::Tx& tx) -> absl::StatusOr<pb::Case> {
    auto c = repo_.GetCase(tx, case_id, true);
    if (transfer_decision) {
      if (!c.has_value() || c->transfer_to_procuratorate() != p.procuratorate ||
          c->status() != pb::CASE_STATUS_TRANSFER_PENDING) {
        return absl::PermissionDeniedError("no pending transfer of this case to you");
      }
    } else if (!c.has_value()) {
      return NotFound("case");
    }
    if (c->version() != version) return Stale(c->version());
    pb::Case updated = *c;
    RETURN_IF_ERROR(fn(tx, updated));
    if (!repo_.UpdateCase(tx, updated, version)) return Stale(version + 1);
    return *repo_.GetCase(tx, case_id, false);
  });
}

absl::StatusOr<pb::Case> ReferralCore::AssignCase(const Principal& p,
                                                  const pb::AssignCaseRequest& req) {
  if (!p.HasAny({Role::kDepartmentHead, Role::kChief})) {
    return absl::PermissionDeniedError("only a department head may assign cases");
  }
  if (!ValidUserId(req.caseworker())) {
    FieldErrors errors;
    errors.Add("caseworker", "must be a user id of 1-64 characters [A-Za-z0-9._-]");
    return errors.ToStatus();
  }
  return CaseChange(
      p, "AssignCase", req, req.request_id(), req.case_id(), req.version(),
      [&](db::Tx& tx, pb::Case& c) -> absl::Status {
        if (c.status() != pb::CASE_STATUS_OPEN) {
          return absl::FailedPreconditionError("only open cases can be assigned");
        }
        c.set_assigned_to(req.caseworker());
        Audit(tx, p, "case.assign", "case", c.case_id(), c.procuratorate_code(), req.request_id());
        return absl::OkStatus();
      },
      false);
}

absl::StatusOr<pb::Case> ReferralCore::CloseCase(const Principal& p,
                                                 const pb::CloseCaseRequest& req) {
  FieldErrors errors;
  if (req.reason() == pb::CLOSE_REASON_UNSPECIFIED || !pb::CloseReason_IsValid(req.reason())) {
    errors.Add("reason", "a close reason code is required");
  }
  CheckText(errors, "note", req.note(), req.reason() == pb::CLOSE_REASON_OTHER ? 1 : 0, 1000);
  RETURN_IF_ERROR(errors.ToStatus());
  return CaseChange(
      p, "CloseCase", req, req.request_id(), req.case_id(), req.version(),
      [&](db::Tx& tx, pb::Case& c) -> absl::Status {
        const bool lead = p.HasAny({Role::kDepartmentHead, Role::kChief});
        if (!lead && c.assigned_to() != p.id) {
          return absl::PermissionDeniedError("only the assigned caseworker or a department head");
        }
        if (c.status() != pb::CASE_STATUS_OPEN) {
          return absl::FailedPreconditionError("only open cases can be closed");
        }
        c.set_status(pb::CASE_STATUS_CLOSED);
        c.set_close_reason(req.reason());
        c.set_close_note(req.note());
        *c.mutable_closed_at() = Ts(d_.clock->Now());
        Audit(tx, p, "case.close", "case", c.case_id(), c.procuratorate_code(), req.request_id(),
              absl::StrCat("{\"reason\":", req.reason(), "}"));
        Emit(tx, "case.closed", c.case_id(), c.procuratorate_code(),
             absl::StrCat("{\"case_id\":\"", c.case_id(), "\",\"reason\":", req.reason(), "}"));
        return absl::OkStatus();
      },
      false);
}

absl::StatusOr<pb::Case> ReferralCore::TransferCase(const Principal& p,
                                                    const pb::TransferCaseRequest& req) {
  if (!p.HasAny({Role::kDepartmentHead, Role::kChief})) {
    return absl::PermissionDeniedError("only a department head may transfer cases");
  }
  FieldErrors errors;
  if (!SixDigits(req.to_procuratorate_code())) {
    errors.Add("to_procuratorate_code", "must be a 6-digit procuratorate code");
  } else if (req.to_procuratorate_code() == p.procuratorate) {
    errors.Add("to_procuratorate_code", "must be another procuratorate");
  }
  CheckText(errors, "reason", req.reason(), 1, 1000);
  RETURN_IF_ERROR(errors.ToStatus());
  return CaseChange(
      p, "TransferCase", req, req.request_id(), req.case_id(), req.version(),
      [&](db::Tx& tx, pb::Case& c) -> absl::Status {
        if (!repo_.ProcuratorateExists(tx, req.to_procuratorate_code())) {
          FieldErrors unknown;
          unknown.Add("to_procuratorate_code", "unknown procuratorate");
          return unknown.ToStatus();
        }
        if (c.status() != pb::CASE_STATUS_OPEN) {
          return absl::FailedPreconditionError("only open cases can be transferred");
        }
        c.set_status(pb::CASE_STATUS_TRANSFER_PENDING);
        c.set_transfer_to_procuratorate(req.to_procuratorate_code());
        c.set_transfer_reason(req.reason());
        Audit(tx, p, "case.transfer_offer", "case", c.case_id(), c.procuratorate_code(),
              req.request_id(), absl::StrCat("{\"to\":\"", req.to_procuratorate_code(), "\"}"));
        return absl::OkStatus();
      },
      false);
}

absl::StatusOr<pb::ListIncomingTransfersResponse> ReferralCore::ListIncomingTransfers(
    const Principal& p, const pb::ListIncomingTransfersRequest& req) {
  if (!p.HasAny({Role::kDepartmentHead, Role::kChief}) || p.kind != Principal::Kind::kUser) {
    return absl::PermissionDeniedError("only a department head may see incoming transfers");
  }
  CaseFilter f;
  f.transfer_to = p.procuratorate;
  ASSIGN_OR_RETURN(f.before_seq, DecodePageToken(req.page_token()));
  const int size = PageSize(req.page_size());
  f.limit = size + 1;
  std::vector<std::pair<int64_t, pb::Case>> rows;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool, [&](db::Tx& tx) -> absl::Status {
    rows = repo_.ListCases(tx, f);
    return absl::OkStatus();
  }));
  pb::ListIncomingTransfersResponse resp;
  resp.set_next_page_token(TakePage(rows, size, [&](pb::Case c) {
    c.clear_referral_ids();  // the origin's referrals stay with the origin
    c.clear_assigned_to();
    *resp.add_cases() = std::move(c);
  }));
  return resp;
}

absl::StatusOr<pb::Case> ReferralCore::AcceptTransfer(const Principal& p,
                                                      const pb::DecideTransferRequest& req) {
  if (!p.HasAny({Role::kDepartmentHead, Role::kChief})) {
    return absl::PermissionDeniedError("only a department head may accept transfers");
  }
  FieldErrors errors;
  CheckText(errors, "note", req.note(), 0, 1000);
  RETURN_IF_ERROR(errors.ToStatus());
  std::string new_case_id;
  auto origin = CaseChange(
      p, "AcceptTransfer", req, req.request_id(), req.case_id(), req.version(),
      [&](db::Tx& tx, pb::Case& c) -> absl::Status {
        if (auto existing = repo_.OpenCaseOf(tx, p.procuratorate, c.subject_person_id(), true)) {
          new_case_id = *existing;  // the person already has an open case here: join it
        } else {
          pb::Case n;
          n.set_case_id(d_.ids->NewTenantId("case", p.procuratorate));
          n.set_procuratorate_code(p.procuratorate);
          n.set_status(pb::CASE_STATUS_OPEN);
          n.set_subject_person_id(c.subject_person_id());
          n.set_kind(c.kind());
          *n.mutable_opened_at() = Ts(d_.clock->Now());
          n.set_transferred_from_case_id(c.case_id());
          n.set_version(1);
          repo_.InsertCase(tx, n);
          new_case_id = n.case_id();
          Audit(tx, p, "case.open", "case", new_case_id, p.procuratorate, req.request_id(),
                absl::StrCat("{\"transferred_from\":\"", c.case_id(), "\"}"));
          Emit(tx, "case.opened", new_case_id, p.procuratorate,
               absl::StrCat("{\"case_id\":\"", new_case_id, "\",\"kind\":", c.kind(),
                            ",\"subject_person_id\":\"", c.subject_person_id(), "\"}"));
        }
        c.set_status(pb::CASE_STATUS_TRANSFERRED);
        c.set_transferred_to_case_id(new_case_id);
        *c.mutable_closed_at() = Ts(d_.clock->Now());
        Audit(tx, p, "case.transfer_accept", "case", c.case_id(), c.procuratorate_code(),
              req.request_id(), absl::StrCat("{\"new_case\":\"", new_case_id, "\"}"));
        Emit(tx, "case.transferred", c.case_id(), c.procuratorate_code(),
             absl::StrCat("{\"case_id\":\"", c.case_id(), "\",\"new_case_id\":\"", new_case_id,
                          "\",\"to\":\"", p.procuratorate, "\"}"));
        return absl::OkStatus();
      },
      true);
  if (!origin.ok()) return origin.status();
  // Return the case now open in the caller's procuratorate (also on an idempotent replay).
  pb::GetCaseRequest get;
  get.set_case_id(origin->transferred_to_case_id());
  return GetCase(p, get);
}

absl::StatusOr<pb::Case> ReferralCore::RejectTransfer(const Principal& p,
                                                      const pb::DecideTransferRequest& req) {
  if (!p.HasAny({Role::kDepartmentHead, Role::kChief})) {
    return absl::PermissionDeniedError("only a department head may reject transfers");
  }
  FieldErrors errors;
  CheckText(errors, "note", req.note(), 1, 1000);
  RETURN_IF_ERROR(errors.ToStatus());
  auto origin = CaseChange(
      p, "RejectTransfer", req, req.request_id(), req.case_id(), req.version(),
      [&](db::Tx& tx, pb::Case& c) -> absl::Status {
        c.set_status(pb::CASE_STATUS_OPEN);
        c.clear_transfer_to_procuratorate();
        c.set_transfer_reason(absl::StrCat(c.transfer_reason(), "\n【退回 rejected】", req.note()));
        Audit(tx, p, "case.transfer_reject", "case", c.case_id(), c.procuratorate_code(),
              req.request_id());
        return absl::OkStatus();
      },
      true);
  if (!origin.ok()) return origin.status();
  // The origin case is no longer visible to the rejecting procuratorate: return only
  // what it already saw.
  pb::Case out;
  out.set_case_id(origin->case_id());
  out.set_status(origin->status());
  out.set_version(origin->version());
  return out;
}

// ------------------------------------------------------------------------------- people

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
    if (!row.has_value() || !repo_.PersonVisibleTo(tx, row->id, p.procuratorate)) {
      return NotFound("person");
    }
    const PersonRow& r = *row;
    out.set_person_id(r.id);
    out.set_sex(static_cast<cpb::Sex>(r.sex));
    if (!r.birth_date.empty()) {
      int y = 0, m = 0, dd = 0;
      if (std::sscanf(r.birth_date.c_str(), "%d-%d-%d", &y, &m, &dd) == 3) {
        out.mutable_birth_date()->set_year(y);
        out.mutable_birth_date()->set_month(m);
        out.mutable_birth_date()->set_day(dd);
        out.set_minor(
            AgeOn(absl::CivilDay(y, m, dd), absl::ToCivilDay(d_.clock->Now(), ChinaTime())) < 18);
      }
    }
    out.set_ethnicity(r.ethnicity);
    if (req.unmask()) {
      out.set_name(r.name);
      out.set_id_number(r.id_number);
      out.set_phone(r.phone);
      out.set_address(r.address);
      out.set_unmasked(true);
      Audit(tx, p, "person.read_unmasked", "person", r.id, p.procuratorate, "",
            absl::StrCat("{\"purpose\":", JsonString(req.purpose()), "}"));
    } else {
      out.set_name(MaskName(r.name));
      if (!r.id_number.empty()) out.set_id_number(MaskIdNumber(r.id_number));
      if (!r.phone.empty()) out.set_phone(MaskPhone(r.phone));
      if (!r.address.empty()) out.set_address(MaskAddress(r.address));
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
    auto rows = repo_.ListPendingCandidates(tx, p.procuratorate, before, size + 1);
    for (int i = 0; i < static_cast<int>(rows.size()) && i < size; ++i) {
      pb::DuplicateCandidate* c = resp.add_candidates();
      c->set_candidate_id(rows[i].id);
      c->set_referral_id(rows[i].referral_id);
      c->set_state("pending");
      for (auto [id, target] : {std::pair{rows[i].existing, c->mutable_existing()},
                                std::pair{rows[i].incoming, c->mutable_incoming()}}) {
        ASSIGN_OR_RETURN(auto row, repo_.GetPerson(tx, id));
        if (!row.has_value()) continue;
        target->set_person_id(row->id);
        target->set_name(MaskName(row->name));
        target->set_sex(static_cast<cpb::Sex>(row->sex));
        if (!row->id_number.empty()) target->set_id_number(MaskIdNumber(row->id_number));
      }
    }
    if (static_cast<int>(rows.size()) > size) {
      resp.set_next_page_token(EncodePageToken(rows[size - 1].seq));
    }
    return absl::OkStatus();
  }));
  return resp;
}

absl::StatusOr<pb::DuplicateCandidate> ReferralCore::ResolveDuplicate(
    const Principal& p, const pb::ResolveDuplicateRequest& req) {
  if (!IsCaseStaff(p)) return absl::PermissionDeniedError("your role does not give access");
  RETURN_IF_ERROR(CheckIdTenant(p, req.candidate_id()));
  return Mutate<pb::DuplicateCandidate>(
      p, "ResolveDuplicate", req, req.request_id(),
      [&](db::Tx& tx) -> absl::StatusOr<pb::DuplicateCandidate> {
        auto c = repo_.GetCandidate(tx, req.candidate_id(), true);
        if (!c.has_value()) return NotFound("duplicate candidate");
        if (c->state != 0) return absl::FailedPreconditionError("already resolved");
        if (req.same_person()) RETURN_IF_ERROR(repo_.MergePerson(tx, c->incoming, c->existing));
        repo_.ResolveCandidate(tx, c->id, req.same_person() ? 1 : 2, p.Name());
        Audit(tx, p, req.same_person() ? "person.merge" : "person.not_duplicate", "person",
              c->existing, c->procuratorate, req.request_id(),
              absl::StrCat("{\"incoming\":\"", c->incoming, "\"}"));
        pb::DuplicateCandidate out;
        out.set_candidate_id(c->id);
        out.set_referral_id(c->referral_id);
        out.set_state(req.same_person() ? "confirmed" : "rejected");
        out.mutable_existing()->set_person_id(c->existing);
        out.mutable_incoming()->set_person_id(c->incoming);
        return out;
      });
}

// ----------------------------------------------------------------------------- registry

absl::StatusOr<pb::Procuratorate> ReferralCore::UpsertProcuratorate(
    const Principal& p, const pb::UpsertProcuratorateRequest& req) {
  if (!p.Has(Role::kAdmin)) return absl::PermissionDeniedError("admin role required");
  FieldErrors errors;
  if (!SixDigits(req.procuratorate().procuratorate_code())) {
    errors.Add("procuratorate.procuratorate_code", "must be a 6-digit jurisdiction code");
  }
  CheckText(errors, "procuratorate.name", req.procuratorate().name(), 2, 128);
  RETURN_IF_ERROR(errors.ToStatus());
  return Mutate<pb::Procuratorate>(p, "UpsertProcuratorate", req, req.request_id(),
                                   [&](db::Tx& tx) -> absl::StatusOr<pb::Procuratorate> {
                                     repo_.UpsertProcuratorate(tx, req.procuratorate());
                                     Audit(tx, p, "procuratorate.upsert", "procuratorate",
                                           req.procuratorate().procuratorate_code(),
                                           req.procuratorate().procuratorate_code(),
                                           req.request_id());
                                     return req.procuratorate();
                                   });
}

absl::StatusOr<pb::Agency> ReferralCore::RegisterAgency(const Principal& p,
                                                        const pb::RegisterAgencyRequest& req) {
  if (!p.Has(Role::kAdmin)) return absl::PermissionDeniedError("admin role required");
  const pb::Agency& a = req.agency();
  FieldErrors errors;
  if (!ValidCode(a.agency_code(), 3, 32)) {
    errors.Add("agency.agency_code", "must be 3-32 characters of [A-Za-z0-9_-]");
  }
  CheckText(errors, "agency.name", a.name(), 2, 128);
  if (a.type() == pb::AGENCY_TYPE_UNSPECIFIED || !pb::AgencyType_IsValid(a.type())) {
    errors.Add("agency.type", "an agency type is required");
  }
  if (!SixDigits(a.jurisdiction_code())) {
    errors.Add("agency.jurisdiction_code", "must be a 6-digit code");
  }
  if (!SixDigits(a.procuratorate_code())) {
    errors.Add("agency.procuratorate_code", "must be a 6-digit code");
  }
  RETURN_IF_ERROR(errors.ToStatus());
  return Mutate<pb::Agency>(p, "RegisterAgency", req, req.request_id(),
                            [&](db::Tx& tx) -> absl::StatusOr<pb::Agency> {
                              if (!repo_.ProcuratorateExists(tx, a.procuratorate_code())) {
                                FieldErrors unknown;
                                unknown.Add("agency.procuratorate_code", "unknown procuratorate");
                                return unknown.ToStatus();
                              }
                              repo_.UpsertAgency(tx, a);
                              Audit(tx, p, "agency.register", "agency", a.agency_code(),
                                    a.procuratorate_code(), req.request_id());
                              return *repo_.GetAgency(tx, a.agency_code());
                            });
}

absl::StatusOr<pb::ListAgenciesResponse> ReferralCore::ListAgencies(
    const Principal& p, const pb::ListAgenciesRequest& req) {
  std::string scope;
  if (p.Has(Role::kAdmin)) {
    scope = req.procuratorate_code();
  } else if (IsCaseStaff(p)) {
    scope = p.procuratorate;
  } else {
    return absl::PermissionDeniedError("your role does not give access to the registry");
  }
  std::string after;
  if (!req.page_token().empty() && !absl::WebSafeBase64Unescape(req.page_token(), &after)) {
    FieldErrors errors;
    errors.Add("page_token", "is not a token returned by this service");
    return errors.ToStatus();
  }
  const int size = PageSize(req.page_size());
  pb::ListAgenciesResponse resp;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool, [&](db::Tx& tx) -> absl::Status {
    resp.Clear();
    auto rows = repo_.ListAgencies(tx, scope, after, size + 1);
    for (int i = 0; i < static_cast<int>(rows.size()) && i < size; ++i) {
      *resp.add_agencies() = rows[i];
    }
    if (static_cast<int>(rows.size()) > size) {
      resp.set_next_page_token(absl::WebSafeBase64Escape(rows[size - 1].agency_code()));
    }
    return absl::OkStatus();
  }));
  return resp;
}

absl::StatusOr<pb::Agency> ReferralCore::LookupAgency(const std::string& code) {
  std::optional<pb::Agency> a;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool, [&](db::Tx& tx) -> absl::Status {
    a = repo_.GetAgency(tx, code);
    return absl::OkStatus();
  }));
  if (!a.has_value()) return NotFound("agency");
  return *a;
}

}  // namespace shouhu::referral
