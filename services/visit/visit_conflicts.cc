// VisitCore: conflicts of offline uploads, listed and resolved by the uploader or a
// department head: RECORD_UNSCHEDULED records the visit without its slot, DISCARD drops
// the item, APPLY records it against the plan as it is now (its slot if that is still
// possible) or, for a daily report, replaces the current report.
#include "absl/strings/str_cat.h"
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

absl::StatusOr<pb::ListConflictsResponse> VisitCore::ListConflicts(
    const Principal& p, const pb::ListConflictsRequest& req) {
  FieldErrors e;
  if (req.page_size() < 0) e.Add("page_size", "must not be negative");
  absl::StatusOr<int64_t> before = DecodePageToken(req.page_token());
  if (!before.ok()) e.Add("page_token", "not a token of this list");
  RETURN_IF_ERROR(e.ToStatus());
  if (!req.case_id().empty()) RETURN_IF_ERROR(CheckIdTenant(p, req.case_id(), "case_id"));
  const int size = PageSize(req.page_size());
  ConflictFilter f{.procuratorate = p.procuratorate,
                   .case_id = req.case_id(),
                   .unresolved_only = req.unresolved_only(),
                   .before_seq = *before,
                   .limit = size + 1};
  pb::ListConflictsResponse out;
  RETURN_IF_ERROR(db::RunInTransaction(
      *d_.pool,
      [&](db::Tx& tx) -> absl::Status {
        out.Clear();
        ASSIGN_OR_RETURN(std::vector<ConflictRow> rows, repo_.Conflicts(tx, f));
        std::vector<std::pair<int64_t, pb::VisitConflict>> page;
        for (ConflictRow& r : rows) page.emplace_back(r.seq, std::move(r.conflict));
        out.set_next_page_token(TakePage(
            page, size, [&](pb::VisitConflict c) { *out.add_conflicts() = std::move(c); }));
        return absl::OkStatus();
      },
      {.read_only = true}));
  return out;
}

absl::StatusOr<pb::VisitConflict> VisitCore::ResolveConflict(
    const Principal& p, const pb::ResolveConflictRequest& req) {
  FieldErrors e;
  CheckRequestId(e, req.request_id());
  if (req.conflict_id().empty()) e.Add("conflict_id", "required");
  CheckVersion(e, req.version());
  if (req.resolution() == pb::CONFLICT_RESOLUTION_UNSPECIFIED ||
      !pb::ConflictResolution_IsValid(req.resolution())) {
    e.Add("resolution", "required: RECORD_UNSCHEDULED, DISCARD or APPLY");
  }
  CheckFreeText(e, "note", req.note(), 0, 500);
  RETURN_IF_ERROR(e.ToStatus());
  RETURN_IF_ERROR(CheckIdTenant(p, req.conflict_id(), "conflict_id"));
  // The case of a visit is read from the case hub before the transaction.
  std::optional<ConflictRow> peek;
  RETURN_IF_ERROR(db::RunInTransaction(*d_.pool,
                                       [&](db::Tx& tx) -> absl::Status {
                                         ASSIGN_OR_RETURN(
                                             peek, repo_.GetConflict(tx, req.conflict_id(), false));
                                         return absl::OkStatus();
                                       },
                                       {.read_only = true}));
  if (!peek.has_value() || peek->procuratorate != p.procuratorate) {
    return absl::NotFoundError(absl::StrCat("no conflict ", req.conflict_id()));
  }
  const bool is_visit = peek->conflict.item().has_visit();
  std::optional<referral::v1::Case> c;
  if (is_visit && req.resolution() != pb::CONFLICT_RESOLUTION_DISCARD) {
    ASSIGN_OR_RETURN(c, CaseOf(p, peek->conflict.case_id()));
  }
  if (!is_visit && req.resolution() == pb::CONFLICT_RESOLUTION_RECORD_UNSCHEDULED) {
    FieldErrors re;
    re.Add("resolution", "a daily report is applied (APPLY) or discarded (DISCARD)");
    return re.ToStatus();
  }
  return mutations_.Run<pb::VisitConflict>(
      {.actor = p.Name(), .method = "ResolveConflict", .request_id = req.request_id()}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::VisitConflict> {
        ASSIGN_OR_RETURN(std::optional<ConflictRow> row,
                         repo_.GetConflict(m.tx(), req.conflict_id(), true));
        if (!row.has_value())
          return absl::NotFoundError(absl::StrCat("no conflict ", req.conflict_id()));
        pb::VisitConflict conflict = std::move(row->conflict);
        RETURN_IF_ERROR(
            Require(RecorderOrHead(), p,
                    RecorderFacts(row->procuratorate, conflict.uploaded_by().principal()),
                    "resolve this conflict"));
        RETURN_IF_ERROR(m.CheckVersion(conflict.version(), req.version()));
        if (conflict.resolved()) {
          return absl::FailedPreconditionError("conflict_id: the conflict is already resolved");
        }
        const pb::BatchItem& item = conflict.item();
        std::string record_id;
        if (req.resolution() != pb::CONFLICT_RESOLUTION_DISCARD && is_visit) {
          pb::RecordVisitRequest v = item.visit();
          std::optional<pb::VisitPlan> plan;
          if (req.resolution() == pb::CONFLICT_RESOLUTION_APPLY && !v.plan_id().empty()) {
            ASSIGN_OR_RETURN(plan, plans_.Get(m.tx(), v.plan_id(), true));
            if (!plan.has_value()) {
              return absl::FailedPreconditionError(
                  "plan_id: the plan no longer exists; "
                  "record the visit unscheduled");
            }
            if (std::optional<std::string> why =
                    SlotRefusal(*plan, v.case_id(), v.slot_sequence(), ToCivilDay(v.visited_on()),
                                ChinaDay(m.now()), true)) {
              return absl::FailedPreconditionError(
                  absl::StrCat(*why, " (RECORD_UNSCHEDULED keeps the visit without the slot)"));
            }
          } else {
            v.clear_plan_id();
            v.set_slot_sequence(0);
          }
          // The visit is the uploader's capture: recorded by them, resolved by the caller.
          ASSIGN_OR_RETURN(pb::Visit stored,
                           Store(m, conflict.uploaded_by(), v, *c, item.client_id(), plan,
                                 row->uploader_department));
          record_id = stored.visit_id();
        } else if (req.resolution() == pb::CONFLICT_RESOLUTION_APPLY) {
          if (reports_ == nullptr) {
            return absl::FailedPreconditionError("daily reports are not accepted here");
          }
          ASSIGN_OR_RETURN(OfflineResult o,
                           reports_->ApplyOfflineReport(m, p, item.report(), item.client_id(),
                                                        "item.report", true));
          if (o.outcome != pb::BATCH_OUTCOME_CREATED) {
            FieldErrors re;
            for (const cpb::FieldViolation& v : o.violations) re.Add(v.field(), v.description());
            if (re.empty()) return absl::FailedPreconditionError(o.message);
            return re.ToStatus();
          }
          record_id = o.record_id;
        }
        conflict.set_resolved(true);
        conflict.set_resolution(req.resolution());
        conflict.set_record_id(record_id);
        *conflict.mutable_resolved_by() = ActorOf(p);
        RETURN_IF_ERROR(
            repo_.Resolve(m.tx(), conflict, req.version(), absl::ToUnixMillis(m.now())));
        if (!record_id.empty()) {
          RETURN_IF_ERROR(repo_.SetItemRecord(m.tx(), conflict.uploaded_by().principal(),
                                              conflict.client_id(), record_id));
        }
        RETURN_IF_ERROR(m.Audit("visit.conflict.resolve", "visit_conflict", conflict.conflict_id(),
                                row->procuratorate,
                                absl::StrCat("{\"resolution\":", req.resolution(), ",\"record\":\"",
                                             record_id, "\"}")));
        conflict.set_version(req.version() + 1);
        return conflict;
      });
}

}  // namespace shouhu::visit
