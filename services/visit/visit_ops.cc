// VisitCore: recording a visit (and the slot it completes), reading and listing visits,
// and what every visit operation shares.
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/base/dates.h"
#include "common/base/paging.h"
#include "common/base/status_macros.h"
#include "common/base/validate.h"
#include "common/server/tenant.h"
#include "shouhu/visit/v1/events.pb.h"
#include "visit/access_policy.h"
#include "visit/deadline_changes.h"
#include "visit/ids.h"
#include "visit/plan_ops.h"
#include "visit/policy.h"
#include "visit/visit_core.h"
#include "visit/visit_rules.h"
#include "visit/visit_stats.h"

namespace shouhu::visit {

RecordFacts RecorderFacts(const std::string& procuratorate, const std::string& principal_name) {
  RecordFacts r;
  r.procuratorate = procuratorate;
  if (absl::StartsWith(principal_name, "user:")) r.assigned_to = principal_name.substr(5);
  return r;
}

VisitCore::VisitCore(const VisitDeps& deps, OfflineReports* reports)
    : d_(deps),
      reports_(reports),
      mutations_(deps.Mutations()),
      repo_(deps.cipher),
      plans_(deps.cipher),
      needs_(deps.cipher, deps.ids),
      amendments_(deps.cipher) {}

absl::CivilDay VisitCore::Today() const { return ChinaDay(d_.clock->Now()); }

int VisitCore::AmendWindowDays(db::Tx& tx, const std::string& procuratorate) {
  absl::StatusOr<std::optional<pb::VisitPolicy>> stored = plans_.Policy(tx, procuratorate, false);
  if (stored.ok() && stored->has_value()) return (*stored)->amend_window_days();
  return DefaultVisitPolicy(procuratorate).amend_window_days();
}

absl::StatusOr<referral::v1::Case> VisitCore::CaseOf(const Principal& p,
                                                     const std::string& case_id) const {
  ASSIGN_OR_RETURN(referral::v1::Case c, d_.cases->GetCase(case_id));
  if (c.procuratorate_code() != p.procuratorate) {
    return absl::PermissionDeniedError("case_id: the case belongs to another procuratorate");
  }
  return c;
}

absl::Status VisitCore::AlertSerious(db::Mutation& m, const pb::Visit& v, const pb::Visit* before,
                                     const std::string& procuratorate,
                                     const std::string& assigned_to) {
  pb::SeriousConcern ev;
  for (const pb::Assessment& a : v.assessments()) {
    if (a.rating() != pb::RATING_SERIOUS) continue;
    bool was = false;
    if (before != nullptr) {
      for (const pb::Assessment& b : before->assessments()) {
        was = was || (b.dimension() == a.dimension() && b.rating() == pb::RATING_SERIOUS);
      }
    }
    if (!was) ev.add_dimensions(a.dimension());
  }
  if (ev.dimensions().empty()) return absl::OkStatus();
  ev.set_visit_id(v.visit_id());
  ev.set_case_id(v.case_id());
  ev.set_procuratorate_code(procuratorate);
  ev.set_assigned_to(assigned_to);
  ev.set_plan_id(v.plan_id());
  RETURN_IF_ERROR(m.Emit(kTopicSeriousConcern, v.visit_id(), procuratorate, ev));
  return m.Audit("visit.serious_concern", "visit", v.visit_id(), procuratorate,
                 absl::StrCat("{\"assigned_to\":\"", assigned_to,
                              "\",\"dimensions\":", ev.dimensions_size(), "}"));
}

absl::StatusOr<pb::Visit> VisitCore::Store(db::Mutation& m, const cpb::Actor& recorder,
                                           const pb::RecordVisitRequest& req,
                                           const referral::v1::Case& c,
                                           const std::string& client_id,
                                           const std::optional<pb::VisitPlan>& plan,
                                           const std::string& department) {
  const std::string& procuratorate = c.procuratorate_code();
  pb::Visit v;
  v.set_visit_id(NewVisitId(*d_.ids, VisitIdKind::kVisit, procuratorate));
  v.set_case_id(req.case_id());
  if (plan.has_value()) {
    v.set_plan_id(plan->plan_id());
    v.set_slot_sequence(req.slot_sequence());
  }
  v.set_kind(req.kind());
  *v.mutable_visited_on() = req.visited_on();
  v.set_subject_person_id(req.subject_person_id().empty() ? c.subject_person_id()
                                                          : req.subject_person_id());
  *v.mutable_visitor_ids() = req.visitor_ids();
  if (v.visitor_ids().empty()) {
    v.add_visitor_ids(RecorderFacts(procuratorate, recorder.principal()).assigned_to);
  }
  *v.mutable_agency_codes() = req.agency_codes();
  *v.mutable_assessments() = req.assessments();
  v.set_summary(req.summary());
  *v.mutable_recorded_by() = recorder;
  *v.mutable_recorded_at() = ToTimestamp(m.now());
  v.set_version(1);
  v.set_client_id(client_id);
  const int64_t now_ms = absl::ToUnixMillis(m.now());
  absl::Status inserted = repo_.Insert(m.tx(), procuratorate, v, now_ms, department);
  if (absl::IsAlreadyExists(inserted)) {
    return absl::AlreadyExistsError("client_id: this capture was recorded before");
  }
  RETURN_IF_ERROR(inserted);
  if (plan.has_value()) {
    RETURN_IF_ERROR(repo_.CompleteSlot(m.tx(), plan->plan_id(), req.slot_sequence(), v.visit_id(),
                                       ToCivilDay(req.visited_on()), plan->version(), now_ms));
    pb::VisitPlan completed = *plan;
    completed.set_version(plan->version() + 1);
    for (pb::VisitSlot& s : *completed.mutable_slots()) {
      if (s.sequence() == req.slot_sequence()) s.set_state(pb::SLOT_STATE_DONE);
    }
    RETURN_IF_ERROR(PublishSlotDeadlines(m.tx(), *d_.ids, m.now(), &*plan, &completed,
                                         ToCivilDay(req.visited_on())));
  }
  const std::string assigned_to =
      plan.has_value() && !plan->assigned_to().empty() ? plan->assigned_to() : c.assigned_to();
  NeedOrigin origin{.procuratorate = procuratorate,
                    .case_id = v.case_id(),
                    .visit_id = v.visit_id(),
                    .person_id = v.subject_person_id(),
                    .assigned_to = assigned_to,
                    .raised_by = recorder,
                    .found_on = ToCivilDay(req.visited_on()),
                    .department = department};
  for (const pb::Need& n : req.needs()) {
    ASSIGN_OR_RETURN(pb::Need stored, needs_.Add(m, origin, n));
    *v.add_needs() = std::move(stored);
  }
  RETURN_IF_ERROR(AlertSerious(m, v, nullptr, procuratorate, assigned_to));
  RETURN_IF_ERROR(m.Audit("visit.record", "visit", v.visit_id(), procuratorate,
                          absl::StrCat("{\"plan\":\"", v.plan_id(), "\",\"slot\":",
                                       v.slot_sequence(), ",\"needs\":", v.needs_size(), "}")));
  return v;
}

absl::StatusOr<pb::Visit> VisitCore::RecordVisit(const Principal& p,
                                                 const pb::RecordVisitRequest& req) {
  FieldErrors e;
  CheckRequestId(e, req.request_id());
  CheckVisit(e, "", req, Today());
  if (req.base_plan_version() != 0) {
    e.Add("base_plan_version", "only for offline items (UploadBatch)");
  }
  RETURN_IF_ERROR(e.ToStatus());
  RETURN_IF_ERROR(CheckIdTenant(p, req.case_id(), "case_id"));
  if (!req.plan_id().empty()) RETURN_IF_ERROR(CheckIdTenant(p, req.plan_id(), "plan_id"));
  ASSIGN_OR_RETURN(referral::v1::Case c, CaseOf(p, req.case_id()));
  return mutations_.Run<pb::Visit>(
      {.actor = p.Name(), .method = "RecordVisit", .request_id = req.request_id()}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::Visit> {
        std::optional<pb::VisitPlan> plan;
        if (!req.plan_id().empty()) {
          ASSIGN_OR_RETURN(plan, plans_.Get(m.tx(), req.plan_id(), true));
          if (!plan.has_value())
            return absl::NotFoundError(absl::StrCat("no plan ", req.plan_id()));
          if (std::optional<std::string> why =
                  SlotRefusal(*plan, req.case_id(), req.slot_sequence(),
                              ToCivilDay(req.visited_on()), ChinaDay(m.now()), false)) {
            return absl::FailedPreconditionError(*why);
          }
        }
        return Store(m, ActorOf(p), req, c, "", plan, p.department);
      });
}

absl::StatusOr<pb::Visit> VisitCore::GetVisit(const Principal& p, const pb::GetVisitRequest& req) {
  if (req.visit_id().empty()) {
    FieldErrors e;
    e.Add("visit_id", "required");
    return e.ToStatus();
  }
  RETURN_IF_ERROR(CheckIdTenant(p, req.visit_id(), "visit_id"));
  pb::Visit out;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        ASSIGN_OR_RETURN(std::optional<VisitRow> row, repo_.Get(tx, req.visit_id(), false));
        if (!row.has_value() || row->procuratorate != p.procuratorate) {
          return absl::NotFoundError(absl::StrCat("no visit ", req.visit_id()));
        }
        out = std::move(row->visit);
        ASSIGN_OR_RETURN(std::vector<pb::Need> needs, needs_.OfVisit(tx, out.visit_id()));
        for (pb::Need& n : needs) *out.add_needs() = std::move(n);
        return absl::OkStatus();
      },
      {.read_only = true}));
  return out;
}

absl::StatusOr<pb::ListVisitsResponse> VisitCore::ListVisits(const Principal& p,
                                                             const pb::ListVisitsRequest& req) {
  FieldErrors e;
  if (req.case_id().empty()) e.Add("case_id", "required");
  if (req.page_size() < 0) e.Add("page_size", "must not be negative");
  absl::StatusOr<int64_t> before = DecodePageToken(req.page_token());
  if (!before.ok()) e.Add("page_token", "not a token of this list");
  RETURN_IF_ERROR(e.ToStatus());
  RETURN_IF_ERROR(CheckIdTenant(p, req.case_id(), "case_id"));
  const int size = PageSize(req.page_size());
  pb::ListVisitsResponse out;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        out.Clear();
        ASSIGN_OR_RETURN(std::vector<VisitRow> rows,
                         repo_.OfCase(tx, req.case_id(), *before, size + 1));
        std::vector<std::pair<int64_t, pb::Visit>> page;
        for (VisitRow& r : rows) page.emplace_back(r.seq, std::move(r.visit));
        out.set_next_page_token(
            TakePage(page, size, [&](pb::Visit v) { *out.add_visits() = std::move(v); }));
        for (pb::Visit& v : *out.mutable_visits()) {
          ASSIGN_OR_RETURN(std::vector<pb::Need> needs, needs_.OfVisit(tx, v.visit_id()));
          for (pb::Need& n : needs) *v.add_needs() = std::move(n);
        }
        return absl::OkStatus();
      },
      {.read_only = true}));
  return out;
}

absl::StatusOr<pb::GetVisitStatisticsResponse> VisitCore::GetVisitStatistics(
    const Principal& p, const pb::GetVisitStatisticsRequest& req) {
  return VisitStatistics(d_, p, req);
}

}  // namespace shouhu::visit
