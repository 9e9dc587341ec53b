// VisitCore: amending a visit (the record before kept with who, when, why and which
// fields changed) and the history of a visit or a daily report.
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/base/dates.h"
#include "common/base/paging.h"
#include "common/base/status_macros.h"
#include "common/base/validate.h"
#include "common/server/tenant.h"
#include "visit/access_policy.h"
#include "visit/plan_ops.h"
#include "visit/visit_core.h"
#include "visit/visit_rules.h"

namespace shouhu::visit {

absl::StatusOr<pb::Visit> VisitCore::AmendVisit(const Principal& p,
                                                const pb::AmendVisitRequest& req) {
  FieldErrors e;
  CheckRequestId(e, req.request_id());
  if (req.visit_id().empty()) e.Add("visit_id", "required");
  CheckVersion(e, req.version());
  CheckAssessments(e, "", req.assessments());
  CheckNeeds(e, "added_needs", req.added_needs());
  CheckFreeText(e, "summary", req.summary(), 0, kMaxSummaryChars);
  CheckFreeText(e, "reason", req.reason(), 1, 500);
  RETURN_IF_ERROR(e.ToStatus());
  RETURN_IF_ERROR(CheckIdTenant(p, req.visit_id(), "visit_id"));
  // The case (its caseworker, for the needs added) is asked before the transaction.
  std::string case_id;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        ASSIGN_OR_RETURN(std::optional<VisitRow> row, repo_.Get(tx, req.visit_id(), false));
        if (row.has_value() && row->procuratorate == p.procuratorate) {
          case_id = row->visit.case_id();
        }
        return absl::OkStatus();
      },
      {.read_only = true}));
  if (case_id.empty()) return absl::NotFoundError(absl::StrCat("no visit ", req.visit_id()));
  ASSIGN_OR_RETURN(const referral::v1::Case c, CaseOf(p, case_id));
  return mutations_.Run<pb::Visit>(
      {.actor = p.Name(), .method = "AmendVisit", .request_id = req.request_id()}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::Visit> {
        ASSIGN_OR_RETURN(std::optional<VisitRow> row, repo_.Get(m.tx(), req.visit_id(), true));
        if (!row.has_value() || row->procuratorate != p.procuratorate) {
          return absl::NotFoundError(absl::StrCat("no visit ", req.visit_id()));
        }
        pb::Visit before = std::move(row->visit);
        RETURN_IF_ERROR(m.CheckVersion(before.version(), req.version()));
        const RecordFacts facts =
            RecorderFacts(row->procuratorate, before.recorded_by().principal());
        RETURN_IF_ERROR(Require(RecorderOrHead(), p, facts, "amend this visit"));
        const bool head = p.Has(Role::kDepartmentHead);
        const int window = AmendWindowDays(m.tx(), row->procuratorate);
        if (!head &&
            m.now() > absl::FromUnixMillis(row->created_at_ms) + absl::Hours(24) * window) {
          return absl::FailedPreconditionError(
              absl::StrCat("visit_id: the visit was recorded more than ", window,
                           " days ago (amend window); only a department head may amend it now"));
        }
        ASSIGN_OR_RETURN(std::vector<pb::Need> old_needs,
                         needs_.OfVisit(m.tx(), before.visit_id()));
        for (pb::Need& n : old_needs) *before.add_needs() = std::move(n);

        pb::Visit after = before;
        *after.mutable_assessments() = req.assessments();
        after.set_summary(req.summary());
        NeedOrigin origin{.procuratorate = row->procuratorate,
                          .case_id = before.case_id(),
                          .visit_id = before.visit_id(),
                          .person_id = before.subject_person_id(),
                          .assigned_to = c.assigned_to(),
                          .raised_by = ActorOf(p),
                          .found_on = ChinaDay(m.now()),
                          .department = row->department};
        for (const pb::Need& n : req.added_needs()) {
          ASSIGN_OR_RETURN(pb::Need stored, needs_.Add(m, origin, n));
          *after.add_needs() = std::move(stored);
        }
        const std::vector<std::string> changed = ChangedFields(before, after);
        if (changed.empty()) {
          FieldErrors none;
          none.Add("reason",
                   "the amendment changes nothing (assessments, summary and needs as "
                   "recorded)");
          return none.ToStatus();
        }
        pb::Amendment a;
        a.set_record_id(before.visit_id());
        *a.mutable_amended_by() = ActorOf(p);
        *a.mutable_amended_at() = ToTimestamp(m.now());
        a.set_reason(req.reason());
        for (const std::string& f : changed) a.add_changed_fields(f);
        *a.mutable_visit_before() = before;
        RETURN_IF_ERROR(amendments_.Append(m.tx(), row->procuratorate, a).status());
        RETURN_IF_ERROR(repo_.Update(m.tx(), after, req.version(), absl::ToUnixMillis(m.now())));
        RETURN_IF_ERROR(AlertSerious(m, after, &before, row->procuratorate, c.assigned_to()));
        RETURN_IF_ERROR(m.Audit("visit.amend", "visit", after.visit_id(), row->procuratorate,
                                absl::StrCat("{\"changed\":\"", absl::StrJoin(changed, ","),
                                             "\",\"by_head\":", head ? "true" : "false", "}")));
        after.set_version(req.version() + 1);
        after.set_amendments(before.amendments() + 1);
        return after;
      });
}

absl::StatusOr<pb::ListAmendmentsResponse> VisitCore::ListAmendments(
    const Principal& p, const pb::ListAmendmentsRequest& req) {
  FieldErrors e;
  const bool visit = absl::StartsWith(req.record_id(), "visit-");
  const bool report = absl::StartsWith(req.record_id(), "vrep-");
  if (req.record_id().empty()) {
    e.Add("record_id", "required");
  } else if (!visit && !report) {
    e.Add("record_id", "a visit (visit-...) or daily report (vrep-...) id");
  }
  if (req.page_size() < 0) e.Add("page_size", "must not be negative");
  absl::StatusOr<int64_t> after = DecodePageToken(req.page_token());
  if (!after.ok()) e.Add("page_token", "not a token of this list");
  RETURN_IF_ERROR(e.ToStatus());
  RETURN_IF_ERROR(CheckIdTenant(p, req.record_id(), "record_id"));
  const int size = PageSize(req.page_size());
  pb::ListAmendmentsResponse out;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        out.Clear();
        std::optional<std::string> tenant;
        if (visit) {
          ASSIGN_OR_RETURN(std::optional<VisitRow> row, repo_.Get(tx, req.record_id(), false));
          if (row.has_value()) tenant = row->procuratorate;
        } else {
          ASSIGN_OR_RETURN(tenant, repo_.ReportTenant(tx, req.record_id()));
        }
        if (!tenant.has_value() || *tenant != p.procuratorate) {
          return absl::NotFoundError(absl::StrCat("no record ", req.record_id()));
        }
        ASSIGN_OR_RETURN(std::vector<pb::Amendment> rows,
                         amendments_.List(tx, req.record_id(), static_cast<int>(*after), size + 1));
        std::vector<std::pair<int64_t, pb::Amendment>> page;
        for (pb::Amendment& a : rows) page.emplace_back(a.sequence(), std::move(a));
        out.set_next_page_token(
            TakePage(page, size, [&](pb::Amendment a) { *out.add_amendments() = std::move(a); }));
        return absl::OkStatus();
      },
      {.read_only = true}));
  return out;
}

}  // namespace shouhu::visit
