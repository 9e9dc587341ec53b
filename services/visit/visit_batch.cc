// VisitCore: offline batches (UploadBatch). The whole request is one mutation (idempotent
// by request id); each item runs under its own savepoint, so an item that is refused is
// rolled back alone. Per item, by (uploader, client id): uploaded before with the same
// payload -> REPLAYED with the stored result (nothing changes); with another payload ->
// REJECTED; otherwise the visit or daily report is checked like an online one (REJECTED
// naming "items[i]...."), a planned visit meets the plan as it is now (CONFLICT, stored
// for a person to resolve, never last-write-wins), or is CREATED. REJECTED items leave
// nothing behind, so the client may correct and upload them again.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/base/dates.h"
#include "common/base/status_macros.h"
#include "common/base/validate.h"
#include "common/server/tenant.h"
#include "visit/ids.h"
#include "visit/plan_ops.h"
#include "visit/visit_core.h"
#include "visit/visit_rules.h"

namespace shouhu::visit {
namespace {

pb::BatchItemResult Rejected(const std::string& field, const std::string& why) {
  pb::BatchItemResult r;
  r.set_outcome(pb::BATCH_OUTCOME_REJECTED);
  cpb::FieldViolation* v = r.add_violations();
  v->set_field(field);
  v->set_description(why);
  r.set_message(absl::StrCat(field, ": ", why));
  return r;
}

pb::BatchItemResult Rejected(const FieldErrors& e) {
  pb::BatchItemResult r;
  r.set_outcome(pb::BATCH_OUTCOME_REJECTED);
  for (const auto& [field, why] : e.violations()) {
    cpb::FieldViolation* v = r.add_violations();
    v->set_field(field);
    v->set_description(why);
  }
  r.set_message("invalid item: see the violations");
  return r;
}

// "slot_sequence: ..." -> ("<prefix>slot_sequence", "...").
pb::BatchItemResult RejectedFrom(const std::string& prefix, const std::string& reason) {
  std::pair<std::string, std::string> parts = absl::StrSplit(reason, absl::MaxSplits(": ", 1));
  return Rejected(absl::StrCat(prefix, parts.first), parts.second);
}

bool IsWorker(const Principal& p) { return p.HasAny({Role::kCaseworker, Role::kDepartmentHead}); }

}  // namespace

absl::StatusOr<std::string> VisitCore::AddConflict(db::Mutation& m, const Principal& p,
                                                   const pb::BatchItem& item,
                                                   const std::string& case_id,
                                                   const std::string& plan_id,
                                                   pb::ConflictReason reason) {
  pb::VisitConflict c;
  c.set_conflict_id(NewVisitId(*d_.ids, VisitIdKind::kConflict, p.procuratorate));
  c.set_client_id(item.client_id());
  c.set_case_id(case_id);
  c.set_plan_id(plan_id);
  c.set_reason(reason);
  *c.mutable_item() = item;
  *c.mutable_uploaded_by() = ActorOf(p);
  RETURN_IF_ERROR(
      repo_.InsertConflict(m.tx(), p.procuratorate, c, absl::ToUnixMillis(m.now()), p.department));
  RETURN_IF_ERROR(m.Audit("visit.conflict", "visit_conflict", c.conflict_id(), p.procuratorate,
                          absl::StrCat("{\"reason\":", reason, "}")));
  return c.conflict_id();
}

absl::StatusOr<pb::BatchItemResult> VisitCore::VisitItem(db::Mutation& m, const Principal& p,
                                                         const std::string& prefix,
                                                         const pb::BatchItem& item,
                                                         const Cases& cases) {
  const pb::RecordVisitRequest& v = item.visit();
  FieldErrors e;
  CheckVisit(e, prefix, v, ChinaDay(m.now()));
  if (!v.plan_id().empty() && v.base_plan_version() <= 0) {
    e.Add(prefix + "base_plan_version", "required for a planned visit: the plan version read");
  }
  if (!e.empty()) return Rejected(e);
  if (absl::Status t = CheckIdTenant(p, v.case_id(), "case_id"); !t.ok()) {
    return Rejected(prefix + "case_id", "a case of another procuratorate");
  }
  auto found = cases.find(v.case_id());
  if (found == cases.end() || !found->second.ok()) {
    const bool unknown = found != cases.end() && absl::IsNotFound(found->second.status());
    return Rejected(prefix + "case_id", unknown ? "no such case" : "the case could not be read");
  }
  const referral::v1::Case& c = *found->second;
  if (c.procuratorate_code() != p.procuratorate) {
    return Rejected(prefix + "case_id", "a case of another procuratorate");
  }
  std::optional<pb::VisitPlan> plan;
  if (!v.plan_id().empty()) {
    if (!CheckIdTenant(p, v.plan_id(), "plan_id").ok()) {
      return Rejected(prefix + "plan_id", "a plan of another procuratorate");
    }
    ASSIGN_OR_RETURN(plan, plans_.Get(m.tx(), v.plan_id(), true));
    if (!plan.has_value()) return Rejected(prefix + "plan_id", "no such plan");
    if (plan->case_id() != v.case_id()) {
      return Rejected(prefix + "plan_id", "the plan belongs to another case");
    }
    if (std::optional<pb::ConflictReason> reason =
            ConflictOf(*plan, v.slot_sequence(), v.base_plan_version())) {
      ASSIGN_OR_RETURN(std::string id, AddConflict(m, p, item, v.case_id(), v.plan_id(), *reason));
      pb::BatchItemResult r;
      r.set_outcome(pb::BATCH_OUTCOME_CONFLICT);
      r.set_conflict_id(id);
      r.set_message(
          absl::StrCat("kept for a person to resolve: ", pb::ConflictReason_Name(*reason)));
      return r;
    }
    if (std::optional<std::string> why =
            SlotRefusal(*plan, v.case_id(), v.slot_sequence(), ToCivilDay(v.visited_on()),
                        ChinaDay(m.now()), true)) {
      return RejectedFrom(prefix, *why);
    }
  }
  ASSIGN_OR_RETURN(pb::Visit stored,
                   Store(m, ActorOf(p), v, c, item.client_id(), plan, p.department));
  pb::BatchItemResult r;
  r.set_outcome(pb::BATCH_OUTCOME_CREATED);
  r.set_record_id(stored.visit_id());
  return r;
}

absl::StatusOr<pb::BatchItemResult> VisitCore::Item(db::Mutation& m, const Principal& p, int index,
                                                    const pb::BatchItem& item, const Cases& cases) {
  const std::string at = absl::StrCat("items[", index, "]");
  if (item.has_visit()) {
    if (!IsWorker(p)) {
      return Rejected(at + ".visit", "volunteers upload daily reports only");
    }
    return VisitItem(m, p, at + ".visit.", item, cases);
  }
  if (!item.has_report()) return Rejected(at, "a visit or a report required");
  if (reports_ == nullptr) return Rejected(at + ".report", "daily reports are not accepted here");
  ASSIGN_OR_RETURN(
      OfflineResult o,
      reports_->ApplyOfflineReport(m, p, item.report(), item.client_id(), at + ".report", false));
  pb::BatchItemResult r;
  r.set_outcome(o.outcome);
  r.set_message(o.message);
  for (cpb::FieldViolation& v : o.violations) *r.add_violations() = std::move(v);
  if (o.outcome == pb::BATCH_OUTCOME_CREATED) r.set_record_id(o.record_id);
  if (o.outcome == pb::BATCH_OUTCOME_CONFLICT) {
    ASSIGN_OR_RETURN(std::string id, AddConflict(m, p, item, o.case_id, "", o.conflict_reason));
    r.set_conflict_id(id);
  }
  return r;
}

absl::StatusOr<pb::UploadBatchResponse> VisitCore::UploadBatch(const Principal& p,
                                                               const pb::UploadBatchRequest& req) {
  FieldErrors e;
  CheckRequestId(e, req.request_id());
  if (req.items().empty() || req.items_size() > kMaxBatchItems) {
    e.Add("items", absl::StrCat("1-", kMaxBatchItems, " items"));
  }
  RETURN_IF_ERROR(e.ToStatus());
  const std::optional<ConcurrencyGate::Ticket> ticket =
      d_.batches != nullptr ? d_.batches->TryEnter(p.Name()) : std::nullopt;
  if (d_.batches != nullptr) {
    if (!ticket.has_value()) {
      return absl::ResourceExhaustedError(
          absl::StrCat("offline batches: at most ", d_.batches->per_key(), " of one uploader and ",
                       d_.batches->total(),
                       " in all run at once; upload again when the running one has "
                       "answered (the batch is idempotent by request_id and client ids)"));
    }
  }
  // The cases the visits name, asked once each before the transaction.
  Cases cases;
  for (const pb::BatchItem& item : req.items()) {
    const std::string& id = item.visit().case_id();
    if (!item.has_visit() || id.empty() || cases.count(id) > 0) continue;
    if (!CheckIdTenant(p, id, "case_id").ok()) continue;
    cases.emplace(id, d_.cases->GetCase(id));
  }
  return mutations_.Run<pb::UploadBatchResponse>(
      {.actor = p.Name(), .method = "UploadBatch", .request_id = req.request_id()}, req,
      [&](db::Mutation& m) -> absl::StatusOr<pb::UploadBatchResponse> {
        pb::UploadBatchResponse out;
        int counts[5] = {0, 0, 0, 0, 0};
        const std::string uploader = p.Name();
        for (int i = 0; i < req.items_size(); ++i) {
          const pb::BatchItem& item = req.items(i);
          pb::BatchItemResult r;
          if (!IsValidRequestId(item.client_id())) {
            r = Rejected(absl::StrCat("items[", i, "].client_id"),
                         "8-64 characters of [A-Za-z0-9_-], unique per uploader");
          } else {
            const std::string hash = ItemHash(item);
            ASSIGN_OR_RETURN(std::optional<StoredItem> stored,
                             repo_.GetItem(m.tx(), uploader, item.client_id()));
            const ReplayVerdict verdict =
                ClassifyReplay(stored.has_value() ? std::optional<std::string>(stored->payload_hash)
                                                  : std::nullopt,
                               hash);
            if (verdict == ReplayVerdict::kReplayed) {
              r.set_outcome(pb::BATCH_OUTCOME_REPLAYED);
              r.set_record_id(stored->record_id);
              r.set_conflict_id(stored->conflict_id);
              r.set_message("uploaded before; nothing changed");
            } else if (verdict == ReplayVerdict::kOtherPayload) {
              r = Rejected(absl::StrCat("items[", i, "].client_id"),
                           "this client id was uploaded before with other content");
            } else {
              repo_.Savepoint(m.tx());
              absl::StatusOr<pb::BatchItemResult> done = Item(m, p, i, item, cases);
              if (done.ok()) r = *std::move(done);
              const bool keep = done.ok() && (r.outcome() == pb::BATCH_OUTCOME_CREATED ||
                                              r.outcome() == pb::BATCH_OUTCOME_CONFLICT);
              if (!keep) {
                repo_.RollbackToSavepoint(m.tx());
                if (!done.ok()) {
                  if (absl::IsAborted(done.status()) || absl::IsUnavailable(done.status()) ||
                      absl::IsInternal(done.status()) || absl::IsDataLoss(done.status())) {
                    return done.status();
                  }
                  r = Rejected(absl::StrCat("items[", i, "]"),
                               std::string(done.status().message()));
                }
              } else {
                StoredItem s{.outcome = r.outcome(),
                             .record_id = r.record_id(),
                             .conflict_id = r.conflict_id(),
                             .payload_hash = hash};
                RETURN_IF_ERROR(repo_.InsertItem(m.tx(), uploader, item.client_id(),
                                                 p.procuratorate, s, absl::ToUnixMillis(m.now())));
              }
            }
          }
          r.set_client_id(item.client_id());
          ++counts[r.outcome() >= 0 && r.outcome() < 5 ? r.outcome() : 0];
          *out.add_results() = std::move(r);
        }
        RETURN_IF_ERROR(
            m.Audit("visit.batch", "visit_batch", m.request().request_id, p.procuratorate,
                    absl::StrCat("{\"items\":", req.items_size(), ",\"created\":", counts[1],
                                 ",\"replayed\":", counts[2], ",\"rejected\":", counts[3],
                                 ",\"conflicts\":", counts[4], "}")));
        return out;
      });
}

}  // namespace shouhu::visit
