// OrderCore: guidance sessions and compliance checks, by caseworkers and by the guidance
// agencies the order names (an agency records only on its own arrangement, and reads only
// its own records), and the per-order summary of what was checked and found.
#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/paging.h"
#include "common/base/status_macros.h"
#include "common/base/validate.h"
#include "common/server/tenant.h"
#include "guardianship/access_policy.h"
#include "guardianship/ids.h"
#include "guardianship/order_domain.h"
#include "guardianship/order_ops.h"

namespace shouhu::guardianship {
namespace {

bool IsAgency(const Principal& p) { return p.kind == Principal::Kind::kAgency; }

void CheckDay(FieldErrors& e, const std::string& field, const cpb::Date& d, absl::CivilDay today) {
  if (!IsValidDate(d)) {
    e.Add(field, "a real date");
  } else if (ToCivilDay(d) > today) {
    e.Add(field, "must not be in the future");
  }
}

}  // namespace

absl::StatusOr<pb::GuidanceSession> OrderCore::RecordGuidanceSession(
    const Principal& p, const pb::RecordGuidanceSessionRequest& req) {
  FieldErrors e;
  CheckRequestId(e, req.request_id());
  if (req.order_id().empty()) e.Add("order_id", "required");
  if (req.arrangement_index() < 0) e.Add("arrangement_index", "an index into the guidance");
  CheckDay(e, "held_on", req.held_on(), Today());
  if (req.minutes() < 0 || req.minutes() > 600) e.Add("minutes", "must be 0-600");
  if (!req.topic().empty()) CheckText(e, "topic", req.topic(), 1, 200);
  RETURN_IF_ERROR(e.ToStatus());
  RETURN_IF_ERROR(CheckIdTenant(p, req.order_id(), "order_id"));
  return mutations_.Run<pb::GuidanceSession>(
      {.actor = p.Name(), .method = "RecordGuidanceSession", .request_id = req.request_id()}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::GuidanceSession> {
        ASSIGN_OR_RETURN(std::optional<pb::Order> row, repo_.Get(m.tx(), req.order_id(), true));
        if (!row.has_value()) return NoOrder(p, req.order_id(), "record sessions");
        pb::Order o = *std::move(row);
        const int64_t version = o.version();
        if (IsAgency(p)) {
          RETURN_IF_ERROR(Require(NamedGuidanceAgency(), p, FactsOf(o, p.id), "record sessions"));
          if (ArrangementOf(o, p.id) != req.arrangement_index()) {
            return absl::PermissionDeniedError("an agency records only on its own arrangement");
          }
        }
        if (req.arrangement_index() >= o.guidance_size()) {
          FieldErrors fe;
          fe.Add("arrangement_index", "the order has no such guidance arrangement");
          return fe.ToStatus();
        }
        RETURN_IF_ERROR(NextOrderStatus(o.status(), OrderMove::kSupervise).status());
        pb::GuidanceArrangement* g = o.mutable_guidance(req.arrangement_index());
        if (req.attended()) {
          g->set_attended_sessions(g->attended_sessions() + 1);
        } else {
          g->set_missed_sessions(g->missed_sessions() + 1);
        }
        pb::GuidanceSession s;
        s.set_session_id(NewGuardId(*d_.ids, GuardIdKind::kSession, o.procuratorate_code()));
        s.set_order_id(o.order_id());
        s.set_arrangement_index(req.arrangement_index());
        *s.mutable_held_on() = req.held_on();
        s.set_attended(req.attended());
        s.set_minutes(req.minutes());
        s.set_topic(req.topic());
        *s.mutable_recorded_by() = ActorOf(p);
        const int64_t now_ms = absl::ToUnixMillis(m.now());
        RETURN_IF_ERROR(repo_.Update(m.tx(), o, version, now_ms));
        RETURN_IF_ERROR(
            repo_.InsertSession(m.tx(), o.procuratorate_code(), s, g->agency_code(), now_ms));
        RETURN_IF_ERROR(m.Audit("guardianship.order.session", "guard_order", o.order_id(),
                                o.procuratorate_code()));
        return s;
      });
}

absl::StatusOr<pb::ComplianceCheck> OrderCore::RecordComplianceCheck(
    const Principal& p, const pb::RecordComplianceCheckRequest& req) {
  const pb::ComplianceCheck& c = req.check();
  FieldErrors e;
  CheckRequestId(e, req.request_id());
  if (c.order_id().empty()) e.Add("check.order_id", "required");
  CheckDay(e, "check.checked_on", c.checked_on(), Today());
  if (c.method() == pb::CHECK_METHOD_UNSPECIFIED || !pb::CheckMethod_IsValid(c.method())) {
    e.Add("check.method", "a check method");
  }
  if (!c.notes().empty()) CheckText(e, "check.notes", c.notes(), 1, 2000);
  if (!c.visit_id().empty() && !IsValidCode(c.visit_id(), 1, 48)) {
    e.Add("check.visit_id", "a visit id");
  }
  if (!IsAgency(p) && !c.source_agency_code().empty() &&
      !IsValidCode(c.source_agency_code(), 3, 32)) {
    e.Add("check.source_agency_code", "an agency code");
  }
  for (const auto& [seq, progress] : c.action_progress()) {
    if (progress == pb::PROGRESS_UNSPECIFIED || !pb::Progress_IsValid(progress)) {
      e.Add(absl::StrCat("check.action_progress[", seq, "]"), "a progress value");
    }
  }
  RETURN_IF_ERROR(e.ToStatus());
  RETURN_IF_ERROR(CheckIdTenant(p, c.order_id(), "check.order_id"));
  return mutations_.Run<pb::ComplianceCheck>(
      {.actor = p.Name(), .method = "RecordComplianceCheck", .request_id = req.request_id()}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::ComplianceCheck> {
        ASSIGN_OR_RETURN(std::optional<pb::Order> row, repo_.Get(m.tx(), c.order_id(), true));
        if (!row.has_value()) return NoOrder(p, c.order_id(), "give feedback");
        pb::Order o = *std::move(row);
        const int64_t version = o.version();
        if (IsAgency(p)) {
          RETURN_IF_ERROR(Require(NamedGuidanceAgency(), p, FactsOf(o, p.id), "give feedback"));
        }
        RETURN_IF_ERROR(NextOrderStatus(o.status(), OrderMove::kSupervise).status());
        FieldErrors fe;
        for (const auto& [seq, progress] : c.action_progress()) {
          if (seq < 1 || seq > o.actions_size()) {
            fe.Add(absl::StrCat("check.action_progress[", seq, "]"), "no such corrective action");
          }
        }
        RETURN_IF_ERROR(fe.ToStatus());
        pb::ComplianceCheck out = c;
        out.set_check_id(
            NewGuardId(*d_.ids, GuardIdKind::kComplianceCheck, o.procuratorate_code()));
        if (IsAgency(p)) out.set_source_agency_code(p.id);
        *out.mutable_recorded_by() = ActorOf(p);
        for (const auto& [seq, progress] : c.action_progress()) {
          o.mutable_actions(seq - 1)->set_progress(progress);
        }
        const int64_t now_ms = absl::ToUnixMillis(m.now());
        RETURN_IF_ERROR(repo_.Update(m.tx(), o, version, now_ms));
        RETURN_IF_ERROR(repo_.InsertCheck(m.tx(), o.procuratorate_code(), out, now_ms));
        RETURN_IF_ERROR(m.Audit("guardianship.order.check", "guard_order", o.order_id(),
                                o.procuratorate_code()));
        return out;
      });
}

// The records of one order, newest first, a page at a time: caseworker roles see all of
// them, a named guidance agency only its own. `list` reads rows (limit size + 1) and `add`
// puts one into the response.
template <typename Resp, typename ListFn, typename AddFn>
absl::StatusOr<Resp> OrderCore::ListOfOrder(const Principal& p, const std::string& order_id,
                                            int32_t page_size, const std::string& page_token,
                                            const char* what, ListFn list, AddFn add) {
  FieldErrors e;
  if (order_id.empty()) e.Add("order_id", "required");
  if (page_size < 0) e.Add("page_size", "must not be negative");
  absl::StatusOr<int64_t> before = DecodePageToken(page_token);
  if (!before.ok()) e.Add("page_token", "not a token of this list");
  RETURN_IF_ERROR(e.ToStatus());
  RETURN_IF_ERROR(CheckIdTenant(p, order_id, "order_id"));
  const int size = PageSize(page_size);
  Resp resp;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        resp.Clear();
        ASSIGN_OR_RETURN(std::optional<pb::Order> o, repo_.Get(tx, order_id, false));
        if (!o.has_value()) return NoOrder(p, order_id, what);
        const std::string agency = IsAgency(p) ? p.id : "";
        if (IsAgency(p)) {
          RETURN_IF_ERROR(Require(NamedGuidanceAgency(), p, FactsOf(*o, p.id), what));
        }
        ASSIGN_OR_RETURN(auto rows, list(tx, agency, *before, size + 1));
        resp.set_next_page_token(TakePage(rows, size, [&](auto&& r) { add(resp, std::move(r)); }));
        return absl::OkStatus();
      },
      {.read_only = true}));
  return resp;
}

absl::StatusOr<pb::ListGuidanceSessionsResponse> OrderCore::ListGuidanceSessions(
    const Principal& p, const pb::ListGuidanceSessionsRequest& req) {
  return ListOfOrder<pb::ListGuidanceSessionsResponse>(
      p, req.order_id(), req.page_size(), req.page_token(), "read sessions",
      [&](db::Tx& tx, const std::string& agency, int64_t before, int limit) {
        return repo_.ListSessions(tx, req.order_id(), agency, before, limit);
      },
      [](pb::ListGuidanceSessionsResponse& r, pb::GuidanceSession&& s) {
        *r.add_sessions() = std::move(s);
      });
}

absl::StatusOr<pb::ListComplianceChecksResponse> OrderCore::ListComplianceChecks(
    const Principal& p, const pb::ListComplianceChecksRequest& req) {
  return ListOfOrder<pb::ListComplianceChecksResponse>(
      p, req.order_id(), req.page_size(), req.page_token(), "read checks",
      [&](db::Tx& tx, const std::string& agency, int64_t before, int limit) {
        return repo_.ListChecks(tx, req.order_id(), agency, before, limit);
      },
      [](pb::ListComplianceChecksResponse& r, pb::ComplianceCheck&& c) {
        *r.add_checks() = std::move(c);
      });
}

absl::StatusOr<pb::SupervisionSummary> OrderCore::GetSupervisionSummary(
    const Principal& p, const pb::GetSupervisionSummaryRequest& req) {
  if (req.order_id().empty()) {
    FieldErrors e;
    e.Add("order_id", "required");
    return e.ToStatus();
  }
  RETURN_IF_ERROR(CheckIdTenant(p, req.order_id(), "order_id"));
  pb::SupervisionSummary out;
  const absl::CivilDay today = Today();
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        out.Clear();
        ASSIGN_OR_RETURN(std::optional<pb::Order> o, repo_.Get(tx, req.order_id(), false));
        if (!o.has_value()) return absl::NotFoundError(absl::StrCat("no order ", req.order_id()));
        ASSIGN_OR_RETURN(SupervisionCounts n, repo_.CountChecks(tx, req.order_id()));
        out.set_order_id(o->order_id());
        out.set_checks(n.checks);
        out.set_agency_feedbacks(n.agency_feedbacks);
        out.set_concerns_found(n.concerns);
        if (n.last_checked_on.has_value()) {
          *out.mutable_last_checked_on() = FromCivilDay(*n.last_checked_on);
        }
        for (const pb::GuidanceArrangement& g : o->guidance()) {
          out.set_sessions_planned(out.sessions_planned() + g.planned_sessions());
          out.set_sessions_attended(out.sessions_attended() + g.attended_sessions());
          out.set_sessions_missed(out.sessions_missed() + g.missed_sessions());
        }
        *out.mutable_actions() = o->actions();
        out.set_evaluation_overdue(EvaluationOverdue(*o, today));
        if (o->status() == pb::ORDER_STATUS_UNDER_SUPERVISION && o->has_compliance_ends_on()) {
          out.set_days_to_evaluation_due(
              static_cast<int32_t>(ToCivilDay(o->compliance_ends_on()) - today));
        }
        return absl::OkStatus();
      },
      {.read_only = true}));
  return out;
}

}  // namespace shouhu::guardianship
